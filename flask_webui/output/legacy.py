"""PyWebIO's deprecated output helpers, ``style()`` and ``output()``, kept so
old page code runs unchanged; new code uses ``put_*(...).style(...)`` and
:func:`~flask_webui.output.put_scope`."""

from __future__ import annotations

import warnings
from typing import Any

from .base import (
    BOTTOM,
    Output,
    embed,
    embed_all,
    output_spec,
    random_scope_name,
    scope_dom_id,
    scope_selector,
    send_command,
)
from .scope import clear


def _deprecated(name: str, instead: str) -> None:
    warnings.warn(f"{name} is deprecated (as in PyWebIO); use {instead} instead",
                  DeprecationWarning, stacklevel=3)


def style(outputs: Output | list[Output] | tuple[Output, ...], css_style: str) -> Any:
    """Add CSS declarations to a widget or to each widget of a list, and
    return what was given.

    >>> style([put_text("a"), put_text("b")], "color: red")  # doctest: +SKIP
    """
    _deprecated("style()", "put_xxx(...).style(...)")
    for item in outputs if isinstance(outputs, (list, tuple)) else [outputs]:
        item.style(css_style)
    return outputs


class OutputHandler(Output):
    """A placeholder made by :func:`output`: it shows where it is nested (a
    table cell, a row ...) and its content can be changed afterwards."""

    def __init__(self, contents: tuple[Any, ...]) -> None:
        self.scope_name = random_scope_name()
        super().__init__(output_spec("scope", dom_id=scope_dom_id(self.scope_name),
                                     contents=embed_all(list(contents))))

    def to_command(self) -> None:
        return None  # never put by itself, only where it is nested

    def reset(self, *contents: Any) -> None:
        """Replace the content with ``contents``."""
        clear(self.scope_name)
        self.append(*contents)

    def append(self, *contents: Any) -> None:
        """Add ``contents`` (widgets or text) after the content."""
        for item in contents:
            self._put(item, BOTTOM)

    def insert(self, idx: int, *contents: Any) -> None:
        """Put ``contents`` before the item at ``idx`` (``idx >= 0``) or after
        it (``idx < 0``)."""
        step = 1 if idx >= 0 else -1
        for offset, item in enumerate(contents):
            self._put(item, idx + step * offset)

    def _put(self, item: Any, position: int) -> None:
        spec = embed(item)
        send_command("output", {**spec, "scope": scope_selector(self.scope_name), "position": position})


def output(*contents: Any) -> OutputHandler:
    """A placeholder to nest in other widgets, whose content can later be
    reset, appended to or inserted into.

    >>> hobby = output("Coding")  # doctest: +SKIP
    >>> put_table([["Name", "Hobbies"], ["Wang", hobby]])  # doctest: +SKIP
    >>> hobby.append("Music")  # doctest: +SKIP
    """
    _deprecated("output()", "put_scope()")
    return OutputHandler(contents)
