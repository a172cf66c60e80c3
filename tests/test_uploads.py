"""file_upload: files arrive in chunks, the server holds them to its limits,
the page gets bytes."""

import pytest

from flask_webui.engine.uploads import UploadRefused, UploadStore, parse_size
from tests.apps import pages
from tests.helpers import open_temporary_files


@pytest.fixture
def client():
    _app, webui = pages.create_app()
    with webui.test_client() as client:  # its sessions end with the test
        yield client


def blob(size, seed=1):
    return bytes((seed + i) % 251 for i in range(size))


def test_files_arrive_as_bytes_with_their_details(client):
    page = client.open("/files")
    one = blob(200_000)
    many = [{"filename": "a.bin", "content": blob(10, 3)}, {"filename": "b.txt", "content": b""}]
    page.submit({"title": "Hi", "one": {"filename": "photo.png", "content": one, "mime_type": "image/png"},
                 "many": many})
    assert page.text.splitlines() == [
        "title=Hi",
        f"one=photo.png 200000 bytes image/png sum={sum(one)}",
        f"many=a.bin 10 sum={sum(blob(10, 3))}",
        "many=b.txt 0 sum=0",
    ]


def test_no_single_file_is_none_and_a_required_multiple_needs_one(client):
    page = client.open("/files")
    page.submit({"title": "Hi", "one": None, "many": []})
    assert page.field_error("many") == "Please choose a file."
    page.submit({"title": "Hi", "one": None, "many": [{"filename": "x", "content": b"x"}]})
    assert page.text.splitlines()[:2] == ["title=Hi", "one=none"]


def test_a_refused_submit_keeps_the_uploads_for_the_next_one(client):
    page = client.open("/files")
    page.submit({"title": "H", "one": {"filename": "a", "content": b"abc"},
                 "many": [{"filename": "b", "content": b"de"}]})
    assert page.field_error("title") == "Too short"
    task_id, form = page._current_form()
    sent = [e for e in page.session.uploads._slots.values() if e.files]
    assert len(sent) == 2  # both files are still held
    # The browser resubmits naming the same uploads, without sending them again.
    one_id = next(iter(page.session.uploads._slots[(task_id, "one")].files))
    many_id = next(iter(page.session.uploads._slots[(task_id, "many")].files))
    page.send({"event": "from_submit", "task_id": task_id, "data": {
        "title": "Hi", "one": {"upload": one_id, "filename": "a"},
        "many": [{"upload": many_id, "filename": "b"}]}})
    assert page.text.splitlines()[:2] == ["title=Hi", f"one=a 3 bytes  sum={sum(b'abc')}"]


@pytest.mark.parametrize("field, files, error", [
    ("one", {"filename": "big", "content": blob(300 * 1024 + 1)}, "the file is larger than 300 KiB"),
    ("many", [{"filename": "a", "content": blob(600_000)}, {"filename": "b", "content": blob(600_000)}],
     "the files are larger than 1 MiB in all"),
])
def test_the_server_refuses_files_over_the_limits(client, field, files, error):
    page = client.open("/files")
    values = {"title": "Hi", "one": None, "many": [{"filename": "x", "content": b"x"}]}
    values[field] = files
    page.submit(values)
    assert error in page.errors
    assert page.field_error(field) == "the file was not uploaded; please choose the file again."
    assert page.form["label"] == "Files"  # the form stays open
    page.submit({"title": "Hi", "one": None, "many": [{"filename": "x", "content": b"x"}]})
    assert "title=Hi" in page.text


def test_a_submit_naming_an_upload_never_made_is_refused(client):
    page = client.open("/files")
    task_id, _ = page._current_form()
    page.send({"event": "from_submit", "task_id": task_id, "data": {
        "title": "Hi", "one": {"upload": "made-up", "filename": "a"}, "many": []}})
    assert page.field_error("one") == "the file was not uploaded; please choose the file again."


