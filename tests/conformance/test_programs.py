"""Whole programs, written as PyWebIO users write them, on both
implementations: every step a person sees is the same."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.conformance.browser import UI, said


def test_a_form_wizard_with_a_way_back(same):
    def drive(ui: UI) -> list[Any]:
        seen = []
        ui.open("wizard")
        ui.fill("name", "Ada")
        ui.fill("age", "12")
        ui.click("Submit")
        ui.wait_form("Too young")
        seen.append(ui.observe())
        ui.fill("age", "36")
        # Leaving the field checks it again, and the error under it goes: on
        # PyWebIO's page a click on Submit meanwhile can miss the button as it moves up.
        ui.field("age").blur()
        expect(ui.newest_form.get_by_text("Too young")).to_be_hidden()
        ui.click("Submit")
        ui.wait_form("Plan")
        ui.newest_form.get_by_label("Pro (5 €)", exact=True).check()
        ui.click("Submit")
        ui.wait_form("Sign up Ada for pro?")
        seen.append(ui.observe())
        ui.click("Back")
        ui.wait_output("Starting again")
        ui.wait_form("About you")
        ui.fill("name", "Grace")
        ui.fill("age", "40")
        ui.click("Submit")
        ui.wait_form("Plan")
        ui.click("Submit")
        ui.wait_form("Sign up Grace for Free?")
        ui.click("Confirm")
        ui.wait_output("end of page")
        expect(ui.form).to_be_hidden()
        expect(ui.page.locator(ui.selectors["toast"])).to_contain_text("Signed up")
        seen.append(ui.observe())
        return seen

    theirs = same(drive)
    assert said(theirs[2]["output"]).endswith("Field Value Name Grace Age 40 Plan Free end of page")


def test_a_dashboard_fed_by_a_background_thread(same):
    def drive(ui: UI) -> list[Any]:
        ui.open("dashboard")
        ui.click("Click", within="output")
        ui.wait_output("clicked 1")
        ui.wait_output("end of page")
        return ui.page.locator("#pywebio-scope-figures").inner_text().split()

    theirs = same(drive)
    assert theirs == ["ticks", "done", "clicks", "1"]


def test_a_calculator_driven_by_pins(same):
    def drive(ui: UI) -> list[Any]:
        seen = []
        ui.open("calculator")
        ui.wait_output("result: 42")
        ui.output.locator('[name="op"]').select_option("/")
        ui.wait_output("result: 0.857")
        ui.output.locator('[name="b"]').fill("0")
        ui.wait_output("cannot divide by zero")
        ui.output.locator('[name="b"]').fill("")
        ui.wait_output("enter two numbers")
        seen.append(ui.observe())
        ui.output.locator('[name="b"]').fill("3")
        ui.wait_output("result: 2.0")
        seen.append(ui.observe())
        return seen

    same(drive)


def test_noughts_and_crosses_on_a_table_of_buttons(same):
    def drive(ui: UI) -> dict[str, Any]:
        ui.open("noughts")
        ui.wait_output("X to play")
        buttons = ui.page.locator("#pywebio-scope-board").get_by_role("button")
        for index, player in zip((0, 3, 1, 4, 2), "XOXOX", strict=True):
            buttons.nth(index).click()
            if index != 2:
                ui.wait_output(f"{'O' if player == 'X' else 'X'} to play")
        ui.wait_output("X wins")
        return ui.observe()

    theirs = same(drive)
    board = [button for button in theirs["output"]["buttons"] if button[0] in ("X", "O", "·")]
    assert all(disabled for _, disabled in board) and len(board) == 9
