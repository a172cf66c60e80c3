"""storage.tab in Chromium: a tab keeps its store across reloads, a
duplicated tab (its sessionStorage copied by the browser) starts with a copy
under an id of its own, and another browser's tab starts empty."""

from __future__ import annotations

from playwright.sync_api import expect

TAB_ID = "sessionStorage.getItem('webui-tab')"


def test_a_tab_keeps_its_store_across_reloads_and_a_duplicate_goes_its_own_way(browser, page, live_server):
    url = live_server.url + "/tab-visits"
    page.goto(url)
    expect(page.get_by_text("visit 1 of this tab")).to_be_visible()
    page.reload()
    expect(page.get_by_text("visit 2 of this tab")).to_be_visible()
    original = page.evaluate(TAB_ID)

    with page.context.expect_page() as opened:
        page.evaluate("window.open(location.href)")  # Chromium copies the tab's sessionStorage
    duplicate = opened.value
    expect(duplicate.get_by_text("visit 3 of this tab")).to_be_visible()
    duplicate.wait_for_function(f"{TAB_ID} !== {original!r}")

    page.reload()
    expect(page.get_by_text("visit 3 of this tab")).to_be_visible()  # its own store went on from 2
    assert page.evaluate(TAB_ID) == original
    duplicate.reload()
    expect(duplicate.get_by_text("visit 4 of this tab")).to_be_visible()

    other = browser.new_context().new_page()
    other.goto(url)
    expect(other.get_by_text("visit 1 of this tab")).to_be_visible()
    other.context.close()
