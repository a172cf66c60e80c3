"""The wire protocol, PyWebIO 1.8's, as our server speaks it: building the
commands that go to the browser (:mod:`.commands`) and validating the events
that come from it (:mod:`.events`, :mod:`.binary`). Pure: no I/O, nothing of ours but the
exceptions. See ``docs/architecture.md`` for the numbering of batches and events.
"""

from .binary import BinaryEventStream, BinaryFileHeader
from .commands import Command, batch, command, commands_json
from .events import (
    EVENT_NAMES,
    INPUT_EVENT_NAMES,
    MAX_DATA_DEPTH,
    MAX_EVENTS_PER_MESSAGE,
    MAX_FIELD_NAME_LENGTH,
    MAX_SEQ,
    MAX_TASK_ID_LENGTH,
    QUOTE_LENGTH,
    ClientMessage,
    Event,
    UploadChunk,
    check_depth,
    parse_ack,
    parse_client_message,
    parse_event,
    parse_index,
    parse_number,
    parse_upload_chunk,
    quote,
)

__all__ = [
    "BinaryEventStream",
    "BinaryFileHeader",
    "ClientMessage",
    "Command",
    "EVENT_NAMES",
    "Event",
    "INPUT_EVENT_NAMES",
    "MAX_DATA_DEPTH",
    "MAX_EVENTS_PER_MESSAGE",
    "MAX_FIELD_NAME_LENGTH",
    "MAX_SEQ",
    "MAX_TASK_ID_LENGTH",
    "QUOTE_LENGTH",
    "UploadChunk",
    "batch",
    "check_depth",
    "command",
    "commands_json",
    "parse_ack",
    "parse_client_message",
    "parse_event",
    "parse_index",
    "parse_number",
    "parse_upload_chunk",
    "quote",
]
