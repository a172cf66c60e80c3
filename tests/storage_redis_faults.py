"""Storage on Redis when the network to Redis fails, run by
``test_storage_redis.py`` in a gevent-patched process (as a server runs):
this worker's copies are never served while it may have missed a change,
and once Redis answers again they are read afresh."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import redis

from flask_webui import storage
from flask_webui.exceptions import StorageUnavailable
from flask_webui.input import input
from flask_webui.output import put_text
from harness.processes import ServerProcess, start_redis, wait_until
from tests.proxy import CuttingProxy
from tests.storage_behaviour import lines, make_app


@pytest.fixture
def redis_behind_a_proxy() -> Iterator[tuple[ServerProcess, CuttingProxy]]:
    server = start_redis()
    proxy = CuttingProxy(server.port)
    yield server, proxy
    proxy.close()
    server.stop()


def test_cut_off_from_redis_every_call_raises_and_back_it_serves_what_is_current(redis_behind_a_proxy,
                                                                                 tmp_path: Any):
    server, proxy = redis_behind_a_proxy
    app, webui = make_app(f"redis://127.0.0.1:{proxy.port}/0", tmp_path, WEBUI_STORAGE_TIMEOUT=1)
    assert webui.storage is not None
    bus = webui.rooms.bus
    prefix = app.config["WEBUI_STORAGE_PREFIX"]
    direct = redis.Redis(port=server.port, decode_responses=True)

    @webui.page("/note")
    def note() -> None:
        while True:
            action = input("Action?")
            try:
                if action == "read":
                    put_text(f"note: {storage.general.get('note')}")
                else:
                    storage.general["note"] = action
                    put_text(f"saved {action}")
            except StorageUnavailable as error:
                put_text(f"unavailable: {error}")

    with webui.test_client() as client:
        page = client.open("/note")
        page.submit("a")
        page.submit("read")
        assert lines(page)[-2:] == ["saved a", "note: a"]
        # A write that returned is in Redis.
        assert direct.hget(f"{prefix}:items:general", "note") == '"a"'

        proxy.down = True
        proxy.cut()
        wait_until(lambda: not bus.listening, what="the worker to notice it is cut off")
        page.submit("read")
        assert lines(page)[-1].startswith("unavailable: the storage Redis")  # no stale copy served
        page.submit("b")
        assert lines(page)[-1].startswith("unavailable:")
        # Meanwhile another server writes; this worker cannot hear of it.
        other, _ = make_app(f"redis://127.0.0.1:{server.port}/0", tmp_path, WEBUI_STORAGE_PREFIX=prefix,
                            WEBUI_ROOMS_CHANNEL=app.config["WEBUI_ROOMS_CHANNEL"])
        with other.app_context():
            storage.general["note"] = "from elsewhere"

        proxy.down = False
        wait_until(lambda: bus.listening, timeout=15, what="the worker to listen again")
        page.submit("read")
        assert lines(page)[-1] == "note: from elsewhere"
        page.submit("c")
        assert lines(page)[-1] == "saved c"
    assert direct.hget(f"{prefix}:items:general", "note") == '"c"'


def test_the_health_check_reports_a_redis_that_evicts_keys(redis_behind_a_proxy, tmp_path: Any):
    server, proxy = redis_behind_a_proxy
    app, webui = make_app(f"redis://127.0.0.1:{server.port}/0", tmp_path)
    http = app.test_client()
    assert http.get("/_webui/health").json["storage"] == "ok"
    redis.Redis(port=server.port).config_set("maxmemory-policy", "allkeys-lru")
    answer = http.get("/_webui/health")
    # Reported, not a reason to take this worker out: every worker shares the Redis.
    assert answer.status_code == 200 and answer.json["storage"] == "evicts keys"
