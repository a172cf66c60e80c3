"""Inputs that choose among what the server offered: select, checkbox, radio
and actions.

The browser only ever sees each option's position (``"0"``, ``"1"`` ...); the
server maps what comes back to the Python values it offered, so a value that
was never offered, or a disabled option, is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..protocol import parse_index
from .fields import Field, FieldError, Validator, check_name

ACTION_TYPES = ("submit", "reset", "cancel")


def as_dicts(items: Sequence[Any], fields: tuple[str, str, str, str], what: str) -> list[dict[str, Any]]:
    """Each of ``items`` as a dict: a dict as it is (copied), a tuple by
    position in ``fields`` (at least the first two), a plain value as its own
    label and value. The one normaliser of options and buttons.

    >>> as_dicts(["a", ("B", "b", True)], ("label", "value", "selected", "disabled"), "option")
    [{'label': 'a', 'value': 'a'}, {'label': 'B', 'value': 'b', 'selected': True}]
    """
    parsed = []
    for item in items:
        if isinstance(item, dict):
            parsed.append(dict(item))
        elif isinstance(item, (list, tuple)):
            if not 2 <= len(item) <= len(fields):
                label, value, third, fourth = fields
                raise ValueError(f"{what} {item!r} must be ({label}, {value}[, {third}[, {fourth}]])")
            parsed.append(dict(zip(fields, item, strict=False)))
        else:
            parsed.append({"label": item, "value": item})
    return parsed


def parse_options(options: Sequence[Any] | None, selected: Any = None) -> list[dict[str, Any]]:
    """Normalize options given as values, ``(label, value[, selected[, disabled]])``
    or dicts with ``label`` and ``value``.

    >>> parse_options(["a", ("Bee", "b", True)])
    [{'label': 'a', 'value': 'a'}, {'label': 'Bee', 'value': 'b', 'selected': True}]
    """
    if not options:
        raise ValueError("options must be a non-empty list")
    parsed = as_dicts(options, ("label", "value", "selected", "disabled"), "option")
    for item in parsed:
        if "label" not in item or "value" not in item:
            raise ValueError(f"option {item!r} needs 'label' and 'value'")
    if selected is not None:
        chosen = selected if isinstance(selected, (list, tuple, set)) else [selected]
        for item in parsed:
            if item["value"] in chosen:
                item["selected"] = True
    return parsed


def wire_options(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The options as the browser gets them: labels and positions, no values."""
    wire = []
    for index, option in enumerate(options):
        item: dict[str, Any] = {"label": str(option["label"]), "value": str(index)}
        for key in ("selected", "disabled"):
            if option.get(key):
                item[key] = True
        wire.append(item)
    return wire


def _decoder(options: list[dict[str, Any]]) -> Callable[[Any], Any]:
    by_position = {str(i): o for i, o in enumerate(options)}

    def decode(raw: Any) -> Any:
        option = by_position.get(raw) if isinstance(raw, str) else None
        if option is None or option.get("disabled"):
            raise FieldError("Please choose one of the options offered.")
        return option["value"]

    return decode


def _decode_many(decode: Callable[[Any], Any], raw: Any, required: bool | None) -> list[Any]:
    if not isinstance(raw, list) or len(set(map(str, raw))) != len(raw):
        raise FieldError("Please choose among the options offered.")
    if required and not raw:
        raise FieldError("Please choose at least one option.")
    return [decode(item) for item in raw]


