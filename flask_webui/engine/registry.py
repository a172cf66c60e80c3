"""The live sessions of one app."""

from __future__ import annotations

from collections.abc import Iterator

from .collector import Collector
from .session import Session
from .tally import Tally


class SessionRegistry:
    """Live sessions by id. A session removes itself when it closes.

    With a :class:`~.collector.Collector` (``WEBUI_GC_FREEZE``), the sessions
    it holds are kept out of the garbage collector's full collections.

    >>> registry = SessionRegistry()
    >>> len(registry)
    0
    """

    def __init__(self, collector: Collector | None = None) -> None:
        self._sessions: dict[str, Session] = {}
        self.collector = collector
        #: The round trips of its sessions (read by :mod:`flask_webui.metrics`).
        self.tally = Tally()
        self._epochs: dict[str, int] = {}  # each session's collector epoch

    def add(self, session: Session) -> Session:
        self._sessions[session.id] = session
        if self.collector is not None:
            self._epochs[session.id] = self.collector.opened()
        return session

    def get(self, session_id: str) -> Session | None:
        return self._sessions.get(session_id)

    def discard(self, session: Session) -> None:
        if self._sessions.get(session.id) is session:
            del self._sessions[session.id]
            epoch = self._epochs.pop(session.id, None)
            if epoch is not None and self.collector is not None:
                self.collector.ended(epoch)

    def __len__(self) -> int:
        return len(self._sessions)

    def __iter__(self) -> Iterator[Session]:
        return iter(list(self._sessions.values()))
