"""Output widgets in a real Chromium: what is on screen, and what clicks do."""

import base64

from playwright.sync_api import expect

from tests.apps.output_pages import png


def root(page):
    return page.locator("#pywebio-scope-ROOT")


def open_widgets(page, live_server):
    """Open /widgets and wait until all of it is applied (its form comes last)."""
    page.goto(live_server.url + "/widgets")
    page.get_by_label("Done?").wait_for()


def test_code_table_image_and_links(page, live_server):
    open_widgets(page, live_server)
    code = root(page).locator("pre code.language-python")
    expect(code).to_have_text("def f():\n    return 1")
    expect(code.locator(".hljs-keyword").first).to_have_text("def")  # highlighted
    table = root(page).get_by_role("table").first
    expect(table.get_by_role("columnheader")).to_have_text(["Fruit", "Price"])
    expect(table.get_by_role("cell", name="Total: 2")).to_have_attribute("colspan", "2")
    table.get_by_role("button", name="Buy pear").click()
    expect(root(page).get_by_text("bought pear")).to_be_visible()
    image = root(page).get_by_role("img", name="red square")
    expect(image).to_have_attribute("width", "24px")
    src = image.get_attribute("src")
    assert base64.b64decode(src.split(",", 1)[1]) == png(4, 4, (255, 0, 0))
    assert image.evaluate("img => img.complete && img.naturalWidth") == 4  # the browser decoded it
    expect(root(page).get_by_role("link", name="Echo page")).to_have_attribute("href", "/echo")
    expect(root(page).get_by_role("link", name="Elsewhere")).to_have_attribute("target", "_blank")


def test_put_file_downloads_the_bytes(page, live_server, tmp_path):
    open_widgets(page, live_server)
    with page.expect_download() as info:
        root(page).get_by_role("button", name="Get the file").click()
    download = info.value
    assert download.suggested_filename == "hello.txt"
    target = tmp_path / "hello.txt"
    download.save_as(target)
    assert target.read_bytes() == b"hello world"


def test_messages_collapse_and_custom_widget(page, live_server):
    open_widgets(page, live_server)
    alerts = root(page).get_by_role("alert")
    expect(alerts).to_have_count(4)
    expect(alerts.nth(0)).to_have_class("alert alert-info alert-dismissible")
    expect(alerts.nth(3).locator("strong")).to_have_text("A bold error")
    alerts.nth(0).get_by_role("button", name="Close").click()
    expect(root(page).get_by_text("An info")).to_have_count(0)
    hidden = root(page).get_by_text("hidden text")
    expect(hidden).to_be_hidden()
    root(page).get_by_text("Closed section").click()
    expect(hidden).to_be_visible()
    # Output put inside `with put_collapse(...)` lands inside it.
    inside = root(page).locator("details", has_text="Open section").get_by_text("inside the collapse")
    expect(inside).to_be_visible()
    widget = root(page).locator("section.my-widget")
    expect(widget.get_by_role("heading")).to_have_text("Custom <title>")  # data is escaped
    expect(widget.locator("del")).to_have_text("struck")  # nested markdown rendered
    expect(widget).to_contain_text("plain item")


def test_layouts_scrollable_and_tabs(page, live_server):
    open_widgets(page, live_server)
    expect(root(page).get_by_text("right cell")).to_be_visible()
    # Both boxes in one go: content above (a lazily highlighted code block) may still move them.
    left, right = page.evaluate("""() => ['left cell', 'right cell'].map(text =>
        [...document.querySelectorAll('p')].find(p => p.textContent === text)
            .getBoundingClientRect().toJSON())""")
    assert left["y"] == right["y"]
    assert left["x"] < right["x"]
    top, bottom = root(page).get_by_text("top cell"), root(page).get_by_text("bottom cell")
    assert top.bounding_box()["y"] < bottom.bounding_box()["y"]
    g1, wide = root(page).get_by_text("g1", exact=True), root(page).get_by_text("wide cell")
    assert wide.bounding_box()["width"] > g1.bounding_box()["width"]  # spans both columns
    scrollable = root(page).locator(".webui-scrollable")
    box = scrollable.bounding_box()
    assert 110 <= box["height"] <= 130
    assert scrollable.evaluate("e => e.scrollHeight > e.clientHeight")
    second = root(page).get_by_role("tabpanel", name="Second")
    expect(root(page).get_by_text("first tab text")).to_be_visible()
    expect(second).to_be_hidden()
    root(page).get_by_role("tab", name="Second").click()
    expect(second.get_by_text("second tab text")).to_be_visible()
    expect(root(page).get_by_text("first tab text")).to_be_hidden()
    expect(root(page).locator("#pywebio-scope-box")).to_have_text("in the box")


