"""Reloading the tab continues the running page; a newer tab takes a session
over; tokens do not work in another browser."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import expect

from harness.pages import cookie_header, page_config
from harness.processes import ServerProcess
from tests.helpers import open_resumable, start_test_server
from tests.test_socketio import refusal

ROOT_TEXTS = "Array.from(document.querySelectorAll('#pywebio-scope-ROOT > *'), e => e.textContent)"


def run_number(page) -> str:
    return page.get_by_text("run ").inner_text()


def test_reload_in_the_middle_of_an_input_shows_the_page_as_it_was(page, live_server):
    open_resumable(page, live_server.url + "/resume-form")
    run = run_number(page)
    page.get_by_label("Note").fill("changed")
    page.get_by_label("Your name").fill("Ada")
    page.reload()
    expect(page.get_by_label("Your name")).to_have_value("Ada")
    expect(page.get_by_label("Note")).to_have_value("changed")
    assert run_number(page) == run  # the same run of the page function, not a new one
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("hello Ada, note=changed")).to_be_visible()


def test_reload_before_the_page_acknowledged_anything_still_restores_what_was_typed(page, live_server):
    open_resumable(page, live_server.url + "/resume-form")
    run = run_number(page)
    page.evaluate("window.webui.scheduleAck = () => {}")  # the reload comes before any acknowledgement
    page.get_by_label("Your name").fill("Ada")
    page.reload()
    expect(page.get_by_label("Your name")).to_have_value("Ada")
    assert run_number(page) == run


def test_reload_in_the_middle_of_a_long_output_misses_nothing(page, live_server):
    page.goto(live_server.url + "/count-out?n=400")
    expect(page.get_by_text("line 60", exact=True)).to_be_visible()
    page.reload()
    expect(page.get_by_text("all sent")).to_be_visible(timeout=20_000)
    assert page.evaluate(ROOT_TEXTS) == [f"line {i}" for i in range(400)] + ["all sent"]
    page.get_by_role("textbox").fill("end")
    page.keyboard.press("Enter")
    expect(page.get_by_text("then end")).to_be_visible()


def test_a_page_that_opts_out_starts_afresh_on_reload(page, live_server):
    page.goto(live_server.url + "/no-resume")
    run = run_number(page)
    page.reload()
    expect(page.get_by_text("run ")).not_to_have_text(run)
    page.get_by_role("textbox").fill("new")
    page.keyboard.press("Enter")
    expect(page.get_by_text("got new")).to_be_visible()


def test_a_newer_tab_takes_the_session_over_and_the_older_is_told(page, live_server):
    open_resumable(page, live_server.url + "/resume-form")
    run = run_number(page)
    stored = page.evaluate("JSON.stringify(Object.entries(sessionStorage))")
    newer = page.context.new_page()  # a duplicated tab: same cookies, a copy of the tab's storage
    newer.goto(live_server.url + "/clicks/none")
    newer.evaluate(f"for (const [k, v] of {stored}) sessionStorage.setItem(k, v)")
    newer.goto(live_server.url + "/resume-form")
    expect(newer.get_by_text(run)).to_be_visible()
    expect(page.locator("#webui-status")).to_have_text("this page is open in another tab")
    newer.get_by_label("Your name").fill("Bo")
    newer.get_by_role("button", name="Submit").click()
    expect(newer.get_by_text("hello Bo, note=first")).to_be_visible()


def test_a_token_replayed_from_another_browser_is_refused_and_logged(browser, live_server):
    first, second = browser.new_context(), browser.new_context()
    try:
        page = first.new_page()
        page.goto(live_server.url + "/echo")
        token = page.evaluate("JSON.parse(document.getElementById('webui-config').textContent).token")
        other = second.new_page()
        other.goto(live_server.url + "/types")  # the other browser has a Flask session of its own
        status = other.evaluate("""async (token) => (await fetch('/echo?ack=-1',
            {headers: {'webio-session-id': token}})).status""", token)
        assert status == 403
        assert "the session token was issued to another browser" in live_server.log()
    finally:
        first.close()
        second.close()


@pytest.fixture(scope="module")
def short_lived_tokens() -> Iterator[ServerProcess]:
    server = start_test_server({"WEBUI_TEST_CONFIG": json.dumps({"WEBUI_TOKEN_MAX_AGE": 1})})
    yield server
    server.stop()


def test_an_expired_token_is_refused_over_http_and_socketio(short_lived_tokens):
    http = requests.Session()
    config = page_config(short_lived_tokens.url + "/echo", http)
    time.sleep(2.1)  # not waiting for anything: letting the 1 s max age pass (whole seconds in the token)
    headers = {"webio-session-id": config["token"]}
    response = http.get(short_lived_tokens.url + "/echo?ack=-1", headers=headers, timeout=5)
    assert response.status_code == 403
    assert response.json()["error"] == "the session token has expired; reload the page"
    assert refusal(short_lived_tokens.url, config["namespace"], {"token": config["token"]},
                   cookie_header(http)) == "the session token has expired; reload the page"
