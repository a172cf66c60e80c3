"""A stopping server loses nothing it can keep: on SIGTERM (gunicorn's stop),
HUP (gunicorn's reload) and SIGINT (Ctrl-C under socketio.run) it takes no
new session, tells every open page, answers held polls, runs the sessions'
deferred calls and exits without waiting for gunicorn's graceful timeout. A
page that asked to starts again by itself once the server is back."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading

import pytest
import requests
import socketio
from flask import Flask
from playwright.sync_api import expect

from flask_webui import FlaskWebUI
from flask_webui.admission.broker import Presented
from flask_webui.admission.refusals import RESTARTING, RESTARTING_RELOADS, Draining
from flask_webui.admission.tokens import issue_token
from flask_webui.input import input
from flask_webui.session import defer_call
from harness.pages import PageClient
from harness.processes import ServerProcess, free_port, wait_until
from tests.helpers import start_test_server
from tests.test_polling import opened

GEVENT_WEBSOCKET_WORKER = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"
#: gunicorn would kill a worker still busy after this; ours must be done well before.
GRACEFUL_TIMEOUT = 60


def gunicorn(port: int) -> ServerProcess:
    return ServerProcess([sys.executable, "-m", "gunicorn", "-k", GEVENT_WEBSOCKET_WORKER, "-w", "1",
                          "--graceful-timeout", str(GRACEFUL_TIMEOUT), "-b", f"127.0.0.1:{port}",
                          "tests.apps.serve:app"], port)


def exited(server: ServerProcess) -> int:
    """The server's exit status, once it exits; fails if it would have
    needed gunicorn's graceful timeout to go."""
    try:
        return server.process.wait(GRACEFUL_TIMEOUT / 2)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the server was still running {GRACEFUL_TIMEOUT / 2} s after the signal")


def held_poll(poller) -> threading.Thread:
    """A poll waiting for commands in the background, as a browser's long poll."""
    thread = threading.Thread(target=poller.poll, daemon=True)
    thread.start()
    return thread


def test_sigterm_under_gunicorn_tells_pages_answers_polls_runs_deferred_calls_and_exits():
    server = gunicorn(free_port())
    try:
        page = PageClient(server.url, "/until-stopped", transports=["websocket"])
        page.next_command("input_group")
        poller = opened(server, "/echo")
        poller.until("input_group")
        poll = held_poll(poller)
        wait_until(lambda: requests.get(f"{server.url}/_probe/held-polls", timeout=5).text == "1",
                   what="the poll to be held")
        server.process.send_signal(signal.SIGTERM)
        assert page.next_command("close_session", timeout=10)["spec"] == {"message": RESTARTING,
                                                                          "reload": False}
        poll.join(10)
        assert not poll.is_alive(), "the held poll was not answered"
        assert [c["spec"]["message"] for c in poller.commands if c["command"] == "close_session"] == \
            [RESTARTING]
        assert exited(server) == 0
    finally:
        server.stop()
    assert "deferred call ran" in server.log_path.read_text()


def page_once_served(server: ServerProcess) -> PageClient | None:
    """A page load, or ``None`` if the old worker, draining, answered it: its
    request (503) or its connection (refused, the page to load again)."""
    try:
        return PageClient(server.url, "/echo", transports=["websocket"])
    except requests.HTTPError as error:
        assert error.response.status_code == 503, error
        assert error.response.text == RESTARTING
        return None
    except socketio.exceptions.ConnectionError:
        return None


def test_hup_under_gunicorn_ends_the_old_workers_sessions_and_the_new_worker_serves():
    server = gunicorn(free_port())
    try:
        old = PageClient(server.url, "/until-stopped", transports=["websocket"])
        old.next_command("input_group")
        server.process.send_signal(signal.SIGHUP)
        assert old.next_command("close_session", timeout=10)["spec"]["message"] == RESTARTING
        # A page load that reaches the old worker while it drains is told to come back (503).
        fresh = wait_until(lambda: page_once_served(server), timeout=15, what="the new worker to serve")
        fresh.submit(fresh.next_command("input_group"), {"data": "after the reload"})
        assert fresh.next_command("output")["spec"]["content"] == "echo: after the reload"
        fresh.close()
        assert server.process.poll() is None  # the master lives on
    finally:
        server.stop()
    assert "deferred call ran" in server.log_path.read_text()


def test_ctrl_c_under_socketio_run_tells_pages_runs_deferred_calls_and_exits():
    server = start_test_server()
    try:
        page = PageClient(server.url, "/until-stopped", transports=["websocket"])
        page.next_command("input_group")
        server.process.send_signal(signal.SIGINT)
        assert page.next_command("close_session", timeout=10)["spec"]["message"] == RESTARTING
        exited(server)
    finally:
        server.stop()
    assert "deferred call ran" in server.log_path.read_text()


def test_a_page_that_asked_to_starts_again_once_the_server_is_back(page):
    port = free_port()
    server = ServerProcess([sys.executable, "-m", "tests.apps.serve", str(port)], port)
    try:
        page.goto(f"{server.url}/starts-again")
        first = page.get_by_text("started at")
        expect(first).to_be_visible()
        before = first.inner_text()
        # Connected, so there to be told (the page shows before it connects).
        page.wait_for_function("webui.transport.socket?.connected")
        server.process.send_signal(signal.SIGINT)
        expect(page.locator("#webui-status")).to_contain_text(RESTARTING_RELOADS)
        exited(server)
        server.stop()
        server = ServerProcess([sys.executable, "-m", "tests.apps.serve", str(port)], port)
        # Reloaded by itself: a new run of the page, its form again.
        expect(page.get_by_text("started at")).not_to_have_text(before, timeout=20_000)
        expect(page.get_by_label("Waiting for the server to stop")).to_be_visible()
    finally:
        server.stop()


# -- in one process ------------------------------------------------------------------


def test_a_draining_worker_admits_no_session_and_says_so():
    app = Flask(__name__)
    app.config.update(SECRET_KEY="k")
    webui = FlaskWebUI(app)
    ran = []

    @webui.page("/wait")
    def wait() -> None:
        defer_call(lambda: ran.append("deferred"))
        input("Waiting")

    client = webui.test_client()
    page = client.open("/wait")
    assert webui.drain() == 1
    assert page.closed and page.farewell == RESTARTING
    assert ran == ["deferred"]
    assert webui.draining
    with app.test_request_context("/wait"):  # a page loaded before the drain connects after it
        token = issue_token(app, "wait", "/wait", "", None, None)
        with pytest.raises(Draining, match="starts again by itself"):
            webui.broker.admit(Presented(token))
    http = app.test_client()
    answer = http.get("/wait")
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    assert http.get("/_webui/health").status_code == 503


def test_a_process_gevent_did_not_patch_keeps_its_own_signal_handling():
    """No gevent loop runs there to drain in: the handlers stay as they were
    (a test runner or a script with an app in it still stops on SIGTERM)."""
    script = ("from flask import Flask\nfrom flask_webui import FlaskWebUI\nimport time\n"
              "app = Flask('x'); app.config['SECRET_KEY'] = 'k'; FlaskWebUI(app)\n"
              "print('ready', flush=True)\ntime.sleep(60)\n")
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == -signal.SIGTERM
    finally:
        process.kill()
