"""Disconnects that cost one client, not the whole namespace.

python-socketio's client manager finds the rooms of a client that
disconnects by looking in every room of its namespace, and every connection
has a room of its own (its sid). So each disconnect costs as much as there
are connections: 10,000 browsers gone at once (a network drop, a proxy
restart) took 10^8 steps, about 10 s of the worker's CPU, before a single
session could be told. :func:`index_rooms` gives a server's manager an index
of each client's rooms, kept as it enters and leaves them.

    >>> index_rooms(socketio.server.manager)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from socketio.base_manager import BaseManager

Key = tuple[str, str]  # (namespace, sid)


class RoomIndex:
    """A mixin for a python-socketio client manager (``Manager`` or a pub/sub
    one): the rooms of each client, by namespace and sid."""

    rooms: dict[str, dict[Any, Any]]
    callbacks: dict[str, Any]
    pending_connect: dict[str, list[str]]
    pending_disconnect: dict[str, list[str]]
    _rooms_of: dict[Key, set[Any]]

    def basic_enter_room(self, sid: str, namespace: str, room: Any, eio_sid: str | None = None) -> None:
        super().basic_enter_room(sid, namespace, room, eio_sid)  # type: ignore[misc]
        self._rooms_of.setdefault((namespace, sid), set()).add(room)

    def basic_leave_room(self, sid: str, namespace: str, room: Any) -> None:
        super().basic_leave_room(sid, namespace, room)  # type: ignore[misc]
        rooms = self._rooms_of.get((namespace, sid))
        if rooms is not None:
            rooms.discard(room)
            if not rooms:
                del self._rooms_of[(namespace, sid)]

    def get_rooms(self, sid: str, namespace: str) -> list[Any]:
        return [room for room in self._rooms_of.get((namespace, sid), ()) if room is not None]

    def basic_disconnect(self, sid: str, namespace: str, **kwargs: Any) -> None:
        # What BaseManager.basic_disconnect does, with the rooms from the index.
        for room in list(self._rooms_of.get((namespace, sid), ())):
            self.basic_leave_room(sid, namespace, room)
        self.callbacks.pop(sid, None)
        for pending in (self.pending_connect, self.pending_disconnect):
            waiting = pending.get(namespace)
            if waiting is not None and sid in waiting:
                waiting.remove(sid)
                if not waiting:
                    del pending[namespace]


def index_rooms(manager: BaseManager) -> None:
    """Make ``manager`` keep the index, from the rooms it has now on. Its
    class becomes a subclass with :class:`RoomIndex` mixed in; a manager that
    already has it, or that finds rooms in a way of its own, is left alone."""
    cls = type(manager)
    if isinstance(manager, RoomIndex) or cls.basic_disconnect is not BaseManager.basic_disconnect:
        return
    index: dict[Key, set[Any]] = {}
    for namespace, rooms in manager.rooms.items():
        for room, members in rooms.items():
            for sid in members:
                index.setdefault((namespace, sid), set()).add(room)
    manager._rooms_of = index  # type: ignore[attr-defined]
    manager.__class__ = type(f"Indexed{cls.__name__}", (RoomIndex, cls), {})
