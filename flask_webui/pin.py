"""Pin widgets (PyWebIO's ``pywebio.pin``): inputs placed among the outputs,
whose values page code reads, sets and waits on at any time.

>>> from flask_webui.pin import pin, put_input, pin_wait_change
>>> put_input("name", label="Your name")         # doctest: +SKIP
>>> pin.name                                      # what the browser shows now  # doctest: +SKIP
>>> pin.name = "Ada"                              # doctest: +SKIP

Reads travel as ``pin_values`` / ``pin_wait`` commands answered by the
browser under the command's own task id (a correlation id, see
:meth:`~flask_webui.engine.session.Session.request`). Every value read goes
through the same server-side checks as a form submit: a select pin returns
only a value it offered, a number pin an ``int``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, overload

from .engine.context import current_session
from .engine.coroutines import blocking
from .engine.session import Session
from .input import actions, checkbox, file_upload, input, radio, select, slider, textarea
from .input.fields import Field, FieldError, check_name
from .input.form import update_attributes
from .output.base import BOTTOM, Output, output_spec, send_command
from .protocol import quote

__all__ = [
    "get_pin_values", "pin", "pin_on_change", "pin_update", "pin_wait_change", "put_actions",
    "put_checkbox", "put_file_upload", "put_input", "put_radio", "put_select", "put_slider",
    "put_textarea",
]


#: The upload slot owner of file pins (forms use their task id).
PIN_UPLOADS = "pin"

def _pins(session: Session) -> dict[str, Field]:
    """The pin fields of ``session`` by name: how to check what the browser reports."""
    return session.state("pin.fields", dict)


def _put_pin(field: Field, scope: str | None, position: int) -> Output:
    session = current_session()
    field.allow_empty = True  # an empty pin reads as "" (None for numbers), never an error
    if field.spec["type"] == "actions":
        field.empty = lambda: None  # no button clicked yet
    field.spec.pop("auto_focus", None)
    _pins(session)[field.name] = field
    if field.upload_limits is not None:
        field.upload_owner = PIN_UPLOADS
        session.uploads.open_slot(PIN_UPLOADS, field.name, max_size=field.upload_limits[0],
                                  max_total_size=field.upload_limits[1])
    return Output(output_spec("pin", input=field.spec), scope, position)


def put_input(name: str, type: str = "text", *, label: str = "", value: Any = None,
              placeholder: str | None = None, readonly: bool | None = None,
              datalist: list[str] | None = None, help_text: str | None = None,
              scope: str | None = None, position: int = BOTTOM) -> Output:
    """Put a text (or number, date ...) input whose value is ``pin[name]``.

    >>> put_input("age", type="number", label="Age")  # doctest: +SKIP
    """
    field = input(label, type, name=check_name(name), value=value, placeholder=placeholder,
                  readonly=readonly, datalist=datalist, help_text=help_text)
    return _put_pin(field, scope, position)


def put_textarea(name: str, *, label: str = "", rows: int = 6, code: bool | dict[str, Any] | None = None,
                 maxlength: int | None = None, minlength: int | None = None, value: str | None = None,
                 placeholder: str | None = None, readonly: bool | None = None, help_text: str | None = None,
                 scope: str | None = None, position: int = BOTTOM) -> Output:
    """Put a multi-line text box (a code editor with ``code``)."""
    field = textarea(label, rows=rows, code=code, maxlength=maxlength, minlength=minlength,
                     name=check_name(name), value=value, placeholder=placeholder, readonly=readonly,
                     help_text=help_text)
    return _put_pin(field, scope, position)


def put_select(name: str, options: Sequence[Any] | None = None, *, label: str = "",
               multiple: bool | None = None, value: Any = None, native: bool | None = None,
               help_text: str | None = None, scope: str | None = None, position: int = BOTTOM) -> Output:
    """Put a drop-down; ``pin[name]`` is the Python value of the chosen option
    (a list with ``multiple``). ``native`` is accepted for PyWebIO's sake: the
    page always uses the browser's own select."""
    field = select(label, options, multiple=multiple, name=check_name(name), value=value,
                   help_text=help_text)
    return _put_pin(field, scope, position)


