"""The server of bench/storage.py: ``python bench/storage_server.py PORT STORAGE_URL``
(``BENCH_REDIS`` in the environment: the Redis of the raw peers and of the rooms).

``/ops?u=USER&reads=R&writes=W&transactions=T`` is a page whose code does
those operations on ``storage.user`` and shows how long each took (µs, as
JSON), then waits in ``input()`` as an idle session; ``/raw_ops`` does the
same operations with raw sqlite3 (same journal mode and ``synchronous``) or
redis-py (the commands our write sends: HSET + PUBLISH), in this same
process. ``/watch?u=USER`` is a page waiting in ``wait_change``; ``/write``
writes the key it waits for; ``/raw_listen``, ``/raw_publish`` and
``/raw_seen`` are the raw peer of that (a redis-py subscriber).
"""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import os  # noqa: E402
import sqlite3  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402

from flask_webui import FlaskWebUI, storage  # noqa: E402
from flask_webui.input import input  # noqa: E402
from flask_webui.output import put_text  # noqa: E402
from flask_webui.rooms.redis_url import redis_client  # noqa: E402  (a client for any Redis URL, Sentinel too)

PORT, STORAGE_URL = int(sys.argv[1]), sys.argv[2]
REDIS = os.environ.get("BENCH_REDIS")

app = Flask(__name__)
app.config.update(SECRET_KEY="bench", WEBUI_STORAGE_URL=STORAGE_URL, WEBUI_RECONNECT_TIMEOUT=600,
                  WEBUI_FIRST_BATCH_WAIT=10, WEBUI_MESSAGE_QUEUE=REDIS)
socketio = SocketIO(app, async_mode="gevent")
webui = FlaskWebUI(app, socketio)
webui.user_identity(lambda: request.args.get("u"))

if os.environ.get("BENCH_TRACE"):
    heard_at: list[float] = []
    _changed = webui.storage.changed  # type: ignore[union-attr]

    def traced(*args: Any) -> None:
        heard_at.append(time.time())
        _changed(*args)

    webui.storage.changed = traced  # type: ignore[union-attr,method-assign]
    app.add_url_rule("/heard", view_func=lambda: {"heard": heard_at})

#: (value, time.time()) of each change the /watch pages saw, and the raw subscriber.
seen: list[tuple[str, float]] = []
raw_seen: list[tuple[str, float]] = []


def timed(count: int, operation: Any) -> float:
    """Microseconds per call of ``operation(i)``, over ``count`` calls."""
    began = time.perf_counter()
    for number in range(count):
        operation(number)
    return (time.perf_counter() - began) * 1e6 / max(count, 1)


def counts() -> tuple[int, int, int]:
    return int(request.args["reads"]), int(request.args["writes"]), int(request.args["transactions"])


def increment(_: int) -> None:
    with storage.user.transaction() as data:
        data["n"] = data.get("n", 0) + 1


@webui.page("/ops")
def ops() -> None:
    reads, writes, transactions = counts()
    began = time.perf_counter()
    storage.user.get("k")  # the first read loads the store into the worker's copy
    first = (time.perf_counter() - began) * 1e6
    result = {"first_read": first,
              "write": timed(writes, lambda i: storage.user.__setitem__("k", i)),
              "read": timed(reads, lambda i: storage.user.get("k")),
              "transaction": timed(transactions, increment)}
    put_text(json.dumps(result))
    input("Done?")


