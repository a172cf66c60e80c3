"""What unfinished uploads and tabs that never acknowledge cost a worker's
memory, and what it keeps once they are gone.

    python bench/memory.py [--uploads 20] [--size 10M] [--stuck 10]

Uploads: ``--uploads`` pages each send a ``--size`` file to a form's
``file_upload`` as the browser does (256 KiB chunks over Socket.IO) but its
last chunk, and wait there; the server's RSS rise is printed beside the bytes
they hold (files over 512 KiB wait in temporary files, so the goal is a rise
≤ 20 MiB for 20 files of 10 MiB). The same for PyWebIO's client over HTTP
polling: ``--uploads`` binary submits (the form's event and its file in one
POST) in flight at once, each held before its last 256 KiB. Stuck tabs: ``--stuck`` pages open /flood,
whose code outputs as fast as it can, and never acknowledge a batch, so each
session stops at ``WEBUI_MAX_PENDING_BYTES`` (1 MiB of JSON) and then ends
after the reconnect window; the peak RSS rise per tab is printed (goal ≤ 2 MiB
each), and for both what the worker keeps after every session ended.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import sys
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sessions import stats, watch  # noqa: E402
from flask_webui.engine.uploads import parse_size  # noqa: E402
from harness.pages import PageClient  # noqa: E402
from harness.processes import ServerProcess, free_port  # noqa: E402

CHUNK = 256 * 1024  # as frontend/src/input/file.js sends
WINDOW = 5  # the bench server's reconnect window, seconds
MIB = 1024 * 1024


def start_server() -> ServerProcess:
    port = free_port()
    args = [sys.executable, str(ROOT / "bench" / "servers.py"), "ours", str(port)]
    return ServerProcess(args, port, {"BENCH_WEBUI_RECONNECT_TIMEOUT": str(WINDOW),
                                      "BENCH_WEBUI_MAX_UPLOAD_SIZE": str(64 * MIB)})


def rss_mib(server: ServerProcess) -> float:
    return float(stats(server)["rss_kib"]) / 1024


def settled_rss(server: ServerProcess) -> float:
    """RSS once every session ended."""
    if watch(server, lambda s: s["live"] == 0, 120)[0] is None:
        raise RuntimeError("the sessions did not end")
    return rss_mib(server)


def warm_up(server: ServerProcess, path: str) -> None:
    """One session first, so imports and caches are not counted."""
    PageClient(server.url, path).close()
    settled_rss(server)


def held_uploads(server: ServerProcess, count: int, size: int) -> dict[str, Any]:
    warm_up(server, "/upload")
    before = rss_mib(server)
    content = bytes(range(256)) * (CHUNK // 256)
    pages = []
    for number in range(count):
        page = PageClient(server.url, "/upload")
        form = page.next_command("input_group")
        field = form["spec"]["inputs"][0]["name"]
        for offset in range(0, size - CHUNK, CHUNK):  # every chunk but the last
            data = content[:min(CHUNK, size - offset)]
            answer = page.upload({"task_id": form["task_id"], "name": field, "id": f"u{number}",
                                  "size": size, "offset": offset, "data": data})
            if "error" in answer:
                raise RuntimeError(f"upload refused: {answer['error']}")
        pages.append(page)
    held = rss_mib(server)
    for page in pages:
        page.close()
    return {"before": before, "held": held, "after": settled_rss(server),
            "bytes_mib": count * (size - CHUNK) / MIB}


def held_binary_submits(server: ServerProcess, count: int, size: int) -> dict[str, Any]:
    """PyWebIO's client POSTing its binary form submit, every one held before its end."""
    before = rss_mib(server)
    content = bytes(range(256)) * (CHUNK // 256)
    connections = []
    for number in range(count):
        token, cookie, form = pywebio_form(server, "/upload", f"NEW-bench{number}")
        field = form["spec"]["inputs"][0]["name"]
        event = json.dumps({"event": "from_submit", "task_id": form["task_id"], "data": {}}).encode()
        header = json.dumps({"input_name": field, "filename": "f.bin", "mime_type": ""}).encode()
        lead = b"".join(len(part).to_bytes(8, "big") + part for part in (event, header))
        lead += size.to_bytes(8, "big")  # the file's length, then its bytes
        request = (f"POST /upload?ack=0&seq=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nwebio-session-id: {token}\r\n"
                   f"Cookie: {cookie}\r\nContent-Type: application/octet-stream\r\n"
                   f"Content-Length: {len(lead) + size}\r\n\r\n")
        connection = socket.create_connection(("127.0.0.1", server.port))
        connection.sendall(request.encode() + lead)
        for offset in range(0, size - CHUNK, CHUNK):  # all of the file but its last chunk
            connection.sendall(content[:min(CHUNK, size - offset)])
        connections.append(connection)
    time.sleep(1)  # no answer to wait for: the server reads what was sent
    for connection in connections:  # none was answered: each waits for the rest of its file
        connection.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            raise RuntimeError(f"a held submit was answered: {connection.recv(200)!r}")
    held = rss_mib(server)
    for connection in connections:
        connection.close()
    return {"before": before, "held": held, "after": settled_rss(server),
            "bytes_mib": count * (size - CHUNK) / MIB}


def pywebio_form(server: ServerProcess, path: str, session_id: str) -> tuple[str, str, dict[str, Any]]:
    """Start a session as PyWebIO's client does; its token, the browser's cookies, its first form."""
    http = requests.Session()
    for _ in range(100):
        answer = http.get(server.url + path, params={"ack": -1, "wait": 0}, timeout=10,
                          headers={"webio-session-id": session_id})
        session_id = answer.headers.get("webio-session-id", session_id)
        forms = [c for message in answer.json()["commands"] for c in message if c["command"] == "input_group"]
        if forms:
            return session_id, "; ".join(f"{k}={v}" for k, v in http.cookies.items()), forms[0]
        time.sleep(0.05)
    raise RuntimeError("the page showed no form")


def stuck_tabs(server: ServerProcess, count: int) -> dict[str, Any]:
    warm_up(server, "/echo")
    before = rss_mib(server)
    pages = [PageClient(server.url, "/flood") for _ in range(count)]  # they read, and never acknowledge
    peak = before
    while stats(server)["live"] > 0:  # each ends WINDOW seconds after it stopped acknowledging
        peak = max(peak, rss_mib(server))
        time.sleep(0.1)
    for page in pages:
        page.close()
    return {"before": before, "peak": peak, "after": settled_rss(server)}


def report(what: str, up: dict[str, Any]) -> None:
    print(f"{what} hold {up['bytes_mib']:.0f} MiB; RSS {up['before']:.1f} -> {up['held']:.1f} MiB "
          f"(+{up['held'] - up['before']:.1f}); after they ended {up['after']:.1f} MiB "
          f"(+{up['after'] - up['before']:.1f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--size", default="10M")
    parser.add_argument("--stuck", type=int, default=10)
    options = parser.parse_args()
    server = start_server()
    try:
        report(f"uploads: {options.uploads} unfinished files",
               held_uploads(server, options.uploads, parse_size(options.size)))
    finally:
        server.stop()
    server = start_server()
    try:
        warm_up(server, "/upload")
        report(f"binary submits over HTTP polling: {options.uploads} in flight",
               held_binary_submits(server, options.uploads, parse_size(options.size)))
    finally:
        server.stop()
    server = start_server()
    try:
        stuck = stuck_tabs(server, options.stuck)
        rise = stuck["peak"] - stuck["before"]
        print(f"stuck tabs: {options.stuck} never acknowledging; RSS {stuck['before']:.1f} -> peak "
              f"{stuck['peak']:.1f} MiB (+{rise:.1f}, {rise / options.stuck:.2f} MiB a tab); after they "
              f"ended {stuck['after']:.1f} MiB (+{stuck['after'] - stuck['before']:.1f})", flush=True)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
