"""What the deployment tests ask the server about itself: whether the TCP
connection a request (or a Socket.IO connection) came on has TCP_NODELAY."""

from __future__ import annotations

import socket

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
