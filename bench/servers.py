"""Servers the benchmarks compare, each run as its own process on 127.0.0.1:
``python bench/servers.py ours|raw|pywebio|pywebio-flask PORT``."""

import sys

from gevent import monkey

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
    socketio = SocketIO(app, async_mode="gevent")
    webui = FlaskWebUI(app, socketio)

    @webui.page("/echo")
    def echo() -> None:
        while True:
            put_text(input("Text"))

    webui.add_page("/table", big_table)
    webui.add_page("/texts", many_texts)
    socketio.run(app, host="127.0.0.1", port=port, log_output=False)


def raw(port: int) -> None:
    """The floor: a bare Flask-SocketIO echo handler under gevent."""
    from flask import Flask
    from flask_socketio import SocketIO, emit

    app = Flask(__name__)
    socketio = SocketIO(app, async_mode="gevent")

    @socketio.on("echo")
    def echo(data: object) -> None:
        emit("echo", data)

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
    kinds = {"ours": ours, "raw": raw, "pywebio": pywebio, "pywebio-flask": pywebio_flask}
    kinds[sys.argv[1]](int(sys.argv[2]))
