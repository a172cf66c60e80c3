"""Pages in a real Chromium, driven as a person would."""

import re

import pytest
from playwright.sync_api import expect


def test_bmi_form_computes_the_result(page, example_server):
    page.goto(example_server.url + "/bmi")
    page.get_by_label("Height (cm)").fill("180")
    page.get_by_label("Weight (kg)").fill("81")
    page.get_by_role("button", name="Submit").click()
    result = page.locator("#pywebio-scope-ROOT")
    result.get_by_text("Your BMI").wait_for()
    assert result.inner_text().strip() == "Your BMI: 25.0, category: Overweight"
    assert page.locator("#input-container").is_hidden()


def test_validate_error_shows_under_the_field_and_clears(page, example_server):
    page.goto(example_server.url + "/bmi")
    page.get_by_label("Height (cm)").fill("0")
    page.get_by_label("Weight (kg)").fill("70")
    page.get_by_role("button", name="Submit").click()
    error = page.get_by_text("Must be greater than zero")
    error.wait_for()
    assert page.get_by_label("Height (cm)").get_attribute("aria-invalid") == "true"
    page.get_by_label("Height (cm)").fill("175")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Your BMI").wait_for()
    assert page.locator("#pywebio-scope-ROOT").inner_text().strip().startswith("Your BMI: 22.9")


def test_callback_button_puts_text_while_main_waits(page, example_server):
    page.goto(example_server.url + "/counter")
    page.get_by_role("button", name="Add ten").click()
    page.get_by_text("Clicked: 10").wait_for()
    page.get_by_role("button", name="Add one").click()
    page.get_by_text("Clicked: 11").wait_for()
    assert page.get_by_text("Clicked:").count() == 1  # use_scope(clear=True) replaced it
    page.get_by_label("Your name").fill("Ann")
    page.keyboard.press("Enter")
    page.get_by_text("Hello, Ann!").wait_for()


def test_browser_uses_websocket(page, example_server):
    page.goto(example_server.url + "/counter")
    page.get_by_role("button", name="Add one").wait_for()
    page.wait_for_function("window.webui.transport.transportName === 'websocket'")


# (A retried load asks for it under a URL of its own: ?attempt=N.)
SOCKETIO_CHUNK = re.compile(r"/_webui/static/chunks/socketio-[A-Z0-9]+\.js(\?attempt=\d+)?$")


def test_a_submit_before_the_socketio_client_has_loaded_arrives_once_it_has(page, live_server):
    # The first form comes with the page; the client library loads after it shows.
    held = []
    page.route(SOCKETIO_CHUNK, lambda route: held.append(route))
    page.goto(live_server.url + "/echo")
    page.get_by_label("Say something").fill("early")
    page.keyboard.press("Enter")
    page.wait_for_function("webui.unackedEvents.length === 1 && webui.transport.socket === null")
    assert len(held) == 1, "the page did not ask for the Socket.IO client"
    held[0].continue_()
    expect(page.get_by_text("echo: early")).to_have_count(1)
    page.wait_for_function("window.webui.transport.transportName === 'websocket'")


def test_more_clicks_before_the_connection_than_one_message_carries_all_arrive(page, example_server):
    # 250 clicks queued before Socket.IO connects went out as one message, which
    # the server refuses past 100 events: every one of them was lost.
    held = []
    page.route(SOCKETIO_CHUNK, lambda route: held.append(route))
    page.goto(example_server.url + "/counter")
    page.get_by_role("button", name="Add one").wait_for()
    page.evaluate("() => { const add = [...document.querySelectorAll('button')]"
                  ".find(b => b.textContent.trim() === 'Add one');"
                  " for (let i = 0; i < 250; i++) add.click(); }")
    page.wait_for_function("webui.unackedEvents.length === 250 && webui.transport.socket === null")
    held[0].continue_()
    expect(page.get_by_text(re.compile(r"^Clicked: \d+$"))).to_have_text("Clicked: 250", timeout=30_000)
    expect(page.locator(".webui-toast, .toastify").filter(has_text="refused")).to_have_count(0)


@pytest.mark.parametrize("transport", ["websocket", "http"])
def test_a_late_event_goes_to_the_console_and_a_refusal_to_act_on_to_a_toast(page, live_server, transport):
    """An event for a form that is gone (a blur arriving after its submit) is
    refused as before, but only the console hears of it; a malformed event
    (the person could act: a bug report) still shows."""
    if transport == "http":  # the page falls back to HTTP polling
        page.route(SOCKETIO_CHUNK, lambda route: route.abort())
    page.goto(f"{live_server.url}/echo")
    page.get_by_label("Say something").wait_for()
    page.wait_for_function("(name) => window.webui.transport.transportName === name", arg=transport)
    late = "refused (unexpected): ignored input_event for task 'gone-form': nothing waits for it"
    with page.expect_console_message(lambda message: late in message.text) as warning:
        page.evaluate("webui.sendEvent('input_event', 'gone-form',"
                      " {event_name: 'blur', name: 'text', value: ''})")
    assert warning.value.type == "warning"
    expect(page.locator(".webui-toast")).to_have_count(0)  # (shown with the warning, if at all)
    page.evaluate("webui.sendEvent('no_such_event', 'main', null)")
    expect(page.locator(".webui-toast")).to_contain_text("refused a malformed message: unknown event")


