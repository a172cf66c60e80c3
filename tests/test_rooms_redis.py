"""Rooms across two servers through a real redis-server on 127.0.0.1: each
page is driven over Socket.IO by python-socketio, as the browser would."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
import requests

from harness.pages import PageClient
from harness.processes import ROOT, ServerProcess, start_redis
from tests.helpers import start_test_server

WORKER_TTL = 2


@pytest.fixture
def redis_server():
    server = start_redis()
    yield server
    server.stop()


def serve(redis_server: ServerProcess) -> ServerProcess:
    config = {"WEBUI_MESSAGE_QUEUE": f"redis://127.0.0.1:{redis_server.port}/0",
              "WEBUI_WORKER_TTL": WORKER_TTL}
    return start_test_server({"WEBUI_TEST_CONFIG": json.dumps(config)})


@pytest.fixture
def two_servers(redis_server):
    servers = [serve(redis_server), serve(redis_server)]
    yield servers
    for server in servers:
        server.stop()


class ChatClient(PageClient):
    """A /room page: what it shows in its chat scope, and what it says."""

    def __init__(self, server: ServerProcess, nick: str) -> None:
        super().__init__(server.url, f"/room?nick={nick}")
        self.form = self.next_command("input_group")

    def say(self, text: str) -> None:
        self.submit(self.form, {"data": text})
        self.form = self.next_command("input_group")

    def shown(self) -> list[str]:
        return [str(c["spec"].get("content", "")) for c in self.seen if c["command"] == "output"]

    def sees_start(self, prefix: str, timeout: float = 10) -> str:
        """Wait until the page shows an output starting with ``prefix`` (seen at any time)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [text for text in self.shown() if text.startswith(prefix)]
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise TimeoutError(f"{prefix!r} not shown; shown: {self.shown()}")
            try:
                self.wait_for(lambda c: False, timeout=min(0.2, max(deadline - time.monotonic(), 0.01)))
            except TimeoutError:
                pass

    def sees(self, text: str, timeout: float = 10) -> None:
        self.sees_start(text, timeout)
        assert text in self.shown()


def ada_and_bob(servers: list[ServerProcess]) -> tuple[ChatClient, ChatClient]:
    """ada on the first server, bob on the second, once ada's page has seen bob join."""
    ada = ChatClient(servers[0], "ada")
    bob = ChatClient(servers[1], "bob")
    ada.sees("* bob joins")
    return ada, bob


def test_two_servers_chat_both_ways_and_presence_shows_both(two_servers):
    a, b = two_servers
    ada = ChatClient(a, "ada")
    ada.sees("* ada joins")
    bob = ChatClient(b, "bob")
    ada.sees("* bob joins")
    ada.say("hi bob")
    bob.sees("ada: hi bob")
    bob.say("hi ada")
    ada.sees("bob: hi ada")
    bob.say("/who")
    bob.sees("here: ada, bob")
    bob.say("/others bob is typing")
    ada.sees("[others] bob is typing")
    taken = PageClient(b.url, "/room?nick=ada")
    assert taken.wait_for(lambda c: c["command"] == "output")["spec"]["content"].startswith("taken:")
    bob.close()
    ada.sees("* bob leaves")
    ada.close()


def test_a_killed_server_s_members_leave_the_other_s_presence(two_servers):
    a = two_servers[0]
    ada, bob = ada_and_bob(two_servers)
    a.process.kill()  # SIGKILL: no deferred calls, no goodbye
    killed_at = time.monotonic()
    bob.sees("* ada leaves", timeout=WORKER_TTL * 3)
    # Documented: within WEBUI_WORKER_TTL plus one sweep (a third of it) and the poll.
    assert time.monotonic() - killed_at < WORKER_TTL * 2
    bob.say("/who")
    bob.sees("here: bob")
    bob.say("still here")
    bob.sees("bob: still here")
    bob.close()
    ada.client.disconnect()


def test_redis_going_away_is_a_clear_error_and_rooms_come_back_with_it(redis_server, two_servers):
    ada, bob = ada_and_bob(two_servers)
    redis_server.stop()
    bob.say("lost?")
    assert "the message queue redis://127.0.0.1" in bob.sees_start("not sent: ")
    restarted = start_redis(redis_server.port)
    try:
        # Once both servers are back on the queue, messages flow again, in order.
        deadline = time.monotonic() + 15
        for n in range(1000):
            bob.say(f"ping {n}")
            try:
                ada.sees_start("bob: ping", timeout=0.5)
                break
            except TimeoutError:
                assert time.monotonic() < deadline, "rooms did not come back with Redis"
        bob.say("/who")
        bob.sees("here: ada, bob")  # presence written again after the restart
    finally:
        restarted.stop()
        ada.close()
        bob.close()


def test_a_separate_process_publishes_into_the_room(redis_server, two_servers):
    ada, bob = ada_and_bob(two_servers)  # both servers read the queue
    bob.say("ready")
    ada.sees("bob: ready")
    url = f"redis://127.0.0.1:{redis_server.port}/0"
    script = ("import sys; from flask_webui.rooms import RoomEmitter; "
              "e = RoomEmitter(sys.argv[1]); e.broadcast('lobby', 'from cron', scope='chat'); "
              "e.send('lobby', {'text': 'data from cron'})")
    subprocess.run([sys.executable, "-c", script, url], cwd=ROOT, check=True, timeout=30)
    for page in (ada, bob):
        page.sees("from cron")
        page.sees("?: data from cron")
    ada.close()
    bob.close()


def test_malformed_messages_on_the_queue_are_ignored_and_the_chat_goes_on(redis_server, two_servers):
    import redis

    a, b = two_servers
    ada, bob = ada_and_bob(two_servers)
    queue = redis.Redis(port=redis_server.port)
    forged = {"v": 1, "kind": "broadcast", "to": {"room": "lobby"}, "scope": "#pywebio-scope-chat",
              "position": -1, "outputs": [{"type": "buttons", "buttons": [], "callback_id": "c1"}]}
    for junk in (b"\xff" * 10, b"{", b"[]", json.dumps(forged).encode(), b"x" * 2_000_000):
        queue.publish("flask_webui:messages", junk)
    bob.say("still fine")
    ada.sees("bob: still fine")
    assert not any(c["spec"].get("type") == "buttons" for c in ada.seen if c["command"] == "output")
    for server in (a, b):
        log = server.log()
        # Said once, not once a message: a flood from the queue cannot flood the log.
        assert log.count("malformed messages from the queue") == 1
        assert "Traceback" not in log
        assert max(len(line) for line in log.splitlines()) < 500
    ada.close()
    bob.close()


def test_health_follows_the_rooms_redis_as_it_goes_and_comes_back(redis_server):
    server = serve(redis_server)
    try:
        def health() -> tuple[int, dict]:
            answer = requests.get(f"{server.url}/_webui/health", timeout=5)
            return answer.status_code, answer.json()

        assert health() == (200, {"accepting": True, "sessions": 0, "redis": True})
        redis_server.stop()
        assert health() == (503, {"accepting": False, "sessions": 0, "redis": False})
        redis_server = start_redis(redis_server.port)
        assert health() == (200, {"accepting": True, "sessions": 0, "redis": True})
    finally:
        server.stop()
        redis_server.stop()
