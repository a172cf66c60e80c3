"""Driving a conformance page in Chromium the same way on both implementations.

A :class:`UI` acts as a person does (fill a field found by its name, click a
button by its text) and observes what a person sees: the visible words of
the output, of the form, of a dialog and of toasts, in reading order, and the
state of each visible control. Only where the two pages are built
differently (toasts, dialogs, tab strips, code editors) does it pick a
selector per implementation; the observation itself is the same code for
both (AG Grid's rows are read in the order they show, not their DOM order).
"""

from __future__ import annotations

import difflib
import json
from typing import Any

from playwright.sync_api import Page, expect

#: Elements that differ between the two front ends.
SELECTORS = {
    "pywebio": {
        "toast": ".toastify", "toast_close": ".toast-close", "popup": ".modal.show .modal-content",
        "form": "#input-cards > .card",
        "titles": ".card-header, .modal-title",
        "skip": ".webio-tabs > label, .webio-tabs > input, .CodeMirror, .ag-root-wrapper",
        "tab": ".webio-tabs > label", "selected_tab": ".webio-tabs > input:checked + label",
        "editor": ".CodeMirror", "editor_line": ".CodeMirror-code pre.CodeMirror-line",
    },
    "flask_webui": {
        "toast": ".webui-toast", "toast_close": ".webui-toast-close", "popup": ".webui-popup",
        "form": "#input-cards > form",
        "titles": ".webui-form-title, .webui-popup-title",
        "skip": "[role=tab], .cm-editor, .ag-root-wrapper",
        "tab": "[role=tab]", "selected_tab": "[role=tab][aria-selected=true]",
        "editor": ".cm-editor", "editor_line": ".cm-line",
    },
}

_OBSERVE = """
(root, [skip, chrome]) => {
  const shown = (element) => element.checkVisibility({ visibilityProperty: true });
  // The words a person reads, in order, as the browser lays them out: text
  // in the same block runs together, a new block starts a new word. Button
  // labels are read from the buttons (below).
  const blockOf = (element) => {
    let node = element;
    while (node !== root && getComputedStyle(node).display === "inline") node = node.parentElement;
    return node;
  };
  let flow = "";
  let lastBlock = null;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(`button, script, style, option, textarea, ${skip}`) || !shown(parent)) {
      continue;
    }
    const block = blockOf(parent);
    flow += (block === lastBlock ? "" : " ") + node.textContent;
    lastBlock = block;
  }
  const texts = flow.split(/\\s+/).filter(Boolean);
  const controls = [];
  for (const element of root.querySelectorAll("input, select, textarea")) {
    const labelShown = Array.from(element.labels || []).some(shown);
    // A hidden textarea is a code editor's store: the editor is observed instead.
    if (element.tagName === "TEXTAREA" && !shown(element)) continue;
    if (element.type === "hidden" || element.closest(skip) || !(shown(element) || labelShown)) continue;
    // Choices are seen by their texts (their value attributes are each
    // implementation's own encoding, which nobody sees).
    const choice = element.type === "checkbox" || element.type === "radio" || element.tagName === "SELECT";
    const control = {
      name: element.name, type: element.type, placeholder: element.placeholder || "",
      disabled: element.disabled, readonly: !!element.readOnly, multiple: !!element.multiple,
    };
    if (!choice) control.value = element.value;
    if (element.type === "checkbox" || element.type === "radio") control.checked = element.checked;
    if (element.tagName === "SELECT") {
      control.options = Array.from(element.options, (o) => [o.text, o.selected, o.disabled]);
    }
    for (const name of ["min", "max", "step", "maxlength", "minlength", "accept", "rows"]) {
      if (element.hasAttribute(name)) control[name] = element.getAttribute(name);
    }
    // Without a step attribute a number or range field steps by 1.
    if (["number", "range"].includes(element.type) && !control.step) control.step = "1";
    controls.push(control);
  }
  // (Tab strips and code editors are built differently on each page; they
  // are observed on their own.)
  // A close button reads "×" on one page and is an icon labelled "Close" on
  // the other: both are "close".
  const buttons = Array.from(root.querySelectorAll("button")).filter((b) => shown(b) && !b.matches(skip))
    .map((b) => {
    const name = b.textContent.replace(/\\s+/g, " ").trim() || b.getAttribute("aria-label") || "";
    return [["×", "Close"].includes(name) ? "close" : name, b.disabled];
  }).filter(([name]) => name);
  // The elements that give text its meaning: headings, code, lists, tables,
  // links, images, emphasis (not the form's or dialog's title element).
  const meaningful = "h1, h2, h3, h4, h5, h6, pre, ul, ol, li, table, th, td, a, img, strong, b, em, i, hr";
  const elements = Array.from(root.querySelectorAll(meaningful))
    .filter((e) => shown(e) && !e.closest(skip) && !e.matches(chrome))
    .filter((e) => !(e.tagName === "I" && !e.textContent.trim()))
    .map((e) => {
      const tag = e.tagName.toLowerCase().replace(/^strong$/, "b").replace(/^em$/, "i");
      if (tag === "a") return `a ${e.getAttribute("href")} ${e.target || "_self"}`;
      if (tag === "img") return `img ${e.alt || e.title} ${e.style.width || e.getAttribute("width") || ""}`;
      return tag;
    });
  return { texts, controls, buttons, elements };
}
"""


