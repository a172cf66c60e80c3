"""Where things show: a geometric reading of a page, the same code on both
implementations, and what differs between two readings.

A reading has three parts:

- ``rows``: the rows of text as a person sees them. Every visible word (a
  word scrolled out of its box does not count) is placed by its box, and
  words whose middles share a line make one row, whatever the markup: two
  columns side by side read as one row. Each row keeps its text and where it
  starts (``x``, ``y``: pixels from the output's top left corner).
- ``boxes``: what shows as a box (a background, a border, a control, an
  image), in reading order, each with its first words, its width as a share
  of the output's and where it lies against the box before it:
  ``beside``, ``under``, ``inside``, ``around`` or ``overlapping``.
- ``overlaps``: boxes that cover one another without one being inside the
  other in the page: content spilling over another widget.

>>> reading = read(ui.page, "#pywebio-scope-ROOT")  # doctest: +SKIP
>>> differences(reading, pywebio_reading)  # doctest: +SKIP
['row missing: "strike" at 0,48']
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

_READ = """
(root) => {
  const origin = root.getBoundingClientRect();
  const shown = (element) => element.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  // The part of `rect` left once every scrolling or clipping box around
  // `element` has cut it (null if nothing is left).
  const visiblePart = (rect, element) => {
    let [left, top, right, bottom] = [rect.left, rect.top, rect.right, rect.bottom];
    for (let node = element; node && node !== document.documentElement; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.overflowX === "visible" && style.overflowY === "visible") continue;
      const clip = node.getBoundingClientRect();
      left = Math.max(left, clip.left + node.clientLeft);
      top = Math.max(top, clip.top + node.clientTop);
      right = Math.min(right, clip.left + node.clientLeft + node.clientWidth);
      bottom = Math.min(bottom, clip.top + node.clientTop + node.clientHeight);
    }
    return right - left > 0 && bottom - top > 0 ? { left, top, right, bottom } : null;
  };
  const words = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, option, textarea, title") || !shown(parent)) continue;
    for (const match of node.textContent.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rect = range.getClientRects()[0];
      if (!rect || rect.width < 1 || rect.height < 1) continue;
      const part = visiblePart(rect, parent);
      // A word mostly scrolled or clipped away is not read.
      const area = part ? (part.bottom - part.top) * (part.right - part.left) : 0;
      if (area < rect.width * rect.height / 2) continue;
      words.push({ text: match[0], left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom,
                   middle: (rect.top + rect.bottom) / 2 });
    }
  }
  // Rows: a word joins the first row whose band holds its middle.
  words.sort((a, b) => a.middle - b.middle || a.left - b.left);
  const rows = [];
  for (const word of words) {
    const row = rows.find((r) => word.middle >= r.top && word.middle <= r.bottom);
    if (row) {
      row.words.push(word);
      row.top = Math.min(row.top, word.top);
      row.bottom = Math.max(row.bottom, word.bottom);
    } else {
      rows.push({ words: [word], top: word.top, bottom: word.bottom });
    }
  }
  const readRows = rows.map((row) => {
    row.words.sort((a, b) => a.left - b.left);
    // Words that touch are one word split by markup (highlighted code).
    const text = row.words.map((w, i) => (i && w.left - row.words[i - 1].right < 1.5 ? "" : " ") + w.text);
    return { text: text.join("").trim(),
             x: Math.round(row.words[0].left - origin.left), y: Math.round(row.top - origin.top) };
  });
  // Boxes: what a person sees as a box.
  const painted = (style) => {
    const background = style.backgroundColor.match(/[\\d.]+/g);
    if (background && (background.length < 4 || Number(background[3]) > 0.05)) return true;
    if (style.backgroundImage !== "none") return true;
    return ["Top", "Right", "Bottom", "Left"].some((side) => parseFloat(style[`border${side}Width`]) > 0
      && style[`border${side}Style`] !== "none" && !/rgba\\(.*, 0\\)$/.test(style[`border${side}Color`]));
  };
  const boxes = [];
  for (const element of root.querySelectorAll("*")) {
    if (!shown(element)) continue;
    const control = element.matches(
      "img, input:not([type=hidden]), select, textarea, button, canvas, progress");
    if (!control && !painted(getComputedStyle(element))) continue;
    const rect = element.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) continue;
    const text = (element.innerText || "").split(/\\s+/).filter(Boolean).slice(0, 3).join(" ");
    boxes.push({ element, label: text || element.tagName.toLowerCase(),
                 left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom });
  }
  const width = origin.width || 1;
  const relation = (a, b) => {
    const slack = 2;
    const within = (inner, outer) => inner.left >= outer.left - slack && inner.right <= outer.right + slack
      && inner.top >= outer.top - slack && inner.bottom <= outer.bottom + slack;
    if (within(b, a)) return "inside";
    if (within(a, b)) return "around";
    if (b.top >= a.bottom - slack) return "under";
    if (b.left >= a.right - slack && b.top < a.bottom && b.bottom > a.top) return "beside";
    return "overlapping";
  };
  const readBoxes = boxes.map((box, i) => ({
    label: box.label, width: Math.round(100 * (box.right - box.left) / width) / 100,
    place: i === 0 ? "first" : relation(boxes[i - 1], box),
  }));
  const overlaps = [];
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a.element.contains(b.element) || b.element.contains(a.element)) continue;
      const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (across > 3 && down > 3) overlaps.push(`${a.label} over ${b.label}`);
    }
  }
  return { rows: readRows, boxes: readBoxes, overlaps };
}
"""


#: A spinner turns for ever: held half-way through its turn, it is read the
#: same whenever the reading comes (Bootstrap's growing one starts each turn
#: unseen, at no size, and is whole half-way).
_HOLD_ENDLESS = """() => {
  for (const animation of document.getAnimations()) {
    const timing = animation.effect.getTiming();
    if (timing.iterations !== Infinity) continue;
    animation.pause();
    animation.currentTime = (timing.delay || 0) + Number(timing.duration) / 2;
  }
}"""


def read(page: Any, selector: str, from_first_row: bool = False) -> dict[str, Any]:
    """The geometric reading of the (last visible) element ``selector`` picks
    on ``page``; with ``from_first_row``, rows are placed from the first row's
    start rather than the element's corner (a form, framed as a card on one
    page and as a panel on the other, is read from its title)."""
    reading: dict[str, Any] = page.locator(selector).filter(visible=True).last.evaluate(_READ)
    if from_first_row and reading["rows"]:
        x, y = reading["rows"][0]["x"], reading["rows"][0]["y"]
        for row in reading["rows"]:
            row["x"] -= x
            row["y"] -= y
    return reading


#: How far a row may sit from PyWebIO's and still be in the same place:
#: pixels across, and pixels down plus a share of how far down it is (the
#: two stylesheets' margins add up down a page).
ACROSS = 12
DOWN = 16
DOWN_SHARE = 0.1
#: How much wider or narrower than PyWebIO's a box may be, as a share of the
#: output's width.
WIDTH = 0.1


@dataclass
class Comparison:
    """Two readings side by side (``ours``, ``theirs``: PyWebIO's)."""

    ours: dict[str, Any]
    theirs: dict[str, Any]
    matched: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        mine = [row["text"] for row in self.ours["rows"]]
        pywebio = [row["text"] for row in self.theirs["rows"]]
        matcher = difflib.SequenceMatcher(a=pywebio, b=mine, autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                self.matched.append((self.theirs["rows"][block.a + k], self.ours["rows"][block.b + k]))

    @property
    def rows(self) -> int:
        """PyWebIO's rows of text."""
        return len(self.theirs["rows"])

    @property
    def same_text(self) -> int:
        """PyWebIO's rows that ours shows with the same text, in order."""
        return len(self.matched)

    @property
    def same_place(self) -> int:
        """Of those, the rows that also show in the same place."""
        return sum(1 for theirs, ours in self.matched if _same_place(theirs, ours))

    def differences(self, boxes: bool = True) -> list[str]:
        """What a person would see differ, one line each (the rows only,
        unless ``boxes``)."""
        found = []
        mine = [row["text"] for row in self.ours["rows"]]
        pywebio = [row["text"] for row in self.theirs["rows"]]
        matcher = difflib.SequenceMatcher(a=pywebio, b=mine, autojunk=False)
        for tag, a0, a1, b0, b1 in matcher.get_opcodes():
            if tag != "equal":
                found.append(f"rows {pywebio[a0:a1]} show as {mine[b0:b1]}")
        for theirs, ours in self.matched:
            if not _same_place(theirs, ours):
                found.append(f"row {theirs['text']!r} at {ours['x']},{ours['y']} "
                             f"(PyWebIO {theirs['x']},{theirs['y']})")
        if not boxes:
            return found
        mine_boxes = [_box(box) for box in self.ours["boxes"]]
        pywebio_boxes = [_box(box) for box in self.theirs["boxes"]]
        matcher = difflib.SequenceMatcher(a=pywebio_boxes, b=mine_boxes, autojunk=False)
        for tag, a0, a1, b0, b1 in matcher.get_opcodes():
            if tag != "equal":
                found.append(f"boxes {pywebio_boxes[a0:a1]} show as {mine_boxes[b0:b1]}")
                continue
            for theirs, ours in zip(self.theirs["boxes"][a0:a1], self.ours["boxes"][b0:b1], strict=True):
                if abs(theirs["width"] - ours["width"]) > WIDTH:
                    found.append(f"box {_box(theirs)!r} is {ours['width']:.2f} wide "
                                 f"(PyWebIO {theirs['width']:.2f})")
        for overlap in sorted(set(self.ours["overlaps"]) - set(self.theirs["overlaps"])):
            found.append(f"overlap: {overlap}")
        for overlap in sorted(set(self.theirs["overlaps"]) - set(self.ours["overlaps"])):
            found.append(f"no overlap: {overlap}")
        return found


def _same_place(theirs: dict[str, Any], ours: dict[str, Any]) -> bool:
    return (abs(theirs["x"] - ours["x"]) <= ACROSS
            and abs(theirs["y"] - ours["y"]) <= DOWN + DOWN_SHARE * theirs["y"])


def _box(box: dict[str, Any]) -> str:
    return f"{box['label']} {box['place']}"
