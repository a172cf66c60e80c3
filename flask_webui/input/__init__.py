"""Input: ask the user for values (PyWebIO's ``pywebio.input`` names).

Each function blocks only the page's own greenlet until the user submits a
valid value; every other session keeps running. Called with ``name=``, it
describes a field of an :func:`input_group` instead.

>>> from flask_webui.input import input, FLOAT
>>> height = input("Height (cm)", type=FLOAT)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .basic import input, slider, textarea
from .choice import actions_field, checkbox_field, radio_field, select_field
from .fields import COLOR, DATE, DATETIME, DATETIME_LOCAL, FLOAT, NUMBER, PASSWORD, TEXT, TIME, URL, Validator
from .files import file_upload
from .form import ask, input_update
from .group import input_group

__all__ = [
    "COLOR", "DATE", "DATETIME", "DATETIME_LOCAL", "FLOAT", "NUMBER", "PASSWORD", "TEXT", "TIME", "URL",
    "actions", "checkbox", "file_upload", "input", "input_group", "input_update", "radio", "select",
    "slider", "textarea",
]


def select(label: str = "", options: Sequence[Any] | None = None, *, multiple: bool | None = None,
           validate: Validator | None = None, name: str | None = None, value: Any = None,
           onchange: Callable[[Any], Any] | None = None, required: bool | None = None,
           help_text: str | None = None, **other_html_attrs: Any) -> Any:
    """Choose one option (a list of them with ``multiple=True``). Options are
    values, ``(label, value[, selected[, disabled]])`` or dicts; the value
    returned is the Python value offered.

    >>> color = select("Color", [("Red", "#f00"), ("Blue", "#00f")])  # doctest: +SKIP
    """
    field = select_field(label, options, multiple=multiple, validate=validate, name=name, value=value,
                         onchange=onchange, required=required, help_text=help_text, **other_html_attrs)
    return ask(field, named=name is not None)


def checkbox(label: str = "", options: Sequence[Any] | None = None, *, inline: bool | None = None,
             validate: Validator | None = None, name: str | None = None, value: Any = None,
             onchange: Callable[[Any], Any] | None = None, help_text: str | None = None,
             **other_html_attrs: Any) -> Any:
    """Tick any number of options; returns the list of their values."""
    field = checkbox_field(label, options, inline=inline, validate=validate, name=name, value=value,
                           onchange=onchange, help_text=help_text, **other_html_attrs)
    return ask(field, named=name is not None)


def radio(label: str = "", options: Sequence[Any] | None = None, *, inline: bool | None = None,
          validate: Validator | None = None, name: str | None = None, value: Any = None,
          onchange: Callable[[Any], Any] | None = None, required: bool | None = None,
          help_text: str | None = None, **other_html_attrs: Any) -> Any:
    """Pick one option; returns its value, or ``None`` if none is picked."""
    field = radio_field(label, options, inline=inline, validate=validate, name=name, value=value,
                        onchange=onchange, required=required, help_text=help_text, **other_html_attrs)
    return ask(field, named=name is not None)


def actions(label: str = "", buttons: Sequence[Any] | None = None, name: str | None = None,
            help_text: str | None = None) -> Any:
    """A row of buttons; returns the value of the submit button clicked, or
    ``None`` for a ``cancel`` button. Types: ``submit`` (default), ``reset``,
    ``cancel``.

    >>> choice = actions("Continue?", [("Yes", True), ("No", False)])  # doctest: +SKIP
    """
    return ask(actions_field(label, buttons, name=name, help_text=help_text), named=name is not None)
