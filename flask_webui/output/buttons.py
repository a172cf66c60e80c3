"""Buttons and their click callbacks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..engine.context import current_session
from ..protocol import parse_index, quote
from .base import BOTTOM, Output, output_spec


def _normalize_button(button: Any) -> dict[str, Any]:
    if isinstance(button, dict):
        if "label" not in button:
            raise ValueError(f"button {button!r} needs a 'label'")
        normalized = dict(button)
        normalized.setdefault("value", normalized["label"])
        return normalized
    if isinstance(button, (list, tuple)):
        if len(button) != 2:
            raise ValueError(f"button {button!r} must be (label, value)")
        return {"label": button[0], "value": button[1]}
    return {"label": button, "value": button}


def put_buttons(buttons: Sequence[Any], onclick: Callable[[Any], Any] | Sequence[Callable[[], Any]],
                small: bool | None = None, link_style: bool = False, outline: bool = False,
                group: bool = False, scope: str | None = None, position: int = BOTTOM,
                **callback_options: Any) -> Output:
    """Put a row of buttons.

    ``buttons`` items are a label, a ``(label, value)`` pair or a dict with
    ``label``, ``value``, ``color`` and ``disabled``. ``onclick`` is either one
    function called with the clicked button's value, or a list with one
    function (no argument) per button.

    The browser only ever sees each button's position; the server maps it back
    to the Python value, so a callback receives exactly a value it offered (a
    click on a disabled button is refused). Each click runs its callback in a
    greenlet of its own; ``serial_mode=True`` runs the clicks of these buttons
    one after another instead.

    >>> put_buttons(["Add", "Remove"], onclick=print)  # doctest: +SKIP
    """
    items = [_normalize_button(b) for b in buttons]
    values = [item["value"] for item in items]
    unknown = set(callback_options) - {"serial_mode"}
    if unknown:
        raise TypeError(f"put_buttons() got unexpected arguments {sorted(unknown)}")

    def enabled_index(raw: Any) -> int:
        index = _index(raw, len(values))
        if items[index].get("disabled"):
            raise ValueError(f"button {raw!r} is disabled")
        return index

    if callable(onclick):
        function = onclick

        def decode(raw: Any) -> Any:
            return values[enabled_index(raw)]
    else:
        functions = list(onclick)
        if len(functions) != len(items):
            raise ValueError("onclick needs one function per button")

        def function(index: Any) -> Any:
            return functions[index]()

        decode = enabled_index

    callback_id = current_session().register_callback(
        function, decode, serial=bool(callback_options.get("serial_mode")))
    wire_buttons = []
    for index, item in enumerate(items):
        wire = {"label": str(item["label"]), "value": str(index)}
        for key in ("color", "disabled"):
            if item.get(key) is not None:
                wire[key] = item[key]
        wire_buttons.append(wire)
    spec = output_spec("buttons", callback_id=callback_id, buttons=wire_buttons, small=small,
                       link=link_style, outline=outline, group=group)
    return Output(spec, scope, position)


def put_button(label: Any, onclick: Callable[[], Any], color: str | None = None, small: bool | None = None,
               link_style: bool = False, outline: bool = False, disabled: bool = False,
               scope: str | None = None, position: int = BOTTOM) -> Output:
    """Put one button; ``onclick()`` runs when it is clicked."""
    button = {"label": label, "value": label, "color": color, "disabled": disabled or None}
    return put_buttons([button], onclick=[onclick], small=small, link_style=link_style,
                       outline=outline, scope=scope, position=position)


def _index(raw: Any, count: int) -> int:
    index = parse_index(raw, count) if isinstance(raw, str) else raw
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
        raise ValueError(f"no button {quote(raw)}")
    return index
