"""Round trips per second that one worker serves to many clients at once:
ours (a form submitted, the echo and the next form back) beside a raw
Flask-SocketIO echo, in the same run.

    python bench/throughput.py [--clients 50,200] [--seconds 8] [--processes 4] [--metrics]

The server runs alone in its process; the clients are greenlets spread over
``--processes`` processes of their own (bench/throughput_clients.py) so that
they are not what limits the figure, each doing round trips back to back
with exactly the messages our page sends. The last line prints ours / raw.

``--metrics`` runs ours a second time in the same run with the operations
on: ``WEBUI_METRICS``, a Prometheus scrape of ``/metrics`` every second and
the admin page open (refreshing its list of every live session), and prints
that figure over ours without them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.driven import DrivenProcess  # noqa: E402
from harness.processes import ServerProcess, free_port  # noqa: E402


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime, stime in clock ticks (USER_HZ = 100)


def client_group(kind: str, url: str, clients: int) -> DrivenProcess:
    """One process of clients (bench/throughput_clients.py)."""
    script = str(ROOT / "bench" / "throughput_clients.py")
    return DrivenProcess([sys.executable, script, kind, url, str(clients)], "client process")


#: What each kind of run measures: the server, its settings, and whether an operator watches.
KINDS = {
    "raw": ("raw", {}, False),
    "ours": ("ours", {}, False),
    "ours+operations": ("ours", {"BENCH_WEBUI_METRICS": "true", "BENCH_OPERATIONS": "1"}, True),
}
NAMES = {"raw": "raw Flask-SocketIO echo", "ours": "flask_webui form echo",
         "ours+operations": "  with metrics and admin"}


def run(kind: str, clients: int, seconds: float, processes: int) -> tuple[float, float]:
    """Round trips per second, and the server's CPU use (1.0 = one core)."""
    server_kind, env, watched = KINDS[kind]
    port = free_port()
    server = ServerProcess([sys.executable, str(ROOT / "bench" / "servers.py"), server_kind, str(port)], port,
                           env=env)
    groups: list[DrivenProcess] = []
    operators: list[DrivenProcess] = []
    try:
        for number in range(processes):
            share = clients // processes + (1 if number < clients % processes else 0)
            groups.append(client_group(server_kind, server.url, share))
        if watched:
            operators.append(client_group("operator", server.url, 1))
        for group in groups + operators:
            assert group.read() == "ready"
        for group in groups + operators:
            group.say("go")
        time.sleep(1)  # a warm-up second, not counted

        def total(command: str) -> int:
            for group in groups:
                group.say(command)
            return sum(int(group.read()) for group in groups)

        first, began, cpu = total("count"), time.perf_counter(), cpu_seconds(server.process.pid)
        time.sleep(seconds)
        last, elapsed = total("stop"), time.perf_counter() - began
        busy = (cpu_seconds(server.process.pid) - cpu) / elapsed
        for operator in operators:  # it watched the whole time: scraped every second, saw the list refreshed
            operator.say("stop")
            scrapes, refreshes = map(int, operator.read().split())
            if scrapes < seconds or refreshes < seconds // 2:
                raise RuntimeError(f"the operator scraped {scrapes} times and saw {refreshes} refreshes")
        return (last - first) / elapsed, busy
    finally:
        for group in groups + operators:
            group.kill()
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="50,200")
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--metrics", action="store_true", help="also ours with the operations on")
    args = parser.parse_args()
    kinds = ["raw", "ours"] + (["ours+operations"] if args.metrics else [])
    ratios, costs = [], []
    for clients in (int(c) for c in args.clients.split(",")):
        rates = {}
        for kind in kinds:
            rates[kind], busy = run(kind, clients, args.seconds, args.processes)
            print(f"{clients:4d} clients  {NAMES[kind]:<26} {rates[kind]:8.0f} round trips/s  "
                  f"(server CPU {busy:.0%})", flush=True)
        ratios.append(f"{rates['ours'] / rates['raw']:.2f} with {clients} clients")
        if args.metrics:
            costs.append(f"{rates['ours+operations'] / rates['ours']:.2f} with {clients} clients")
    print("ratio flask_webui / raw: " + ", ".join(ratios) + " (goal 0.7)")
    if costs:
        print("ratio with operations / without: " + ", ".join(costs) + " (goal 0.9)")


if __name__ == "__main__":
    main()
