"""A small app as a user writes it, type-checked with ``mypy --strict``
against the installed wheel (tests/test_release.py)."""

from __future__ import annotations

from flask import Flask
from flask_socketio import SocketIO

from flask_webui import FlaskWebUI, SessionClosed, config, storage
from flask_webui.exceptions import StorageUnavailable
from flask_webui.input import FLOAT, NUMBER, actions, checkbox, file_upload, input, input_group, select
from flask_webui.output import (
    put_buttons,
    put_markdown,
    put_row,
    put_scope,
    put_table,
    put_text,
    toast,
    use_scope,
)
from flask_webui.pin import pin, pin_update, pin_wait_change, put_input
from flask_webui.rooms import Message, broadcast, join, members, on_message, send
from flask_webui.session import download, info, run_js, set_env
from flask_webui.testing import TestPage, WebUITestClient

app = Flask(__name__)
socketio = SocketIO(app, async_mode="gevent")
webui = FlaskWebUI(app, socketio)


@webui.page("/bmi", title="BMI")
def bmi() -> None:
    values = input_group("Your body", [
        input("Height (cm)", name="height", type=FLOAT),
        input("Weight (kg)", name="weight", type=NUMBER),
    ])
    if values is None:  # a form can be cancelled
        return
    height: float = values["height"]
    weight: int = values["weight"]
    put_text(f"BMI: {weight / (height / 100) ** 2:.1f}")
    put_table([["height", height], ["weight", weight]], header=["what", "value"])


@config(title="Notes")
def notes() -> None:
    set_env(title="Notes")
    put_input("note", label="A note", value=str(storage.user.get("note", "")))
    while True:
        change = pin_wait_change("note")
        try:
            storage.user["note"] = change["value"]
        except StorageUnavailable:
            toast("Not saved", color="error")
        pin_update("note", help_text=f"{len(str(pin.note))} characters")


def chat() -> None:
    join("lobby")
    put_scope("messages")

    def show(message: Message) -> None:
        with use_scope("messages"):
            put_markdown(f"> {message.data}")

    on_message(show, "lobby")
    put_text(f"{len(members('lobby'))} here, from {info.user_ip}")
    put_row([put_buttons(["Hello"], onclick=lambda _label: send("lobby", "hello"))])
    choices = checkbox("Options", options=["loud", "quiet"])
    picked = select("Colour", options=["red", "blue"])
    broadcast("lobby", {"options": choices, "colour": picked})
    uploaded = file_upload("A file")
    if uploaded is not None:
        download(uploaded["filename"], uploaded["content"])
    if actions("Done?", buttons=["Yes", "No"]) == "Yes":
        run_js("window.scrollTo(0, 0)")


webui.add_page("/notes", notes)
webui.add_page("/chat", chat)


def test_bmi() -> None:
    client: WebUITestClient
    with webui.test_client() as client:
        page: TestPage = client.open("/bmi")
        page.submit({"height": 180.0, "weight": 81})
        assert "BMI: 25.0" in page.text
    try:
        raise SessionClosed()
    except SessionClosed:
        pass


if __name__ == "__main__":
    socketio.run(app)
