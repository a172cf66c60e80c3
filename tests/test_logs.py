"""What flask_webui writes to the log: lines about a session carry its id,
page and user as extras, quoted client data is cut short, and no session
token reaches the log in a full scenario on a real server."""

from __future__ import annotations

import json
import logging

import requests
import socketio
from flask import Flask

from flask_webui import FlaskWebUI
from flask_webui.engine.logs import MAX_MESSAGE
from flask_webui.input import input
from harness.pages import PageClient, page_config
from tests.helpers import start_test_server
from tests.test_polling import HEADER, Poller


def make_app() -> tuple[Flask, FlaskWebUI]:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="k")
    webui = FlaskWebUI(app)

    @webui.page("/ask")
    def ask() -> None:
        input("Name?")

    return app, webui


def test_a_line_about_a_session_carries_its_id_page_and_user(caplog):
    _, webui = make_app()
    page = webui.test_client().open("/ask")
    with caplog.at_level(logging.WARNING, logger="flask_webui"):
        page.send({"event": "callback", "task_id": "no-such-callback", "data": None})
    [record] = [r for r in caplog.records if "unknown callback" in r.getMessage()]
    assert record.webui_session == page.session.id  # type: ignore[attr-defined]
    assert record.webui_page == "ask"  # type: ignore[attr-defined]
    assert record.webui_user is None  # type: ignore[attr-defined]  # nobody signed in


def test_client_data_quoted_in_a_line_is_cut_short(caplog):
    _, webui = make_app()
    page = webui.test_client().open("/ask")
    huge = "x" * 250  # names may be that long (the protocol refuses longer)
    task_id = page._current_form()[0]
    with caplog.at_level(logging.WARNING, logger="flask_webui"):
        page.send({"event": "input_event", "task_id": task_id,
                   "data": {"event_name": "blur", "name": huge, "value": 1}})
        page.send({"event": "from_submit", "task_id": task_id, "data": {huge: 1, "data": "x"}})
    quoted = [r.getMessage() for r in caplog.records if "xxxx" in r.getMessage()]
    assert len(quoted) == 2, quoted
    assert all(len(line) < 200 for line in quoted), [len(line) for line in quoted]
    assert "characters" in quoted[0]  # it says how long the value was


def test_no_message_is_longer_than_the_bound_whatever_the_caller_passes(caplog):
    with caplog.at_level(logging.INFO, logger="flask_webui"):
        logging.getLogger("flask_webui").info("said: %s", "y" * (MAX_MESSAGE * 5))
    [record] = caplog.records
    assert len(record.getMessage()) < MAX_MESSAGE + 40
    assert record.getMessage().endswith(f"({MAX_MESSAGE * 5 + 6} characters)")


def test_no_token_reaches_the_log_in_a_full_scenario():
    server = start_test_server({"WEBUI_TEST_LOG": "1", "WEBUI_TEST_CONFIG": json.dumps({})})
    tokens: list[str] = []
    try:
        # A page over WebSocket: a submit, a malformed message, a drop and a reconnect.
        page = PageClient(server.url, "/echo", transports=["websocket"])
        tokens.append(page.token)
        page.submit(page.next_command("input_group"), {"data": "one"})
        page.next_command("output")
        page.emit({"events": "not a list", "seq": 5})
        page.errors.get(timeout=5)
        page.client.disconnect()
        page.connect(["websocket"], ack=page.last_seq)
        page.submit(page.next_command("input_group"), {"data": "two"})
        page.next_command("output")
        page.close()
        # Over HTTP polling; then the same token from another browser, forged, and for another page.
        http = requests.Session()
        token = page_config(server.url + "/echo", http)["token"]
        tokens.append(token)
        poller = Poller(server.url + "/echo", token, http)
        poller.until("input_group")
        for headers, path in (({HEADER: token}, "/echo"), ({HEADER: token[:-4] + "AAAA"}, "/echo"),
                              ({HEADER: token}, "/types")):
            refused = requests.get(f"{server.url}{path}?ack=-1", headers=headers, timeout=5)
            assert refused.status_code == 403
        # A Socket.IO connection with a forged token, and a page whose code fails.
        forged = socketio.Client(reconnection=False)
        config = page_config(server.url + "/echo")
        tokens.append(config["token"])
        try:
            forged.connect(server.url, namespaces=[config["namespace"]], socketio_path=config["socketioPath"],
                           auth={"token": config["token"][:-4] + "AAAA"}, transports=["websocket"],
                           wait_timeout=5)
        except socketio.exceptions.ConnectionError:
            pass
        broken = PageClient(server.url, "/broken", transports=["websocket"])
        tokens.append(broken.token)
        broken.next_command("toast")
        broken.close()
    finally:
        server.stop()
    log = server.log_path.read_text(errors="replace")  # all of it, the server stopped
    # The scenario was logged: refusals, the malformed message, the page error, the requests.
    assert "refused" in log and "malformed" in log and "ZeroDivisionError" in log and "GET /echo" in log
    for token in tokens:
        payload, signature = token.rsplit(".", 1)[0], token.rsplit(".", 1)[1]
        assert signature not in log
        assert payload not in log
