"""A network that drops: Chromium reaches the server through a TCP proxy on
127.0.0.1 that cuts every connection, over Socket.IO and over HTTP polling.
Every command shows once and in order, every click and every upload arrives
once, and the page says when it is reconnecting and when it is back."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from harness.processes import ServerProcess
from tests.helpers import start_test_server
from tests.proxy import CuttingProxy

ROOT_TEXTS = "Array.from(document.querySelectorAll('#pywebio-scope-ROOT > *'), e => e.textContent)"


@pytest.fixture(scope="module", params=["websocket", "http"])
def server(request) -> Iterator[ServerProcess]:
    # A reconnect window long enough for several cuts in a row.
    config = {"WEBUI_RECONNECT_TIMEOUT": 60, "WEBUI_TRANSPORT": request.param}
    server = start_test_server({"WEBUI_TEST_CONFIG": json.dumps(config)})
    server.transport = request.param  # type: ignore[attr-defined]
    yield server
    server.stop()


@pytest.fixture
def proxy(server) -> Iterator[CuttingProxy]:
    proxy = CuttingProxy(server.port)
    yield proxy
    proxy.close()


def open_through(page, proxy, path):
    page.goto(proxy.url + path)


def test_every_command_shows_once_and_in_order_through_cuts(page, server, proxy):
    open_through(page, proxy, "/count-out?n=400")
    expect(page.get_by_text("line 20", exact=True)).to_be_visible()
    proxy.keep_cutting(every=0.25, times=6).join()
    try:
        expect(page.get_by_text("all sent")).to_be_visible(timeout=30_000)
    except AssertionError as error:
        state = page.evaluate("""[document.getElementById('webui-status').textContent, window.webui.lastSeq,
                                  window.webui.transport.transportName, window.webui.closed]""")
        raise AssertionError(f"stuck: banner, last seq, transport, closed = {state}") from error
    assert page.evaluate(ROOT_TEXTS) == [f"line {i}" for i in range(400)] + ["all sent"]
    # Socket.IO may come back on its own long-polling; our HTTP transport is another thing.
    carried_by = page.evaluate("window.webui.transport.transportName")
    assert carried_by == "http" if server.transport == "http" else carried_by in ("websocket", "polling")
    page.locator("input").fill("done")
    page.keyboard.press("Enter")
    expect(page.get_by_text("then done")).to_be_visible()


@pytest.fixture(scope="module")
def socketio_proxy() -> Iterator[CuttingProxy]:
    config = {"WEBUI_RECONNECT_TIMEOUT": 60, "WEBUI_TRANSPORT": "websocket"}
    server = start_test_server({"WEBUI_TEST_CONFIG": json.dumps(config)})
    proxy = CuttingProxy(server.port)
    yield proxy
    proxy.close()
    server.stop()


def test_cuts_while_socketio_is_on_long_polling_and_while_it_upgrades_lose_nothing(page, socketio_proxy):
    """The cut lands where a flaky run once saw the page stall: Socket.IO on
    its long-polling (the WebSocket refused), then allowed to upgrade again
    between cuts."""
    proxy = socketio_proxy
    proxy.refuse_websocket = True
    open_through(page, proxy, "/count-out?n=1500")
    expect(page.get_by_text("line 20", exact=True)).to_be_visible()
    # (The first lines come with the page, before Socket.IO has connected.)
    page.wait_for_function("window.webui.transport.transportName === 'polling'")
    cutter = proxy.keep_cutting(every=0.25, times=4)
    cutter.join()
    proxy.refuse_websocket = False  # from now on the reconnects may upgrade ...
    proxy.keep_cutting(every=0.2, times=4).join()  # ... and are cut while they do
    expect(page.get_by_text("all sent")).to_be_visible(timeout=30_000)
    shown = page.evaluate(ROOT_TEXTS)
    expected = [f"line {i}" for i in range(1500)] + ["all sent"]
    missing = [text for text in expected if text not in set(shown)]
    assert (missing[:10], len(shown)) == ([], len(expected)), "lines lost or shown twice"
    assert shown == expected
    assert proxy.cuts == 8


def test_every_click_arrives_once_and_in_order_through_cuts(page, server, proxy):
    run = uuid.uuid4().hex
    open_through(page, proxy, f"/count-in?run={run}&n=24")
    for i in range(24):
        page.get_by_role("button", name=str(i), exact=True).click()
        if i % 4 == 3:
            proxy.cut()
    deadline = time.monotonic() + 20
    while True:
        record = requests.get(f"{server.url}/clicks/{run}", timeout=5).json()
        if len(record["clicks"]) >= 24 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert record["clicks"] == list(range(24))
    assert proxy.cuts == 6


def test_an_upload_survives_cuts_and_arrives_intact(page, server, proxy, tmp_path: Path):
    content = hashlib.sha256(b"seed").digest() * (3 * 1024 * 1024 // 32)  # 3 MiB, 12 chunks
    big = tmp_path / "big.bin"
    big.write_bytes(content)
    open_through(page, proxy, "/big-upload")
    page.locator("input[type=file]").set_input_files(big)
    page.get_by_role("button", name="Submit").click()
    proxy.keep_cutting(every=0.15, times=5).join()
    got = f"got big.bin {len(content)} bytes sum={sum(content)}"
    expect(page.get_by_text(got)).to_be_visible(timeout=30_000)


def test_the_page_says_it_is_reconnecting_then_that_it_is_back(page, server, proxy):
    open_through(page, proxy, "/count-out?n=10")
    expect(page.get_by_text("all sent")).to_be_visible()
    # Connected first (the page shows its first batch before it is).
    page.wait_for_function("document.getElementById('webui-status').dataset.state === 'connected'")
    proxy.down = True
    proxy.cut()
    expect(page.locator("#webui-status")).to_have_text("Connection lost — reconnecting…")
    proxy.down = False
    expect(page.locator("#webui-status")).to_have_text("Connection restored.", timeout=15_000)
    expect(page.locator("#webui-status")).to_be_hidden()
    page.locator("input").fill("still here")
    page.keyboard.press("Enter")
    expect(page.get_by_text("then still here")).to_be_visible()


def test_a_socketio_client_that_fails_to_load_is_loaded_again(page, socketio_proxy):
    # On the WebSocket transport alone there is no HTTP polling to fall back
    # to: the page loads the client library again, and a submit made
    # meanwhile arrives, once.
    failed = []

    def fail_once(route):
        if failed:
            route.continue_()
        else:
            failed.append(route.request.url)
            route.abort()

    page.route("**/_webui/static/chunks/socketio-*.js", fail_once)
    open_through(page, socketio_proxy, "/echo")
    page.get_by_label("Say something").fill("again")
    page.keyboard.press("Enter")
    expect(page.get_by_text("echo: again")).to_have_count(1)
    assert len(failed) == 1
    assert page.evaluate("window.webui.transport.transportName") == "websocket"

