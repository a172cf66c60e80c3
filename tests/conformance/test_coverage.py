"""The conformance suite's table: every public name of PyWebIO 1.8.4's
input, output, pin and session modules exists in flask_webui, and each name
and parameter is checked by a page or listed with the reason it is not."""

from __future__ import annotations

import importlib
import pathlib
import re

from tests.conformance import coverage
from tests.conformance.pages import APPS

HERE = pathlib.Path(__file__).parent
DOC = HERE.parents[1] / "docs" / "compatibility.md"


def test_flask_webui_has_every_public_name_of_pywebio():
    missing = {}
    for module_name in coverage.MODULES:
        theirs = importlib.import_module(f"pywebio.{module_name}")
        ours = importlib.import_module(f"flask_webui.{module_name}")
        gaps = [name for name in theirs.__all__ if name not in ours.__all__ or not hasattr(ours, name)]
        if gaps:
            missing[module_name] = gaps
    assert missing == {}


def test_every_name_and_parameter_is_checked_or_listed_with_a_reason():
    checked = coverage.covered()
    api = coverage.pywebio_api()
    silent = [item for item in api if item not in checked and not coverage.why_not_covered(item)]
    assert silent == []
    excused = {entry: [item for item in api if item == entry or item.startswith(entry + ":")]
               for entry in coverage.NOT_COVERED}
    stale = [entry for entry, items in excused.items() if all(item in checked for item in items)]
    assert stale == []
    unknown = [item for item in checked if item not in api]
    assert unknown == []


def test_every_page_is_driven_by_a_test():
    sources = "\n".join(path.read_text() for path in HERE.glob("test_*.py"))
    # ui.open("app"), a helper's (ui, "app"), or a page reached by going to ?app=...
    opened = set(re.findall(r'(?:ui\.open\(|\(ui, )"(\w+)"|app=(\w+)"', sources))
    opened = {name for pair in opened for name in pair if name}
    assert sorted(set(APPS) - opened) == []


def test_the_compatibility_table_in_docs_is_current():
    assert DOC.read_text() == coverage.markdown_table(), (
        "regenerate: python -m tests.conformance.coverage > docs/compatibility.md")
