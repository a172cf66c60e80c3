"""Example pages: run ``python example/app.py`` and open http://127.0.0.1:5000.

Production: ``gunicorn -k geventwebsocket.gunicorn.workers.GeventWebSocketWorker -w 1 'example.app:app'``

With ``WEBUI_MESSAGE_QUEUE=redis://127.0.0.1:6379/0`` in the environment, the
rooms of ``/chat`` cross every server started so (one chat on ports 5001 and 5002),
and so do the stores of ``/notes`` and ``/counter`` (kept in Redis). Without it they
are kept in Flask's instance folder, ``instance/webui-storage.sqlite3`` (or at
``WEBUI_STORAGE_URL``).
"""

from gevent import monkey

monkey.patch_all()

import os  # noqa: E402

import socketio as socketio_module  # noqa: E402
from flask import Flask, redirect, request, url_for  # noqa: E402
from flask.typing import ResponseReturnValue  # noqa: E402
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402
from markupsafe import escape  # noqa: E402

from flask_webui import FlaskWebUI, storage  # noqa: E402
from flask_webui.exceptions import StorageUnavailable  # noqa: E402
from flask_webui.input import FLOAT, input, input_group  # noqa: E402
from flask_webui.output import put_buttons, put_markdown, put_text, toast, use_scope  # noqa: E402
from flask_webui.session import info, set_env  # noqa: E402

try:
    from .chat import chat  # noqa: E402
    from .inputs_tour import inputs_tour  # noqa: E402
    from .notes import notes  # noqa: E402
    from .outputs_tour import outputs_tour  # noqa: E402
except ImportError:  # run as a script: python example/app.py
    from chat import chat  # type: ignore[no-redef]  # noqa: E402
    from inputs_tour import inputs_tour  # type: ignore[no-redef]  # noqa: E402
    from notes import notes  # type: ignore[no-redef]  # noqa: E402
    from outputs_tour import outputs_tour  # type: ignore[no-redef]  # noqa: E402

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "dev-only-secret-change-me")
for setting in ("WEBUI_RECONNECT_TIMEOUT", "WEBUI_WORKER_TTL"):  # seconds, e.g. for the deployment tests
    if os.environ.get(setting):
        app.config[setting] = float(os.environ[setting])
if os.environ.get("WEBUI_STORAGE_URL"):
    app.config["WEBUI_STORAGE_URL"] = os.environ["WEBUI_STORAGE_URL"]
# Unset: one process, no Redis. Set: rooms, broadcasts, presence and storage cross workers.
queue = os.environ.get("WEBUI_MESSAGE_QUEUE") or None
if queue and queue.startswith(("redis+sentinel://", "valkey+sentinel://")):
    # Flask-SocketIO hands a Sentinel URL to Kombu, which cannot use it: give it the manager.
    socketio = SocketIO(app, async_mode="gevent", client_manager=socketio_module.RedisManager(queue))
else:
    socketio = SocketIO(app, async_mode="gevent", message_queue=queue)
webui = FlaskWebUI(app, socketio)


def bmi_category(bmi: float) -> str:
    for limit, name in ((16, "Severely underweight"), (18.5, "Underweight"), (25, "Normal"),
                        (30, "Overweight"), (35, "Moderately obese")):
        if bmi < limit:
            return name
    return "Severely obese"


def positive(value: float) -> str | None:
    return None if value > 0 else "Must be greater than zero"


@webui.page("/bmi", title="BMI calculator")
def bmi() -> None:
    """Body mass index from height and weight."""
    data = input_group("Your body", [
        input("Height (cm)", name="height", type=FLOAT, validate=positive),
        input("Weight (kg)", name="weight", type=FLOAT, validate=positive),
    ])
    assert data is not None
    value = data["weight"] / (data["height"] / 100) ** 2
    put_markdown(f"Your BMI: `{value:.1f}`, category: **{bmi_category(value)}**")


@webui.page("/counter", title="Counter")
def counter() -> None:
    """Buttons whose callbacks count while the page waits in an input. The
    count is this browser's (``storage.browser``), kept across reloads and
    restarts; ``transaction()`` makes two tabs clicking at once add up."""
    set_env(title="Counter")

    def show(count: int) -> None:
        with use_scope("count", clear=True):
            put_text(f"Clicked: {count}")

    def on_click(step: int) -> None:
        try:
            with storage.browser.transaction() as data:
                data["clicks"] = data.get("clicks", 0) + step
        except StorageUnavailable:
            toast("Not counted: the storage is unavailable", color="error")
            return
        toast(f"+{step}")  # the count shows through on_change, in the order of the writes

    put_markdown("## Counter\nThe buttons work while the form below waits; the count is this browser's.")
    put_buttons([("Add one", 1), ("Add ten", 10)], onclick=on_click)
    try:
        if "clicks" in storage.browser:
            show(storage.browser["clicks"])
        storage.browser.on_change(lambda change: show(change.value) if change.key == "clicks" else None)
    except StorageUnavailable:
        toast("The count cannot be read now: the storage is unavailable", color="error")
    name = input("Your name")
    put_text(f"Hello, {name}!")


webui.add_page("/inputs", inputs_tour, title="Every input")
webui.add_page("/outputs", outputs_tour, title="Every widget")
webui.add_page("/notes", notes, title="Notes")
webui.add_page("/chat", chat, title="Chat")


# -- /me: a page behind a Flask-Login login -------------------------------------

login_manager = LoginManager(app)
login_manager.login_view = "login"


class User(UserMixin):
    """A demo user: anyone may sign in under any name (no password)."""

    def __init__(self, name: str) -> None:
        self.id = name


login_manager.user_loader(User)


@app.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if request.method == "POST" and request.form.get("name", "").strip():
        login_user(User(request.form["name"].strip()))
        return redirect(request.args.get("next") or url_for("webui.me"))
    return ('<h1>Sign in</h1><form method="post"><label>Name <input name="name" autofocus></label> '
            '<button>Sign in</button></form>')


@app.route("/logout")
def logout() -> ResponseReturnValue:
    logout_user()
    return redirect(url_for("index"))


@webui.page("/me", title="Me", login_required=True)
def me() -> None:
    """Greets the user logged in with Flask-Login."""
    put_markdown(f"## Hello, {escape(current_user.id)}!")
    put_text(f"You use {info.user_agent.browser.family} on {info.user_agent.os.family}, "
             f"from {info.user_ip}.")
    put_markdown(f"[Sign out]({url_for('logout')})")


# -- for operators: metrics on this machine only, the admin page for "admin" ------

webui.metrics_endpoint("/metrics", authorize=lambda: request.remote_addr == "127.0.0.1")
webui.admin_page("/admin/webui",
                 authorize=lambda: current_user.is_authenticated and current_user.id == "admin")


@app.route("/")
def index() -> str:
    links = "".join(f'<li><a href="{url_for(f"webui.{name}")}">{page.title}</a></li>'
                    for name, page in webui.pages.items())
    return f"<h1>flask_webui examples</h1><ul>{links}</ul>"


if __name__ == "__main__":
    socketio.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "5000")))
