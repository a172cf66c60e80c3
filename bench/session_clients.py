"""The clients of bench/sessions.py, in a process of their own:
``python bench/session_clients.py ours|ours+storage|raw|raw+page|polling URL COUNT CONCURRENCY [FIRST]``.

Opens COUNT sessions, CONCURRENCY at a time, each doing what its browser does:
``ours`` loads /echo (the page, its first batch and cookie; the page's HTTP
connection is then closed), connects over WebSocket saying it applied the
first batch, and waits there, answering pings (``ours+storage``: the same
with /stored, whose page reads its user's and browser's stores first); ``raw`` opens a bare
Socket.IO connection; ``raw+page`` first GETs the raw server's /page (a
template and the session cookie, as a plain Flask-SocketIO app serves its
page); ``polling`` loads the page and keeps one long poll
held, as an idle tab on our HTTP polling does. Prints one JSON line when all
are open ({"opened", "seconds", "p50_ms", "p95_ms"}), then holds them until
it is killed: a killed process is every browser gone at once. Told ``answer``
on its stdin meanwhile, every held session does one round trip (ours: the
form submitted as the page submits it, until its echo comes; raw: an
``echo`` event and its echo), CONCURRENCY at a time, and it prints
``{"answered", "seconds"}``. FIRST numbers its clients after another
process's (a process holds at most as many sockets as its file limit).
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
from gevent.event import Event  # noqa: E402
from gevent.fileobject import FileObject  # noqa: E402
from gevent.pool import Pool  # noqa: E402
from gevent.queue import Queue  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.wire import SocketIOConnection, load_page  # noqa: E402

FORM = re.compile(r'"command":"input_group","task_id":"([^"]+)"')


class Held:
    """A held connection, and what it needs for one round trip."""

    def __init__(self, connection: SocketIOConnection | gevent.Greenlet, arrived: Queue[str],
                 first: str = "", applied: int = 0) -> None:
        self.connection, self.arrived, self.first, self.applied = connection, arrived, first, applied

    def answer(self) -> None:
        """One round trip, as the browser does it."""
        assert isinstance(self.connection, SocketIOConnection), "a polling tab does not answer here"
        found = FORM.search(self.first)
        if found is None:  # ours: the page's form; raw: an echo
            self.connection.emit("echo", {"text": "hello"})
            self.arrived.get(timeout=60)
            return
        self.connection.emit("events", {"ack": self.applied, "seq": 0, "events": [
            {"event": "from_submit", "task_id": found.group(1), "data": {"data": "hello"}}]})
        while '"content":"hello"' not in self.arrived.get(timeout=60):
            pass


held: list[Held] = []


def connect_and_hold(url: str, namespace: str, auth: dict[str, Any] | None, cookie: str,
                     first: str = "", applied: int = 0) -> None:
    """Connect, wait for the namespace's CONNECT answer, keep the connection."""
    connected = Event()
    arrived: Queue[str] = Queue()

    def on_packet(packet: str) -> None:
        if packet.startswith("40"):
            connected.set()
        elif packet.startswith("42"):
            arrived.put(packet)

    connection = SocketIOConnection(url, namespace, auth, cookie, on_packet)
    if not connected.wait(60):
        raise TimeoutError(f"not admitted: {auth and auth['client']}")
    held.append(Held(connection, arrived, first, applied))


def open_ours(url: str, number: int, path: str = "/echo") -> None:
    page = load_page(url, path, keep_alive=False)
    first = json.dumps(page.first_batch["commands"], separators=(",", ":"))
    connect_and_hold(url, page.namespace, page.auth(f"s{number}"), page.cookie, first,
                     page.first_batch["seq"])


def open_ours_with_storage(url: str, number: int) -> None:
    open_ours(url, number, "/stored")


def open_raw(url: str, number: int) -> None:
    connect_and_hold(url, "/", None, "")


def open_raw_page(url: str, number: int) -> None:
    page = requests.get(url + "/page", headers={"Connection": "close"}, timeout=60)
    page.raise_for_status()
    connect_and_hold(url, "/", None, "; ".join(f"{k}={v}" for k, v in page.cookies.items()))


def open_polling(url: str, number: int) -> None:
    page = load_page(url, "/echo", keep_alive=False)
    http = requests.Session()
    headers = {"webio-session-id": page.config["token"], "Cookie": page.cookie}
    # HTTP polling counts batches from 0 (PyWebIO's wire), Socket.IO from 1.
    ack = page.first_batch["seq"] - 1
    # The first poll answers at once (the page says it is there); the next is held.
    first = http.get(url + "/echo", params={"ack": ack, "wait": 0}, headers=headers, timeout=60)
    first.raise_for_status()
    held.append(Held(gevent.spawn(hold_polls, http, url, headers, ack), Queue()))


def hold_polls(http: requests.Session, url: str, headers: dict[str, str], ack: int) -> None:
    while True:
        answer = http.get(url + "/echo", params={"ack": ack}, headers=headers, timeout=120).json()
        ack = max(ack, answer["seq"] + len(answer["commands"]) - 1)


def main() -> None:
    kind, url, count, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    first = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    opener = {"ours": open_ours, "ours+storage": open_ours_with_storage, "raw": open_raw,
              "raw+page": open_raw_page, "polling": open_polling}[kind]
    times: list[float] = []

    def timed(number: int) -> None:
        began = time.perf_counter()
        opener(url, number)
        times.append((time.perf_counter() - began) * 1000)

    began = time.perf_counter()
    pool = Pool(concurrency)
    for number in range(first, first + count):
        pool.spawn(timed, number)
    pool.join(raise_error=True)
    seconds = time.perf_counter() - began
    times.sort()
    print(json.dumps({"opened": len(held), "seconds": round(seconds, 2),
                      "p50_ms": round(statistics.median(times), 1),
                      "p95_ms": round(times[int(len(times) * 0.95) - 1], 1)}), flush=True)
    commands = FileObject(sys.stdin, "r")  # read without stopping the held connections' greenlets
    for line in commands:  # hold them until killed
        if line.strip() == "answer":
            began = time.perf_counter()
            answering = Pool(concurrency)
            for one in held:
                answering.spawn(one.answer)
            answering.join(raise_error=True)
            print(json.dumps({"answered": len(held), "seconds": round(time.perf_counter() - began, 2)}),
                  flush=True)
    gevent.wait()


if __name__ == "__main__":
    main()
