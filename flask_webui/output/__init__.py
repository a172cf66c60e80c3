"""Output: put widgets on the page (PyWebIO's ``pywebio.output`` names).

Every ``put_*`` takes ``scope`` and ``position`` and returns an
:class:`Output` that can be nested in another widget, styled, given a click
handler, and (for containers) used as a context manager.

>>> from flask_webui.output import put_text, put_markdown, use_scope
"""

from .base import BOTTOM, TOP, Output, get_scope
from .buttons import put_button, put_buttons
from .datatable import JSFunction, datatable_insert, datatable_remove, datatable_update, put_datatable
from .layout import put_column, put_grid, put_row, put_scrollable, put_tabs, span
from .legacy import OutputHandler, output, style
from .media import download, put_file, put_image, put_link
from .notify import PopupSize, close_popup, popup, toast
from .scope import Position, clear, put_scope, remove, scroll_to, set_scope, use_scope
from .table import put_table
from .text import put_code, put_html, put_markdown, put_text
from .widgets import (
    put_collapse,
    put_error,
    put_info,
    put_loading,
    put_processbar,
    put_progressbar,
    put_success,
    put_warning,
    put_widget,
    set_processbar,
    set_progressbar,
)


class OutputPosition:
    """``position`` values for ``put_*`` functions."""

    TOP = TOP
    BOTTOM = BOTTOM


__all__ = [
    "JSFunction", "Output", "OutputHandler", "OutputPosition", "PopupSize", "Position",
    "clear", "close_popup", "datatable_insert", "datatable_remove",
    "datatable_update", "download", "get_scope", "popup", "put_button", "put_buttons", "put_code",
    "put_collapse", "put_column", "put_datatable", "put_error", "put_file", "put_grid",
    "put_html", "put_image", "put_info", "put_link", "put_loading", "put_markdown", "put_processbar",
    "put_progressbar", "put_row", "put_scope", "put_scrollable", "put_success", "put_table", "put_tabs",
    "put_text", "put_warning", "put_widget", "remove", "scroll_to", "set_processbar", "set_progressbar",
    "set_scope", "span", "style", "output", "toast", "use_scope",
]