def test_a_path_as_file_name_keeps_only_its_last_part(client):
    page = client.open("/files")
    page.submit({"title": "Hi", "one": {"filename": "../../etc/passwd", "content": b"x"},
                 "many": [{"filename": "C:\\Users\\me\\cv.pdf", "content": b"y"}]})
    assert "one=passwd 1 bytes" in page.text
    assert "many=cv.pdf 1" in page.text


def test_upload_store_refuses_chunks_out_of_place_and_for_closed_fields():
    store = UploadStore(max_total=100)
    with pytest.raises(UploadRefused, match="no open form"):
        store.receive("t1", "f", "u1", size=3, offset=0, data=b"abc")
    store.open_slot("t1", "f", max_size=50, max_total_size=80)
    assert store.receive("t1", "f", "u1", size=6, offset=0, data=b"abc") == 3
    assert store.receive("t1", "f", "u1", size=6, offset=0, data=b"abc") == 3  # a retry: applied once
    with pytest.raises(UploadRefused, match="expected the chunk at byte 3"):
        store.receive("t1", "f", "u1", size=6, offset=4, data=b"ef")
    with pytest.raises(UploadRefused, match="longer than announced"):
        store.receive("t1", "f", "u1", size=6, offset=3, data=b"defg")
    with pytest.raises(UploadRefused, match="not complete"):
        store.get("t1", "f", "u1")
    assert store.receive("t1", "f", "u1", size=6, offset=3, data=b"def") == 6
    assert store.get("t1", "f", "u1") == b"abcdef"
    store.close_slots("t1")
    with pytest.raises(UploadRefused):
        store.get("t1", "f", "u1")


def test_file_upload_limits_may_not_exceed_the_app_setting():
    _app, webui = pages.create_app(WEBUI_MAX_UPLOAD_SIZE="1M")

    @webui.page("/too-big")
    def too_big() -> None:
        from flask_webui.input import file_upload
        from flask_webui.output import put_text
        try:
            file_upload("x", max_size="2M")
        except ValueError as error:
            put_text(str(error))

    page = webui.test_client().open("/too-big")
    assert "may not exceed WEBUI_MAX_UPLOAD_SIZE (1 MiB)" in page.text
    assert parse_size("1.5K") == 1536
    with pytest.raises(ValueError, match="bad file size"):
        parse_size("lots")


def test_a_file_chunk_after_a_drop_does_not_rebuild_the_page_over_http_polling():
    # The tab had applied batch 1 of 2 when its poll dropped; the first request
    # after the drop is a file chunk, which says nothing of what the tab
    # applied. The next poll must replay batch 2, not a snapshot ("reset")
    # that makes the page reload and lose the upload under way.
    import json

    import gevent
    from flask import Flask

    from flask_webui import FlaskWebUI
    from flask_webui.input import file_upload
    from flask_webui.output import put_buttons, put_text
    from harness.pages import CONFIG
    from harness.processes import wait_until

    app = Flask(__name__)
    app.config.update(SECRET_KEY="k", WEBUI_TRANSPORT="http")
    webui = FlaskWebUI(app)

    @webui.page("/send")
    def send_file() -> None:
        put_buttons(["more"], onclick=lambda _: put_text("more"))
        file_upload("File")

    http = app.test_client()
    token = json.loads(CONFIG.search(http.get("/send").get_data(as_text=True)).group(1))["token"]

    def poll(**params: object) -> dict:
        answer = http.get("/send", query_string={"wait": 0, "client": "t1", **params},
                          headers={"webio-session-id": token})
        return answer.get_json()

    session = next(iter(webui.registry))
    commands: list[dict] = []
    applied = -1  # the last message the tab applied (PyWebIO counts them from 0)

    def take(answer: dict) -> bool:
        nonlocal applied
        for number, message in enumerate(answer["commands"], start=answer["seq"]):
            if number > applied:
                commands.extend(message)
                applied = number
        return any(c["command"] == "input_group" for c in commands)

    wait_until(lambda: take(poll(ack=applied)), what="the form to be shown")
    buttons = next(c for c in commands if c["spec"].get("type") == "buttons")
    form = next(c for c in commands if c["command"] == "input_group")
    last = session.outbox.last_batch
    clicked = json.dumps([{"event": "callback", "task_id": buttons["spec"]["callback_id"], "data": "0"}])
    http.post("/send", query_string={"ack": applied, "seq": 0, "client": "t1"}, data=clicked,
              headers={"webio-session-id": token, "Content-Type": "application/json"})
    wait_until(lambda: session.outbox.last_batch == last + 1, what="the click's output to be sent")
    session.detach(session.transport)  # the tab's poll dropped with that batch on its way
    gevent.sleep(0)
    field = form["spec"]["inputs"][0]["name"]
    chunk = http.post("/send", data=b"abc", query_string={
        "upload": 1, "task_id": form["task_id"], "name": field, "id": "u1", "size": 3, "offset": 0,
        "client": "t1"}, headers={"webio-session-id": token, "Content-Type": "application/octet-stream"})
    assert chunk.get_json() == {"received": 3}
    answer = poll(ack=applied)  # the tab has not had the click's batch
    assert "reset" not in answer
    replayed = [c for message in answer["commands"] for c in message]
    shown = [c["spec"]["content"] for c in replayed if c["command"] == "output"]
    assert shown == ["more"]