def _choice_field(kind: str, label: str, options: Sequence[Any] | None, *, multiple: bool,
                  validate: Validator | None, name: str | None, value: Any, required: bool | None,
                  onchange: Callable[[Any], Any] | None, extra: dict[str, Any]) -> Field:
    spec: dict[str, Any] = {"type": kind, "name": check_name(name or "data"), "label": str(label)}
    if required is not None:
        spec["required"] = required
    if onchange is not None:
        spec["onchange"] = True
    spec.update((k, v) for k, v in extra.items() if v is not None)
    field = Field(spec, lambda raw: raw, validate, allow_empty=not required,
                  empty=list if multiple else lambda: None, onchange=onchange)

    def set_options(new_options: Sequence[Any] | None, selected: Any = None) -> None:
        parsed = parse_options(new_options, selected)
        decode = _decoder(parsed)
        field.options = parsed
        field.spec["options"] = wire_options(parsed)
        if multiple:
            field.convert = lambda raw: _decode_many(decode, raw, required)
        else:
            field.convert = decode

    set_options(options, value)
    field.set_options = set_options
    return field


def select_field(label: str, options: Sequence[Any] | None, *, multiple: bool | None = None,
                 validate: Validator | None = None, name: str | None = None, value: Any = None,
                 onchange: Callable[[Any], Any] | None = None, required: bool | None = None,
                 help_text: str | None = None, **other_html_attrs: Any) -> Field:
    extra = {"multiple": multiple, "help_text": help_text, **other_html_attrs}
    return _choice_field("select", label, options, multiple=bool(multiple), validate=validate,
                         name=name, value=value, required=required, onchange=onchange, extra=extra)


def checkbox_field(label: str, options: Sequence[Any] | None, *, inline: bool | None = None,
                   validate: Validator | None = None, name: str | None = None, value: Any = None,
                   onchange: Callable[[Any], Any] | None = None, help_text: str | None = None,
                   **other_html_attrs: Any) -> Field:
    extra = {"inline": inline, "help_text": help_text, **other_html_attrs}
    return _choice_field("checkbox", label, options, multiple=True, validate=validate, name=name,
                         value=value, required=None, onchange=onchange, extra=extra)


def radio_field(label: str, options: Sequence[Any] | None, *, inline: bool | None = None,
                validate: Validator | None = None, name: str | None = None, value: Any = None,
                onchange: Callable[[Any], Any] | None = None, required: bool | None = None,
                help_text: str | None = None, **other_html_attrs: Any) -> Field:
    extra = {"inline": inline, "help_text": help_text, **other_html_attrs}
    return _choice_field("radio", label, options, multiple=False, validate=validate, name=name,
                         value=value, required=required, onchange=onchange, extra=extra)


def parse_action_buttons(buttons: Sequence[Any] | None) -> list[dict[str, Any]]:
    if not buttons:
        raise ValueError("actions needs a non-empty list of buttons")
    parsed = as_dicts(buttons, ("label", "value", "type", "disabled"), "button")
    for item in parsed:
        item.setdefault("type", "submit")
        if item["type"] not in ACTION_TYPES:
            raise ValueError(f"button type must be one of {ACTION_TYPES}, not {item['type']!r}")
        if item["type"] == "submit" and "value" not in item:
            raise ValueError(f"submit button {item!r} needs a value")
        if "label" not in item:
            raise ValueError(f"button {item!r} needs a label")
    return parsed


def actions_field(label: str, buttons: Sequence[Any] | None, *, name: str | None = None,
                  help_text: str | None = None) -> Field:
    parsed = parse_action_buttons(buttons)
    wire = []
    for index, button in enumerate(parsed):
        item = {"label": str(button["label"]), "value": str(index), "type": button["type"]}
        for key in ("disabled", "color"):
            if button.get(key):
                item[key] = button[key]
        wire.append(item)

    def decode(raw: Any) -> Any:
        index = parse_index(raw, len(parsed))
        if index is None or parsed[index]["type"] != "submit" or parsed[index].get("disabled"):
            raise FieldError("Please use one of the buttons offered.")
        return parsed[index]["value"]

    spec: dict[str, Any] = {"type": "actions", "name": check_name(name or "data"), "label": str(label),
                            "buttons": wire}
    if help_text is not None:
        spec["help_text"] = help_text
    return Field(spec, decode, None, allow_empty=False)
