"""What only the tests need beyond :mod:`harness`: the test pages' server, and reading pages."""

from __future__ import annotations

import sys
from typing import Any

from harness.processes import ServerProcess, free_port


def start_test_server(env: dict[str, str] | None = None) -> ServerProcess:
    port = free_port()
    return ServerProcess([sys.executable, "-m", "tests.apps.serve", str(port)], port, env)


def texts(commands: list[dict[str, Any]]) -> list[str]:
    return [c["spec"]["content"] for c in commands if c["command"] == "output"]


def open_resumable(page: Any, url: str) -> None:
    """Open a page in Chromium and wait until its tab is connected and keeps
    its session's token (only then can a reload resume it: the first form
    comes with the page, before the connection)."""
    page.goto(url)
    # The page's own entry (webui:<path>), not the tab id every page keeps there at once.
    page.wait_for_function("Object.keys(sessionStorage).some(key => key.startsWith('webui:'))")
