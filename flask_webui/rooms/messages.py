"""What travels between sessions, and between workers through the message
queue: pure functions that build, check and read room messages (no I/O).

A message is JSON: ``{"v": 1, "kind": ..., ...}`` with ``kind`` one of

- ``broadcast``: ``{"to", "outputs": [spec, ...], "scope", "position", "exclude"}``,
  output every member puts on its page;
- ``message``: ``{"to", "data", "sender", "exclude"}``, data every member's page
  code handles (``on_message`` / ``next_message``);
- ``presence``: ``{"room", "event": "join" | "leave", "member"}``.

``to`` is ``{"room": name}`` or ``{"user": key}``; ``exclude`` a member id or
``None``; ``sender`` and ``member`` are member records ``{"id", "info"}``.
Everything that comes from the message queue passes :func:`read_message`
before a session sees it.

>>> read_message(encode(message_to_room("lobby", {"text": "hi"}, None)))["data"]
{'text': 'hi'}
"""

from __future__ import annotations

import json
from typing import Any

from ..exceptions import WebUIError

VERSION = 1
KINDS = frozenset({"broadcast", "message", "presence"})
PRESENCE_EVENTS = frozenset({"join", "leave"})
MAX_ROOM_NAME = 128
MAX_MEMBER_ID = 64
MAX_INFO_BYTES = 4096
#: Output types a broadcast may carry: widgets whose state lives in one
#: session (pins, datatables) cannot be put on other pages.
REFUSED_OUTPUT_TYPES = frozenset({"pin", "datatable"})


class RoomMessageError(WebUIError, ValueError):
    """A room message (from page code or from the message queue) is malformed."""


def check_room(room: Any) -> str:
    """:raises ValueError: unless ``room`` is a short printable string."""
    if not isinstance(room, str) or not room or len(room) > MAX_ROOM_NAME or not room.isprintable():
        raise RoomMessageError(f"a room name must be a printable string of 1 to {MAX_ROOM_NAME} characters")
    return room


def check_json(value: Any, what: str, max_bytes: int) -> Any:
    """``value`` as JSON will carry it (a copy).

    :raises ValueError: when it is not JSON-serialisable or too large.
    """
    try:
        text = json.dumps(value, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise RoomMessageError(f"{what} must be JSON-serialisable: {error}") from None
    if len(text.encode()) > max_bytes:
        raise RoomMessageError(f"{what} is larger than {max_bytes} bytes as JSON")
    return json.loads(text)


def check_outputs(specs: list[Any]) -> list[dict[str, Any]]:
    """Output specs a broadcast may carry: no callbacks (they belong to the
    session that registered them), no pins or datatables."""
    for spec in specs:
        if not isinstance(spec, dict) or not isinstance(spec.get("type"), str):
            raise RoomMessageError("a broadcast carries output specs (objects with a 'type')")
        if spec["type"] in REFUSED_OUTPUT_TYPES:
            raise RoomMessageError(f"a {spec['type']!r} widget cannot be broadcast: its state lives in "
                                   "one session; send data and let each page put its own")
        if _has_callback(spec):
            raise RoomMessageError("widgets with callbacks cannot be broadcast: the callback belongs to "
                                   "one session; send data and let each page put its own buttons")
    return specs


def _has_callback(value: Any) -> bool:
    if isinstance(value, dict):
        return any(str(key).endswith("callback_id") and item is not None or _has_callback(item)
                   for key, item in value.items())
    if isinstance(value, list):
        return any(_has_callback(item) for item in value)
    return False


def to_room(room: str) -> dict[str, str]:
    return {"room": check_room(room)}


def to_user(user: str) -> dict[str, str]:
    if not isinstance(user, str) or not user or len(user) > MAX_ROOM_NAME:
        raise RoomMessageError(f"a user key must be a string of 1 to {MAX_ROOM_NAME} characters")
    return {"user": user}


def broadcast_message(to: dict[str, str], outputs: list[dict[str, Any]], scope: str, position: int,
                      exclude: str | None) -> dict[str, Any]:
    return {"v": VERSION, "kind": "broadcast", "to": to, "outputs": check_outputs(outputs), "scope": scope,
            "position": position, "exclude": exclude}


def data_message(to: dict[str, str], data: Any, sender: dict[str, Any] | None,
                 exclude: str | None = None) -> dict[str, Any]:
    return {"v": VERSION, "kind": "message", "to": to, "data": data, "sender": sender, "exclude": exclude}


def message_to_room(room: str, data: Any, sender: dict[str, Any] | None,
                    exclude: str | None = None) -> dict[str, Any]:
    return data_message(to_room(room), data, sender, exclude)


def presence_message(room: str, event: str, member: dict[str, Any]) -> dict[str, Any]:
    return {"v": VERSION, "kind": "presence", "room": room, "event": event, "member": member}


def encode(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"))


def read_message(raw: Any, max_bytes: int = 1 << 20) -> dict[str, Any]:
    """Check a message from the message queue.

    :raises RoomMessageError: for anything but a well-formed message of ours.
    """
    if isinstance(raw, (bytes, bytearray)):
        if len(raw) > max_bytes:
            raise RoomMessageError(f"a room message is larger than {max_bytes} bytes")
        try:
            raw = raw.decode()
        except UnicodeDecodeError:
            raise RoomMessageError("a room message is not UTF-8") from None
    if not isinstance(raw, str) or len(raw) > max_bytes:
        raise RoomMessageError("a room message must be a JSON text within the size limit")
    try:
        message = json.loads(raw)
    except (ValueError, RecursionError):
        raise RoomMessageError("a room message is not JSON") from None
    if not isinstance(message, dict) or message.get("v") != VERSION or message.get("kind") not in KINDS:
        raise RoomMessageError("not a room message of this version")
    if message["kind"] == "presence":
        check_room(message.get("room"))
        if message.get("event") not in PRESENCE_EVENTS:
            raise RoomMessageError("a presence event is 'join' or 'leave'")
        read_member(message.get("member"))
        return message
    _read_target(message.get("to"))
    exclude = message.get("exclude")
    if exclude is not None and (not isinstance(exclude, str) or len(exclude) > MAX_MEMBER_ID):
        raise RoomMessageError("'exclude' must be a member id")
    if message["kind"] == "broadcast":
        outputs = message.get("outputs")
        if not isinstance(outputs, list):
            raise RoomMessageError("a broadcast carries a list of outputs")
        check_outputs(outputs)
        if not isinstance(message.get("scope"), str) or not isinstance(message.get("position"), int):
            raise RoomMessageError("a broadcast names a scope and a position")
    elif message.get("sender") is not None:
        read_member(message["sender"])
    return message


def _read_target(to: Any) -> None:
    if not isinstance(to, dict) or len(to) != 1:
        raise RoomMessageError("'to' must name one room or one user")
    if "room" in to:
        check_room(to["room"])
    elif "user" in to:
        to_user(to["user"])
    else:
        raise RoomMessageError("'to' must name one room or one user")


def read_member(record: Any) -> dict[str, Any]:
    """Check a member record ``{"id", "info"}``."""
    if (not isinstance(record, dict) or not isinstance(record.get("id"), str)
            or len(record["id"]) > MAX_MEMBER_ID):
        raise RoomMessageError("a member record has a string id")
    return record
