"""What an operator reads: the Prometheus metrics after a scripted scenario,
in one process and on a real server with a real Socket.IO client, and the
health check (draining, Redis that does not answer)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests
from flask import Flask, request
from prometheus_client.parser import text_string_to_metric_families

from flask_webui import FlaskWebUI, rooms
from flask_webui.input import input
from flask_webui.output import put_buttons, put_text
from harness.pages import PageClient
from harness.processes import ServerProcess, wait_until
from tests.helpers import start_test_server


def read_metrics(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """``{(sample name, sorted labels): value}`` of a Prometheus text page."""
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(metrics: dict, name: str, **labels: str) -> float:
    return metrics.get((name, tuple(sorted(labels.items()))), 0.0)


def make_app(**config: object) -> tuple[Flask, FlaskWebUI]:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="k", WEBUI_METRICS=True, **config)
    webui = FlaskWebUI(app)

    @webui.page("/ask")
    def ask() -> None:
        name = input("Name?")
        put_text(f"hello {name}")
        input("Again?")

    @webui.page("/once")
    def once() -> None:
        put_text(f"got {input('One thing')}")

    @webui.page("/broken")
    def broken() -> None:
        put_buttons(["Go"], onclick=lambda _: None)
        raise RuntimeError("page code failed")

    return app, webui


def test_metrics_after_three_sessions_two_refused_events_and_one_end():
    app, webui = make_app()
    client = webui.test_client()
    pages = [client.open("/ask"), client.open("/ask"), client.open("/once")]
    pages[0].submit("Ada")
    pages[0].send({"event": "callback", "task_id": "no-such-callback", "data": None})
    pages[1].send({"events": "not a list", "seq": 0})
    pages[2].submit("thing")  # its page function returns: the session ends

    metrics = read_metrics(app.test_client().get("/metrics").get_data(as_text=True))
    assert value(metrics, "webui_sessions_opened_total", page="ask") == 2
    assert value(metrics, "webui_sessions_opened_total", page="once") == 1
    assert value(metrics, "webui_sessions_live", page="ask", transport="websocket") == 2
    assert value(metrics, "webui_sessions_live", page="once", transport="websocket") == 0
    assert value(metrics, "webui_sessions_ended_total", page="once", reason="returned") == 1
    assert value(metrics, "webui_events_refused_total", reason="unexpected") == 1
    assert value(metrics, "webui_events_refused_total", reason="malformed") == 1
    assert value(metrics, "webui_events_received_total") == 3  # two submits applied, and the stray click
    # Each page got its form, /ask a text and a second form, /once its text and the end.
    assert value(metrics, "webui_commands_sent_total") >= 7
    assert value(metrics, "webui_batch_ack_seconds_count") >= 3
    assert value(metrics, "webui_outbox_commands") == 0  # the test client acknowledges everything

    pages[1].close_tab()
    metrics = read_metrics(app.test_client().get("/metrics").get_data(as_text=True))
    assert value(metrics, "webui_sessions_live", page="ask", transport="websocket") == 1
    assert value(metrics, "webui_sessions_ended_total", page="ask", reason="closed") == 1


def test_rooms_and_their_members_are_counted_as_sessions_join_leave_and_end():
    app, webui = make_app()

    @webui.page("/lobby")
    def lobby() -> None:
        rooms.join("lobby")
        rooms.join(input("Second room?"))
        rooms.leave("lobby")
        input("Done?")

    def counts() -> tuple[float, float]:
        seen = read_metrics(app.test_client().get("/metrics").get_data(as_text=True))
        return value(seen, "webui_rooms"), value(seen, "webui_room_members")

    client = webui.test_client()
    first, second = client.open("/lobby"), client.open("/lobby")
    assert counts() == (1, 2)
    first.submit("games")  # it joins "games", then leaves "lobby"
    assert counts() == (2, 2)
    first.submit("")  # its page function returns: the session ends and leaves "games"
    assert counts() == (1, 1)
    second.close_tab()
    assert counts() == (0, 0)


def test_page_errors_and_the_end_they_bring_are_counted():
    app, webui = make_app()
    client = webui.test_client()
    page = client.open("/broken")
    page.close_tab()  # its callback kept it open after the error
    metrics = read_metrics(app.test_client().get("/metrics").get_data(as_text=True))
    assert value(metrics, "webui_page_errors_total", page="broken") == 1


def test_the_metrics_route_answers_only_whom_the_app_lets_read_it():
    app = Flask(__name__)
    app.config.update(SECRET_KEY="k")
    webui = FlaskWebUI(app)
    webui.metrics_endpoint("/ops/metrics", authorize=lambda: request.headers.get("X-Operator") == "yes")
    http = app.test_client()
    assert http.get("/ops/metrics").status_code == 403
    answer = http.get("/ops/metrics", headers={"X-Operator": "yes"})
    assert answer.status_code == 200
    assert answer.content_type.startswith("text/plain")
    assert "webui_sessions_live" in answer.get_data(as_text=True)
    assert http.get("/metrics").status_code == 404  # WEBUI_METRICS is off


def test_health_says_whether_the_worker_takes_sessions():
    app, webui = make_app()
    http = app.test_client()
    webui.test_client().open("/ask")
    answer = http.get("/_webui/health")
    assert answer.status_code == 200
    assert answer.get_json() == {"accepting": True, "sessions": 1}
    assert answer.headers["Cache-Control"] == "no-store"
    webui.draining = True
    answer = http.get("/_webui/health")
    assert answer.status_code == 503
    assert answer.get_json()["accepting"] is False


def test_health_fails_while_the_rooms_redis_does_not_answer():
    from tests.helpers import free_port

    nothing_listens = free_port()
    app, _ = make_app(WEBUI_MESSAGE_QUEUE=f"redis://127.0.0.1:{nothing_listens}/0")
    answer = app.test_client().get("/_webui/health")
    assert answer.status_code == 503
    # The stores live in that Redis too (the default with a message queue).
    assert answer.get_json() == {"accepting": False, "sessions": 0, "redis": False, "storage": "unavailable"}


def test_health_route_moves_or_goes_with_its_setting():
    app, _ = make_app(WEBUI_HEALTH_URL="/healthz")
    assert app.test_client().get("/healthz").status_code == 200
    assert app.test_client().get("/_webui/health").status_code == 404
    app, _ = make_app(WEBUI_HEALTH_URL=None)
    assert app.test_client().get("/_webui/health").status_code == 404


# -- on a real server ------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    running = start_test_server({"WEBUI_TEST_CONFIG": json.dumps({"WEBUI_METRICS": True})})
    yield running
    running.stop()


def test_metrics_follow_a_websocket_page_through_its_drop_and_its_end(server):
    def fetch() -> dict:
        return read_metrics(requests.get(f"{server.url}/metrics", timeout=5).text)

    before = fetch()
    page = PageClient(server.url, "/echo", transports=["websocket"])
    form = page.next_command("input_group")
    page.submit(form, {"data": "hi"})
    page.next_command("output")
    now = fetch()
    assert value(now, "webui_sessions_live", page="echo", transport="websocket") == \
        value(before, "webui_sessions_live", page="echo", transport="websocket") + 1
    assert value(now, "webui_events_received_total") > value(before, "webui_events_received_total")
    assert value(now, "webui_batch_ack_seconds_count") > value(before, "webui_batch_ack_seconds_count")

    page.close()  # the browser is gone: after the reconnect window (2 s here) the session ends
    ended = ("webui_sessions_ended_total", (("page", "echo"), ("reason", "browser_gone")))
    wait_until(lambda: fetch().get(ended, 0) > before.get(ended, 0), timeout=10,
               what="the session to end after the reconnect window")
    assert value(fetch(), "webui_sessions_live", page="echo", transport="websocket") == \
        value(before, "webui_sessions_live", page="echo", transport="websocket")


def test_the_example_serves_metrics_here_and_its_admin_page_to_admin_only(example_server):
    metrics = requests.get(f"{example_server.url}/metrics", timeout=5)
    assert metrics.status_code == 200 and "webui_sessions_live" in metrics.text
    assert requests.get(f"{example_server.url}/admin/webui", timeout=5).status_code == 403
    for name, status in (("ada", 403), ("admin", 200)):
        http = requests.Session()
        http.post(f"{example_server.url}/login", data={"name": name}, timeout=5)
        assert http.get(f"{example_server.url}/admin/webui", timeout=5).status_code == status
