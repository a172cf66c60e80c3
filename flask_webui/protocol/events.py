"""Events, browser to server, validated: PyWebIO 1.8's envelope
``{"event": str, "task_id": str, "data": ...}`` inside our messages
``{"ack": n, "seq": m, "events": [...]}`` (``m`` numbers the first event;
events count from 0, so a re-sent message is applied once), upload chunks and
PyWebIO's binary form submits (:mod:`.binary`). Pure: no I/O. Everything that arrives from the
network passes through here before any session sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..exceptions import ProtocolError

#: Event names a browser may send, as in PyWebIO 1.8.
EVENT_NAMES = frozenset({"input_event", "callback", "from_submit", "from_cancel", "js_yield"})

#: Names of the ``input_event`` sub-events the browser sends.
INPUT_EVENT_NAMES = frozenset({"blur", "change"})

MAX_TASK_ID_LENGTH = 64
MAX_EVENTS_PER_MESSAGE = 100
MAX_FIELD_NAME_LENGTH = 256
MAX_SEQ = 2 ** 53
#: How deep event data may nest (a form's values are a few levels deep).
MAX_DATA_DEPTH = 32
#: Characters of client data quoted in an error message or a log line.
QUOTE_LENGTH = 60


@dataclass(frozen=True)
class Event:
    """One validated event from the browser.

    >>> parse_event({"event": "from_cancel", "task_id": "t1", "data": None})
    Event(name='from_cancel', task_id='t1', data=None)
    """

    name: str
    task_id: str
    data: Any


@dataclass(frozen=True)
class ClientMessage:
    """A validated message from the browser: the events, the number of the
    last batch the browser has applied (wire ``ack``; ``None`` when it did not
    say) and the number of the first event (wire ``seq``; ``None``:
    unnumbered, always applied)."""

    events: tuple[Event, ...]
    applied_batch: int | None = None
    first_event: int | None = None


def quote(value: Any, limit: int = QUOTE_LENGTH) -> str:
    """``repr(value)`` cut to about ``limit`` characters: how client data
    appears in an error message or a log line, never whole.

    >>> quote("x" * 1000)[-22:]
    "'... (1002 characters)"
    """
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit]) + f"... ({len(value) + 2} characters)"
    try:
        text = repr(value)
    except RecursionError:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit] + "..."


def require_str(value: Any, what: str, max_length: int) -> str:
    if not isinstance(value, str):
        raise ProtocolError(f"{what} must be a string, got {type(value).__name__}")
    if len(value) > max_length:
        raise ProtocolError(f"{what} is longer than {max_length} characters")
    return value


def check_depth(value: Any, depth: int = MAX_DATA_DEPTH) -> None:
    """:raises ProtocolError: when ``value`` nests deeper than ``depth``."""
    stack = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            if level >= depth:
                raise ProtocolError(f"event data nests deeper than {depth} levels")
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))


def parse_index(raw: Any, count: int) -> int | None:
    """The option a browser names by position (``"2"``) among ``count``, or
    ``None`` when ``raw`` is not one: only ASCII digits count ("²" does not).

    >>> parse_index("1", 3), parse_index("²", 3), parse_index("7", 3)
    (1, None, None)
    """
    if isinstance(raw, str) and 0 < len(raw) <= 9 and raw.isascii() and raw.isdecimal():
        index = int(raw)
        return index if index < count else None
    return None


def parse_number(raw: Any, what: str, low: float, high: float) -> float:
    """A finite number between ``low`` and ``high`` from the network.

    :raises ProtocolError: otherwise (a bool, NaN, 10**400, a string).
    """
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ProtocolError(f"{what} must be a number")
    try:
        number = float(raw)
    except OverflowError:
        raise ProtocolError(f"{what} is out of range") from None
    if not (low <= number <= high):  # NaN fails too
        raise ProtocolError(f"{what} must lie between {low:g} and {high:g}")
    return number


def _check_data(name: str, data: Any) -> Any:
    if name == "from_submit":
        if not isinstance(data, dict):
            raise ProtocolError("from_submit data must be an object of field values")
        for key in data:
            require_str(key, "a form field name", MAX_FIELD_NAME_LENGTH)
    elif name == "from_cancel":
        if data is not None:
            raise ProtocolError("from_cancel carries no data")
    elif name == "input_event":
        if not isinstance(data, dict):
            raise ProtocolError("input_event data must be an object")
        if data.get("event_name") not in INPUT_EVENT_NAMES:
            raise ProtocolError(
                f"input_event event_name must be one of {sorted(INPUT_EVENT_NAMES)}"
            )
        require_str(data.get("name"), "input_event name", MAX_FIELD_NAME_LENGTH)
        if "value" not in data:
            raise ProtocolError("input_event needs a value")
    return data


def parse_event(raw: Any) -> Event:
    """Validate one event envelope from the network.

    :raises ProtocolError: with a message fit to show the sender.
    """
    if not isinstance(raw, dict):
        raise ProtocolError("an event must be an object")
    name = raw.get("event")
    if not isinstance(name, str) or name not in EVENT_NAMES:
        raise ProtocolError(f"unknown event {quote(name)}; expected one of {sorted(EVENT_NAMES)}")
    task_id = require_str(raw.get("task_id"), "task_id", MAX_TASK_ID_LENGTH)
    data = raw.get("data")
    check_depth(data)
    return Event(name, task_id, _check_data(name, data))


def parse_ack(raw: Any) -> int | None:
    """Validate a sequence number: an acknowledged batch or the number of an
    event (``None`` if absent)."""
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0 or raw > MAX_SEQ:
        raise ProtocolError("ack and seq must be non-negative integers")
    return raw


def parse_client_message(raw: Any) -> ClientMessage:
    """Validate a message from the browser: ``{"ack": n, "events": [...]}``.

    A bare event envelope is accepted too, as PyWebIO's WebSocket client sends.

    >>> parse_client_message({"ack": 3, "events": []})
    ClientMessage(events=(), applied_batch=3, first_event=None)
    """
    if isinstance(raw, dict) and "event" in raw:
        return ClientMessage((parse_event(raw),))
    if not isinstance(raw, dict):
        raise ProtocolError("a message must be an object with 'events' and 'ack'")
    events = raw.get("events", [])
    if not isinstance(events, list):
        raise ProtocolError("'events' must be a list")
    if len(events) > MAX_EVENTS_PER_MESSAGE:
        raise ProtocolError(f"at most {MAX_EVENTS_PER_MESSAGE} events per message")
    return ClientMessage(tuple(parse_event(e) for e in events), parse_ack(raw.get("ack")),
                         parse_ack(raw.get("seq")))


@dataclass(frozen=True)
class UploadChunk:
    """One chunk of a file for a form's file field: bytes ``offset`` to
    ``offset + len(data)`` of a file of ``size`` bytes."""

    task_id: str
    name: str
    upload_id: str
    size: int
    offset: int
    data: bytes


def parse_upload_chunk(raw: Any) -> UploadChunk:
    """Validate an ``upload`` message:
    ``{"task_id", "name", "id", "size", "offset", "data": <bytes>}``.

    :raises ProtocolError: with a message fit to show the sender.
    """
    if not isinstance(raw, dict):
        raise ProtocolError("an upload chunk must be an object")
    numbers = {}
    for key in ("size", "offset"):
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ProtocolError(f"upload {key} must be a non-negative integer")
        numbers[key] = value
    data = raw.get("data")
    if not isinstance(data, (bytes, bytearray)):
        raise ProtocolError("upload data must be binary")
    return UploadChunk(
        require_str(raw.get("task_id"), "task_id", MAX_TASK_ID_LENGTH),
        require_str(raw.get("name"), "upload field name", MAX_FIELD_NAME_LENGTH),
        require_str(raw.get("id"), "upload id", MAX_TASK_ID_LENGTH),
        numbers["size"], numbers["offset"], bytes(data),
    )
