"""Toasts and popups: notices and dialogs over the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..engine.context import current_session
from ..protocol import Command, command
from .base import embed_all, random_scope_name, scope_dom_id, send_command
from .scope import use_scope

_COLORS = {"info": "#1565c0", "error": "#e53935", "warn": "#ef6c00", "success": "#2e7d32"}
_POSITIONS = ("left", "center", "right")


def toast(content: Any, duration: float = 2, position: str = "center", color: str = "info",
          onclick: Callable[[], Any] | None = None) -> None:
    """Show a notice for ``duration`` seconds (``0`` keeps it until closed).

    ``color`` is ``info``, ``error``, ``warn``, ``success`` or a ``#rrggbb``
    value; ``onclick()`` runs when the notice is clicked.

    >>> toast("Saved", color="success")  # doctest: +SKIP
    """
    if position not in _POSITIONS:
        raise ValueError(f"position must be one of {_POSITIONS}")
    callback_id = None
    if onclick is not None:
        callback_id = current_session().register_callback(lambda _value: onclick())
    send_command("toast", _toast_spec(content, duration, position, color, callback_id))


def _toast_spec(content: Any, duration: float, position: str, color: str,
                callback_id: str | None) -> dict[str, Any]:
    return {"content": str(content), "duration": int(duration * 1000), "position": position,
            "color": _COLORS.get(color, color), "callback_id": callback_id}


class PopupSize:
    """The widths a :func:`popup` can have."""

    LARGE = "large"
    NORMAL = "normal"
    SMALL = "small"


_SIZES = (PopupSize.LARGE, PopupSize.NORMAL, PopupSize.SMALL)


def popup(title: str, content: Any = None, size: str = PopupSize.NORMAL, implicit_close: bool = True,
          closable: bool = True) -> use_scope:
    """Open a dialog over the page holding ``content`` (text, widgets or a
    list). Used as a context manager, output inside the block goes to the
    dialog; the scope name it returns keeps working afterwards.

    >>> with popup("Details") as scope:  # doctest: +SKIP
    ...     put_text("inside the dialog")
    """
    if size not in _SIZES:
        raise ValueError(f"size must be one of {_SIZES}")
    name = random_scope_name()
    send_command("popup", {
        "title": str(title), "content": embed_all([] if content is None else content), "size": size,
        "implicit_close": implicit_close, "closable": closable, "dom_id": scope_dom_id(name),
    })
    return use_scope(name, create=False)


def close_popup() -> None:
    """Close the dialog that is open."""
    send_command("close_popup")


def error_notice(details: str | None) -> list[Command]:
    """What the user sees when page code fails: a toast, and ``details``
    (a traceback, in debug) in a dialog. The engine shows it (it builds no
    widgets itself).

    >>> [c["command"] for c in error_notice("Traceback ...")]
    ['toast', 'popup']
    """
    notice = [command("toast", _toast_spec("An error occurred in this page; it has been logged.", 4,
                                           "center", "#dc3545", None))]
    if details is not None:
        notice.append(command("popup", {
            "title": "Error in page code", "content": [{"type": "text", "content": details, "inline": False}],
            "size": "large", "implicit_close": True, "closable": True,
        }))
    return notice