class RawSQLite:
    """The same operations on a SQLite file of its own, with raw sqlite3."""

    def __init__(self) -> None:
        self.db = sqlite3.connect(os.path.join(tempfile.mkdtemp(), "raw.sqlite3"), isolation_level=None,
                                  check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("CREATE TABLE items (store TEXT, key TEXT, value TEXT, PRIMARY KEY (store, key)) "
                        "WITHOUT ROWID")

    def read(self, store: str) -> Any:
        return self.db.execute("SELECT value FROM items WHERE store = ? AND key = 'k'", (store,)).fetchone()

    def write(self, store: str, value: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO items VALUES (?, 'k', ?)", (store, json.dumps(value)))

    def transaction(self, store: str) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        row = self.db.execute("SELECT value FROM items WHERE store = ? AND key = 'n'", (store,)).fetchone()
        self.db.execute("INSERT OR REPLACE INTO items VALUES (?, 'n', ?)",
                        (store, json.dumps((json.loads(row[0]) if row else 0) + 1)))
        self.db.execute("COMMIT")


class RawRedis:
    """The same operations with raw redis-py: HGET; HSET + PUBLISH in one
    round trip; WATCH, HGET, then HSET + PUBLISH in MULTI/EXEC. As ours, the
    worker reads the changes it publishes (what tells its other pages)."""

    def __init__(self) -> None:
        self.redis = redis_client(REDIS, decode_responses=True)
        gevent.spawn(self._read_changes)

    def _read_changes(self) -> None:
        pubsub = redis_client(REDIS).pubsub()
        pubsub.subscribe("raw:changes")
        for item in pubsub.listen():
            if item["type"] == "message":
                json.loads(item["data"])

    def read(self, store: str) -> Any:
        return self.redis.hget(f"raw:{store}", "k")

    def write(self, store: str, value: int) -> None:
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(f"raw:{store}", "k", json.dumps(value))
        pipe.publish("raw:changes", json.dumps({"s": store, "k": value}))
        pipe.execute()

    def transaction(self, store: str) -> None:
        with self.redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(f"raw:{store}")
                    now = json.loads(pipe.hget(f"raw:{store}", "n") or "0")
                    pipe.multi()
                    pipe.hset(f"raw:{store}", "n", json.dumps(now + 1))
                    pipe.publish("raw:changes", json.dumps({"s": store, "n": now + 1}))
                    pipe.execute()
                    return
                except Exception as error:  # WatchError: another wrote first, again
                    if type(error).__name__ != "WatchError":
                        raise


raw = RawRedis() if not STORAGE_URL.startswith("sqlite") else RawSQLite()


@app.route("/raw_ops")
def raw_ops() -> Any:
    reads, writes, transactions = counts()
    store = f"user:{request.args['u']}"
    began = time.perf_counter()
    raw.read(store)
    first = (time.perf_counter() - began) * 1e6
    return {"first_read": first, "write": timed(writes, lambda i: raw.write(store, i)),
            "read": timed(reads, lambda i: raw.read(store)),
            "transaction": timed(transactions, lambda i: raw.transaction(store))}


@webui.page("/watch")
def watch() -> None:
    storage.user.get("ping")
    while True:
        change = storage.user.wait_change("ping")
        if change is not None:
            seen.append((str(change.value), time.time()))


@app.route("/write")
def write() -> Any:
    began = time.time()
    storage.user["ping"] = request.args["v"]
    return {"began": began, "took": time.time() - began}


@app.route("/seen")
def seen_view() -> Any:
    return {"seen": seen}


def raw_subscriber() -> None:
    pubsub = redis_client(REDIS, decode_responses=True).pubsub()
    pubsub.subscribe("raw:ping")
    for item in pubsub.listen():
        if item["type"] == "message":
            raw_seen.append((item["data"], time.time()))


@app.route("/raw_listen")
def raw_listen() -> Any:
    gevent.spawn(raw_subscriber)
    return {"ok": True}


@app.route("/raw_publish")
def raw_publish() -> Any:
    began = time.time()
    raw.redis.publish("raw:ping", request.args["v"])  # type: ignore[union-attr]
    return {"began": began, "took": time.time() - began}


@app.route("/raw_seen")
def raw_seen_view() -> Any:
    return {"seen": raw_seen}


if __name__ == "__main__":
    socketio.run(app, host="127.0.0.1", port=PORT, log_output=False)