def put_checkbox(name: str, options: Sequence[Any] | None = None, *, label: str = "",
                 inline: bool | None = None, value: Any = None, help_text: str | None = None,
                 scope: str | None = None, position: int = BOTTOM) -> Output:
    """Put checkboxes; ``pin[name]`` is the list of ticked option values."""
    field = checkbox(label, options, inline=inline, name=check_name(name), value=value, help_text=help_text)
    return _put_pin(field, scope, position)


def put_radio(name: str, options: Sequence[Any] | None = None, *, label: str = "",
              inline: bool | None = None, value: Any = None, help_text: str | None = None,
              scope: str | None = None, position: int = BOTTOM) -> Output:
    """Put radio buttons; ``pin[name]`` is the picked option's value or ``None``."""
    field = radio(label, options, inline=inline, name=check_name(name), value=value, help_text=help_text)
    return _put_pin(field, scope, position)


def put_slider(name: str, *, label: str = "", value: int | float = 0, min_value: int | float = 0,
               max_value: int | float = 100, step: int = 1, required: bool | None = None,
               help_text: str | None = None, scope: str | None = None, position: int = BOTTOM) -> Output:
    """Put a range slider; ``pin[name]`` is an ``int`` (``float`` if any bound is)."""
    field = slider(label, name=check_name(name), value=value, min_value=min_value, max_value=max_value,
                   step=step, required=required, help_text=help_text)
    return _put_pin(field, scope, position)


def put_actions(name: str, *, label: str = "", buttons: Sequence[Any] | None = None,
                help_text: str | None = None, scope: str | None = None, position: int = BOTTOM) -> Output:
    """Put a row of buttons; a click sets ``pin[name]`` to the button's value
    (only ``submit`` buttons, and nothing is submitted)."""
    field = actions(label, buttons, name=check_name(name), help_text=help_text)
    if any(button["type"] != "submit" for button in field.spec["buttons"]):
        raise ValueError("put_actions() takes only 'submit' buttons")
    return _put_pin(field, scope, position)


def put_file_upload(name: str, *, label: str = "", accept: str | list[str] | None = None,
                    placeholder: str = "Choose file", multiple: bool = False, max_size: int | str = 0,
                    max_total_size: int | str = 0, help_text: str | None = None,
                    scope: str | None = None, position: int = BOTTOM) -> Output:
    """Put a file chooser; reading ``pin[name]`` uploads the chosen files (in
    chunks, within the limits) and returns them as ``file_upload`` does."""
    field = file_upload(label, accept=accept, name=check_name(name), placeholder=placeholder,
                        multiple=multiple, max_size=max_size, max_total_size=max_total_size,
                        help_text=help_text)
    return _put_pin(field, scope, position)


def _decode(session: Session, name: str, raw: Any) -> Any:
    """A value the browser reports for pin ``name``, checked like a submit.

    :raises KeyError: for a name no pin of this session has.
    """
    field = _pins(session)[name]
    try:
        return field.parse(raw)
    except FieldError as error:
        # Shown under the widget; the page code reads None, as for an empty pin.
        session.log.info("session %s: pin %r holds a value it cannot take: %s", session.id, name, error)
        send_command("pin_update", {"name": name, "attributes": {
            "valid_status": False, "invalid_feedback": str(error)}})
        return None


@blocking
def get_pin_values(names: Sequence[str]) -> dict[str, Any]:
    """The values of several pins in one round trip, by name; a pin that is
    not on the page is left out.

    >>> get_pin_values(["width", "height"])  # doctest: +SKIP
    {'width': 3, 'height': 4}
    """
    names = [check_name(name) for name in names]
    session = current_session()
    answer = session.request("pin_values", {"names": names}, session.settings.answer_timeout)
    if not isinstance(answer, dict):
        raise TimeoutError("the browser sent no pin values")  # never from our page: logged by request()
    values = {}
    for name in names:
        if name in answer and name in _pins(session):
            values[name] = _decode(session, name, answer[name])
    return values


