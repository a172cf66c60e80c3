"""Pages the test suite drives, over the network and in the headless client."""

from __future__ import annotations

import contextlib
import time

import flask
import gevent.event
from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from flask_webui import FlaskWebUI, SessionClosed
from flask_webui.input import (
    FLOAT,
    NUMBER,
    PASSWORD,
    URL,
    actions,
    checkbox,
    file_upload,
    input,
    input_group,
    input_update,
    radio,
    select,
    slider,
    textarea,
)
from flask_webui.output import clear, put_buttons, put_html, put_markdown, put_text, toast, use_scope
from flask_webui.session import defer_call, local, set_env
from tests.apps.auth_pages import register_auth_pages  # noqa: E402
from tests.apps.output_pages import register_output_pages  # noqa: E402
from tests.apps.probes import (  # noqa: E402
    register_census_probe,
    register_collector_probe,
    register_poll_probe,
    register_probes,
    register_session_probe,
)
from tests.apps.pywebio_client import register_pywebio_client  # noqa: E402
from tests.apps.resume_pages import register_resume_pages  # noqa: E402
from tests.apps.room_pages import register_room_pages  # noqa: E402
from tests.apps.session_pages import register_session_pages  # noqa: E402

events: list[str] = []  # what deferred calls and page code record, for assertions
unwind_gate = gevent.event.Event()  # /slow-to-unwind's finally block waits for it


def create_app(**config: object) -> tuple[Flask, FlaskWebUI]:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test-secret", WEBUI_RECONNECT_TIMEOUT=2,
                      WEBUI_MESSAGES={"fr": {"submit": "Envoyer", "reset": "Effacer"}},
                      WEBUI_STORAGE_URL="memory://")
    app.config.update(config)
    # Behind one proxy; wrapped before the extension, so not in front of Socket.IO.
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)  # type: ignore[method-assign]
    webui = FlaskWebUI(app)
    # Whose storage.user a page uses: who signed in at /login/<name>.
    webui.user_identity(lambda: flask.session.get("user"))
    register_pages(webui)
    register_output_pages(webui)
    register_session_pages(webui)
    register_auth_pages(app, webui)
    register_pywebio_client(app)
    register_resume_pages(webui)
    register_room_pages(app, webui)
    assert webui.socketio is not None
    register_probes(app, webui.socketio)
    register_session_probe(app, webui)
    register_poll_probe(app, webui)
    register_census_probe(app)
    register_collector_probe(app, webui)

    webui.admin_page("/admin/webui", authorize=lambda: flask.session.get("user") == "admin")

    @app.route("/login/<name>")
    def login(name: str) -> str:
        flask.session["user"] = name
        return "ok"

    return app, webui


