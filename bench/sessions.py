"""What a live session costs the server, ours beside raw Flask-SocketIO
connections in the same run: resident memory per session, the time to open
them (and how much of it, and how long at most, the garbage collector took),
how fast they all end once their browsers are gone, and what memory is left
after (ours: once it has given the burst's memory back, 30 s after freeing it).

    python bench/sessions.py [--sessions 1000] [--concurrency 10] [--window 2]

Each stack runs in its own server process; the clients run in another
(bench/session_clients.py, greenlets) and do what a browser does. Ours: the
page GET (which starts the session and carries its first batch), then a
WebSocket connection that waits in ``input()``; raw: a bare Socket.IO
connection (``--kinds ours,ours+storage``: the same page that reads its
user's and browser's stores first, on the default SQLite backend); raw+page:
what a plain Flask-SocketIO app's page costs as well
(a Flask view renders a small template and sets the session cookie, then the
bare connection); ours over HTTP polling: the page and one held long poll. The
clients' process is then killed, every browser gone at once, and the server
is watched until its sessions (or connections) and greenlets are gone. Our
reconnect window is ``--window`` seconds. The last lines print the ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.driven import DrivenProcess  # noqa: E402
from bench.throughput import cpu_seconds  # noqa: E402
from harness.processes import ServerProcess, free_port  # noqa: E402


def stats(server: ServerProcess, greenlets: bool = False, reset_gc: bool = False) -> dict[str, Any]:
    query = "?greenlets=1" if greenlets else "?reset_gc=1" if reset_gc else ""
    return dict(requests.get(server.url + "/_bench/stats" + query, timeout=60).json())


def watch(server: ServerProcess, done: Any, timeout: float,
          greenlets: bool = False) -> tuple[float | None, dict[str, Any]]:
    """Seconds until ``done(stats)``, or None after ``timeout``; the last stats."""
    began = time.monotonic()
    now: dict[str, Any] = {}
    while True:
        try:
            now = stats(server, greenlets)
        except requests.Timeout:  # too busy to answer (raw Flask-SocketIO letting 20,000 go at once)
            if time.monotonic() - began > timeout:
                return None, now
            continue
        if done(now):
            return time.monotonic() - began, now
        if time.monotonic() - began > timeout:
            return None, now
        time.sleep(0.25)


#: Sessions one clients' process holds at most: each is a socket, and a
#: process may hold no more files than its limit (20,000 here).
PER_CLIENT_PROCESS = 15_000


class Clients:
    """The clients' processes of one run, ``count`` sessions spread over them."""

    def __init__(self, kind: str, url: str, count: int, concurrency: int) -> None:
        shares = [PER_CLIENT_PROCESS] * (count // PER_CLIENT_PROCESS) + [count % PER_CLIENT_PROCESS]
        shares = [share for share in shares if share]
        self.kind = kind
        script = str(ROOT / "bench" / "session_clients.py")
        self.processes = [DrivenProcess([sys.executable, script, kind, url, str(share), str(concurrency),
                                         str(sum(shares[:n]))], f"{kind} clients")
                          for n, share in enumerate(shares)]

    def opened(self) -> dict[str, Any]:
        """Once every process has opened its share: how long it took."""
        answers = [json.loads(process.read()) for process in self.processes]
        return {"seconds": max(a["seconds"] for a in answers),
                "p50_ms": statistics.median(a["p50_ms"] for a in answers)}

    def answer(self) -> dict[str, Any]:
        """One round trip from every session: how many answered, in how long."""
        for process in self.processes:
            process.say("answer")
        answers = [json.loads(process.read()) for process in self.processes]
        return {"answered": sum(a["answered"] for a in answers),
                "seconds": max(a["seconds"] for a in answers)}

    def kill(self) -> None:
        """Every browser gone at once."""
        for process in self.processes:
            process.kill()


def open_sessions(kind: str, server: ServerProcess, count: int,
                  concurrency: int) -> tuple[Clients, dict[str, Any]]:
    """Start the clients' processes; return them once all ``count`` are live on the server."""
    clients = Clients(kind, server.url, count, concurrency)
    try:
        opened = clients.opened()
        settled, live = watch(server, lambda s: s["live"] >= count, 60)
        if settled is None:
            raise RuntimeError(f"{kind}: only {live['live']} of {count} live")
    except BaseException:
        clients.kill()
        raise
    return clients, {**opened, "live": live}


def run(kind: str, count: int, concurrency: int, window: float, answer: bool = False) -> dict[str, Any]:
    port = free_port()
    server_kind = "raw" if kind.startswith("raw") else "ours"
    env = {"BENCH_WEBUI_RECONNECT_TIMEOUT": str(window)}
    if kind == "ours+storage":  # the default backend, a SQLite file, in a folder of this run
        env["BENCH_WEBUI_STORAGE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/stores.sqlite3"
    args = [sys.executable, str(ROOT / "bench" / "servers.py"), server_kind, str(port)]
    server = ServerProcess(args, port, env)
    clients = None
    try:
        # One session first, so that what is built on first use (the reaper,
        # caches, imports) is in the baseline rather than counted per session.
        clients, _ = open_sessions(kind, server, 1, 1)
        clients.kill()
        watch(server, lambda s: s["live"] == 0, window + 60)
        base = stats(server, greenlets=True)
        stats(server, reset_gc=True)
        cpu = cpu_seconds(server.process.pid)
        clients, opened = open_sessions(kind, server, count, concurrency)
        opening_cpu = cpu_seconds(server.process.pid) - cpu
        collected = stats(server)
        answered = clients.answer() if answer else None
        peak_kib = max(opened["live"]["rss_kib"], stats(server)["rss_kib"])
        given_back = collected["given_back"]  # ours gives memory back 30 s after its reclaim
        clients.kill()  # every browser gone at once
        began = time.monotonic()
        ended, _ = watch(server, lambda s: s["live"] == 0, window + 120)
        cleared, after = watch(server, lambda s: s["greenlets"] <= base["greenlets"],
                               max(1.0, window + 120 - (time.monotonic() - began)), greenlets=True)
        if not after:  # it never answered meanwhile: what is left once it does
            after = watch(server, lambda s: True, 600, greenlets=True)[1]
        if given_back is not None:  # ours: what is left once the burst's memory went back
            watch(server, lambda s: s["given_back"] > given_back, 90)
            after = {**after, "rss_kib": stats(server)["rss_kib"]}
        return {"kind": kind, "open_s": opened["seconds"], "p50_ms": opened["p50_ms"],
                "open_cpu_ms": opening_cpu * 1000 / count,
                "gc_share": collected["gc_seconds"] / opening_cpu,
                "gc_longest_ms": collected["gc_longest_ms"],
                "per_session_kib": (opened["live"]["rss_kib"] - base["rss_kib"]) / count,
                "ended_s": ended, "cleared_s": None if cleared is None else time.monotonic() - began,
                "left": after, "rss_left_kib": after["rss_kib"] - base["rss_kib"], "base": base,
                "answered": answered, "peak_rss_mib": peak_kib / 1024}
    finally:
        if clients is not None:
            clients.kill()
        server.stop()


def show(result: dict[str, Any]) -> None:
    answered = result["answered"]
    ended = "not all" if result["ended_s"] is None else f"{result['ended_s']:.1f} s"
    cleared = (f"still {result['left']['live']} live, {result['left']['greenlets']} greenlets"
               if result["cleared_s"] is None else f"{result['cleared_s']:.1f} s")
    print(f"{result['kind']:<8} open {result['open_s']:6.2f} s (p50 {result['p50_ms']:5.1f} ms, server CPU "
          f"{result['open_cpu_ms']:.2f} ms each, {100 * result['gc_share']:.0f}% of it collecting garbage, "
          f"longest pause {result['gc_longest_ms']:.0f} ms)  "
          f"RSS/session {result['per_session_kib']:6.1f} KiB  ended {ended:>8}  greenlets gone {cleared:>8}  "
          f"RSS left {result['rss_left_kib'] / 1024:+6.1f} MiB  peak RSS {result['peak_rss_mib']:.0f} MiB"
          + ("" if answered is None else
             f"  answered {answered['answered']} round trips in {answered['seconds']:.1f} s"),
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--window", type=float, default=2.0, help="our reconnect window, seconds")
    parser.add_argument("--kinds", default="raw,raw+page,ours,polling")
    parser.add_argument("--answer", action="store_true",
                        help="once all are open, one round trip from every session (not polling)")
    args = parser.parse_args()
    results = {}
    for kind in args.kinds.split(","):
        results[kind] = run(kind, args.sessions, args.concurrency, args.window, args.answer)
        show(results[kind])
    if "ours+storage" in results and "ours" in results:
        extra = results["ours+storage"]["per_session_kib"] - results["ours"]["per_session_kib"]
        print(f"stores read: RSS per session {extra:+.2f} KiB beside ours (goal +2)")
    if "raw" in results and "ours" in results:
        raw, ours = results["raw"], results["ours"]
        print(f"ratio ours / raw: RSS per session {ours['per_session_kib'] / raw['per_session_kib']:.2f} "
              f"({ours['per_session_kib'] - raw['per_session_kib']:+.1f} KiB; goal +10), "
              f"opening {ours['open_s'] / raw['open_s']:.2f} (goal 1.5; server CPU "
              f"{ours['open_cpu_ms'] / raw['open_cpu_ms']:.2f}), "
              f"RSS left {ours['rss_left_kib'] - raw['rss_left_kib']:+.0f} KiB beyond raw's (goal 0)")
    if "raw+page" in results and "ours" in results:
        paged, ours = results["raw+page"], results["ours"]
        cpu = ours["open_cpu_ms"] / paged["open_cpu_ms"]
        print(f"ratio ours / raw+page (each session also loads its page): opening "
              f"{ours['open_s'] / paged['open_s']:.2f} (server CPU {cpu:.2f})")


if __name__ == "__main__":
    main()
