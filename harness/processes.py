"""Real servers on 127.0.0.1, started as child processes.

>>> server = ServerProcess([sys.executable, "example/app.py"], port)  # doctest: +SKIP
>>> server.stop()                                                     # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def wait_until(condition: Callable[[], Any], timeout: float = 10, what: str = "the condition") -> Any:
    """Poll ``condition()`` until it returns something true, and return that;
    fail after ``timeout`` seconds. Sleeps cooperatively (gevent), so page
    code in this process keeps running meanwhile.

    >>> wait_until(lambda: session.closed(), what="the session to end")  # doctest: +SKIP
    """
    import gevent

    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what} after {timeout} s")
        gevent.sleep(0.02)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """A server started as a child process, stopped on exit, its output kept."""

    def __init__(self, args: list[str], port: int, env: dict[str, str] | None = None,
                 process_group: bool = False) -> None:
        """``process_group``: the server starts processes of its own (a
        reloader's child), and stopping it stops them all."""
        self.port = port
        self._group = process_group
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = ROOT / "test-artifacts" / f"server-{port}.log"
        self.log_path.parent.mkdir(exist_ok=True)
        self._log = open(self.log_path, "wb")  # noqa: SIM115
        full_env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", **(env or {})}
        self.process = subprocess.Popen(args, cwd=ROOT, env=full_env, stdout=self._log,
                                        stderr=subprocess.STDOUT, start_new_session=process_group)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"server did not listen on {self.port}:\n{self.log()}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self._group:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self._group:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self._log.close()


def start_redis(port: int | None = None, persist_in: Path | None = None) -> ServerProcess:
    """A real redis-server on 127.0.0.1 that keeps nothing on disk, or, with
    ``persist_in``, an append-only file there (fsync'd on every write) that a
    restart reads back."""
    port = port or free_port()
    keeping = ["--appendonly", "no"] if persist_in is None else [
        "--appendonly", "yes", "--appendfsync", "always", "--dir", str(persist_in)]
    return ServerProcess(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", *keeping],
                         port)