def test_style_and_onclick(page, live_server):
    open_widgets(page, live_server)
    expect(root(page).get_by_text("red text")).to_have_css("color", "rgb(255, 0, 0)")
    root(page).get_by_text("click this text").click()
    expect(page.get_by_text("text clicked")).to_be_visible()


def test_progressbars_and_loading(page, live_server):
    page.goto(live_server.url + "/progress")
    job = root(page).get_by_role("progressbar", name="job")
    expect(job).to_have_attribute("aria-valuenow", "25")
    expect(job).to_have_text("25.0%")
    expect(root(page).get_by_role("progressbar", name="temp")).to_be_visible()
    expect(root(page).get_by_text("loaded")).to_be_visible()
    # The loading block and what was put inside it are gone; the other spinner stays.
    expect(root(page).get_by_text("loading inside")).to_have_count(0)
    expect(root(page).get_by_role("status")).to_have_count(1)
    root(page).get_by_role("button", name="Advance").click()
    expect(job).to_have_text("three quarters")
    expect(job).to_have_attribute("aria-valuenow", "75")
    expect(root(page).get_by_role("progressbar", name="temp")).to_have_count(0)  # auto_close


def test_popup_as_context_manager_and_closing(page, live_server):
    page.goto(live_server.url + "/popups")
    page.get_by_role("button", name="Open popup").click()
    dialog = page.get_by_role("dialog", name="Dialog title")
    expect(dialog.get_by_text("inside the dialog")).to_be_visible()
    expect(dialog.get_by_text("also in the dialog")).to_be_visible()
    dialog.get_by_role("button", name="Close it").click()
    expect(dialog).to_have_count(0)
    page.get_by_role("button", name="Open popup").click()
    expect(dialog).to_be_visible()
    page.mouse.click(5, 5)  # implicit_close: a click outside closes it
    expect(page.get_by_role("dialog")).to_have_count(0)
    page.get_by_role("button", name="Open fixed").click()
    fixed = page.get_by_role("dialog", name="Fixed")
    expect(fixed).to_be_visible()
    expect(fixed.get_by_role("button", name="Close")).to_have_count(0)  # not closable
    page.mouse.click(5, 5)
    expect(fixed).to_be_visible()


def test_callbacks_may_ask_for_input_and_run_serially(page, live_server):
    page.goto(live_server.url + "/clicks")
    page.get_by_role("button", name="Ask").click()
    field = page.get_by_label("Name from the callback")
    field.fill("Zoe")
    field.press("Enter")
    expect(page.locator("#pywebio-scope-answers")).to_have_text("callback got Zoe")
    page.get_by_role("button", name="One").click()
    page.get_by_role("button", name="Two").click()
    serial = page.locator("#pywebio-scope-serial .webui-text")
    expect(serial).to_have_text(["start One", "end One", "start Two", "end Two"])
    expect(page.get_by_role("button", name="Off")).to_be_disabled()


