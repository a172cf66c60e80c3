"""pywebio.pin on both implementations: pins shown among the output, read
back with their types, updated, waited on and watched."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.conformance.browser import UI, assert_same, said


def opened(ui: UI, app: str) -> dict[str, Any]:
    ui.open(app)
    ui.wait_output("end of page")
    return ui.observe()


def pin_field(ui: UI, name: str) -> Any:
    return ui.output.locator(f'[name="{name}"]:visible')


def multiple_select_as_kept(observation: dict[str, Any]) -> dict[str, Any]:
    """Kept on purpose (docs/differences.md): a multiple select pin is the
    browser's own list box; PyWebIO also shows a bootstrap-select button
    naming the selection."""
    output = observation["output"]
    output["buttons"] = [button for button in output["buttons"] if button[0] != "y"]
    return observation


def test_pin_widgets_show_and_read_back(both):
    def drive(ui: UI) -> list[Any]:
        before = opened(ui, "pin_widgets")
        pin_field(ui, "word").fill("changed")
        pin_field(ui, "number").fill("12")
        pin_field(ui, "story").fill("A new story")
        pin_field(ui, "fruit").select_option(label="Fig")
        ui.output.get_by_label("cheese", exact=True).check()
        ui.output.get_by_label("L", exact=True).check()
        pin_field(ui, "level").fill("8")
        ui.click("Read", within="output")
        ui.wait_output("read done")
        return [before, ui.page.locator("#pywebio-scope-values").inner_text().splitlines()]

    ours, theirs = both(drive)
    theirs[0] = multiple_select_as_kept(theirs[0])
    assert_same(ours, theirs)
    assert "fruit = int 7" in theirs[1] and "number = int 12" in theirs[1]


def test_pin_update(same):
    def drive(ui: UI) -> list[Any]:
        before = opened(ui, "pin_updates")
        ui.click("Update", within="output")
        ui.wait_output("updated")
        expect(pin_field(ui, "word")).to_have_value("after")
        return [before, ui.observe()]

    theirs = same(drive)
    assert "New" in said(theirs[1]["output"])


def test_pin_wait_change(same):
    def drive(ui: UI) -> dict[str, Any]:
        opened(ui, "pin_waits")
        pin_field(ui, "second").select_option("b")
        ui.wait_output("changed second to 'b'")
        pin_field(ui, "first").fill("typed")
        ui.wait_output("changed first to 'typed'")
        return ui.observe()

    theirs = same(drive)
    assert said(theirs["output"]).endswith("changed second to 'b' changed first to 'typed'")


def test_pin_wait_change_times_out(same):
    def drive(ui: UI) -> dict[str, Any]:
        opened(ui, "pin_wait_times_out")
        ui.wait_output("waited: None")
        return ui.observe()

    same(drive)


def test_pin_on_change_and_assignment(same):
    def drive(ui: UI) -> dict[str, Any]:
        opened(ui, "pin_callbacks")
        ui.output.get_by_label("two", exact=True).check()
        ui.wait_output("choice is two")
        ui.click("Set", within="output")
        ui.wait_output("pin.watched is set by code")
        expect(pin_field(ui, "watched")).to_have_value("set by code")
        return ui.observe()

    theirs = same(drive)
    assert "dropped:" not in said(theirs["output"])


def test_pin_actions_and_file_upload(both, tmp_path):
    document = tmp_path / "doc.txt"
    document.write_bytes(b"pin file")

    def drive(ui: UI) -> dict[str, Any]:
        opened(ui, "pin_actions_and_files")
        ui.click("Go", within="output")
        ui.wait_output("changed act")
        pin_field(ui, "doc").set_input_files(document)
        ui.wait_output("changed doc:")
        return ui.observe()

    ours, theirs = both(drive)
    # Kept on purpose (docs/differences.md): the chosen file's name shows in
    # the browser's own file field, and the upload's progress in a bar under
    # it (PyWebIO: a label naming the file, and toasts while uploading).
    theirs["output"]["texts"].remove("doc.txt")
    theirs["toasts"] = [toast for toast in theirs["toasts"] if "File Uploading" not in toast["text"]]
    ours["output"]["texts"].remove("100%")
    assert_same(ours, theirs)
    assert said(theirs["output"]).endswith("changed doc: doc.txt b'pin file'; act is 'Go'")


def test_code_editor_pin_reports_what_is_typed(same):
    def drive(ui: UI) -> dict[str, Any]:
        opened(ui, "code_editor")
        editor = ui.output.locator(ui.selectors["editor"])
        expect(editor).to_be_visible()
        editor.click()
        ui.page.keyboard.press("End")
        ui.page.keyboard.type("0")
        ui.wait_output("source now 'x = 10'")
        return ui.observe()

    theirs = same(drive)
    assert theirs["output"]["editor_lines"] == ["x = 10"]
