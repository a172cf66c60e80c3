"""The Socket.IO transport: one connection per page session.

The browser connects to the ``WEBUI_SOCKETIO_NAMESPACE`` namespace with
``auth={"token": ..., "ack": n, "client": <page load id>, "resume": <token>, "tab": <tab id>}``
(``resume``: the token its tab had before a reload), is told
``attached`` (``{"token": ..., "events": n}``: the session's token, to use
from then on, and the number of the last event it applied),
receives ``commands`` batches and sends ``events`` messages
(``{"ack": n, "seq": m, "events": [...]}``) and file chunks as ``upload``
messages, each acknowledged with the bytes received so far. The number of
the last event applied rides on the next batch (``"applied"``), or comes
as ``events_applied`` (``{"ack": n}``) when no batch follows within
:data:`CONFIRM_AFTER` seconds; a client that asks for a Socket.IO
acknowledgement of an events message gets that number in it too. A refused message is answered
with ``webui_error`` (``{"message": ...}``); a tab whose session another tab
took over gets ``webui_taken_over`` and is disconnected.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import gevent
from flask import request
from flask import session as flask_session
from flask_socketio import ConnectionRefusedError as RefuseConnection
from flask_socketio import SocketIO

from .admission.broker import (
    Admission,
    Presented,
    Problem,
    Session,
    SessionBroker,
    problem_payload,
)
from .admission.refusals import AdmissionRefused, farewell
from .admission.tokens import BROWSER_KEY
from .exceptions import ProtocolError
from .protocol import commands_json, parse_ack, quote

logger = logging.getLogger("flask_webui")


#: Seconds a connection may stay open after its session ended.
CLOSE_GRACE = 2.0

#: Seconds after applying events that the browser is told so, if no batch
#: told it first. A submit's answer carries it: one WebSocket frame back
#: instead of two. Unconfirmed events only cost the browser a resend after a
#: reconnect (the session skips what it applied), so this need not be prompt.
CONFIRM_AFTER = 0.05


class SocketIOTransport:
    """Delivers one session's batches to one Socket.IO connection."""

    protocol = "websocket"

    def __init__(self, socketio: SocketIO, sid: str, namespace: str, client_id: str | None = None) -> None:
        self.socketio = socketio
        self.sid = sid
        self.namespace = namespace
        self.client_id = client_id
        self._prefix = "2" if namespace == "/" else f"2{namespace},"
        self._eio_sid: str | None = None
        #: The last event the session applied, and the last the browser was told of.
        self.applied = self.told = -1
        self._confirm = gevent.get_hub().loop.timer(CONFIRM_AFTER, ref=False)

    def deliver(self, payload: dict[str, Any]) -> None:
        self.told = self.applied
        if self._confirm.active:
            self._confirm.stop()
        self.send_packet(self._prefix + batch_event(payload, self.applied))

    def events_applied(self, number: int) -> None:
        """The session has applied every event up to ``number``: the browser
        hears it with the next batch, or on its own a moment later."""
        self.applied = number
        if number > self.told and not self._confirm.active:
            self._confirm.start(self._confirm_now)

    def _confirm_now(self) -> None:
        if self.applied > self.told:
            self.told = self.applied
            self.send("events_applied", {"ack": self.applied})

    def report_error(self, message: str) -> None:
        self.send("webui_error", problem_payload(message))

    def supersede(self) -> None:
        self.send("webui_taken_over", {"message": "this page is open in another tab"})
        self.socketio.server.disconnect(self.sid, namespace=self.namespace, ignore_queue=True)

    def send(self, event: str, data: Any) -> None:
        """Emit to this connection, which lives in this process: straight to
        its Engine.IO socket as a Socket.IO event packet (``2<ns>,[event,
        data]``), never through a message queue the app may have. Our data is
        JSON without binary parts, so python-socketio's per-emit encoder
        (binary search, room lookup, logging) is skipped: a broadcast reaches a
        thousand members at a fraction of the cost."""
        self.send_packet(self._prefix + json.dumps([event, data], separators=(",", ":")))

    def send_packet(self, packet: str) -> None:
        if self._eio_sid is None:
            self._eio_sid = self.socketio.server.manager.eio_sid_from_sid(self.sid, self.namespace)
            if self._eio_sid is None:
                return  # gone already
        self.socketio.server.eio.send(self._eio_sid, packet)

    def close(self) -> None:
        # The browser got close_session and disconnects itself; one that does
        # not (an old tab, a script) is let go a moment later, so a stopping
        # server does not wait for it.
        self._confirm.stop()
        gevent.spawn_later(CLOSE_GRACE, self._let_go)

    def _let_go(self) -> None:
        if self.socketio.server.manager.is_connected(self.sid, self.namespace):
            self.socketio.server.disconnect(self.sid, namespace=self.namespace, ignore_queue=True)


def batch_event(payload: dict[str, Any], applied: int) -> str:
    """The JSON of a ``commands`` event: the commands' JSON the outbox made
    when it sealed the batch (:func:`~flask_webui.engine.outbox.commands_json`),
    with the batch number and the last event applied around it — each batch
    is encoded once.

    >>> batch_event({"seq": 2, "commands": []}, 4)
    '["commands",{"seq":2,"commands":[],"applied":4}]'
    """
    if len(payload) != 2 or not isinstance(payload.get("seq"), int):  # a snapshot ("reset")
        return json.dumps(["commands", {**payload, "applied": applied}], separators=(",", ":"))
    commands = commands_json(payload["commands"])
    return f'["commands",{{"seq":{payload["seq"]},"commands":{commands},"applied":{applied}}}]'


