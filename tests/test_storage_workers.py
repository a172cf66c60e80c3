"""The default storage (a SQLite file) shared by two gunicorn workers of one
server, no Redis: transactions from both add up exactly, and a write in one
worker reaches a page waiting in the other."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from harness.pages import PageClient
from harness.processes import ServerProcess, free_port
from tests.helpers import texts


@pytest.fixture
def two_workers(tmp_path: Any) -> Iterator[ServerProcess]:
    port = free_port()
    server = ServerProcess([sys.executable, "-m", "gunicorn", "-k",
                            "geventwebsocket.gunicorn.workers.GeventWebSocketWorker", "-w", "2",
                            "-b", f"127.0.0.1:{port}", "tests.apps.storage_pages:app"], port,
                           {"WEBUI_STORAGE_URL": f"sqlite:///{tmp_path}/stores.sqlite3"})
    yield server
    server.stop()


def get(server: ServerProcess, path: str, **params: str) -> dict[str, Any]:
    # A new connection each time (no keep-alive), so either worker may take it.
    response = requests.get(server.url + path, params=params, timeout=10, headers={"Connection": "close"})
    response.raise_for_status()
    return dict(response.json())


@pytest.mark.slow
def test_transactions_of_two_workers_at_once_add_up_exactly(two_workers):
    workers: set[int] = set()
    made = [0, 0]

    def client(number: int) -> None:
        while made[number] < 200 or (len(workers) < 2 and made[number] < 2000):
            workers.add(get(two_workers, "/incr")["worker"])
            made[number] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert len(workers) == 2, "one worker took every request"
    assert get(two_workers, "/read", key="count")["value"] == sum(made) >= 400


@pytest.mark.slow
def test_a_write_in_one_worker_reaches_a_page_waiting_in_the_other(two_workers):
    with PageClient(two_workers.url, "/watch", transports=["websocket"]) as page:
        shown = page.wait_for(lambda c: c["command"] == "output" and "worker" in c["spec"]["content"])
        page_worker = int(shown["spec"]["content"].split()[1])
        for attempt in range(200):
            if get(two_workers, "/write", key="note", value=f"n{attempt}")["worker"] != page_worker:
                break
        else:
            raise AssertionError("every write went to the page's own worker")
        heard = f"heard n{attempt}"
        page.wait_for(lambda c: c["command"] == "output" and c["spec"]["content"] == heard, timeout=10)
        assert heard in texts(page.seen)
