"""Typed-in inputs: ``input``, ``textarea`` and ``slider``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..engine.context import current_task
from .fields import CONVERTERS, FLOAT, INPUT_TYPES, NUMBER, Field, FieldError, Validator, check_name, to_text
from .form import ask

OnChange = Callable[[Any], Any]
SetValue = Callable[..., None]
_NO_LABEL = object()


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
          name: str | None = None, value: Any = None,
          action: tuple[str, Callable[[SetValue], Any]] | None = None, onchange: OnChange | None = None,
          placeholder: str | None = None, required: bool | None = None, readonly: bool | None = None,
          datalist: list[str] | None = None, help_text: str | None = None, **other_html_attrs: Any) -> Any:
    """Ask for one value and return it (``int`` for NUMBER, ``float`` for
    FLOAT, ``str`` otherwise; URL, DATE, TIME, COLOR and DATETIME_LOCAL are
    checked for their format by the server).

    ``validate(value)`` returns an error message to show under the field (the
    form stays open) or ``None`` to accept. A NUMBER or FLOAT field must be
    filled in unless ``required=False`` is passed, in which case an empty field
    returns ``None``. ``datalist`` suggests values. ``action=(label,
    callback)`` puts a button beside the field; ``callback(set_value)`` runs
    on a click, and ``set_value(value)`` fills the field, while
    ``set_value(value, label)`` shows ``label`` read-only and returns
    ``value`` (any object, never sent to the browser). Given a ``name``, the
    call does not block: it describes a field for :func:`input_group`.

    >>> age = input("Age", type=NUMBER, validate=lambda v: "Too young" if v < 18 else None)  # doctest: +SKIP
    >>> def now(set_value):
    ...     set_value(int(time.time()))
    >>> stamp = input("When", type=NUMBER, action=("Now", now))  # doctest: +SKIP
    """
    if type not in INPUT_TYPES:
        raise ValueError(f"input type {type!r} is not one of {sorted(INPUT_TYPES)}")
    if datalist is not None:
        datalist = [str(item) for item in datalist]
    options = {"value": value, "placeholder": placeholder, "required": required,
               "readonly": readonly, "datalist": datalist, "help_text": help_text, "onchange": onchange}
    spec = _spec(type, label, name, validate, options, other_html_attrs)
    numeric = type in (NUMBER, FLOAT)
    allow_empty = required is False if numeric else not required
    field = Field(spec, CONVERTERS.get(type, to_text), validate, allow_empty, onchange=onchange)
    if action is not None:
        _add_action(field, action)
    return ask(field, named=name is not None)


def _add_action(field: Field, action: tuple[str, Callable[[SetValue], Any]]) -> None:
    """The button beside an input; its callback can set the field's value."""
    try:
        button_label, callback = action
    except (TypeError, ValueError):
        raise TypeError("action must be a (label, callback) pair") from None
    task = current_task()
    convert = field.convert
    chosen: dict[str, Any] = {}  # the label shown -> the value set behind it

    def set_value(value: Any, label: Any = _NO_LABEL) -> None:
        attributes: dict[str, Any] = {"value": value}
        if label is not _NO_LABEL:
            chosen.clear()
            chosen[str(label)] = value
            attributes = {"value": str(label), "readonly": True}
            field.spec["readonly"] = True
        field.spec["value"] = attributes["value"]
        task.session.send("update_input", {"target_name": field.name, "attributes": attributes},
                          task.task_id)

    def convert_or_chosen(raw: Any) -> Any:
        if isinstance(raw, str) and raw in chosen:
            return chosen[raw]
        return convert(raw)

    field.convert = convert_or_chosen
    callback_id = task.session.register_callback(lambda _: callback(set_value))
    field.spec["action"] = {"label": str(button_label), "callback_id": callback_id}


def textarea(label: str = "", *, rows: int = 6, code: bool | dict[str, Any] | None = None,
             maxlength: int | None = None,
             minlength: int | None = None, validate: Validator | None = None, name: str | None = None,
             value: str | None = None, onchange: OnChange | None = None, placeholder: str | None = None,
             required: bool | None = None, readonly: bool | None = None, help_text: str | None = None,
             **other_html_attrs: Any) -> Any:
    """Ask for multi-line text. ``maxlength`` and ``minlength`` are enforced by
    the server too. ``code=True`` (or CodeMirror-style options such as
    ``{"mode": "python", "theme": "darcula"}``) shows a code editor with
    syntax highlighting, loaded only by pages that use it.

    >>> notes = textarea("Notes", rows=3, maxlength=500)  # doctest: +SKIP
    >>> source = textarea("Script", code={"mode": "python"})  # doctest: +SKIP
    """
    def convert(raw: Any) -> str:
        text = to_text(raw)
        if maxlength is not None and len(text) > maxlength:
            raise FieldError(f"Please use at most {maxlength} characters.")
        if minlength is not None and len(text) < minlength:
            raise FieldError(f"Please use at least {minlength} characters.")
        return text

    if code is not None and not isinstance(code, (bool, dict)):
        raise TypeError("textarea code must be True or a dict of editor options")
    options = {"rows": rows, "code": code or None, "maxlength": maxlength, "minlength": minlength,
               "value": value, "placeholder": placeholder, "required": required, "readonly": readonly,
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
