"""Deployment as docs/deployment.md documents it: gunicorn workers and WebSocket
backends, each checked for a real WebSocket (or the documented fallback);
servers without gevent refuse clearly instead of serving pages that hang."""

import os
import subprocess
import sys

import pytest
import requests
import socketio

from harness.pages import PageClient
from harness.processes import ROOT, ServerProcess, free_port

GEVENT_WEBSOCKET_WORKER = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"
HIDE = "tests/apps/without_gevent_websocket.py"


def gunicorn(worker: str, port: int, *, hide_gevent_websocket: bool = False) -> ServerProcess:
    args = ["-k", worker, "-w", "1", "-b", f"127.0.0.1:{port}", "example.app:app"]
    if hide_gevent_websocket:
        command = [sys.executable, HIDE, "gunicorn", *args]
    else:
        command = [sys.executable, "-m", "gunicorn", *args]
    return ServerProcess(command, port)


def complete_bmi(url: str) -> str:
    with PageClient(url, "/bmi", transports=["polling", "websocket"]) as page:
        form = page.next_command("input_group")
        page.submit(form, {"height": 180, "weight": 81})
        result = page.next_command("output")["spec"]["content"]
        page.next_command("close_session")
        return f"{page.transport}: {result}"


@pytest.mark.parametrize("worker, hide, transport", [
    # The documented pairings: a real WebSocket.
    (GEVENT_WEBSOCKET_WORKER, False, "websocket"),
    ("gevent", True, "websocket"),
    # The wrong pairing docs/deployment.md warns about: gevent-websocket installed under
    # a plain gevent worker silently loses WebSocket, and pages fall back to polling.
    ("gevent", False, "polling"),
])
def test_gunicorn_worker_pairings(worker, hide, transport):
    server = gunicorn(worker, free_port(), hide_gevent_websocket=hide)
    try:
        assert complete_bmi(server.url) == f"{transport}: Your BMI: `25.0`, category: **Overweight**"
    finally:
        server.stop()


def test_socketio_run_with_simple_websocket():
    port = free_port()
    server = ServerProcess([sys.executable, HIDE, "serve", str(port)], port)
    try:
        page = PageClient(server.url, "/echo", transports=["polling", "websocket"])
        form = page.next_command("input_group")
        page.submit(form, {"data": "simple"})
        assert page.next_command("output")["spec"]["content"] == "echo: simple"
        assert page.transport == "websocket"
        page.close()
    finally:
        server.stop()


# -- servers without gevent ----------------------------------------------------------

NAMES_THE_SERVERS_THAT_WORK = "Serve the app with socketio.run(app)"


def test_flask_run_refuses_to_start_and_names_the_servers_that_work():
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "tests.apps.plain", "run",
                             "--port", str(free_port())], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode != 0
    assert NAMES_THE_SERVERS_THAT_WORK in result.stderr


@pytest.mark.parametrize("worker", [["-k", "sync"], ["-k", "gthread", "--threads", "4"]])
def test_gunicorn_without_gevent_answers_at_once_naming_the_servers_that_work(worker):
    port = free_port()
    server = ServerProcess([sys.executable, "-m", "gunicorn", *worker, "-b", f"127.0.0.1:{port}",
                            "tests.apps.plain:app"], port)
    try:
        page = requests.get(server.url + "/echo", timeout=10)
        assert page.status_code == 500 and NAMES_THE_SERVERS_THAT_WORK in page.text
        poll = requests.get(server.url + "/echo?ack=-1", headers={"webio-session-id": "NEW-x"}, timeout=10)
        assert poll.status_code == 500 and NAMES_THE_SERVERS_THAT_WORK in poll.text
        assert "gevent greenlets" in server.log()
    finally:
        server.stop()


# -- no Nagle delay on any pairing ------------------------------------------------------

SERVE = [sys.executable, "-m", "tests.apps.serve"]
SERVE_SIMPLE = [sys.executable, HIDE, "serve"]
GUNICORN = [sys.executable, "-m", "gunicorn", "-k", GEVENT_WEBSOCKET_WORKER, "-w", "1"]
GUNICORN_SIMPLE = [sys.executable, HIDE, "gunicorn", "-k", "gevent", "-w", "1"]


@pytest.mark.parametrize("command", [SERVE, SERVE_SIMPLE, GUNICORN, GUNICORN_SIMPLE],
                         ids=["socketio.run+gevent-websocket", "socketio.run+simple-websocket",
                              "gunicorn+GeventWebSocketWorker", "gunicorn-k-gevent+simple-websocket"])
def test_every_server_pairing_sends_without_the_nagle_delay(command):
    """A reply in two small writes (headers then body; a Socket.IO ack then the
    commands) waits 40 ms for the peer's delayed ACK unless TCP_NODELAY is set
    on the connection: on every pairing, for WebSocket, Socket.IO's
    long-polling and plain HTTP (our polling routes)."""
    port = free_port()
    args = [str(port)] if command in (SERVE, SERVE_SIMPLE) else ["-b", f"127.0.0.1:{port}",
                                                                 "tests.apps.serve:app"]
    server = ServerProcess([*command, *args], port)
    try:
        assert requests.get(server.url + "/_probe/nodelay", timeout=10).text == "1"
        for transports in (["websocket"], ["polling"]):
            client = socketio.Client(reconnection=False)
            client.connect(server.url, transports=transports, wait_timeout=10)
            try:
                assert client.transport() == transports[0]
                assert client.call("nodelay_probe", timeout=10) == 1, transports
            finally:
                client.disconnect()
    finally:
        server.stop()
