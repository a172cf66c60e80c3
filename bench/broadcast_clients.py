"""The clients of bench/broadcast.py, in a process of their own:
``python bench/broadcast_clients.py rooms|raw-rooms COUNT FIRST URL [URL ...]``.

Opens ``COUNT`` clients (numbered from ``FIRST``, spread over the URLs), each
doing what our page does (``rooms``: it loads the page, connects over
WebSocket with the page's auth and acknowledges every batch 50 ms after it
applied it) or a bare Socket.IO connection (``raw-rooms``). Prints ``ready``
once all are connected; then reads lines on stdin: ``mark M`` (answered
``armed``) has every client note when it first sees ``M``; ``wait M``
answers ``seen T`` once every client has, ``T`` the ``time.perf_counter()``
(CLOCK_MONOTONIC, the same in every process) of the last; ``stop`` ends.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from gevent.event import Event  # noqa: E402
from gevent.fileobject import FileObject  # noqa: E402
from gevent.pool import Pool  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.wire import SocketIOConnection, load_page  # noqa: E402

SEQ = re.compile(r'"seq":(\d+)')


class Clients:
    """Connections that note when each first sees a marker."""

    def __init__(self) -> None:
        self.connections: list[SocketIOConnection] = []
        self.seen: dict[int, float] = {}
        self.marker = ""
        self.all_seen = Event()
        self.expected = 0

    def mark(self, marker: str) -> None:
        self.seen = {}
        self.all_seen.clear()
        self.marker = marker

    def saw(self, number: int, packet: str) -> None:
        if self.marker and self.marker in packet and number not in self.seen:
            self.seen[number] = time.perf_counter()
            if len(self.seen) == self.expected:
                self.all_seen.set()

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


def main() -> None:
    kind, count, first, urls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    clients = Clients()
    clients.expected = count
    opener = clients.open_ours if kind == "rooms" else clients.open_raw
    pool = Pool(20)
    for number in range(first, first + count):
        pool.spawn(opener, urls[number % len(urls)], number)
    pool.join(raise_error=True)
    print("ready", flush=True)
    for line in FileObject(sys.stdin, "r"):
        command, _, marker = line.strip().partition(" ")
        if command == "mark":
            clients.mark(marker)
            print("armed", flush=True)
        elif command == "wait":
            if not clients.all_seen.wait(120):
                print(f"timeout {len(clients.seen)}", flush=True)
                continue
            print(f"seen {max(clients.seen.values())!r}", flush=True)
        elif command == "stop":
            break
    for connection in clients.connections:
        connection.close()


if __name__ == "__main__":
    main()
