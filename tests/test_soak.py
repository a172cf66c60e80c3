"""Load and soak, bounded, on 127.0.0.1: 300 sessions (half Socket.IO, half
HTTP polling) × 20 interactions × 5 rounds against one server. Every echo
comes exactly once and in order, and once each round's sessions have ended
nothing of them is left: the census of flask_webui's live objects is back
where the first round left it, and the server's memory, once the allocator
has warmed up (three rounds), grows no more."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from harness.processes import ROOT
from tests.helpers import start_test_server

SESSIONS, INTERACTIONS, ROUNDS = 300, 20, 5
#: Rounds after which the allocator's arenas and Python's free lists have
#: grown to what a round needs (seen on Python 3.13: +3 % after the second,
#: +4 % after the third, then flat).
WARM_ROUNDS = 3
#: Greenlets a server keeps once it has served sessions (the connection greenlets
#: of clients that went, about 50 a round, are waited out: ten objects each).
BACKGROUND_GREENLETS = 10


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def census_once_sessions_are_freed(url: str, greenlets: int | None = None) -> dict[str, Any]:
    """The server's census once no Session object is alive and no more than
    ``greenlets`` greenlets are. A polling session's
    last held request may finish a moment after the session left the
    registry, and the greenlets of connections the clients closed (about 50,
    with ten objects each) a moment after the clients went; their objects go
    with them."""
    deadline = time.monotonic() + 30
    while True:
        census = requests.get(url + "/_probe/census", timeout=30).json()
        settled = greenlets is None or census["greenlets"] <= greenlets
        if "Session" not in census["by_type"] and settled:
            return census
        assert time.monotonic() < deadline, (f"ended sessions are still alive: {census['by_type']}, "
                                             f"greenlets: {census['greenlets']} (expected ≤ {greenlets})")
        time.sleep(0.25)


# Five rounds of 300 sessions take 3-4 minutes on a quiet machine; the suite's
# 300 s hang guard is too tight for this test on a loaded one.
@pytest.mark.timeout(900)
def test_sessions_by_the_hundred_lose_nothing_and_leave_no_memory_behind():
    # Sessions end soon after each round, yet a page started with its page
    # request waits long enough for its connection: under load (100 clients
    # in one process on two busy cores) that took over a second, and 1 s
    # here ended such sessions before their browser came.
    server = start_test_server({"WEBUI_TEST_CONFIG": json.dumps({"WEBUI_RECONNECT_TIMEOUT": 5})})
    try:
        after_round, census = [], []
        idle = census_once_sessions_are_freed(server.url)  # before any session: the greenlets a server keeps
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
            # The first sessions start a few background greenlets of the server's.
            settled = idle["greenlets"] + BACKGROUND_GREENLETS
            census.append(census_once_sessions_are_freed(server.url, settled))
            after_round.append(rss_kib(server.process.pid))
        print(f"server RSS after each round (KiB): {after_round}")
        print(f"flask_webui objects after each round: {[c['ours'] for c in census]}, "
              f"all objects: {[c['objects'] for c in census]}, greenlets: {[c['greenlets'] for c in census]} "
              f"(idle: {idle['greenlets']})")
        first, most = census[0]["most"], max(census, key=lambda c: c["objects"])["most"]
        grew = sorted(((most[t] - first.get(t, 0), t) for t in most), reverse=True)[:8]
        print(f"the types that grew most from the first round to the fullest: {grew}")
        # Nothing of an ended session stays alive.
        assert [c["ours"] for c in census[1:]] == [census[0]["ours"]] * (ROUNDS - 1), census
        # Other objects come and go by up to 1.5 % between rounds (connections
        # closing, the server's timers); a leak of two objects per session
        # would pass 2 % by the last round.
        assert census[-1]["objects"] <= census[0]["objects"] * 1.02, census
        warm = after_round[WARM_ROUNDS - 1]
        assert all(rss <= warm * 1.025 for rss in after_round[WARM_ROUNDS:]), after_round
    finally:
        server.stop()
