"""Round trip "submit a form -> receive the echoed output and the next form"
through flask_webui over WebSocket, side by side with a raw Flask-SocketIO echo
(the floor) and, when installed, PyWebIO 1.8's Tornado backend.

    python bench/roundtrip.py [--rounds 500]

All servers run on 127.0.0.1 in their own processes; the same python-socketio
client drives ours and the raw echo (PyWebIO speaks plain WebSocket, driven with
websocket-client). Ours is sent exactly what the page sends: each submit is an
``events`` message without a Socket.IO ack id, and the answer is the one
batch that says which events it applied (a client that sent something else
could miss a stall every browser pays). The last line prints the
ratio ours / raw.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.pages import PageClient  # noqa: E402
from harness.processes import ServerProcess, free_port  # noqa: E402


def start(kind: str) -> ServerProcess:
    port = free_port()
    return ServerProcess([sys.executable, str(ROOT / "bench" / "servers.py"), kind, str(port)], port)


def measure(round_trip: Callable[[], None], rounds: int, warmup: int = 50) -> list[float]:
    for _ in range(warmup):
        round_trip()
    samples = []
    for _ in range(rounds):
        began = time.perf_counter()
        round_trip()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def ours_round_trip(url: str) -> tuple[Callable[[], None], Callable[[], None]]:
    page = PageClient(url, "/echo", transports=["websocket"])
    form = page.next_command("input_group")
    counter = iter(range(10**9))

    def round_trip() -> None:
        text = f"m{next(counter)}"
        page.submit(form, {"data": text})
        page.wait_for(lambda c: c["command"] == "input_group")

    return round_trip, page.close


def raw_round_trip(url: str) -> tuple[Callable[[], None], Callable[[], None]]:
    client = socketio.Client(reconnection=False)
    arrived = threading.Event()
    client.on("echo", lambda data: arrived.set())
    client.connect(url, transports=["websocket"], wait_timeout=5)

    def round_trip() -> None:
        arrived.clear()
        client.emit("echo", {"text": "m"})
        if not arrived.wait(5):
            raise TimeoutError("raw echo did not answer")

    return round_trip, client.disconnect


def pywebio_round_trip(url: str) -> tuple[Callable[[], None], Callable[[], None]]:
    import websocket

    ws = websocket.create_connection(url.replace("http", "ws") + "/?app=echo&session=NEW", timeout=5)

    def next_form() -> str:
        while True:
            message = json.loads(ws.recv())
            if message["command"] == "input_group":
                return str(message["task_id"])

    task_id = [next_form()]

    def round_trip() -> None:
        ws.send(json.dumps({"event": "from_submit", "task_id": task_id[0], "data": {"data": "m"}}))
        task_id[0] = next_form()

    return round_trip, ws.close


def summarize(name: str, samples: list[float]) -> float:
    median = statistics.median(samples)
    p95 = statistics.quantiles(samples, n=20)[-1]
    print(f"{name:<28} median {median:7.3f} ms   p95 {p95:7.3f} ms   ({len(samples)} rounds)")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=500)
    args = parser.parse_args()

    kinds = {"flask_webui (websocket)": ("ours", ours_round_trip),
             "raw Flask-SocketIO echo": ("raw", raw_round_trip)}
    try:
        import pywebio  # noqa: F401
        kinds["PyWebIO 1.8 (tornado)"] = ("pywebio", pywebio_round_trip)
    except ImportError:
        print("PyWebIO not installed: pip install pywebio==1.8.4 to compare with it")

    medians: dict[str, float] = {}
    servers = {name: start(kind) for name, (kind, _) in kinds.items()}
    try:
        # Interleave the runs so drift on the machine hits every stack alike.
        samples: dict[str, list[float]] = {name: [] for name in kinds}
        drivers = {name: connect(servers[name].url) for name, (_, connect) in kinds.items()}
        for _ in range(5):
            for name, (round_trip, _) in drivers.items():
                samples[name] += measure(round_trip, args.rounds // 5, warmup=10)
        for _, close in drivers.values():
            close()
        for name in kinds:
            medians[name] = summarize(name, samples[name])
    finally:
        for server in servers.values():
            server.stop()
    ours = medians["flask_webui (websocket)"]
    if "PyWebIO 1.8 (tornado)" in medians:
        print(f"PyWebIO / flask_webui: {medians['PyWebIO 1.8 (tornado)'] / ours:.1f}x")
    print(f"ratio flask_webui / raw echo: {ours / medians['raw Flask-SocketIO echo']:.2f}")


if __name__ == "__main__":
    main()
