"""``input_group``: several inputs in one form."""

from __future__ import annotations

from typing import Any

from ..engine.coroutines import blocking
from .fields import Field
from .form import GroupValidator, run_form


def input_group(label: str = "", inputs: list[Any] | None = None,
                validate: GroupValidator | None = None, cancelable: bool = False) -> dict[str, Any] | None:
    """Ask for several values in one form; return them by field name, or
    ``None`` if the user cancels (``cancelable=True``, or a cancel button of an
    ``actions`` input).

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
    cancelable = cancelable or any(f.has_cancel_button for f in fields)
    return blocking(run_form)(str(label), fields, validate=validate, cancelable=cancelable)
