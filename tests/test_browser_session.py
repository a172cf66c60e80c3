"""Pins, the session API, background tasks, coroutine pages and Flask inside
pages, in a real Chromium."""

import re
import time

import requests
from playwright.sync_api import expect


def root(page):
    return page.locator("#pywebio-scope-ROOT")


def test_pins_read_write_wait_and_on_change(page, live_server, tmp_path):
    page.goto(live_server.url + "/pins")
    expect(page.get_by_label("Word")).to_have_value("hi")
    changes = page.locator("#pywebio-scope-changes")

    page.get_by_label("Word").fill("typed")                     # pin_wait_change
    expect(changes.get_by_text("changed word: 'typed'")).to_be_visible()
    page.get_by_label("cream").check()
    expect(changes.get_by_text("changed extras: ['cream']")).to_be_visible()
    page.get_by_label("Level").fill("7")                       # pin_on_change, two callbacks
    expect(changes.get_by_text("level changed to 7")).to_be_visible()
    expect(changes.get_by_text("second callback 7")).to_be_visible()

    page.get_by_label("Count").fill("12")
    page.get_by_label("Notes").fill("line one\nline two")
    page.get_by_label("Fruit").select_option("Pear")
    page.get_by_label("Large").check()
    page.get_by_role("button", name="No").click()
    document = tmp_path / "doc.txt"
    document.write_bytes(b"pinned bytes")
    page.get_by_label("Document").set_input_files(document)
    page.get_by_role("button", name="Read").click()
    values = page.locator("#pywebio-scope-values")
    expect(values.locator("p")).to_have_text([
        "word='typed'", "count=12", "notes='line one\\nline two'", "fruit={'id': 2}",
        "extras=['cream']", "size=2", "level=7", "choice=False", "doc=('doc.txt', b'pinned bytes')",
    ])  # Python values, checked and mapped back by the server; "missing" is left out

    page.get_by_role("button", name="Set").click()
    expect(page.get_by_label("Word")).to_have_value("set by server")
    expect(page.get_by_label("Large")).to_be_checked()
    expect(page.get_by_label("Fruit").locator("option")).to_have_text(["Plum", "Fig"])
    expect(page.get_by_label("Fruit").locator("option:checked")).to_have_text("Fig")
    expect(page.get_by_text("Level (updated)")).to_be_visible()
    page.get_by_role("button", name="Read").click()
    expect(values.get_by_text("fruit='fig'")).to_be_visible()
    expect(values.get_by_text("word='set by server'")).to_be_visible()
    # Setting from page code is not a change.
    expect(changes.get_by_text("set by server")).to_have_count(0)


def test_a_number_pin_holding_text_reads_as_none_with_the_error_shown(page, live_server):
    page.goto(live_server.url + "/pins")
    count = page.get_by_label("Count")
    count.evaluate("input => { input.type = 'text'; input.value = 'twelve'; }")  # what a forged page sends
    page.get_by_role("button", name="Read").click()
    expect(page.locator("#pywebio-scope-values").get_by_text("count=None")).to_be_visible()
    expect(count).to_have_class(re.compile("is-invalid"))


def test_a_code_pin_shows_as_an_editor_from_the_start(page, live_server):
    """A first visit: the editor's chunk loads with the page (held here), and
    the field waits for it rather than show a plain textarea that turns into
    an editor under the person's cursor."""
    held = []
    page.route(re.compile(r"/chunks/code_editor-"), lambda route: held.append(route))
    page.goto(live_server.url + "/code-pin", wait_until="commit")
    for _ in range(1000):  # until Playwright has handed the held request over
        if held:
            break
        page.wait_for_timeout(10)
    page.wait_for_function("() => document.readyState !== 'loading'")
    assert len(held) == 1
    assert page.locator("textarea").count() == 0  # nothing of the field shows before its editor
    held[0].continue_()
    editor = page.locator(".cm-content")
    expect(editor).to_have_text("x = 1")
    assert not page.locator("textarea").is_visible()
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type("2")
    page.get_by_text("source now 'x = 12'").wait_for()