_GRID = """
(grid) => {
  const headers = Array.from(grid.querySelectorAll(".ag-header-cell-text, .ag-header-group-text"),
    (e) => e.textContent.trim()).filter(Boolean);
  const rows = Array.from(grid.querySelectorAll(".ag-row:not(.ag-header-row)"))
    .sort((a, b) => Number(a.getAttribute("row-index")) - Number(b.getAttribute("row-index")))
    .map((row) => Array.from(row.querySelectorAll(".ag-cell"), (cell) => cell.textContent.trim()))
    .filter((cells) => cells.length);  // (pinned-side rows with no column)
  return { headers, rows };
}
"""


_TABLE = """
(table) => {
  // Each cell where it shows: its row and column among the table's distinct
  // top and left edges, how many of them it covers, and its text.
  const cells = Array.from(table.querySelectorAll("th, td")).filter((c) => c.closest("table") === table);
  const boxes = cells.map((c) => c.getBoundingClientRect());
  const edges = (key) => [...new Set(boxes.map((b) => Math.round(b[key])))].sort((a, b) => a - b);
  const tops = edges("top");
  const lefts = edges("left");
  const covered = (starts, from, to) => starts.filter((s) => s >= Math.round(from) && s < to - 1).length;
  return cells.map((cell, i) => {
    const box = boxes[i];
    const row = tops.indexOf(Math.round(box.top));
    const col = lefts.indexOf(Math.round(box.left));
    const spans = `${covered(tops, box.top, box.bottom)}x${covered(lefts, box.left, box.right)}`;
    return `${row},${col} ${spans} ${cell.innerText.replace(/\\s+/g, " ").trim()}`;
  });
}
"""