class SocketIOConnections:
    """The Socket.IO connections of one app's pages, by sid: a thin adapter
    from Socket.IO's events to the :class:`~flask_webui.admission.broker.SessionBroker`.

    >>> connections = SocketIOConnections(broker, socketio, "/webui")  # doctest: +SKIP
    """

    def __init__(self, broker: SessionBroker, socketio: SocketIO, namespace: str) -> None:
        self.broker = broker
        self.socketio = socketio
        self.namespace = namespace
        self._connections: dict[str, tuple[Session, SocketIOTransport]] = {}
        #: Engine.IO sid of each page connection -> the browser id it was opened with.
        self.browsers: dict[str, str | None] = {}
        self._eio_sids: dict[str, str] = {}
        # The connect needs Flask's request context (the browser's cookie, its
        # login); the messages after it do not, so they skip Flask-SocketIO's
        # per-message request context and session cookie decoding.
        socketio.on_event("connect", self.on_connect, namespace=namespace)
        guard_message_decoding(socketio)
        socketio.server.on("upload", self.on_upload, namespace=namespace)
        socketio.server.on("disconnect", self.on_disconnect, namespace=namespace)
        socketio.server.on("events", self.on_events, namespace=namespace)

    def __len__(self) -> int:
        return len(self._connections)

    def session_of(self, sid: str) -> Session | None:
        """The session of the page connection ``sid``, if it has one."""
        entry = self._connections.get(sid)
        return None if entry is None else entry[0]

    def on_connect(self, auth: Any = None) -> None:
        sid: str = request.sid  # type: ignore[attr-defined]
        if sid in self._connections:  # an event the client named "connect"
            self._refuse_reserved(sid, "connect")
            return
        auth = auth if isinstance(auth, dict) else {}
        try:
            presented = Presented(auth.get("token"), auth.get("client"), parse_ack(auth.get("ack")),
                                  auth.get("resume"), via="a Socket.IO connection", tab=auth.get("tab"))
            admission = self.broker.admit(presented)
        except ProtocolError as error:
            logger.warning("refused a Socket.IO connection from %s: %s", request.remote_addr, error)
            raise RefuseConnection(str(error)) from None
        except AdmissionRefused as error:
            data = farewell(error)  # the page loads again by itself if it says so
            if data is None:
                raise RefuseConnection(str(error)) from None
            raise RefuseConnection(str(error), data) from None
        transport = SocketIOTransport(self.socketio, sid, self.namespace, admission.client_id)
        self._connections[sid] = (admission.session, transport)
        eio_sid = self.socketio.server.manager.eio_sid_from_sid(sid, self.namespace)
        if eio_sid is not None:
            self.browsers[eio_sid] = flask_session.get(BROWSER_KEY)
            self._eio_sids[sid] = eio_sid
        # After this handler returns the connection is confirmed; attach then,
        # so the first batch follows the confirmation.
        gevent.spawn(self._attach_if_connected, admission, transport)

    def _attach_if_connected(self, admission: Admission, transport: SocketIOTransport) -> None:
        if self._connections.get(transport.sid, (None, None))[1] is not transport:
            return
        transport.applied = transport.told = admission.session.last_event
        transport.send("attached", {"token": admission.token, "events": transport.applied,
                                    "tab": admission.tab})
        self.broker.attach(admission, transport)

    def on_disconnect(self, sid: str, reason: Any = None) -> None:
        if self.socketio.server.manager.is_connected(sid, self.namespace):
            # python-socketio marks a real disconnect first: this is an event
            # the client named "disconnect", which must not detach its session.
            self._refuse_reserved(sid, "disconnect")
            return
        entry = self._connections.pop(sid, None)
        self.browsers.pop(self._eio_sids.pop(sid, ""), None)
        if entry is not None:
            session, transport = entry
            session.detach(transport)

    def _refuse_reserved(self, sid: str, name: str) -> None:
        logger.warning("refused a client event named %r on connection %s: the name is reserved", name, sid)
        entry = self._connections.get(sid)
        if entry is not None:
            refusal = f"refused an event named {name!r}: that name is reserved"
            entry[1].report_error(Problem("malformed", refusal))

    def on_events(self, sid: str, data: Any = None) -> dict[str, Any] | None:
        """Apply a message; the acknowledgement names the last event applied."""
        entry = self._connections.get(sid)
        if entry is None:
            return None
        session, transport = entry
        applied = self.broker.apply_events(session, transport, data)
        transport.events_applied(applied)
        return {"ack": applied}

    def on_upload(self, sid: str, data: Any = None) -> dict[str, Any]:
        """Store one file chunk; the acknowledgement says how much arrived."""
        entry = self._connections.get(sid)
        if entry is None:
            return {"error": "not connected to a session"}
        return self.broker.store_chunk(entry[0], data)


def guard_message_decoding(socketio: SocketIO) -> None:
    """Drop a Socket.IO message that python-socketio cannot decode (broken
    JSON, JSON nested past the recursion limit, a packet with no data) with a
    short warning, instead of the library's traceback in the log."""
    engine = socketio.server.eio
    handle = engine.handlers.get("message")
    if handle is None or getattr(handle, "guarded", False):
        return

    def guarded(eio_sid: str, data: Any) -> Any:
        try:
            return handle(eio_sid, data)
        except (ValueError, TypeError, KeyError, IndexError, RecursionError) as error:
            logger.warning("dropped a malformed Socket.IO message from %s: %s: %s", eio_sid,
                           type(error).__name__, quote(str(error)))
            return None

    guarded.guarded = True  # type: ignore[attr-defined]
    engine.on("message", guarded)
