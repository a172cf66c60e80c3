"""pywebio.session on both implementations."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.conformance.browser import UI, said


def shown(ui: UI, app: str) -> dict[str, Any]:
    ui.open(app)
    ui.wait_output("end of page")
    return ui.observe()


def test_run_js_eval_js_and_set_env(same):
    def drive(ui: UI) -> list[Any]:
        seen = shown(ui, "javascript")
        return [seen, ui.page.title(), ui.page.evaluate("document.body.dataset.mark")]

    theirs = same(drive)
    assert theirs[1:] == ["Session page", "set by run_js"]


def test_local_data_and_info(same):
    theirs = same(lambda ui: shown(ui, "session_data"))
    assert said(theirs["output"]).startswith("visits 2 missing None has True data() is local True")


def test_defer_call_runs_when_go_app_leaves_the_page(same):
    def drive(ui: UI) -> dict[str, Any]:
        shown(ui, "leaving")
        ui.click("Go", within="output")
        ui.page.wait_for_url("**app=after_leaving")
        # flask_webui ends the left session after its reconnect window (1 s
        # on the conformance server; docs/differences.md).
        ui.wait_output("end of page", timeout=15)
        return ui.observe()

    theirs = same(drive)
    assert said(theirs["output"]).startswith("deferred: ['first page ended']")


def test_download_from_a_callback(same):
    def drive(ui: UI) -> list[Any]:
        shown(ui, "downloads")
        with ui.page.expect_download() as download:
            ui.click("Get", within="output")
        return [download.value.suggested_filename, open(download.value.path(), "rb").read()]

    theirs = same(drive)
    assert theirs == ["hello.txt", b"hello file"]


def test_coroutine_page_with_run_async_and_asyncio(same):
    def drive(ui: UI) -> dict[str, Any]:
        ui.open("coroutines")
        ui.wait_output("from run_async")
        ui.fill("data", "Ada")
        ui.click("Submit")
        ui.wait_output("end of page")
        expect(ui.form).to_be_hidden()
        return ui.observe()

    same(drive)


def test_register_thread_lets_a_thread_write_to_the_page(same):
    theirs = same(lambda ui: shown(ui, "threads"))
    assert said(theirs["output"]).startswith("from the thread 0 from the thread 1")
