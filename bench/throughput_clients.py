"""The clients of bench/throughput.py, in a process of their own:
``python bench/throughput_clients.py ours|raw|operator URL CLIENTS``.

Each client does round trips back to back on its own connection, exactly as
our page does for a form: ours submits the form in an ``events`` message
that carries the ack of the last batch applied, and waits for the batch with
the echo and the next form;
raw emits ``echo`` and waits for the echo; an operator (``--metrics``) keeps
the admin page open, acknowledging its batches as the page does, and scrapes
``/metrics`` every second (it counts scrapes and the admin page's batches). Prints ``ready`` once connected;
then reads lines on stdin: ``go`` starts them, ``count`` prints the round
trips done so far, ``stop`` prints that count and ends.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
from gevent.event import Event  # noqa: E402
from gevent.fileobject import FileObject  # noqa: E402
from gevent.queue import Queue  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.wire import SocketIOConnection, load_page  # noqa: E402

FORM = re.compile(r'"command":"input_group","task_id":"([^"]+)"')
SEQ = re.compile(r'\["commands",\{"seq":(\d+)')
running = Event()
stopping = Event()
connected = [0]
done = [0]  # round trips, all clients (an operator's: scrapes)
refreshes = [0]  # batches of the admin page an operator got


def events_into(arrived: Queue[str]) -> Callable[[str], None]:
    """An ``on_packet`` that queues the event packets (not the ack replies)."""
    return lambda packet: arrived.put(packet) if packet.startswith("42") else None


def next_form(first: str, arrived: Queue[str]) -> tuple[str, int]:
    """The next form's task id and the number of the batch that brought it:
    in ``first`` (the page's first batch) or in the batches that arrive (a
    busy server sends the page before its form)."""
    found = FORM.search(first)
    if found:
        return found.group(1), 0
    while True:
        packet = arrived.get(timeout=30)
        found = FORM.search(packet)
        if found:
            return found.group(1), int(SEQ.search(packet).group(1))  # type: ignore[union-attr]


def ours(url: str, number: int) -> None:
    page = load_page(url, "/echo")
    arrived: Queue[str] = Queue()
    connection = SocketIOConnection(url, page.namespace, page.auth(f"t{number}"), page.cookie,
                                    events_into(arrived))
    task, applied = next_form(json.dumps(page.first_batch["commands"], separators=(",", ":")), arrived)
    applied = max(applied, page.first_batch["seq"])
    event = 0
    connected[0] += 1
    running.wait()
    while not stopping.is_set():
        message = {"ack": applied, "seq": event, "events": [
            {"event": "from_submit", "task_id": task, "data": {"data": f"c{number}-{event}"}}]}
        connection.emit("events", message)
        event += 1
        task, applied = next_form("", arrived)
        done[0] += 1


def raw(url: str, number: int) -> None:
    arrived: Queue[str] = Queue()
    connection = SocketIOConnection(url, "/", None, "", events_into(arrived))
    connected[0] += 1
    running.wait()
    while not stopping.is_set():
        connection.emit("echo", {"text": f"c{number}-{done}"})
        arrived.get(timeout=30)
        done[0] += 1


ACK_DELAY = 0.05  # the page acknowledges a batch that needs no answer after 50 ms (session.js)


def operator(url: str, number: int) -> None:
    """The admin page open in a browser, and Prometheus scraping every second."""
    page = load_page(url, "/_bench/admin")
    arrived: Queue[str] = Queue()
    connection = SocketIOConnection(url, page.namespace, page.auth(f"operator{number}"), page.cookie,
                                    events_into(arrived))
    scrapes = requests.Session()

    def batch_seq(packet: str) -> int:
        found = SEQ.search(packet)
        return int(found.group(1)) if found else -1

    def acknowledge() -> None:
        applied = page.first_batch["seq"]
        while True:
            seq = batch_seq(arrived.get())
            refreshes[0] += 1
            gevent.sleep(ACK_DELAY)
            while not arrived.empty():  # what came meanwhile is acknowledged with it
                seq = max(seq, batch_seq(arrived.get()))
            if seq > applied:
                applied = seq
                connection.emit("events", {"ack": applied, "events": []})

    acknowledging = gevent.spawn(acknowledge)
    connected[0] += 1
    running.wait()
    while not stopping.wait(1):
        scrapes.get(url + "/metrics", timeout=30).raise_for_status()
        done[0] += 1
    acknowledging.kill()


def main() -> None:
    kind, url, clients = sys.argv[1], sys.argv[2], int(sys.argv[3])
    run = {"ours": ours, "raw": raw, "operator": operator}[kind]
    workers = [gevent.spawn(run, url, number) for number in range(clients)]
    while connected[0] < clients:
        if any(w.dead for w in workers):
            gevent.joinall(workers, raise_error=True)
        gevent.sleep(0.05)
    print("ready", flush=True)
    for line in FileObject(sys.stdin.fileno(), "r"):  # read without blocking the clients
        command = line.strip()
        if command == "go":
            running.set()
        elif command in ("count", "stop"):
            print(f"{done[0]} {refreshes[0]}" if kind == "operator" else done[0], flush=True)
        if command == "stop":
            stopping.set()
            break
    gevent.joinall(workers, raise_error=True)


if __name__ == "__main__":
    main()
