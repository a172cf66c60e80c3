"""Where things show, on both implementations, at a desktop's and a phone's
width: rows of text, boxes beside or under one another, and content
spilling over other widgets (see :mod:`tests.conformance.geometry`).

Every difference found must be one named below with its reason (and in
docs/differences.md), and every one named must still be found. The shares
of PyWebIO's rows that ours shows with the same text and in the same place
are printed at the end of the run.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from harness.processes import ServerProcess
from tests.conformance.browser import UI
from tests.conformance.geometry import Comparison, read

#: Each page and the text that shows once all of it is there.
PAGES = {
    "texts": "end of page", "scopes": "end of page", "tables": "end of page", "buttons": "end of page",
    "messages": "end of page", "layout": "end of page", "blocks": "end of page",
    "containers": "end of page", "progress": "end of page", "media": "end of page",
    "widget": "end of page", "handler": "end of page", "placed": "end of page",
    "pin_widgets": "end of page", "calculator": "result: 42", "noughts": "X to play",
}

#: Forms, by the label that shows once the form is there. A form is a card
#: on PyWebIO's page and a panel at the bottom of ours (docs/differences.md):
#: its rows are compared from its title, its boxes not at all.
FORMS = {
    "text_input": "Your name", "typed_inputs": "Count", "choices": "Toppings", "textareas": "Story",
    "sliders": "Volume", "selects": "Fruit", "readonly_and_datalist": "Fixed", "file_uploads": "Photo",
    "actions_help": "Later", "input_with_action": "Note",
}

WIDTHS = (1100, 375)

_CLOSE_MARK = "a message's close mark is Bootstrap 5's drawn ×, not the × character"
_TABS = "tabs are Bootstrap's framed tabs (each tab a button), not PyWebIO's underlined labels"

#: Differences kept on purpose, by page: a pattern of the difference, and why.
KNOWN: dict[str, list[tuple[str, str]]] = {
    "messages": [
        (r"rows \['(Error|Success) text ×'\] show as \['\1 text'\]", _CLOSE_MARK),
        (r"boxes \['(Error|Success) text × under', '× inside'\] show as \['\1 text under', 'button inside'\]",
         _CLOSE_MARK),
    ],
    "containers": [
        (r"boxes \['First tab first under'\] show as \['First tab Second under'\]", _TABS),
        (r"boxes \[\] show as \['Second tab beside'\]", _TABS),
        (r"boxes \['Open part inside'\] show as \[\]",
         "an open collapse's title has no grey band of its own"),
    ],
    "placed": [(r"boxes \['Tab tab text under'\] show as \['Tab under'\]", _TABS)],
    "sliders": [
        (r"rows \['0\.50'\] show as \['0\.5'\]", "a float slider shows its value as Python prints it"),
        (r"row '30' at \d+,\d+ \(PyWebIO \d+,\d+\)", "a slider's value shows beside the slider's end"),
    ],
    "file_uploads": [
        (r"row '(Pick a text file|Choose file)' at \d+,\d+ \(PyWebIO \d+,\d+\)",
         "a file field is the browser's own file input, its placeholder under it"),
    ],
    "input_with_action": [
        (r"row 'Fill' at \d+,\d+ \(PyWebIO \d+,\d+\)",
         "an input's action button is joined to the field's end (Bootstrap's input group)"),
    ],
    "pin_widgets": [
        (r"rows \['y'\] show as \[\]",
         "a multiple select pin is the browser's own list (PyWebIO adds a button naming the selection)"),
        (r"row '3' at \d+,\d+ \(PyWebIO \d+,\d+\)",
         "a slider's value shows beside the slider's end, some 30 px right of PyWebIO's"),
    ],
}

#: Rows seen, with the same text, in the same place, over the whole run.
TOTALS = {"rows": 0, "same_text": 0, "same_place": 0}


def reading(browser: Any, server: ServerProcess, implementation: str, app: str, width: int) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        ui = UI(context.new_page(), server.url, implementation)
        ui.open(app)
        if app in FORMS:
            ui.wait_form(FORMS[app])
            ui.settle()
            return read(ui.page, ui.selectors["form"], from_first_row=True)
        ui.wait_output(PAGES[app])
        ui.settle()
        return read(ui.page, "#pywebio-scope-ROOT")
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("app", sorted(PAGES) + sorted(FORMS))
def test_things_show_where_pywebio_shows_them(browser, conformance_servers, app, width):
    ours, theirs = (reading(browser, conformance_servers[implementation], implementation, app, width)
                    for implementation in ("flask_webui", "pywebio"))
    comparison = Comparison(ours, theirs)
    TOTALS["rows"] += comparison.rows
    TOTALS["same_text"] += comparison.same_text
    TOTALS["same_place"] += comparison.same_place
    known = KNOWN.get(app, [])
    found = comparison.differences(boxes=app not in FORMS)
    unnamed = [d for d in found if not any(re.fullmatch(pattern, d) for pattern, _ in known)]
    assert not unnamed, f"{app} at {width} px shows otherwise than PyWebIO:\n" + "\n".join(unnamed)
    gone = [pattern for pattern, _ in known if not any(re.fullmatch(pattern, d) for d in found)]
    assert not gone, f"named differences no longer found on {app} at {width} px (drop them): {gone}"