def test_a_page_whose_socketio_client_cannot_load_polls_over_http(page, live_server):
    page.route(SOCKETIO_CHUNK, lambda route: route.abort())
    page.goto(live_server.url + "/echo")
    page.get_by_label("Say something").fill("still here")
    page.keyboard.press("Enter")
    expect(page.get_by_text("echo: still here")).to_have_count(1)
    assert page.evaluate("window.webui.transport.transportName") == "http"


SANITIZER_CHUNK = "**/_webui/static/chunks/sanitize-*.js"
ROOT_TEXTS = "Array.from(document.querySelectorAll('#pywebio-scope-ROOT > *'), e => e.textContent)"


def show_html_after_input(page, live_server):
    page.goto(live_server.url + "/html-after-input")
    page.get_by_label("Show it?").fill("y")
    page.keyboard.press("Enter")


def test_html_waits_for_the_sanitizer_and_what_follows_it_waits_too(page, live_server):
    held = []
    page.route(SANITIZER_CHUNK, lambda route: held.append(route))
    show_html_after_input(page, live_server)
    page.wait_for_function("webui.queue.length > 0 && webui.pumping")  # the answer came, and waits
    assert len(held) == 1, "the page did not ask for the sanitizer"
    assert page.evaluate(ROOT_TEXTS) == []
    held[0].continue_()
    expect(page.get_by_text("after the html")).to_be_visible()
    assert page.evaluate(ROOT_TEXTS) == ["bold", "after the html"]
    assert page.locator("img[onerror]").count() == 0 and page.evaluate("window.__xss") is None


def test_html_whose_sanitizer_cannot_load_shows_as_text(page, live_server):
    page.route(SANITIZER_CHUNK, lambda route: route.abort())
    show_html_after_input(page, live_server)
    expect(page.get_by_text("after the html")).to_be_visible()
    assert page.evaluate(ROOT_TEXTS) == ["<b id='late-html'>bold</b><img src=x onerror='window.__xss = 3'>",
                                         "after the html"]
    assert page.locator("#late-html").count() == 0 and page.evaluate("window.__xss") is None


def test_markdown_and_html_are_sanitized_and_text_is_text(page, live_server):
    page.goto(live_server.url + "/scopes")
    page.get_by_text("hello toast").wait_for()
    assert page.locator("#pywebio-scope-box").inner_text().strip() == "second"
    assert page.locator("#pywebio-scope-ROOT strong").inner_text() == "bold"
    assert page.locator("#pywebio-scope-ROOT b").inner_text() == "html"
    assert page.evaluate("window.__xss") is None
    assert page.locator("#pywebio-scope-ROOT script").count() == 0
    assert page.locator("img[onerror]").count() == 0
    assert page.title() == "Scopes"
    page.get_by_label("Done?").fill("y")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("box cleared").wait_for()
    assert page.locator("#pywebio-scope-box").inner_text().strip() == ""


def test_plain_text_shows_tags_as_typed(page, live_server):
    page.goto(live_server.url + "/echo")
    page.get_by_label("Say something").fill("<b>not bold</b>")
    page.keyboard.press("Enter")
    page.get_by_text("echo: <b>not bold</b>").wait_for()
    assert page.locator("#pywebio-scope-ROOT b").count() == 0


def test_page_error_shows_a_toast(page, live_server):
    page.goto(live_server.url + "/broken")
    page.get_by_text("before the error").wait_for()
    page.get_by_text("An error occurred in this page").wait_for()


def test_every_choice_input_type_in_the_browser(page, live_server):
    page.goto(live_server.url + "/choices")
    submit = page.get_by_role("button", name="Submit")
    page.get_by_label("Size").select_option(label="Large")
    assert page.get_by_role("option", name="Off").is_disabled()
    submit.click()
    page.get_by_label("Toppings").select_option(label=["ham", "olive"])
    submit.click()
    page.get_by_label("Napkins").check()
    page.get_by_label("Fork").check()
    submit.click()
    page.get_by_label("Cash").check()
    submit.click()
    page.get_by_label("Notes").fill("hello")
    submit.click()
    page.get_by_label("Tip").fill("7")
    submit.click()
    page.get_by_label("Rating").fill("3")
    submit.click()
    assert page.get_by_role("button", name="Skip").is_disabled()
    assert page.get_by_role("button", name="Submit").count() == 0  # actions replace our buttons
    page.get_by_role("button", name="Order").click()
    page.get_by_text("'yes' str").wait_for()
    lines = page.locator("#pywebio-scope-ROOT").inner_text().split("\n")
    assert [line for line in lines if line] == [
        "2.5 float", "['ham', 'olive'] list", "[{'n': 1}, None] list", "'cash' str",
        "'hello' str", "7 int", "3.0 float", "'yes' str",
    ]


def test_group_with_actions_shows_the_server_error_then_submits(page, live_server):
    page.goto(live_server.url + "/order")
    page.get_by_label("Name").fill("Ann")
    page.get_by_role("button", name="Save and next").click()
    page.get_by_text("Please fill in this field.").wait_for()
    page.get_by_label("Card").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Ann card save").wait_for()


def test_onchange_updates_another_field_in_the_browser(page, live_server):
    page.goto(live_server.url + "/cities")
    page.get_by_label("Name").fill("Bo")
    page.get_by_text("2 letters").wait_for()
    page.get_by_label("Country").select_option(label="Japan")
    page.get_by_role("option", name="Osaka").wait_for(state="attached")
    page.get_by_label("City").select_option(label="Osaka")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Bo jp osaka").wait_for()
