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
                 process_group: bool = False, cwd: Path = ROOT) -> None:
        """``process_group``: the server starts processes of its own (a
        reloader's child), and stopping it stops them all. ``cwd``: where it
        runs (the checkout; elsewhere, so ``python -c`` cannot import from it)."""
        self.port = port
        self._group = process_group
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = ROOT / "test-artifacts" / f"server-{port}.log"
        self.log_path.parent.mkdir(exist_ok=True)
        self._log = open(self.log_path, "wb")  # noqa: SIM115
        full_env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", **(env or {})}
        self.process = subprocess.Popen(args, cwd=cwd, env=full_env, stdout=self._log,
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


class SentinelSetup:
    """A Redis that fails over, on 127.0.0.1: one master, one replica and
    three sentinels watching them (quorum 2, a master down after 1 s).

    >>> with SentinelSetup(tmp_path) as redis:   # doctest: +SKIP
    ...     url = redis.url                      # redis+sentinel://...:p1,...:p2,...:p3/0/mymaster
    ...     redis.master.process.kill()          # a replica is promoted within seconds
    """

    SERVICE = "mymaster"

    def __init__(self, folder: Path) -> None:
        self.master = start_redis()
        port = free_port()
        self.replica = ServerProcess(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no",
                                      # the RDB a replica loads from its master is written in its dir
                                      "--dir", str(folder),
                                      "--replicaof", "127.0.0.1", str(self.master.port)], port)
        self.sentinels = []
        for _ in range(3):
            port = free_port()
            config = folder / f"sentinel-{port}.conf"  # a sentinel rewrites its config: a file each
            config.write_text(f"port {port}\nbind 127.0.0.1\ndir {folder}\n"
                              f"sentinel monitor {self.SERVICE} 127.0.0.1 {self.master.port} 2\n"
                              f"sentinel down-after-milliseconds {self.SERVICE} 1000\n"
                              f"sentinel failover-timeout {self.SERVICE} 5000\n")
            self.sentinels.append(ServerProcess(["redis-server", str(config), "--sentinel"], port))
        addresses = ",".join(f"127.0.0.1:{s.port}" for s in self.sentinels)
        self.url = f"redis+sentinel://{addresses}/0/{self.SERVICE}"
        # Ready once every sentinel sees the master up and its replica, and the replica is in sync.
        wait_until(self._watched, timeout=30, what="the sentinels to see the master and its replica")

    def _ask(self, port: int, *command: str) -> str:
        return subprocess.run(["redis-cli", "-p", str(port), *command], capture_output=True, text=True,
                              timeout=10).stdout

    def _watched(self) -> bool:
        for sentinel in self.sentinels:
            fields = self._ask(sentinel.port, "sentinel", "master", self.SERVICE).split()
            state = dict(zip(fields[::2], fields[1::2], strict=False))
            if state.get("flags") != "master" or state.get("num-slaves") != "1":
                return False
        return "master_link_status:up" in self._ask(self.replica.port, "info", "replication")

    def master_port(self) -> int | None:
        """The master's port as the first sentinel says, or None while it cannot say."""
        lines = self._ask(self.sentinels[0].port, "sentinel", "get-master-addr-by-name", self.SERVICE).split()
        return int(lines[1]) if len(lines) == 2 and lines[1].isdigit() else None

    def stop(self) -> None:
        for process in (*self.sentinels, self.replica, self.master):
            process.stop()

    def __enter__(self) -> SentinelSetup:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
