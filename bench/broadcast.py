"""One broadcast to a room of 1,000 waiting sessions: the time until every
client has it, ours (``flask_webui.rooms.broadcast`` from a view) beside a raw
Flask-SocketIO ``emit(..., to=room)`` to 1,000 connections, in the same run;
in one process, and across two server processes through a real redis-server.

    python bench/broadcast.py [--clients 1000] [--rounds 7] [--runs 5] [--processes 4]

Each of our clients does what the page does: it loads the page (token and
cookie), connects over WebSocket with the page's auth, and acknowledges every
batch with an ``events`` message 50 ms after applying it (the page asks for a
Socket.IO ack only when the message carries events). The clients are
greenlets spread over ``--processes`` processes of their own
(bench/broadcast_clients.py), so that a thousand receiving clients in one
Python process are not what sets the pace; the servers run in their own. The last line prints
the ratio ours / raw. With ``--runs N`` the whole comparison is repeated N
times, each on fresh servers and clients, and the last line prints the median
of the N ratios (one invocation's ratio moves with where the servers' memory
and greenlets happen to lie).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.driven import DrivenProcess  # noqa: E402
from harness.processes import ServerProcess, free_port, start_redis  # noqa: E402


class ClientProcess(DrivenProcess):
    """One process of clients (bench/broadcast_clients.py)."""

    def __init__(self, kind: str, urls: list[str], count: int, first: int) -> None:
        script = str(ROOT / "bench" / "broadcast_clients.py")
        super().__init__([sys.executable, script, kind, str(count), str(first), *urls], "broadcast clients")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.say("stop")
            self.process.wait(30)


def wait_until(check: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.05)


def run_stack(kind: str, urls: list[str], count: int, rounds: int, processes: int) -> list[float]:
    """Open ``count`` clients in ``processes`` processes, spread over ``urls``,
    then broadcast ``rounds`` times from the first server; milliseconds until
    every client had each."""
    shares = [count // processes + (1 if n < count % processes else 0) for n in range(processes)]
    groups = [ClientProcess(kind, urls, share, sum(shares[:n])) for n, share in enumerate(shares) if share]
    try:
        for group in groups:
            if group.read() != "ready":
                raise RuntimeError("the broadcast clients did not connect")
        wait_until(lambda: sum(int(requests.get(u + "/local", timeout=10).text) for u in urls) == count,
                   f"{count} members")
        samples = []
        for round_number in range(rounds + 1):
            marker = f"{kind}-{round_number}-{time.perf_counter_ns()}"
            for group in groups:
                group.say(f"mark {marker}")
            for group in groups:
                if group.read() != "armed":
                    raise RuntimeError("the broadcast clients did not take the marker")
            began = time.perf_counter()
            requests.get(f"{urls[0]}/fire/{marker}", timeout=30).raise_for_status()
            for group in groups:
                group.say(f"wait {marker}")
            answers = [group.read() for group in groups]
            if any(not answer.startswith("seen ") for answer in answers):
                raise TimeoutError(f"not every client had the broadcast: {answers}")
            if round_number:  # the first is a warm-up
                samples.append((max(float(a.split()[1]) for a in answers) - began) * 1000)
            time.sleep(0.2)  # let the acknowledgements settle
        return samples
    finally:
        for group in groups:
            group.stop()


def start(kind: str, redis_url: str | None = None) -> ServerProcess:
    port = free_port()
    args = [sys.executable, str(ROOT / "bench" / "servers.py"), kind, str(port)]
    return ServerProcess(args + ([redis_url] if redis_url else []), port)


def compare(title: str, count: int, rounds: int, redis_url: str | None, processes: int,
            client_processes: int) -> float:
    medians = {}
    for kind in ("rooms", "raw-rooms"):
        servers = [start(kind, redis_url) for _ in range(processes)]
        try:
            samples = run_stack(kind, [s.url for s in servers], count, rounds, client_processes)
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
    parser.add_argument("--processes", type=int, default=4, help="processes the clients are spread over")
    args = parser.parse_args()
    ones, twos = [], []
    redis = start_redis()
    try:
        for run in range(1, args.runs + 1):
            label = f"run {run}: " if args.runs > 1 else ""
            ones.append(compare(label + "one process", args.clients, args.rounds, None, 1, args.processes))
            twos.append(compare(label + "two processes through Redis", args.clients, args.rounds,
                                f"redis://127.0.0.1:{redis.port}/0", 2, args.processes))
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
