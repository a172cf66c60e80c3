"""What a worker full of waiting sessions does to the users who type: ours
beside raw+page (a plain Flask-SocketIO app that serves its page) under the
same load, in the same run.

    python bench/at_scale.py [--sessions 10000] [--clients 50] [--seconds 60] [--pace 0.1]
    python bench/at_scale.py --rounds 3 [--sessions 10000]

Each stack runs in its own server process. ``--clients`` typing clients
(bench/paced_clients.py, each one round trip every ``--pace`` seconds with
exactly what our page sends for a form) are timed for ``--seconds`` on the
empty worker, then again once ``--sessions`` more sessions wait on it
(bench/session_clients.py: ours waits in ``input()``, raw+page holds its
connection). It prints each stack's p99 and longest round trip both ways,
the garbage collector's full collections in the loaded window and its
longest pause. The goals: the longest round trip under load ≤ 100 ms, its
p99 ≤ 2× the empty worker's. ``--ping-interval 600`` stretches Engine.IO's
pings (25 s: 400 a second for 10,000 connections) past the timed windows,
ours and raw+page alike: what the waiting sessions cost beyond answering them.

``--rounds N`` opens and closes ``--sessions`` N times instead, and prints
the resident memory and the census of live objects (frozen ones too) after
each round, once the census is back within 1 % of its baseline (or 90 s
have passed) and ours has given the free memory back to the system, and the
kinds of object kept above it: an ended session's
memory is freed (RSS after the last round within 5 % of after the first, the
census back to its baseline).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.driven import DrivenProcess  # noqa: E402
from bench.sessions import stats, watch  # noqa: E402
from harness.processes import ServerProcess, free_port  # noqa: E402

KINDS = ("raw+page", "ours")
WINDOW = 2.0  # our reconnect window, seconds


class Typists(DrivenProcess):
    """A process of paced clients (bench/paced_clients.py)."""

    def __init__(self, kind: str, url: str, clients: int, pace: float) -> None:
        script = str(ROOT / "bench" / "paced_clients.py")
        super().__init__([sys.executable, script, "raw" if kind == "raw+page" else "ours",
                          url, str(clients), str(pace)], "typing clients")
        if self.read() != "ready":
            raise RuntimeError("the typing clients did not connect")

    def timed(self, seconds: float) -> dict[str, Any]:
        """Their round trips over the next ``seconds``."""
        self.say("go")
        time.sleep(seconds)
        self.say("report")
        return dict(json.loads(self.read()))


def start_server(kind: str, ping_interval: float = 25) -> ServerProcess:
    port = free_port()
    server_kind = "raw" if kind == "raw+page" else "ours"
    args = [sys.executable, str(ROOT / "bench" / "servers.py"), server_kind, str(port)]
    return ServerProcess(args, port, {"BENCH_WEBUI_RECONNECT_TIMEOUT": str(WINDOW),
                                      "BENCH_PING_INTERVAL": str(ping_interval)})


def open_waiting(kind: str, server: ServerProcess, sessions: int, already: int) -> subprocess.Popen[str]:
    """Open ``sessions`` waiting sessions beside the ``already`` live ones."""
    waiting = subprocess.Popen([sys.executable, str(ROOT / "bench" / "session_clients.py"), kind,
                                server.url, str(sessions), "20"], stdout=subprocess.PIPE, text=True)
    assert waiting.stdout is not None
    if not waiting.stdout.readline():
        raise RuntimeError(f"the {kind} waiting clients gave up (exit {waiting.wait()})")
    if watch(server, lambda s: s["live"] >= sessions + already, 120)[0] is None:
        waiting.kill()
        raise RuntimeError(f"{kind}: not all {sessions} sessions are live")
    return waiting


def under_load(kind: str, sessions: int, clients: int, seconds: float, pace: float,
               ping_interval: float = 25) -> dict[str, Any]:
    server = start_server(kind, ping_interval)
    waiting: subprocess.Popen[str] | None = None
    typists: Typists | None = None
    try:
        typists = Typists(kind, server.url, clients, pace)
        empty = typists.timed(seconds)
        waiting = open_waiting(kind, server, sessions, clients)
        stats(server, reset_gc=True)
        loaded = typists.timed(seconds)
        collected = stats(server)
        return {"kind": kind, "empty": empty, "loaded": loaded, "gc_full": collected["gc_full"],
                "gc_longest_ms": collected["gc_longest_ms"], "gc_over_5ms": collected["gc_over_5ms"],
                "gc_by_generation_ms": collected["gc_longest_by_generation_ms"],
                "rss_mib": collected["rss_kib"] / 1024}
    finally:
        if typists is not None:
            typists.kill()
        if waiting is not None:
            waiting.kill()
            waiting.wait()
        server.stop()


def show_load(result: dict[str, Any]) -> None:
    empty, loaded = result["empty"], result["loaded"]
    print(f"{result['kind']:<8}  empty worker: p50 {empty['p50_ms']:5.1f} ms, p99 {empty['p99_ms']:6.1f} ms, "
          f"longest {empty['max_ms']:6.1f} ms ({empty['count']} round trips)   "
          f"with the sessions waiting: p50 {loaded['p50_ms']:5.1f} ms, p99 {loaded['p99_ms']:6.1f} ms, "
          f"longest {loaded['max_ms']:6.1f} ms ({loaded['count']} round trips); {result['gc_full']} full "
          f"collections, longest pause {result['gc_longest_ms']:.0f} ms (by generation "
          f"{'/'.join(f'{ms:.0f}' for ms in result['gc_by_generation_ms'])} ms; over 5 ms: "
          f"{'/'.join(str(n) for n in result['gc_over_5ms'])}); RSS {result['rss_mib']:.0f} MiB; "
          f"slowest [s after start, ms]: {loaded['slowest']}", flush=True)


def rounds(kind: str, sessions: int, count: int) -> list[dict[str, Any]]:
    """RSS and census after the first session, then after each round of ``sessions``."""
    server = start_server(kind)
    try:
        after: list[dict[str, Any]] = []
        greenlets = 0
        for number in range(count + 1):
            clients = open_waiting(kind, server, 1 if number == 0 else sessions, 0)
            clients.kill()
            clients.wait()
            if watch(server, lambda s: s["live"] == 0, WINDOW + 120)[0] is None:
                raise RuntimeError(f"{kind}: round {number}'s sessions did not all end")
            given_back = stats(server)["given_back"]  # ours gives back 30 s after this round's reclaim
            # Engine.IO's ping loops outlive their connections by up to a ping
            # interval, holding their sockets: the census waits for them too.
            if number:
                watch(server, lambda s, floor=greenlets: s["greenlets"] + s["ping_loops"] <= floor, 90,
                      greenlets=True)
            else:
                now = stats(server, greenlets=True)
                greenlets = now["greenlets"] + now["ping_loops"]
            if number and given_back is not None:  # ours: RSS once this round's memory went back
                watch(server, lambda s, before=given_back: s["given_back"] > before, 90)
            census, settled = settled_census(server, after[0] if after else None)
            after.append(census)
            print(f"{kind:<8} {'baseline' if number == 0 else f'round {number}':<8} "
                  f"RSS {census['rss_kib'] / 1024:7.1f} MiB  objects {census['objects']}"
                  + (f" (the census settled in {settled:.0f} s)" if number else ""), flush=True)
        return after
    finally:
        server.stop()


def settled_census(server: ServerProcess, baseline: dict[str, Any] | None,
                   timeout: float = 90) -> tuple[dict[str, Any], float]:
    """The census once it is back within 1 % of ``baseline`` (or the last one
    after ``timeout``), and the seconds that took: an ended connection's
    Engine.IO socket goes with the last ping timer for it, up to a ping
    interval (25 s) later; what is still there after ``timeout`` is kept."""
    began = time.monotonic()
    census = requests_census(server)
    while (baseline is not None and census["objects"] > baseline["objects"] * 1.01
           and time.monotonic() - began < timeout):
        time.sleep(5)
        census = requests_census(server)
    return census, time.monotonic() - began


def kept_kinds(base: dict[str, Any], last: dict[str, Any], top: int = 8) -> str:
    """The kinds of object the last census holds more of than the baseline, most first."""
    grown = {kind: count - base["kinds"].get(kind, 0) for kind, count in last["kinds"].items()}
    biggest = sorted((item for item in grown.items() if item[1] > 0), key=lambda item: -item[1])[:top]
    return ", ".join(f"{kind} {count:+d}" for kind, count in biggest) or "nothing"


def requests_census(server: ServerProcess) -> dict[str, Any]:
    import requests

    return dict(requests.get(server.url + "/_bench/stats?census=1", timeout=120).json())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pace", type=float, default=0.1, help="seconds between one client's round trips")
    parser.add_argument("--rounds", type=int, default=0)
    parser.add_argument("--ping-interval", type=float, default=25,
                        help="Engine.IO's, seconds (e.g. 600: no pings in the timed windows)")
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    kinds = args.kinds.split(",")
    if args.rounds:
        for kind in kinds:
            after = rounds(kind, args.sessions, args.rounds)
            first, last, base = after[1], after[-1], after[0]
            print(f"{kind:<8} RSS after round {args.rounds} / after round 1: "
                  f"{last['rss_kib'] / first['rss_kib']:.3f} (goal ≤ 1.05); objects after round "
                  f"{args.rounds} {last['objects']} against {base['objects']} at the baseline "
                  f"({last['objects'] - base['objects']:+d})", flush=True)
            print(f"{kind:<8} kept above the baseline: {kept_kinds(base, last)}", flush=True)
        return
    results = {}
    for kind in kinds:
        results[kind] = under_load(kind, args.sessions, args.clients, args.seconds, args.pace,
                                   args.ping_interval)
        show_load(results[kind])
    if "ours" in results:
        ours = results["ours"]
        ratio = ours["loaded"]["p99_ms"] / ours["empty"]["p99_ms"]
        print(f"ours: longest round trip with {args.sessions} waiting {ours['loaded']['max_ms']:.1f} ms "
              f"(goal ≤ 100), p99 {ratio:.2f}× the empty worker's (goal ≤ 2)", end="")
        if "raw+page" in results:
            paged = results["raw+page"]
            print(f"; raw+page: longest {paged['loaded']['max_ms']:.1f} ms, p99 "
                  f"{paged['loaded']['p99_ms'] / paged['empty']['p99_ms']:.2f}× its empty worker's", end="")
        print(flush=True)


if __name__ == "__main__":
    main()