def register_pages(webui: FlaskWebUI) -> None:
    @webui.page("/tab-visits", resume=False)
    def tab_visits() -> None:
        from flask_webui import storage

        visits = storage.tab.get("visits", 0) + 1  # waits for the tab to connect and say which it is
        storage.tab["visits"] = visits
        put_text(f"visit {visits} of this tab")
        input("Anything?")

    @webui.page("/echo", title="Echo")
    def echo() -> None:
        while True:
            text = input("Say something")
            put_text(f"echo: {text}")

    @webui.page("/html-after-input")
    def html_after_input() -> None:
        input("Show it?")
        put_html("<b id='late-html'>bold</b><img src=x onerror='window.__xss = 3'>")
        put_text("after the html")

    @webui.page("/types")
    def types() -> None:
        number = input("Whole number", type=NUMBER)
        real = input("Real number", type=FLOAT)
        secret = input("Secret", type=PASSWORD)
        put_text(f"{type(number).__name__}:{number} {type(real).__name__}:{real} "
                 f"{type(secret).__name__}:{secret}")

    @webui.page("/validate")
    def validate() -> None:
        age = input("Age", type=NUMBER, validate=lambda v: "Too young" if v < 18 else None)
        put_text(f"age {age}")

    @webui.page("/group")
    def group() -> None:
        def check(data: dict) -> tuple[str, str] | None:
            return ("b", "a must be below b") if data["a"] >= data["b"] else None

        data = input_group("Range", [input("From", name="a", type=NUMBER),
                                     input("To", name="b", type=NUMBER)],
                           validate=check, cancelable=True)
        put_text("cancelled" if data is None else f"range {data['a']}..{data['b']}")

    @webui.page("/callbacks")
    def callbacks() -> None:
        local.clicks = 0

        def on_click(value: object) -> None:
            local.clicks += 1
            put_text(f"clicked {value!r} ({type(value).__name__}) #{local.clicks}")

        put_buttons([("One", 1), ("Two", 2.5), {"label": "Three", "value": (3, "x")}], onclick=on_click)
        name = input("Name")
        put_text(f"name {name}")

    @webui.page("/silent-clicks")
    def silent_clicks() -> None:
        # A click whose callback shows nothing: no batch answers it.
        put_buttons(["Count"], onclick=lambda value: events.append(f"clicked {value}"))
        input("Waiting")

    @webui.page("/scopes")
    def scopes() -> None:
        set_env(title="Scopes")
        put_text("top")
        with use_scope("box"):
            put_text("first")
        with use_scope("box", clear=True):
            put_text("second")
        put_markdown("**bold** <script>window.__xss = 1</script>")
        put_html('<img src="x" onerror="window.__xss = 2"><b>html</b>')
        toast("hello toast")
        input("Done?")
        clear("box")
        put_text("box cleared")
        input("Again?")

    @webui.page("/context")
    def context() -> None:
        g.visits = 1

        def on_click(_: object) -> None:
            g.visits += 1
            put_text(f"g.visits {g.visits} user {flask.session.get('user')}")

        put_text(f"q={request.args.get('q')} agent={request.headers.get('User-Agent')} "
                 f"user={flask.session.get('user')} path={request.path}")
        put_buttons(["Again"], onclick=on_click)

    @webui.page("/broken")
    def broken() -> None:
        put_text("before the error")
        raise ZeroDivisionError("page bug")

    @webui.page("/deferred")
    def deferred() -> None:
        defer_call(lambda: events.append("deferred ran"))
        try:
            input("Waiting")
        finally:
            events.append("page unwound")

    @webui.page("/slow-to-unwind")
    def slow_to_unwind() -> None:
        defer_call(lambda: events.append("deferred ran"))
        try:
            input("Waiting")
        finally:
            while not unwind_gate.is_set():  # deaf to the session's end, as slow cleanup is
                with contextlib.suppress(SessionClosed):
                    unwind_gate.wait()
            events.append("page unwound")

    @webui.page("/until-stopped")
    def until_stopped() -> None:
        # The server's log shows that a stopping server ran it (tests/test_graceful_stop.py).
        defer_call(lambda: print("deferred call ran", flush=True))
        input("Waiting for the server to stop")

    @webui.page("/starts-again", restart_on_server_restart=True)
    def starts_again() -> None:
        put_text(f"started at {time.monotonic()}")
        input("Waiting for the server to stop")

    @webui.page("/choices")
    def choices() -> None:
        answers = [
            select("Size", [("Small", 1), ("Large", 2.5), ("Off", 0, False, True)]),
            select("Toppings", ["ham", ("Cheese", "cheese", True), "olive"], multiple=True),
            checkbox("Extras", [("Napkins", {"n": 1}), ("Fork", None)]),
            radio("Pay", [("Card", "card"), ("Cash", "cash")], inline=True),
            textarea("Notes", rows=2, maxlength=10),
            slider("Tip", value=5, min_value=0, max_value=20),
            slider("Rating", value=2.5, min_value=0.0, max_value=5.0, step=1),
            actions("Confirm?", [("Order", "yes"), {"label": "Clear", "type": "reset"},
                                 ("Skip", "no", "submit", True), {"label": "Back", "type": "cancel"}]),
        ]
        for answer in answers:
            put_text(f"{answer!r} {type(answer).__name__}")

    @webui.page("/order")
    def order() -> None:
        data = input_group("Order", [
            input("Name", name="name"),
            radio("Pay", [("Card", "card"), ("Cash", "cash")], name="pay", required=True),
            actions("", [("Save", "save"), ("Save and next", "next"),
                         {"label": "Cancel", "type": "cancel"}], name="action"),
        ])
        put_text("cancelled" if data is None else f"{data['name']} {data['pay']} {data['action']}")

    @webui.page("/cities")
    def cities() -> None:
        cities = {"fr": [("Paris", "paris"), ("Lyon", "lyon")],
                  "jp": [("Tokyo", "tokyo"), ("Osaka", "osaka")]}

        def on_country(country: str) -> None:
            input_update("city", options=cities[country], help_text=f"Cities in {country}")

        def on_name(name: str) -> None:
            input_update(help_text=f"{len(name)} letters")

        data = input_group("Where", [
            input("Name", name="name", onchange=on_name),
            select("Country", [("France", "fr"), ("Japan", "jp")], name="country", onchange=on_country),
            select("City", cities["fr"], name="city"),
        ])
        put_text(f"{data['name']} {data['country']} {data['city']}")

    @webui.page("/files")
    def files() -> None:
        data = input_group("Files", [
            input("Title", name="title", validate=lambda t: "Too short" if len(t) < 2 else None),
            file_upload("One file", name="one", max_size="300K"),
            file_upload("Several", name="many", multiple=True, max_total_size="1M", required=True),
        ])
        one = data["one"]
        put_text(f"title={data['title']}")
        put_text("one=" + ("none" if one is None else
                           f"{one['filename']} {len(one['content'])} {type(one['content']).__name__} "
                           f"{one['mime_type']} sum={sum(one['content'])}"))
        for f in data["many"]:
            put_text(f"many={f['filename']} {len(f['content'])} sum={sum(f['content'])}")

    @webui.page("/big-file")
    def big_file() -> None:
        # ?as=file: the content as a file object; a file named "crash" makes
        # validate raise, "crash-after" the page raise once it has the file.
        def check(file: dict) -> str | None:
            if file["filename"] == "crash":
                raise RuntimeError("the page's validate crashed")
            return "Too small" if file["filename"] == "small" else None

        big = file_upload("Big", as_file=request.args.get("as") == "file", validate=check)
        content = big["content"]
        head = content[:4] if isinstance(content, bytes) else content.read(4)
        put_text(f"{type(content).__name__} starts {head!r}")
        if big["filename"] == "crash-after":
            raise RuntimeError("the page crashed holding the file")
        input("More?")

    @webui.page("/all-types")
    def all_types() -> None:
        from flask_webui.input import COLOR, DATE, DATETIME_LOCAL, TIME
        data = input_group("Types", [
            input(kind, name=kind.replace("-", "_"), type=kind)
            for kind in ("text", NUMBER, FLOAT, PASSWORD, URL, DATE, TIME, COLOR, DATETIME_LOCAL)
        ])
        for key, value in data.items():
            put_text(f"{key}={value!r}")

    @webui.page("/extras")
    def extras() -> None:
        def now(set_value) -> None:
            set_value(1700000000)

        def pick_user(set_value) -> None:
            set_value({"id": 7}, "User seven")

        data = input_group("Extras", [
            input("Stamp", name="stamp", type=NUMBER, action=("Now", now)),
            input("User", name="user", action=("Pick", pick_user)),
            input("Fruit", name="fruit", datalist=["apple", "banana"]),
            input("Site", name="site", type=URL),
            textarea("Code", name="code", code={"mode": "python"}, value="x = 1"),
        ])
        for key, value in data.items():
            put_text(f"{key}={value!r}")

    @webui.page("/two-forms")
    def two_forms() -> None:
        def ask_in_background(_: object) -> None:
            answer = input("Background question")
            put_text(f"background: {answer}")

        put_buttons(["Ask"], onclick=ask_in_background)
        put_text(f"main: {input('Main question')}")

    @webui.page("/no-focus")
    def no_focus() -> None:
        set_env(input_auto_focus=False)
        put_text(f"got {input('Unfocused')}")

    @webui.page("/flood")
    def flood() -> None:
        for i in range(int(request.args.get("n", "100"))):
            put_text(f"line {i}")
        put_text("flood done")
        input("More?")
