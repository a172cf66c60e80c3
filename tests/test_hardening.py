"""Hostile, broken and slow clients against a real server on 127.0.0.1: every
malformed message gets a short, clear answer, nothing reaches a traceback,
the session goes on, and the log stays bounded."""

from __future__ import annotations

import json
import socket
import time

import pytest
import requests

from harness.pages import PageClient
from tests.helpers import start_test_server, texts
from tests.test_polling import HEADER, opened


@pytest.fixture(scope="module")
def server():
    running = start_test_server()
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def log_stays_clean(server):
    """After each test: no traceback, and no line longer than a few hundred bytes."""
    before = len(server.log())
    yield
    added = server.log()[before:]
    assert "Traceback" not in added, added[-3000:]
    assert max((len(line) for line in added.splitlines()), default=0) < 600


def echo_round_trip(page: PageClient, text: str) -> None:
    form = page.next_command("input_group")
    page.submit(form, {"data": text})
    assert page.next_command("output")["spec"]["content"] == f"echo: {text}"


def test_deeply_nested_json_posted_to_a_poll_is_refused_and_the_session_goes_on(server):
    poller = opened(server, "/echo")
    form = poller.until("input_group")
    answer = poller.post_raw("[" * 100_000 + "]" * 100_000, seq=0)
    assert answer.status_code == 200
    assert answer.json()["errors"] == [{"message": "refused a malformed message: the events are not JSON",
                                        "kind": "malformed"}]
    poller.post([{"event": "from_submit", "task_id": form["task_id"], "data": {"data": "fine"}}], seq=1)
    assert poller.until("output")["spec"]["content"] == "echo: fine"


@pytest.mark.parametrize("name", [["from_submit"], {"a": 1}, 7, None, "x" * 900_000])
def test_an_event_of_the_wrong_shape_is_answered_with_a_short_error_over_both_transports(server, name):
    poller = opened(server, "/echo")
    poller.until("input_group")
    answer = poller.post([{"event": name, "task_id": "t", "data": None}], seq=0)
    ((error, kind),) = [(e["message"], e["kind"]) for e in answer["errors"]]
    assert error.startswith("refused a malformed message: unknown event") and len(error) < 300
    assert kind == "malformed"
    with PageClient(server.url, "/echo") as page:
        reply = page.client.call("events", {"ack": 0, "seq": 0, "events": [{"event": name, "task_id": "t"}]},
                                 namespace=page.namespace, timeout=5)
        assert reply == {"ack": 0}
        page.next_event = 1  # event 0 was spent on the refused one
        assert page.next_error().startswith("refused a malformed message: unknown event")
        echo_round_trip(page, "still fine")


def test_a_binary_submit_with_an_absurd_timestamp_is_refused(server):
    poller = opened(server, "/files")
    form = poller.until("input_group")
    event = json.dumps({"event": "from_submit", "task_id": form["task_id"], "data": {"title": "x"}}).encode()
    header = json.dumps({"input_name": "one", "filename": "a", "mime_type": "",
                         "last_modified": 10 ** 400}).encode()
    body = b"".join(len(part).to_bytes(8, "big") + part for part in (event, header, b"abc"))
    headers = {HEADER: poller.session_id, "Content-Type": "application/octet-stream"}
    response = poller.http.post(poller.url, params={"ack": poller.applied, "seq": 0}, data=body, timeout=10,
                                headers=headers)
    assert response.status_code == 200
    (error,) = response.json()["errors"]
    assert error == {"message": "refused a malformed message: a file's last_modified is out of range",
                     "kind": "malformed"}


def test_an_actions_button_chosen_by_a_unicode_digit_is_refused_and_the_page_goes_on(server):
    with PageClient(server.url, "/order") as page:
        form = page.next_command("input_group")
        page.submit(form, {"name": "Ada", "pay": "0", "action": "²"})
        feedback = page.next_command("update_input")
        assert feedback["spec"]["attributes"]["valid_status"] is False
        page.submit(form, {"name": "Ada", "pay": "0", "action": "1"})
        assert page.next_command("output")["spec"]["content"] == "Ada card next"


