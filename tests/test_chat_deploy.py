"""The deployment of several servers (docs/deployment.md), for real: the example's /chat
on two gunicorn servers (GeventWebSocketWorker, -w 1) behind HAProxy with the
its sticky configuration, rooms through a real redis-server, two
Chromium browsers on different servers."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from harness.processes import ROOT
from tests.deployment import deployed

WORKER_TTL = 3


@pytest.fixture
def deployment():
    env = {"WEBUI_RECONNECT_TIMEOUT": "2", "WEBUI_WORKER_TTL": str(WORKER_TTL)}
    with deployed(env) as running:
        yield running


def open_chat(browser, url: str, nick: str):
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "/chat")
    page.get_by_label("Your nickname").fill(nick)
    page.keyboard.press("Enter")
    page.get_by_label(f"Message as {nick}").wait_for()
    server = next(c["value"] for c in context.cookies() if c["name"] == "WEBUI_SERVER")
    return context, page, server


def say(page, nick: str, text: str) -> None:
    page.get_by_label(f"Message as {nick}").fill(text)
    page.keyboard.press("Enter")


def messages(page):
    return page.locator("#pywebio-scope-messages")


def test_two_browsers_on_two_servers_chat_through_redis(browser, deployment):
    url = deployment.url
    a_context, ada, ada_server = open_chat(browser, url, "ada")
    b_context, bob, bob_server = open_chat(browser, url, "bob")
    assert ada_server != bob_server, "HAProxy put both browsers on one server"

    # Presence shows both, on both servers; messages go both ways.
    for page in (ada, bob):
        expect(page.locator("#pywebio-scope-people")).to_have_text("Here (2): ada, bob", timeout=10_000)
    say(ada, "ada", "hello from ada")
    expect(messages(bob).get_by_text("ada: hello from ada")).to_be_visible()
    say(bob, "bob", "hi ada")
    expect(messages(ada).get_by_text("bob: hi ada")).to_be_visible()

    # A nickname is unique across both servers.
    c_context, cid, _ = open_chat(browser, url, "cid")
    say(cid, "cid", "cid here")
    expect(messages(ada).get_by_text("cid: cid here")).to_be_visible()
    # One tab closed: it leaves (after the reconnect window) and the others are told.
    c_context.close()
    expect(messages(ada).get_by_text("cid left")).to_be_visible(timeout=15_000)
    expect(ada.locator("#pywebio-scope-people")).to_have_text("Here (2): ada, bob")

    # Redis stopped mid-chat: sending says so plainly, and the chat comes back with Redis.
    redis = deployment.redis
    redis.stop()
    say(ada, "ada", "while redis is away")
    expect(ada.get_by_text("Not sent: the chat service is unavailable")).to_be_visible()
    expect(ada.get_by_label("Message as ada")).to_have_value("while redis is away")  # kept for a retry
    deployment.restart_redis()
    for attempt in range(60):
        say(ada, "ada", f"back {attempt}")
        try:
            expect(messages(bob).get_by_text(re.compile(r"ada: back \d+"))).to_be_visible(timeout=500)
            break
        except AssertionError:
            continue
    else:
        raise AssertionError("the chat did not come back with Redis")
    expect(ada.locator("#pywebio-scope-people")).to_have_text("Here (2): ada, bob")

    # A publisher in another process reaches both servers' pages.
    emitter = ("import sys; from flask_webui.rooms import RoomEmitter; "
               "RoomEmitter(sys.argv[1]).send('chat', {'text': 'build finished'})")
    subprocess.run([sys.executable, "-c", emitter, f"redis://127.0.0.1:{redis.port}/0"], cwd=ROOT,
                   check=True, timeout=30)
    for page in (ada, bob):
        expect(messages(page).get_by_text("server: build finished")).to_be_visible()

    # Bob's server killed: he leaves ada's presence within the documented time,
    # ada's server keeps working, and bob's page says its session ended.
    deployment.servers[bob_server].process.kill()
    expect(messages(ada).get_by_text("bob left")).to_be_visible(timeout=(WORKER_TTL * 2 + 2) * 1000)
    expect(ada.locator("#pywebio-scope-people")).to_have_text("Here (1): ada")
    say(ada, "ada", "anyone?")
    expect(messages(ada).get_by_text("ada: anyone?")).to_be_visible()
    expect(bob.locator("#webui-status")).to_contain_text("session has ended", timeout=15_000)
    expect(bob.get_by_role("button", name="Reload")).to_be_visible()
    a_context.close()
    b_context.close()
