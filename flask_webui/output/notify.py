"""Toasts: short notices over the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..engine.context import current_session
from .base import send_command

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
    send_command("toast", {
        "content": str(content), "duration": int(duration * 1000), "position": position,
        "color": _COLORS.get(color, color), "callback_id": callback_id,
    })
