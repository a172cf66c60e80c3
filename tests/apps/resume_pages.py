"""Pages for reconnects and reloads: counted outputs and clicks, a big
upload, a page that opts out of resuming."""

from __future__ import annotations

import itertools

import flask
import gevent

from flask_webui import FlaskWebUI
from flask_webui.input import file_upload, input
from flask_webui.output import put_buttons, put_text
from flask_webui.pin import pin, put_input
from flask_webui.session import defer_call

#: Clicks each run of /count-in received, in the order the page saw them.
CLICKS: dict[str, list[int]] = {}
#: Runs whose session ended (their deferred calls ran).
ENDED: list[str] = []
#: Numbers each start of a page function, so a test sees whether a page restarted.
STARTS = itertools.count(1)


def register_resume_pages(webui: FlaskWebUI) -> None:
    assert webui.app is not None

    @webui.app.route("/clicks/<run>")
    def clicks(run: str) -> flask.Response:
        return flask.jsonify({"clicks": CLICKS.get(run, []), "ended": run in ENDED})

    @webui.page("/count-out")
    def count_out() -> None:
        """``n`` numbered lines, a few at a time, then a form."""
        for i in range(int(flask.request.args.get("n", "300"))):
            put_text(f"line {i}")
            if i % 5 == 4:
                gevent.sleep(0.02)
        put_text("all sent")
        put_text(f"then {input('Last word')}")

    @webui.page("/count-in")
    def count_in() -> None:
        """Buttons 0..n-1; each click is recorded once per run."""
        run = flask.request.args["run"]
        CLICKS[run] = []
        defer_call(lambda: ENDED.append(run))
        put_buttons([str(i) for i in range(int(flask.request.args.get("n", "20")))],
                    onclick=lambda label: CLICKS[run].append(int(label)))

    @webui.page("/big-upload")
    def big_upload() -> None:
        upload = file_upload("Big file", max_size="8M")
        put_text(f"got {upload['filename']} {len(upload['content'])} bytes sum={sum(upload['content'])}")

    @webui.page("/resume-form")
    def resume_form() -> None:
        """Outputs, a pin, then a form the test reloads in the middle of."""
        put_text(f"run {next(STARTS)}")
        put_input("note", label="Note", value="first")
        name = input("Your name")
        put_text(f"hello {name}, note={pin.note}")

    @webui.page("/no-resume", resume=False)
    def no_resume() -> None:
        put_text(f"run {next(STARTS)}")
        put_text(f"got {input('Word')}")
