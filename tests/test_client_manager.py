"""The indexed client manager does what python-socketio's own does, step for
step, and a disconnect no longer looks through every room."""

from __future__ import annotations

import itertools
from typing import Any

import socketio
from hypothesis import given, settings
from hypothesis import strategies as st

from flask_webui.serving.room_index import RoomIndex, index_rooms

NAMESPACES = ["/", "/webui"]
ROOMS = ["a", "b", "c"]


def server_with(manager: socketio.Manager) -> socketio.Server:
    server = socketio.Server(client_manager=manager)
    ids = itertools.count()
    server.eio.generate_id = lambda: f"sid{next(ids)}"  # the same sids for both managers
    return server


def state(manager: socketio.Manager) -> dict[str, Any]:
    """All that the manager knows, comparable with ``==``."""
    rooms = {ns: {room: dict(members) for room, members in by_room.items()}
             for ns, by_room in manager.rooms.items()}
    sids = {(ns, sid) for ns, by_room in rooms.items() for members in by_room.values() for sid in members}
    return {"rooms": rooms, "callbacks": sorted(manager.callbacks),
            "pending_connect": manager.pending_connect, "pending_disconnect": manager.pending_disconnect,
            "rooms_of": {key: sorted(manager.get_rooms(key[1], key[0])) for key in sids}}


step = st.one_of(
    st.tuples(st.just("connect"), st.sampled_from(NAMESPACES)),
    st.tuples(st.just("enter"), st.integers(0, 9), st.sampled_from(ROOMS)),
    st.tuples(st.just("leave"), st.integers(0, 9), st.sampled_from(ROOMS)),
    st.tuples(st.just("close"), st.sampled_from(ROOMS), st.sampled_from(NAMESPACES)),
    st.tuples(st.just("ack"), st.integers(0, 9)),
    st.tuples(st.just("disconnect"), st.integers(0, 9)),
)


def apply(manager: socketio.Manager, connected: list[tuple[str, str]], op: tuple[Any, ...]) -> None:
    kind = op[0]
    if kind == "connect":
        sid = manager.connect(f"eio{len(connected)}", op[1])
        connected.append((op[1], sid))
        return
    if kind == "close":
        manager.close_room(op[1], op[2])
        return
    if not connected:
        return
    namespace, sid = connected[op[1] % len(connected)]
    if not manager.is_connected(sid, namespace):  # a server only does these while connected
        return
    if kind == "enter":
        manager.enter_room(sid, namespace, op[2])
    elif kind == "leave":
        manager.leave_room(sid, namespace, op[2])
    elif kind == "ack":
        manager._generate_ack_id(sid, lambda *args: None)
    elif kind == "disconnect":
        manager.pre_disconnect(sid, namespace)
        manager.disconnect(sid, namespace)


@settings(max_examples=200, deadline=None)
@given(st.lists(step, max_size=40))
def test_the_indexed_manager_keeps_the_same_rooms_as_python_socketio(ops):
    plain, indexed = socketio.Manager(), socketio.Manager()
    server_with(plain)
    server_with(indexed)
    for manager in (plain, indexed):  # indexed from a state with rooms in it
        manager.enter_room(manager.connect("eio-first", "/"), "/", "a")
    index_rooms(indexed)
    assert isinstance(indexed, RoomIndex)
    plain_connected: list[tuple[str, str]] = []
    indexed_connected: list[tuple[str, str]] = []
    for op in ops:
        apply(plain, plain_connected, op)
        apply(indexed, indexed_connected, op)
        assert state(indexed) == state(plain)


def test_a_disconnect_looks_only_at_the_rooms_of_its_client():
    manager = socketio.Manager()
    server_with(manager)
    index_rooms(manager)
    sids = [manager.connect(f"eio{n}", "/") for n in range(2000)]
    looked: list[str] = []

    class Counting(dict):  # a room that counts who asks it for a member
        def __contains__(self, sid: object) -> bool:
            looked.append(str(sid))
            return super().__contains__(sid)

    manager.rooms["/"] = {room: Counting(members) for room, members in manager.rooms["/"].items()}
    manager.pre_disconnect(sids[0], "/")
    manager.disconnect(sids[0], "/")
    assert len(looked) < 10
    assert not manager.is_connected(sids[0], "/") and sids[0] not in manager.rooms["/"]
