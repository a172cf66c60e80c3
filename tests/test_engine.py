"""The session engine and the page API, through the headless test client."""

import logging

import gevent
import pytest

from flask_webui import OutsideSessionError
from flask_webui.output import put_text
from harness.processes import wait_until
from tests.apps import pages


@pytest.fixture
def webui():
    pages.events.clear()
    _app, webui = pages.create_app()
    return webui


@pytest.fixture
def client(webui):
    with webui.test_client() as client:  # its sessions end with the test
        yield client


def test_input_returns_typed_values(client):
    page = client.open("/types")
    page.submit("42")
    page.submit(2.5)
    page.submit("s3cret")
    assert page.text == "int:42 float:2.5 str:s3cret"
    assert page.closed


def test_number_field_refuses_a_non_integer_and_keeps_the_form(client):
    page = client.open("/types")
    page.submit("4.5")
    assert page.field_error("data") == "Please enter a whole number."
    assert page.form is not None
    page.submit(True)
    assert page.field_error("data") == "Please enter a whole number."
    page.submit(7)
    assert page.field_error("data") is None
    assert page.form["label"] == "Real number"


def test_empty_number_field_asks_to_be_filled_before_validate_runs(client):
    page = client.open("/validate")
    page.submit("")
    assert page.field_error("data") == "Please fill in this field."
    page.submit(20)
    assert page.text == "age 20"


def test_validate_error_shows_under_the_field_and_the_form_stays(client):
    page = client.open("/validate")
    page.blur("data", 12)
    assert page.field_error("data") == "Too young"
    page.submit(12)
    assert page.field_error("data") == "Too young"
    assert page.form is not None and page.text == ""
    page.submit(30)
    assert page.text == "age 30"


def test_input_group_validate_and_cancel(client):
    page = client.open("/group")
    page.submit({"a": 5, "b": 2})
    assert page.field_error("b") == "a must be below b"
    page.submit({"a": 1, "b": 9})
    assert page.text == "range 1..9"
    cancelled = client.open("/group")
    cancelled.cancel()
    assert cancelled.text == "cancelled"


def test_submit_with_a_field_the_form_never_had_is_refused(client):
    page = client.open("/group")
    page.submit({"a": 1, "b": 9, "admin": True})
    assert page.form is not None
    assert "Refused unknown fields: admin" in page.toasts
    page.submit({"a": 1, "b": 9})
    assert page.text == "range 1..9"


def test_button_callback_gets_the_python_value_while_main_waits(client):
    page = client.open("/callbacks")
    page.click("Two")
    page.click("Three")
    assert "clicked 2.5 (float) #1" in page.text
    assert "clicked (3, 'x') (tuple) #2" in page.text
    assert page.form is not None  # main still waits in input()
    page.submit("Ann")
    assert page.text.endswith("name Ann")
    assert not page.closed  # callbacks keep the page alive (implicit hold)
    page.click("One")
    assert page.text.endswith("clicked 1 (int) #3")


def test_clicks_the_server_never_offered_are_refused(client, caplog):
    page = client.open("/callbacks")
    callback_id = page.commands[0]["spec"]["callback_id"]
    with caplog.at_level(logging.WARNING, "flask_webui"):
        page.send({"event": "callback", "task_id": "c999", "data": "0"})
        page.send({"event": "callback", "task_id": callback_id, "data": "7"})
    assert any("unknown callback 'c999'" in e for e in page.errors)
    assert any("never offered" in e for e in page.errors)
    assert "never offered" in caplog.text
    page.click("One")
    assert "clicked 1 (int) #1" in page.text


def test_scopes_markdown_html_toast_and_env(client):
    page = client.open("/scopes")
    assert page.scope_text("box") == "second"
    assert page.toasts == ["hello toast"]
    assert page.env["title"] == "Scopes"
    markdown, html = [c["spec"] for c in page.commands if c["spec"].get("type") in ("markdown", "html")]
    assert markdown["sanitize"] is True and html["sanitize"] is True
    page.submit("y")
    assert page.scope_text("box") == ""
    assert page.text.endswith("box cleared")


def test_page_sees_its_flask_request_and_shares_g_with_callbacks(client):
    page = client.open("/context", query_string={"q": "x"}, headers={"User-Agent": "probe/1"})
    assert page.text.startswith("q=x agent=probe/1 user=None path=/context")
    page.click("Again")
    page.click("Again")
    assert "g.visits 3" in page.text


def test_page_code_runs_in_one_flask_context_torn_down_once(webui):
    torn_down = []  # (what, greenlet)
    webui.app.teardown_request(lambda error: torn_down.append(("request", gevent.getcurrent())))
    webui.app.teardown_appcontext(lambda error: torn_down.append(("app", gevent.getcurrent())))
    ran_in = []

    def once() -> None:
        ran_in.append(gevent.getcurrent())

    webui.add_page("/once", once)
    webui.test_client().open("/once")
    # The page greenlet pops its contexts one after the other, with no switch between.
    wait_until(lambda: ran_in and any(greenlet is ran_in[0] for _, greenlet in torn_down))
    assert sorted(what for what, greenlet in torn_down if greenlet is ran_in[0]) == ["app", "request"]


