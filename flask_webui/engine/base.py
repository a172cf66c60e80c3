"""What every part of a session's code shares: its identity, its Flask app,
its limits and the parts it is made of. :class:`~.session.Session` is built
from this base and two mixins, each in a file of its own:
:class:`~.running.PageRunning` (page code) and
:class:`~.receiving.ReceivingEvents` (what the browser sends).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask

from .attachment import Attachment
from .callbacks import CallbackRegistry
from .logs import SessionLog
from .sending import CommandSender
from .tally import Tally
from .uploads import UploadStore
from .waits import EventWaits

#: The commands that tell the user page code failed: given the traceback to
#: show (``None``: show none). The output layer supplies it; the engine builds
#: no widgets.
ErrorNotice = Callable[[str | None], list[dict[str, Any]]]


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


class SessionBase:
    """The state the parts of a session share (set by ``Session.__init__``)."""

    id: str
    page: str | None
    user: str | None
    app: Flask
    target: Callable[[], Any]
    settings: SessionSettings
    environ: dict[str, Any]
    g: Any
    last_event: int
    last_activity: float
    uploads: UploadStore
    waits: EventWaits
    sender: CommandSender
    callbacks: CallbackRegistry
    attachment: Attachment
    tally: Tally
    _closed: bool
    _error_notice: ErrorNotice | None

    @property
    def log(self) -> SessionLog:
        """The logger, for lines about this session (its id, page and user as extras)."""
        return SessionLog(self.id, self.page, self.user)

    def closed(self) -> bool:
        """Whether the session has ended (PyWebIO's ``get_current_session().closed()``)."""
        return self._closed

    def close(self, reason: str = "closed", code: str = "closed",
              farewell: dict[str, Any] | None = None) -> None:
        raise NotImplementedError  # Session.close

    def _signal(self, signal: Any, **details: Any) -> None:
        if signal.receivers:  # most apps connect none: then this costs a check
            signal.send(self.app, session=self, **details)
