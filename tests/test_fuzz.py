"""Property-based fuzzing of what a browser may send, against a live server
over both transports: events, messages, upload chunks and HTTP bodies drawn
from the protocol's own grammar and from mutations of it (wrong types, huge
and negative numbers, deep nesting, unicode digits, reserved names,
duplicates, out-of-order numbers). After each example the server has answered
(with a clear error or by applying it), the session still works, another
session is untouched, and the log holds no traceback.

``FUZZ_EXAMPLES=100000 ./scripts/test.sh -k fuzz`` runs the long version.
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from flask_webui.protocol import EVENT_NAMES
from harness.pages import PageClient
from tests.helpers import start_test_server
from tests.test_polling import HEADER, opened

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
# No shrinking: a failure against a live server can cost seconds per try; the
# first falsifying example is reported as it came.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                phases=(Phase.explicit, Phase.reuse, Phase.generate),
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# -- the grammar and its mutations ---------------------------------------------------------

numbers = st.one_of(st.integers(-2, 5), st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
                    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(["1", "²", "١", "0x1"]))
texts = st.one_of(st.text(max_size=12), st.sampled_from(["", "²", "connect", "disconnect", "x" * 5000]))
json_values = st.recursive(st.one_of(st.none(), st.booleans(), numbers, texts),
                           lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                   st.dictionaries(texts, inner, max_size=4)),
                           max_leaves=12)
deep = st.integers(1, 3000).map(lambda depth: json.loads("[" * min(depth, 900) + "]" * min(depth, 900)))
event_names = st.one_of(st.sampled_from(sorted(EVENT_NAMES)), texts, json_values)
events = st.one_of(
    st.fixed_dictionaries({"event": event_names, "task_id": st.one_of(texts, json_values),
                           "data": st.one_of(json_values, deep)}),
    json_values)
messages = st.one_of(
    st.fixed_dictionaries({"ack": st.one_of(numbers, st.none()), "seq": st.one_of(numbers, st.none()),
                           "events": st.one_of(st.lists(events, max_size=5), json_values)}),
    events, json_values)
chunks = st.fixed_dictionaries({"task_id": texts, "name": texts, "id": texts, "size": numbers,
                                "offset": numbers, "data": st.one_of(st.binary(max_size=64), texts)})


# -- the pages under attack -------------------------------------------------------------------

@pytest.fixture(scope="module")
def server():
    running = start_test_server()
    yield running
    running.stop()


def no_traceback(server, before: int) -> None:
    added = server.log()[before:]
    assert "Traceback" not in added, added[-3000:]
    assert max((len(line) for line in added.splitlines()), default=0) < 600


class Echo:
    """An /echo page over Socket.IO, and the proof that it still works."""

    def __init__(self, server) -> None:
        self.page = PageClient(server.url, "/echo")
        self.form = self.page.next_command("input_group")
        self.rounds = 0

    def call(self, message: object) -> object:
        return self.page.client.call("events", message, namespace=self.page.namespace, timeout=3)

    def still_works(self, next_event: int) -> None:
        self.rounds += 1
        text = f"alive {self.rounds}"
        reply = self.call({"ack": self.page.last_seq, "seq": next_event, "events": [
            {"event": "from_submit", "task_id": self.form["task_id"], "data": {"data": text}}]})
        assert isinstance(reply, dict) and reply["ack"] >= next_event
        self.page.wait_for(lambda c: c["command"] == "output" and c["spec"]["content"] == f"echo: {text}")
        self.form = self.page.next_command("input_group")


@pytest.fixture(scope="module")
def bystander(server):
    page = Echo(server)
    yield page
    page.still_works(page.call({"ack": page.page.last_seq, "events": []})["ack"] + 1)  # untouched
    page.page.close()


def test_fuzzed_socketio_messages_are_answered_and_the_session_goes_on(server, bystander):
    echo = Echo(server)

    @FUZZ
    @given(message=messages)
    def attack(message: object) -> None:
        before = len(server.log())
        reply = echo.call(message)
        assert isinstance(reply, dict) and isinstance(reply["ack"], int)  # always answered
        echo.still_works(reply["ack"] + 1)
        no_traceback(server, before)

    try:
        attack()
    finally:
        echo.page.close()


def test_fuzzed_upload_chunks_are_answered(server, bystander):
    page = PageClient(server.url, "/files")

    @FUZZ
    @given(chunk=st.one_of(chunks, json_values))
    def attack(chunk: object) -> None:
        before = len(server.log())
        answer = page.upload(chunk)
        assert isinstance(answer, dict) and set(answer) <= {"error", "received"} and answer
        no_traceback(server, before)

    try:
        attack()
        form = page.next_command("input_group")
        assert form["spec"]["inputs"][0]["name"] == "title"  # the page still waits for its form
    finally:
        page.close()


def test_fuzzed_http_polling_bodies_are_answered_and_the_session_goes_on(server, bystander):
    poller = opened(server, "/echo")
    form = poller.until("input_group")
    state = {"next": 0, "round": 0}

    @FUZZ
    @given(body=st.one_of(messages.map(lambda m: json.dumps(m, allow_nan=True).encode()),
                          st.binary(max_size=64), st.integers(1, 5000).map(lambda n: b"[" * n)),
           seq=st.one_of(st.integers(-3, 3), st.sampled_from(["x", "2", "²", str(2 ** 64)])),
           ack=st.sampled_from(["", "-1", "0", "1", "x", str(10 ** 9)]))
    def attack(body: bytes, seq: object, ack: str) -> None:
        before = len(server.log())
        response = poller.http.post(poller.url, params={"ack": ack or poller.applied, "seq": seq}, data=body,
                                    headers={HEADER: poller.session_id, "Content-Type": "application/json"},
                                    timeout=10)
        assert response.status_code in (200, 400, 403, 413), response.status_code
        assert isinstance(response.json(), dict)
        if response.status_code == 200:
            poller.take(response.json())
            state["next"] = max(state["next"], response.json()["ack"] + 1)
        state["round"] += 1
        text = f"alive {state['round']}"
        answer = poller.post([{"event": "from_submit", "task_id": form["task_id"], "data": {"data": text}}],
                             seq=state["next"])
        state["next"] = answer["ack"] + 1
        assert poller.until("output")["spec"]["content"] == f"echo: {text}"
        form.update(poller.until("input_group"))
        no_traceback(server, before)

    attack()