def test_no_script_runs_from_markdown_table_button_toast_or_datatable(page, live_server):
    page.goto(live_server.url + "/sanitize")
    expect(root(page).get_by_text("sanitize done")).to_be_visible()
    expect(page.locator(".webui-toast")).to_be_visible()
    xss = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    expect(root(page).locator(".ag-cell")).to_have_text(xss)  # grid cells show text
    root(page).locator(".ag-cell").click()
    expect(root(page).locator(".webui-datatable-tools button", has_text="window.pwned=2")).to_have_text(xss)
    # A broken image of our own, loaded after the page's: once its error
    # event ran, an injected onerror on the page's images would have run too.
    page.evaluate("""() => new Promise((done) => {
        const control = new Image(); control.onerror = done; control.src = "x";
    })""")
    assert page.evaluate("window.pwned") is None
    assert root(page).locator("script").count() == 0
    expect(root(page).get_by_role("columnheader").nth(1)).to_have_text(
        '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>')


def test_the_scripts_of_unsanitized_html_run_in_order_and_no_others(page, live_server):
    page.goto(live_server.url + "/html-scripts")
    expect(root(page).get_by_text("scripts done")).to_be_visible()
    expect(root(page).locator("#inline-run")).to_have_text("inline ran")
    page.wait_for_function("() => (window.scriptOrder || []).length === 2")
    assert page.evaluate("window.scriptOrder") == ["first", "second"]
    expect(root(page).locator("#sanitized-run")).to_have_text("sanitized")
    assert page.evaluate("window.pwned") is None


def test_markdown_links_that_would_run_script_lose_their_url(page, live_server):
    page.goto(live_server.url + "/sanitize")
    expect(root(page).get_by_text("sanitize done")).to_be_visible()
    for name in ("plain", "cased", "data"):
        link = root(page).get_by_text(name, exact=True)
        expect(link).to_be_visible()
        href = link.get_attribute("href") or ""
        assert not href.strip().lower().startswith(("javascript:", "data:")), href
        link.click()
    assert page.evaluate("window.pwned") is None


def test_scope_positions_and_if_exist(page, live_server):
    page.goto(live_server.url + "/scope-rules")
    expect(page.locator("#pywebio-scope-a .webui-text")).to_have_text(["a replaced"])
    expect(page.locator("#pywebio-scope-b .webui-text")).to_have_text(["b after clear"])
    expect(page.locator("#pywebio-scope-b")).to_have_count(1)
    expect(page.locator("#pywebio-scope-p .webui-text")).to_have_text(
        ["p-top", "p-after-first", "p0", "p-second-last", "p1"])
    # set_scope(if_exist="remove") made a new "b" at the end of ROOT.
    order = page.evaluate("Array.from(document.querySelectorAll('#pywebio-scope-ROOT > div')).map(e => e.id)")
    assert order == ["pywebio-scope-p", "pywebio-scope-a", "pywebio-scope-b", "pywebio-scope-r"]
    expect(page.locator("#pywebio-scope-r .webui-text")).to_have_text(["r1", "r3"])


def test_the_example_outputs_tour(page, example_server):
    page.goto(example_server.url + "/outputs")
    page.get_by_role("button", name="What time is it?").click()
    expect(page.locator("#pywebio-scope-clock")).to_contain_text("on the server.")
    page.get_by_role("button", name="Run the progress bar").click()
    expect(root(page).get_by_role("progressbar", name="work")).to_have_text("100.0%")
    page.get_by_role("button", name="Buy").click()
    expect(page.get_by_text("Apple bought")).to_be_visible()
    page.get_by_role("button", name="Open a popup").click()
    dialog = page.get_by_role("dialog", name="A popup")
    dialog.get_by_role("button", name="Close").last.click()
    expect(dialog).to_have_count(0)
    page.get_by_role("button", name="Clear the time").click()
    expect(page.locator("#pywebio-scope-clock")).to_be_empty()
    grid = root(page).locator(".webui-datatable")
    grace = grid.get_by_role("gridcell", name="Grace Hopper", exact=True)
    grace.click()
    expect(page.get_by_text("Row 2 selected")).to_be_visible()
    grid.get_by_role("button", name="Clone").click()
    expect(grace).to_have_count(2)
    grace.last.click()
    expect(page.get_by_text("Row 3 selected")).to_be_visible()
    grid.get_by_role("button", name="Shout").click()
    expect(grid.get_by_role("gridcell", name="GRACE HOPPER", exact=True)).to_have_count(1)
    assert page.evaluate("document.querySelectorAll('#pywebio-scope-ROOT script').length") == 0


