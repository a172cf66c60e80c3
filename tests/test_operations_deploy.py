"""Metrics with several gunicorn worker processes (prometheus-client's
multiprocess mode): each worker's figures count wherever /metrics is read,
and a worker that exits stops counting in the live gauges."""

from __future__ import annotations

import json
import sys

import requests

from harness.pages import PageClient
from harness.processes import ServerProcess, free_port, wait_until
from tests.test_operations import read_metrics, value


def gunicorn(port: int, metrics_dir: str) -> ServerProcess:
    env = {"PROMETHEUS_MULTIPROC_DIR": metrics_dir,
           # Sessions open where the browser's connection lands, not at the page request.
           "WEBUI_TEST_CONFIG": json.dumps({"WEBUI_METRICS": True, "WEBUI_FIRST_BATCH_WAIT": 0})}
    return ServerProcess([sys.executable, "-m", "gunicorn", "-c", "python:tests.apps.gunicorn_metrics",
                          "-k", "geventwebsocket.gunicorn.workers.GeventWebSocketWorker", "-w", "1",
                          "-b", f"127.0.0.1:{port}", "tests.apps.serve:app"], port, env)


def metrics_text(server: ServerProcess) -> str:
    return requests.get(f"{server.url}/metrics", timeout=5).text


def open_echo(server: ServerProcess) -> tuple[PageClient, dict]:
    """A page of /echo on ``server``, and the form it shows."""
    page = PageClient(server.url, "/echo", transports=["websocket"])
    return page, page.next_command("input_group")


def test_two_workers_sum_their_figures_and_a_stopped_one_leaves_the_live_gauge(tmp_path):
    """Three sessions (two on the first server), two refused events, one
    applied, one end: each server's /metrics says so; then the second server stops."""
    first, second = gunicorn(free_port(), str(tmp_path)), gunicorn(free_port(), str(tmp_path))
    pages = []
    try:
        opened = [open_echo(first), open_echo(first), open_echo(second)]
        pages = [page for page, _ in opened]
        for page in (pages[0], pages[2]):  # one refused event on each server
            page.emit({"events": "not a list", "seq": 0})
            page.errors.get(timeout=5)
        for server in (first, second):
            seen = read_metrics(metrics_text(server))
            assert value(seen, "webui_sessions_opened_total", page="echo") == 3
            assert value(seen, "webui_sessions_live", page="echo", transport="websocket") == 3
            assert value(seen, "webui_events_refused_total", reason="malformed") == 2
        # Applied events are counted in the session and published by its worker
        # once a second: the second server's /metrics comes to show the first's.
        page, form = opened[1]
        page.submit(form, {"data": "hi"})
        page.next_command("output")
        wait_until(lambda: value(read_metrics(metrics_text(second)), "webui_events_received_total") == 1,
                   timeout=10, what="the first worker's applied event on the second's /metrics")
        # One ends: its browser leaves, and after the reconnect window (2 s) the session ends.
        pages.pop(0).close()

        def ended_seen_from_the_second() -> bool:
            seen = read_metrics(metrics_text(second))
            return value(seen, "webui_sessions_ended_total", page="echo", reason="browser_gone") == 1

        wait_until(ended_seen_from_the_second, timeout=10, what="the end to count on both servers")
        # The second worker's browser leaves (its session waits for it to come
        # back), then the worker stops: its session no longer counts anywhere.
        pages.pop().close()
        second.stop()

        def live_after_the_stop() -> bool:
            seen = read_metrics(metrics_text(first))
            live = sum(value(seen, "webui_sessions_live", page="echo", transport=transport)
                       for transport in ("websocket", "none"))
            return live == 1

        wait_until(live_after_the_stop, timeout=10, what="the stopped worker to leave the live gauge")
        seen = read_metrics(metrics_text(first))
        assert value(seen, "webui_sessions_opened_total", page="echo") == 3  # counters keep what happened
    finally:
        for page in pages:
            page.close()
        first.stop()
        second.stop()
