"""The Socket.IO transport: one connection per page session.

The browser connects to the ``WEBUI_SOCKETIO_NAMESPACE`` namespace with
``auth={"token": ..., "ack": n, "client": <page load id>, "resume": <token>}``
(``resume``: the token its tab had before a reload), is told
``attached`` (``{"token": ..., "events": n}``: the session's token, to use
from then on, and the number of the last event it applied),
receives ``commands`` batches and sends ``events`` messages
(``{"ack": n, "seq": m, "events": [...]}``, acknowledged with the number of
the last event applied) and file chunks as ``upload`` messages, each
acknowledged with the bytes received so far. A refused message is answered
with ``webui_error`` (``{"message": ...}``); a tab whose session another tab
took over gets ``webui_taken_over`` and is disconnected.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import gevent
from flask import request
from flask_socketio import ConnectionRefusedError as RefuseConnection
from flask_socketio import SocketIO

from .engine.session import Session
from .engine.uploads import UploadRefused
from .exceptions import ProtocolError, TakenOver, TokenError
from .protocol import parse_ack, parse_client_message, parse_upload_chunk

if TYPE_CHECKING:
    from .extension import FlaskWebUI

logger = logging.getLogger("flask_webui")


class SocketIOTransport:
    """Delivers one session's batches to one Socket.IO connection."""

    protocol = "websocket"

    def __init__(self, socketio: SocketIO, sid: str, namespace: str, client_id: str | None = None) -> None:
        self.socketio = socketio
        self.sid = sid
        self.namespace = namespace
        self.client_id = client_id

    def deliver(self, payload: dict[str, Any]) -> None:
        self.socketio.emit("commands", payload, to=self.sid, namespace=self.namespace)

    def report_error(self, message: str) -> None:
        self.socketio.emit("webui_error", {"message": message}, to=self.sid, namespace=self.namespace)

    def supersede(self) -> None:
        self.socketio.emit("webui_taken_over", {"message": "this page is open in another tab"},
                           to=self.sid, namespace=self.namespace)
        self.socketio.server.disconnect(self.sid, namespace=self.namespace)

    def close(self) -> None:
        # The browser got close_session and disconnects itself.
        pass


def register_socket_handlers(webui: FlaskWebUI, socketio: SocketIO, namespace: str) -> None:
    """Register the connect, disconnect and events handlers on ``socketio``."""
    connections: dict[str, tuple[Session, SocketIOTransport]] = {}

    def on_connect(auth: Any = None) -> None:
        auth = auth if isinstance(auth, dict) else {}
        token = auth.get("token")
        try:
            acked = parse_ack(auth.get("ack"))
            client = auth.get("client")
            if client is not None and (not isinstance(client, str) or len(client) > 64):
                raise ProtocolError("client must be a short string")
            resumed = webui.resumable(auth["resume"]) if auth.get("resume") and not acked else None
            if resumed is not None:
                token = auth["resume"]
            claim = webui.check_token(token)
        except (TokenError, ProtocolError) as error:
            logger.warning("refused a Socket.IO connection from %s: %s", request.remote_addr, error)
            raise RefuseConnection(str(error)) from None
        refused = webui.connect_refusal(claim)
        if refused is not None:
            logger.warning("refused a Socket.IO connection from %s to %s: %s", request.remote_addr,
                           claim.path, refused)
            raise RefuseConnection(refused)
        session = webui.registry.get(claim.session_id)
        if session is None and acked:
            # The browser applied batches of a session that is gone (expired,
            # server restarted): starting the page again would mix two runs.
            raise RefuseConnection("this page's session has ended; reload the page")
        if session is None:
            session = webui.open_session(claim, request.environ)
            if session is None:
                raise RefuseConnection("this page no longer exists; reload the page")
        transport = SocketIOTransport(socketio, request.sid, namespace, client)  # type: ignore[attr-defined]
        connections[transport.sid] = (session, transport)
        # After this handler returns the connection is confirmed; attach then,
        # so the first batch follows the confirmation.
        gevent.spawn(attach_if_connected, session, transport, acked, token)

    def attach_if_connected(session: Session, transport: SocketIOTransport, acked: int | None,
                            token: str) -> None:
        if connections.get(transport.sid, (None, None))[1] is not transport:
            return
        socketio.emit("attached", {"token": token, "events": session.events_applied},
                      to=transport.sid, namespace=namespace)
        try:
            session.attach(transport, acked)
        except TakenOver:
            logger.info("session %s: refused a tab that another tab took over", session.id)
            transport.supersede()

    def on_disconnect(reason: Any = None) -> None:
        entry = connections.pop(request.sid, None)  # type: ignore[attr-defined]
        if entry is not None:
            session, transport = entry
            session.detach(transport)

    def on_events(data: Any = None) -> dict[str, Any] | None:
        """Apply a message; the acknowledgement names the last event applied."""
        entry = connections.get(request.sid)  # type: ignore[attr-defined]
        if entry is None:
            return None
        session, transport = entry
        try:
            message = parse_client_message(data)
        except ProtocolError as error:
            logger.warning("session %s sent a malformed message: %s", session.id, error)
            transport.report_error(f"refused a malformed message: {error}")
            if isinstance(data, dict) and isinstance(data.get("events"), list):
                seq = data.get("seq")
                if isinstance(seq, int) and not isinstance(seq, bool) and seq >= 0:
                    session.skip_events(seq + len(data["events"]) - 1)
            return {"ack": session.events_applied}
        for problem in session.receive(message):
            transport.report_error(problem)
        return {"ack": session.events_applied}

    def on_upload(data: Any = None) -> dict[str, Any]:
        """Store one file chunk; the acknowledgement says how much arrived."""
        entry = connections.get(request.sid)  # type: ignore[attr-defined]
        if entry is None:
            return {"error": "not connected to a session"}
        session = entry[0]
        try:
            chunk = parse_upload_chunk(data)
            received = session.uploads.receive(chunk.task_id, chunk.name, chunk.upload_id,
                                               size=chunk.size, offset=chunk.offset, data=chunk.data)
        except (ProtocolError, UploadRefused) as error:
            logger.warning("session %s: refused an upload chunk: %s", session.id, error)
            return {"error": str(error)}
        return {"received": received}

    socketio.on_event("connect", on_connect, namespace=namespace)
    socketio.on_event("upload", on_upload, namespace=namespace)
    socketio.on_event("disconnect", on_disconnect, namespace=namespace)
    socketio.on_event("events", on_events, namespace=namespace)
