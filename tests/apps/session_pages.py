"""Pages for pins, the session API, coroutine pages and Flask inside pages."""

from __future__ import annotations

import asyncio
import time

import flask

from flask_webui import FlaskWebUI
from flask_webui.input import input
from flask_webui.output import put_buttons, put_markdown, put_text, use_scope
from flask_webui.pin import (
    get_pin_values,
    pin,
    pin_on_change,
    pin_update,
    pin_wait_change,
    put_actions,
    put_checkbox,
    put_file_upload,
    put_input,
    put_radio,
    put_select,
    put_slider,
    put_textarea,
)
from flask_webui.session import (
    defer_call,
    download,
    eval_js,
    go_app,
    info,
    local,
    run_async,
    run_js,
    set_env,
    spawn,
)

#: What deferred calls of closed sessions left behind, for the tests to read.
CLOSED_LOG: list[str] = []


def register_session_pages(webui: FlaskWebUI) -> None:
    assert webui.app is not None

    @webui.app.route("/closed-log")
    def closed_log() -> flask.Response:
        return flask.jsonify(CLOSED_LOG)

    @webui.page("/pins")
    def pins() -> None:
        put_input("word", label="Word", value="hi")
        put_input("count", type="number", label="Count", value=3)
        put_textarea("notes", label="Notes", rows=3)
        put_select("fruit", [("Apple", {"id": 1}), ("Pear", {"id": 2})], label="Fruit")
        put_checkbox("extras", ["nuts", "cream"], label="Extras")
        put_radio("size", [("Small", 1), ("Large", 2)], label="Size")
        put_slider("level", label="Level", value=5, max_value=10)
        put_actions("choice", label="Choice", buttons=[("Yes", True), ("No", False)])
        put_file_upload("doc", label="Document", max_size="1K")

        def show_all() -> None:
            values = get_pin_values(["word", "count", "notes", "fruit", "extras", "size", "level",
                                     "choice", "missing"])
            doc = pin.doc
            values["doc"] = doc and (doc["filename"], doc["content"])
            with use_scope("values", clear=True):
                for name, value in values.items():
                    put_text(f"{name}={value!r}")

        def set_some() -> None:
            pin.word = "set by server"
            pin["size"] = 2
            pin_update("fruit", options=[("Plum", "plum"), ("Fig", "fig")], value="fig")
            pin_update("level", label="Level (updated)")

        put_buttons(["Read", "Set"], onclick=[show_all, set_some])
        pin_on_change("level", lambda value: put_text(f"level changed to {value!r}", scope="changes"))
        pin_on_change("level", lambda value: put_text(f"second callback {value!r}", scope="changes"))
        with use_scope("changes"):
            pass
        while True:
            changed = pin_wait_change("word", "extras", timeout=60)
            if changed:
                put_text(f"changed {changed['name']}: {changed['value']!r}", scope="changes")

    @webui.page("/code-pin")
    def code_pin() -> None:
        put_textarea("source", label="Source", code={"mode": "python"}, value="x = 1")
        while True:
            changed = pin_wait_change("source")
            put_text(f"source now {changed['value']!r}")

    @webui.page("/slow-preview")
    def slow_preview() -> None:
        """PyWebIO's markdown previewer, with page code slower than typing."""
        put_textarea("md", label="Markdown", code={"mode": "markdown"})
        while True:
            changed = pin_wait_change("md")
            with use_scope("preview", clear=True):
                put_markdown(changed["value"])
            time.sleep(0.3)

    @webui.page("/pin-timeout")
    def pin_timeout() -> None:
        put_input("never", label="Never changed")
        result = pin_wait_change("never", timeout=0.3)
        put_text(f"waited: {result!r}")
        input("Done?")

    @webui.page("/js")
    def js() -> None:
        run_js("document.body.dataset.greeting = greeting", greeting="hello")
        put_text(f"sum {eval_js('a + b', a=2, b=3)!r}")
        put_text(f"promise {eval_js('new Promise(r => setTimeout(() => r(x * 2), 50))', x=21)!r}")
        put_text(f"object {eval_js('({n: 1, items: [1, 2]})')!r}")
        try:
            eval_js("nope.nothing")
        except Exception as error:  # noqa: BLE001 - the test reads the message
            put_text(f"error {type(error).__name__}")
        results: dict[int, object] = {}

        def ask(n: int) -> None:
            results[n] = eval_js("new Promise(r => setTimeout(() => r(n), delay))", n=n, delay=(3 - n) * 80)

        tasks = [spawn(ask, n) for n in range(3)]
        while not all(task.closed() for task in tasks):
            time.sleep(0.02)
        put_text(f"concurrent {results!r}")
        set_env(title="Env title", output_max_width="600px")
        put_buttons(["Download", "Go"], onclick=[lambda: download("data.bin", b"\x00\x01binary"),
                                                  lambda: go_app("echo", new_window=False)])
        put_text(f"lang {info.user_language} pc {info.user_agent.is_pc} protocol {info.protocol} "
                 f"ip {info.user_ip} backend {info.backend}")
        put_text("js done")
        input("Done?")

    @webui.page("/background")
    def background() -> None:
        def ticker() -> None:
            for i in range(3):
                put_text(f"tick {i}", scope="ticks")
                time.sleep(0.05)
            answer = input("Background question")
            put_text(f"background got {answer}", scope="ticks")

        async def countdown() -> None:
            for i in range(3, 0, -1):
                put_text(f"count {i}", scope="ticks")
                await asyncio.sleep(0.05)

        with use_scope("ticks"):
            pass
        local.started = "yes"
        defer_call(lambda: CLOSED_LOG.append(f"closed background, local={local.started}"))
        spawn(ticker)
        run_async(countdown())
        name = input("Main question")
        put_text(f"main got {name}")
        input("Done?")

    @webui.page("/async")
    async def coroutine_page() -> None:
        put_text("async start")
        await asyncio.sleep(0.05)
        name = await input("Async name")
        put_text(f"async hello {name}")

        async def later() -> None:
            await asyncio.sleep(0.05)
            put_text("async background")

        run_async(later())
        await asyncio.sleep(0.2)
        await input("Done?")

    @webui.page("/whoami")
    def whoami() -> None:
        put_text(f"ip {info.user_ip}")
        input("Done?")

    @webui.page("/flask")
    def flask_context() -> None:
        request = flask.request
        put_text(f"arg {request.args.get('q')}")
        put_text(f"cookie {request.cookies.get('flavour')}")
        put_text(f"session user {flask.session.get('user')}")
        flask.g.counter = 41
        put_text(f"g {flask.g.counter + 1}")
        put_text(f"app {flask.current_app.name}")
        put_text(f"url {flask.url_for('webui.echo')}")
        input("Done?")

    @webui.page("/fade")
    def fade_page() -> None:
        put_text("welcome")
        put_text(f"echo {input('Text')}")
        time.sleep(1.5)  # past the page's answer window (output/fade.js): nobody asked for the next just now
        put_text("later")
        input("Done?")

    @webui.page("/env")
    def env_page() -> None:
        put_text("animated")
        set_env(output_animation=False, input_panel_fixed=False, input_panel_min_height=240,
                input_auto_focus=False, auto_scroll_bottom=True)
        put_text("still")
        for i in range(60):
            put_text(f"line {i}")
        input("Inline panel")

