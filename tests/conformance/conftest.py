"""Both implementations serving the conformance pages, and a browser context
per implementation: a fresh one per test (cold cache), or one kept for the
whole run (warm cache)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from harness.processes import ServerProcess, free_port
from tests.conformance.browser import UI, assert_same
from tests.conformance.serve import IMPLEMENTATIONS


@pytest.fixture(scope="session")
def conformance_servers() -> Iterator[dict[str, ServerProcess]]:
    servers: dict[str, ServerProcess] = {}
    try:
        for implementation in IMPLEMENTATIONS:
            port = free_port()
            servers[implementation] = ServerProcess(
                [sys.executable, "-m", "tests.conformance.serve", implementation, str(port)], port)
        yield servers
    finally:
        for server in servers.values():
            server.stop()


@pytest.fixture(scope="session")
def warm_contexts(browser: Any) -> Iterator[dict[str, Any]]:
    contexts = {implementation: browser.new_context() for implementation in IMPLEMENTATIONS}
    yield contexts
    for context in contexts.values():
        context.close()


Drive = Callable[[UI], Any]


@pytest.fixture(params=["cold", "warm"])
def both(request: Any, browser: Any, conformance_servers: dict[str, ServerProcess],
         warm_contexts: dict[str, Any]) -> Iterator[Callable[[Drive], tuple[Any, Any]]]:
    """``ours, theirs = both(drive)``: run ``drive(ui)`` on flask_webui and on
    PyWebIO, each in a new tab, and return what each call returned."""
    opened: list[Any] = []

    def run(drive: Drive) -> tuple[Any, Any]:
        results = {}
        for implementation in ("flask_webui", "pywebio"):
            if request.param == "cold":
                context = browser.new_context()
                opened.append(context)
            else:
                context = warm_contexts[implementation]
            page = context.new_page()
            opened.append(page)
            results[implementation] = drive(UI(page, conformance_servers[implementation].url, implementation))
        return results["flask_webui"], results["pywebio"]

    yield run
    for item in reversed(opened):
        item.close()


@pytest.fixture
def same(both: Callable[[Drive], tuple[Any, Any]]) -> Callable[[Drive], Any]:
    """``shown = same(drive)``: run ``drive(ui)`` on flask_webui and on
    PyWebIO (see :func:`both`), fail with a diff unless both showed the same,
    and return what PyWebIO showed."""

    def run(drive: Drive) -> Any:
        ours, theirs = both(drive)
        assert_same(ours, theirs)
        return theirs

    return run


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The geometric comparison's shares of PyWebIO's rows, if it ran."""
    from tests.conformance.test_geometry import TOTALS

    if TOTALS["rows"]:
        rows = TOTALS["rows"]
        terminalreporter.write_line(
            f"where things show: {rows} rows of PyWebIO's, same text {TOTALS['same_text'] / rows:.3f}, "
            f"same place {TOTALS['same_place'] / rows:.3f}")
