"""One page session: its lifecycle, its greenlets and their Flask context.

What a session does is split by concern: :mod:`.sending` (commands out,
back-pressure), :mod:`.attachment` (which tab, takeover, reconnect window),
:mod:`.waits` (tasks waiting for events, questions to the browser) and
:mod:`.callbacks`. This module ties them together.
"""

from __future__ import annotations

import inspect
import io
import itertools
import time
import traceback
from asyncio import CancelledError
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import gevent
from flask import Flask, has_request_context, request
from gevent.event import Event as GeventEvent

from .. import signals
from ..exceptions import SessionClosed
from ..protocol import ClientMessage, Command, Event, command
from .attachment import Attachment
from .callbacks import CallbackRegistry
from .context import TaskGreenlet, current_task
from .coroutines import run_coroutine
from .logs import SessionLog
from .outbox import Outbox
from .problems import Problem
from .sending import CommandSender, PendingCommand
from .transport import Transport
from .uploads import UploadStore
from .waits import EventWaits

#: What the page request's environ holds for that request alone: werkzeug's
#: Request object (its parsed headers, cookies, form), which a session kept
#: for its whole life.
REQUEST_ONLY = frozenset({"werkzeug.request", "wsgi.input"})

#: Seconds that page code is given to unwind when its session ends. Ample:
#: when 10,000 sessions end at once, the last page waits seconds for its turn.
UNWIND_GRACE = 10.0

#: The commands that tell the user page code failed: given the traceback to
#: show (``None``: show none). The output layer supplies it; the engine builds
#: no widgets.
ErrorNotice = Callable[[str | None], list[Command]]

T = TypeVar("T")

#: How far ahead of the next expected event a message may be numbered (a few
#: messages lost in a drop, re-sent); further is refused, not waited for.
MAX_EVENTS_AHEAD = 1000

__all__ = ["ErrorNotice", "PendingCommand", "Session", "SessionSettings"]


@dataclass(slots=True)
class SessionSettings:
    """Per-session limits, taken from the app's ``WEBUI_*`` settings."""

    reconnect_timeout: float = 30.0
    max_pending_commands: int = 10_000
    #: Bytes of JSON sent but not acknowledged before page code must wait.
    max_pending_bytes: int = 1024 * 1024
    max_queued_events: int = 64
    show_traceback: bool = False
    max_upload_size: int = 10 * 1024 * 1024
    #: Seconds to wait for the browser's answer to eval_js() or a pin read.
    answer_timeout: float = 60.0
    #: Commands kept to rebuild the page for a reloaded tab (0: reload starts afresh).
    resume_history: int = 10_000


