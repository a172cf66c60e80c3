"""The deployment of several servers in docs/deployment.md, for the tests that run it:
the example app on gunicorn servers (GeventWebSocketWorker, -w 1) behind
HAProxy with its sticky configuration, through a real redis-server."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from harness.processes import ROOT, ServerProcess, free_port, start_redis, wait_until

DEPLOYMENT_DOC = (ROOT / "docs" / "deployment.md").read_text()


def haproxy_config(proxy_port: int, server_ports: list[int]) -> str:
    """The HAProxy configuration of docs/deployment.md, with this test's ports."""
    config = re.search(r"```haproxy\n(.*?)```", DEPLOYMENT_DOC, re.S)
    assert config, "docs/deployment.md has no HAProxy configuration"
    text = config.group(1).replace("127.0.0.1:8080", f"127.0.0.1:{proxy_port}")
    for documented, port in zip((5001, 5002), server_ports, strict=True):
        text = text.replace(f"127.0.0.1:{documented}", f"127.0.0.1:{port}")
    return text


class Deployment:
    """Redis, two example servers (``s1``, ``s2``) and HAProxy in front of them."""

    def __init__(self, env: dict[str, str], redis_dir: Path | None = None) -> None:
        self.redis_dir = redis_dir
        self.redis = start_redis(persist_in=redis_dir)
        self.env = {"WEBUI_MESSAGE_QUEUE": f"redis://127.0.0.1:{self.redis.port}/0", **env}
        self.ports = {"s1": free_port(), "s2": free_port()}
        self.servers = {name: self._server(port) for name, port in self.ports.items()}
        proxy_port = free_port()
        config = tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False)  # noqa: SIM115
        config.write(haproxy_config(proxy_port, list(self.ports.values())))
        config.close()
        self._config = config.name
        self.proxy = ServerProcess(["haproxy", "-db", "-f", config.name], proxy_port)
        self.url = self.proxy.url

    def _server(self, port: int) -> ServerProcess:
        return ServerProcess([sys.executable, "-m", "gunicorn", "-k",
                              "geventwebsocket.gunicorn.workers.GeventWebSocketWorker", "-w", "1",
                              "-b", f"127.0.0.1:{port}", "example.app:app"], port, self.env)

    def restart_servers(self) -> None:
        """Stop both servers, then start them again on their ports (and wait
        until HAProxy sends each its browsers again)."""
        for server in self.servers.values():
            server.stop()
        self.servers = {name: self._server(port) for name, port in self.ports.items()}
        for name in self.servers:
            wait_until(lambda name=name: self.serves(name), timeout=20, what=f"HAProxy to use {name} again")

    def serves(self, name: str) -> bool:
        """Whether HAProxy sends a browser stuck to ``name`` to it (it is up
        for its health check); a server it took out gets the browser re-sent
        elsewhere, with a new sticky cookie."""
        try:
            answer = requests.get(self.url + "/_webui/health", cookies={"WEBUI_SERVER": name}, timeout=2)
        except requests.RequestException:
            return False
        return answer.status_code == 200 and "WEBUI_SERVER" not in answer.cookies

    def restart_redis(self) -> None:
        """Start Redis again on its port (after ``redis.stop()``)."""
        self.redis = start_redis(self.redis.port, persist_in=self.redis_dir)

    def stop(self) -> None:
        for process in (self.proxy, *self.servers.values(), self.redis):
            process.stop()
        os.unlink(self._config)


@contextmanager
def deployed(env: dict[str, str], redis_dir: Path | None = None) -> Iterator[Deployment]:
    deployment = Deployment(env, redis_dir)
    try:
        yield deployment
    finally:
        deployment.stop()
