"""Typed-in inputs: ``input``, ``textarea`` and ``slider``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .fields import CONVERTERS, FLOAT, INPUT_TYPES, Field, FieldError, Validator, check_name, to_text
from .form import ask

OnChange = Callable[[Any], Any]


def _spec(type_: str, label: str, name: str | None, validate: Validator | None,
          options: dict[str, Any], other_html_attrs: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": type_, "name": check_name(name or "data"), "label": str(label)}
    spec.update((k, v) for k, v in options.items() if v is not None)
    spec.update(other_html_attrs)
    if validate is not None:
        spec["onblur"] = True
    if options.get("onchange") is not None:
        spec["onchange"] = True
    return spec


def input(label: str = "", type: str = "text", *, validate: Validator | None = None,
          name: str | None = None, value: Any = None, onchange: OnChange | None = None,
          placeholder: str | None = None, required: bool | None = None, readonly: bool | None = None,
          help_text: str | None = None, **other_html_attrs: Any) -> Any:
    """Ask for one value and return it (``int`` for NUMBER, ``float`` for
    FLOAT, ``str`` otherwise).

    ``validate(value)`` returns an error message to show under the field (the
    form stays open) or ``None`` to accept. A NUMBER or FLOAT field must be
    filled in unless ``required=False`` is passed, in which case an empty field
    returns ``None``. Given a ``name``, the call does not block: it describes a
    field for :func:`input_group`.

    >>> age = input("Age", type=NUMBER, validate=lambda v: "Too young" if v < 18 else None)  # doctest: +SKIP
    """
    if type not in INPUT_TYPES:
        raise ValueError(f"input type {type!r} is not one of {sorted(INPUT_TYPES)}")
    options = {"value": value, "placeholder": placeholder, "required": required,
               "readonly": readonly, "help_text": help_text, "onchange": onchange}
    spec = _spec(type, label, name, validate, options, other_html_attrs)
    numeric = type in CONVERTERS
    allow_empty = required is False if numeric else not required
    field = Field(spec, CONVERTERS.get(type, to_text), validate, allow_empty, onchange=onchange)
    return ask(field, named=name is not None)


def textarea(label: str = "", *, rows: int = 6, maxlength: int | None = None,
             minlength: int | None = None, validate: Validator | None = None, name: str | None = None,
             value: str | None = None, onchange: OnChange | None = None, placeholder: str | None = None,
             required: bool | None = None, readonly: bool | None = None, help_text: str | None = None,
             **other_html_attrs: Any) -> Any:
    """Ask for multi-line text. ``maxlength`` and ``minlength`` are enforced by
    the server too.

    >>> notes = textarea("Notes", rows=3, maxlength=500)  # doctest: +SKIP
    """
    def convert(raw: Any) -> str:
        text = to_text(raw)
        if maxlength is not None and len(text) > maxlength:
            raise FieldError(f"Please use at most {maxlength} characters.")
        if minlength is not None and len(text) < minlength:
            raise FieldError(f"Please use at least {minlength} characters.")
        return text

    options = {"rows": rows, "maxlength": maxlength, "minlength": minlength, "value": value,
               "placeholder": placeholder, "required": required, "readonly": readonly,
               "help_text": help_text, "onchange": onchange}
    spec = _spec("textarea", label, name, validate, options, other_html_attrs)
    field = Field(spec, convert, validate, allow_empty=not required, onchange=onchange)
    return ask(field, named=name is not None)


def slider(label: str = "", *, name: str | None = None, value: int | float = 0,
           min_value: int | float = 0, max_value: int | float = 100, step: int = 1,
           validate: Validator | None = None, onchange: OnChange | None = None,
           required: bool | None = None,
           help_text: str | None = None, **other_html_attrs: Any) -> Any:
    """Ask for a number on a range; returns a ``float`` if any of ``value``,
    ``min_value`` or ``max_value`` is a float, an ``int`` otherwise."""
    is_float = any(isinstance(v, float) for v in (value, min_value, max_value))
    if not min_value <= value <= max_value:
        raise ValueError("slider value must lie between min_value and max_value")

    def convert(raw: Any) -> int | float:
        number = CONVERTERS[FLOAT](raw) if is_float else CONVERTERS["number"](raw)
        if not min_value <= number <= max_value:
            raise FieldError(f"Please choose a value between {min_value} and {max_value}.")
        return number

    options = {"value": value, "min_value": min_value, "max_value": max_value, "step": step,
               "float": is_float, "required": required, "help_text": help_text, "onchange": onchange}
    spec = _spec("slider", label, name, validate, options, other_html_attrs)
    field = Field(spec, convert, validate, allow_empty=False, onchange=onchange)
    return ask(field, named=name is not None)
