"""Servers the benchmarks compare, each run as its own process on 127.0.0.1:
``python bench/servers.py ours|raw|pywebio|pywebio-flask|rooms|raw-rooms|hand-made PORT [REDIS_URL]``."""

import gc
import itertools
import os
import sys
import time
from collections import Counter
from typing import Any

from gevent import monkey

_FROZEN_AT_START = gc.get_freeze_count()  # Python 3.12 starts with some objects frozen already

if sys.argv[1:2] != ["pywebio-flask"]:  # PyWebIO's Flask backend runs on real threads
    monkey.patch_all()


def ours(port: int) -> None:
    """An echo page: each submit puts the text and asks again."""
    from flask import Flask
    from flask_socketio import SocketIO

    from flask_webui import FlaskWebUI
    from flask_webui.input import input
    from flask_webui.output import put_text

    app = Flask(__name__)
    app.config["SECRET_KEY"] = "bench"
    app.config.from_prefixed_env("BENCH")  # e.g. BENCH_WEBUI_RECONNECT_TIMEOUT=2
    socketio = SocketIO(app, async_mode="gevent", ping_interval=_ping_interval())
    webui = FlaskWebUI(app, socketio)
    app.add_url_rule("/_bench/stats", view_func=lambda: _stats(len(webui.registry)))
    if app.config.get("OPERATIONS"):  # BENCH_OPERATIONS=1: bench/throughput.py --metrics
        webui.admin_page("/_bench/admin", authorize=lambda: True)

    @webui.page("/echo")
    def echo() -> None:
        while True:
            put_text(input("Text"))

    @webui.page("/stored")
    def stored() -> None:
        """The echo page, its user's and browser's stores read first (bench/sessions.py's ours+storage)."""
        from flask_webui import storage

        storage.user.get("theme")
        storage.browser.get("visits")
        while True:
            put_text(input("Text"))

    @webui.page("/upload")
    def upload() -> None:
        """A form with a file (bench/memory.py holds unfinished uploads on it)."""
        from flask_webui.input import file_upload

        put_text(f"{len(file_upload('File')['content'])} bytes")

    @webui.page("/flood")
    def flood() -> None:
        """Output as fast as the browser lets it (bench/memory.py's tabs that never acknowledge)."""
        for number in itertools.count():
            put_text(f"line {number} " + "x" * 100)

    webui.add_page("/table", big_table)
    webui.add_page("/texts", many_texts)
    socketio.run(app, host="127.0.0.1", port=port, log_output=False)


# What a plain Flask-SocketIO app serves as its page (bench/sessions.py's raw+page).
RAW_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/app.css"></head><body><main id="out"></main>
<form id="form"><label for="field">Text</label> <input id="field" autocomplete="off"></form>
<script id="config" type="application/json">{{ config|tojson }}</script><script src="/app.js"></script>
</body></html>"""


def raw(port: int) -> None:
    """The floor: a bare Flask-SocketIO echo handler under gevent, and a page
    as a plain app serves it (a template, the session cookie)."""
    import secrets

    from flask import Flask, render_template, session
    from flask_socketio import SocketIO, emit
    from jinja2 import DictLoader

    app = Flask(__name__)
    app.config["SECRET_KEY"] = "bench"
    app.jinja_loader = DictLoader({"page.html": RAW_PAGE})  # type: ignore[assignment]
    socketio = SocketIO(app, async_mode="gevent", ping_interval=_ping_interval())

    @app.route("/page")
    def page() -> str:
        session["browser"] = secrets.token_urlsafe(12)
        return render_template("page.html", title="echo", config={"namespace": "/"})

    live = {"count": 0}
    app.add_url_rule("/_bench/stats", view_func=lambda: _stats(live["count"]))

    @socketio.on("connect")
    def connect() -> None:
        live["count"] += 1

    @socketio.on("disconnect")
    def disconnect(reason: object = None) -> None:
        live["count"] -= 1

    @socketio.on("echo")
    def echo(data: object) -> None:
        emit("echo", data)

    socketio.run(app, host="127.0.0.1", port=port, log_output=False)


HAND_MADE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>echo</title></head><body>
<div id="out"></div>
<form id="form"><label for="field" id="label">Text</label> <input id="field" autocomplete="off"></form>
<script src="/socket.io.min.js"></script>
<script>
// The least a page can do for the same round trip: emit with an ack, append
// the echo, put a fresh field (as a next form would).
const socket = io({transports: ["websocket"]});
let count = 0;
document.getElementById("form").addEventListener("submit", (event) => {
  event.preventDefault();
  const field = document.getElementById("field");
  socket.emit("echo", {text: field.value}, (reply) => {
    const line = document.createElement("p");
    line.textContent = reply.text;
    document.getElementById("out").appendChild(line);
    const next = document.createElement("input");
    next.id = "field"; next.autocomplete = "off";
    field.replaceWith(next);
    count += 1;
    document.getElementById("label").textContent = "Text " + count;
    next.focus();
  });
});
</script></body></html>"""


