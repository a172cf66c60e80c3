"""PyWebIO's binary form submit over HTTP polling: read as it arrives, a large
file on to disk as any upload, nothing kept of a submit refused half-way."""

from __future__ import annotations

import io
import itertools
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flask_webui.exceptions import ProtocolError
from flask_webui.protocol import BinaryEventStream
from harness.processes import wait_until
from tests.apps import pages
from tests.helpers import open_temporary_files

HEADER = "webio-session-id"
BIG = 600 * 1024  # over the 512 KiB past which a file waits on disk


def segments(*parts: bytes) -> bytes:
    return b"".join(len(part).to_bytes(8, "big") + part for part in parts)


def binary_submit(task_id: str, data: dict[str, Any], files: list[tuple[str, str, bytes]]) -> bytes:
    """The body PyWebIO's client POSTs for a form with files: (field, filename, content) each."""
    parts = [json.dumps({"event": "from_submit", "task_id": task_id, "data": data}).encode()]
    for field, filename, content in files:
        header = {"input_name": field, "filename": filename, "mime_type": "", "last_modified": 1.5}
        parts += [json.dumps(header).encode(), content]
    return segments(*parts)


class InProcessPoller:
    """PyWebIO's client polling one page through Flask's test client."""

    def __init__(self, http: Any, path: str) -> None:
        self.http, self.path = http, path
        self.session_id = "NEW-binary-test"
        self.applied = -1
        self.commands: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.next_event = 0

    def _take(self, response: Any) -> None:
        assert response.status_code == 200, response.get_data(as_text=True)
        self.session_id = response.headers.get(HEADER) or self.session_id
        answer = response.get_json()
        for message in answer["commands"][self.applied - answer["seq"] + 1:]:
            self.commands.extend(message)
        self.applied = max(self.applied, answer["seq"] + len(answer["commands"]) - 1)
        self.errors += [error["message"] for error in answer.get("errors", [])]

    def poll(self) -> None:
        self._take(self.http.get(self.path, query_string={"ack": self.applied, "wait": 0},
                                 headers={HEADER: self.session_id}))

    def post_binary(self, body: bytes) -> None:
        """One submit (one event: refused or not, the next is numbered after it)."""
        query = {"ack": self.applied, "seq": self.next_event}
        self.next_event += 1
        headers = {HEADER: self.session_id, "Content-Type": "application/octet-stream"}
        self._take(self.http.post(self.path, query_string=query, data=body, headers=headers))

    def until(self, match: Any, what: str) -> dict[str, Any]:
        def found() -> dict[str, Any] | None:
            self.poll()
            return next((c for c in self.commands if match(c)), None)
        return wait_until(found, what=what)  # type: ignore[no-any-return]

    def texts(self) -> list[str]:
        return [c["spec"]["content"] for c in self.commands if c["command"] == "output"]


@pytest.fixture
def poller():
    app, _webui = pages.create_app()
    return InProcessPoller(app.test_client(), "/big-file")


def test_a_large_file_in_a_binary_submit_waits_on_disk_and_reaches_the_page(poller):
    before = open_temporary_files()
    form = poller.until(lambda c: c["command"] == "input_group", "the form")
    task_id, field = form["task_id"], form["spec"]["inputs"][0]["name"]
    content = bytes(range(256)) * (BIG // 256)
    poller.post_binary(binary_submit(task_id, {}, [(field, "small", content)]))
    poller.until(lambda c: c["command"] == "update_input", "the field's error")
    assert open_temporary_files() == before + 1  # kept, on disk, for the next submit
    poller.post_binary(binary_submit(task_id, {}, [(field, "big.bin", content)]))
    poller.until(lambda c: c["command"] == "output", "the page's answer")
    assert poller.texts() == [f"bytes starts {content[:4]!r}"]
    assert open_temporary_files() == before


@pytest.mark.parametrize(("cut", "error"), [
    (BIG // 2, "refused a malformed message: a binary event is cut short"),
    (None, "refused a malformed message: a binary event must be an event followed by file headers "
           "and files"),
])
def test_a_binary_submit_refused_half_way_keeps_none_of_its_files(poller, cut, error):
    before = open_temporary_files()
    form = poller.until(lambda c: c["command"] == "input_group", "the form")
    task_id, field = form["task_id"], form["spec"]["inputs"][0]["name"]
    body = binary_submit(task_id, {}, [(field, "big.bin", b"x" * BIG)])
    # Cut inside the file's bytes; or a second file header that no bytes follow.
    body = body[:-cut] if cut else body + segments(b'{"input_name": "f", "filename": "g"}')
    poller.post_binary(body)
    assert poller.errors == [error]
    assert open_temporary_files() == before
    poller.post_binary(binary_submit(task_id, {}, [(field, "big.bin", b"y" * BIG)]))  # the form still works
    poller.until(lambda c: c["command"] == "output", "the page's answer")
    assert poller.texts() == ["bytes starts b'yyyy'"]


def test_a_json_part_over_its_bound_is_refused_before_it_is_read():
    read = io.BytesIO((10 ** 9).to_bytes(8, "big") + b"{}").read
    with pytest.raises(ProtocolError, match="JSON part may hold at most 65536 bytes"):
        BinaryEventStream(read, max_json=65536).event()


@given(files=st.lists(st.tuples(st.sampled_from(["one", "many"]), st.binary(max_size=3000)), max_size=4),
       reads=st.lists(st.integers(min_value=1, max_value=700), min_size=1))
def test_the_files_come_out_whole_however_the_stream_splits_its_reads(files, reads):
    body = io.BytesIO(binary_submit("t1", {"title": "x"}, [(f, f"{f}.bin", c) for f, c in files]))
    sizes = itertools.cycle(reads)

    def short_read(size: int) -> bytes:  # as a socket may: fewer bytes than asked
        return body.read(min(size, next(sizes)))

    stream = BinaryEventStream(short_read, max_json=65536)
    assert stream.event().data == {"title": "x"}
    got = [(header.field, header.size, b"".join(pieces)) for header, pieces in stream.files()]
    assert got == [(field, len(content), content) for field, content in files]
