"""A leaked Engine.IO sid alone grants nothing: requests into a page's
connection must come from the browser that opened it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qs

logger = logging.getLogger("flask_webui")


class SidGuard:
    """WSGI middleware: a request into the Engine.IO session of a page's
    connection (``/socket.io/?sid=...``: Socket.IO's long-polling, the
    WebSocket upgrade) must come from the browser that opened it — the same
    browser id in its Flask session cookie, which browsers send with every
    request. ``owners`` maps the Engine.IO sid of each page connection to the
    browser id it was opened with; ``browser_of(environ)`` reads a request's.

    >>> wsgi = SidGuard(wsgi, connections.browsers, browser_of, "/socket.io")  # doctest: +SKIP
    """

    def __init__(self, app: Any, owners: Mapping[str, Any], browser_of: Callable[[dict[str, Any]], Any],
                 path: str) -> None:
        self.app = app
        self.owners = owners
        self.browser_of = browser_of
        self.path = path.rstrip("/") + "/"

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if self.owners and environ.get("PATH_INFO", "").startswith(self.path):
            sid = parse_qs(environ.get("QUERY_STRING", "")).get("sid", [None])[0]
            if sid in self.owners and self.browser_of(environ) != self.owners[sid]:
                logger.warning("refused a request into Engine.IO session %s from another browser (%s)",
                               sid, environ.get("REMOTE_ADDR"))
                start_response("403 Forbidden", [("Content-Type", "text/plain"), ("Connection", "close")])
                return [b"this connection belongs to another browser"]
        return self.app(environ, start_response)
