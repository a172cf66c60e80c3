"""An in-process Socket.IO connection to the app's own server: what leaves
the process is replaced, nothing else.

A real Engine.IO socket is registered in the app's Engine.IO server, as a
WebSocket upgrade would register it, and the test client's packets go in
through it: python-socketio decodes them and runs the real handlers of
:mod:`flask_webui.socket_events`, in greenlets, with the request context
Flask-SocketIO builds. What the server sends lands in the socket's queue
instead of on a wire, and is read from there.

>>> link = SocketIOLink(socketio, "/webui", environ)    # doctest: +SKIP
>>> sid = link.connect({"token": token})               # doctest: +SKIP
>>> link.emit("events", {"ack": 1, "events": []})      # doctest: +SKIP
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from engineio import packet as eio_packet
from engineio.socket import Socket
from flask_socketio import SocketIO
from gevent.queue import Empty
from socketio import packet as sio_packet

#: (event name, data) of a Socket.IO event the server sent.
OnEvent = Callable[[str, Any], None]


class ConnectionRefused(Exception):
    """The server refused the connection; ``data`` is what it said beyond the message."""

    def __init__(self, message: str, data: Any = None) -> None:
        super().__init__(message)
        self.data = data


class SocketIOLink:
    """One Socket.IO connection, as a browser tab holds it, to ``namespace``
    of ``socketio``'s server; ``environ`` is the WSGI environ of its
    handshake request (the browser's cookies and headers)."""

    def __init__(self, socketio: SocketIO, namespace: str, environ: dict[str, Any]) -> None:
        self.server = socketio.server
        self.engine = socketio.server.eio
        self.namespace = namespace
        self.environ = environ
        #: The Socket.IO sid, once connected.
        self.sid: str | None = None
        self.closed = False
        #: Ack ids sent and not yet answered.
        self.pending: set[int] = set()
        #: The answers of the ids :meth:`wait_answer` waits for.
        self._awaited: dict[int, Any] = {}
        self._ids = itertools.count(1)
        self._eio_sid = self.engine.generate_id()
        self._socket = Socket(self.engine, self._eio_sid)

    # -- going in ---------------------------------------------------------------

    def connect(self, auth: dict[str, Any], on_event: OnEvent, timeout: float = 5.0) -> str:
        """Open the connection with ``auth`` and return its sid; events that
        arrive meanwhile go to ``on_event``.

        :raises ConnectionRefused: when the server refuses it.
        """
        self.engine.sockets[self._eio_sid] = self._socket
        self._socket.connected = self._socket.upgraded = True  # a WebSocket from the start
        if self.engine._trigger_event("connect", self._eio_sid, self.environ, run_async=False) is False:
            self._drop()
            raise ConnectionRefused("the server refused the connection")
        self._socket.schedule_ping()
        self._send(sio_packet.Packet(sio_packet.CONNECT, data=auth, namespace=self.namespace))
        while self.sid is None:
            self.pump(on_event, timeout)
        return self.sid

    def emit(self, event: str, data: Any) -> int:
        """Send event ``event`` with ``data``, asking for the server's
        acknowledgement; return its id (see :meth:`wait_answer`)."""
        ack_id = next(self._ids)
        self.pending.add(ack_id)
        self._send(sio_packet.Packet(sio_packet.EVENT, data=[event, data], namespace=self.namespace,
                                     id=ack_id))
        return ack_id

    def wait_answer(self, ack_id: int, on_event: OnEvent, timeout: float = 5.0) -> Any:
        """Read what the server sends until it acknowledges ``ack_id`` (its
        handler has returned); return the acknowledgement's data."""
        self._awaited[ack_id] = None
        try:
            while ack_id in self.pending and not self.closed:
                self.pump(on_event, timeout)
        finally:
            answer = self._awaited.pop(ack_id)
        return answer

    def close(self) -> None:
        """Close the connection as a closed tab does (the server sees a client disconnect)."""
        if not self.closed and self._eio_sid in self.engine.sockets:
            self._socket.receive(eio_packet.Packet(eio_packet.CLOSE))
        self._drop()

    def _send(self, packet: sio_packet.Packet) -> None:
        if self.closed:
            raise ConnectionError("the connection is closed")
        encoded = packet.encode()  # a list when binary data rides along: the header, then each part
        for part in encoded if isinstance(encoded, list) else [encoded]:
            self._socket.receive(eio_packet.Packet(eio_packet.MESSAGE, data=part))

    def _drop(self) -> None:
        self.closed = True
        self.pending.clear()
        self.engine.sockets.pop(self._eio_sid, None)

    # -- coming out -------------------------------------------------------------

    def pump(self, on_event: OnEvent, timeout: float = 0.0) -> bool:
        """Handle every packet the server has sent, waiting up to ``timeout``
        seconds for the first; ``False`` if none came.

        :raises TimeoutError: when a wait was asked for and nothing came.
        """
        queue = self._socket.queue
        try:
            packet = queue.get(timeout=timeout) if timeout else queue.get_nowait()
        except Empty:
            if timeout:
                raise TimeoutError("the server sent nothing") from None
            return False
        while True:
            self._handle(packet, on_event)
            try:
                packet = queue.get_nowait()
            except Empty:
                return True

    def _handle(self, packet: eio_packet.Packet | None, on_event: OnEvent) -> None:
        if packet is None or packet.packet_type == eio_packet.CLOSE:
            self._drop()
        elif packet.packet_type == eio_packet.PING:
            self._socket.receive(eio_packet.Packet(eio_packet.PONG))
        elif packet.packet_type == eio_packet.MESSAGE:
            self._handle_socketio(sio_packet.Packet(encoded_packet=packet.data), on_event)

    def _handle_socketio(self, packet: sio_packet.Packet, on_event: OnEvent) -> None:
        if packet.packet_type == sio_packet.CONNECT:
            self.sid = packet.data["sid"]
        elif packet.packet_type == sio_packet.CONNECT_ERROR:
            self._drop()
            data = packet.data if isinstance(packet.data, dict) else {"message": str(packet.data)}
            raise ConnectionRefused(str(data.get("message")), data.get("data"))
        elif packet.packet_type == sio_packet.EVENT:
            on_event(packet.data[0], packet.data[1] if len(packet.data) > 1 else None)
        elif packet.packet_type == sio_packet.ACK:
            self.pending.discard(packet.id)
            if packet.id in self._awaited:
                self._awaited[packet.id] = packet.data[0] if packet.data else None
        elif packet.packet_type == sio_packet.DISCONNECT:
            self._drop()
