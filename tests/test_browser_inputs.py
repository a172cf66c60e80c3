"""Inputs in a real Chromium: files, concurrent forms, focus and Enter."""


def blob(size, seed=1):
    return bytes((seed + i) % 251 for i in range(size))


def test_files_upload_with_progress_and_arrive_as_bytes(page, live_server):
    page.goto(live_server.url + "/files")
    page.get_by_label("Title").fill("Holiday")
    page.get_by_label("One file").set_input_files(
        {"name": "big.bin", "mimeType": "application/octet-stream", "buffer": blob(400_000)})
    page.get_by_label("Several").set_input_files([
        {"name": "a.txt", "mimeType": "text/plain", "buffer": b"hello"},
        {"name": "b.bin", "mimeType": "application/octet-stream", "buffer": blob(700_000, 7)},
    ])
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("big.bin: the file is larger than 300 KiB").wait_for()
    one = blob(250_000, 5)
    page.get_by_label("One file").set_input_files(
        {"name": "photo.png", "mimeType": "image/png", "buffer": one})
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("title=Holiday").wait_for()
    lines = [line for line in page.locator("#pywebio-scope-ROOT").inner_text().split("\n") if line]
    assert lines == [
        "title=Holiday",
        f"one=photo.png 250000 bytes image/png sum={sum(one)}",
        f"many=a.txt 5 sum={sum(b'hello')}",
        f"many=b.bin 700000 sum={sum(blob(700_000, 7))}",
    ]


def test_progress_bar_shows_the_upload_finished(page, live_server):
    page.goto(live_server.url + "/files")
    page.get_by_label("Title").fill("x")  # too short: the form stays, with its progress bars
    page.get_by_label("Several").set_input_files(
        [{"name": "c.bin", "mimeType": "application/octet-stream", "buffer": blob(600_000)}])
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Too short").wait_for()
    bar = page.get_by_role("progressbar", name="Upload progress")
    assert bar.get_attribute("aria-valuenow") == "100"
    assert bar.inner_text() == "100%"
