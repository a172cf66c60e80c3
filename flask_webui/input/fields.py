"""Input fields: their wire spec and how a submitted value is checked."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

TEXT = "text"
NUMBER = "number"
FLOAT = "float"
PASSWORD = "password"
URL = "url"
DATE = "date"
TIME = "time"
COLOR = "color"
DATETIME_LOCAL = "datetime-local"
DATETIME = DATETIME_LOCAL  # PyWebIO's other name for it

INPUT_TYPES = frozenset({TEXT, NUMBER, FLOAT, PASSWORD, URL, DATE, TIME, COLOR, DATETIME_LOCAL})

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")

Validator = Callable[[Any], "str | None"]


class FieldError(ValueError):
    """A submitted value is refused; the message is shown under the field."""


@dataclass
class Field:
    """One input of a form: the spec the browser gets and the checks the server
    applies to what comes back."""

    spec: dict[str, Any]
    convert: Callable[[Any], Any]
    validate: Validator | None = None
    #: Whether an empty value is accepted (as ``""``, or ``None`` for numbers).
    allow_empty: bool = True
    #: What an accepted empty value becomes; by default ``""`` (``None`` for numbers).
    empty: Callable[[], Any] | None = None
    #: Called with the converted value each time the user changes the field.
    onchange: Callable[[Any], Any] | None = None
    #: Replaces the options of a choice field (``input_update(options=...)``).
    set_options: Callable[[Any], None] | None = None
    #: A choice field's options with their Python values (never sent as such).
    options: list[dict[str, Any]] | None = None
    #: A file field's ``(max_size, max_total_size)`` in bytes.
    upload_limits: tuple[int, int] | None = None
    #: Whose upload slot a file field's files are in: the form's task id
    #: (``None``: the task reading the value) or the page's pins.
    upload_owner: str | None = None

    @property
    def name(self) -> str:
        return str(self.spec["name"])

    @property
    def has_cancel_button(self) -> bool:
        """An ``actions`` field with a cancel button makes its form cancelable."""
        return self.spec["type"] == "actions" and any(b["type"] == "cancel" for b in self.spec["buttons"])

    def check(self, raw: Any) -> Any:
        """Convert and validate a submitted value.

        :raises FieldError: with the message to show under the field.
        """
        value = self.parse(raw)
        if self.validate is not None:
            error = self.validate(value)
            if error:
                raise FieldError(str(error))
        return value

    def parse(self, raw: Any) -> Any:
        """Convert a value from the browser, without running ``validate``.

        :raises FieldError: when the field cannot take it.
        """
        if self.spec.get("readonly"):
            raw = self.spec.get("value")
        if raw is None or raw == "":
            if self.spec.get("required") or not self.allow_empty:
                raise FieldError("Please fill in this field.")
            if self.empty is not None:
                value = self.empty()
            else:
                value = None if self.spec["type"] in (NUMBER, FLOAT) else ""
        else:
            value = self.convert(raw)
        return value


def check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"input name {name!r} must start with a letter or '_' and hold only "
                         "letters, digits, '_' and '-'")
    return name


def to_text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise FieldError("Please enter text.")
    return raw


def to_int(raw: Any) -> int:
    if isinstance(raw, bool):
        raise FieldError("Please enter a whole number.")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str):
        try:
            return int(raw.strip())
        except ValueError:
            pass
    raise FieldError("Please enter a whole number.")


def to_float(raw: Any) -> float:
    if isinstance(raw, bool):
        raise FieldError("Please enter a number.")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise FieldError("Please enter a number.") from None
    if not math.isfinite(value):
        raise FieldError("Please enter a finite number.")
    return value


def _pattern(regex: str, message: str, check: Callable[[str], Any] | None = None) -> Callable[[Any], str]:
    """A converter that accepts text matching ``regex`` (and ``check``)."""
    compiled = re.compile(regex)

    def convert(raw: Any) -> str:
        text = to_text(raw)
        if not compiled.fullmatch(text):
            raise FieldError(message)
        if check is not None:
            try:
                check(text)
            except ValueError:
                raise FieldError(message) from None
        return text

    return convert


def _check_clock(text: str) -> None:
    hour, minute, *rest = (float(part) for part in text.split(":"))
    if hour > 23 or minute > 59 or (rest and rest[0] >= 60):
        raise ValueError(text)


def _check_datetime(text: str) -> None:
    day, clock = text.split("T")
    date.fromisoformat(day)
    _check_clock(clock)


_CLOCK = r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"

#: How each input type turns what the browser sends into the value returned.
CONVERTERS: dict[str, Callable[[Any], Any]] = {
    NUMBER: to_int,
    FLOAT: to_float,
    # What <input type=url> accepts: a scheme, a colon, something after it.
    URL: _pattern(r"[A-Za-z][A-Za-z0-9+.-]*:\S+", "Please enter a URL."),
    DATE: _pattern(r"\d{4}-\d{2}-\d{2}", "Please enter a date (YYYY-MM-DD).", date.fromisoformat),
    TIME: _pattern(_CLOCK, "Please enter a time (HH:MM).", _check_clock),
    COLOR: _pattern(r"#[0-9a-fA-F]{6}", "Please enter a colour as #rrggbb."),
    DATETIME_LOCAL: _pattern(r"\d{4}-\d{2}-\d{2}T" + _CLOCK, "Please enter a date and time.",
                             _check_datetime),
}