def grid_rows(grid):
    """The displayed rows of an AG Grid as lists of cell texts, in row order."""
    return grid.evaluate("""grid => {
        const rows = new Map();  // row-index -> cell texts, across pinned/center containers
        for (const row of grid.querySelectorAll('.ag-row[row-index]')) {
            const index = Number(row.getAttribute('row-index'));
            const cells = [...row.querySelectorAll('.ag-cell')].map(cell => cell.textContent);
            rows.set(index, [...(rows.get(index) || []), ...cells]);
        }
        return [...rows.keys()].sort((a, b) => a - b).map(index => rows.get(index));
    }""")


def test_datatable_sorts_selects_and_runs_actions(page, live_server):
    chunks = []
    page.on("request", lambda request: "/chunks/datatable" in request.url and chunks.append(request.url))
    page.goto(live_server.url + "/datatable")
    page.get_by_label("Done?").wait_for()
    people, ids = root(page).locator(".webui-datatable").nth(0), root(page).locator(".webui-datatable").nth(1)
    expect(people.locator(".ag-row")).to_have_count(3)
    expect(people.locator(".ag-header-group-cell")).to_have_text(["Born"])  # nested records
    expect(people.locator(".ag-header-cell-text")).to_have_text(["Name", "Year of birth", "Place", "Code"])
    assert grid_rows(people)[0] == ["Ada", "1815", "London", "A1"]  # JSFunction formatter ran
    assert len(chunks) == 1  # the grid's chunk, loaded once for both tables

    people.locator(".ag-header-cell", has_text="Year of birth").click()  # sort ascending
    page.wait_for_function("""() => document.querySelector('.webui-datatable .ag-row[row-index="2"]')
        ?.textContent.includes('Alan')""")
    assert [row[0] for row in grid_rows(people)] == ["Ada", "Grace", "Alan"]

    people.get_by_text("Grace").click()
    expect(root(page).get_by_text("selected 2")).to_be_visible()
    expect(people.get_by_text("Selected 1 row")).to_be_visible()
    expect(people.locator(".webui-datatable-cell")).to_have_text("Grace")  # the focused cell's content
    people.get_by_role("button", name="Show").click()
    expect(root(page).get_by_text("action on 2 (int)")).to_be_visible()
    people.get_by_role("button", name="Rename").click()
    expect(people.get_by_role("gridcell", name="Ada L.")).to_be_visible()
    assert sorted(row[0] for row in grid_rows(people)) == ["Ada", "Ada L.", "Alan"]

    page.get_by_role("button", name="Insert").click()
    expect(people.locator(".ag-row")).to_have_count(4)
    expect(people.get_by_role("gridcell", name="Linus")).to_be_visible()
    people.get_by_text("Linus").click()
    expect(root(page).get_by_text("selected 3")).to_be_visible()  # inserted rows take the next index
    people.get_by_role("button", name="Remove").click()
    expect(people.locator(".ag-row")).to_have_count(3)
    expect(people.get_by_role("gridcell", name="Linus")).to_have_count(0)

    # Multiple selection with checkboxes, ids from id_field as the Python values.
    checkboxes = ids.locator(".ag-row .ag-checkbox-input")
    checkboxes.nth(0).check()
    checkboxes.nth(1).check()
    expect(ids.get_by_text("Selected 2 rows")).to_be_visible()
    ids.get_by_role("button", name="Sum").click()
    expect(root(page).get_by_text("ids [7, 9]")).to_be_visible()
    page.get_by_role("button", name="Replace").click()
    expect(ids.locator(".ag-row[row-index]")).to_have_count(1)
    assert [row[1:] for row in grid_rows(ids)] == [["1", "10"]]  # after the checkbox column
