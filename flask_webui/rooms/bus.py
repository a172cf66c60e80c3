"""Where room messages and presence live: what the room hub needs of a
message queue (:class:`RoomBus`) and the bus of one process
(:class:`LocalBus`); across workers, :class:`~.redis_bus.RedisBus`.

>>> bus = LocalBus()
>>> bus.start(print)
>>> bus.publish({"v": 1, "kind": "message"})
{'v': 1, 'kind': 'message'}
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

from ..exceptions import WebUIError

Deliver = Callable[[dict[str, Any]], None]


class RoomsUnavailable(WebUIError, ConnectionError):
    """The message queue does not answer: nothing was published."""


class NameTaken(WebUIError, ValueError):
    """``join(..., unique=key)``: another member of the room has that value."""


class RoomBus(Protocol):
    """What the room hub needs of a message queue."""

    worker_id: str

    def start(self, deliver: Deliver) -> None:
        """Hand every message published (by any worker) to ``deliver``, in order."""

    def publish(self, message: dict[str, Any]) -> None:
        """:raises RoomsUnavailable: when it cannot be published (never a silent loss)."""

    def add_member(self, room: str, record: dict[str, Any]) -> None:
        """:raises NameTaken: when ``record["unique"]`` is held by another live member."""

    def remove_member(self, room: str, record: dict[str, Any]) -> bool:
        """Whether the member was there (only then is its leave announced)."""

    def members(self, room: str) -> list[dict[str, Any]]:
        """The live members of ``room`` across every worker."""

    def remember(self, room: str, message: dict[str, Any], limit: int) -> None: ...

    def history(self, room: str, limit: int) -> list[dict[str, Any]]: ...

    def healthy(self) -> bool | None:
        """Whether the message queue answers (``None``: there is none)."""


class LocalBus:
    """Rooms inside one process: no message queue."""

    def __init__(self) -> None:
        self.worker_id = "local"
        self._deliver: Deliver | None = None
        self._members: dict[str, dict[str, dict[str, Any]]] = {}
        self._history: dict[str, deque[dict[str, Any]]] = {}

    def start(self, deliver: Deliver) -> None:
        self._deliver = deliver

    def publish(self, message: dict[str, Any]) -> None:
        assert self._deliver is not None, "start() the bus first"
        self._deliver(message)

    def add_member(self, room: str, record: dict[str, Any]) -> None:
        members = self._members.setdefault(room, {})
        unique = record.get("unique")
        if unique is not None and any(m.get("unique") == unique for m in members.values()):
            raise NameTaken(f"{unique.partition('=')[2]!r} is taken in room {room!r}")
        members[record["id"]] = record

    def remove_member(self, room: str, record: dict[str, Any]) -> bool:
        members = self._members.get(room, {})
        removed = members.pop(record["id"], None) is not None
        if not members:
            self._members.pop(room, None)
        return removed

    def members(self, room: str) -> list[dict[str, Any]]:
        return list(self._members.get(room, {}).values())

    def remember(self, room: str, message: dict[str, Any], limit: int) -> None:
        self._history.setdefault(room, deque(maxlen=limit)).append(message)

    def history(self, room: str, limit: int) -> list[dict[str, Any]]:
        return list(self._history.get(room, ()))[-limit:]

    def healthy(self) -> bool | None:
        return None  # no message queue to ask
