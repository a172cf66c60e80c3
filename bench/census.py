"""Where a waiting session's memory goes, ours beside raw+page in the same
run: Python's own allocations per session (tracemalloc), by the package whose
code asked for them, and what resident memory holds beyond them.

    python bench/census.py [--sessions 2000] [--kinds raw+page,ours,polling]

Each server runs under ``PYTHONTRACEMALLOC`` (slower, so fewer sessions than
bench/sessions.py); the clients are bench/sessions.py's, doing what a browser
does. A snapshot is taken after one session has come and gone, another once
``--sessions`` wait (a collection first, each time); the difference, divided
by the sessions, is what one costs. "not traced" is resident memory that no
Python allocation accounts for: the allocator's spare room, and the frames
and C stack of every suspended greenlet, which CPython 3.11+ keeps in memory
it maps itself (a page's greenlet is one more such stack than raw+page has).
"""

from __future__ import annotations

import argparse
import sys
import tracemalloc
from collections import defaultdict
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sessions import open_sessions, stats, watch  # noqa: E402
from harness.processes import ServerProcess, free_port  # noqa: E402

#: Where an allocation's innermost frame is, in the order they are tried.
PACKAGES = [("flask_webui", "/flask_webui/"), ("engine.io", "/engineio/"),
            ("socket.io", "/socketio/"), ("socket.io", "/flask_socketio/"),
            ("gevent", "/geventwebsocket/"), ("gevent", "/gevent/"), ("greenlet", "/greenlet/"),
            ("flask, werkzeug", "/flask/"), ("flask, werkzeug", "/werkzeug/"),
            ("flask, werkzeug", "/jinja2/"), ("flask, werkzeug", "/itsdangerous/"),
            ("standard library", "/lib/python3"), ("standard library", "<frozen")]


def package(filename: str) -> str:
    """The package whose code made an allocation.

    >>> package("/x/site-packages/engineio/socket.py")
    'engine.io'
    """
    return next((name for name, marker in PACKAGES if marker in filename), "other")


def snapshot(server: ServerProcess) -> tracemalloc.Snapshot:
    answer = requests.get(server.url + "/_bench/stats?snapshot=1", timeout=300).json()
    path = Path(answer["snapshot"])
    try:
        return tracemalloc.Snapshot.load(str(path))
    finally:
        path.unlink()


def run(kind: str, count: int, concurrency: int) -> dict[str, Any]:
    """One server of ``kind``: KiB per waiting session, by package and by line."""
    port = free_port()
    server_kind = "raw" if kind.startswith("raw") else "ours"
    args = [sys.executable, str(ROOT / "bench" / "servers.py"), server_kind, str(port)]
    server = ServerProcess(args, port, {"PYTHONTRACEMALLOC": "1", "BENCH_WEBUI_RECONNECT_TIMEOUT": "2"})
    clients = None
    try:
        clients, _ = open_sessions(kind, server, 1, 1)  # what is built on first use goes in the baseline
        clients.kill()
        watch(server, lambda s: s["live"] == 0, 60)
        before, base = snapshot(server), stats(server)
        clients, _ = open_sessions(kind, server, count, concurrency)
        after, held = snapshot(server), stats(server)
        by_package: dict[str, float] = defaultdict(float)
        for stat in after.compare_to(before, "filename"):
            by_package[package(stat.traceback[0].filename)] += stat.size_diff / 1024 / count
        lines = {str(stat.traceback[0]): stat.size_diff / 1024 / count
                 for stat in after.compare_to(before, "lineno")}
        rss = (held["rss_kib"] - base["rss_kib"]) / count
        return {"kind": kind, "rss": rss, "traced": sum(by_package.values()), "packages": by_package,
                "lines": lines}
    finally:
        if clients is not None:
            clients.kill()
        server.stop()


def show(results: list[dict[str, Any]]) -> None:
    names = sorted({name for result in results for name in result["packages"]})
    print(f"{'KiB per waiting session':<24}" + "".join(f"{r['kind']:>12}" for r in results))
    rows = [(name, [r["packages"].get(name, 0.0) for r in results]) for name in names]
    rows += [("traced in all", [r["traced"] for r in results]),
             ("not traced", [r["rss"] - r["traced"] for r in results]),
             ("resident (RSS)", [r["rss"] for r in results])]
    for name, figures in rows:
        print(f"{name:<24}" + "".join(f"{figure:12.1f}" for figure in figures))
    kinds = {r["kind"]: r for r in results}
    if "ours" in kinds and "raw+page" in kinds:
        ours, paged = kinds["ours"]["lines"], kinds["raw+page"]["lines"]
        every = set(ours) | set(paged)
        extra = sorted(((ours.get(line, 0.0) - paged.get(line, 0.0), line) for line in every), reverse=True)
        print("\nwhere ours allocates more than raw+page, KiB per session, by line:")
        for kib, line in extra[:15]:
            print(f"  {kib:+6.2f}  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--kinds", default="raw+page,ours,polling")
    args = parser.parse_args()
    show([run(kind, args.sessions, args.concurrency) for kind in args.kinds.split(",")])


if __name__ == "__main__":
    main()
