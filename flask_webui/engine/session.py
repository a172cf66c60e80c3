"""One page session: its greenlets, its waits, its callbacks and its outbox."""

from __future__ import annotations

import inspect
import io
import itertools
import logging
import time
import traceback
from asyncio import CancelledError
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import gevent
from flask import Flask
from gevent.event import Event as GeventEvent
from gevent.lock import Semaphore
from gevent.queue import Empty

from ..exceptions import SessionClosed, TakenOver
from ..protocol import ClientMessage, Command, Event, command
from .context import TaskGreenlet, current_task
from .coroutines import run_coroutine
from .history import PageHistory
from .inbox import CLOSED, Inbox
from .outbox import Outbox
from .transport import Transport
from .uploads import UploadStore

logger = logging.getLogger("flask_webui")

#: Task ids of questions to the browser (:meth:`Session.request`) start with it.
QUESTION_PREFIX = "r"


class PendingCommand(Protocol):
    """A queued command built at flush time (an ``Output`` may be embedded in
    another widget before then, in which case it returns ``None``)."""

    def to_command(self) -> Command | None: ...


@dataclass(slots=True)
class SessionSettings:
    """Per-session limits, taken from the app's ``WEBUI_*`` settings."""

    reconnect_timeout: float = 30.0
    max_pending_commands: int = 10_000
    max_queued_events: int = 64
    show_traceback: bool = False
    max_upload_size: int = 10 * 1024 * 1024
    #: Seconds to wait for the browser's answer to eval_js() or a pin read.
    answer_timeout: float = 60.0
    #: Commands kept to rebuild the page for a reloaded tab (0: reload starts afresh).
    resume_history: int = 10_000


@dataclass(slots=True)
class _Callback:
    function: Callable[[Any], Any]
    decode: Callable[[Any], Any] | None
    #: Held while a serial-mode callback runs, so its clicks run in turn.
    lock: Semaphore | None = None