def test_event_numbers_far_ahead_are_refused_and_cannot_wedge_the_session(server):
    with PageClient(server.url, "/echo") as page:
        form = page.next_command("input_group")
        submit = {"event": "from_submit", "task_id": form["task_id"], "data": {"data": "x"}}
        for bad, error in (
                ({"seq": 2 ** 60, "events": [submit]}, "refused a malformed message: ack and seq must be"),
                ({"seq": 2 ** 52, "events": [submit]}, "refused events numbered from 4503599627370496: "
                                                       "the next expected is 0"),
                ({"seq": 2 ** 52, "events": [{"event": "nonsense"}]}, "refused a malformed message")):
            reply = page.client.call("events", {"ack": 1, **bad}, namespace=page.namespace, timeout=5)
            assert reply == {"ack": -1}  # nothing counted as applied
            assert page.next_error().startswith(error)
        page.client.call("events", {"ack": 1, "seq": 0, "events": [
            {"event": "from_submit", "task_id": form["task_id"], "data": {"data": "after"}}]},
            namespace=page.namespace, timeout=5)
        assert page.next_command("output")["spec"]["content"] == "echo: after"


def test_an_ack_of_batches_never_sent_is_refused_and_nothing_is_dropped(server):
    poller = opened(server, "/echo")
    poller.until("input_group")
    response = poller.http.get(poller.url, params={"ack": 10 ** 9, "wait": 0}, timeout=10,
                               headers={HEADER: poller.session_id})
    assert response.status_code == 403
    assert "only 1 were sent" in response.json()["error"]
    with PageClient(server.url, "/echo") as page:
        form = page.next_command("input_group")
        page.emit({"ack": 10 ** 9, "seq": 0, "events": [{"event": "from_submit", "task_id": form["task_id"],
                                                         "data": {"data": "kept"}}]})
        assert page.next_error() == "refused an acknowledgement of batch 1000000000: only 1 were sent"
        assert page.next_command("output")["spec"]["content"] == "echo: kept"


@pytest.mark.parametrize("reserved", ["disconnect", "connect"])
def test_a_client_event_with_a_reserved_name_is_refused_and_the_session_stays_attached(server, reserved):
    with PageClient(server.url, "/echo") as page:
        page.client.emit(reserved, {"token": page.token}, namespace=page.namespace)
        assert page.next_error() == f"refused an event named {reserved!r}: that name is reserved"
        echo_round_trip(page, "attached")


def test_broken_socketio_frames_cause_no_traceback(server):
    with PageClient(server.url, "/echo", transports=["websocket"]) as page:
        ws = page.client.eio.ws
        for frame in ('42/webui,["events",{', '42/webui,' + "[" * 50_000, "42/webui,5", "4\x00\xff"):
            ws.send(frame)
        echo_round_trip(page, "alive")