def test_error_in_page_code_is_logged_and_shown_and_others_go_on(webui, caplog):
    webui.app.config["WEBUI_SHOW_TRACEBACK"] = True
    client = webui.test_client()
    other = client.open("/echo")
    with caplog.at_level(logging.ERROR, "flask_webui"):
        broken = client.open("/broken")
    assert "ZeroDivisionError: page bug" in caplog.text
    assert broken.toasts == ["An error occurred in this page; it has been logged."]
    assert "ZeroDivisionError: page bug" in broken.popups[0]["content"][0]["content"]
    assert broken.closed
    other.submit("still here")
    assert other.text == "echo: still here"


def test_traceback_stays_on_the_server_without_debug(client, caplog):
    with caplog.at_level(logging.ERROR, "flask_webui"):
        broken = client.open("/broken")
    assert broken.toasts and broken.popups == []


def test_closing_wakes_waiters_runs_deferred_calls_and_frees_the_session(webui, client):
    page = client.open("/deferred")
    assert len(webui.registry) == 1
    page.close_tab()
    wait_until(lambda: len(pages.events) == 2, what="the page to unwind and its deferred call to run")
    assert pages.events == ["page unwound", "deferred ran"]
    assert len(webui.registry) == 0
    assert page.session._tasks == set() and len(page.session.callbacks) == 0


def test_a_session_ends_even_when_its_page_code_is_slow_to_unwind(webui, client, monkeypatch, caplog):
    # 10,000 sessions whose browsers went at once all end together; the
    # loop is then too busy to unwind each page within the grace, and each
    # session must still end (it once stayed registered for good).
    monkeypatch.setattr("flask_webui.engine.running.UNWIND_GRACE", 0.1)
    pages.unwind_gate.clear()
    page = client.open("/slow-to-unwind")
    with caplog.at_level(logging.WARNING, "flask_webui"):
        page.close_tab()
        wait_until(lambda: len(webui.registry) == 0, what="the session to end")
    assert pages.events == ["deferred ran"]
    assert "page code still running 0.1 s after the session ended" in caplog.text
    pages.unwind_gate.set()
    wait_until(lambda: len(pages.events) == 2, what="the page code to finish")
    assert pages.events == ["deferred ran", "page unwound"]


def test_page_that_returns_without_callbacks_ends(webui, client):
    page = client.open("/types")
    for value in ("1", "2", "x"):
        page.submit(value)
    assert page.closed and len(webui.registry) == 0


def test_many_sessions_wait_in_input_without_blocking_each_other(webui, client):
    waiting = [client.open("/echo") for _ in range(100)]
    assert len(webui.registry) == 100
    assert all(p.form is not None for p in waiting)
    waiting[57].submit("hello")
    assert waiting[57].text == "echo: hello"
    assert all(p.text == "" for i, p in enumerate(waiting) if i != 57)


def test_page_code_outrunning_the_browser_waits_for_acks(webui):
    webui.app.config["WEBUI_MAX_PENDING_COMMANDS"] = 50
    page = webui.test_client().open("/flood", query_string={"n": "300"}, auto_ack=False)
    # The browser has acknowledged nothing: the page is held at the limit.
    assert page.session.outbox.unacked_commands <= 50
    assert "flood done" not in page.text
    while page.form is None:
        page.send({"events": [], "ack": page.applied_batch})
    assert page.text.endswith("line 299\nflood done")


def test_api_outside_a_session_raises_a_clear_error():
    with pytest.raises(OutsideSessionError, match="only inside a page session"):
        put_text("hello")


def test_session_info_outside_a_session_raises_when_read_but_its_repr_does_not():
    from flask_webui.session import info

    with pytest.raises(OutsideSessionError):
        info.user_ip  # noqa: B018
    assert repr(info) == "<flask_webui.session.info: read it in page code>"


def test_a_burst_that_never_yields_leaves_in_batches_of_bounded_size():
    import json

    from flask_webui.engine.sending import ESTIMATE_EVERY, MAX_BATCH_BYTES, CommandSender

    sender = CommandSender(max_pending=100_000, resume_history=0, may_wait=lambda: True,
                           max_pending_bytes=100 * 1024 * 1024)
    line = {"command": "output", "task_id": None, "spec": {"type": "text", "content": "x" * 100}}
    for _ in range(10_000):  # about 1.3 MB of JSON, queued without a yield
        sender.queue(dict(line))
    sender.flush()  # the rest leaves when the page yields
    batches = sender.outbox.unacknowledged()
    sizes = [len(json.dumps(b["commands"], separators=(",", ":"))) for b in batches]
    assert len(batches) >= 9  # sent while the burst ran, not all at its end
    assert max(sizes) <= MAX_BATCH_BYTES + ESTIMATE_EVERY * len(json.dumps(line))
    assert sum(len(b["commands"]) for b in batches) == 10_000
