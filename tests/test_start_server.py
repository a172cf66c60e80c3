"""start_server and config(): PyWebIO's entry points, served for real."""

import sys

import pytest
from playwright.sync_api import expect

from flask_webui.page_config import PageConfig, config, page_config
from flask_webui.server import create_app
from harness.processes import ServerProcess, free_port


def started(mode):
    port = free_port()
    return ServerProcess([sys.executable, "-m", "tests.apps.started", mode, str(port)], port)


def test_one_app_is_served_at_the_root(page):
    server = started("one")
    try:
        page.goto(server.url + "/")
        expect(page.get_by_text("hello from one app")).to_be_visible()  # an async def page
        expect(page.locator("html")).to_have_attribute("data-bs-theme", "light")
    finally:
        server.stop()


def test_several_apps_an_index_app_selection_config_and_themes(page):
    server = started("many")
    try:
        page.goto(server.url + "/")
        expect(page.get_by_role("link", name="bmi")).to_have_attribute("href", "?app=bmi")
        expect(page.get_by_text("A dark page.")).to_be_visible()  # the first docstring line
        page.get_by_role("link", name="night").click()
        expect(page.get_by_text("dark here")).to_be_visible()
        expect(page).to_have_title("Night")
        expect(page.locator("html")).to_have_attribute("data-bs-theme", "dark")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(33, 37, 41)"
        assert page.evaluate("document.body.dataset.started") == "yes"
        description = page.locator("meta[name=description]")
        expect(description).to_have_attribute("content", "Started with start_server")
        page.get_by_role("button", name="To BMI").click()          # go_app to another app
        expect(page).to_have_url(server.url + "/?app=bmi")
        expect(page).to_have_title("BMI")
        assert page.locator("link[href*='themes/minty-']:not([data-webui=late])").count() == 1
        # Minty's own primary colour, from the theme file served by us.
        submit = page.get_by_role("button", name="Submit")
        expect(submit).to_have_css("background-color", "rgb(120, 194, 173)")
        page.get_by_label("Height (m)").fill("2")
        page.get_by_label("Height (m)").press("Enter")
        expect(page.get_by_text("BMI 20.0")).to_have_css("letter-spacing", "3px")
        page.goto(server.url + "/?app=nothing")
        expect(page.get_by_text("There is no application 'nothing' here.")).to_be_visible()
    finally:
        server.stop()


def test_bad_arguments_are_clear_errors():
    with pytest.raises(ValueError, match="theme must be one of"):
        config(theme="neon")
    with pytest.raises(TypeError, match="unknown option 'colour'"):
        create_app(lambda: None, colour="red")
    with pytest.raises(ValueError, match="must be a Python identifier"):
        create_app({"two words": lambda: None})


def test_config_as_a_decorator_leaves_the_defaults_alone():
    @config(title="Only mine")
    def mine() -> None: ...

    def other() -> None: ...

    assert page_config(mine).title == "Only mine"
    assert page_config(other) == PageConfig()


def test_page_defaults_belong_to_their_app():
    from flask import Flask

    from flask_webui import FlaskWebUI

    def page() -> None: ...

    apps = []
    for name in ("first", "second"):
        app = Flask(name)
        app.config["SECRET_KEY"] = "x"
        apps.append((app, FlaskWebUI(app)))
    (first, first_webui), (second, _second_webui) = apps
    first_webui.config(title="First's")
    with second.app_context():
        config(theme="dark")  # inside an app context: that app's defaults only
    with first.app_context():
        assert page_config(page) == PageConfig(title="First's")
    with second.app_context():
        assert page_config(page) == PageConfig(theme="dark")
    assert page_config(page) == PageConfig()  # outside any app: untouched
