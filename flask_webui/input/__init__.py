"""Input: ask the user for values (PyWebIO's ``pywebio.input`` names).

``input()`` blocks only the page's own greenlet until the user submits a valid
value; every other session keeps running.

>>> from flask_webui.input import input, FLOAT
>>> height = input("Height (cm)", type=FLOAT)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from .fields import (
    COLOR,
    CONVERTERS,
    DATE,
    DATETIME_LOCAL,
    FLOAT,
    INPUT_TYPES,
    NUMBER,
    PASSWORD,
    TEXT,
    TIME,
    URL,
    Field,
    Validator,
    check_name,
    to_text,
)
from .form import GroupValidator, run_form

__all__ = [
    "COLOR", "DATE", "DATETIME_LOCAL", "FLOAT", "NUMBER", "PASSWORD", "TEXT", "TIME", "URL",
    "input", "input_group",
]

_SINGLE = "data"


def input(label: str = "", type: str = TEXT, *, validate: Validator | None = None,  # noqa: A001
          name: str | None = None, value: Any = None, placeholder: str | None = None,
          required: bool | None = None, readonly: bool | None = None,
          help_text: str | None = None, **other_html_attrs: Any) -> Any:
    """Ask for one value and return it (``int`` for NUMBER, ``float`` for
    FLOAT, ``str`` otherwise).

    ``validate(value)`` returns an error message to show under the field (the
    form stays open) or ``None`` to accept. A NUMBER or FLOAT field must be
    filled in unless ``required=False`` is passed, in which case an empty field
    returns ``None``. Given a ``name``, the call does not
    block: it describes a field for :func:`input_group`.

    >>> age = input("Age", type=NUMBER, validate=lambda v: "Too young" if v < 18 else None)  # doctest: +SKIP
    """
    if type not in INPUT_TYPES:
        raise ValueError(f"input type {type!r} is not one of {sorted(INPUT_TYPES)}")
    spec: dict[str, Any] = {"type": type, "name": check_name(name or _SINGLE), "label": str(label)}
    options = {"value": value, "placeholder": placeholder, "required": required,
               "readonly": readonly, "help_text": help_text}
    spec.update((k, v) for k, v in options.items() if v is not None)
    spec.update(other_html_attrs)
    if validate is not None:
        spec["onblur"] = True
    numeric = type in CONVERTERS
    allow_empty = required is False if numeric else not required
    field = Field(spec, CONVERTERS.get(type, to_text), validate, allow_empty)
    if name is not None:
        return field
    spec["label"] = ""
    spec.setdefault("auto_focus", True)
    values = run_form(str(label), [field])
    return None if values is None else values[_SINGLE]


def input_group(label: str = "", inputs: list[Any] | None = None,
                validate: GroupValidator | None = None, cancelable: bool = False) -> dict[str, Any] | None:
    """Ask for several values in one form; return them by field name, or
    ``None`` if the user cancels (``cancelable=True``).

    Each item of ``inputs`` is an input function called with ``name=``.
    ``validate(values)`` returns ``(name, error)`` to show an error under a field.

    >>> data = input_group("Size", [input("Height", name="h", type=FLOAT),
    ...                             input("Weight", name="w", type=FLOAT)])  # doctest: +SKIP
    """
    if not inputs:
        raise ValueError("input_group needs a list of inputs")
    fields: list[Field] = []
    for item in inputs:
        if not isinstance(item, Field):
            raise TypeError("each item of input_group's inputs must be an input function "
                            "called with name=..., e.g. input('Age', name='age')")
        if any(f.name == item.name for f in fields):
            raise ValueError(f"two inputs are named {item.name!r} in one input_group")
        fields.append(item)
    if not any("auto_focus" in f.spec for f in fields):
        fields[0].spec["auto_focus"] = True
    return run_form(str(label), fields, validate=validate, cancelable=cancelable)


