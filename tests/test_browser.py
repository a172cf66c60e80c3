"""Pages in a real Chromium, driven as a person would."""

import sys
from collections.abc import Iterator

import pytest

from tests.helpers import ServerProcess, free_port


@pytest.fixture(scope="module")
def example_server() -> Iterator[ServerProcess]:
    """The README's example app, started as the README says."""
    port = free_port()
    server = ServerProcess([sys.executable, "example/app.py"], port, env={"PORT": str(port)})
    yield server
    server.stop()


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
