"""The typing clients of bench/at_scale.py, in a process of their own:
``python bench/paced_clients.py ours|raw URL CLIENTS PACE``.

Each client does one round trip every PACE seconds on its own connection,
with exactly the messages our page sends for a form (see
bench/throughput_clients.py), and times each: from the message leaving to
the answer (ours: the batch with the echo and the next form) arriving.
Prints ``ready`` once connected; then reads lines on stdin: ``go`` starts
timing (forgetting what came before), ``report`` prints one JSON line
(``{"count", "p50_ms", "p99_ms", "max_ms", "slowest"}``, the last the five
slowest as ``[seconds after go, ms]``) of the round trips since, and the
clients go on until the process is killed.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from gevent.fileobject import FileObject  # noqa: E402
from gevent.queue import Queue  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.throughput_clients import events_into, next_form  # noqa: E402
from bench.wire import SocketIOConnection, load_page  # noqa: E402

connected = [0]
went = [time.perf_counter()]  # when "go" came
times: list[tuple[float, float]] = []  # (ms, seconds after go) of every round trip since "go"


def paced(round_trip: object, pace: float) -> None:
    """Call ``round_trip()`` every ``pace`` seconds (or back to back when it
    takes longer), recording how long each took."""
    next_at = time.monotonic()
    while True:
        began = time.perf_counter()
        round_trip()  # type: ignore[operator]
        if began >= went[0]:  # one in flight at "go" belongs to what came before
            times.append(((time.perf_counter() - began) * 1000, began - went[0]))
        next_at = max(next_at + pace, time.monotonic())
        gevent.sleep(next_at - time.monotonic())


def ours(url: str, number: int, pace: float) -> None:
    page = load_page(url, "/echo")
    arrived: Queue[str] = Queue()
    connection = SocketIOConnection(url, page.namespace, page.auth(f"p{number}"), page.cookie,
                                    events_into(arrived))
    task, applied = next_form(json.dumps(page.first_batch["commands"], separators=(",", ":")), arrived)
    state = {"task": task, "applied": max(applied, page.first_batch["seq"]), "event": 0}
    connected[0] += 1

    def round_trip() -> None:
        connection.emit("events", {"ack": state["applied"], "seq": state["event"], "events": [
            {"event": "from_submit", "task_id": state["task"], "data": {"data": f"p{number}"}}]})
        state["event"] += 1
        state["task"], state["applied"] = next_form("", arrived)

    paced(round_trip, pace)


def raw(url: str, number: int, pace: float) -> None:
    arrived: Queue[str] = Queue()
    connection = SocketIOConnection(url, "/", None, "", events_into(arrived))
    connected[0] += 1

    def round_trip() -> None:
        connection.emit("echo", {"text": f"p{number}"})
        arrived.get(timeout=30)

    paced(round_trip, pace)


def summary() -> dict[str, object]:
    ordered = sorted(times)
    return {"count": len(ordered), "p50_ms": round(ordered[len(ordered) // 2][0], 2),
            "p99_ms": round(ordered[int(len(ordered) * 0.99)][0], 2), "max_ms": round(ordered[-1][0], 2),
            "slowest": [[round(at, 2), round(ms, 1)] for ms, at in ordered[-5:]]}


def main() -> None:
    kind, url, clients, pace = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    run = {"ours": ours, "raw": raw}[kind]
    workers = [gevent.spawn(run, url, number, pace) for number in range(clients)]
    while connected[0] < clients:
        if any(w.dead for w in workers):
            gevent.joinall(workers, raise_error=True)
        gevent.sleep(0.05)
    print("ready", flush=True)
    for line in FileObject(sys.stdin.fileno(), "r"):  # read without blocking the clients
        command = line.strip()
        if command == "go":
            times.clear()
            went[0] = time.perf_counter()
        elif command == "report":
            print(json.dumps(summary()), flush=True)


if __name__ == "__main__":
    main()
