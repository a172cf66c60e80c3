"""What a browser tab shows, as data: the scopes of the page and of the open
popup with the output specs in them and the text a person reads there
(:class:`PageModel`), and the rest of the tab (:class:`Tab`: its forms,
toasts, pin widgets). The headless test client keeps one per open page; the
commands change it through :mod:`.handlers`.

>>> model = PageModel()
>>> model.output({"type": "text", "content": "hi", "scope": "#pywebio-scope-ROOT"})
>>> model.text
'hi'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_TAG = re.compile(r"<[^>]*>")
_SCOPE_PREFIXES = ("#pywebio-scope-", "pywebio-scope-")


def scope_name(selector: Any) -> str:
    """The scope name in a selector (``#pywebio-scope-x``) or DOM id (``pywebio-scope-x``)."""
    text = str(selector or "")
    for prefix in _SCOPE_PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


@dataclass
class Scope:
    name: str
    items: list[Any] = field(default_factory=list)  # output specs and Scope children

    def find(self, name: str) -> Scope | None:
        if self.name == name:
            return self
        for item in self.items:
            if isinstance(item, Scope):
                found = item.find(name)
                if found is not None:
                    return found
        return None

    def remove(self, target: Scope) -> None:
        if target in self.items:
            self.items.remove(target)
        for item in self.items:
            if isinstance(item, Scope):
                item.remove(target)

    def specs(self) -> Iterator[dict[str, Any]]:
        """Every output spec inside, in page order."""
        for item in self.items:
            if isinstance(item, Scope):
                yield from item.specs()
            else:
                yield item


def as_scope(spec: dict[str, Any]) -> Any:
    """What the page holds for an output: a scope for ``put_scope`` and for a
    widget used as a context manager (output can go inside), else the spec."""
    if spec.get("type") == "scope" and spec.get("dom_id"):
        return Scope(scope_name(spec["dom_id"]), [as_scope(item) for item in spec.get("contents", [])])
    if spec.get("container_dom_id"):
        return Scope(scope_name(spec["container_dom_id"]), [spec])
    return spec


def _insert(items: list[Any], position: int, item: Any) -> None:
    index = position if position >= 0 else len(items) + position + 1
    items.insert(max(0, min(index, len(items))), item)


class PageModel:
    """The scopes of one page and its popup, changed by ``output``,
    ``output_ctl``, ``popup`` and ``close_popup`` as the browser changes them."""

    def __init__(self) -> None:
        self.root = Scope("ROOT")
        self.popup: Scope | None = None

    @property
    def text(self) -> str:
        return spec_text(self.root)

    def find(self, name: str) -> Scope | None:
        """The scope ``name`` on the page or in the popup."""
        found = self.root.find(name)
        if found is None and self.popup is not None:
            found = self.popup.find(name)
        return found

    def output(self, spec: dict[str, Any]) -> None:
        scope = self.find(scope_name(spec["scope"]))
        if scope is not None:
            _insert(scope.items, spec.get("position", -1), as_scope(spec))

    def open_popup(self, spec: dict[str, Any]) -> None:
        contents = [as_scope(item) for item in spec.get("content", [])]
        self.popup = Scope(scope_name(spec.get("dom_id")), contents)

    def close_popup(self) -> None:
        self.popup = None

    def output_ctl(self, spec: dict[str, Any]) -> None:
        if "set_scope" in spec:
            self._set_scope(spec)
        for key in ("clear", "remove"):
            if key in spec:
                scope = self.root.find(scope_name(spec[key]))
                if scope is not None and key == "clear":
                    scope.items.clear()
                elif scope is not None:
                    self.root.remove(scope)

    def _set_scope(self, spec: dict[str, Any]) -> None:
        name = scope_name(spec["set_scope"])
        existing = self.root.find(name)
        container = self.root.find(scope_name(spec["container"]))
        if existing is not None:
            if spec.get("if_exist") in ("clear", "blank"):
                existing.items.clear()
                return
            if spec.get("if_exist") != "remove":
                return
            self.root.remove(existing)
        if container is not None:
            _insert(container.items, spec.get("position", -1), Scope(name))


def spec_text(spec: Any) -> str:
    """The text a person reads in an output spec (or a scope)."""
    if isinstance(spec, Scope):
        return "\n".join(t for t in (spec_text(i) for i in spec.items) if t)
    kind = spec.get("type")
    if kind in ("text", "markdown"):
        return str(spec.get("content", ""))
    if kind == "html":
        return html.unescape(_TAG.sub("", str(spec.get("content", ""))))
    if kind == "buttons":
        return " ".join(f"[{b['label']}]" for b in spec.get("buttons", []))
    if kind == "table":
        return "\n".join(" | ".join(_item_text(cell) for cell in row) for row in spec.get("data", []))
    if kind == "tabs":
        return "\n".join(f"{tab['title']}: {_item_text(tab['content'])}" for tab in spec.get("tabs", []))
    if kind == "custom_widget":
        return _widget_text(spec.get("data", {}))
    return "\n".join(spec_text(c) for c in spec.get("contents", []) if isinstance(c, dict))


def _widget_text(data: dict[str, Any]) -> str:
    """A template widget's text: its title or label, then the items of its lists."""
    parts = [str(data[key]) for key in ("title", "label") if isinstance(data.get(key), str)]
    parts += [_item_text(value) for value in data.values() if isinstance(value, list)]
    return "\n".join(p for p in parts if p)


def _item_text(item: Any) -> str:
    """The text of a nested item: an output spec, a string, or a template's data."""
    if isinstance(item, dict) and "type" in item:
        return spec_text(item)
    if isinstance(item, dict):
        return "\n".join(t for t in (_item_text(v) for v in item.values()) if t)
    if isinstance(item, list):
        return "\n".join(t for t in (_item_text(v) for v in item) if t)
    return item if isinstance(item, str) else ""


@dataclass
class Tab:
    """Everything an open tab holds: its page, its forms (by task id, the
    latest last), the errors shown under their fields, toasts, popups, pin
    widgets' values as the browser would report them (option positions for
    choices) and who waits for them."""

    model: PageModel = field(default_factory=PageModel)
    #: Every command applied, in order.
    commands: list[dict[str, Any]] = field(default_factory=list)
    forms: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    feedback: dict[tuple[str, str], str] = field(default_factory=dict)
    toasts: list[str] = field(default_factory=list)
    popups: list[dict[str, Any]] = field(default_factory=list)
    env: dict[str, Any] = field(default_factory=dict)
    pins: dict[str, Any] = field(default_factory=dict)
    #: (pin names, task id) of each ``pin_wait`` not answered yet.
    pin_waits: list[tuple[list[str], str]] = field(default_factory=list)
    pin_callbacks: dict[str, list[str]] = field(default_factory=dict)
    #: Whether the session ended (or another tab took it over).
    closed: bool = False
    #: What the page says as its session ends, when the server says why (it is stopping).
    farewell: str | None = None
