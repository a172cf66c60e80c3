"""The callbacks a page registered (buttons, clickable toasts, pin changes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gevent.lock import Semaphore

from ..protocol import Event, quote
from .problems import Problem

#: Starts a greenlet of the session running ``function(*args)`` as page code.
Spawn = Callable[..., Any]


@dataclass(slots=True)
class _Callback:
    function: Callable[[Any], Any]
    decode: Callable[[Any], Any] | None
    #: Held while a serial-mode callback runs, so its clicks run in turn.
    lock: Semaphore | None = None


#: Callback runs of one session at a time, and clicks waiting for a turn:
#: a click flood queues, then is refused; it never spawns thousands of greenlets.
MAX_RUNNING = 16
MAX_WAITING = 256


class CallbackRegistry:
    """Callbacks by id; each ``callback`` event runs one in a greenlet of its
    own, at most :data:`MAX_RUNNING` at once (the others wait their turn, in
    order, up to :data:`MAX_WAITING`).

    >>> import gevent
    >>> callbacks = CallbackRegistry(spawn=gevent.spawn)
    >>> callback_id = callbacks.register(print)
    >>> callbacks.run(Event("callback", callback_id, "hi")); gevent.sleep(0)
    hi
    """

    def __init__(self, spawn: Spawn) -> None:
        self._spawn = spawn
        self._callbacks: dict[str, _Callback] = {}
        self._ids = 0
        self._running = 0
        # A list, not a deque: an empty deque holds a 600-byte block, in every session.
        self._waiting: list[tuple[Any, ...]] = []

    def register(self, function: Callable[[Any], Any], decode: Callable[[Any], Any] | None = None,
                 serial: bool = False) -> str:
        """Register ``function`` and return its id.

        ``decode`` maps what the browser sends to the value the function gets;
        it raises ``KeyError``/``ValueError`` for values the server never offered.
        With ``serial`` the runs of this callback wait for each other, in the
        order the clicks came.
        """
        self._ids += 1
        callback_id = f"c{self._ids}"
        self._callbacks[callback_id] = _Callback(function, decode, Semaphore(1) if serial else None)
        return callback_id

    def run(self, event: Event) -> str | None:
        """Run the callback ``event`` names; the problem, if it was refused."""
        callback = self._callbacks.get(event.task_id)
        if callback is None:
            return Problem("unexpected", f"refused a click on unknown callback {event.task_id!r}")
        value = event.data
        if callback.decode is not None:
            try:
                value = callback.decode(value)
            except (KeyError, ValueError, TypeError, IndexError):
                return Problem("not_offered",
                               f"refused a click with a value never offered: {quote(event.data)}")
        call = (callback.function, value) if callback.lock is None else (_in_turn, callback.lock,
                                                                          callback.function, value)
        if self._running < MAX_RUNNING:
            self._start(call)
        elif len(self._waiting) < MAX_WAITING:
            self._waiting.append(call)
        else:
            return Problem("overflow",
                           f"refused a click: {MAX_WAITING} clicks already wait for their callbacks")
        return None

    def _start(self, call: tuple[Any, ...]) -> None:
        self._running += 1
        try:
            self._spawn(*call).link(self._finished)
        except BaseException:
            self._running -= 1
            raise

    def _finished(self, _greenlet: Any) -> None:
        self._running -= 1
        if self._waiting and self._callbacks:
            self._start(self._waiting.pop(0))

    @property
    def waiting(self) -> int:
        """Clicks waiting for a turn to run their callback."""
        return len(self._waiting)

    def clear(self) -> None:
        self._callbacks.clear()
        self._waiting.clear()

    def __len__(self) -> int:
        return len(self._callbacks)


def _in_turn(lock: Semaphore, function: Callable[[Any], Any], value: Any) -> Any:
    with lock:
        return function(value)
