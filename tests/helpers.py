"""What only the tests need beyond :mod:`harness`: the test pages' server, and reading pages."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
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


def open_temporary_files() -> int:
    """Nameless temporary files (``O_TMPFILE``, as :func:`tempfile.TemporaryFile`
    makes them on Linux: ``/tmp/#inode (deleted)``) this process holds open;
    other temporary files (SQLite's, pytest's) are not counted."""
    folder = os.path.realpath(tempfile.gettempdir()) + "/"
    count = 0
    for descriptor in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            count += os.readlink(f"/proc/self/fd/{descriptor}").startswith(folder + "#")
    return count
