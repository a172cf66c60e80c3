"""Inputs in a real Chromium: files, concurrent forms, focus and Enter."""

import pytest
from playwright.sync_api import expect


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
    bar = page.get_by_role("progressbar", name="Upload progress")
    expect(bar).to_have_attribute("aria-valuenow", "100")
    expect(bar).to_have_text("100%")
    page.get_by_text("Too short").wait_for()


def test_action_button_datalist_and_code_editor(page, live_server):
    chunks = []
    page.on("request", lambda request: chunks.append(request.url) if "/chunks/" in request.url else None)
    page.goto(live_server.url + "/echo")
    page.get_by_label("Say something").wait_for()
    # A page without a code field or datatable loads neither (only esbuild's small shared helpers).
    assert not [url for url in chunks if "code_editor" in url or "datatable" in url]
    page.goto(live_server.url + "/extras")
    page.get_by_role("button", name="Now").click()
    expect(page.get_by_label("Stamp")).to_have_value("1700000000")
    page.get_by_role("button", name="Pick").click()
    expect(page.get_by_label("User")).to_have_value("User seven")
    expect(page.get_by_label("User")).not_to_be_editable()
    assert page.locator("datalist option").evaluate_all("os => os.map(o => o.value)") == ["apple", "banana"]
    page.get_by_label("Fruit").fill("banana")
    page.get_by_label("Site").fill("https://example.org")
    editor = page.locator(".cm-content")
    editor.wait_for()
    assert any("code_editor" in url for url in chunks)
    # Python highlighting: "x = 1" is split into styled tokens.
    expect(page.locator(".cm-line span[class]").first).to_be_visible()
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type("\nprint(x)")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("code='x = 1\\nprint(x)'").wait_for()
    lines = [line for line in page.locator("#pywebio-scope-ROOT").inner_text().split("\n") if line]
    assert lines[:4] == ["stamp=1700000000", "user={'id': 7}", "fruit='banana'", "site='https://example.org'"]


def test_a_second_form_from_another_greenlet_shows_then_gives_way(page, live_server):
    page.goto(live_server.url + "/two-forms")
    page.get_by_label("Main question").fill("typed before")
    page.get_by_role("button", name="Ask").click()
    background = page.get_by_label("Background question")
    background.wait_for()
    assert page.get_by_label("Main question").is_hidden()
    background.fill("from the callback")
    background.press("Enter")
    page.get_by_text("background: from the callback").wait_for()
    main = page.get_by_label("Main question")
    main.wait_for()
    assert main.input_value() == "typed before"  # the earlier form comes back as it was
    main.press("Enter")
    page.get_by_text("main: typed before").wait_for()


def test_the_first_field_gets_focus_and_enter_submits(page, live_server):
    page.goto(live_server.url + "/echo")
    page.get_by_label("Say something").wait_for()
    page.keyboard.type("no click needed")
    page.keyboard.press("Enter")
    page.get_by_text("echo: no click needed").wait_for()


def test_input_auto_focus_can_be_turned_off(page, live_server):
    page.goto(live_server.url + "/no-focus")
    field = page.get_by_label("Unfocused")
    field.wait_for()
    assert page.evaluate("document.activeElement === document.body")
    field.fill("x")
    field.press("Enter")
    page.get_by_text("got x").wait_for()


def test_a_long_form_scrolls_with_the_page_and_a_short_one_stays_at_the_bottom(browser, example_server,
                                                                               live_server):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    try:
        page.goto(example_server.url + "/inputs")
        page.get_by_label("Text").wait_for()
        panel = page.locator("#input-container")
        # No scroll bar of its own: all of the form is in the page, which scrolls to its end.
        expect(panel).to_have_css("position", "static")
        assert panel.evaluate("e => e.scrollHeight <= e.clientHeight")
        assert page.evaluate("document.scrollingElement.scrollHeight > innerHeight")
        submit = page.get_by_role("button", name="Submit")
        submit.scroll_into_view_if_needed()
        expect(submit).to_be_in_viewport()
        page.goto(live_server.url + "/echo")
        page.get_by_label("Say something").wait_for()
        expect(panel).to_have_css("position", "sticky")
        # A single field is labelled by the form's title: no empty label line under it.
        expect(panel.locator(".webui-form-title")).to_have_text("Say something")
        expect(panel.locator("label.form-label")).to_have_css("display", "none")
    finally:
        context.close()