def test_a_code_pin_whose_editor_cannot_load_is_a_plain_textarea(page, live_server):
    page.route(re.compile(r"/chunks/code_editor-"), lambda route: route.abort())
    page.goto(live_server.url + "/code-pin")
    plain = page.get_by_label("Source")
    expect(plain).to_have_value("x = 1")
    plain.click()
    page.keyboard.press("End")
    page.keyboard.type("0")
    page.get_by_text("source now 'x = 10'").wait_for()
    assert page.locator(".cm-editor").count() == 0


def test_a_live_preview_slower_than_typing_ends_showing_what_was_typed_last(page, live_server):
    """The page code takes 300 ms per change; what is typed meanwhile is
    told to its next pin_wait_change, so the preview catches up."""
    page.goto(live_server.url + "/slow-preview")
    page.locator(".cm-content").click()
    page.keyboard.type("# Hello preview", delay=30)
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("some *text*", delay=30)
    preview = page.locator("#pywebio-scope-preview")
    expect(preview.locator("h1")).to_have_text("Hello preview")
    expect(preview.locator("p")).to_have_text("some text", timeout=5000)
    expect(preview.locator("em")).to_have_text("text")


def test_pin_wait_change_times_out(page, live_server):
    page.goto(live_server.url + "/pin-timeout")
    expect(root(page).get_by_text("waited: None")).to_be_visible()


def test_run_js_eval_js_download_set_env_and_go_app(page, live_server, tmp_path):
    page.goto(live_server.url + "/js")
    expect(root(page).get_by_text("js done")).to_be_visible()
    assert page.evaluate("document.body.dataset.greeting") == "hello"
    texts = root(page).locator("p").all_inner_texts()
    assert texts[:5] == ["sum 5", "promise 42", "object {'n': 1, 'items': [1, 2]}", "error JSError",
                         "concurrent {2: 2, 1: 1, 0: 0}"]  # each answer to its own question
    assert re.fullmatch(r"lang en-US pc True protocol websocket ip 127\.0\.0\.1 backend flask", texts[5])
    expect(page).to_have_title("Env title")
    assert page.locator("#output-container").evaluate("e => e.style.maxWidth") == "600px"
    with page.expect_download() as download:
        root(page).get_by_role("button", name="Download").click()
    target = tmp_path / "data.bin"
    download.value.save_as(target)
    assert download.value.suggested_filename == "data.bin"
    assert target.read_bytes() == b"\x00\x01binary"
    root(page).get_by_role("button", name="Go").click()
    expect(page).to_have_url(live_server.url + "/echo")
    expect(page.get_by_label("Say something")).to_be_visible()


def test_background_greenlet_and_coroutine_output_while_main_waits(page, live_server):
    page.goto(live_server.url + "/background")
    ticks = page.locator("#pywebio-scope-ticks")
    for text in ("tick 0", "tick 2", "count 3", "count 1"):
        expect(ticks.get_by_text(text)).to_be_visible()
    # Two forms are open (main and background); the newest shows first.
    page.get_by_label("Background question").fill("bg")
    page.get_by_label("Background question").press("Enter")
    expect(ticks.get_by_text("background got bg")).to_be_visible()
    page.get_by_label("Main question").fill("fg")
    page.get_by_label("Main question").press("Enter")
    expect(root(page).get_by_text("main got fg")).to_be_visible()
    # Closing the tab ends the session after the reconnect window; defer_call runs then.
    page.close()
    deadline = time.monotonic() + 15
    log_url = live_server.url + "/closed-log"
    while "closed background, local=yes" not in requests.get(log_url, timeout=5).json():
        assert time.monotonic() < deadline, "the deferred call never ran"
        time.sleep(0.1)


def test_async_page_awaits_input_sleep_and_run_async(page, live_server):
    page.goto(live_server.url + "/async")
    expect(root(page).get_by_text("async start")).to_be_visible()
    page.get_by_label("Async name").fill("Ada")
    page.get_by_label("Async name").press("Enter")
    expect(root(page).get_by_text("async hello Ada")).to_be_visible()
    expect(root(page).get_by_text("async background")).to_be_visible()


