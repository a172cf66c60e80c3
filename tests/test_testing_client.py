"""The headless test client goes through the real Socket.IO handlers, and
ends what it opened."""

from __future__ import annotations

from flask import Flask

from flask_webui import FlaskWebUI
from flask_webui.input import input
from flask_webui.output import put_text
from flask_webui.session import defer_call


def make_app() -> tuple[FlaskWebUI, list[str]]:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="k", WEBUI_RECONNECT_TIMEOUT=30)
    webui = FlaskWebUI(app)
    ended: list[str] = []

    @webui.page("/greet")
    def greet() -> None:
        defer_call(lambda: ended.append("deferred"))
        put_text(f"Hello {input('Name?')}")
        input("More?")

    return webui, ended


def test_a_page_of_the_test_client_is_a_socketio_connection_of_the_app():
    webui, _ = make_app()
    with webui.test_client() as client:
        page = client.open("/greet")
        assert len(webui.connections) == 1
        assert page.session.protocol == "websocket"
        assert webui.connections.session_of(page.link.sid) is page.session
        asked = page.form
        page.submit("Ada")
        assert page.text == "Hello Ada"
        assert page.form is not None and page.form is not asked  # the next input() is on screen


def test_the_client_as_a_context_manager_ends_every_session_it_opened():
    webui, ended = make_app()
    with webui.test_client() as client:
        client.open("/greet")
        client.open("/greet")
        assert len(webui.registry) == 2
    assert ended == ["deferred", "deferred"]
    assert len(webui.registry) == 0
    assert all(page.link.closed for page in client.pages)


def test_a_dropped_connection_leaves_the_session_waiting_for_its_browser():
    webui, ended = make_app()
    with webui.test_client() as client:
        page = client.open("/greet")
        page.disconnect()
        assert page.session.transport is None
        assert not page.session.closed() and ended == []
        assert len(webui.connections) == 0
    assert ended == ["deferred"]
