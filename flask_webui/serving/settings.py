"""The ``WEBUI_*`` settings an app can put in its config, with their defaults."""

from __future__ import annotations

from typing import Any

from flask import Flask

from ..engine.base import SessionSettings
from ..engine.uploads import parse_size

#: Every setting flask_webui reads from ``app.config`` and its default.
DEFAULTS: dict[str, Any] = {
    # URL prefix of every page and of the assets ({prefix}/_webui/static/...).
    "WEBUI_URL_PREFIX": "",
    # Socket.IO namespace the pages connect to; keeps clear of the app's own.
    "WEBUI_SOCKETIO_NAMESPACE": "/webui",
    # Seconds a session waits for its browser to come back after a drop (or
    # for its tab to be reloaded); then it ends and its deferred calls run.
    "WEBUI_RECONNECT_TIMEOUT": 30,
    # Seconds a page request waits for the page function to come to its first
    # form (or end), so that the page carries what it shows first and needs no
    # round trip before it; what comes later arrives over the connection as
    # usual. 0: the page function starts when the browser connects.
    "WEBUI_FIRST_BATCH_WAIT": 0.1,
    # How pages talk to the server: "auto" (Socket.IO, falling back to HTTP
    # polling when it cannot connect), "websocket" (Socket.IO only) or "http".
    "WEBUI_TRANSPORT": "auto",
    # Seconds an HTTP poll waits for commands before it answers empty (long poll).
    "WEBUI_POLL_TIMEOUT": 25,
    # Commands kept per session to rebuild the page when its tab reloads; a page
    # that sends more starts afresh on reload. 0: reload always starts afresh.
    "WEBUI_RESUME_HISTORY": 10_000,
    # Seconds a page's session token stays valid.
    "WEBUI_TOKEN_MAX_AGE": 24 * 3600,
    # Commands sent but not yet acknowledged before page code must wait.
    "WEBUI_MAX_PENDING_COMMANDS": 10_000,
    # Bytes of commands (as JSON) sent but not yet acknowledged before page
    # code must wait; a tab that acknowledges nothing for the reconnect window
    # while page code waits ends its session. Bounds the memory a stuck tab holds.
    "WEBUI_MAX_PENDING_BYTES": 1024 * 1024,
    # Bytes one events message from a browser may carry (HTTP polling POSTs;
    # Socket.IO's max_http_buffer_size is raised to it if lower).
    "WEBUI_MAX_MESSAGE_SIZE": 1024 * 1024,
    # Events queued for one waiting form before more are refused.
    "WEBUI_MAX_QUEUED_EVENTS": 64,
    # Bytes of files one session may upload at once (a number, or "10M").
    # file_upload() limits may be lower, never higher.
    "WEBUI_MAX_UPLOAD_SIZE": "10M",
    # Seconds page code waits for the browser's answer to eval_js() or a pin
    # read before TimeoutError (while disconnected, the question is re-sent on reconnect).
    "WEBUI_ANSWER_TIMEOUT": 60,
    # Show tracebacks of page errors in the browser. None: when app.debug.
    "WEBUI_SHOW_TRACEBACK": None,
    # Built-in labels in more languages, e.g. {"fr": {"submit": "Envoyer"}}; the
    # browser picks by its language (English and Chinese are built in).
    "WEBUI_MESSAGES": {},
    # Page title when a page sets none.
    "WEBUI_TITLE": "flask_webui",
    # Theme of pages that set none with config(theme=...): "default", "dark",
    # or a Bootswatch theme ("minty", "sketchy", "yeti", "darkly", "flatly").
    "WEBUI_THEME": "default",
    # Where rooms, broadcasts, presence and send-to-user cross workers: a
    # redis:// URL. None: the SocketIO's own message_queue, if it has one;
    # without one, rooms work inside this process only.
    "WEBUI_MESSAGE_QUEUE": None,
    # Prefix of the Redis channel and keys of the rooms (RoomEmitter's channel=).
    "WEBUI_ROOMS_CHANNEL": "flask_webui",
    # Messages of a room handed to a member who joins it (0: none).
    "WEBUI_ROOM_HISTORY": 0,
    # Seconds after which the members of a worker that died leave their rooms
    # (it refreshes its presence every third of it).
    "WEBUI_WORKER_TTL": 10,
    # Bytes of JSON one broadcast or room message may carry.
    "WEBUI_MAX_ROOM_MESSAGE": 64 * 1024,
    # Serve Prometheus metrics at /metrics (any client may read them: protect
    # the route, or use FlaskWebUI.metrics_endpoint(rule, authorize=...)).
    "WEBUI_METRICS": False,
    # Keep the objects of live sessions out of the garbage collector's full
    # collections (gc.freeze() shortly after sessions open; one full collection
    # once as many have ended as are live), so that a worker full of sessions
    # never stalls for a collection. Process-wide, from the first session on.
    "WEBUI_GC_FREEZE": True,
    # Seconds a stopping server (SIGTERM, SIGINT) gives its sessions to end:
    # pages told, page code stopped, deferred calls run. 0: no draining.
    "WEBUI_SHUTDOWN_TIMEOUT": 10,
    # URL of the health check for load balancers ("" or None: no route).
    "WEBUI_HEALTH_URL": "/_webui/health",
    # Where flask_webui.storage keeps its stores: "sqlite:///path" (None: a
    # SQLite file in the app's instance folder, or the rooms' Redis when
    # WEBUI_MESSAGE_QUEUE is set), "redis://..." or "memory://" (tests).
    "WEBUI_STORAGE_URL": None,
    # Seconds a user's or browser's store lives after its last use.
    "WEBUI_STORAGE_TTL": 30 * 24 * 3600,
    # Seconds a tab's store lives after the tab was last seen.
    "WEBUI_TAB_STORAGE_TTL": 24 * 3600,
    # Bytes of JSON one store may hold (a number, or "1M").
    "WEBUI_STORAGE_MAX_BYTES": "1M",
    # Seconds a store read or write waits for a busy backend before StorageUnavailable.
    "WEBUI_STORAGE_TIMEOUT": 5,
    # Prefix of the Redis keys and channel of the stores.
    "WEBUI_STORAGE_PREFIX": "flask_webui:storage",
    # Name of the signed cookie holding the browser's id (storage.browser);
    # None: no cookie (storage.browser and anonymous storage.user refuse).
    "WEBUI_BROWSER_COOKIE": "webui_browser",
}


TRANSPORTS = ("auto", "websocket", "http")


def apply_defaults(app: Flask) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    if app.config["WEBUI_TRANSPORT"] not in TRANSPORTS:
        raise ValueError(f"WEBUI_TRANSPORT must be one of {TRANSPORTS}, "
                         f"not {app.config['WEBUI_TRANSPORT']!r}")


def session_settings(app: Flask) -> SessionSettings:
    """The per-session limits from the app's config."""
    config = app.config
    show = config["WEBUI_SHOW_TRACEBACK"]
    return SessionSettings(
        reconnect_timeout=float(config["WEBUI_RECONNECT_TIMEOUT"]),
        max_pending_commands=int(config["WEBUI_MAX_PENDING_COMMANDS"]),
        max_pending_bytes=parse_size(config["WEBUI_MAX_PENDING_BYTES"]),
        max_queued_events=int(config["WEBUI_MAX_QUEUED_EVENTS"]),
        show_traceback=app.debug if show is None else bool(show),
        max_upload_size=parse_size(config["WEBUI_MAX_UPLOAD_SIZE"]),
        answer_timeout=float(config["WEBUI_ANSWER_TIMEOUT"]),
        resume_history=int(config["WEBUI_RESUME_HISTORY"]),
    )
