"""One broadcast to a room of 1,000 waiting sessions: the time until every
client has it, ours (``flask_webui.rooms.broadcast`` from a view) beside a raw
Flask-SocketIO ``emit(..., to=room)`` to 1,000 connections, in the same run;
in one process, and across two server processes through a real redis-server.

    python bench/broadcast.py [--clients 1000] [--rounds 7] [--runs 5]

Each of our clients does what the page does: it loads the page (token and
cookie), connects over WebSocket with the page's auth, and acknowledges every
batch with an ``events`` message 50 ms after applying it (the page asks for a
Socket.IO ack only when the message carries events). The clients are
greenlets in this process; the servers run in their own. The last line prints
the ratio ours / raw. With ``--runs N`` the whole comparison is repeated N
times, each on fresh servers and clients, and the last line prints the median
of the N ratios (one invocation's ratio moves with where the servers' memory
and greenlets happen to lie).
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
from gevent.pool import Pool  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.wire import SocketIOConnection, load_page  # noqa: E402
from harness.processes import ServerProcess, free_port, start_redis  # noqa: E402

SEQ = re.compile(r'"seq":(\d+)')


class Clients:
    """Connections that note when each first sees a marker."""

    def __init__(self) -> None:
        self.connections: list[SocketIOConnection] = []
        self.seen: dict[str, dict[int, float]] = {}
        self.marker = ""

    def saw(self, number: int, packet: str) -> None:
        if self.marker and self.marker in packet:
            self.seen[self.marker].setdefault(number, time.perf_counter())

    def open_ours(self, url: str, number: int) -> None:
        page = load_page(url, "/member")
        holder: list[SocketIOConnection] = []

        def on_packet(packet: str) -> None:
            self.saw(number, packet)
            if '["commands",' in packet:
                # As the page does: acknowledge the applied batch 50 ms later (an
                # acknowledgement, as every message of the page, asks for no Socket.IO ack).
                seq = int(SEQ.search(packet).group(1))  # type: ignore[union-attr]
                gevent.spawn_later(0.05, holder[0].emit, "events", {"ack": seq, "events": []})

        auth = page.auth(f"b{number}")
        holder.append(SocketIOConnection(url, page.namespace, auth, page.cookie, on_packet))
        self.connections.append(holder[0])

    def open_raw(self, url: str, number: int) -> None:
        self.connections.append(SocketIOConnection(url, "/", None, "", lambda p: self.saw(number, p)))

    def close(self) -> None:
        for connection in self.connections:
            connection.close()
        self.connections.clear()


def wait_until(check: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        gevent.sleep(0.05)


def run_stack(kind: str, urls: list[str], count: int, rounds: int) -> list[float]:
    """Open ``count`` clients spread over ``urls``, then broadcast ``rounds``
    times from the first server; milliseconds until every client had each."""
    clients = Clients()
    opener = clients.open_ours if kind == "rooms" else clients.open_raw
    pool = Pool(20)
    for number in range(count):
        pool.spawn(opener, urls[number % len(urls)], number)
    pool.join(raise_error=True)
    wait_until(lambda: sum(int(requests.get(u + "/local", timeout=10).text) for u in urls) == count,
               f"{count} members")
    samples = []
    for round_number in range(rounds + 1):
        marker = f"{kind}-{round_number}-{time.perf_counter_ns()}"
        clients.seen[marker] = {}
        clients.marker = marker
        began = time.perf_counter()
        requests.get(f"{urls[0]}/fire/{marker}", timeout=30).raise_for_status()
        wait_until(lambda m=marker: len(clients.seen[m]) == count, "every client to have the broadcast")  # type: ignore[misc]
        if round_number:  # the first is a warm-up
            samples.append((max(clients.seen[marker].values()) - began) * 1000)
        gevent.sleep(0.2)  # let the acknowledgements settle
    clients.close()
    return samples


def start(kind: str, redis_url: str | None = None) -> ServerProcess:
    port = free_port()
    args = [sys.executable, str(ROOT / "bench" / "servers.py"), kind, str(port)]
    return ServerProcess(args + ([redis_url] if redis_url else []), port)


def compare(title: str, count: int, rounds: int, redis_url: str | None, processes: int) -> float:
    medians = {}
    for kind in ("rooms", "raw-rooms"):
        servers = [start(kind, redis_url) for _ in range(processes)]
        try:
            samples = run_stack(kind, [s.url for s in servers], count, rounds)
        finally:
            for server in servers:
                server.stop()
        medians[kind] = statistics.median(samples)
        name = "flask_webui broadcast" if kind == "rooms" else "raw Flask-SocketIO emit"
        print(f"{title:<34} {name:<24} median {medians[kind]:8.1f} ms  "
              f"(min {min(samples):.1f}, max {max(samples):.1f}; {len(samples)} rounds)", flush=True)
    ratio = medians["rooms"] / medians["raw-rooms"]
    print(f"{title:<34} ratio flask_webui / raw: {ratio:.2f}", flush=True)
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--runs", type=int, default=1, help="repeat the comparison; print the median ratio")
    args = parser.parse_args()
    ones, twos = [], []
    redis = start_redis()
    try:
        for run in range(1, args.runs + 1):
            label = f"run {run}: " if args.runs > 1 else ""
            ones.append(compare(label + "one process", args.clients, args.rounds, None, 1))
            twos.append(compare(label + "two processes through Redis", args.clients, args.rounds,
                                f"redis://127.0.0.1:{redis.port}/0", 2))
    finally:
        redis.stop()
    if args.runs > 1:
        print("ratios, one process: " + ", ".join(f"{r:.2f}" for r in ones)
              + "; two processes: " + ", ".join(f"{r:.2f}" for r in twos))
    how = f"median of {args.runs} runs" if args.runs > 1 else "one run"
    print(f"ratio flask_webui / raw emit ({how}): {statistics.median(ones):.2f} (one process), "
          f"{statistics.median(twos):.2f} (two processes, Redis)")


if __name__ == "__main__":
    main()
