"""Pages and plain views over flask_webui.storage, for servers of several
workers: ``gunicorn ... 'tests.apps.storage_pages:app'`` with
``WEBUI_STORAGE_URL`` in the environment. Each answer names the worker (its pid)."""

from gevent import monkey

monkey.patch_all()

import os  # noqa: E402
from typing import Any  # noqa: E402

from flask import Flask, request  # noqa: E402

from flask_webui import FlaskWebUI, storage  # noqa: E402
from flask_webui.output import put_text  # noqa: E402

app = Flask(__name__)
app.config.update(SECRET_KEY="storage-pages", WEBUI_STORAGE_URL=os.environ["WEBUI_STORAGE_URL"],
                  # The session opens on the worker its connection reaches (not the page request's).
                  WEBUI_FIRST_BATCH_WAIT=0, WEBUI_TRANSPORT="websocket")
webui = FlaskWebUI(app)


@app.route("/incr")
def incr() -> Any:
    with storage.general.transaction() as data:
        data["count"] = data.get("count", 0) + 1
    return {"worker": os.getpid(), "count": data["count"]}


@app.route("/read")
def read() -> Any:
    return {"worker": os.getpid(), "value": storage.general.get(request.args["key"])}


@app.route("/write")
def write() -> Any:
    storage.general[request.args["key"]] = request.args["value"]
    return {"worker": os.getpid()}


@webui.page("/watch")
def watch() -> None:
    put_text(f"worker {os.getpid()}")
    storage.general.get("note")  # the worker holds a copy of the store: the change must reach it
    while True:
        change = storage.general.wait_change("note")
        if change is not None:
            put_text(f"heard {change.value}")
