"""Load and soak, bounded, on 127.0.0.1: 300 sessions (half Socket.IO, half
HTTP polling) × 20 interactions × 5 rounds against one server. Every echo
comes exactly once and in order, and once each round's sessions have ended
the server's memory is back within 5 % of where the first round left it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import requests

from harness.processes import ROOT
from tests.helpers import start_test_server

SESSIONS, INTERACTIONS, ROUNDS = 300, 20, 5


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_sessions_by_the_hundred_lose_nothing_and_leave_no_memory_behind():
    server = start_test_server({"WEBUI_TEST_CONFIG": json.dumps({"WEBUI_RECONNECT_TIMEOUT": 1})})
    try:
        after_round = []
        for round_number in range(ROUNDS):
            result = subprocess.run([sys.executable, str(ROOT / "tests" / "load_client.py"), server.url,
                                     str(SESSIONS), str(INTERACTIONS), str(round_number)],
                                    cwd=ROOT, capture_output=True, text=True, timeout=240)
            report = json.loads(result.stdout.strip().splitlines()[-1])
            assert report["failures"] == [], report
            assert report["ok"] == SESSIONS
            # Every session of the round ends (reconnect window, and the
            # polling reaper for tabs that stopped polling) before memory is read.
            deadline = time.monotonic() + 60
            while int(requests.get(server.url + "/_probe/sessions", timeout=10).text) > 0:
                assert time.monotonic() < deadline, "sessions of the round did not end"
                time.sleep(0.25)
            after_round.append(rss_kib(server.process.pid))
        first = after_round[0]
        print(f"server RSS after each round (KiB): {after_round}")
        assert all(rss <= first * 1.05 for rss in after_round[1:]), after_round
    finally:
        server.stop()
