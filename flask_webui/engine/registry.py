"""The live sessions of one app."""

from __future__ import annotations

from collections.abc import Iterator

from .session import Session


class SessionRegistry:
    """Live sessions by id. A session removes itself when it closes.

    >>> registry = SessionRegistry()
    >>> len(registry)
    0
    """

    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}

    def add(self, session: Session) -> Session:
        self._sessions[session.id] = session
        return session

    def get(self, session_id: str) -> Session | None:
        return self._sessions.get(session_id)

    def discard(self, session: Session) -> None:
        if self._sessions.get(session.id) is session:
            del self._sessions[session.id]

    def __len__(self) -> int:
        return len(self._sessions)

    def __iter__(self) -> Iterator[Session]:
        return iter(list(self._sessions.values()))
