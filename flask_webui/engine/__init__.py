"""The session engine: one :class:`Session` per browser page, unaware of how
its commands travel (see :mod:`flask_webui.engine.transport`)."""

from .context import current_session, current_task, get_current_session
from .registry import SessionRegistry
from .session import Session
from .transport import Transport

__all__ = [
    "Session",
    "SessionRegistry",
    "Transport",
    "current_session",
    "current_task",
    "get_current_session",
]
