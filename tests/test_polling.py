"""HTTP polling at each page's URL: PyWebIO 1.8's protocol, driven by plain
HTTP and by PyWebIO's own browser client."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import requests
from playwright.sync_api import expect

from harness.pages import page_config
from harness.processes import wait_until

HEADER = "webio-session-id"


class Poller:
    """A browser speaking PyWebIO's HTTP protocol to one page."""

    def __init__(self, url: str, session_id: str, http: requests.Session | None = None) -> None:
        self.url = url
        self.session_id = session_id
        self.http = http or requests.Session()
        self.applied = -1  # the last message applied
        self.commands: list[dict] = []

    def request(self, method: str, **params: object) -> requests.Response:
        data = params.pop("body", None)
        headers = {HEADER: self.session_id}
        if data is not None:
            headers["Content-Type"] = "application/json"
        return self.http.request(method, self.url, params={"ack": self.applied, **params}, data=data,
                                 headers=headers, timeout=10)

    def take(self, answer: dict) -> dict:
        """Apply an answer as PyWebIO's client does; return it."""
        fresh = answer["commands"][self.applied - answer["seq"] + 1:]
        for message in fresh:
            self.commands.extend(message)
        self.applied = max(self.applied, answer["seq"] + len(answer["commands"]) - 1)
        return answer

    def poll(self) -> dict:
        response = self.request("GET")
        response.raise_for_status()
        if response.headers.get(HEADER):
            self.session_id = response.headers[HEADER]
        return self.take(response.json())

    def post(self, events: list[dict], seq: int) -> dict:
        response = self.request("POST", seq=seq, body=json.dumps(events))
        response.raise_for_status()
        return self.take(response.json())

    def post_raw(self, body: str, seq: int) -> requests.Response:
        """POST ``body`` as it is (no JSON encoding): what a broken client sends."""
        return self.request("POST", seq=seq, body=body)

    def until(self, name: str) -> dict:
        while True:
            for index, command in enumerate(self.commands):
                if command["command"] == name:
                    del self.commands[: index + 1]
                    return command
            self.commands.clear()
            self.poll()


def opened(live_server, path: str) -> Poller:
    """A browser that loaded the page at ``path`` and polls with its token."""
    http = requests.Session()
    return Poller(live_server.url + path, page_config(live_server.url + path, http)["token"], http)


