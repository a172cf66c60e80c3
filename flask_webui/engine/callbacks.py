"""The callbacks a page registered (buttons, clickable toasts, pin changes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gevent.lock import Semaphore

from ..protocol import Event

#: Starts a greenlet of the session running ``function(*args)`` as page code.
Spawn = Callable[..., Any]


@dataclass(slots=True)
class _Callback:
    function: Callable[[Any], Any]
    decode: Callable[[Any], Any] | None
    #: Held while a serial-mode callback runs, so its clicks run in turn.
    lock: Semaphore | None = None


class CallbackRegistry:
    """Callbacks by id; each ``callback`` event runs one in a new greenlet.

    >>> callbacks = CallbackRegistry(spawn=lambda f, *args: f(*args))
    >>> callback_id = callbacks.register(print)
    >>> callbacks.run(Event("callback", callback_id, "hi"))
    hi
    """

    def __init__(self, spawn: Spawn) -> None:
        self._spawn = spawn
        self._callbacks: dict[str, _Callback] = {}
        self._ids = 0

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
            return f"refused a click on unknown callback {event.task_id!r}"
        value = event.data
        if callback.decode is not None:
            try:
                value = callback.decode(value)
            except (KeyError, ValueError, TypeError, IndexError):
                return f"refused a click with a value never offered: {event.data!r}"
        if callback.lock is None:
            self._spawn(callback.function, value)
        else:
            self._spawn(_in_turn, callback.lock, callback.function, value)
        return None

    def clear(self) -> None:
        self._callbacks.clear()

    def __len__(self) -> int:
        return len(self._callbacks)


def _in_turn(lock: Semaphore, function: Callable[[Any], Any], value: Any) -> Any:
    with lock:
        return function(value)
