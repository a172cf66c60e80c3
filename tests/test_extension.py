"""Registering the extension and pages the Flask way."""

import re

import pytest
from flask import Flask, url_for
from flask_socketio import SocketIO

from flask_webui import FlaskWebUI
from flask_webui.output import put_text
from flask_webui.serving.settings import DEFAULTS


def hello() -> None:
    put_text("hello")


def make_app(**config: object) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="k", **config)
    return app


def test_extension_creates_a_gevent_socketio_when_the_app_has_none():
    app = make_app()
    webui = FlaskWebUI(app)
    assert app.extensions["webui"] is webui
    assert app.extensions["socketio"] is webui.socketio
    assert webui.socketio.async_mode == "gevent"
    for key, value in DEFAULTS.items():
        assert app.config[key] == value


def test_extension_uses_the_socketio_it_is_given():
    app = make_app()
    socketio = SocketIO(app, async_mode="gevent")
    assert FlaskWebUI(app, socketio).socketio is socketio


def test_app_factory_with_init_app_registers_pages_declared_before():
    webui = FlaskWebUI()
    webui.add_page("/hello", hello, title="Hi")
    socketio = SocketIO()
    app = make_app(WEBUI_URL_PREFIX="/tools")
    webui.init_app(app, socketio)
    assert socketio.server is not None
    response = app.test_client().get("/tools/hello")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Hi</title>" in html
    script = re.search(r'<script type="module" src="(/tools/_webui/static/webui-[A-Z0-9]{8}\.js)"', html)
    assert script is not None, html
    assert app.test_client().get(script.group(1)).status_code == 200
    with app.test_request_context():
        assert url_for("webui.hello") == "/tools/hello"


def test_each_page_load_embeds_a_fresh_token():
    app = make_app()
    webui = FlaskWebUI(app)
    webui.add_page("/hello", hello)
    client = app.test_client()
    tokens = {re.search(r'"token": "([^"]+)"', client.get("/hello").get_data(as_text=True)).group(1)
              for _ in range(3)}
    assert len(tokens) == 3


def test_page_without_secret_key_fails_with_a_clear_message():
    app = Flask(__name__)
    app.testing = True  # let the error reach the test instead of a 500 page
    webui = FlaskWebUI(app)
    webui.add_page("/hello", hello)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        app.test_client().get("/hello")


def test_bad_page_registrations_are_refused():
    webui = FlaskWebUI(make_app())
    webui.add_page("/hello", hello)
    with pytest.raises(ValueError, match="already registered"):
        webui.add_page("/other", hello)
    with pytest.raises(ValueError, match="must start with '/'"):
        webui.add_page("nope", hello, endpoint="nope")


def test_every_wsgi_layer_is_handed_on_as_a_bound_method_not_an_object():
    # A WebSocket connection's greenlet holds the whole WSGI stack for as long
    # as it lives; calling an object costs a C frame (saved with it at each
    # switch, about 1 KiB a layer), calling a bound method does not.
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "x"
    FlaskWebUI(app)
    layers, layer = [], app.wsgi_app
    while True:
        layers.append(type(getattr(layer, "__self__", layer)).__name__)
        assert callable(layer) and hasattr(layer, "__self__"), f"{layers[-1]} is called as an object"
        owner = layer.__self__
        inner = next((getattr(owner, name) for name in ("app", "application", "wsgi_app")
                      if hasattr(owner, name)), None)
        if inner is None or type(owner).__name__ == "Flask":
            break
        layer = inner
    assert layers[:6] == ["IdleConnections", "NoDelay", "FrameLimit", "SidGuard", "WhiteNoise",
                          "_SocketIOMiddleware"]
