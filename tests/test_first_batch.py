"""The page carries its first batch: the page function runs with the page
request until it waits for the user, so the first form needs no round trip;
the connection then takes over with nothing lost or repeated."""

import json
import re

import gevent
import gevent.event
from playwright.sync_api import expect

from flask_webui.input import input
from flask_webui.output import put_text
from flask_webui.session import defer_call
from harness.pages import PageClient, page_config
from tests.apps import pages
from tests.helpers import open_resumable, texts

CONFIG = re.compile(r'<script id="webui-config" type="application/json">(.*?)</script>', re.S)


def config_of(response) -> dict:
    return json.loads(CONFIG.search(response.get_data(as_text=True)).group(1))


def app_with(function, **settings):
    app, webui = pages.create_app(**settings)
    webui.add_page("/t", function)
    return app, webui


def test_the_page_carries_its_first_form_and_the_connection_goes_on_from_it(live_server):
    config = page_config(live_server.url + "/echo")
    assert [c["command"] for c in config["firstBatch"]["commands"]] == ["input_group"]
    with PageClient(live_server.url, "/echo") as page:  # applies that batch, connects saying so
        form = page.next_command("input_group")
        page.submit(form, {"data": "hi"})
        assert page.next_command("output")["spec"]["content"] == "echo: hi"
        page.next_command("input_group")
        assert [c["command"] for c in page.seen].count("input_group") == 2  # the first one once


def test_a_page_slower_than_the_wait_sends_the_rest_over_the_connection():
    def slow() -> None:
        put_text("first")
        gevent.sleep(1)  # page code busy beyond WEBUI_FIRST_BATCH_WAIT
        put_text("second")
        input("Name")

    app, webui = app_with(slow, WEBUI_FIRST_BATCH_WAIT=0.05)
    first = config_of(app.test_client().get("/t"))["firstBatch"]
    assert [c["command"] for c in first["commands"]] == ["output"]
    page = webui.test_client().open("/t")
    page.wait_idle(timeout=5)
    assert texts(page.commands) == ["first", "second"]
    assert page.commands[-1]["command"] == "input_group"


def test_a_page_that_ends_at_once_runs_once_and_its_end_reaches_a_late_client():
    runs = []

    def instant() -> None:
        runs.append(1)
        put_text("all of it")

    app, webui = app_with(instant)
    first = config_of(app.test_client().get("/t"))["firstBatch"]
    assert [c["command"] for c in first["commands"]] == ["output", "close_session"]
    # The test client applies that batch as the browser does and does not connect.
    page = webui.test_client().open("/t")
    assert page.closed and texts(page.commands) == ["all of it"]
    assert len(runs) == 2  # two page loads, one run each: never a second run for one token


def test_a_page_nobody_connects_to_ends_after_the_reconnect_window():
    ended = gevent.event.Event()

    def waiting() -> None:
        defer_call(ended.set)
        input("Anyone?")

    app, webui = app_with(waiting, WEBUI_RECONNECT_TIMEOUT=0.5)
    assert config_of(app.test_client().get("/t"))["firstBatch"] is not None
    assert len(webui.registry) == 1
    assert ended.wait(10), "the session did not end"
    gevent.sleep(0)
    assert len(webui.registry) == 0


def test_no_early_start_when_turned_off_for_head_requests_or_a_reload_that_resumes():
    started = []

    def page_code() -> None:
        started.append(1)
        input("Name")

    app, webui = app_with(page_code)
    http = app.test_client()
    assert http.head("/t").status_code == 200
    http.set_cookie("webui_reload", "1")
    assert config_of(http.get("/t"))["firstBatch"] is None
    assert started == [] and len(webui.registry) == 0
    app, webui = app_with(page_code, WEBUI_FIRST_BATCH_WAIT=0)
    assert config_of(app.test_client().get("/t"))["firstBatch"] is None
    assert started == [] and len(webui.registry) == 0


def run_number(page) -> int:
    text = page.locator("#pywebio-scope-ROOT").get_by_text(re.compile(r"^run \d+$")).first.inner_text()
    return int(text.split()[1])


def test_a_reload_that_resumes_starts_no_page_function_of_its_own(page, browser, live_server):
    open_resumable(page, live_server.url + "/resume-form")
    run = run_number(page)
    page.get_by_label("Your name").fill("Ada")
    page.reload()
    expect(page.get_by_label("Your name")).to_have_value("Ada")
    assert run_number(page) == run
    # The next start of any page function is the next number: the reload started none.
    other = browser.new_context().new_page()
    other.goto(live_server.url + "/no-resume")
    assert run_number(other) == run + 1
    other.context.close()


def test_the_first_load_is_the_page_one_stylesheet_one_script_and_a_websocket(page, live_server):
    requests = []
    page.on("request", lambda request: requests.append(request.url.removeprefix(live_server.url)))
    page.on("websocket", lambda socket: requests.append(socket.url))
    page.goto(live_server.url + "/echo")
    page.get_by_label("Say something").fill("hi")
    page.keyboard.press("Enter")
    expect(page.get_by_text("echo: hi")).to_be_visible()
    assert page.evaluate("window.webui.transport.transportName") == "websocket"
    # Bootstrap's rest, the Socket.IO client and the HTML sanitizer come after the form.
    later = [url for url in requests if "webui-rest-" in url or "/chunks/" in url]
    named = {re.sub(r"-[A-Z0-9]{8}\.", "-HASH.", url) for url in later if "/chunks/chunk-" not in url}
    assert named == {"/_webui/static/chunks/sanitize-HASH.js", "/_webui/static/chunks/socketio-HASH.js",
                     "/_webui/static/webui-rest-HASH.css"}, requests  # (chunk-*: code the chunks share)
    first = [url for url in requests if url not in later]
    assert len(first) == 4, requests
    assert first[0] == "/echo"
    assert sorted(re.sub(r"-[A-Z0-9]{8}\.", "-HASH.", url) for url in first[1:3]) == [
        "/_webui/static/webui-HASH.css", "/_webui/static/webui-HASH.js"]
    assert "transport=websocket" in first[3] and "sid=" not in first[3]  # no long-polling handshake first
