"""flask_webui's logger, ``logging.getLogger("flask_webui")``.

A line about a session carries its id, page and user as ``logging`` extras
(``webui_session``, ``webui_page``, ``webui_user``), so a JSON formatter
picks them up; no message is longer than :data:`MAX_MESSAGE` characters,
whatever client data it quotes; and no line carries a session token.

>>> session.log.warning("session %s: refused a click", session.id)  # doctest: +SKIP
>>> record.webui_page, record.webui_user                            # doctest: +SKIP
('bmi', 'ada')
"""

from __future__ import annotations

import logging
import time
from collections.abc import MutableMapping
from typing import Any

logger = logging.getLogger("flask_webui")

#: Characters a message keeps (its traceback, if any, is not counted).
MAX_MESSAGE = 2000


class BoundedMessages(logging.Filter):
    """Cuts a message to :data:`MAX_MESSAGE` characters, saying how long it was."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if len(message) > MAX_MESSAGE:
            record.msg = f"{message[:MAX_MESSAGE]}... ({len(message)} characters)"
            record.args = None
        return True


logger.addFilter(BoundedMessages())


class SessionLog(logging.LoggerAdapter):  # type: ignore[type-arg]
    """The logger, for lines about one session (see :attr:`Session.log`)."""

    def __init__(self, session_id: str, page: str | None, user: str | None) -> None:
        super().__init__(logger, {"webui_session": session_id, "webui_page": page, "webui_user": user})

    def process(self, msg: Any, kwargs: MutableMapping[str, Any]) -> tuple[Any, MutableMapping[str, Any]]:
        kwargs["extra"] = {**(self.extra or {}), **kwargs.get("extra", {})}
        return msg, kwargs


class EveryMinute:
    """A warning about something that can come in a flood (malformed messages
    from a message queue): said at most once a minute, with how many times
    it happened since.

    >>> malformed = EveryMinute("ignored malformed messages (%d since the last warning); the last: %s")
    >>> malformed.warn("not JSON")  # doctest: +SKIP
    """

    def __init__(self, message: str, interval: float = 60.0) -> None:
        self.message, self.interval = message, interval
        self._count = 0
        self._said_at = -interval

    def warn(self, detail: Any) -> None:
        self._count += 1
        now = time.monotonic()
        if now - self._said_at >= self.interval:
            logger.warning(self.message, self._count, detail)
            self._count, self._said_at = 0, now
