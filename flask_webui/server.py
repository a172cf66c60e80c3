"""``start_server``: PyWebIO's way to serve page functions, without writing
the Flask app yourself.

>>> start_server(hello, port=8080)                        # one page at /  # doctest: +SKIP
>>> start_server({"index": home, "bmi": bmi}, port=8080)  # /?app=bmi       # doctest: +SKIP

It builds a Flask app with :class:`~flask_webui.FlaskWebUI` and runs it with
``socketio.run`` on gevent. Use :func:`create_app` for the app alone (to run
it under gunicorn, or to add routes).
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask import Flask, request

from .extension import FlaskWebUI
from .serving.settings import DEFAULTS

logger = logging.getLogger("flask_webui")

Applications = Callable[[], Any] | Sequence[Callable[[], Any]] | Mapping[str, Callable[[], Any]]

#: PyWebIO's ``start_server`` options and the settings they become.
_PYWEBIO_OPTIONS = {"max_payload_size": "WEBUI_MAX_UPLOAD_SIZE"}
#: PyWebIO options with no meaning here (the page never uses a CDN, ...).
_IGNORED_OPTIONS = {"cdn", "auto_open_webbrowser", "remote_access", "websocket_max_message_size",
                    "websocket_ping_interval", "websocket_ping_timeout", "static_dir"}
_APP_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _applications(applications: Applications) -> dict[str, Callable[[], Any]]:
    if callable(applications):
        return {"index": applications}
    if isinstance(applications, Mapping):
        apps = dict(applications)
    else:
        apps = {getattr(function, "__name__", ""): function for function in applications}
    if not apps:
        raise ValueError("start_server() needs at least one page function")
    for name, function in apps.items():
        if not _APP_NAME.match(name):
            raise ValueError(f"app name {name!r} must be a Python identifier")
        if not callable(function):
            raise TypeError(f"app {name!r} is not a function")
    return apps


def _settings(options: dict[str, Any]) -> dict[str, Any]:
    config = {}
    for key, value in options.items():
        name = _PYWEBIO_OPTIONS.get(key) or f"WEBUI_{key.upper()}"
        if key in _IGNORED_OPTIONS:
            logger.info("start_server(): %s has no effect with flask_webui", key)
        elif name in DEFAULTS:
            config[name] = value
        else:
            known = sorted([*_PYWEBIO_OPTIONS, *(k[6:].lower() for k in DEFAULTS)])
            raise TypeError(f"start_server() got an unknown option {key!r}; known: {known}")
    return config


def create_app(applications: Applications, **options: Any) -> Flask:
    """The Flask app ``start_server`` serves: one page function at ``/``, or
    several selected by ``?app=name`` (``index`` by default, or a list of
    the apps when there is none). ``options`` are ``WEBUI_*`` settings in
    lower case without the prefix (``reconnect_timeout=60``)."""
    apps = _applications(applications)
    app = Flask("flask_webui.server")
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
    app.config.update(_settings(options))
    webui = FlaskWebUI(app)
    if len(apps) == 1:
        webui.add_page("/", next(iter(apps.values())), endpoint="index")
        return app

    def chosen() -> Callable[[], Any]:
        return apps.get(request.args.get("app") or "index", index)

    def index() -> Any:
        from .output import put_link, put_markdown

        put_markdown("## Applications")
        for name, function in apps.items():
            put_link(name, url=f"?app={name}")
            summary = (function.__doc__ or "").strip().splitlines()
            if summary:
                put_markdown(summary[0])

    def select_app() -> Any:
        name = request.args.get("app") or "index"
        if name != "index" and name not in apps:
            from .output import put_error

            put_error(f"There is no application {name!r} here.")
            return index()
        return chosen()()

    select_app.__webui_config_for__ = chosen  # type: ignore[attr-defined]
    webui.add_page("/", select_app, endpoint="index")
    webui.app_urls.update({name: f"/?app={name}" for name in apps})
    return app


def start_server(applications: Applications, port: int = 8080, host: str = "", debug: bool = False,
                 **options: Any) -> None:
    """Serve page functions on ``host:port`` until interrupted (``host=""``
    listens on every interface, as PyWebIO does). ``applications`` is one
    function, a list of them, or a dict ``{name: function}``.

    The app signs its tokens with ``$SECRET_KEY`` or a random key (sessions
    then do not survive a restart). Call ``gevent.monkey.patch_all()`` first
    in programs that use blocking libraries.
    """
    app = create_app(applications, **options)
    app.debug = debug
    socketio = app.extensions["webui"].socketio
    socketio.run(app, host=host or "0.0.0.0", port=port, debug=debug, use_reloader=False,
                 log_output=debug)