def test_flask_request_session_g_and_url_for_inside_a_page(page, live_server):
    page.goto(live_server.url + "/login/ada")
    page.context.add_cookies([{"name": "flavour", "value": "vanilla", "url": live_server.url}])
    page.goto(live_server.url + "/flask?q=search+me")
    expect(root(page).locator("p")).to_have_text([
        "arg search me", "cookie vanilla", "session user ada", "g 42", "app tests.apps.pages", "url /echo",
    ])


def test_set_env_changes_the_page(page, live_server):
    page.set_viewport_size({"width": 1000, "height": 600})
    # Record which outputs fade in (output_animation).
    page.add_init_script("""window.animated = [];
        const animate = Element.prototype.animate;
        Element.prototype.animate = function (...args) {
            window.animated.push(this.textContent);
            return animate.apply(this, args);
        };""")
    page.goto(live_server.url + "/env")
    field = page.get_by_label("Inline panel")
    expect(field).to_be_visible()
    assert page.evaluate("window.animated") == ["animated"]
    panel = page.locator("#input-container")
    expect(panel).to_have_css("position", "static")           # input_panel_fixed=False
    expect(panel).to_have_css("min-height", "240px")
    expect(field).not_to_be_focused()                         # input_auto_focus=False
    # auto_scroll_bottom: the page followed the output down.
    assert page.evaluate("window.scrollY") > 0


# For each text output as it enters the page: whether it is fading in, its
# opacity then, and how long after the last Enter it came.
RECORD_FADES = """window.fades = {}; let entered = null;
    document.addEventListener("keydown", (e) => { if (e.key === "Enter") entered = performance.now() }, true);
    new MutationObserver((records) => { for (const record of records) for (const node of record.addedNodes) {
        if (node.classList?.contains("webui-text")) window.fades[node.textContent] = {
            fading: node.getAnimations().length > 0, opacity: getComputedStyle(node).opacity,
            afterEnter: entered === null ? null : performance.now() - entered };
    } }).observe(document, {childList: true, subtree: true});"""


def test_an_output_answering_enter_appears_at_once_and_others_fade_in(page, live_server):
    page.add_init_script(RECORD_FADES)
    page.goto(live_server.url + "/fade")
    page.get_by_label("Text").fill("hi")
    page.get_by_label("Text").press("Enter")
    expect(root(page).locator("p")).to_have_text(["welcome", "echo hi", "later"])
    fades = page.evaluate("window.fades")
    assert fades["welcome"]["fading"] and fades["welcome"]["opacity"] == "0", fades
    assert not fades["echo hi"]["fading"] and fades["echo hi"]["opacity"] == "1", fades
    assert fades["later"]["fading"] and fades["later"]["afterEnter"] > 1000, fades


def test_example_notes_previews_markdown_live_and_downloads_it(page, example_server, tmp_path):
    page.goto(example_server.url + "/notes")
    preview = page.locator("#pywebio-scope-preview")
    expect(preview.get_by_role("heading", name="My notes")).to_be_visible()
    page.get_by_label("Markdown").fill("# Shopping\n\n- **milk**")
    expect(preview.get_by_role("heading", name="Shopping")).to_be_visible()
    expect(preview.locator("li strong")).to_have_text("milk")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download notes.md").click()
    target = tmp_path / "notes.md"
    download.value.save_as(target)
    assert target.read_text() == "# Shopping\n\n- **milk**"


def test_example_me_greets_the_logged_in_user(page, example_server):
    page.goto(example_server.url + "/me")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fme$"))
    page.get_by_label("Name").fill("Grace <b>")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello, Grace <b>!")).to_be_visible()
    browser_line = re.compile(r"You use HeadlessChrome on Linux, from 127\.0\.0\.1\.")
    expect(page.get_by_text(browser_line)).to_be_visible()
    page.get_by_role("link", name="Sign out").click()
    page.goto(example_server.url + "/me")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fme$"))
