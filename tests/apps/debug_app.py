"""A page served by ``socketio.run(app, debug=True)``: the reloader restarts
the server when this file changes (tests/test_debug_reload.py copies it and
changes ``VERSION``). ``python debug_app.py PORT``."""

from gevent import monkey

monkey.patch_all()

import sys  # noqa: E402

from flask import Flask  # noqa: E402

from flask_webui import FlaskWebUI  # noqa: E402
from flask_webui.input import input  # noqa: E402
from flask_webui.output import put_text  # noqa: E402

VERSION = "version 1"

app = Flask(__name__)
app.config["SECRET_KEY"] = "debug-test-secret"
webui = FlaskWebUI(app)


@webui.page("/")
def home() -> None:
    put_text(f"this is {VERSION}")
    input("Your name")


if __name__ == "__main__":
    webui.socketio.run(app, host="127.0.0.1", port=int(sys.argv[1]), debug=True)
