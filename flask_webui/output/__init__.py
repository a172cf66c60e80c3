"""Output: put widgets on the page (PyWebIO's ``pywebio.output`` names).

>>> from flask_webui.output import put_text, put_markdown, use_scope
"""

from .base import BOTTOM, TOP, Output, get_scope
from .buttons import put_button, put_buttons
from .notify import toast
from .scope import clear, remove, set_scope, use_scope
from .text import put_html, put_markdown, put_text


class OutputPosition:
    """``position`` values for ``put_*`` functions."""

    TOP = TOP
    BOTTOM = BOTTOM


__all__ = [
    "Output", "OutputPosition", "clear", "get_scope", "put_button", "put_buttons", "put_html",
    "put_markdown", "put_text", "remove", "set_scope", "toast", "use_scope",
]
