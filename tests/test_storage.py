"""flask_webui.storage on memory and SQLite: the behaviour suite
(:mod:`tests.storage_behaviour`, also run on Redis), and what is SQLite's own."""

from __future__ import annotations

import json
import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from flask_webui.storage.hub import StorageHub
from flask_webui.storage.memory import MemoryBackend
from tests.storage_behaviour import *  # noqa: F403  (the suite's tests and fixtures, collected here)
from tests.storage_behaviour import make_app

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
json_values = st.recursive(
    scalars | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
keys = st.text(max_size=256).filter(lambda key: "\0" not in key)


@settings(max_examples=200, deadline=None)
@given(key=keys, value=json_values)
def test_any_json_value_under_any_key_reads_back_as_it_was_written(key, value):
    hub = StorageHub(MemoryBackend())
    hub.write("general", {key: value}, ())
    assert hub.value("general", key) == json.loads(json.dumps(value))
    assert StorageHub(hub.backend).value("general", key) == hub.value("general", key)


@settings(max_examples=100, deadline=None)
@given(value=st.recursive(st.sets(st.integers(), max_size=2) | st.binary(max_size=4) | st.complex_numbers(),
                          lambda children: st.lists(children, min_size=1, max_size=3), max_leaves=4))
def test_a_value_with_anything_json_cannot_carry_is_refused(value):
    hub = StorageHub(MemoryBackend())
    try:
        hub.write("general", {"k": value}, ())
    except TypeError as error:
        assert "'k" in str(error)
    else:
        raise AssertionError(f"{value!r} was stored")
    assert "k" not in hub.copy("general").items


def test_the_default_is_a_sqlite_file_in_the_instance_folder_in_wal_mode(tmp_path):
    app, webui = make_app(None, tmp_path)
    with app.app_context():
        from flask_webui import storage

        storage.general["x"] = 1
    path = tmp_path / "instance" / "webui-storage.sqlite3"
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT key, value FROM webui_items WHERE store = 'general'").fetchall() == [("x", "1")]


def test_a_sqlite_file_locked_past_the_timeout_raises_storage_unavailable_and_the_page_goes_on(tmp_path):
    import pytest

    from flask_webui import storage
    from flask_webui.exceptions import StorageUnavailable
    from flask_webui.input import input
    from flask_webui.output import put_text

    url = f"sqlite:///{tmp_path}/locked.sqlite3"
    app, webui = make_app(url, tmp_path, WEBUI_STORAGE_TIMEOUT=0.3)
    with app.app_context():
        storage.general["before"] = 1
    holder = sqlite3.connect(tmp_path / "locked.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")

    @webui.page("/try")
    def attempt() -> None:
        try:
            storage.general["during"] = 2
        except StorageUnavailable as error:
            put_text(f"unavailable: {error}")
        put_text(f"typed {input('Go on?')}")

    with webui.test_client() as client:
        page = client.open("/try")
        first = page.text.splitlines()[0]
        assert first.startswith("unavailable: the storage file") and "locked" in first
        page.submit("on")
        assert page.text.splitlines()[-1] == "typed on"
        holder.execute("ROLLBACK")
        with app.app_context():
            storage.general["after"] = 3
            assert sorted(storage.general) == ["after", "before"]
    with pytest.raises(ValueError, match="WEBUI_STORAGE_URL must be"):
        make_app("ftp://nowhere", tmp_path)


def test_an_operator_reads_the_stores_reads_writes_bytes_and_conflicts_in_the_metrics(tmp_path):
    import gevent

    from flask_webui import storage
    from flask_webui.input import input
    from flask_webui.session import spawn
    from tests.test_operations import read_metrics, value

    app, webui = make_app("memory://", tmp_path, WEBUI_METRICS=True)

    @webui.page("/use")
    def use() -> None:
        storage.user["theme"] = "dark"       # 6 bytes of JSON
        storage.user.get("theme")            # from the worker's copy

        def add() -> None:
            with storage.user.transaction() as data:
                gevent.sleep(0.01)
                data["n"] = data.get("n", 0) + 1

        # Two background tasks of the page: the second waits for the first.
        tasks = [spawn(add), spawn(add)]
        while not all(task.closed() for task in tasks):
            gevent.sleep(0.01)
        input("Done?")

    with webui.test_client() as client:
        client.open("/use")
        seen = read_metrics(client.http.get("/metrics").get_data(as_text=True))
    assert value(seen, "webui_storage_writes_total", store="browser") == 3
    assert value(seen, "webui_storage_written_bytes_total", store="browser") == len('"dark"') + 2
    assert value(seen, "webui_storage_reads_total", store="browser", source="copy") >= 1
    assert value(seen, "webui_storage_reads_total", store="browser", source="backend") == 1
    assert value(seen, "webui_storage_conflicts_total", store="browser") == 1


def test_a_worker_lets_go_of_copies_nobody_reads_or_listens_to(monkeypatch):
    from flask_webui.storage import hub as hub_module

    monkeypatch.setattr(hub_module, "COPY_IDLE", 0.0)
    hub = StorageHub(MemoryBackend())
    hub.write("browser:gone", {"k": 1}, ())
    stop = hub.listen("browser:listened", lambda change: None)
    hub.copy("browser:new")  # a new copy: the idle ones nobody listens to go
    assert set(hub._copies) == {"browser:listened", "browser:new"}
    stop()
    assert hub.value("browser:gone", "k") == 1  # read again from the backend when asked

