"""A page driven over Socket.IO with python-socketio, sending what the page's
script sends.

>>> with PageClient(server.url, "/bmi") as page:    # doctest: +SKIP
...     form = page.next_command("input_group")
...     page.submit(form, {"height": 180})
"""

from __future__ import annotations

import json
import queue
import re
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

import requests
import socketio

CONFIG = re.compile(r'<script id="webui-config" type="application/json">(.*?)</script>', re.S)


def page_config(url: str, session: requests.Session | None = None,
                headers: dict[str, str] | None = None) -> dict[str, Any]:
    """Fetch a page and read the config (token, namespace, first batch) it embeds."""
    response = (session or requests).get(url, timeout=5, headers=headers)
    response.raise_for_status()
    match = CONFIG.search(response.text)
    assert match, "the page has no webui config"
    return dict(json.loads(match.group(1)))


def cookie_header(http: requests.Session) -> dict[str, str]:
    """The ``Cookie`` header a browser with ``http``'s cookies would send."""
    if not http.cookies:
        return {}
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in http.cookies.items())}


class PageClient:
    """A page driven over Socket.IO, as the browser would drive it."""

    def __init__(self, base_url: str, path: str, *, transports: list[str] | None = None,
                 http: requests.Session | None = None, headers: dict[str, str] | None = None) -> None:
        self.base_url = base_url
        # A browser: the page's token is bound to the cookie that came with the page.
        self.http = http or requests.Session()
        # A browser sends the same headers with the page request and the connection.
        config = page_config(base_url + path, self.http, headers)
        self.token = config["token"]
        self.headers = {**cookie_header(self.http), **(headers or {})}
        self.namespace = config["namespace"]
        self.socketio_path = config["socketioPath"]
        self.batches: queue.Queue[dict[str, Any]] = queue.Queue()
        self.errors: queue.Queue[str] = queue.Queue()
        self.commands: list[dict[str, Any]] = []
        self.seen: list[dict[str, Any]] = []  # every command received, in order
        self.last_seq = 0
        self._ahead: dict[int, dict[str, Any]] = {}  # batches come before the one they follow
        #: The last event the server said it applied (on a batch, or alone).
        self.events_applied = -1
        # As a browser does, every request (long-polling too) carries the page's cookies.
        self.client = socketio.Client(reconnection=False, http_session=self.http)
        self.client.on("commands", self._batch_arrived, namespace=self.namespace)
        self.client.on("events_applied", lambda p: self._applied(p["ack"]), namespace=self.namespace)
        self.client.on("attached", lambda p: self._applied(p["events"]), namespace=self.namespace)
        self.next_event = 0  # as the page, events are numbered (after those the session applied)
        self.client.on("webui_error", lambda p: self.errors.put(p["message"]), namespace=self.namespace)
        # As the page does: the batch it carries first, then the connection says it has it.
        first = config.get("firstBatch")
        if first:
            self.last_seq = first["seq"]
            self.commands.extend(first["commands"])
            self.seen.extend(first["commands"])
        self.connect(transports, ack=self.last_seq or None)

    def connect(self, transports: list[str] | None = None, ack: int | None = None) -> None:
        self.client.connect(self.base_url, namespaces=[self.namespace], socketio_path=self.socketio_path,
                            auth={"token": self.token, "ack": ack}, transports=transports,
                            headers=dict(self.headers), wait_timeout=5)

    @property
    def transport(self) -> str:
        return str(self.client.transport())

    def next_command(self, name: str, timeout: float = 5) -> dict[str, Any]:
        """Wait for the next command called ``name``, applying batches in order."""
        return self.wait_for(lambda c: c["command"] == name, timeout)

    def wait_for(self, match: Callable[[dict[str, Any]], bool], timeout: float = 5) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for index, cmd in enumerate(self.commands):
                if match(cmd):
                    del self.commands[: index + 1]
                    return cmd
            self.commands.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no matching command arrived")
            try:
                batch = self.batches.get(timeout=remaining)
            except queue.Empty:
                if self._ahead:
                    raise TimeoutError(f"batch {self.last_seq + 1} never came; "
                                       f"batches {sorted(self._ahead)} did") from None
                continue
            self._apply_in_order(batch)

    def _apply_in_order(self, batch: dict[str, Any]) -> None:
        # python-engineio's client runs each message's handler in a thread of
        # its own, so batches sent in order may reach the queue out of order:
        # hold those ahead until the one before comes, as the wire had them.
        assert batch["seq"] > self.last_seq and batch["seq"] not in self._ahead, \
            f"batch {batch['seq']} again, after {self.last_seq}"
        self._ahead[batch["seq"]] = batch
        while self.last_seq + 1 in self._ahead:
            batch = self._ahead.pop(self.last_seq + 1)
            self.last_seq = batch["seq"]
            self.commands.extend(batch["commands"])
            self.seen.extend(batch["commands"])

    def send(self, event: str, task_id: str, data: Any) -> None:
        self.emit({"ack": self.last_seq, "seq": self.next_event,
                   "events": [{"event": event, "task_id": task_id, "data": data}]})
        self.next_event += 1

    def emit(self, message: Any) -> None:
        """Send an events message as the page does (no Socket.IO ack asked:
        the server says what it applied on its next batch, or alone)."""
        self.client.emit("events", message, namespace=self.namespace)

    def _batch_arrived(self, batch: dict[str, Any]) -> None:
        self._applied(batch.get("applied"))
        self.batches.put(batch)

    def _applied(self, number: Any) -> None:
        if isinstance(number, int):
            self.events_applied = max(self.events_applied, number)
            self.next_event = max(self.next_event, number + 1)

    def submit(self, form: dict[str, Any], data: dict[str, Any]) -> None:
        self.send("from_submit", form["task_id"], data)

    def upload(self, chunk: dict[str, Any]) -> dict[str, Any]:
        """Send one file chunk; return the server's acknowledgement."""
        return self.client.call("upload", chunk, namespace=self.namespace, timeout=10)

    def next_error(self, timeout: float = 5) -> str:
        return self.errors.get(timeout=timeout)

    def close(self) -> None:
        self.client.disconnect()

    def __enter__(self) -> PageClient:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