FLOOR_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>form</title></head><body>
<form><label for="field">Text</label> <input id="field" name="data"></form></body></html>"""


def hand_made(port: int) -> None:
    """bench/browser_roundtrip.py's floor: a hand-made socket.io-client page
    on a bare Flask-SocketIO echo (emit with an ack, append, a new field)."""
    from pathlib import Path

    from flask import Flask, send_file
    from flask_socketio import SocketIO

    app = Flask(__name__)
    socketio = SocketIO(app, async_mode="gevent")
    client_js = Path(__file__).resolve().parent.parent / "node_modules/socket.io-client/dist/socket.io.min.js"

    @app.route("/echo")
    def page() -> str:
        return HAND_MADE_PAGE

    @app.route("/form")
    def static_form() -> str:
        # bench/page_load.py's floor: the form in the HTML itself, nothing else to load.
        return FLOOR_PAGE

    @app.route("/socket.io.min.js")
    def script() -> object:
        return send_file(client_js, mimetype="text/javascript")

    @socketio.on("echo")
    def echo(data: object) -> object:
        return data

    socketio.run(app, host="127.0.0.1", port=port, log_output=False)


def pywebio(port: int) -> None:
    """PyWebIO 1.8's Tornado backend with the same echo page."""
    from pywebio import start_server
    from pywebio.input import input
    from pywebio.output import put_text

    def echo() -> None:
        while True:
            put_text(input("Text"))

    start_server({"echo": echo, "table": big_table, "texts": many_texts}, port=port, host="127.0.0.1",
                 cdn=False)


def pywebio_flask(port: int) -> None:
    """PyWebIO 1.8's Flask backend (HTTP polling) with the same echo page."""
    from pywebio.input import input
    from pywebio.output import put_text
    from pywebio.platform.flask import start_server

    def echo() -> None:
        while True:
            put_text(input("Text"))

    start_server({"echo": echo}, port=port, host="127.0.0.1", cdn=False)


def rooms(port: int) -> None:
    """bench/broadcast.py: pages that join room "bench" and wait in input();
    ``/fire/<marker>`` broadcasts the marker to the room from a plain view."""
    from flask import Flask
    from flask_socketio import SocketIO

    from flask_webui import FlaskWebUI
    from flask_webui.input import input
    from flask_webui.output import put_scope
    from flask_webui.rooms import broadcast, join

    app = Flask(__name__)
    app.config["SECRET_KEY"] = "bench"
    socketio = SocketIO(app, async_mode="gevent", message_queue=_message_queue())
    webui = FlaskWebUI(app, socketio)

    @webui.page("/member")
    def member() -> None:
        join("bench")
        put_scope("news")
        input("Waiting")

    @app.route("/fire/<marker>")
    def fire(marker: str) -> str:
        broadcast("bench", marker, scope="news")
        return "ok"

    @app.route("/local")
    def local() -> str:
        return str(webui.rooms.local_members("bench"))

    socketio.run(app, host="127.0.0.1", port=port, log_output=False)


def raw_rooms(port: int) -> None:
    """The floor for bench/broadcast.py: connections join room "bench" on
    connect; ``/fire/<marker>`` is ``socketio.emit(..., to="bench")``."""
    from flask import Flask
    from flask_socketio import SocketIO, join_room

    app = Flask(__name__)
    socketio = SocketIO(app, async_mode="gevent", message_queue=_message_queue())
    joined = {"count": 0}

    @socketio.on("connect")
    def connect() -> None:
        join_room("bench")
        joined["count"] += 1

    @socketio.on("disconnect")
    def disconnect(reason: object = None) -> None:
        joined["count"] -= 1

    @app.route("/fire/<marker>")
    def fire(marker: str) -> str:
        socketio.emit("news", {"content": marker}, to="bench")
        return "ok"

    @app.route("/local")
    def local() -> str:
        return str(joined["count"])

    socketio.run(app, host="127.0.0.1", port=port, log_output=False)


PING_LOOP = "Socket._send_ping"