def test_the_example_inputs_tour(page, example_server):
    page.goto(example_server.url + "/inputs")
    page.get_by_label("Text").fill("hello")
    page.get_by_label("Date").fill("2026-11-21")
    page.get_by_label("Even number").fill("3")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Must be even").wait_for()
    page.get_by_label("Even number").fill("4")
    page.get_by_text("Please fill in this field.").wait_for()  # the timestamp
    page.get_by_role("button", name="Now").click()
    expect(page.get_by_label("Timestamp")).not_to_have_value("")
    page.get_by_role("button", name="Submit").click()
    page.get_by_label("Country").select_option("1")
    page.get_by_role("option", name="Kyoto").wait_for(state="attached")
    page.get_by_label("City").select_option(label="Kyoto")
    page.get_by_label("Pro").check()
    page.get_by_role("button", name="Submit").click()
    page.get_by_label("Some files (up to 5 MiB in all)").set_input_files(
        [{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"twelve bytes"}])
    page.get_by_role("button", name="Submit").click()
    page.get_by_role("button", name="No").click()
    page.get_by_text("Thanks!").wait_for()
    shown = page.locator("#pywebio-scope-ROOT").inner_text()
    for line in ["text = 'hello' (str)", "number = 42 (int)", "float = 1.5 (float)",
                 "date = '2026-11-21' (str)", "even = 4 (int)", "country = 'Japan' (str)",
                 "city = 'Kyoto' (str)", "plan = 10 (int)",
                 "volume = 30 (int)", "code = \"print('hello')\" (str)", "notes.txt: 12 bytes, text/plain"]:
        assert line in shown


def test_every_input_type_returns_its_python_value(page, live_server):
    page.goto(live_server.url + "/all-types")
    typed = {"text": "plain", "number": "12", "float": "2.50", "password": "s3cret",
             "url": "https://example.org/a?b=1", "date": "2024-02-29", "time": "13:45",
             "color": "#ff8800", "datetime-local": "2024-02-29T13:45"}
    for label, value in typed.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("datetime_local=").wait_for()
    lines = [line for line in page.locator("#pywebio-scope-ROOT").inner_text().split("\n") if line]
    assert lines == [
        "text='plain'", "number=12", "float=2.5", "password='s3cret'", "url='https://example.org/a?b=1'",
        "date='2024-02-29'", "time='13:45'", "color='#ff8800'", "datetime_local='2024-02-29T13:45'",
    ]


@pytest.mark.parametrize("locale, submit, reset", [
    ("en-US", "Submit", "Reset"), ("zh-CN", "提交", "重置"), ("fr-FR", "Envoyer", "Effacer"),
])
def test_built_in_labels_follow_the_browser_language(browser, live_server, locale, submit, reset):
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/echo")
        page.get_by_role("button", name=reset).wait_for()
        page.get_by_label("Say something").fill("hi")
        page.get_by_role("button", name=submit).click()
        page.get_by_text("echo: hi").wait_for()
    finally:
        context.close()


def test_a_click_on_submit_counts_when_the_blur_clears_the_error_meanwhile(page, live_server):
    # Pressing Submit blurs the field; the server's answer to that blur clears
    # the error, and the form shrinks. Were that applied while the button is
    # held, the button would move from under the pointer and the click be lost.
    page.goto(live_server.url + "/validate")
    page.get_by_label("Age").fill("12")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Too young")).to_be_visible()
    page.get_by_label("Age").fill("20")
    before = page.evaluate("webui.lastSeq")
    page.get_by_role("button", name="Submit").hover()
    page.mouse.down()
    page.wait_for_function("(before) => webui.lastSeq > before", arg=before)
    page.mouse.up()
    expect(page.get_by_text("age 20")).to_be_visible()
