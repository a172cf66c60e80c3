"""What the tests ask the server about itself: whether the TCP connection a
request (or a Socket.IO connection) came on has TCP_NODELAY, its live
sessions, and a census of its live objects."""

from __future__ import annotations

import gc
import socket
from collections import Counter

import gevent
from flask import Flask, request
from flask_socketio import SocketIO

from flask_webui.serving.wsgi import connection_socket


def _nodelay() -> int:
    connection = connection_socket(request.environ)
    if connection is None:
        return -1
    return int(connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


def register_probes(app: Flask, socketio: SocketIO) -> None:
    @app.route("/_probe/nodelay")
    def nodelay_over_http() -> str:
        return str(_nodelay())

    @socketio.on("nodelay_probe")
    def nodelay_over_socketio() -> int:
        return _nodelay()


def register_session_probe(app: Flask, webui: object) -> None:
    @app.route("/_probe/sessions")
    def live_sessions() -> str:
        return str(len(webui.registry))  # type: ignore[attr-defined]


def register_poll_probe(app: Flask, webui: object) -> None:
    @app.route("/_probe/held-polls")
    def held_polls() -> str:
        sessions = list(webui.registry)  # type: ignore[attr-defined]
        return str(sum(getattr(session.transport, "held", 0) for session in sessions))


def register_census_probe(app: Flask) -> None:
    @app.route("/_probe/census")
    def census() -> dict[str, object]:
        """Live objects after a full collection: how many in all, and how many
        of each of flask_webui's own types (what a leak of sessions would show).
        Frozen objects (WEBUI_GC_FREEZE) are counted too: unfrozen for the walk."""
        gc.unfreeze()
        gc.collect()
        objects = gc.get_objects()
        gc.freeze()
        ours = Counter(type(item).__qualname__ for item in objects if _defined_by_us(type(item)))
        every = Counter(type(item).__qualname__ for item in objects)
        greenlets = sum(isinstance(item, gevent.Greenlet) for item in objects)
        return {"objects": len(objects), "ours": sum(ours.values()), "by_type": dict(ours),
                "most": dict(every.most_common(60)), "greenlets": greenlets}


def _defined_by_us(kind: type) -> bool:
    # Some types' __module__ is a descriptor, not a string.
    module = kind.__module__
    return isinstance(module, str) and module.startswith("flask_webui")


def register_collector_probe(app: Flask, webui: object) -> None:
    """``/_probe/collector/watch`` keeps a weak reference to every live
    session; ``/_probe/collector`` says how many of them are still alive and
    how many a full collection would walk (those not frozen)."""
    import weakref

    from flask_webui.engine.collector import collector

    watched: list[weakref.ref[object]] = []

    @app.route("/_probe/collector/watch")
    def watch() -> str:
        watched[:] = [weakref.ref(session) for session in webui.registry]  # type: ignore[attr-defined]
        return str(len(watched))

    @app.route("/_probe/collector")
    def collector_state() -> dict[str, object]:
        alive = [session for reference in watched if (session := reference()) is not None]
        tracked = {id(item) for item in gc.get_objects()}
        return {"alive": len(alive), "walked": sum(1 for session in alive if id(session) in tracked),
                "frozen": gc.get_freeze_count(), "reclaims": collector.reclaims,
                "installed": collector._timed in gc.callbacks}
