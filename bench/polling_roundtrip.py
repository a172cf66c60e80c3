"""Round trip "submit a form -> receive the echoed output and the next form"
over HTTP polling: flask_webui's routes (under socketio.run) side by side with
PyWebIO 1.8's Flask backend, then the server memory an idle polling session
costs in each.

    python bench/polling_roundtrip.py [--rounds 300] [--sessions 300]

Both servers run on 127.0.0.1 in their own processes and are driven by the
same client, which behaves as PyWebIO's browser client does: it POSTs events
and applies the commands of every answer, while a poller GETs in the
background (a long poll for ours; every second, as PyWebIO's client, for
PyWebIO's, whose POST answer carries the commands after its fixed 100 ms wait).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))

from roundtrip import measure, start, summarize  # noqa: E402

from harness.processes import ServerProcess  # noqa: E402

HEADER = "webio-session-id"


def page_path(ours: bool) -> str:
    """The echo page: ours at its own URL, PyWebIO's as the app ``echo``."""
    return "/echo" if ours else "/?app=echo"


class PollingPage:
    """One page driven over PyWebIO's HTTP protocol."""

    def __init__(self, url: str, long_poll: bool) -> None:
        self.url = url + page_path(long_poll)
        self.long_poll = long_poll
        self.session_id = "NEW-" + uuid.uuid4().hex[:24]
        self.applied = -1
        self.event_seq = 0
        self.lock = threading.Lock()
        self.form = threading.Condition(self.lock)
        self.task_id: str | None = None
        self.forms_seen = 0
        self.stopped = False
        self.http = requests.Session()
        self.poll_http = requests.Session()
        self.poll_http.cookies = self.http.cookies  # one browser: one cookie jar
        self.take(self.get())
        if self.session_id.startswith("NEW-"):
            self.session_id = self.session_id[4:]
        self.poller = threading.Thread(target=self.poll_forever, daemon=True)
        self.poller.start()

    def params(self, **extra: object) -> dict[str, object]:
        return {"ack": self.applied, **extra}

    def get(self) -> requests.Response:
        headers = {HEADER: self.session_id}
        return self.poll_http.get(self.url, params=self.params(), headers=headers, timeout=60)

    def take(self, response: requests.Response) -> None:
        response.raise_for_status()
        answer = response.json()
        with self.lock:
            token = response.headers.get(HEADER)
            fresh = answer["commands"][self.applied - answer["seq"] + 1:]
            if fresh and token:
                self.session_id = token
            for message in fresh:
                for command in message:
                    if command["command"] == "input_group":
                        self.task_id = command["task_id"]
                        self.forms_seen += 1
                        self.form.notify_all()
            self.applied = max(self.applied, answer["seq"] + len(answer["commands"]) - 1)

    def poll_forever(self) -> None:
        while not self.stopped:
            try:
                self.take(self.get())
            except requests.RequestException:
                return
            if not self.long_poll:
                time.sleep(1.0)  # PyWebIO's client pulls once a second

    def round_trip(self) -> None:
        with self.lock:
            seen, task_id = self.forms_seen, self.task_id
            seq = self.event_seq
            self.event_seq += 1
        body = json.dumps([{"event": "from_submit", "task_id": task_id, "data": {"data": "m"}}])
        self.take(self.http.post(self.url, params=self.params(seq=seq), data=body, timeout=10,
                                 headers={HEADER: self.session_id, "Content-Type": "application/json"}))
        with self.lock:
            if not self.form.wait_for(lambda: self.forms_seen > seen, timeout=10):
                raise TimeoutError("the next form did not come")

    def close(self) -> None:
        self.stopped = True


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def idle_session_cost(server: ServerProcess, count: int, long_poll: bool) -> float:
    """KiB of server memory per session that waits in input(), its browser
    having applied everything, with no request in flight."""
    url = server.url + page_path(long_poll)

    def open_sessions(n: int) -> None:
        http = requests.Session()  # one browser, many tabs
        for _ in range(n):
            # The first poll starts the page; the second acknowledges its first batch.
            new_id = uuid.uuid4().hex[:24]
            first = http.get(url, params={"ack": -1, "wait": 0}, headers={HEADER: f"NEW-{new_id}"},
                             timeout=10)
            first.raise_for_status()
            session_id = first.headers.get(HEADER, new_id)
            http.get(url, params={"ack": 0, "wait": 0}, headers={HEADER: session_id}, timeout=10)

    open_sessions(50)  # warm up: imports, caches, first allocations
    time.sleep(1)
    before = rss_kib(server.process.pid)
    open_sessions(count)
    time.sleep(1)
    return (rss_kib(server.process.pid) - before) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--sessions", type=int, default=300)
    args = parser.parse_args()

    stacks = {"flask_webui (HTTP long poll)": ("ours", True),
              "PyWebIO 1.8 (Flask, HTTP)": ("pywebio-flask", False)}
    servers = {name: start(kind) for name, (kind, _) in stacks.items()}
    try:
        pages = {name: PollingPage(servers[name].url, long_poll) for name, (_, long_poll) in stacks.items()}
        samples: dict[str, list[float]] = {name: [] for name in stacks}
        for _ in range(3):  # interleaved, so drift on the machine hits both alike
            for name, page in pages.items():
                samples[name] += measure(page.round_trip, args.rounds // 3, warmup=10)
        for page in pages.values():
            page.close()
        medians = {name: summarize(name, samples[name]) for name in stacks}
        ours, theirs = medians["flask_webui (HTTP long poll)"], medians["PyWebIO 1.8 (Flask, HTTP)"]
        print(f"ratio flask_webui / PyWebIO: {ours / theirs:.3f}  "
              f"(PyWebIO / flask_webui: {theirs / ours:.1f}x)")
        for name, (_, long_poll) in stacks.items():
            cost = idle_session_cost(servers[name], args.sessions, long_poll)
            print(f"{name:<34} {cost:6.1f} KiB per idle polling session ({args.sessions} sessions)")
    finally:
        for server in servers.values():
            server.stop()


if __name__ == "__main__":
    main()
