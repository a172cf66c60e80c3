"""The WSGI layers flask_webui puts around an app, outermost first:
:class:`~.wsgi.IdleConnections` (let go when the server stops),
:class:`~.wsgi.NoDelay` (no Nagle stall, Socket.IO's long-polling too),
:class:`~.wsgi.FrameLimit` (WebSocket frames bounded before they are read),
:class:`~.sid_guard.SidGuard` (a connection answers only its own browser),
WhiteNoise (the built assets, compressed), then the app's own ``wsgi_app``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask

from .assets import serve_assets
from .sid_guard import SidGuard
from .wsgi import FrameLimit, IdleConnections, NoDelay, inline_call


def wrap_app(app: Flask, engineio_server: Any, owners: Mapping[str, Any],
             browser_of: Callable[[dict[str, Any]], Any], socketio_path: str) -> IdleConnections:
    """Put the layers around ``app.wsgi_app`` and return the outermost one.

    ``engineio_server``'s frame limit is raised to ``WEBUI_MAX_MESSAGE_SIZE``
    (a page's events message may be that large); ``owners`` and ``browser_of``
    are :class:`SidGuard`'s. Each layer is handed the next one's bound
    ``__call__`` (see :func:`~.wsgi.inline_call`): every WebSocket
    connection's greenlet holds the whole stack while it lives.

    >>> idle = wrap_app(app, socketio.server.eio, connections.browsers,  # doctest: +SKIP
    ...                 browser_of, "/socket.io")
    """
    wsgi: Any = serve_assets(inline_call(app.wsgi_app), app.config["WEBUI_URL_PREFIX"], debug=app.debug)
    wsgi = SidGuard(inline_call(wsgi), owners, browser_of, socketio_path)
    limit = int(app.config["WEBUI_MAX_MESSAGE_SIZE"])
    if engineio_server.max_http_buffer_size < limit:
        engineio_server.max_http_buffer_size = limit
    wsgi = FrameLimit(inline_call(wsgi), engineio_server.max_http_buffer_size)
    wsgi = NoDelay(inline_call(wsgi))
    idle = IdleConnections(inline_call(wsgi))
    app.wsgi_app = inline_call(idle)  # type: ignore[method-assign]
    return idle