def raw_post(server, path: str, headers: dict[str, str], length: int) -> tuple[int, float]:
    """Send only the headers of a POST announcing ``length`` bytes; the status
    of the answer, and how long it took to come (the body is never sent)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {length}",
                 *(f"{k}: {v}" for k, v in headers.items()), "", ""]
        began = time.monotonic()
        connection.sendall("\r\n".join(lines).encode())
        status = connection.recv(4096).split(b"\r\n", 1)[0]
        return int(status.split()[1]), time.monotonic() - began


def test_oversized_bodies_are_refused_with_413_before_they_are_read(server):
    poller = opened(server, "/files")
    poller.until("input_group")
    base = "/files?ack=0&seq=0&client=pywebio"
    cookie = "; ".join(f"{k}={v}" for k, v in poller.http.cookies.items())
    session = {HEADER: poller.session_id, "Cookie": cookie}
    for extra, query in (({"Content-Type": "application/json"}, ""),
                         ({"Content-Type": "application/octet-stream"}, ""),
                         ({"Content-Type": "application/octet-stream"}, "&upload=1&task_id=t&name=n&id=u"
                                                                         "&size=5&offset=0")):
        status, _took = raw_post(server, base + query, {**session, **extra}, 200 * 1024 * 1024)
        assert status == 413
    response = poller.http.post(poller.url, params={"ack": 0, "seq": 0}, data=b"x" * (2 * 1024 * 1024),
                                headers={HEADER: poller.session_id, "Content-Type": "application/json"},
                                timeout=10)
    assert response.status_code == 413
    assert response.json() == {"error": "the request body is larger than 1048576 bytes"}


def test_a_leaked_engineio_sid_grants_nothing_to_another_browser(server):
    with PageClient(server.url, "/echo", transports=["polling"]) as page:
        form = page.next_command("input_group")
        sid = page.client.eio.sid
        packet = '42/webui,' + json.dumps(["events", {"ack": 1, "events": [
            {"event": "from_submit", "task_id": form["task_id"], "data": {"data": "forged"}}]}])
        query = {"EIO": 4, "transport": "polling", "sid": sid}
        stranger = requests.post(f"{server.url}/socket.io/", params=query, data=packet.encode(),
                                 headers={"Content-Type": "text/plain;charset=UTF-8"}, timeout=10)
        assert stranger.status_code == 403
        page.submit(form, {"data": "mine"})
        assert page.next_command("output")["spec"]["content"] == "echo: mine"
        assert "echo: forged" not in texts(page.seen)


# -- in memory, through the headless client -----------------------------------------------

def headless(function, **config):
    from tests.apps import pages

    _app, webui = pages.create_app(**config)
    webui.add_page("/t", function)
    return webui.test_client().open("/t", auto_ack=config.pop("auto_ack", True))


def test_a_click_flood_queues_then_is_refused_and_never_spawns_thousands_of_greenlets():
    import gevent

    from flask_webui.engine.callbacks import MAX_RUNNING, MAX_WAITING
    from flask_webui.input import input
    from flask_webui.output import put_buttons, put_text

    release = gevent.event.Event()
    done = []

    def page_code() -> None:
        def slow(_value: object) -> None:
            release.wait()
            done.append(1)

        put_buttons(["Go"], onclick=slow)
        put_text(input("Done?"))

    page = headless(page_code)
    callback_id = next(c["spec"]["callback_id"] for c in page.commands if c["spec"].get("type") == "buttons")
    for _ in range(20):  # 20 messages of 100 clicks: 2,000 clicks in a burst
        page._send_now({"ack": page.applied_batch,
                        "events": [{"event": "callback", "task_id": callback_id, "data": "0"}] * 100})
    gevent.sleep(0)
    assert len(page.session._tasks) <= MAX_RUNNING + 1  # the page function, waiting in input()
    refused = [e for e in page.errors if e.startswith("refused a click")]
    assert len(refused) == 2000 - MAX_RUNNING - MAX_WAITING
    release.set()
    page.wait_idle()
    assert len(done) == MAX_RUNNING + MAX_WAITING
    page.submit("yes")
    assert page.text.endswith("yes")


def test_a_tab_that_stops_acknowledging_holds_bounded_bytes_and_its_session_ends():
    from flask_webui.engine.sending import ESTIMATE_EVERY
    from flask_webui.output import put_text

    def page_code() -> None:
        for n in range(5000):
            put_text(f"{n:04d} " + "x" * 1000)

    page = headless(page_code, WEBUI_MAX_PENDING_BYTES="64K", WEBUI_RECONNECT_TIMEOUT=0.5, auto_ack=False)
    outbox = page.session.outbox
    # The budget, and at most one estimate's worth of commands beyond it.
    assert outbox.unacked_bytes < 64 * 1024 + ESTIMATE_EVERY * 1100
    assert page.session.wait_closed(5)
    assert page.session.close_reason == "the browser stopped acknowledging"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "  javascript:alert(1)",
                                 "java\tscript:alert(1)", "\x01javascript:alert(1)", "vbscript:msgbox(1)",
                                 "data:text/html,<script>alert(1)</script>"])
def test_links_and_images_that_would_run_script_are_refused(url):
    from flask_webui.output import put_image, put_link, put_text

    def page_code() -> None:
        for attempt in (lambda: put_link("x", url=url), lambda: put_image(url)):
            try:
                attempt()
            except ValueError as error:
                put_text(f"refused: {error}")
        put_link("fine", url="https://example.org/")
        put_image("data:image/png;base64,iVBORw0KGgo=")
        put_link("mine", url=url, allow_unsafe_url=True)  # the page vouches for it

    page = headless(page_code)
    lines = page.text.splitlines()
    assert lines[0].startswith("refused: put_link() with a ")
    assert lines[1].startswith("refused: put_image() with a ")
    assert len([c for c in page.commands if c["command"] == "output"]) == 5


def test_a_50_mib_websocket_frame_is_refused_before_it_is_read(server):
    import struct

    import websocket

    bystander = PageClient(server.url, "/echo")
    url = server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
    ws = websocket.create_connection(url, timeout=10)
    try:
        ws.recv()  # Engine.IO open
        size = 50 * 1024 * 1024
        header = bytes([0x81, 0x80 | 127]) + struct.pack(">Q", size) + b"\x00\x00\x00\x00"
        ws.sock.sendall(header + b"x" * 65536)  # announces 50 MiB, sends 64 KiB of it
        began = time.monotonic()
        with pytest.raises((websocket.WebSocketConnectionClosedException, ConnectionError, OSError)):
            while True:
                ws.recv()  # the server drops the connection instead of reading on
        assert time.monotonic() - began < 5
        echo_round_trip(bystander, "unharmed")
    finally:
        ws.close()
        bystander.close()
