"""The live-sessions admin page in Chromium: it lists the live sessions,
sends an operator's notice to a page, ends a session (its user is told),
and is open only to whom the app lets in."""

from __future__ import annotations

import requests
from playwright.sync_api import expect

from flask_webui.operations.admin import ENDED_BY_OPERATOR, ago


def open_admin(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/login/admin")
    page.goto(f"{live_server.url}/admin/webui")
    expect(page.get_by_role("heading", name="Live sessions")).to_be_visible()
    return context, page


def row_of(admin, page_name: str):
    return admin.get_by_role("row").filter(has=admin.get_by_role("cell", name=page_name, exact=True))


def test_an_operator_sees_a_session_sends_it_a_notice_and_ends_it(browser, page, live_server):
    page.goto(f"{live_server.url}/until-stopped")
    expect(page.get_by_label("Waiting for the server to stop")).to_be_visible()
    context, admin = open_admin(browser, live_server)
    try:
        row = row_of(admin, "until_stopped")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("websocket")
        # Whose stores it uses: its browser's id (from the signed cookie), not their contents.
        signed = next(c["value"] for c in page.context.cookies() if c["name"] == "webui_browser")
        expect(row).to_contain_text(signed.rpartition(".")[0])
        admin.get_by_label("Notice").fill("Maintenance at noon")
        row.get_by_role("button", name="Send notice").click()
        expect(page.locator(".webui-toast")).to_contain_text("Maintenance at noon")
        expect(admin.locator(".webui-toast")).to_contain_text("Notice sent to 1 page.")
        row.get_by_role("button", name="End", exact=True).click()
        expect(page.locator("#webui-status")).to_contain_text(ENDED_BY_OPERATOR)
        expect(row_of(admin, "until_stopped")).to_have_count(0)
        expect(admin.get_by_text("this page")).to_be_visible()  # its own session, without buttons
    finally:
        context.close()


def test_a_notice_to_every_page_reaches_each_but_the_admin_page(browser, page, live_server):
    page.goto(f"{live_server.url}/echo")
    expect(page.get_by_label("Say something")).to_be_visible()
    context, admin = open_admin(browser, live_server)
    try:
        expect(row_of(admin, "echo").first).to_be_visible()
        admin.get_by_role("button", name="Send to every page").click()
        expect(admin.locator(".webui-toast")).to_contain_text("Write the notice first.")
        admin.get_by_label("Notice").fill("Back in five")
        admin.get_by_role("button", name="Send to every page").click()
        expect(page.locator(".webui-toast")).to_contain_text("Back in five")
        expect(admin.locator(".webui-toast", has_text="Back in five")).to_have_count(0)
    finally:
        context.close()


def test_an_operator_erases_a_users_stored_data_and_their_tab_starts_afresh(browser, page, live_server):
    page.goto(f"{live_server.url}/login/erin")
    page.goto(f"{live_server.url}/tab-visits")
    expect(page.get_by_text("visit 1 of this tab")).to_be_visible()
    page.reload()
    expect(page.get_by_text("visit 2 of this tab")).to_be_visible()
    context, admin = open_admin(browser, live_server)
    try:
        erase = admin.get_by_role("button", name="Erase the user's stored data")
        erase.click()
        expect(admin.locator(".webui-toast")).to_contain_text("Write the user id first.")
        admin.get_by_label("User id").fill("erin")
        erase.click()
        # Erin's own store and the store of the tab she used.
        erased = admin.locator(".webui-toast", has_text="Erased")
        expect(erased).to_contain_text("Erased 2 stores of user 'erin'.")
    finally:
        context.close()
    page.reload()
    expect(page.get_by_text("visit 1 of this tab")).to_be_visible()


def test_the_admin_page_is_open_only_to_whom_the_app_lets_in(live_server):
    assert requests.get(f"{live_server.url}/admin/webui", timeout=5).status_code == 403
    http = requests.Session()
    http.get(f"{live_server.url}/login/someone", timeout=5)
    assert http.get(f"{live_server.url}/admin/webui", timeout=5).status_code == 403


def test_ages_read_as_a_person_reads_them():
    assert [ago(4), ago(75), ago(7300)] == ["4 s", "1 min", "2 h"]