def test_a_held_poll_whose_browser_hangs_up_lets_go_at_once(live_server):
    # A tab closed during a long poll: the server notices the closed
    # connection now, not when the poll's 25 s are over, and the session's
    # reconnect window starts.
    poller = opened(live_server, "/echo")
    poller.until("input_group")
    held = lambda: requests.get(f"{live_server.url}/_probe/held-polls", timeout=5).text  # noqa: E731
    before = int(held())
    cookie = "; ".join(f"{k}={v}" for k, v in poller.http.cookies.items())
    with socket.create_connection(("127.0.0.1", live_server.port)) as browser:
        browser.sendall(f"GET /echo?ack={poller.applied} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        f"{HEADER}: {poller.session_id}\r\nCookie: {cookie}\r\n\r\n".encode())
        wait_until(lambda: int(held()) == before + 1, what="the poll to be held")
    wait_until(lambda: int(held()) == before, timeout=10, what="the server to let the poll go")


def test_test_parameter_says_this_is_an_http_backend(live_server):
    assert requests.get(live_server.url + "/echo?test=1", timeout=5).text == "ok"


def test_a_new_id_starts_a_session_and_the_answer_hands_over_a_token(live_server):
    poller = Poller(live_server.url + "/echo", "NEW-abcdefghijklmnopqrstuvwx")
    form = poller.until("input_group")
    assert not poller.session_id.startswith("NEW-")  # now our signed token
    submit = {"event": "from_submit", "task_id": form["task_id"], "data": {"data": "hi"}}
    answer = poller.post([submit], seq=0)
    assert answer["ack"] == 0
    assert poller.until("output")["spec"]["content"] == "echo: hi"


def test_under_pywebios_client_which_presents_no_tab_each_page_is_its_own_tab(live_server):
    browser = requests.Session()  # one browser, two pages of it
    first = Poller(live_server.url + "/tab-visits", "NEW-firstpageofthisbrowser0", browser)
    second = Poller(live_server.url + "/tab-visits", "NEW-secondpageofthisbrowser", browser)
    for page in (first, second):
        assert page.until("output")["spec"]["content"] == "visit 1 of this tab"


def test_a_retried_post_is_applied_once(live_server):
    poller = opened(live_server, "/echo")
    form = poller.until("input_group")
    submit = [{"event": "from_submit", "task_id": form["task_id"], "data": {"data": "once"}}]
    poller.post(submit, seq=0)
    assert poller.until("output")["spec"]["content"] == "echo: once"
    form = poller.until("input_group")
    again = poller.post(submit, seq=0)  # the same POST again, as after a lost answer
    assert again["ack"] == 0
    poller.post([{"event": "from_submit", "task_id": form["task_id"], "data": {"data": "twice"}}], seq=1)
    assert poller.until("output")["spec"]["content"] == "echo: twice"


def test_a_waiting_poll_answers_as_soon_as_commands_are_ready(live_server):
    poller = opened(live_server, "/echo")
    form = poller.until("input_group")
    answers: list[dict] = []
    waiting = threading.Thread(target=lambda: answers.append(poller.request("GET").json()))
    waiting.start()
    poller.post([{"event": "from_submit", "task_id": form["task_id"], "data": {"data": "now"}}], seq=0)
    waiting.join(10)
    sent = [c for message in answers[0]["commands"] for c in message]
    assert [c["spec"]["content"] for c in sent if c["command"] == "output"] == ["echo: now"]


def test_malformed_events_are_answered_with_an_error_and_the_page_goes_on(live_server):
    poller = opened(live_server, "/echo")
    form = poller.until("input_group")
    answer = poller.post([{"event": "explode", "task_id": form["task_id"]}], seq=0)
    assert "unknown event 'explode'" in answer["errors"][0]["message"]
    assert answer["errors"][0]["kind"] == "malformed"
    assert answer["ack"] == 0  # counted, so the browser stops sending it
    response = poller.request("POST", seq=1, body="{not json")
    assert response.status_code == 200 and "malformed" in response.json()["errors"][0]["message"]
    poller.post([{"event": "from_submit", "task_id": form["task_id"], "data": {"data": "fine"}}], seq=2)
    assert poller.until("output")["spec"]["content"] == "echo: fine"


def test_a_post_cannot_start_a_session(live_server):
    response = requests.post(live_server.url + "/echo?ack=-1&seq=0", data="[]",
                             headers={HEADER: "NEW-nobodyknowsthisoneyet1"}, timeout=5)
    assert response.status_code == 403


def test_an_ended_session_is_answered_with_close_session(live_server):
    poller = opened(live_server, "/broken")
    assert poller.until("close_session")
    assert poller.poll()["commands"] == []  # acknowledges the end: the session is forgotten
    assert poller.poll()["commands"] == [[{"command": "close_session", "task_id": None, "spec": {}}]]


def test_forged_and_other_browsers_tokens_get_403_and_are_logged(live_server):
    http = requests.Session()
    token = page_config(live_server.url + "/echo", http)["token"]
    forged = requests.get(live_server.url + "/echo?ack=-1", headers={HEADER: token[:-4] + "AAAA"},
                          cookies=http.cookies, timeout=5)
    assert forged.status_code == 403 and forged.json()["error"] == "the session token is not valid"
    stolen = requests.get(live_server.url + "/echo?ack=-1", headers={HEADER: token}, timeout=5)
    assert stolen.status_code == 403
    assert stolen.json()["error"] == "the session token was issued to another browser; reload the page"
    assert "refused an HTTP poll" in live_server.log()


def test_a_token_for_another_page_gets_403(live_server):
    http = requests.Session()
    token = page_config(live_server.url + "/echo", http)["token"]
    response = http.get(live_server.url + "/types?ack=-1", headers={HEADER: token}, timeout=5)
    assert response.status_code == 403 and response.json()["error"] == "the session token is for another page"


# -- PyWebIO's own browser client --------------------------------------------------


def pywebio_client(page, live_server, path):
    page.goto(f"{live_server.url}/pywebio-client/?pywebio_api={path}")


def settled(page) -> None:
    """Wait until PyWebIO's client has no jQuery animation running: it fades
    its forms in, and a click during the fade is lost (on PyWebIO's own
    server too, about 1 in 6 tries), as a person's would be."""
    page.wait_for_function("window.jQuery !== undefined && jQuery(':animated').length === 0")


def test_pywebio_client_fills_a_form(page, live_server):
    pywebio_client(page, live_server, "/echo")
    page.locator("input[name=data]").wait_for()
    settled(page)
    page.locator("input[name=data]").fill("from PyWebIO")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("echo: from PyWebIO")).to_be_visible()
    expect(page.locator("input[name=data]")).to_have_count(1)  # the answered form has faded out
    settled(page)
    page.locator("input[name=data]").fill("again")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("echo: again")).to_be_visible()


def test_pywebio_client_clicks_a_button_callback(page, live_server):
    pywebio_client(page, live_server, "/callbacks")
    page.get_by_role("button", name="Two").wait_for()
    settled(page)
    page.get_by_role("button", name="Two").click()
    expect(page.get_by_text("clicked 2.5 (float) #1")).to_be_visible()
    page.get_by_role("button", name="Three").click()
    expect(page.get_by_text("clicked (3, 'x') (tuple) #2")).to_be_visible()


def test_pywebio_client_uploads_files(page, live_server, tmp_path: Path):
    one, many = tmp_path / "one.bin", tmp_path / "many.txt"
    one.write_bytes(bytes(range(256)) * 100)
    many.write_bytes(b"hello")
    pywebio_client(page, live_server, "/files")
    page.locator("input[name=title]").wait_for()
    settled(page)
    page.locator("input[name=title]").fill("Hi")
    page.locator("input[name=one]").set_input_files(one)
    page.locator("input[name=many]").set_input_files(many)
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("title=Hi")).to_be_visible()
    one_line = f"one=one.bin 25600 bytes application/octet-stream sum={sum(one.read_bytes())}"
    expect(page.get_by_text(one_line)).to_be_visible()
    expect(page.get_by_text(f"many=many.txt 5 sum={sum(b'hello')}")).to_be_visible()
