"""The :class:`Output` object every ``put_*`` function returns, and scopes."""

from __future__ import annotations

import copy
import re
import secrets
from collections.abc import Callable
from typing import Any

from ..engine.context import current_task
from ..protocol import Command, command

#: ``position`` values, as in PyWebIO.
TOP = 0
BOTTOM = -1

_SCOPE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def scope_selector(name: str) -> str:
    """The CSS selector of a scope's element, as PyWebIO's page names it.

    >>> scope_selector("ROOT")
    '#pywebio-scope-ROOT'
    """
    return "#" + scope_dom_id(name)


def scope_dom_id(name: str) -> str:
    """The DOM id of a scope's element.

    :raises ValueError: for names a DOM id or CSS selector cannot carry.
    """
    name = name.replace(" ", "-")
    if not _SCOPE_NAME.match(name):
        raise ValueError(f"scope name {name!r} may contain only letters, digits, '_' and '-'")
    return "pywebio-scope-" + name


def random_scope_name() -> str:
    return "s" + secrets.token_hex(5)


def get_scope(stack_index: int = -1) -> str:
    """The name of the scope output goes to now (``-1``), or an outer one.

    >>> get_scope()      # inside page code, outside any use_scope  # doctest: +SKIP
    'ROOT'
    """
    return current_task().scopes[stack_index]


class Output:
    """A widget put on the page.

    It is sent with the next batch unless, before then, it is embedded in
    another widget (``put_row([put_text("a")])``), styled (``.style(...)``) or
    given a click handler (``.onclick(fn)``): those apply before it leaves.
    The next batch leaves when page code yields (waits for input, sleeps), or
    within a burst once 128 KiB of commands are queued.
    """

    def __init__(self, spec: dict[str, Any], scope: str | None = None, position: int = BOTTOM) -> None:
        task = current_task()
        self.spec = spec
        self._task_id = task.task_id
        self._session = task.session
        self._embedded = False
        self._context: tuple[str | None, Callable[[str], Any] | None] | None = None
        self.spec["scope"] = scope_selector(scope or task.scopes[-1])
        self.spec["position"] = position
        self._session.queue(self)

    def to_command(self) -> Command | None:
        if self._embedded:
            return None
        return command("output", self.spec, self._task_id)

    def embed_data(self) -> dict[str, Any]:
        """The spec to place inside another widget; this one is then not put
        on its own."""
        self._embedded = True
        spec = copy.copy(self.spec)
        spec.pop("scope", None)
        spec.pop("position", None)
        return spec

    def enable_context_manager(self, container_selector: str | None = None,
                               after_exit: Callable[[str], Any] | None = None) -> Output:
        """Let ``with widget:`` put output inside the widget (in the element
        ``container_selector`` picks within it, or the widget itself);
        ``after_exit(scope_name)`` runs when the block ends."""
        self._context = (container_selector, after_exit)
        return self

    def __enter__(self) -> str:
        if self._context is None:
            raise TypeError(f"a {self.spec['type']!r} widget cannot be used with 'with'")
        name = random_scope_name()
        self.spec["container_dom_id"] = scope_dom_id(name)
        if self._context[0]:
            self.spec["container_selector"] = self._context[0]
        current_task().scopes.append(name)
        return name

    def __exit__(self, *exc_info: object) -> None:
        name = current_task().scopes.pop()
        if self._context is not None and self._context[1] is not None:
            self._context[1](name)

    def style(self, css_style: str) -> Output:
        """Add CSS declarations to the widget.

        >>> put_text("hello").style("color: red")  # doctest: +SKIP
        """
        self.spec["style"] = self.spec.get("style", "") + ";" + css_style
        return self

    def onclick(self, callback: Callable[[], Any]) -> Output:
        """Call ``callback()`` when the widget is clicked."""
        callback_id = self._session.register_callback(lambda _value: callback())
        self.spec["click_callback_id"] = callback_id
        return self


def embed(item: Any) -> dict[str, Any]:
    """The spec of ``item`` to nest in another widget: an :class:`Output` as
    it is, ``None`` as an empty block, anything else as text."""
    if isinstance(item, Output):
        return item.embed_data()
    if item is None:
        return {"type": "html", "content": "<div></div>", "sanitize": False}
    return {"type": "text", "content": str(item)}


def embed_nested(data: Any) -> Any:
    """``data`` with every :class:`Output` inside it (in dicts, lists, tuples)
    replaced by its spec."""
    if isinstance(data, Output):
        return data.embed_data()
    if isinstance(data, dict):
        return {key: embed_nested(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [embed_nested(item) for item in data]
    return data


def embed_all(content: Any) -> list[dict[str, Any]]:
    """:func:`embed` for one item or a list of them."""
    items = content if isinstance(content, (list, tuple)) else [content]
    return [embed(item) for item in items]


def output_spec(type_: str, **fields: Any) -> dict[str, Any]:
    """A widget spec of ``type_`` with the fields that are not ``None``."""
    spec: dict[str, Any] = {"type": type_}
    spec.update((k, v) for k, v in fields.items() if v is not None)
    return spec


def send_command(name: str, spec: Any = None) -> None:
    """Queue a command for the current page, tagged with the current task."""
    task = current_task()
    task.session.send(name, spec, task.task_id)