BIG = 600 * 1024  # over the 512 KiB past which a file waits on disk


def test_a_large_file_waits_on_disk_until_its_form_is_submitted(client):
    before = open_temporary_files()
    page = client.open("/big-file")
    task_id, form = page._current_form()
    name = form["inputs"][0]["name"]
    content = blob(BIG)
    [reference] = page._upload(task_id, name, [{"filename": "big.bin", "content": content}])
    assert open_temporary_files() == before + 1  # its chunks went to a file, not memory
    small = page._upload(task_id, name, [{"filename": "tiny.txt", "content": b"tiny"}])
    assert open_temporary_files() == before + 1  # small files stay in memory
    page.send({"event": "from_submit", "task_id": task_id, "data": {name: small[0]}})
    assert open_temporary_files() == before  # the file the submit did not name is gone
    assert "bytes starts b'tiny'" in page.text
    del reference


def test_the_content_as_bytes_is_read_from_disk_and_the_file_removed(client):
    before = open_temporary_files()
    page = client.open("/big-file")
    content = blob(BIG, seed=7)
    page.submit({"filename": "big.bin", "content": content})
    assert f"bytes starts {content[:4]!r}" in page.text
    assert open_temporary_files() == before


def test_as_file_hands_the_page_a_file_it_keeps_until_the_session_ends(client):
    before = open_temporary_files()
    page = client.open("/big-file", query_string={"as": "file"})
    content = blob(BIG, seed=9)
    page.submit({"filename": "big.bin", "content": content})
    assert page.form["label"] == "More?"  # the page went on
    assert f"starts {content[:4]!r}" in page.text and "bytes starts" not in page.text
    assert open_temporary_files() == before + 1  # the page holds it past its form
    page.close_tab()
    assert open_temporary_files() == before


@pytest.mark.parametrize("ending", ["refused then closed", "unfinished", "validate crashes",
                                    "page crashes holding it"])
def test_no_file_is_left_behind(client, ending):
    before = open_temporary_files()
    page = client.open("/big-file", query_string={"as": "file"})
    task_id, form = page._current_form()
    name = form["inputs"][0]["name"]
    content = blob(BIG)
    if ending == "unfinished":
        page._ask("upload", {"task_id": task_id, "name": name, "id": "u1", "size": len(content),
                             "offset": 0, "data": content[:64 * 1024]})
        assert open_temporary_files() == before + 1
        page.close_tab()
    elif ending == "refused then closed":
        page.submit({"filename": "small", "content": content})
        assert page.field_error(name) == "Too small"
        assert open_temporary_files() == before + 1  # kept for the next submit
        page.close_tab()
    else:
        page.submit({"filename": "crash" if ending == "validate crashes" else "crash-after",
                     "content": content})
        assert page.closed
    assert open_temporary_files() == before
