"""File uploads that arrive in chunks before the form that needs them is
submitted.

A form with a file field opens a *slot* for it (its task id and field name,
with the field's size limits). The browser then sends each file as numbered
chunks of one upload id, and the submit names the upload ids; the form takes
the finished files out of the store. Nothing is accepted for a field that is
not open, and no file grows past the limits the server set.

A file larger than :data:`SPOOL_THRESHOLD` is written to an anonymous
temporary file as its chunks arrive (as Werkzeug does for large form data), so
a worker holding many unfinished uploads does not hold them in memory. The
file has no name on disk and is closed when its form closes, the field drops
it, or the session ends: nothing is left behind, whatever the page code does.

>>> store = UploadStore(max_total=1024)
>>> store.open_slot("t1", "photo", max_size=100, max_total_size=100)
>>> store.receive("t1", "photo", "u1", size=3, offset=0, data=b"abc")
3
>>> store.get("t1", "photo", "u1")
b'abc'
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from typing import BinaryIO

from ..exceptions import WebUIError


class UploadRefused(WebUIError):
    """An upload chunk is refused; the message tells the browser why."""


@dataclass
class _Slot:
    max_size: int
    max_total_size: int
    files: dict[str, _File] = field(default_factory=dict)

    @property
    def declared(self) -> int:
        return sum(f.size for f in self.files.values())


#: Bytes past which a file's chunks go to a temporary file instead of memory.
SPOOL_THRESHOLD = 512 * 1024


@dataclass
class _File:
    size: int
    received: int = 0
    #: Handed to page code as a file object (``file_upload(as_file=True)``).
    handed: bool = False
    content: BinaryIO = field(init=False)

    def __post_init__(self) -> None:
        self.content = tempfile.TemporaryFile() if self.size > SPOOL_THRESHOLD else io.BytesIO()

    @property
    def complete(self) -> bool:
        return self.received == self.size

    def append(self, data: bytes) -> None:
        self.content.seek(self.received)
        self.content.write(data)
        self.received += len(data)


#: The largest chunk one message may carry.
MAX_CHUNK = 1024 * 1024
MAX_UPLOAD_ID_LENGTH = 64


class UploadStore:
    """The uploads of one session, bounded by ``max_total`` bytes in all."""

    def __init__(self, max_total: int) -> None:
        self.max_total = max_total
        self._slots: dict[tuple[str, str], _Slot] = {}
        #: Files page code holds (as_file) after their form closed; closed with the session.
        self._handed: list[BinaryIO] = []

    @property
    def declared(self) -> int:
        """Bytes announced by every upload in progress or waiting for a submit."""
        return sum(slot.declared for slot in self._slots.values())

    def open_slot(self, task_id: str, name: str, *, max_size: int, max_total_size: int) -> None:
        """Accept uploads for field ``name`` of the form ``task_id`` shows."""
        self._slots[(task_id, name)] = _Slot(max_size, max_total_size)

    def close_slots(self, task_id: str) -> None:
        """Forget the slots of a form that is gone, and the bytes they hold."""
        for key in [key for key in self._slots if key[0] == task_id]:
            for upload in self._slots.pop(key).files.values():
                self._drop(upload)

    def clear(self) -> None:
        """Close every file, those handed to page code too (the session ended)."""
        for key in list(self._slots):
            for upload in self._slots.pop(key).files.values():
                upload.content.close()
        for content in self._handed:
            content.close()
        self._handed.clear()

    def _drop(self, upload: _File) -> None:
        if upload.handed:
            self._handed = [content for content in self._handed if not content.closed]
            self._handed.append(upload.content)
        else:
            upload.content.close()

    def receive(self, task_id: str, name: str, upload_id: str, *, size: int, offset: int,
                data: bytes) -> int:
        """Store one chunk and return how many bytes of the file have arrived.

        A chunk already stored (a retry after a dropped connection) is
        accepted again without being applied twice.

        :raises UploadRefused: for a field that is not open, a file over the
            limits, or a chunk that does not continue the file.
        """
        slot = self._slots.get((task_id, name))
        if slot is None:
            raise UploadRefused(f"no open form takes a file for {name!r}")
        if not upload_id or len(upload_id) > MAX_UPLOAD_ID_LENGTH:
            raise UploadRefused("bad upload id")
        if len(data) > MAX_CHUNK:
            raise UploadRefused(f"a chunk may hold at most {MAX_CHUNK} bytes")
        upload = slot.files.get(upload_id)
        if upload is None:
            self._check_room(slot, size)
            upload = slot.files[upload_id] = _File(size)
        elif upload.size != size:
            raise UploadRefused("the file's size changed during its upload")
        received = upload.received
        if offset + len(data) <= received:
            return received  # seen before
        if offset != received:
            raise UploadRefused(f"expected the chunk at byte {received}, got one at byte {offset}")
        if received + len(data) > upload.size:
            raise UploadRefused("the file is longer than announced")
        upload.append(data)
        return upload.received

    def _check_room(self, slot: _Slot, size: int) -> None:
        if size < 0:
            raise UploadRefused("bad file size")
        if size > slot.max_size:
            raise UploadRefused(f"the file is larger than {format_size(slot.max_size)}")
        if slot.declared + size > slot.max_total_size:
            raise UploadRefused(f"the files are larger than {format_size(slot.max_total_size)} in all")
        if self.declared + size > self.max_total:
            raise UploadRefused(f"uploads are limited to {format_size(self.max_total)}")

    def get(self, task_id: str, name: str, upload_id: str) -> bytes:
        """The content of a finished upload. It stays until the form closes,
        so a form refused for another field can be submitted again.

        :raises UploadRefused: if the upload is unknown or incomplete.
        """
        content = self._finished(task_id, name, upload_id).content
        content.seek(0)
        return content.read()

    def open(self, task_id: str, name: str, upload_id: str) -> BinaryIO:
        """A finished upload as a binary file object at its start, which page
        code may keep after the form closes; it is closed when the session
        ends, if page code does not close it first.

        :raises UploadRefused: as :meth:`get`.
        """
        upload = self._finished(task_id, name, upload_id)
        upload.handed = True
        upload.content.seek(0)
        return upload.content

    def _finished(self, task_id: str, name: str, upload_id: str) -> _File:
        slot = self._slots.get((task_id, name))
        upload = slot.files.get(upload_id) if slot else None
        if upload is None:
            raise UploadRefused("the file was not uploaded")
        if not upload.complete:
            raise UploadRefused("the file's upload is not complete")
        return upload

    def discard(self, task_id: str, name: str, upload_id: str) -> None:
        """Drop one upload (finished or not), if its field still has it."""
        slot = self._slots.get((task_id, name))
        upload = slot.files.pop(upload_id, None) if slot else None
        if upload is not None:
            self._drop(upload)

    def retain(self, task_id: str, name: str, upload_ids: set[str]) -> None:
        """Drop the uploads of a field that its latest submit did not name."""
        slot = self._slots.get((task_id, name))
        if slot is not None:
            for upload_id in set(slot.files) - upload_ids:
                self._drop(slot.files.pop(upload_id))


def parse_size(size: int | str) -> int:
    """Bytes in a size given as a number or a string with a unit.

    >>> parse_size("4M"), parse_size("10k"), parse_size(12)
    (4194304, 10240, 12)
    """
    if isinstance(size, bool):
        raise ValueError(f"bad file size {size!r}")
    if isinstance(size, int):
        return size
    text = str(size).strip().upper().removesuffix("B")
    units = {"K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}
    factor = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    try:
        return int(float(number) * factor)
    except ValueError:
        raise ValueError(f"bad file size {size!r}; use bytes or a string like '4M' or '512K'") from None


def format_size(size: int) -> str:
    """``format_size(5 * 1024 ** 2)`` → ``'5 MiB'``."""
    for unit, factor in (("GiB", 1024 ** 3), ("MiB", 1024 ** 2), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} bytes"