class _Collections:
    """The garbage collector's pauses in this process: their total, the
    longest and the number of full collections since the last ``?reset_gc=1``
    (each pause stalls every session)."""

    def __init__(self) -> None:
        import gc

        self.reset()
        self._began = self._began_cpu = 0.0
        gc.callbacks.append(self._note)

    def reset(self) -> None:
        self.total = self.longest = 0.0
        self.full = 0
        self.by_generation = [0.0, 0.0, 0.0]  # the longest pause of each generation
        self.over_5ms = [0, 0, 0]  # pauses over 5 ms, by generation
        self.long: list[tuple[float, int, float, float, int]] = []

    def _note(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
            self._began_cpu = time.thread_time()
        else:
            pause = time.perf_counter() - self._began
            self.total += pause
            self.longest = max(self.longest, pause)
            self.full += info["generation"] == 2
            generation = info["generation"]
            self.by_generation[generation] = max(self.by_generation[generation], pause)
            if pause > 0.005:  # the last 50 pauses over 5 ms: (clock, generation, ms, cpu ms, collected)
                self.over_5ms[generation] += 1
                cpu = time.thread_time() - self._began_cpu  # below the pause: the process was not running
                self.long.append((round(time.time() % 1000, 2), generation, round(pause * 1000, 1),
                                  round(cpu * 1000, 1), info["collected"]))
                del self.long[:-50]


_collections: _Collections | None = None


def _stats(live: int) -> dict[str, Any]:
    """bench/sessions.py's probe: live sessions (or connections), this
    process's resident memory and its garbage collector's pauses; with
    ``?greenlets=1`` also the greenlets (a walk over every object, too slow
    to ask for while sessions end)."""
    from flask import request

    global _collections
    if _collections is None:
        _collections = _Collections()
    if request.args.get("reset_gc"):
        _collections.reset()
    census = _census() if request.args.get("census") else {}
    with open("/proc/self/status") as status:
        rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    answer: dict[str, Any] = {"live": live, "rss_kib": rss, "gc_seconds": _collections.total,
                              "gc_longest_ms": _collections.longest * 1000,
                              "gc_full": _collections.full,
                              "gc_longest_by_generation_ms": [ms * 1000 for ms in _collections.by_generation],
                              "gc_over_5ms": _collections.over_5ms,
                              "gc_frozen": gc.get_freeze_count(),
                              "given_back": _given_back(),
                              "gc_long": _collections.long,
                              "gc_tracked": len(gc.get_objects()) if request.args.get("tracked") else None,
                              **census}
    if request.args.get("snapshot"):  # under PYTHONTRACEMALLOC: where the memory is (bench/census.py)
        answer["snapshot"] = _snapshot()
    if request.args.get("greenlets"):
        answer.update(_greenlets(bool(request.args.get("detail"))))
    return answer


def _snapshot() -> str:
    """A tracemalloc snapshot of what is live after a collection, dumped to a
    temporary file whose path is returned."""
    import tempfile
    import tracemalloc

    gc.collect()
    handle, path = tempfile.mkstemp(prefix="census-", suffix=".tracemalloc")
    os.close(handle)
    tracemalloc.take_snapshot().dump(path)
    return path


def _given_back() -> int | None:
    """Times our collector gave free memory back to the system (None: not ours)."""
    module = sys.modules.get("flask_webui.engine.collector")
    return None if module is None else int(module.collector.given_back)


def _census() -> dict[str, Any]:
    """Live objects after a full collection, frozen ones too (bench/at_scale.py --rounds)."""
    import gc

    frozen = gc.get_freeze_count() > _FROZEN_AT_START  # ours (WEBUI_GC_FREEZE); raw is left as it was
    gc.unfreeze()
    gc.collect()
    objects = gc.get_objects()
    kinds = Counter(type(thing).__qualname__ for thing in objects)
    del objects
    if frozen:
        gc.freeze()
    return {"objects": sum(kinds.values()), "kinds": dict(kinds)}


def _greenlets(detail: bool) -> dict[str, Any]:
    import gc

    from greenlet import greenlet

    running = [thing for thing in gc.get_objects() if isinstance(thing, greenlet) and not thing.dead]
    # Engine.IO's ping loop outlives its connection by up to a ping interval, ours and raw alike.
    pings = sum(1 for g in running if getattr(getattr(g, "_run", None), "__qualname__", "") == PING_LOOP)
    answer: dict[str, Any] = {"greenlets": len(running) - pings, "ping_loops": pings}
    if detail:  # what the greenlets run, by count
        names = Counter(getattr(getattr(g, "_run", None) or getattr(g, "run", None), "__qualname__", repr(g))
                        for g in running)
        answer["detail"] = dict(names.most_common(20))
    return answer


def _ping_interval() -> float:
    """Engine.IO's ping interval, seconds: 25 unless ``BENCH_PING_INTERVAL``
    says otherwise (bench/at_scale.py --ping-interval)."""
    return float(os.environ.get("BENCH_PING_INTERVAL", "25"))


def _message_queue() -> str | None:
    return sys.argv[3] if len(sys.argv) > 3 else None


# Render benchmarks (bench/render.py): the same page code for every framework.
from sizes import TABLE_ROWS, TEXTS  # noqa: E402


def _output():  # type: ignore[no-untyped-def]
    if "pywebio" in sys.argv[1]:
        import pywebio.output as module
    else:
        import flask_webui.output as module  # type: ignore[no-redef]
    return module


def big_table() -> None:
    out = _output()
    out.put_table([[i, f"name {i}", i * 1.5] for i in range(TABLE_ROWS)], header=["#", "Name", "Value"])
    out.put_text("render done")
    _hold()


def many_texts() -> None:
    out = _output()
    for i in range(TEXTS):
        out.put_text(f"line {i}")
    out.put_text("render done")
    _hold()


def _hold() -> None:
    if "pywebio" in sys.argv[1]:
        from pywebio.session import hold
    else:
        from flask_webui.session import hold  # type: ignore[no-redef]
    hold()


if __name__ == "__main__":
    kinds = {"ours": ours, "raw": raw, "pywebio": pywebio, "pywebio-flask": pywebio_flask, "rooms": rooms,
             "raw-rooms": raw_rooms, "hand-made": hand_made}
    kinds[sys.argv[1]](int(sys.argv[2]))