class UI:
    """One implementation's page in one browser tab."""

    def __init__(self, page: Page, base_url: str, implementation: str) -> None:
        self.page = page
        self.base_url = base_url
        self.implementation = implementation
        self.selectors = SELECTORS[implementation]
        # Mark each form that has held the focus (see fill()).
        page.add_init_script("""document.addEventListener("focusin", (event) => {
            const form = event.target.closest && event.target.closest("#input-cards > *");
            if (form) form.dataset.hadFocus = "1";
        }, true);""")

    def open(self, app: str) -> None:
        """Load ``/?app=NAME`` and wait until its output or form shows."""
        self.page.goto(f"{self.base_url}/?app={app}")
        self.page.locator("#pywebio-scope-ROOT").wait_for(state="attached")

    @property
    def form(self) -> Any:
        return self.page.locator("#input-container")

    @property
    def output(self) -> Any:
        return self.page.locator("#pywebio-scope-ROOT")

    @property
    def newest_form(self) -> Any:
        """The form shown last (PyWebIO fades a submitted one out meanwhile)."""
        return self.page.locator(self.selectors["form"]).filter(visible=True).last

    def field(self, name: str) -> Any:
        """The visible control named ``name`` in the form shown now."""
        return self.newest_form.locator(f'[name="{name}"]:visible')

    def fill(self, name: str, value: str) -> None:
        """Type ``value`` into field ``name`` of the form, once the newest
        form has focused the field it focuses first (PyWebIO does so after
        its fade-in: typing before then could land in that field)."""
        self.page.wait_for_function("""(selector) => {
            const forms = Array.from(document.querySelectorAll(selector)).filter((f) => f.checkVisibility());
            const newest = forms[forms.length - 1];
            // PyWebIO marks the field it will focus with an auto_focus attribute.
            return !!newest && (!newest.querySelector("[auto_focus]") || newest.dataset.hadFocus === "1");
        }""", arg=self.selectors["form"])
        self.field(name).fill(value)

    def settle(self) -> None:
        """Wait until nothing on the page moves: PyWebIO brings outputs and
        forms in with jQuery animations, and a click meanwhile may miss. A
        spinner turns for ever, and is not waited for."""
        self.page.wait_for_function("""() => (!window.jQuery || jQuery(":animated").length === 0)
            && document.getAnimations().every((animation) => animation.playState !== "running"
                || animation.effect.getTiming().iterations === Infinity)""")

    def click(self, text: str, within: str = "form") -> None:
        """Click the enabled button whose text is ``text`` (PyWebIO's page
        keeps a submitted form, disabled, while the next one fades in); in
        a form, once nothing moves (it may be fading in)."""
        if within == "form":
            self.settle()
        scope = {"form": self.newest_form, "output": self.output, "page": self.page}[within]
        scope.get_by_role("button", name=text, exact=True, disabled=False).click()

    def wait_form(self, text: str) -> None:
        """Wait until the form shows ``text``."""
        expect(self.newest_form.get_by_text(text, exact=False).first).to_be_visible()

    def wait_output(self, text: str, timeout: float = 5) -> None:
        """Wait until the output shows ``text``."""
        expect(self.output.get_by_text(text, exact=False).first).to_be_visible(timeout=timeout * 1000)

    def observe_element(self, selector_or_locator: Any) -> dict[str, Any] | None:
        locator = (self.page.locator(selector_or_locator) if isinstance(selector_or_locator, str)
                   else selector_or_locator)
        visible = [item for item in locator.all() if item.is_visible()]
        if not visible:
            return None
        element = visible[-1]
        seen = element.evaluate(_OBSERVE, [self.selectors["skip"], self.selectors["titles"]])
        tabs = [tab.inner_text().strip() for tab in element.locator(self.selectors["tab"]).all()]
        if tabs:  # tab strips are built differently: radios and labels, or tab buttons
            seen["tabs"] = tabs
            seen["selected_tab"] = element.locator(self.selectors["selected_tab"]).inner_text().strip()
        grids = element.locator(".ag-root-wrapper")
        if grids.count():  # AG Grid on both: rows in the order they show (not their DOM order)
            seen["grids"] = [grid.evaluate(_GRID) for grid in grids.all()]
        tables = [table for table in element.locator("table").all()
                  if table.is_visible() and not table.evaluate("(t) => !!t.closest('.ag-root-wrapper')")]
        if tables:  # cells by where they show, so a span that does not reach is seen
            seen["tables"] = [table.evaluate(_TABLE) for table in tables]
        lines = element.locator(self.selectors["editor_line"])
        if lines.count():
            seen["editor_lines"] = [line.inner_text() for line in lines.all()]
        return seen  # type: ignore[no-any-return]

    def observe(self) -> dict[str, Any]:
        """What a person sees now: output, form, popup and toasts, once
        nothing is moving (PyWebIO shows an output with a jQuery animation,
        which lays an inline element out as a block until it ends)."""
        self.settle()
        toasts = []
        for item in self.page.locator(self.selectors["toast"]).all():
            if item.is_visible():
                closable = item.locator(self.selectors["toast_close"]).count() > 0
                toasts.append({"text": item.inner_text().replace("✖", "").strip(), "closable": closable})
        return {
            "output": self.observe_element(self.output),
            # The newest form (PyWebIO fades a submitted one out meanwhile).
            "form": self.observe_element(self.selectors["form"]),
            "popup": self.observe_element(self.selectors["popup"]),
            "toasts": toasts,
        }


def assert_same(ours: Any, theirs: Any) -> None:
    """Fail with a line-by-line diff of what each implementation showed."""
    if ours != theirs:
        mine = json.dumps(ours, indent=1, sort_keys=True, default=repr).splitlines()
        pywebio = json.dumps(theirs, indent=1, sort_keys=True, default=repr).splitlines()
        diff = "\n".join(difflib.unified_diff(pywebio, mine, "pywebio", "flask_webui", lineterm="", n=2))
        raise AssertionError(f"flask_webui shows something else than PyWebIO:\n{diff}")


def said(part: dict[str, Any]) -> str:
    """The words of an observed part (``observation["output"]``) as one text."""
    return " ".join(part["texts"])