class _Pin:
    """``pin.name`` / ``pin["name"]`` reads a pin widget's value from the
    browser (``None`` if it is not on the page); assigning sets it."""

    _strict = False

    def use_strict(self) -> None:
        """Reading a pin that is not on the page raises ``LookupError``
        instead of returning ``None``."""
        object.__setattr__(self, "_strict", True)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> Any:
        return blocking(self._read)(name)

    def _read(self, name: str) -> Any:
        values = get_pin_values([name])
        if name not in values and self._strict:
            raise LookupError(f"pin widget {name!r} is not on the page")
        return values.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value

    def __setitem__(self, name: str, value: Any) -> None:
        pin_update(name, value=value)


#: The pins' values as the browser shows them: ``pin.name`` reads, ``pin.name = v`` sets.
pin = _Pin()


@overload
def pin_wait_change(*names: Any, timeout: None = None) -> dict[str, Any]: ...
@overload
def pin_wait_change(*names: Any, timeout: float) -> dict[str, Any] | None: ...
@blocking
def pin_wait_change(*names: Any, timeout: float | None = None) -> dict[str, Any] | None:
    """Wait until the user changes one of the pins ``names``; return
    ``{"name": ..., "value": ...}``, or ``None`` after ``timeout`` seconds.
    Setting a value from page code does not count as a change. A change made
    while no wait was pending (the page code was busy) is not lost: the next
    wait naming that pin returns at once with the pin's value then (changes
    in between may be coalesced into it; reading ``pin.name`` does not count).

    >>> while True:
    ...     changed = pin_wait_change("a", "b")  # doctest: +SKIP
    """
    if len(names) == 1 and isinstance(names[0], (list, tuple)):
        names = tuple(names[0])
    if not names:
        raise ValueError("pin_wait_change() needs at least one pin name")
    wanted = [check_name(name) for name in names]
    if timeout is not None and timeout <= 0:
        raise ValueError("timeout must be a positive number of seconds, or None")
    session = current_session()
    # The browser times out itself; the server's wait allows for the trip back.
    server_wait = None if timeout is None else timeout + session.settings.answer_timeout
    while True:
        answer = session.request("pin_wait", {"names": wanted, "timeout": timeout}, server_wait)
        if answer is None:
            return None
        changed = answer.get("name") if isinstance(answer, dict) else None
        if changed in wanted and changed in _pins(session):
            return {"name": changed, "value": _decode(session, changed, answer.get("value"))}
        session.log.warning("session %s: ignored a pin_wait answer for other pins: %s", session.id,
                            quote(answer))


def pin_update(name: str, **spec: Any) -> None:
    """Change pin ``name``: its ``value``, ``label``, ``options``,
    ``help_text``, ``valid_status``... (as ``input_update``).

    >>> pin_update("city", options=["Paris", "Lyon"], value="Lyon")  # doctest: +SKIP
    """
    session = current_session()
    field = _pins(session).get(check_name(name))
    if field is None:
        raise ValueError(f"no pin widget named {name!r} was put on this page")
    attributes = update_attributes(field, spec, "pin_update()")
    send_command("pin_update", {"name": name, "attributes": attributes})


def pin_on_change(name: str, onchange: Callable[[Any], Any] | None = None, clear: bool = False,
                  init_run: bool = False, **callback_options: Any) -> None:
    """Call ``onchange(value)`` whenever the user changes pin ``name``.
    Several callbacks may be bound (``clear=True`` drops the earlier ones);
    ``init_run`` calls it once now with the current value. ``serial_mode=True``
    runs the calls one after another.

    >>> pin_on_change("query", lambda text: put_text(text), init_run=True)  # doctest: +SKIP
    """
    if onchange is None and not clear:
        raise ValueError("pin_on_change() needs onchange, or clear=True to drop the callbacks")
    unknown = set(callback_options) - {"serial_mode"}
    if unknown:
        raise TypeError(f"pin_on_change() got unexpected arguments {sorted(unknown)}")
    session = current_session()
    check_name(name)
    callback_id = None
    if onchange is not None:
        function = onchange

        def decode(data: Any) -> Any:
            if not isinstance(data, dict) or "value" not in data:
                raise ValueError("a pin change carries {value}")
            field = _pins(session)[name]
            return field.parse(data["value"])

        callback_id = session.register_callback(function, decode,
                                                serial=bool(callback_options.get("serial_mode")))
        if init_run:
            function(pin[name])
    send_command("pin_onchange", {"name": name, "callback_id": callback_id, "clear": clear})
