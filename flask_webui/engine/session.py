"""One page session: its lifecycle, and the commands it sends.

What a session does is split by concern: :mod:`.running` (its greenlets,
their Flask context, deferred calls), :mod:`.receiving` (what the browser
sends), :mod:`.sending` (commands out, back-pressure), :mod:`.attachment`
(which tab, takeover, reconnect window), :mod:`.waits` (tasks waiting for
events, questions to the browser) and :mod:`.callbacks`. This module ties
them together.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask
from gevent.event import Event as GeventEvent

from .. import signals
from ..exceptions import SessionClosed
from ..protocol import Command, command
from .attachment import Attachment
from .base import ErrorNotice, SessionSettings
from .callbacks import CallbackRegistry
from .outbox import Outbox
from .receiving import ReceivingEvents
from .running import PageRunning
from .sending import CommandSender, PendingCommand
from .tally import Tally
from .tasks import in_task
from .transport import Transport
from .uploads import UploadStore
from .waits import EventWaits

#: What the page request's environ holds for that request alone: werkzeug's
#: Request object (its parsed headers, cookies, form), which a session kept
#: for its whole life.
REQUEST_ONLY = frozenset({"werkzeug.request", "wsgi.input"})

T = TypeVar("T")

__all__ = ["ErrorNotice", "PendingCommand", "Session", "SessionSettings"]


class Session(PageRunning, ReceivingEvents):
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
        tally: Tally | None = None,
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
        #: Where its round trips are counted (its app's, shared by every session of it).
        self.tally = tally if tally is not None else Tally()
        #: Files on their way to the forms that asked for them.
        self.uploads = UploadStore(self.settings.max_upload_size)
        self.waits = EventWaits(self.settings.max_queued_events, before_block=self._flush_now)
        self.sender = CommandSender(self.settings.max_pending_commands, self.settings.resume_history,
                                    may_wait=in_task,
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
        self._closed = False
        self._init_running()

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

    # -- signals (flask_webui.signals) --------------------------------------------

    def _sent(self, count: int) -> None:
        self.tally.commands += count
        self._signal(signals.commands_sent, count=count)

    def _replayed(self, count: int) -> None:
        self._signal(signals.batches_replayed, count=count)

    def _acknowledged(self, seconds: float) -> None:
        self.tally.acknowledged(seconds)
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

    # -- waiting for the browser -------------------------------------------------

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
