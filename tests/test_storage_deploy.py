"""Storage across the deployment of docs/deployment.md, in Chromium: the example's
/notes and /counter on two gunicorn servers behind HAProxy, the stores in a
real redis-server (kept on disk, as docs/deployment.md asks of it)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.deployment import deployed

NOTE_ONE = "# From server one\n\nshared *live*"


@pytest.fixture
def deployment(tmp_path: Any):
    with deployed({"WEBUI_RECONNECT_TIMEOUT": "2"}, redis_dir=tmp_path) as running:
        yield running


def browser_on(browser: Any, url: str, server: str, cookies: list[dict[str, Any]] = ()) -> Any:
    """A new browser whose requests HAProxy sends to ``server`` (its sticky cookie)."""
    context = browser.new_context()
    context.add_cookies([{"name": "WEBUI_SERVER", "value": server, "url": url}, *cookies])
    return context


def signed_in(browser: Any, url: str, server: str, user: str, path: str) -> Any:
    page = browser_on(browser, url, server).new_page()
    page.goto(f"{url}/login?next={path}")
    page.get_by_label("Name").fill(user)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(path) + "$"))
    return page


def editor(page: Any) -> Any:
    return page.get_by_label("Markdown")


def preview(page: Any) -> Any:
    return page.locator("#pywebio-scope-preview")


@pytest.mark.slow
def test_notes_and_counts_follow_the_user_across_two_servers_restarts_and_a_redis_outage(browser, deployment):
    url = deployment.url
    one = signed_in(browser, url, "s1", "ada", "/notes")
    two = signed_in(browser, url, "s2", "ada", "/notes")

    # Typed on server 1, shown live in the tab on server 2.
    editor(one).fill(NOTE_ONE)
    expect(preview(two).get_by_role("heading", name="From server one")).to_be_visible()
    expect(editor(two)).to_have_value(NOTE_ONE)

    # One browser's two tabs on two servers count 200 clicks each, at once: 400.
    first = browser_on(browser, url, "s1").new_page()
    first.goto(url + "/counter")
    first.get_by_role("button", name="Add one").wait_for()
    kept = [c for c in first.context.cookies() if c["name"] == "webui_browser"]
    assert kept, "the page set no browser cookie"
    second = browser_on(browser, url, "s2", kept).new_page()
    second.goto(url + "/counter")
    second.get_by_role("button", name="Add one").wait_for()
    click_200 = ("() => { const add = [...document.querySelectorAll('button')]"
                 ".find(b => b.textContent.trim() === 'Add one');"
                 " for (let i = 0; i < 200; i++) add.click(); }")
    first.evaluate(click_200)
    second.evaluate(click_200)
    for page in (first, second):
        expect(page.get_by_text(re.compile(r"^Clicked: \d+$"))).to_have_text("Clicked: 400", timeout=60_000)

    # Both servers restarted: the note is still there.
    deployment.restart_servers()
    one.reload()
    expect(editor(one)).to_have_value(NOTE_ONE, timeout=15_000)
    two.reload()
    expect(editor(two)).to_have_value(NOTE_ONE, timeout=15_000)

    # Redis stopped: the page says the edit was not saved and keeps working.
    deployment.redis.stop()
    editor(one).fill("# While redis is away")
    expect(one.get_by_text("Not saved: the storage is unavailable").first).to_be_visible(timeout=15_000)
    expect(preview(one).get_by_role("heading", name="While redis is away")).to_be_visible()

    # Redis back: edits are saved and reach the other server's tab again.
    deployment.restart_redis()
    for attempt in range(60):
        text = f"# Back {attempt}"
        editor(one).fill(text)
        try:
            expect(editor(two)).to_have_value(text, timeout=500)
            break
        except AssertionError:
            continue
    else:
        raise AssertionError("storage did not come back with Redis")
    two.reload()
    expect(editor(two)).to_have_value(text, timeout=15_000)
    for page in (one, two, first, second):
        page.context.close()
