"""PyWebIO 1.8's binary form submit, read from a stream one segment at a time.

PyWebIO's client POSTs a form that has files as ``application/octet-stream``:
segments, each after its length as 8 bytes big-endian: the event's JSON, then
per file a JSON header and the file's bytes. A file's bytes are handed on in
pieces as they are read, so a large file never sits whole in memory. No I/O but
through the ``read`` callable given.

>>> stream = BinaryEventStream(io.BytesIO(body).read, max_json=65536)  # doctest: +SKIP
>>> stream.event()  # doctest: +SKIP
Event(name='from_submit', task_id='t1', data={'title': 'Hi'})
>>> for header, pieces in stream.files():  # doctest: +SKIP
...     content = b"".join(pieces)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..exceptions import ProtocolError
from .events import MAX_FIELD_NAME_LENGTH, Event, parse_event, parse_number, require_str

#: Bytes of a segment's length prefix.
LENGTH_BYTES = 8
#: Bytes of a file handed on at a time.
PIECE = 256 * 1024


@dataclass(frozen=True)
class BinaryFileHeader:
    """A file of a binary submit: its header, validated, and its size."""

    field: str
    filename: str
    mime_type: str
    last_modified: float
    size: int


class BinaryEventStream:
    """Reads one binary submit: :meth:`event` first, then :meth:`files`.
    A JSON segment over ``max_json`` bytes is refused before it is read.

    :raises ProtocolError: from either, with a message fit to show the sender.
    """

    def __init__(self, read: Callable[[int], bytes], max_json: int) -> None:
        self._read = read
        self._max_json = max_json

    def event(self) -> Event:
        size = self._length()
        if size is None:
            raise ProtocolError("a binary event must be an event followed by file headers and files")
        event = parse_event(self._json(size))
        if event.name != "from_submit":
            raise ProtocolError("only a form submit may carry files")
        return event

    def files(self) -> Iterator[tuple[BinaryFileHeader, Iterator[bytes]]]:
        """Each file's header and its bytes in pieces (at least one, ``b""``
        for an empty file); a file's pieces are read before the next header."""
        while (size := self._length()) is not None:
            header = _file_header(self._json(size))
            data_size = self._length()
            if data_size is None:
                raise ProtocolError("a binary event must be an event followed by file headers and files")
            pieces = self._pieces(data_size)
            yield BinaryFileHeader(*header, size=data_size), pieces
            for _ in pieces:  # those the consumer left
                pass

    def _pieces(self, size: int) -> Iterator[bytes]:
        left = size
        yield self._exactly(min(left, PIECE))
        left -= min(left, PIECE)
        while left:
            piece = self._exactly(min(left, PIECE))
            left -= len(piece)
            yield piece

    def _length(self) -> int | None:
        """The next segment's length; ``None`` where the body ends."""
        prefix = self._read(LENGTH_BYTES)
        if not prefix:
            return None
        prefix += self._exactly(LENGTH_BYTES - len(prefix)) if len(prefix) < LENGTH_BYTES else b""
        return int.from_bytes(prefix, "big")

    def _json(self, size: int) -> Any:
        if size > self._max_json:
            raise ProtocolError(f"a binary event's JSON part may hold at most {self._max_json} bytes")
        try:
            return json.loads(self._exactly(size))
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise ProtocolError("a binary event's JSON parts are malformed") from None

    def _exactly(self, size: int) -> bytes:
        data = self._read(size)
        while len(data) < size:
            more = self._read(size - len(data))
            if not more:
                raise ProtocolError("a binary event is cut short")
            data += more
        return data


def _file_header(raw: Any) -> tuple[str, str, str, float]:
    if not isinstance(raw, dict):
        raise ProtocolError("a file header must be an object")
    return (require_str(raw.get("input_name"), "a file's input_name", MAX_FIELD_NAME_LENGTH),
            require_str(raw.get("filename"), "a file name", MAX_FIELD_NAME_LENGTH),
            require_str(raw.get("mime_type", ""), "a file's mime_type", MAX_FIELD_NAME_LENGTH),
            parse_number(raw.get("last_modified", 0), "a file's last_modified", -1e15, 1e15))
