"""The garbage collector in a worker full of sessions (WEBUI_GC_FREEZE):
a waiting session's objects are out of full collections, an ended session
is still freed, and a process that never opens a page is left alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import requests

from harness.pages import PageClient
from harness.processes import ROOT, wait_until
from tests.helpers import start_test_server


def collector_state(url: str) -> dict[str, object]:
    return dict(requests.get(url + "/_probe/collector", timeout=10).json())


def test_a_waiting_session_is_out_of_full_collections_and_freed_once_it_ends():
    server = start_test_server()
    try:
        with PageClient(server.url, "/echo") as page:
            form = page.next_command("input_group")
            assert requests.get(server.url + "/_probe/collector/watch", timeout=10).text == "1"
            state = wait_until(lambda: (s := collector_state(server.url))["walked"] == 0 and s,
                               what="the session's objects to be frozen")
            assert state["alive"] == 1 and state["frozen"] > 0 and state["installed"]
            # Frozen, it still answers.
            page.submit(form, {"data": "after the freeze"})
            assert page.next_command("output")["spec"]["content"] == "echo: after the freeze"
        # The browser has gone; after the reconnect window the session ends and,
        # as no other is live, the frozen objects are collected once: it is freed.
        wait_until(lambda: requests.get(server.url + "/_probe/sessions", timeout=10).text == "0",
                   timeout=30, what="the session to end")
        state = wait_until(lambda: (s := collector_state(server.url))["alive"] == 0 and s, timeout=30,
                           what="the ended session to be freed")
        assert state["reclaims"] >= 1
    finally:
        server.stop()


def run_isolated(code: str, env: dict[str, str] | None = None, timeout: float = 120) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter (the collector is process-wide) and
    return the JSON it prints last."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True,
                            text=True, timeout=timeout, env={**os.environ, **(env or {})})
    assert result.returncode == 0, result.stderr[-3000:]
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


PREAMBLE = """
    import gc
    AT_START = gc.get_freeze_count()  # Python 3.12 starts with some objects frozen already
    from gevent import monkey; monkey.patch_all()
    import json
    import gevent
    from flask import Flask
    from flask_webui import FlaskWebUI
    from flask_webui.engine.collector import collector
    from flask_webui.input import input

    def make(**config):
        app = Flask(__name__)
        app.config.update(SECRET_KEY="x", WEBUI_STORAGE_URL="memory://", **config)
        webui = FlaskWebUI(app)
        webui.page("/ask")(lambda: input("Name"))
        app.route("/plain")(lambda: "plain")
        return app, webui

    def state():
        return {"frozen": gc.get_freeze_count() - AT_START, "installed": collector._timed in gc.callbacks}
