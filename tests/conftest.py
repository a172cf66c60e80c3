from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.chromium import launch
from harness.processes import ROOT, ServerProcess, free_port
from tests.helpers import start_test_server


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
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def example_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The README's example app, started as the README says (its stores in a
    folder of this test run, not in the checkout's instance folder)."""
    port = free_port()
    stores = tmp_path_factory.mktemp("example-storage") / "webui-storage.sqlite3"
    server = ServerProcess([sys.executable, "example/app.py"], port,
                           env={"PORT": str(port), "WEBUI_STORAGE_URL": f"sqlite:///{stores}"})
    yield server
    server.stop()


#: Modules whose tests start several servers or run for long (a quick loop skips them).
SLOW_MODULES = {"test_soak", "test_chat_deploy", "test_deploy", "test_rooms_redis", "test_fuzz",
                "test_reconnect", "test_operations_deploy", "test_graceful_stop",
                "test_debug_reload", "test_release", "test_docs"}


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under nox (``WEBUI_TEST_INSTALLED`` names the wheel), the package must
    be the installed wheel, never a source tree that happens to be importable."""
    wheel = os.environ.get("WEBUI_TEST_INSTALLED")
    if not wheel:
        return
    import flask_webui

    where = Path(flask_webui.__file__).resolve()
    if ROOT in where.parents or "site-packages" not in where.parts:
        pytest.exit(f"testing {wheel}, but flask_webui was imported from {where}", returncode=3)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark browser tests (they use Chromium) and slow ones, so that
    ``./scripts/test.sh -m "not browser and not slow"`` is a quick loop."""
    for item in items:
        if {"page", "browser"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
        if item.module is not None and item.module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
