"""The Socket.IO transport against a real gevent server on 127.0.0.1."""

import json

import requests
import socketio
import websocket

from harness.pages import PageClient, cookie_header, page_config
from harness.processes import wait_until
from tests.helpers import texts


def test_page_round_trip_over_websocket(live_server):
    with PageClient(live_server.url, "/echo", transports=["polling", "websocket"]) as page:
        form = page.next_command("input_group")
        assert form["spec"]["inputs"][0]["type"] == "text"
        page.submit(form, {"data": "hi"})
        assert page.next_command("destroy_form")["task_id"] == form["task_id"]
        output = page.next_command("output")
        assert output["spec"]["content"] == "echo: hi"
        page.next_command("input_group")
        # The connection was upgraded from polling to a real WebSocket.
        assert page.transport == "websocket"


def test_socketio_long_polling_fallback_still_works(live_server):
    with PageClient(live_server.url, "/echo", transports=["polling"]) as page:
        form = page.next_command("input_group")
        page.submit(form, {"data": "over polling"})
        assert page.next_command("output")["spec"]["content"] == "echo: over polling"
        assert page.transport == "polling"


def test_a_submit_is_answered_by_its_batch_which_says_which_events_were_applied(live_server):
    # The page asks for no Socket.IO acknowledgement: the batch with the echo
    # and the next form is the answer (an ack, then the batch, was two writes
    # per submit), and it names the last event applied.
    http = requests.Session()
    config = page_config(live_server.url + "/echo", http)
    prefix = config["namespace"] + ","
    url = live_server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
    ws = websocket.create_connection(url, header=[f"Cookie: {cookie_header(http)['Cookie']}"], timeout=10)
    try:
        ws.recv()  # Engine.IO open
        first = config["firstBatch"]
        ws.send("40" + prefix + json.dumps({"token": config["token"], "ack": first["seq"], "client": "one"}))
        form = next(c for c in first["commands"] if c["command"] == "input_group")
        arrived = packets_until(ws, '"attached"')
        ws.send("42" + prefix + json.dumps(["events", {"ack": first["seq"], "seq": 0, "events": [
            {"event": "from_submit", "task_id": form["task_id"], "data": {"data": "one frame"}}]}]))
        arrived = packets_until(ws, "echo: one frame")
        # No Socket.IO ack packet ("43"); on a slow machine an events_applied may come first.
        assert [p[:2] for p in arrived] == ["42"] * len(arrived)
        assert all('"events_applied"' in p for p in arrived[:-1])
        name, batch = json.loads(arrived[-1][len(prefix) + 2:])
        assert name == "commands" and batch["applied"] == 0
        assert [c["command"] for c in batch["commands"]][-1] == "input_group"
    finally:
        ws.close()


def packets_until(ws: websocket.WebSocket, marker: str) -> list[str]:
    """The Socket.IO packets received up to the first that holds ``marker``
    (Engine.IO pings answered, not listed)."""
    packets = []
    while True:
        packet = ws.recv()
        if packet == "2":
            ws.send("3")
            continue
        packets.append(packet)
        if marker in packet:
            return packets


def test_events_that_no_batch_answers_are_confirmed_on_their_own(live_server):
    with PageClient(live_server.url, "/silent-clicks") as page:
        buttons = page.next_command("output")
        page.send("callback", buttons["spec"]["callback_id"], "0")
        wait_until(lambda: page.events_applied == 0, what="the server to say it applied the click")
        # A client that asks for a Socket.IO acknowledgement (a page of an older release) still gets one.
        reply = page.client.call("events", {"ack": page.last_seq, "seq": page.next_event, "events": [
            {"event": "callback", "task_id": buttons["spec"]["callback_id"], "data": "0"}]},
            namespace=page.namespace, timeout=5)
        assert reply == {"ack": 1}


def test_malformed_events_get_an_error_and_the_session_goes_on(live_server):
    with PageClient(live_server.url, "/echo") as page:
        form = page.next_command("input_group")
        page.emit("not an object")
        assert "malformed message" in page.next_error()
        page.emit({"events": [{"event": "format_disk", "task_id": form["task_id"], "data": None}]})
        assert "unknown event 'format_disk'" in page.next_error()
        page.send("callback", "c404", "0")
        assert "unknown callback 'c404'" in page.next_error()
        page.send("from_submit", "no-such-task", {"data": "x"})
        assert "nothing waits for it" in page.next_error()
        page.submit(form, {"data": "still alive"})
        assert page.next_command("output")["spec"]["content"] == "echo: still alive"


def test_validation_error_arrives_as_update_input(live_server):
    with PageClient(live_server.url, "/validate") as page:
        form = page.next_command("input_group")
        page.submit(form, {"data": 10})
        update = page.next_command("update_input")
        assert update["spec"] == {"target_name": "data",
                                  "attributes": {"valid_status": False, "invalid_feedback": "Too young"}}
        page.submit(form, {"data": 40})
        assert page.next_command("output")["spec"]["content"] == "age 40"


