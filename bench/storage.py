"""What flask_webui.storage costs, beside the raw backend doing the same in
the same run: 1,000 sessions each doing reads, writes and transactions on
``storage.user`` in page code, over SQLite and over Redis, beside raw
sqlite3 (same journal mode and ``synchronous``) and raw redis-py (the
commands our write sends) in the same server process; and, over Redis
with two servers, a write in one and the change seen by a session waiting
in the other, beside a raw redis-py publish and subscriber receive.

    python bench/storage.py [--sessions 1000] [--runs 3] [--changes 200] [--sentinel]

Each session is opened as a browser opens a page (its GET starts the
session and carries what the page shows first: the timings, measured in
page code). Metrics are off. RSS per idle session with its stores read:
``python bench/sessions.py --kinds ours,ours+storage``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.pages import CONFIG  # noqa: E402
from harness.processes import SentinelSetup, ServerProcess, free_port, start_redis, wait_until  # noqa: E402

OPS = {"reads": 50, "writes": 5, "transactions": 2}
KINDS = ("first_read", "read", "write", "transaction")


def serve(url: str, redis_url: str | None) -> ServerProcess:
    port = free_port()
    env = {"BENCH_REDIS": redis_url} if redis_url else {}
    args = [sys.executable, str(ROOT / "bench" / "storage_server.py"), str(port), url]
    return ServerProcess(args, port, env)


def our_session(server: ServerProcess, user: int) -> dict[str, float]:
    page = requests.get(server.url + "/ops", params={"u": f"u{user}", **OPS}, timeout=60,
                        headers={"Connection": "close"})
    page.raise_for_status()
    match = CONFIG.search(page.text)
    assert match, "no page config"
    first = json.loads(match.group(1))["firstBatch"]
    assert first, "the page carried nothing: its code took longer than the first-batch wait"
    text = next(c["spec"]["content"] for c in first["commands"] if c["command"] == "output")
    return dict(json.loads(text))


def raw_session(server: ServerProcess, user: int) -> dict[str, float]:
    answer = requests.get(server.url + "/raw_ops", params={"u": f"u{user}", **OPS}, timeout=60,
                          headers={"Connection": "close"})
    answer.raise_for_status()
    return dict(answer.json())


def medians(results: list[dict[str, float]]) -> dict[str, float]:
    return {kind: statistics.median(r[kind] for r in results) for kind in KINDS}


def operations(backend: str, sessions: int, redis_url: str | None,
               concurrency: int) -> dict[str, dict[str, float]]:
    """``backend``: "sqlite", "redis", or "sentinel" (then ``redis_url`` is
    the Sentinel's: each write waits for the replica)."""
    url = redis_url if backend != "sqlite" else f"sqlite:///{tempfile.mkdtemp()}/stores.sqlite3"
    assert url is not None
    server = serve(url, redis_url if backend != "sqlite" else None)
    try:
        with ThreadPoolExecutor(concurrency) as pool:
            ours = list(pool.map(lambda n: our_session(server, n), range(sessions)))
            raw = list(pool.map(lambda n: raw_session(server, n), range(sessions)))
    finally:
        server.stop()
    return {"ours": medians(ours), "raw": medians(raw)}


def latency(redis_url: str, changes: int) -> dict[str, list[float]]:
    """Milliseconds from a write's start in server A to its change in a page waiting in server B,
    and from a raw publish in A to a raw subscriber's receive in B."""
    a, b = serve(redis_url, redis_url), serve(redis_url, redis_url)
    try:
        requests.get(b.url + "/watch", params={"u": "watcher"}, timeout=30).raise_for_status()
        requests.get(b.url + "/raw_listen", timeout=5).raise_for_status()
        # The raw subscriber is listening once a publish reaches it.
        wait_until(lambda: requests.get(a.url + "/raw_publish", params={"v": "warm"}, timeout=5).ok
                   and bool(requests.get(b.url + "/raw_seen", timeout=5).json()["seen"]), timeout=10,
                   what="the raw subscriber to listen")
        ours: list[float] = []
        raw: list[float] = []
        for number in range(changes):
            for kind, write, seen, into in (("ours", "/write", "/seen", ours),
                                            ("raw", "/raw_publish", "/raw_seen", raw)):
                value = f"{kind}{number}"
                answer = requests.get(a.url + write, params={"u": "watcher", "v": value}, timeout=5)
                began = answer.json()["began"]
                arrived: list[float] = []

                def arrived_yet(seen: str = seen, value: str = value, arrived: list[float] = arrived) -> bool:
                    times = [t for v, t in requests.get(b.url + seen, timeout=5).json()["seen"] if v == value]
                    arrived.extend(times)
                    return bool(times)

                wait_until(arrived_yet, timeout=10, what=f"{value} to arrive")
                into.append((arrived[0] - began) * 1000)
        return {"ours": ours, "raw": raw}
    finally:
        a.stop()
        b.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--sentinel", action="store_true",
                        help="also behind Sentinel (master, replica, 3 sentinels): what waiting for the "
                             "replica costs a write")
    parser.add_argument("--concurrency", type=int, default=1,
                        help="sessions opened at once (1: each session's operations timed alone)")
    args = parser.parse_args()
    redis = start_redis()
    redis_url = f"redis://127.0.0.1:{redis.port}/0"
    folder = tempfile.mkdtemp()
    sentinel = SentinelSetup(Path(folder)) if args.sentinel else None
    try:
        for run in range(1, args.runs + 1):
            for backend in ("sqlite", "redis"):
                figures = operations(backend, args.sessions, redis_url, args.concurrency)
                ours, raw = figures["ours"], figures["raw"]
                print(f"run {run} {backend:<6} µs per op, ours / raw: "
                      + "  ".join(f"{kind} {ours[kind]:.1f} / {raw[kind]:.1f}" for kind in KINDS)
                      + f"  | write {ours['write'] / raw['write']:.2f}x (goal 1.5), transaction "
                      f"{ours['transaction'] / raw['transaction']:.2f}x, read {ours['read']:.1f} µs "
                      "(goal 20)",
                      flush=True)
            if sentinel is not None:
                behind = operations("sentinel", args.sessions, sentinel.url, args.concurrency)["ours"]
                print(f"run {run} behind Sentinel, µs per op: write {behind['write']:.1f} (waits for the "
                      f"replica), transaction {behind['transaction']:.1f}, read {behind['read']:.1f}",
                      flush=True)
            seen = latency(redis_url, args.changes)
            ours_ms, raw_ms = statistics.median(seen["ours"]), statistics.median(seen["raw"])
            print(f"run {run} across two servers, ms from write to the waiting page: ours {ours_ms:.2f} "
                  f"(p90 {statistics.quantiles(seen['ours'], n=10)[-1]:.2f}), raw publish -> receive "
                  f"{raw_ms:.2f} (p90 {statistics.quantiles(seen['raw'], n=10)[-1]:.2f}): "
                  f"{ours_ms / raw_ms:.2f}x (goal 1.5)", flush=True)
    finally:
        redis.stop()
        if sentinel is not None:
            sentinel.stop()


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"({time.monotonic() - started:.0f} s)")
