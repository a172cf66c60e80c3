"""Scopes: named regions of the page that output goes to."""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from ..engine.context import current_task
from .base import (
    BOTTOM,
    Output,
    embed_all,
    output_spec,
    random_scope_name,
    scope_dom_id,
    scope_selector,
    send_command,
)

F = TypeVar("F", bound=Callable[..., Any])

_IF_EXIST = (None, "remove", "clear", "blank")


def set_scope(name: str, container_scope: str | None = None, position: int = BOTTOM,
              if_exist: str | None = None) -> None:
    """Create scope ``name`` inside ``container_scope`` (the current scope by
    default). ``if_exist`` says what happens when it already exists: ``None``
    nothing, ``"remove"`` replace it, ``"clear"`` empty it, ``"blank"`` empty it
    but keep its height until the next ``use_scope`` block ends."""
    if if_exist not in _IF_EXIST:
        raise ValueError(f"if_exist must be one of {_IF_EXIST}")
    container = container_scope or current_task().scopes[-1]
    send_command("output_ctl", {
        "set_scope": scope_dom_id(name), "container": scope_selector(container),
        "position": position, "if_exist": if_exist,
    })


def put_scope(name: str, content: Any = (), scope: str | None = None, position: int = BOTTOM) -> Output:
    """Put scope ``name`` holding ``content`` (a widget, text, or a list of them).

    >>> put_scope("status", put_text("idle"))  # doctest: +SKIP
    """
    spec = output_spec("scope", dom_id=scope_dom_id(name), contents=embed_all(content))
    return Output(spec, scope, position)


class Position:
    """Where :func:`scroll_to` puts the scope in the window."""

    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"


def scroll_to(scope: str | None = None, position: str = Position.TOP) -> None:
    """Scroll the page so that ``scope`` shows at the ``"top"``, ``"middle"``
    or ``"bottom"`` of the window.

    >>> scroll_to("results", Position.MIDDLE)  # doctest: +SKIP
    """
    if position not in (Position.TOP, Position.MIDDLE, Position.BOTTOM):
        raise ValueError("position must be 'top', 'middle' or 'bottom'")
    send_command("output_ctl", {"scroll_to": scope_selector(scope or current_task().scopes[-1]),
                                "position": position})


def clear(scope: str | None = None) -> None:
    """Remove everything in ``scope`` (the current scope by default)."""
    send_command("output_ctl", {"clear": scope_selector(scope or current_task().scopes[-1])})


def remove(scope: str | None = None) -> None:
    """Remove ``scope`` and its content from the page."""
    name = scope or current_task().scopes[-1]
    if name == "ROOT":
        raise ValueError("the ROOT scope cannot be removed")
    send_command("output_ctl", {"remove": scope_selector(name)})


class use_scope:  # noqa: N801 - PyWebIO's name; works as context manager and decorator
    """Send output to scope ``name`` while the block runs, creating the scope
    if needed; with ``clear=True`` empty it first.

    >>> with use_scope("result", clear=True):  # doctest: +SKIP
    ...     put_text("new result")
    """

    def __init__(self, name: str | None = None, clear: bool = False, *, create: bool = True,
                 **scope_options: Any) -> None:
        self.name = name or random_scope_name()
        scope_dom_id(self.name)  # validate early, where the mistake is
        unknown = set(scope_options) - {"container_scope", "position"}
        if unknown:
            raise TypeError(f"use_scope() takes clear=, container_scope= and position=, "
                            f"not {sorted(unknown)}; for if_exist call set_scope() first")
        self.clear = clear
        self.create = create  # False: the scope's element exists (a popup's body)
        self.scope_options = scope_options

    def __enter__(self) -> str:
        if self.create:
            set_scope(self.name, if_exist="blank" if self.clear else None, **self.scope_options)
        elif self.clear:
            clear(self.name)
        current_task().scopes.append(self.name)
        return self.name

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        current_task().scopes.pop()
        send_command("output_ctl", {"loose": scope_selector(self.name)})

    def __call__(self, function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]