"""


def test_a_process_that_never_opens_a_page_keeps_pythons_collector_as_it_is():
    state = run_isolated(PREAMBLE + """
    app, webui = make()
    assert app.test_client().get("/plain").text == "plain"
    gevent.sleep(1)
    print(json.dumps(state()))
    """)
    assert state == {"frozen": 0, "installed": False}


def test_pages_with_gc_freeze_turned_off_leave_the_collector_alone():
    state = run_isolated(PREAMBLE + """
    app, webui = make(WEBUI_GC_FREEZE=False)
    with webui.test_client() as client:
        page = client.open("/ask")
        assert page.form is not None  # the session is open and waits in input()
        gevent.sleep(1)
        print(json.dumps(state()))
    """)
    assert state == {"frozen": 0, "installed": False}


def test_the_collectors_pauses_are_a_metric():
    state = run_isolated(PREAMBLE + """
    app, webui = make(WEBUI_METRICS=True)
    with webui.test_client() as client:
        client.open("/ask")
        gc.collect()
        metrics = app.test_client().get("/metrics").text
    counts = {line.split("{")[1].split("}")[0]: float(line.split()[-1]) for line in metrics.splitlines()
              if line.startswith("webui_gc_pause_seconds_count")}
    print(json.dumps({**state(), "counts": counts}))
    """)
    assert state["installed"] is True
    assert state["counts"].get('generation="2"', 0) >= 1  # type: ignore[union-attr]


def test_a_collection_while_a_metric_is_written_does_not_stop_the_worker(tmp_path):
    """A collection can start inside any allocation, also while prometheus-client
    holds the lock its multiprocess mode writes every figure under: the pause
    is reported afterwards, never from inside the collection (that took the
    same lock again, and the worker stopped for good)."""
    state = run_isolated(PREAMBLE + """
    gc.set_threshold(1, 10**6, 10**6)  # a young collection at nearly every allocation, inside the lock too
    app, webui = make(WEBUI_METRICS=True)
    with webui.test_client() as client:
        for _ in range(3):
            page = client.open("/ask")
            page.submit({"data": "x"})
    gc.set_threshold(700)
    metrics = app.test_client().get("/metrics").text
    counts = [float(line.split()[-1]) for line in metrics.splitlines()
              if line.startswith("webui_gc_pause_seconds_count")]
    print(json.dumps({"pauses": sum(counts)}))
    """, env={"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}, timeout=60)
    assert state["pauses"] > 100  # type: ignore[operator]


def test_a_listener_that_fails_is_logged_and_the_others_still_hear_every_pause():
    state = run_isolated(PREAMBLE + """
    import logging, io
    log = io.StringIO()
    logging.getLogger("flask_webui").addHandler(logging.StreamHandler(log))
    class Listener:
        def __init__(self, fails):
            self.fails, self.heard = fails, 0
        def hear(self, generation, seconds):
            if self.fails:
                raise RuntimeError("broken listener")
            self.heard += 1
    broken, working = Listener(True), Listener(False)
    collector.add_pause_listener(broken.hear)
    collector.add_pause_listener(working.hear)
    collector.report_interval = 0.05
    app, webui = make()
    with webui.test_client() as client:
        client.open("/ask")
        gc.collect()
        gevent.sleep(0.3)        # the reporting greenlet's turns
        first = working.heard
        gc.collect()
        gevent.sleep(0.3)
    print(json.dumps({"first": first, "later": working.heard, "log": log.getvalue()[-2000:]}))
    """)
    assert state["first"] >= 1
    assert state["later"] > state["first"]  # type: ignore[operator]  # the reports went on after the failure
    assert "a listener of the collector's pauses failed" in state["log"]  # type: ignore[operator]
    assert "broken listener" in state["log"]  # type: ignore[operator]


def test_memory_of_ended_sessions_goes_back_to_the_system_after_a_reclaim():
    state = run_isolated(PREAMBLE + """
    collector.give_back_after = 0.2
    app, webui = make(WEBUI_RECONNECT_TIMEOUT=0.2)
    with webui.test_client() as client:
        client.open("/ask")
        gevent.sleep(1)  # frozen (FREEZE_DELAY is 0.5 s)
    import time
    deadline = time.monotonic() + 20
    while collector.given_back == 0 and time.monotonic() < deadline:
        gevent.sleep(0.1)
    print(json.dumps({"reclaims": collector.reclaims, "given_back": collector.given_back}))
    """)
    assert state["reclaims"] >= 1 and state["given_back"] == 1


def test_give_back_memory_returns_freed_pages_to_the_system():
    state = run_isolated("""
    import json
    from flask_webui.engine.heap import give_back_memory

    def rss_mib():
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024

    blocks = [bytes(4096) for _ in range(50_000)]  # about 200 MiB from the C allocator
    guard = bytes(4096)  # above them: the allocator cannot shrink its heap from the top
    del blocks
    freed = rss_mib()
    given = give_back_memory()
    print(json.dumps({"given": given, "freed": freed, "after": rss_mib(), "guard": len(guard)}))
    """)
    assert state["given"] is True  # glibc (Debian)
    assert state["freed"] - state["after"] > 100, state  # type: ignore[operator]
