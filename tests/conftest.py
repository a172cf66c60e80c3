from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from tests.helpers import ServerProcess, free_port, start_test_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def live_server() -> Iterator[ServerProcess]:
    """The test pages on a real gevent server (socketio.run) on 127.0.0.1."""
    server = start_test_server()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def example_server() -> Iterator[ServerProcess]:
    """The README's example app, started as the README says."""
    port = free_port()
    server = ServerProcess([sys.executable, "example/app.py"], port, env={"PORT": str(port)})
    yield server
    server.stop()