def _call_page_code(function: Callable[..., Any], *args: Any) -> None:
    result = function(*args)
    if inspect.iscoroutine(result):  # an ``async def`` page or callback
        run_coroutine(current_task(), result)


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
        error_notice: ErrorNotice | None = None,
        user: str | None = None,
        page: str | None = None,
    ) -> None:
        self.id = session_id
        #: The endpoint of the page this session runs, if it is a registered page.
        self.page = page
        #: When the session started, and when its browser last sent an event (``time.time()``).
        self.started_at = self.last_activity = time.time()
        #: The user the page was opened by (Flask-Login's user id), if any.
        self.user = user
        self.app = app
        self.target = target
        self.settings = settings or SessionSettings()
        #: The WSGI environ page code sees as its request (it has no body).
        self.environ = {key: value for key, value in environ.items() if key not in REQUEST_ONLY}
        self.environ["wsgi.input"] = io.BytesIO(b"")
        #: Flask's ``g`` shared by every greenlet of this session.
        self.g = app.app_ctx_globals_class()
        #: Number of the last event from the browser applied (events count from 0).
        self.last_event = -1
        self.close_reason: str | None = None
        #: State of the public API (forms, pins, tables, ``local``), by owner,
        #: the way Flask keeps ``app.extensions``. See :meth:`state`.
        self.extensions: dict[str, Any] = {}
        #: Files on their way to the forms that asked for them.
        self.uploads = UploadStore(self.settings.max_upload_size)
        self.waits = EventWaits(self.settings.max_queued_events, before_block=self._flush_now)
        self.sender = CommandSender(self.settings.max_pending_commands, self.settings.resume_history,
                                    may_wait=lambda: isinstance(gevent.getcurrent(), TaskGreenlet),
                                    blocked=self.waits.delegating,
                                    max_pending_bytes=self.settings.max_pending_bytes,
                                    stuck_after=self.settings.reconnect_timeout,
                                    on_stuck=lambda: self.close("the browser stopped acknowledging",
                                                                "stalled"),
                                    on_sent=self._sent, on_replayed=self._replayed,
                                    on_acknowledged=self._acknowledged)
        self.callbacks = CallbackRegistry(self.spawn_task)
        self.attachment = Attachment(self.sender, self.settings.reconnect_timeout,
                                     on_gone=lambda why: self.close(why, "browser_gone"),
                                     on_released=self._released)
        self._error_notice = error_notice
        self._on_close = on_close
        self._ended: GeventEvent | None = None  # made when something waits for the end
        self._task_ids = itertools.count(1)
        self._tasks: set[TaskGreenlet] = set()
        self._deferred: list[Callable[[], Any]] = []
        self._started = False
        self._closed = False
        # While first_batch waits: set whenever page code may have come to wait for the browser.
        self._progress: GeventEvent | None = None

    @property
    def log(self) -> SessionLog:
        """The logger, for lines about this session (its id, page and user as extras)."""
        return SessionLog(self.id, self.page, self.user)

    @property
    def outbox(self) -> Outbox:
        return self.sender.outbox

    @property
    def transport(self) -> Transport | None:
        """The transport the session sends to now (``None`` while detached)."""
        return self.sender.transport

    @property
    def protocol(self) -> str | None:
        """The protocol of the transport last attached (see :class:`Transport`)."""
        return self.attachment.protocol

    def state(self, key: str, factory: Callable[[], T]) -> T:
        """The session's state for ``key``, made by ``factory()`` on first use.

        >>> pins = session.state("pins", dict)  # doctest: +SKIP
        """
        try:
            return self.extensions[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self.extensions[key] = factory()
            return value

    # -- lifecycle -----------------------------------------------------------

    def closed(self) -> bool:
        """Whether the session has ended (PyWebIO's ``get_current_session().closed()``)."""
        return self._closed

    def attach(self, transport: Transport, applied_batch: int | None = None) -> None:
        """Route this session's batches to ``transport`` (see
        :meth:`Attachment.attach`) and start the page function on first attach.

        :raises TakenOver: for a page load that a newer one took over.
        """
        if self._closed:
            self.attachment.attach_ended(transport, applied_batch)
            return
        self.attachment.attach(transport, applied_batch, self.waits.keeps)
        self._signal(signals.session_attached, transport=transport.protocol)
        self._start()

    def start_unattached(self) -> None:
        """Start the page function before any browser attaches (while its page
        request renders, see :meth:`first_batch`); the session ends if no
        browser comes within the reconnect window."""
        if not self._closed:
            self.attachment.await_first()
            self._start()

    def _start(self) -> None:
        if not self._started:
            self._started = True
            self.spawn_task(self._run_main, task_id="main")

    def first_batch(self, timeout: float) -> dict[str, Any] | None:
        """Let the page run until it waits for the user (or ends), at most
        ``timeout`` seconds, and return what it has sent so far as one batch
        (``{"seq": last batch, "commands": [...]}``) for the page request to
        carry; ``None`` if it sent nothing. What follows goes to the browser
        that attaches, as usual.

        >>> session.start_unattached(); session.first_batch(0.1)  # doctest: +SKIP
        {'seq': 1, 'commands': [...]}
        """
        deadline = time.monotonic() + timeout
        progress = self._progress = GeventEvent()
        try:
            while not (self._closed or self.is_idle()):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                progress.clear()
                progress.wait(left)
        finally:
            self._progress = None
        self._flush_now()
        batches = self.outbox.unacknowledged(0)
        if not batches:
            return None
        return {"seq": batches[-1]["seq"], "commands": [c for b in batches for c in b["commands"]]}

    def detach(self, transport: Transport) -> None:
        """The browser behind ``transport`` went away. The session waits
        ``reconnect_timeout`` seconds for it to come back, then ends."""
        if not self._closed and self.attachment.detach(transport):
            self._signal(signals.session_detached)

    def can_resume(self) -> bool:
        """Whether a reloaded tab can be shown this page as it is."""
        return not self._closed and self.sender.history.available

    def close(self, reason: str = "closed", code: str = "closed",
              farewell: dict[str, Any] | None = None) -> None:
        """End the session: tell the browser, wake every waiter with
        :class:`SessionClosed`, stop its greenlets, run deferred calls, free it.
        ``reason`` is said in the log, ``code`` (one of
        :data:`flask_webui.signals.END_REASONS`) to the ``session_ended`` signal,
        ``farewell`` to the browser with ``close_session`` (``{"message": ...,
        "reload": bool}``: what its page says, whether it reloads once the server is back)."""
        if self._closed:
            return
        self.sender.queue_now([command("close_session", farewell)])
        self.sender.flush()
        self._closed = True
        self.close_reason = reason
        self.waits.close()
        self.sender.stop()
        if self._ended is not None:
            self._ended.set()
        self._stop_tasks()
        self._run_deferred()
        if self.transport is not None:
            self.transport.close()
        self.callbacks.clear()
        self.uploads.clear()
        self.log.debug("session %s closed: %s", self.id, reason)
        self._signal(signals.session_ended, reason=code)
        self.attachment.end()

    def _stop_tasks(self) -> None:
        """Throw :class:`SessionClosed` into page code and give it
        :data:`UNWIND_GRACE` seconds to run its ``finally`` blocks, so that
        deferred calls come after them. The session ends either way: page code
        that is slower (or catches the exception) is left to finish alone."""
        me = gevent.getcurrent()
        others = [t for t in self._tasks if t is not me]
        gevent.killall(others, exception=SessionClosed, block=False)
        finished = gevent.joinall(others, timeout=UNWIND_GRACE)
        if len(finished) < len(others):
            self.log.warning("session %s: page code still running %s s after the session ended",
                             self.id, UNWIND_GRACE)

    def _released(self) -> None:
        if self._on_close is not None:
            self._on_close(self)

    def wait_closed(self, timeout: float | None = None) -> bool:
        """Block until the session has ended; ``False`` on timeout."""
        if self._closed:
            return True
        if self._ended is None:
            self._ended = GeventEvent()
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
                        self.log.exception("error in a deferred call of session %s", self.id)

        runner = TaskGreenlet(self, "deferred", run_all)
        runner.start()
        runner.join()

    # -- greenlets -----------------------------------------------------------

    def spawn_task(self, function: Callable[..., Any], *args: Any,
                   task_id: str | None = None) -> TaskGreenlet:
        """Run ``function(*args)`` as page code of this session in a new greenlet."""
        return self.spawn_raw_task(self._run_in_context, task_id or f"t{next(self._task_ids)}",
                                   function, *args)

    def spawn_raw_task(self, function: Callable[..., Any], task_id: str, *args: Any) -> TaskGreenlet:
        """A greenlet of this session (ended with it) that runs ``function(*args)``
        as it is: no Flask context, errors left to whoever links to it."""
        if self._closed:
            raise SessionClosed("the session has ended")
        task = TaskGreenlet(self, task_id, function, *args)
        self._tasks.add(task)
        task.link(self._task_ended)
        task.start()
        return task

    def _task_ended(self, task: TaskGreenlet) -> None:
        self._tasks.discard(task)
        self._made_progress()

    @contextmanager
    def flask_context(self) -> Iterator[None]:
        """The Flask app and request context page code runs in: ``g`` is shared
        by the session, the request is the one that opened the page. Already
        in it (a page coroutine runs in a copy of its task's context), it is
        not pushed again: the app's teardown functions run once."""
        if has_request_context() and request.environ is self.environ:
            yield
            return
        app_context = self.app.app_context()
        app_context.g = self.g
        with app_context, self.app.request_context(self.environ):
            yield

    def _run_in_context(self, function: Callable[..., Any], *args: Any) -> bool:
        """Run page code in the session's Flask context; ``False`` if it raised."""
        return self._guarded(self._in_flask_context, function, *args)

    def _in_flask_context(self, function: Callable[..., Any], *args: Any) -> None:
        with self.flask_context():
            _call_page_code(function, *args)

    def _guarded(self, function: Callable[..., Any], *args: Any) -> bool:
        """``function(*args)``; ``False`` if it raised (logged, and the user told)."""
        try:
            function(*args)
        except (SessionClosed, gevent.GreenletExit, CancelledError):
            pass
        except Exception:
            self.report_exception()
            return False
        return True

    def _run_main(self) -> None:
        # Already in the session's Flask context (spawn_task): the page
        # function runs in it, with no second with-block kept on this stack.
        ended = "returned" if self._guarded(_call_page_code, self.target) else "error"
        # Like PyWebIO's implicit hold(): background tasks and registered
        # callbacks keep the page alive.
        me = gevent.getcurrent()
        while not self._closed and not self.callbacks:
            others = [task for task in self._tasks if task is not me]
            if not others:
                why = "the page function returned" if ended == "returned" else "the page function raised"
                self.close(why, ended)
                return
            with self.waits.delegating():
                gevent.joinall(others)

    def report_exception(self) -> None:
        """Log the exception being handled as an error in page code, and show
        the user that something failed."""
        page = self.environ.get("PATH_INFO")
        self.log.exception("error in page code of session %s (%s)", self.id, page)
        self._signal(signals.page_error)
        if self._closed or self._error_notice is None:
            return
        details = traceback.format_exc() if self.settings.show_traceback else None
        self.sender.queue_now(self._error_notice(details))

    # -- signals (flask_webui.signals) --------------------------------------------

    def _signal(self, signal: Any, **details: Any) -> None:
        if signal.receivers:  # most apps connect none: then this costs a check
            signal.send(self.app, session=self, **details)

    def _sent(self, count: int) -> None:
        self._signal(signals.commands_sent, count=count)

    def _replayed(self, count: int) -> None:
        self._signal(signals.batches_replayed, count=count)

    def _acknowledged(self, seconds: float) -> None:
        self._signal(signals.batch_acknowledged, seconds=seconds)

    # -- commands out ----------------------------------------------------------

    def send(self, name: str, spec: Any = None, task_id: str | None = None) -> None:
        """Queue a command; it leaves with the next batch (when this greenlet
        yields)."""
        self.queue(command(name, spec, task_id))

    def send_now(self, commands: list[Command]) -> None:
        """Send ``commands`` as a batch at once, with whatever is queued before
        them (for code outside the session's greenlets, such as a room
        broadcast reaching a thousand members: no flush greenlet each)."""
        if self._closed:
            raise SessionClosed("the session has ended")
        self.sender.queue_now(commands, flush=True)

    def queue(self, entry: Command | PendingCommand) -> None:
        """Queue a command or a pending command (see :class:`PendingCommand`)."""
        if self._closed:
            raise SessionClosed("the session has ended")
        self.sender.queue(entry)

    def _flush_now(self) -> None:
        if not self._closed:
            self.sender.flush()
        self._made_progress()

    def _made_progress(self) -> None:
        if self._progress is not None:
            self._progress.set()

    # -- events in ---------------------------------------------------------------

    def acknowledge(self, batch_number: int) -> None:
        """The browser applied every batch up to ``batch_number``."""
        if self._closed:
            self.attachment.acknowledge_ended(batch_number)
        else:
            self.sender.acknowledge(batch_number)

    def skip_events(self, first: int, count: int) -> None:
        """Count ``count`` events from number ``first`` as applied without
        applying them (they were refused), so a sender that retries them
        stops. Numbers that do not follow those applied are left alone: a
        client cannot move the count ahead of what it sent."""
        if first <= self.last_event + 1:
            self.last_event = max(self.last_event, first + min(count, MAX_EVENTS_AHEAD) - 1)

    def receive(self, message: ClientMessage) -> list[str]:
        """Apply a validated message from the browser.

        Returns the problems found (an event for a callback never issued, a
        full queue); each has been logged and the rest of the message applied.
        """
        problems = self._receive(message)
        for problem in problems:
            self._signal(signals.event_refused, reason=getattr(problem, "code", "malformed"))
        return problems

    def _receive(self, message: ClientMessage) -> list[str]:
        problems: list[str] = []
        if message.applied_batch is not None:
            if message.applied_batch > self.outbox.last_batch:
                # Taken as truth, it would drop batches the browser never had.
                problems.append(Problem("out_of_order", f"refused an acknowledgement of batch "
                                        f"{message.applied_batch}: only {self.outbox.last_batch} were sent"))
            else:
                self.acknowledge(message.applied_batch)
        if self._closed:
            return [*problems, Problem("ended", "the session has ended")]
        events = message.events
        first = message.first_event
        if first is not None:
            # Numbered events: a message sent again after a drop is applied
            # once, and none is applied before those numbered ahead of it.
            if first > self.last_event + 1 + MAX_EVENTS_AHEAD:
                problems.append(Problem("out_of_order", f"refused events numbered from {first}: the next "
                                        f"expected is {self.last_event + 1}"))
                return problems
            if first > self.last_event + 1:
                self.log.info("session %s: waiting for events %d to %d before event %d", self.id,
                            self.last_event + 1, first - 1, first)
                return problems
            events = events[max(0, self.last_event + 1 - first):]
            self.last_event = max(self.last_event, first + len(message.events) - 1)
        for event in events:
            problem = self._dispatch(event)
            if problem:
                self.log.warning("session %s: %s", self.id, problem)
                problems.append(problem)
        if events:
            self.last_activity = time.time()
            self._signal(signals.events_received, count=len(events))
        return problems

    def _dispatch(self, event: Event) -> str | None:
        if event.name == "callback":
            return self.callbacks.run(event)
        return self.waits.route(event)

    def waiting_for(self, task_id: str) -> Any:
        """Accept events for ``task_id`` while the block runs (see
        :meth:`EventWaits.waiting_for`).

        >>> with session.waiting_for(task_id) as next_event:  # doctest: +SKIP
        ...     event = next_event()
        """
        if self._closed:
            raise SessionClosed("the session has ended")
        return self.waits.waiting_for(task_id)

    def request(self, name: str, spec: Any, timeout: float | None) -> Any:
        """Send command ``name`` and block until the browser answers it with a
        ``js_yield`` event; return the answer's data (see :meth:`EventWaits.ask`).

        :raises TimeoutError: when no answer came within ``timeout`` seconds.
        :raises SessionClosed: when the session ends first.
        """
        if self._closed:
            raise SessionClosed("the session has ended")
        return self.waits.ask(lambda task_id: self.send(name, spec, task_id), name, timeout)

    def register_callback(self, function: Callable[[Any], Any], decode: Callable[[Any], Any] | None = None,
                          serial: bool = False) -> str:
        """Register ``function`` for ``callback`` events and return its id (see
        :meth:`CallbackRegistry.register`)."""
        return self.callbacks.register(function, decode, serial)

    # -- introspection (used by the test client) ---------------------------------

    def delegating(self) -> Any:
        """Count a task as waiting while a helper greenlet works for it (a
        page coroutine awaiting ``input()``), so the page still counts as idle."""
        return self.waits.delegating()

    def is_idle(self) -> bool:
        """True when every greenlet of the session waits for the browser (or has
        finished) and nothing is left to send."""
        busy = sum(1 for t in self._tasks if not t.dead)
        return self.sender.idle and not self.callbacks.waiting and busy <= self.waits.blocked
