import pytest

from flask_webui.engine.outbox import Outbox
from flask_webui.exceptions import ProtocolError
from flask_webui.protocol import Event, command, parse_client_message, parse_event


def test_parse_event_accepts_each_protocol_event():
    assert parse_event({"event": "from_submit", "task_id": "t1", "data": {"a": 1}}) == \
        Event("from_submit", "t1", {"a": 1})
    assert parse_event({"event": "callback", "task_id": "c1", "data": "0"}).data == "0"
    blur = {"event_name": "blur", "name": "age", "value": 3}
    assert parse_event({"event": "input_event", "task_id": "t1", "data": blur}).data == blur


@pytest.mark.parametrize("raw, message", [
    ("not an object", "must be an object"),
    ({"event": "explode", "task_id": "t1"}, "unknown event 'explode'"),
    ({"event": "callback", "task_id": 7}, "task_id must be a string"),
    ({"event": "callback", "task_id": "x" * 65}, "longer than 64"),
    ({"event": "from_submit", "task_id": "t1", "data": [1]}, "object of field values"),
    ({"event": "from_cancel", "task_id": "t1", "data": 5}, "carries no data"),
    ({"event": "input_event", "task_id": "t1", "data": {"event_name": "hover"}}, "event_name"),
])
def test_parse_event_refuses_malformed_events_with_a_clear_message(raw, message):
    with pytest.raises(ProtocolError, match=message):
        parse_event(raw)


def test_client_message_carries_events_and_ack():
    cancel = {"event": "from_cancel", "task_id": "t", "data": None}
    message = parse_client_message({"ack": 4, "events": [cancel]})
    assert message.applied_batch == 4
    assert [e.name for e in message.events] == ["from_cancel"]
    # A bare envelope, as PyWebIO's WebSocket client sends, is one event.
    assert parse_client_message({"event": "from_cancel", "task_id": "t", "data": None}).applied_batch is None


@pytest.mark.parametrize("raw", [[], {"events": {}}, {"events": [], "ack": -1}, {"events": [], "ack": True},
                                 {"events": [{}] * 101}])
def test_client_message_refuses_bad_shapes(raw):
    with pytest.raises(ProtocolError):
        parse_client_message(raw)


def test_outbox_keeps_unacknowledged_batches_for_replay():
    box = Outbox()
    for i in range(3):
        box.seal([command("toast", {"content": str(i)})])
    assert [b["seq"] for b in box.unacknowledged()] == [1, 2, 3]
    box.acknowledge(2)
    assert [b["seq"] for b in box.unacknowledged()] == [3]
    assert box.unacked_commands == 1
    # An ack for batches never sent cannot make the outbox forget anything unsent.
    box.acknowledge(99)
    assert box.acked_batch == 3 and box.unacknowledged() == []
