"""A load of page sessions driven as browsers would, as greenlets of one
process: ``python tests/load_client.py URL SESSIONS INTERACTIONS ROUND``.

Half the sessions talk Socket.IO over WebSocket (events as the page sends them, batches
acknowledged), half PyWebIO's HTTP polling. Each submits INTERACTIONS texts to
/echo and checks that every echo comes exactly once and in order. Prints one
JSON line: {"sessions": n, "ok": n, "failures": [...]}.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import deque  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
import websocket  # noqa: E402
from gevent.pool import Pool  # noqa: E402

#: Seconds a session waits for the server's next batch (or form) before it reports a stall.
BATCH_WAIT = 60
CONFIG = re.compile(r'<script id="webui-config" type="application/json">(.*?)</script>', re.S)


def is_echo(command: dict[str, Any]) -> bool:
    return command["command"] == "output" and str(command["spec"].get("content", "")).startswith("echo:")


def open_page(url: str) -> tuple[requests.Session, dict[str, Any]]:
    http = requests.Session()
    page = http.get(url + "/echo", timeout=30)
    match = CONFIG.search(page.text)
    assert match, "no page config"
    return http, json.loads(match.group(1))


def socketio_session(url: str, texts: list[str]) -> list[str]:
    http, config = open_page(url)
    cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
    ws = websocket.create_connection(url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket",
                                     header=[f"Cookie: {cookie}"], timeout=30, skip_utf8_validation=True)
    prefix = config["namespace"] + ","
    ws.recv()
    # As the page does: the batch it carries first, then the connection says it has it.
    first = config.get("firstBatch") or {"seq": 0, "commands": []}
    ws.send("40" + prefix + json.dumps({"token": config["token"], "ack": first["seq"], "client": "load"}))
    echoes: list[str] = []
    seen: deque[str] = deque(maxlen=4)  # the last packets, for a stall's report
    state = {"seq": first["seq"], "form": None, "event": 0}
    carried = [list(first["commands"])] if first["commands"] else []

    def next_commands() -> list[dict[str, Any]]:
        if carried:
            return carried.pop()
        # Pings keep the socket busy: a batch that never comes must still fail.
        deadline = time.monotonic() + BATCH_WAIT
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no batch after {state['seq']} for {BATCH_WAIT} s (last event sent: "
                                   f"{state['event'] - 1}, form {state['form']}, last packets: {list(seen)})")
            packet = ws.recv()
            seen.append(packet[:120])
            if packet == "2":
                ws.send("3")
            elif packet.startswith("44" + prefix):
                raise ConnectionRefusedError(f"connection refused: {packet[len(prefix) + 2:][:200]}")
            elif packet.startswith("42" + prefix):
                name, data = json.loads(packet[len(prefix) + 2:])
                if name == "commands":
                    if data.get("reset"):
                        # As the page: a snapshot rebuilds a page that shows
                        # nothing yet (the page code ran ahead of the connection).
                        assert state["seq"] == 0 and not echoes, f"snapshot {data['seq']} at {state['seq']}"
                    else:
                        assert data["seq"] == state["seq"] + 1, f"batch {data['seq']} after {state['seq']}"
                    state["seq"] = data["seq"]
                    return list(data["commands"])

    def until_form() -> None:
        while True:
            for command in next_commands():
                if command["command"] == "close_session":
                    raise ConnectionAbortedError(f"the session ended: {command.get('spec')}")
                if is_echo(command):
                    echoes.append(command["spec"]["content"])
                if command["command"] == "input_group":
                    state["form"] = command["task_id"]
                    return

    until_form()
    for text in texts:
        message = {"ack": state["seq"], "seq": state["event"], "events": [
            {"event": "from_submit", "task_id": state["form"], "data": {"data": text}}]}
        state["event"] += 1
        ws.send("42" + prefix + json.dumps(["events", message]))  # as the page: no ack asked
        until_form()
    ws.close()
    return echoes


def polling_session(url: str, texts: list[str]) -> list[str]:
    http, config = open_page(url)
    token, applied = config["token"], -1
    echoes: list[str] = []
    form = None

    def take(answer: dict[str, Any]) -> None:
        nonlocal applied, form
        fresh = answer["commands"][applied - answer["seq"] + 1:]
        for message in fresh:
            for command in message:
                if command["command"] == "close_session":
                    raise ConnectionAbortedError(f"the session ended: {command.get('spec')}")
                if is_echo(command):
                    echoes.append(command["spec"]["content"])
                if command["command"] == "input_group":
                    form = command["task_id"]
        applied = max(applied, answer["seq"] + len(answer["commands"]) - 1)

    def poll_until_form() -> None:
        nonlocal form
        form = None
        # Held polls come back empty: a form that never comes must still fail.
        deadline = time.monotonic() + BATCH_WAIT
        while form is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no form after message {applied} for {BATCH_WAIT} s")
            take(http.get(url + "/echo", params={"ack": applied}, headers={"webio-session-id": token},
                          timeout=30).json())

    poll_until_form()
    for number, text in enumerate(texts):
        sent = form
        form = None
        events = [{"event": "from_submit", "task_id": sent, "data": {"data": text}}]
        headers = {"webio-session-id": token, "Content-Type": "application/json"}
        take(http.post(url + "/echo", params={"ack": applied, "seq": number}, timeout=30,
                       data=json.dumps(events), headers=headers).json())
        if form is None:
            poll_until_form()
    return echoes


def main() -> None:
    url, sessions, interactions, round_number = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    failures: list[str] = []
    ok = [0]

    def one(number: int) -> None:
        texts = [f"r{round_number}-s{number}-{i}" for i in range(interactions)]
        run = socketio_session if number % 2 == 0 else polling_session
        try:
            echoes = run(url, texts)
        except Exception as error:  # a failure to report, not to hide
            failures.append(f"session {number} ({run.__name__}): {type(error).__name__}: {error}"[:300])
            return
        if echoes != [f"echo: {text}" for text in texts]:
            failures.append(f"session {number} ({run.__name__}): {len(echoes)} echoes: {echoes[:3]}..."[:300])
        else:
            ok[0] += 1

    pool = Pool(100)
    for number in range(sessions):
        pool.spawn(one, number)
    pool.join()
    gevent.sleep(0)
    print(json.dumps({"sessions": sessions, "ok": ok[0], "failures": failures[:20]}))


if __name__ == "__main__":
    main()
