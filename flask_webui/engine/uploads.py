"""File uploads that arrive in chunks before the form that needs them is
submitted.

A form with a file field opens a *slot* for it (its task id and field name,
with the field's size limits). The browser then sends each file as numbered
chunks of one upload id, and the submit names the upload ids; the form takes
the finished files out of the store. Nothing is accepted for a field that is
not open, and no file grows past the limits the server set.

>>> store = UploadStore(max_total=1024)
>>> store.open_slot("t1", "photo", max_size=100, max_total_size=100)
>>> store.receive("t1", "photo", "u1", size=3, offset=0, data=b"abc")
3
>>> store.get("t1", "photo", "u1")
b'abc'
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class _File:
    size: int
    data: bytearray = field(default_factory=bytearray)

    @property
    def complete(self) -> bool:
        return len(self.data) == self.size


#: The largest chunk one message may carry.
MAX_CHUNK = 1024 * 1024
MAX_UPLOAD_ID_LENGTH = 64


class UploadStore:
    """The uploads of one session, bounded by ``max_total`` bytes in all."""

    def __init__(self, max_total: int) -> None:
        self.max_total = max_total
        self._slots: dict[tuple[str, str], _Slot] = {}

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
            del self._slots[key]

    def clear(self) -> None:
        self._slots.clear()

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
        received = len(upload.data)
        if offset + len(data) <= received:
            return received  # seen before
        if offset != received:
            raise UploadRefused(f"expected the chunk at byte {received}, got one at byte {offset}")
        if received + len(data) > upload.size:
            raise UploadRefused("the file is longer than announced")
        upload.data += data
        return len(upload.data)

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
        slot = self._slots.get((task_id, name))
        upload = slot.files.get(upload_id) if slot else None
        if upload is None:
            raise UploadRefused("the file was not uploaded")
        if not upload.complete:
            raise UploadRefused("the file's upload is not complete")
        return bytes(upload.data)

    def retain(self, task_id: str, name: str, upload_ids: set[str]) -> None:
        """Drop the uploads of a field that its latest submit did not name."""
        slot = self._slots.get((task_id, name))
        if slot is not None:
            for upload_id in set(slot.files) - upload_ids:
                del slot.files[upload_id]


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
