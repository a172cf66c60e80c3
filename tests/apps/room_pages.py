"""Multi-user pages for the rooms tests: a chat in room "lobby", a page that
waits for messages to its user, and routes that publish from outside a page."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user

from flask_webui import FlaskWebUI
from flask_webui.input import input
from flask_webui.output import put_buttons, put_scope, put_text
from flask_webui.rooms import (
    Message,
    NameTaken,
    PresenceEvent,
    RoomsUnavailable,
    User,
    broadcast,
    identify,
    join,
    leave,
    members,
    next_message,
    on_message,
    on_presence,
    send,
)


def _nick(member: object) -> str:
    info = getattr(member, "info", None)
    return str(info.get("nick")) if isinstance(info, dict) else "?"


def register_room_pages(app: Flask, webui: FlaskWebUI) -> None:
    @webui.page("/room")
    def room() -> None:
        nick = request.args.get("nick", "anon")
        try:
            join("lobby", {"nick": nick}, unique="nick")
        except NameTaken as error:
            put_text(f"taken: {error}")
            return
        put_scope("chat")

        def shown(message: Message) -> None:
            put_text(f"{_nick(message.sender)}: {message.data['text']}", scope="chat")

        def presence(event: PresenceEvent) -> None:
            put_text(f"* {_nick(event.member)} {event.event}s", scope="chat")

        on_message(shown)
        on_presence(presence)
        while True:
            text = input("Say")
            if text == "/who":
                put_text("here: " + ", ".join(sorted(_nick(m) for m in members("lobby"))), scope="chat")
            elif text == "/leave":
                leave("lobby")
            elif text.startswith("/all "):
                broadcast("lobby", put_text(f"[all] {text[5:]}"), scope="chat")
            elif text.startswith("/others "):
                broadcast("lobby", put_text(f"[others] {text[8:]}"), scope="chat", exclude_self=True)
            else:
                try:
                    send("lobby", {"text": text})
                except RoomsUnavailable as error:
                    put_text(f"not sent: {error}", scope="chat")

    @webui.page("/room-errors")
    def room_errors() -> None:
        for attempt in (lambda: join("x" * 200), lambda: join("lobby", {"bad": object()}),
                        lambda: send("lobby", {"big": "x" * 100_000}),
                        lambda: broadcast("lobby", put_buttons(["Hi"], onclick=print))):
            try:
                attempt()
            except ValueError as error:
                put_text(f"refused: {error}")
        input("Done?")

    @webui.page("/inbox")
    def inbox() -> None:
        key = request.args.get("key")
        if key:
            identify(key)
        user = key or getattr(current_user, "id", None)
        put_text(f"inbox of {user}")
        while True:
            message = next_message(timeout=30)
            put_text(f"got: {message.data['text']}")

    @webui.page("/quiet-member")
    def quiet_member() -> None:
        # In a room whose comings and goings it never asks about.
        join("quiet")
        input("Read your messages?")
        put_text(f"got: {next_message(timeout=5).data['text']}")

    @webui.page("/quiet-visitor")
    def quiet_visitor() -> None:
        join("quiet")  # and leaves as the page ends

    @app.route("/quiet-say/<text>")
    def quiet_say(text: str) -> str:
        send("quiet", {"text": text})
        return "ok"

    @app.route("/announce/<text>")
    def announce(text: str) -> str:
        broadcast("lobby", text, scope="chat")  # from a plain view, outside any page
        return "ok"

    @app.route("/notify/<user>/<text>")
    def notify(user: str, text: str) -> str:
        send(User(user), {"text": text})
        return "ok"
