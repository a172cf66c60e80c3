"""Rooms and storage through a Redis that fails over (Sentinel), run by
``test_storage_redis.py`` in a gevent-patched process: the master is killed,
the sentinels promote its replica, and chat and storage carry on; the pages
are told meanwhile, and a write that returned before the failover is kept."""

from __future__ import annotations

from typing import Any

from flask_webui import rooms, storage
from flask_webui.exceptions import StorageUnavailable
from flask_webui.input import input
from flask_webui.output import put_text
from flask_webui.rooms import RoomsUnavailable
from harness.processes import SentinelSetup, wait_until
from tests.storage_behaviour import lines, make_app


def test_chat_and_storage_carry_on_once_the_sentinels_have_failed_over(tmp_path: Any):
    with SentinelSetup(tmp_path) as redis:
        app, webui = make_app(redis.url, tmp_path, WEBUI_STORAGE_TIMEOUT=1)

        @webui.page("/chat")
        def chat() -> None:
            rooms.join("lobby")
            rooms.on_message(lambda message: put_text(f"heard {message.data}"))
            while True:
                action, _, text = input("Action?").partition(" ")
                try:
                    if action == "say":
                        rooms.send("lobby", text, exclude_self=True)
                        put_text(f"sent {text}")
                    elif action == "save":
                        storage.general["note"] = text
                        put_text(f"saved {text}")
                    else:
                        put_text(f"note is {storage.general.get('note')}")
                except (RoomsUnavailable, StorageUnavailable) as error:
                    put_text(f"not done: {type(error).__name__}")

        with webui.test_client() as client:
            ada, bob = client.open("/chat"), client.open("/chat")
            ada.submit("save before")
            ada.submit("say hello")
            wait_until(lambda: "heard hello" in lines(bob), what="bob to hear ada")
            old_master = redis.master_port()

            redis.master.process.kill()
            ada.submit("save during")
            assert lines(ada)[-1] == "not done: StorageUnavailable"  # told while the sentinels fail over
            wait_until(lambda: redis.master_port() not in (None, old_master), timeout=30,
                       what="the sentinels to promote the replica")

            def answers(action: str, done: str) -> bool:
                ada.submit(action)
                return lines(ada)[-1] == done

            wait_until(lambda: answers("read", "note is before"), timeout=30, what="storage to come back")
            ada.submit("save after")
            assert lines(ada)[-1] == "saved after"
            wait_until(lambda: answers("say again", "sent again") and "heard again" in lines(bob), timeout=30,
                       what="the chat to come back")
