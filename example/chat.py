"""/chat: a chat room for everyone who opens the page — across every server
of the app when it has a message queue (``WEBUI_MESSAGE_QUEUE``)."""

from __future__ import annotations

from markupsafe import escape

from flask_webui.input import input
from flask_webui.output import put_markdown, put_scope, put_text, toast, use_scope
from flask_webui.rooms import (
    Message,
    NameTaken,
    PresenceEvent,
    RoomsUnavailable,
    join,
    members,
    on_message,
    on_presence,
    send,
)

ROOM = "chat"


def _nickname_problem(nick: str) -> str | None:
    if not nick.strip():
        return "Pick a nickname"
    return "At most 20 characters" if len(nick) > 20 else None


def _show_people() -> None:
    nicks = sorted(str(member.info["nick"]) for member in members(ROOM))
    with use_scope("people", clear=True):
        put_markdown(f"**Here ({len(nicks)}):** " + ", ".join(escape(n) for n in nicks))


def chat() -> None:
    """A chat room: pick a unique nickname, see who is here, talk."""
    put_markdown("## Chat")
    while True:
        nick = input("Your nickname", validate=_nickname_problem).strip()
        try:
            join(ROOM, {"nick": nick}, unique="nick")
            break
        except NameTaken:
            toast(f"{nick!r} is taken; pick another", color="error")
        except RoomsUnavailable:
            toast("The chat service is unavailable; try again in a moment", color="error")
    put_scope("people")
    put_scope("messages")

    def show(message: Message) -> None:
        sender = message.sender.info["nick"] if message.sender and message.sender.info else "server"
        put_markdown(f"**{escape(sender)}**: {escape(message.data['text'])}", scope="messages")

    def presence(event: PresenceEvent) -> None:
        verb = "joined" if event.event == "join" else "left"
        put_text(f"{event.member.info['nick']} {verb}", scope="messages").style("color: gray")
        _show_people()

    on_message(show)
    on_presence(presence)
    unsent = ""  # what could not be sent starts the next message: nothing typed is lost
    while True:
        text = input(f"Message as {nick}", placeholder="Say something", validate=_message_problem,
                     value=unsent)
        try:
            send(ROOM, {"text": text})
            unsent = ""
        except RoomsUnavailable:
            unsent = text
            toast("Not sent: the chat service is unavailable; try again in a moment", color="error")


def _message_problem(text: str) -> str | None:
    if not text.strip():
        return "Say something"
    return "At most 500 characters" if len(text) > 500 else None
