"""Rooms from page code: join and leave, broadcast output, send data, see
who is here — across every worker when the app has a message queue.

Functions find the current session (inside page code) or the current app
(in a Flask view or any app context), as ``flask_socketio.emit`` does.

>>> join("lobby", info={"nick": "ada"}, unique="nick")      # doctest: +SKIP
>>> on_message(lambda message: put_text(message.data["text"], scope="chat"))  # doctest: +SKIP
>>> send("lobby", {"text": "hi"})                            # doctest: +SKIP
>>> broadcast("lobby", put_text("ada joined"), scope="chat")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import current_app, has_app_context

from ..engine.context import current_session
from ..engine.session import Session
from ..exceptions import OutsideSessionError
from ..output.base import BOTTOM, embed_all, scope_selector
from .hub import Member, Message, PresenceEvent, RoomHub
from .messages import MAX_INFO_BYTES, check_json, check_outputs, check_room, to_room, to_user

if TYPE_CHECKING:
    from collections.abc import Sequence


@dataclass(frozen=True)
class User:
    """A target for :func:`broadcast` and :func:`send`: every open tab of one
    user (the Flask-Login user id, or the key a page gave :func:`identify`).

    >>> send(User("ada"), {"text": "your report is ready"})  # doctest: +SKIP
    """

    key: str


Target = str | User


def _hub() -> RoomHub:
    webui = current_app.extensions.get("webui") if has_app_context() else None
    if webui is None:
        raise OutsideSessionError("rooms work inside page code, or in an app context of an app with "
                                  "FlaskWebUI (a view, `with app.app_context():`); from another "
                                  "process use flask_webui.rooms.RoomEmitter")
    return webui.rooms  # type: ignore[no-any-return]


def _session() -> Session:
    return current_session()


def _target(to: Target) -> dict[str, str]:
    return to_user(to.key) if isinstance(to, User) else to_room(to)


def _max_bytes() -> int:
    return int(current_app.config["WEBUI_MAX_ROOM_MESSAGE"])


def join(room: str, info: Any = None, *, unique: str | None = None) -> Member:
    """Join ``room``; ``info`` (JSON, a few KB) is what :func:`members` shows
    of this page. With ``unique``, ``info[unique]`` must differ from every
    other member's (a nickname): :class:`NameTaken` otherwise. The session
    leaves its rooms when it ends.
    """
    check_room(room)
    info = check_json(info, "member info", MAX_INFO_BYTES)
    if unique is not None and not (isinstance(info, dict) and unique in info):
        raise ValueError(f"unique={unique!r} names a key that info must have")
    return _hub().join(_session(), room, info, unique)


def leave(room: str) -> None:
    """Leave ``room`` (others see the leave in their presence events)."""
    _hub().leave(_session(), check_room(room))


def members(room: str) -> list[Member]:
    """Who is in ``room`` now, across every worker, with their info."""
    return _hub().members(check_room(room))


def me() -> Member:
    """This page as a member (its id is the same in every room it joins)."""
    state = RoomHub.rooms_of(_session())
    return Member(state.member_id)


def identify(key: str) -> None:
    """Let ``send(User(key), ...)`` reach this page (instead of, or when
    there is none, the Flask-Login user id)."""
    to_user(key)
    RoomHub.rooms_of(_session()).user_key = key


def broadcast(to: Target, *content: Any, scope: str | None = None, position: int = BOTTOM,
              exclude_self: bool = False) -> None:
    """Put ``content`` (widgets made by ``put_*``, or strings) into ``scope``
    of every member's page. Each member applies it in its own session: it is
    numbered, acknowledged, replayed after a drop and rebuilt on reload like
    any output. Widgets with callbacks cannot be broadcast (send data, and let
    each page put its own). Outside page code only strings can be broadcast.

    :raises RoomsUnavailable: when the message queue does not answer.
    """
    target = _target(to)
    outputs = check_outputs(check_json(embed_all(list(content)), "a broadcast", _max_bytes()))
    exclude = me().id if exclude_self else None
    _hub().broadcast(target, outputs, scope_selector(scope or "ROOT"), int(position), exclude)


def send(to: Target, data: Any, *, exclude_self: bool = False) -> None:
    """Hand ``data`` (JSON) to the page code of every member of a room, or of
    every tab of a user: their :func:`on_message` handlers run, or their
    :func:`next_message` returns it. Messages of one publisher arrive in order.

    :raises RoomsUnavailable: when the message queue does not answer.
    """
    target = _target(to)
    data = check_json(data, "a room message", _max_bytes())
    hub = _hub()
    sender = None
    try:
        session = current_session()
    except OutsideSessionError:
        if exclude_self:
            raise ValueError("exclude_self works only from page code") from None
    else:
        state = RoomHub.rooms_of(session)
        room = target.get("room")
        record = state.records.get(room) if room is not None else None
        sender = Member(state.member_id, record["info"] if record else None)
    hub.send(target, data, sender, sender.id if exclude_self and sender else None)


def on_message(callback: Callable[[Message], Any], room: str | None = None) -> None:
    """Run ``callback(message)`` for each message sent to this page's rooms
    (or only ``room``) or to its user, one at a time in arrival order, as page
    code of this session (its Flask context, its scopes). Like a button
    callback, it keeps the page alive."""
    _register(Message, callback, room)


def on_presence(callback: Callable[[PresenceEvent], Any], room: str | None = None) -> None:
    """Run ``callback(event)`` when a member joins or leaves one of this
    page's rooms (or only ``room``), in order with the messages."""
    _register(PresenceEvent, callback, room)


def _register(kind: type, callback: Callable[[Any], Any], room: str | None) -> None:
    if not callable(callback):
        raise TypeError("the callback must be a function")
    RoomHub.rooms_of(_session()).add_handler(kind, None if room is None else check_room(room), callback)


def next_message(room: str | None = None, timeout: float | None = None) -> Message:
    """Block until a message for this page arrives (one no handler took),
    from ``room`` if given.

    :raises TimeoutError: after ``timeout`` seconds without one.
    """
    return RoomHub.rooms_of(_session()).next_message(None if room is None else check_room(room), timeout)


__all__: Sequence[str] = [
    "Member", "Message", "PresenceEvent", "User", "broadcast", "identify", "join", "leave", "me",
    "members", "next_message", "on_message", "on_presence", "send",
]
