"""Room messages as they travel through the message queue: built and checked
by pure functions; anything malformed is refused before a session sees it."""

import json

import pytest

from flask_webui.rooms.messages import (
    RoomMessageError,
    broadcast_message,
    check_json,
    check_outputs,
    check_room,
    encode,
    message_to_room,
    presence_message,
    read_message,
    to_room,
    to_user,
)


def test_well_formed_messages_read_back_as_they_were_built():
    built = [
        broadcast_message(to_room("lobby"), [{"type": "text", "content": "hi"}], "#pywebio-scope-chat", -1,
                          None),
        broadcast_message(to_user("ada"), [{"type": "markdown", "content": "**hi**"}], "#x", 0, "m1"),
        message_to_room("lobby", {"text": "hi"}, {"id": "m1", "info": {"nick": "ada"}}),
        presence_message("lobby", "leave", {"id": "m1", "info": None}),
    ]
    for message in built:
        assert read_message(encode(message)) == message
        assert read_message(encode(message).encode()) == message


@pytest.mark.parametrize("raw, reason", [
    (b"\xff\xfe", "not UTF-8"),
    ("not json", "not JSON"),
    ("[" * 100_000 + "]" * 100_000, "not JSON"),
    (json.dumps({"v": 2, "kind": "message"}), "not a room message of this version"),
    (json.dumps({"v": 1, "kind": "shout"}), "not a room message of this version"),
    (json.dumps({"v": 1, "kind": "message", "to": {"room": ""}}), "a room name must be"),
    (json.dumps({"v": 1, "kind": "message", "to": {"room": "a", "user": "b"}}), "one room or one user"),
    (json.dumps({"v": 1, "kind": "message", "to": {"room": "a"}, "exclude": 5}), "'exclude' must be"),
    (json.dumps({"v": 1, "kind": "message", "to": {"room": "a"}, "sender": {"id": 1}}), "string id"),
    (json.dumps({"v": 1, "kind": "broadcast", "to": {"room": "a"}, "outputs": "x"}), "a list of outputs"),
    (json.dumps({"v": 1, "kind": "broadcast", "to": {"room": "a"}, "scope": "#s", "position": -1,
                 "outputs": [{"type": "buttons", "callback_id": "c1"}]}), "callbacks cannot be broadcast"),
    (json.dumps({"v": 1, "kind": "broadcast", "to": {"room": "a"}, "scope": "#s", "position": -1,
                 "outputs": [{"type": "pin", "input": {}}]}), "cannot be broadcast"),
    (json.dumps({"v": 1, "kind": "presence", "room": "a", "event": "dance", "member": {"id": "m"}}),
     "'join' or 'leave'"),
    ("x" * (2 << 20), "within the size limit"),
])
def test_malformed_messages_are_refused_with_a_reason(raw, reason):
    with pytest.raises(RoomMessageError, match=reason):
        read_message(raw)


def test_what_page_code_passes_is_checked_at_the_call():
    with pytest.raises(ValueError, match="printable string"):
        check_room("line\nbreak")
    with pytest.raises(ValueError, match="JSON-serialisable"):
        check_json({"when": object()}, "a room message", 1000)
    with pytest.raises(ValueError, match="JSON-serialisable"):
        check_json(float("nan"), "a room message", 1000)
    with pytest.raises(ValueError, match="larger than 10 bytes"):
        check_json("x" * 20, "a room message", 10)
    assert check_json({"a": (1, 2)}, "data", 100) == {"a": [1, 2]}  # as JSON carries it
    nested = [{"type": "row", "contents": [{"type": "buttons", "click_callback_id": "c3"}]}]
    with pytest.raises(ValueError, match="callbacks cannot be broadcast"):
        check_outputs(nested)
