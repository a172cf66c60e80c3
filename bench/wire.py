"""Clients written out by hand so that thousands of them run as greenlets of
one process: a Socket.IO connection over one WebSocket (Engine.IO 4,
Socket.IO 5 packets), and what our page does before it connects.

    >>> page = load_page(url, "/echo")  # doctest: +SKIP
    >>> SocketIOConnection(url, page.namespace, page.auth("b1"), page.cookie, print)  # doctest: +SKIP

The importing script must have monkey-patched with gevent first.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gevent
import requests
import websocket

from harness.pages import CONFIG


@dataclass
class LoadedPage:
    """What the page's HTML hands its script: the config and the cookie."""

    config: dict[str, Any]
    cookie: str

    @property
    def namespace(self) -> str:
        return str(self.config["namespace"])

    @property
    def first_batch(self) -> dict[str, Any]:
        return self.config.get("firstBatch") or {"seq": 0, "commands": []}

    def auth(self, client: str) -> dict[str, Any]:
        """The connect packet's auth, saying the first batch is applied."""
        return {"token": self.config["token"], "ack": self.first_batch["seq"], "client": client}


def load_page(url: str, path: str, keep_alive: bool = True) -> LoadedPage:
    """GET a page as the browser does. ``keep_alive=False`` closes the HTTP
    connection after it (a browser keeps it a while; a benchmark of what a
    session costs should not count an idle keep-alive connection)."""
    http = requests.Session()
    headers = {} if keep_alive else {"Connection": "close"}
    page = http.get(url + path, timeout=60, headers=headers)
    page.raise_for_status()
    match = CONFIG.search(page.text)
    assert match, "no page config"
    cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
    http.close()
    return LoadedPage(json.loads(match.group(1)), cookie)


class SocketIOConnection:
    """One Socket.IO client. ``on_packet`` gets each event packet's text as it
    came: callers look for what they need in it rather than decode it, so the
    client process (on the same cores as the servers) is not what is measured.
    The reader answers the server's pings, as any client must."""

    def __init__(self, url: str, namespace: str, auth: dict[str, Any] | None, cookie: str,
                 on_packet: Callable[[str], None]) -> None:
        ws_url = url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        # websocket-client checks UTF-8 in pure Python, byte by byte, unlike a
        # browser: left on, it would time the client's parsing of our larger frames.
        self.ws = websocket.create_connection(ws_url, header=[f"Cookie: {cookie}"] if cookie else [],
                                              timeout=60, skip_utf8_validation=True)
        self.prefix = "" if namespace == "/" else namespace + ","
        self.ws.recv()  # Engine.IO open
        self.ws.send("40" + self.prefix + (json.dumps(auth) if auth else ""))
        self.on_packet = on_packet
        self.reader = gevent.spawn(self._read)

    def _read(self) -> None:
        while True:
            try:
                packet = self.ws.recv()
            except Exception:
                return
            if packet == "2":
                self.ws.send("3")
            elif packet.startswith(("42", "43", "40", "44")):
                self.on_packet(packet)

    def emit(self, name: str, data: Any, ack_id: int | None = None) -> None:
        """Send an event; with ``ack_id`` the server is asked to acknowledge it."""
        self.ws.send("42" + self.prefix + ("" if ack_id is None else str(ack_id)) + json.dumps([name, data]))

    def close(self) -> None:
        self.reader.kill(block=False)
        self.ws.close()
