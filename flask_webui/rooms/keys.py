"""The Redis keys of the rooms of the apps on one channel name
(``WEBUI_ROOMS_CHANNEL``): the one scheme the bus and the emitter share.

>>> keys = RoomKeys("flask_webui")
>>> keys.messages, keys.members("lobby")
('flask_webui:messages', 'flask_webui:members:lobby')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RoomKeys:
    """Where each thing of the rooms lives in Redis, under ``channel``."""

    channel: str = "flask_webui"

    def _key(self, *parts: str) -> str:
        return ":".join((self.channel, *parts))

    @property
    def messages(self) -> str:
        """The pub/sub channel every worker reads."""
        return self._key("messages")

    @property
    def rooms(self) -> str:
        """The set of rooms that have members."""
        return self._key("rooms")

    def members(self, room: str) -> str:
        """The hash of ``room``'s members: member id -> its record (JSON)."""
        return self._key("members", room)

    def unique(self, room: str) -> str:
        """The hash of ``room``'s claimed unique values -> the member holding each."""
        return self._key("unique", room)

    def history(self, room: str) -> str:
        """The list of ``room``'s last messages."""
        return self._key("history", room)

    def worker(self, worker_id: str) -> str:
        """The heartbeat key of a worker; it expires when the worker dies."""
        return self._key("worker", worker_id)