class Session:
    """The server side of one browser page.

    It runs the page function in a :class:`TaskGreenlet` inside a Flask app and
    request context, hands numbered batches of commands to whatever transport is
    attached, and routes validated events to the task waiting for them. It knows
    nothing about Socket.IO or HTTP.

    >>> session = Session("s1", app, page_function, environ)   # doctest: +SKIP
    >>> session.attach(transport)                               # doctest: +SKIP
    """

    def __init__(
        self,
        session_id: str,
        app: Flask,
        target: Callable[[], Any],
        environ: dict[str, Any],
        settings: SessionSettings | None = None,
        on_close: Callable[[Session], None] | None = None,
    ) -> None:
        self.id = session_id
        self.app = app
        self.target = target
        self.settings = settings or SessionSettings()
        #: The WSGI environ page code sees as its request (it has no body).
        self.environ = {**environ, "wsgi.input": io.BytesIO(b"")}
        #: Flask's ``g`` shared by every greenlet of this session.
        self.g = app.app_ctx_globals_class()
        self.outbox = Outbox()
        #: What a reloaded tab needs to show the page as it was.
        self.history = PageHistory(self.settings.resume_history)
        #: Number of the last event from the browser applied (events count from 0).
        self.events_applied = -1
        self.close_reason: str | None = None
        #: Per-session data behind ``flask_webui.session.local``.
        self.local_data: dict[str, Any] = {}
        #: Files on their way to the forms that asked for them.
        self.uploads = UploadStore(self.settings.max_upload_size)
        self._ended = GeventEvent()
        self._on_close = on_close
        self._ids = itertools.count(1)
        self._buffer: list[Command | PendingCommand] = []
        self._flush_scheduled = False
        self._room = GeventEvent()
        self._room.set()
        self._waiters: dict[str, Inbox] = {}
        self._waiting = 0
        self._callbacks: dict[str, _Callback] = {}
        self._tasks: set[TaskGreenlet] = set()
        self._deferred: list[Callable[[], Any]] = []
        self._transport: Transport | None = None
        #: Page loads (client ids) that a newer one took over; they may not come back.
        self._superseded: list[str] = []
        #: The protocol of the transport last attached (see :class:`Transport`).
        self.protocol: str | None = None
        self._expiry: gevent.Greenlet | None = None
        self._started = False
        self._closed = False
        self._released = False
        self._lingering: gevent.Greenlet | None = None

    # -- lifecycle -----------------------------------------------------------

    def closed(self) -> bool:
        """Whether the session has ended (PyWebIO's ``get_current_session().closed()``)."""
        return self._closed

    def attach(self, transport: Transport, acked: int | None = None) -> None:
        """Route this session's batches to ``transport`` and start the page
        function on first attach.

        The browser gets what it lacks: the batches after ``acked``, or, when
        it has lost batches it had applied (the tab was reloaded), a snapshot
        that rebuilds the page. A transport of another page load (another
        ``client_id``) takes the session over: the one before is told.

        :raises TakenOver: for a page load that a newer one took over.
        """
        if self._closed:
            # The end of the page, sent again, or at least its close_session.
            self._transport = transport
            if acked is not None:
                self.outbox.acknowledge(acked)
            ending = self.outbox.unacknowledged(acked) or [self.outbox.seal([command("close_session")])]
            for payload in ending:
                transport.deliver(payload)
            return
        client = transport.client_id
        if client is not None and client in self._superseded:
            raise TakenOver("this page is open in another tab")
        if self._expiry is not None:
            self._expiry.kill(block=False)
            self._expiry = None
        previous, self._transport = self._transport, transport
        if previous is not None and previous is not transport and previous.client_id != client:
            if previous.client_id is not None:
                self._superseded = [*self._superseded[-15:], previous.client_id]
            previous.supersede()
        self.protocol = transport.protocol
        if acked is not None and acked < self.outbox.acked_seq:
            transport.deliver(self._snapshot())
        else:
            if acked is not None:
                self.acknowledge(acked)
            for payload in self.outbox.unacknowledged(acked):
                transport.deliver(payload)
        if not self._started:
            self._started = True
            self.spawn_task(self._run_main, task_id="main")

    @property
    def transport(self) -> Transport | None:
        """The transport the session sends to now (``None`` while detached)."""
        return self._transport

    def skip_events(self, last: int) -> None:
        """Count events up to number ``last`` as applied without applying them
        (they were refused), so a sender that retries them stops."""
        self.events_applied = max(self.events_applied, last)

    def can_resume(self) -> bool:
        """Whether a reloaded tab can be shown this page as it is."""
        return not self._closed and self.history.available

    def _snapshot(self) -> dict[str, Any]:
        # Questions to the browser go again only while page code still waits.
        def keep(task_id: str | None) -> bool:
            return not (task_id or "").startswith(QUESTION_PREFIX) or task_id in self._waiters

        return {"seq": self.outbox.last_seq, "commands": self.history.snapshot(keep), "reset": True}

    def detach(self, transport: Transport) -> None:
        """The browser behind ``transport`` went away. The session waits
        ``reconnect_timeout`` seconds for it to come back, then ends."""
        if self._transport is not transport or self._closed:
            return
        self._transport = None
        self._expiry = gevent.spawn_later(
            self.settings.reconnect_timeout, self.close, "the browser did not come back"
        )

    def close(self, reason: str = "closed") -> None:
        """End the session: tell the browser, wake every waiter with
        :class:`SessionClosed`, stop its greenlets, run deferred calls, free it."""
        if self._closed:
            return
        self._buffer.append(command("close_session"))
        self._flush()
        self._closed = True
        self.close_reason = reason
        for inbox in self._waiters.values():
            inbox.close()
        self._room.set()
        self._ended.set()
        me = gevent.getcurrent()
        others = [t for t in self._tasks if t is not me]
        # Let page code unwind (its finally blocks) before deferred calls run.
        gevent.killall(others, exception=SessionClosed, block=True, timeout=2)
        if self._expiry is not None and self._expiry is not me:
            self._expiry.kill(block=False)
        self._run_deferred()
        if self._transport is not None:
            self._transport.close()
        self._callbacks.clear()
        self.uploads.clear()
        self._buffer.clear()
        self.history.clear()
        logger.debug("session %s closed: %s", self.id, reason)
        if self.outbox.unacked_commands and self._transport is not None:
            # The browser has yet to get the last batches (a drop): they wait
            # for it as long as it may take to come back.
            self._lingering = gevent.spawn_later(self.settings.reconnect_timeout, self._release)
        else:
            self._release()

    def _release(self) -> None:
        """Forget the ended session (the browser has all it was sent, or is gone)."""
        if self._released:
            return
        self._released = True
        if self._lingering is not None and self._lingering is not gevent.getcurrent():
            self._lingering.kill(block=False)
        self.outbox.clear()
        if self._on_close is not None:
            self._on_close(self)

    def wait_closed(self, timeout: float | None = None) -> bool:
        """Block until the session has ended; ``False`` on timeout."""
        return bool(self._ended.wait(timeout))

    def defer_call(self, function: Callable[[], Any]) -> None:
        """Run ``function`` when the session ends, however it ends."""
        self._deferred.append(function)

    def _run_deferred(self) -> None:
        deferred, self._deferred = self._deferred, []
        if not deferred:
            return

        def run_all() -> None:
            # As page code of the session (``local`` and ``g`` still work), in order.
            with self.flask_context():
                for function in reversed(deferred):
                    try:
                        function()
                    except Exception:
                        logger.exception("error in a deferred call of session %s", self.id)

        runner = TaskGreenlet(self, "deferred", run_all)
        runner.start()
        runner.join()

    # -- greenlets -----------------------------------------------------------

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids)}"

    def spawn_task(self, function: Callable[..., Any], *args: Any,
                   task_id: str | None = None) -> TaskGreenlet:
        """Run ``function(*args)`` as page code of this session in a new greenlet."""
        return self.spawn_raw_task(lambda: self._run_in_context(function, *args), task_id or self.new_id("t"))

    def spawn_raw_task(self, function: Callable[[], Any], task_id: str) -> TaskGreenlet:
        """A greenlet of this session (ended with it) that runs ``function()``
        as it is: no Flask context, errors left to whoever links to it."""
        if self._closed:
            raise SessionClosed("the session has ended")
        task = TaskGreenlet(self, task_id, function)
        self._tasks.add(task)
        task.link(self._tasks.discard)
        task.start()
        return task

    @contextmanager
    def flask_context(self) -> Iterator[None]:
        """The Flask app and request context page code runs in: ``g`` is shared
        by the session, the request is the one that opened the page."""
        app_context = self.app.app_context()
        app_context.g = self.g
        with app_context, self.app.request_context(self.environ):
            yield

    def _run_in_context(self, function: Callable[..., Any], *args: Any) -> None:
        try:
            with self.flask_context():
                result = function(*args)
                if inspect.iscoroutine(result):  # an ``async def`` page or callback
                    run_coroutine(current_task(), result)
        except (SessionClosed, gevent.GreenletExit, CancelledError):
            pass
        except Exception:
            self._report_exception()

    def _run_main(self) -> None:
        self._run_in_context(self.target)
        # Like PyWebIO's implicit hold(): background tasks and registered
        # callbacks keep the page alive.
        me = gevent.getcurrent()
        while not self._closed and not self._callbacks:
            others = [task for task in self._tasks if task is not me]
            if not others:
                self.close("the page function returned")
                return
            with self.delegating():
                gevent.joinall(others)

    def _report_exception(self) -> None:
        page = self.environ.get("PATH_INFO")
        logger.exception("error in page code of session %s (%s)", self.id, page)
        if self._closed:
            return
        self._buffer.append(command("toast", {
            "content": "An error occurred in this page; it has been logged.",
            "duration": 4000, "position": "center", "color": "#dc3545", "callback_id": None,
        }))
        if self.settings.show_traceback:
            self._buffer.append(command("popup", {
                "title": "Error in page code",
                "content": [{"type": "text", "content": traceback.format_exc(), "inline": False}],
                "size": "large", "implicit_close": True, "closable": True,
            }))
        self._schedule_flush()

    # -- commands out ----------------------------------------------------------

    def send(self, name: str, spec: Any = None, task_id: str | None = None) -> None:
        """Queue a command; it leaves with the next batch (when this greenlet
        yields)."""
        self.queue(command(name, spec, task_id))

    def queue(self, entry: Command | PendingCommand) -> None:
        """Queue a command or a pending command (see :class:`PendingCommand`)."""
        if self._closed:
            raise SessionClosed("the session has ended")
        self._wait_for_room()
        self._buffer.append(entry)
        self._schedule_flush()

    def _wait_for_room(self) -> None:
        # Back-pressure: page code that outruns the browser waits for acks.
        limit = self.settings.max_pending_commands
        if self.outbox.unacked_commands + len(self._buffer) < limit:
            return
        if not isinstance(gevent.getcurrent(), TaskGreenlet):
            return
        self._room.clear()
        self._schedule_flush()
        self._waiting += 1
        try:
            self._room.wait()
        finally:
            self._waiting -= 1
        if self._closed:
            raise SessionClosed("the session has ended")

    def _schedule_flush(self) -> None:
        # Commands queued before the greenlet yields travel as one batch, and a
        # widget can still be embedded in another until then.
        if not self._flush_scheduled:
            self._flush_scheduled = True
            gevent.spawn_raw(self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        if self._closed or not self._buffer:
            return
        entries, self._buffer = self._buffer, []
        commands = []
        for entry in entries:
            built = entry if isinstance(entry, dict) else entry.to_command()
            if built is not None:
                commands.append(built)
        if not commands:
            return
        payload = self.outbox.seal(commands)
        self.history.record(commands)
        if self._transport is not None:
            self._transport.deliver(payload)

    # -- events in ---------------------------------------------------------------

    def acknowledge(self, seq: int) -> None:
        self.outbox.acknowledge(seq)
        if self.outbox.unacked_commands < self.settings.max_pending_commands:
            self._room.set()
        if self._closed and not self.outbox.unacked_commands:
            self._release()

    def receive(self, message: ClientMessage) -> list[str]:
        """Apply a validated message from the browser.

        Returns the problems found (an event for a callback never issued, a
        full queue); each has been logged and the rest of the message applied.
        """
        if message.ack is not None:
            self.acknowledge(message.ack)
        if self._closed:
            return ["the session has ended"]
        problems: list[str] = []
        events = message.events
        if message.seq is not None:
            # Numbered events: a message sent again after a drop is applied
            # once, and none is applied before those numbered ahead of it.
            if message.seq > self.events_applied + 1:
                logger.info("session %s: waiting for events %d to %d before event %d", self.id,
                            self.events_applied + 1, message.seq - 1, message.seq)
                return problems
            events = events[max(0, self.events_applied + 1 - message.seq):]
            self.events_applied = max(self.events_applied, message.seq + len(message.events) - 1)
        for event in events:
            problem = self._dispatch(event)
            if problem:
                logger.warning("session %s: %s", self.id, problem)
                problems.append(problem)
        return problems

    def _dispatch(self, event: Event) -> str | None:
        if event.name == "callback":
            return self._run_callback(event)
        inbox = self._waiters.get(event.task_id)
        if inbox is None:
            return f"ignored {event.name} for task {event.task_id!r}: nothing waits for it"
        if not inbox.put(event):
            return f"dropped {event.name} for task {event.task_id!r}: too many queued events"
        return None

    @contextmanager
    def waiting_for(self, task_id: str) -> Iterator[Callable[..., Event]]:
        """Accept events for ``task_id`` while the block runs.

        Yields a ``get(timeout=None)`` function returning the next event.

        >>> with session.waiting_for(task_id) as next_event:  # doctest: +SKIP
        ...     event = next_event()
        """
        if self._closed:
            raise SessionClosed("the session has ended")
        inbox = Inbox(self.settings.max_queued_events)
        self._waiters[task_id] = inbox

        def next_event(timeout: float | None = None) -> Event:
            # About to block: send what is queued now rather than in a
            # separate flush greenlet (one switch less on every round trip).
            self._flush()
            self._waiting += 1
            try:
                item = inbox.get(timeout=timeout)
            finally:
                self._waiting -= 1
            if item is CLOSED:
                raise SessionClosed("the session has ended")
            return item

        try:
            yield next_event
        finally:
            if self._waiters.get(task_id) is inbox:
                del self._waiters[task_id]

    def request(self, name: str, spec: Any, timeout: float | None) -> Any:
        """Send command ``name`` and block until the browser answers it with a
        ``js_yield`` event; return the answer's data.

        The command goes out under a fresh task id that the answer must echo (a
        correlation id), so concurrent requests each get their own answer; an
        answer that comes after ``timeout`` finds nothing waiting and is dropped
        with a logged warning.

        :raises TimeoutError: when no answer came within ``timeout`` seconds.
        :raises SessionClosed: when the session ends first.
        """
        correlation_id = self.new_id(QUESTION_PREFIX)
        with self.waiting_for(correlation_id) as next_event:
            self.send(name, spec, correlation_id)
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                try:
                    event = next_event(left)
                except Empty:
                    raise TimeoutError(f"the browser did not answer {name!r} within {timeout} s") from None
                if event.name == "js_yield":
                    return event.data
                logger.warning("session %s: ignored %s sent as the answer to %s", self.id, event.name, name)

    # -- callbacks ---------------------------------------------------------------

    def register_callback(
        self, function: Callable[[Any], Any], decode: Callable[[Any], Any] | None = None,
        serial: bool = False,
    ) -> str:
        """Register ``function`` for ``callback`` events and return its id.

        ``decode`` maps what the browser sends to the value the function gets;
        it raises ``KeyError``/``ValueError`` for values the server never offered.
        Each event runs ``function`` in a new greenlet; with ``serial`` the runs
        of this callback wait for each other, in the order the clicks came.
        """
        callback_id = self.new_id("c")
        self._callbacks[callback_id] = _Callback(function, decode, Semaphore(1) if serial else None)
        return callback_id

    def _run_callback(self, event: Event) -> str | None:
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
            self.spawn_task(callback.function, value)
        else:
            self.spawn_task(_in_turn, callback.lock, callback.function, value)
        return None

    # -- introspection (used by the test client) ---------------------------------

    @contextmanager
    def delegating(self) -> Iterator[None]:
        """Count a task as waiting while a helper greenlet works for it (a
        page coroutine awaiting ``input()``), so the page still counts as idle."""
        self._waiting += 1
        try:
            yield
        finally:
            self._waiting -= 1

    def is_idle(self) -> bool:
        """True when every greenlet of the session waits for the browser (or has
        finished) and nothing is left to send."""
        busy = sum(1 for t in self._tasks if not t.dead)
        return not self._buffer and not self._flush_scheduled and busy <= self._waiting


def _in_turn(lock: Semaphore, function: Callable[[Any], Any], value: Any) -> Any:
    with lock:
        return function(value)
