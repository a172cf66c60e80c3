"""What a user of flask_webui.storage sees, whatever the backend: run by
``test_storage.py`` on memory and SQLite, and by ``test_storage_redis.py``
on a real redis-server (in a gevent-patched process, as a server runs).

The backend is ``WEBUI_TEST_STORAGE_URL`` when it is set, else each of
memory and SQLite.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import Any

import gevent
import pytest
from flask import Flask, request

from flask_webui import FlaskWebUI, storage
from flask_webui.exceptions import OutsideSessionError, StorageCorrupt
from flask_webui.input import input
from flask_webui.output import put_text
from harness.processes import wait_until

_FROM_ENV = os.environ.get("WEBUI_TEST_STORAGE_URL")


@pytest.fixture(params=[_FROM_ENV] if _FROM_ENV else ["memory://", "sqlite"])
def storage_url(request: Any, tmp_path: Any) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/storage.sqlite3"
    return str(request.param)


def make_app(url: str | None, tmp_path: Any, **config: Any) -> tuple[Flask, FlaskWebUI]:
    """An app whose stores are at ``url``; the user is who the ``X-User`` header says."""
    app = Flask(__name__, instance_path=str(tmp_path / "instance"))
    app.config.update(SECRET_KEY="storage-tests", WEBUI_STORAGE_URL=url, **config)
    if url is not None and url.startswith("redis"):
        # Each test its own keys in the one Redis.
        app.config.setdefault("WEBUI_STORAGE_PREFIX", f"test-{secrets.token_hex(4)}")
        app.config.setdefault("WEBUI_ROOMS_CHANNEL", app.config["WEBUI_STORAGE_PREFIX"] + "-rooms")
        app.config["WEBUI_MESSAGE_QUEUE"] = url
    webui = FlaskWebUI(app)
    webui.user_identity(lambda: request.headers.get("X-User"))

    @app.route("/read/<scope>/<key>")
    def read(scope: str, key: str) -> Any:
        return {"value": getattr(storage, scope).get(key), "store": getattr(storage, scope).name()}

    @app.route("/write/<scope>/<key>/<value>")
    def write(scope: str, key: str, value: str) -> Any:
        getattr(storage, scope)[key] = value
        return {"ok": True}

    return app, webui


def lines(page: Any) -> list[str]:
    """What the page shows, a line each."""
    return str(page.text).splitlines()


def as_user(name: str) -> dict[str, str]:
    return {"X-User": name}


@pytest.fixture
def app_and_webui(storage_url: str, tmp_path: Any) -> Iterator[tuple[Flask, FlaskWebUI]]:
    app, webui = make_app(storage_url, tmp_path)
    yield app, webui
    assert webui.storage is not None
    webui.storage.backend.close()


# -- a mapping of JSON values ----------------------------------------------------------------


def test_a_store_is_a_mutable_mapping_that_a_plain_view_of_the_same_browser_reads(app_and_webui):
    app, webui = app_and_webui

    @webui.page("/edit")
    def edit() -> None:
        store = storage.browser
        store["a"] = 1
        store.update({"b": [1, 2]}, c={"d": None})
        store.setdefault("a", 99)
        store.setdefault("e", "new")
        del store["c"]
        put_text(f"{sorted(store)} {len(store)} {'b' in store} {store.get('zz', 'none')}")
        put_text(f"{store['a']} {store['b']} {store['e']}")
        input("Done?")

    with webui.test_client() as client:
        page = client.open("/edit")
        assert lines(page) == ["['a', 'b', 'e'] 3 True none", "1 [1, 2] new"]
        assert client.http.get("/read/browser/b").json["value"] == [1, 2]
        # Without a login the user's store is the browser's.
        assert client.http.get("/read/user/e").json["value"] == "new"
    with app.test_request_context():
        with pytest.raises(KeyError):
            del storage.browser["nothing"]


def test_a_value_read_is_a_copy_and_changing_it_stores_nothing(app_and_webui):
    app, webui = app_and_webui

    @webui.page("/copy")
    def copy() -> None:
        storage.user["items"] = [1]
        storage.user["items"].append(2)
        put_text(str(storage.user["items"]))
        items = storage.user["items"]
        items.append(3)
        storage.user["items"] = items
        put_text(str(storage.user["items"]))
        input("Done?")

    with webui.test_client() as client:
        assert lines(client.open("/copy")) == ["[1]", "[1, 3]"]


def test_a_value_json_cannot_carry_is_refused_naming_where_and_nothing_is_written(app_and_webui):
    app, webui = app_and_webui
    errors: list[str] = []

    @webui.page("/bad")
    def bad() -> None:
        storage.user["prefs"] = {"colors": ["red"]}
        for key, value in (("prefs", {"colors": ["red", {1, 2}]}), (7, "x"), ("n", float("nan")),
                           ("k", {1: "a"}), ("nul\0", 1)):
            try:
                storage.user[key] = value  # type: ignore[index]
            except TypeError as error:
                errors.append(str(error))
        put_text(f"still {storage.user['prefs']} {sorted(storage.user)}")
        input("Done?")

    with webui.test_client() as client:
        page = client.open("/bad")
        assert page.text == "still {'colors': ['red']} ['prefs']"
    assert "'prefs.colors[1]'" in errors[0] and "set" in errors[0]
    assert "strings, not int" in errors[1]
    assert "finite" in errors[2]
    assert "its key 1 is not a string" in errors[3]
    assert "NUL" in errors[4]


def test_a_store_over_its_bound_refuses_the_write_and_keeps_what_it_had(storage_url, tmp_path):
    app, webui = make_app(storage_url, tmp_path, WEBUI_STORAGE_MAX_BYTES=200)
    outcome: list[str] = []

    @webui.page("/big")
    def big() -> None:
        storage.user["small"] = "x" * 50
        try:
            storage.user["big"] = "y" * 200
        except ValueError as error:
            outcome.append(str(error))
        try:
            with storage.user.transaction() as data:
                data["big"] = "z" * 200
        except ValueError as error:
            outcome.append(str(error))
        storage.user["small"] = "w" * 100  # replacing a value counts its new size only
        put_text(f"{sorted(storage.user)} {len(storage.user['small'])}")
        input("Done?")

    with webui.test_client() as client:
        assert client.open("/big").text == "['small'] 100"
    assert len(outcome) == 2 and all("over its limit of 200" in text for text in outcome)


# -- atomic read-modify-write -------------------------------------------------------------------


def test_transactions_of_two_tabs_at_once_never_lose_an_update(app_and_webui):
    app, webui = app_and_webui

    def count() -> None:
        for _ in range(100):
            with storage.browser.transaction() as data:
                seen = data.get("n", 0)
                gevent.sleep(0)  # the other tab runs in between
                data["n"] = seen + 1
        put_text("counted")
        input("Done?")

    webui.add_page("/count", count)
    with webui.test_client() as client:
        first, second = client.open("/count"), client.open("/count")
        client.wait_idle(timeout=60)
        assert first.text == second.text == "counted"
        assert client.http.get("/read/browser/n").json["value"] == 200


def test_a_transaction_that_raises_writes_nothing(app_and_webui):
    app, webui = app_and_webui

    @webui.page("/oops")
    def oops() -> None:
        storage.user["n"] = 1
        try:
            with storage.user.transaction() as data:
                data["n"] = 2
                data["m"] = 3
                raise RuntimeError("changed my mind")
        except RuntimeError:
            pass
        with storage.user.transaction() as data:
            del data["n"]
        put_text(str(dict(storage.user)))
        input("Done?")

    with webui.test_client() as client:
        assert client.open("/oops").text == "{}"


# -- whose store -----------------------------------------------------------------------------------


def test_a_user_has_one_store_on_every_browser_and_each_browser_its_own(app_and_webui):
    app, webui = app_and_webui

    @webui.page("/me")
    def me() -> None:
        storage.user.setdefault("first_browser", storage.browser.name())
        storage.browser["mine"] = storage.browser.name()
        put_text(f"{storage.user.name()} {storage.user['first_browser'] == storage.browser.name()}")
        input("Done?")

    with webui.test_client() as laptop, webui.test_client() as phone:
        assert laptop.open("/me", headers=as_user("ada")).text == "user:ada True"
        assert phone.open("/me", headers=as_user("ada")).text == "user:ada False"
        assert phone.open("/me", headers=as_user("bob")).text == "user:bob True"
        laptop_browser = laptop.http.get("/read/browser/mine").json
        phone_browser = phone.http.get("/read/browser/mine").json
        assert laptop_browser["store"] != phone_browser["store"]
        assert laptop_browser["value"] == laptop_browser["store"]
        # Bob never sees Ada's store, whatever he does.
        assert phone.http.get("/read/user/first_browser", headers=as_user("bob")).json["value"] == (
            phone_browser["store"])


def test_at_login_the_page_sees_the_users_store_and_the_anonymous_data_stays_in_the_browsers(app_and_webui):
    app, webui = app_and_webui

    @webui.page("/cart")
    def cart() -> None:
        storage.user.setdefault("cart", [])
        put_text(f"{storage.user.name().partition(':')[0]} {storage.user['cart']}")
        storage.user["cart"] = [*storage.user["cart"], "tea"]
        input("Done?")

    with webui.test_client() as client:
        assert client.open("/cart").text == "browser []"
        assert client.open("/cart", headers=as_user("ada")).text == "user []"
        assert client.http.get("/read/browser/cart").json["value"] == ["tea"]
        assert client.http.get("/read/user/cart", headers=as_user("ada")).json["value"] == ["tea"]


def test_general_is_the_apps_in_any_app_context_and_the_others_need_a_browser(app_and_webui):
    app, webui = app_and_webui
    with app.app_context():
        storage.general["motd"] = "hello"
        with pytest.raises(OutsideSessionError, match="page code or in a request"):
            storage.user.get("x")
    with webui.test_client() as one, webui.test_client() as other:
        assert one.http.get("/read/general/motd").json["value"] == "hello"
        assert other.http.get("/read/general/motd").json["value"] == "hello"
    with app.test_request_context():
        with pytest.raises(RuntimeError, match="plain Flask view"):
            storage.tab.get("x")
    with pytest.raises(OutsideSessionError):
        storage.general.get("motd")


def test_a_tab_keeps_its_store_across_reloads_and_a_duplicated_tab_gets_a_copy(app_and_webui):
    app, webui = app_and_webui

    @webui.page("/tab")
    def tab() -> None:
        put_text(f"seen {storage.tab.get('n', 0)}")
        storage.tab["n"] = storage.tab.get("n", 0) + 1
        input("Done?")

    webui.add_page("/fresh", tab, endpoint="fresh", resume=False)
    with webui.test_client() as client:
        first = client.open("/fresh")
        assert first.text == "seen 0"
        duplicate = client.open("/fresh", tab=first.tab_id)  # the browser copied its sessionStorage
        assert duplicate.text == "seen 1" and duplicate.tab_id != first.tab_id
        duplicate.submit("x")
        first.close_tab()
        reloaded = client.open("/fresh", tab=first.tab_id)
        assert reloaded.text == "seen 1" and reloaded.tab_id == first.tab_id
        assert client.open("/fresh").text == "seen 0"  # another tab


# -- live ----------------------------------------------------------------------------------------------


def test_a_change_in_one_tab_reaches_the_others_of_the_user_key_by_key(app_and_webui):
    app, webui = app_and_webui
    heard: list[tuple[str, Any, bool]] = []

    @webui.page("/watch")
    def watch() -> None:
        storage.user.on_change(lambda change: heard.append((change.key, change.value, change.deleted)))
        change = storage.user.wait_change("note", timeout=30)
        assert change is not None
        put_text(f"note is {change.value}")
        put_text(f"timed out: {storage.user.wait_change('never', timeout=0.05)}")
        input("Done?")

    @webui.page("/edit")
    def edit() -> None:
        storage.user["other"] = 1
        storage.user["note"] = "hi"
        del storage.user["other"]
        input("Done?")

    with webui.test_client() as laptop, webui.test_client() as phone:
        watching = laptop.open("/watch", headers=as_user("ada"))
        phone.open("/edit", headers=as_user("ada"))
        wait_until(lambda: "note is hi" in lines(watching), what="the note to reach the other tab")
        wait_until(lambda: len(heard) == 3, what="every change to reach on_change")
        assert heard == [("other", 1, False), ("note", "hi", False), ("other", None, True)]
        wait_until(lambda: lines(watching)[-1] == "timed out: None", what="wait_change to time out")


def test_on_change_and_wait_change_are_for_page_code(app_and_webui):
    app, webui = app_and_webui
    with app.test_request_context():
        with pytest.raises(OutsideSessionError):
            storage.user.on_change(print)
        with pytest.raises(OutsideSessionError):
            storage.user.wait_change()


# -- lifetime -------------------------------------------------------------------------------------------


@pytest.fixture(params=[_FROM_ENV] if _FROM_ENV else ["sqlite"])
def persistent_url(request: Any, tmp_path: Any) -> str:
    """The backends that keep what they store past the process (memory:// does not)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/storage.sqlite3"
    return str(request.param)


def test_what_was_stored_outlives_the_server(persistent_url, tmp_path):
    app, webui = make_app(persistent_url, tmp_path)
    with app.app_context():
        storage.general["kept"] = {"n": 1}
    config = {key: value for key, value in app.config.items()
              if key.startswith("WEBUI_STORAGE") and key != "WEBUI_STORAGE_URL"}
    again, _ = make_app(persistent_url, tmp_path, **config)
    with again.app_context():
        assert storage.general["kept"] == {"n": 1}


def test_erase_user_deletes_the_users_stores_and_its_browsers_and_nobody_elses(app_and_webui):
    app, webui = app_and_webui

    @webui.page("/fill")
    def fill() -> None:
        storage.user["x"] = 1
        storage.browser["y"] = 2
        storage.tab["z"] = 3
        put_text("filled")
        input("Done?")

    with webui.test_client() as ada, webui.test_client() as bob:
        ada_page = ada.open("/fill", headers=as_user("ada"))
        bob.open("/fill", headers=as_user("bob"))
        with app.app_context():
            erased = storage.erase_user("ada")
        assert {name.partition(":")[0] for name in erased} == {"user", "browser", "tab"}
        assert ada.http.get("/read/user/x", headers=as_user("ada")).json["value"] is None
        assert ada.http.get("/read/browser/y").json["value"] is None
        assert bob.http.get("/read/user/x", headers=as_user("bob")).json["value"] == 1
        assert bob.http.get("/read/browser/y").json["value"] == 2
        assert webui.storage is not None
        assert webui.storage.backend.load(f"tab:{ada_page.tab_id}").items == {}


def test_a_store_whose_time_is_up_is_deleted_by_the_sweep(storage_url, tmp_path):
    app, webui = make_app(storage_url, tmp_path, WEBUI_STORAGE_TTL=0.5)
    assert webui.storage is not None
    backend = webui.storage.backend
    with webui.test_client() as client:
        client.http.get("/write/browser/k/v")
        store = client.http.get("/read/browser/k").json["store"]
        assert backend.load(store).items == {"k": '"v"'}
        with app.app_context():
            storage.general["forever"] = 1

        def gone() -> bool:
            with app.app_context():
                storage.sweep()
            return backend.load(store).items == {}

        wait_until(gone, timeout=10, what="the expired store to be deleted")
        assert client.http.get("/read/browser/k").json["value"] is None
        with app.app_context():
            assert storage.general["forever"] == 1


def test_a_store_read_lives_on_past_the_lifetime_its_last_write_gave_it(storage_url, tmp_path):
    import time

    app, webui = make_app(storage_url, tmp_path, WEBUI_STORAGE_TTL=1.5)
    hub = webui.storage
    assert hub is not None
    with app.test_request_context():
        storage.browser["k"] = "v"
        store = storage.browser.name()
    written = time.time()
    copy = hub._copies[store]
    wait_until(lambda: time.monotonic() >= copy.renew_at, what="half the store's lifetime")
    assert hub.value(store, "k") == "v"  # read again from the backend: its lifetime is renewed
    hub.touch_now()
    wait_until(lambda: time.time() > written + 1.6, what="the lifetime the write gave it to pass")
    with app.app_context():
        storage.sweep()
    assert hub.backend.load(store).items == {"k": '"v"'}


def test_a_corrupt_value_names_its_key_and_the_rest_of_the_store_reads(app_and_webui):
    app, webui = app_and_webui
    assert webui.storage is not None
    webui.storage.backend.write("general", {"good": "1", "bad": "{not json"}, (), None)
    with app.app_context():
        assert storage.general["good"] == 1
        with pytest.raises(StorageCorrupt, match="'bad'"):
            storage.general["bad"]
        storage.general["bad"] = "mended"
        assert storage.general["bad"] == "mended"


# -- the browser cookie ------------------------------------------------------------------------------------


def test_a_forged_browser_cookie_is_refused_and_a_new_browser_id_issued(app_and_webui):
    app, webui = app_and_webui
    http = app.test_client()
    response = http.get("/write/browser/secret/mine")
    cookie = response.headers.getlist("Set-Cookie")
    assert any("webui_browser=" in c and "HttpOnly" in c and "SameSite=Lax" in c for c in cookie)
    mine = http.get("/read/browser/secret").json
    assert mine["value"] == "mine"
    browser = mine["store"].partition(":")[2]
    attacker = app.test_client()
    for forged in (browser, browser + ".forged", "x" * 500):
        attacker.set_cookie("webui_browser", forged)
        answer = attacker.get("/read/browser/secret")
        assert answer.json["value"] is None and answer.json["store"] != mine["store"]
        assert any(c.startswith("webui_browser=") for c in answer.headers.getlist("Set-Cookie"))
