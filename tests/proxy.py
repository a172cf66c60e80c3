"""A TCP proxy on 127.0.0.1 that can cut every connection through it, as a
flaky network or a restarting load balancer would."""

from __future__ import annotations

import socket
import threading
import time

#: What a proxy that does not pass WebSocket through answers a handshake.
REFUSED = b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class CuttingProxy:
    """Forwards ``127.0.0.1:<port>`` to ``127.0.0.1:<target_port>``.

    >>> proxy = CuttingProxy(8000)        # doctest: +SKIP
    >>> proxy.url, proxy.cut()            # doctest: +SKIP
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.cuts = 0
        #: While set, every new connection is closed at once (the network is down).
        self.down = False
        #: While set, a WebSocket handshake is answered 403 (a proxy that does
        #: not pass WebSocket through), so Socket.IO falls back to long-polling.
        self.refuse_websocket = False
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            if self.refuse_websocket:
                threading.Thread(target=self._connect_unless_websocket, args=(client,), daemon=True).start()
                continue
            self._connect(client)

    def _connect_unless_websocket(self, client: socket.socket) -> None:
        try:
            client.settimeout(5)
            head = client.recv(65536, socket.MSG_PEEK)
            client.settimeout(None)
        except OSError:
            client.close()
            return
        if b"upgrade: websocket" in head.lower():
            try:
                client.sendall(REFUSED)
            except OSError:
                pass
            client.close()
            return
        self._connect(client)

    def _connect(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
        except OSError:
            client.close()
            return
        with self._lock:
            self._open += [client, upstream]
        threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
        threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        try:
            while data := source.recv(65536):
                if from_client and self.refuse_websocket and b"upgrade: websocket" in data.lower():
                    # A handshake on a connection kept alive from an earlier request
                    # (Chromium reuses them for WebSockets): refused too.
                    source.sendall(REFUSED)
                    break
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        """Drop every open connection (both ends see a reset)."""
        with self._lock:
            sockets, self._open = self._open, []
            self.cuts += 1
        for sock in sockets:
            # shutdown() wakes the pump blocked in recv() on it; close() alone would not.
            for step in (lambda s: s.shutdown(socket.SHUT_RDWR), lambda s: s.close()):
                try:
                    step(sock)
                except OSError:
                    pass

    def keep_cutting(self, every: float, times: int) -> threading.Thread:
        """Cut ``times`` times, ``every`` seconds apart, in the background."""

        def run() -> None:
            for _ in range(times):
                time.sleep(every)
                self.cut()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self._closed = True
        self.listener.close()
        self.cut()