def refusal(url: str, namespace: str, auth: object, headers: dict[str, str] | None = None) -> str:
    """Connect with ``auth`` (and HTTP ``headers``) and return why the server refused."""
    client = socketio.Client(reconnection=False)
    refusals: list = []
    client.on("connect_error", refusals.append, namespace=namespace)
    try:
        client.connect(url, namespaces=[namespace], auth=auth, wait_timeout=5, headers=headers or {})
    except socketio.exceptions.ConnectionError:
        return str(refusals[0]["message"]) if refusals else "no reason given"
    client.disconnect()
    raise AssertionError(f"the server accepted {auth!r}")


def test_forged_or_missing_token_is_refused(live_server):
    config = page_config(live_server.url + "/echo")
    for auth in ({"token": config["token"][:-3] + "abc"}, {"token": 42}, None):
        assert "session token" in refusal(live_server.url, config["namespace"], auth)


def test_reconnect_with_the_same_token_resumes_and_replays_what_was_missed(live_server):
    page = PageClient(live_server.url, "/callbacks")
    buttons = page.next_command("output")
    form = page.next_command("input_group")
    seq_before = page.last_seq
    page.close()
    # While the browser is away, nothing runs; it reconnects within the window.
    page.connect(ack=seq_before)
    page.send("callback", buttons["spec"]["callback_id"], "0")
    assert page.next_command("output")["spec"]["content"] == "clicked 1 (int) #1"
    page.submit(form, {"data": "back"})
    assert page.next_command("output")["spec"]["content"] == "name back"
    page.close()


def test_each_page_load_gets_its_own_session(live_server):
    first = PageClient(live_server.url, "/echo")
    second = PageClient(live_server.url, "/echo")
    try:
        assert first.token != second.token
        form_a, form_b = first.next_command("input_group"), second.next_command("input_group")
        first.submit(form_a, {"data": "a"})
        second.submit(form_b, {"data": "b"})
        assert first.next_command("output")["spec"]["content"] == "echo: a"
        assert second.next_command("output")["spec"]["content"] == "echo: b"
    finally:
        first.close()
        second.close()


def test_page_request_context_comes_from_the_browser(live_server):
    http = requests.Session()
    http.get(live_server.url + "/login/alice", timeout=5)
    with PageClient(live_server.url, "/context?q=42", http=http, headers={"User-Agent": "probe/2"}) as page:
        output = page.next_command("output")
        assert output["spec"]["content"] == "q=42 agent=probe/2 user=alice path=/context"


def test_many_outputs_arrive_in_order_in_few_batches(live_server):
    with PageClient(live_server.url, "/flood?n=2000") as page:
        page.next_command("input_group", timeout=10)
        lines = texts(page.seen)
        assert lines == [f"line {i}" for i in range(2000)] + ["flood done"]
        assert page.last_seq <= 3


def test_resuming_a_session_that_is_gone_is_refused(live_server):
    http = requests.Session()
    http.cookies.set("webui_reload", "1")  # so the page request starts no session
    config = page_config(live_server.url + "/echo", http)
    auth = {"token": config["token"], "ack": 5}
    assert "session has ended" in refusal(live_server.url, config["namespace"], auth, cookie_header(http))


def test_a_file_uploads_in_chunks_and_bad_chunks_are_refused(live_server):
    with PageClient(live_server.url, "/files") as page:
        form = page.next_command("input_group")
        task = form["task_id"]
        content = bytes(range(256)) * 1201  # 307,456 bytes: over the field's 300 KiB
        chunk = {"task_id": task, "name": "one", "id": "u1", "size": len(content), "offset": 0,
                 "data": content[:1000]}
        assert page.upload(chunk) == {"error": "the file is larger than 300 KiB"}
        content = content[:250_000]
        received = 0
        while received < len(content):
            part = content[received:received + 100_000]
            answer = page.upload({**chunk, "size": len(content), "offset": received, "data": part})
            received = answer["received"]
        assert received == len(content)
        assert page.upload({**chunk, "name": "nope"}) == {"error": "no open form takes a file for 'nope'"}
        assert page.upload({**chunk, "data": "text, not bytes"}) == {"error": "upload data must be binary"}
        assert page.upload("junk") == {"error": "an upload chunk must be an object"}
        page.upload({**chunk, "name": "many", "id": "u2", "size": 3, "offset": 0, "data": b"abc"})
        page.submit(form, {"title": "Hi", "one": {"upload": "u1", "filename": "x.bin"},
                           "many": [{"upload": "u2", "filename": "y"}]})
        assert texts([page.next_command("output") for _ in range(3)]) == [
            "title=Hi", f"one=x.bin 250000 bytes  sum={sum(content)}", f"many=y 3 sum={sum(b'abc')}"]


def test_user_ip_is_the_address_the_page_request_had_behind_proxyfix(live_server):
    http = requests.Session()
    http.headers["X-Forwarded-For"] = "203.0.113.9"  # the test app trusts one proxy
    # The Socket.IO connect carries no such header.
    with PageClient(live_server.url, "/whoami", http=http) as page:
        assert page.next_command("output")["spec"]["content"] == "ip 203.0.113.9"
