"""Running a form: send ``input_group``, check what comes back, repeat until
the values are valid, then ``destroy_form``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..engine.context import current_task
from ..engine.coroutines import blocking
from ..engine.session import Session
from ..engine.tasks import TaskGreenlet
from ..exceptions import SessionClosed
from ..output.notify import toast
from ..protocol import Event, quote
from .fields import Field, FieldError

GroupValidator = Callable[[dict[str, Any]], "tuple[str, str] | None"]


def _open_forms(session: Session) -> dict[str, dict[str, Field]]:
    """The fields of the form each task of ``session`` has open, by task id (for input_update())."""
    return session.state("input.open_forms", dict)


def _changing(session: Session) -> dict[str, str]:
    """The field whose onchange is running, by task id: input_update()'s default target."""
    return session.state("input.changing", dict)

#: Attributes input_update() may change.
UPDATABLE = frozenset({"label", "value", "placeholder", "help_text", "options", "valid_status",
                       "invalid_feedback", "valid_feedback", "readonly", "disabled", "required",
                       "min_value", "max_value", "step", "rows", "maxlength", "minlength"})


def run_form(label: str, fields: list[Field], *, validate: GroupValidator | None = None,
             cancelable: bool = False) -> dict[str, Any] | None:
    """Show a form and block this greenlet until it is submitted with valid
    values (returned by field name) or cancelled (``None``)."""
    task = current_task()
    session = task.session
    by_name = {field.name: field for field in fields}
    shown: set[str] = set()  # fields showing an error now
    spec = {"label": label, "inputs": [f.spec for f in fields], "cancelable": cancelable}
    with session.waiting_for(task.task_id) as next_event:
        session.send("input_group", spec, task.task_id)
        _open_forms(session)[task.task_id] = by_name
        for field in fields:
            if field.upload_limits is not None:
                session.uploads.open_slot(task.task_id, field.name, max_size=field.upload_limits[0],
                                          max_total_size=field.upload_limits[1])
        try:
            while True:
                event = next_event()
                if event.name == "from_cancel":
                    if cancelable:
                        return None
                    session.log.warning("session %s: refused to cancel a form that is not cancelable",
                                   session.id)
                elif event.name == "input_event":
                    _on_input_event(session, task, by_name, event, shown)
                elif event.name == "from_submit":
                    values = _on_submit(session, task.task_id, by_name, event.data, validate, shown)
                    if values is not None:
                        return values
                else:
                    session.log.warning("session %s: ignored %s while a form is open", session.id, event.name)
        finally:
            _open_forms(session).pop(task.task_id, None)
            session.uploads.close_slots(task.task_id)
            if not session.closed():
                try:
                    session.send("destroy_form", None, task.task_id)
                except SessionClosed:
                    pass


def ask(field: Field, *, named: bool) -> Any:
    """A field given a ``name`` describes an input of an ``input_group``;
    without one it is asked on its own, its label as the form's title."""
    if named:
        return field
    return _ask_alone(field)


@blocking
def _ask_alone(field: Field) -> Any:
    label = field.spec["label"]
    field.spec["label"] = ""
    field.spec.setdefault("auto_focus", True)
    values = run_form(label, [field], cancelable=field.has_cancel_button)
    return None if values is None else values[field.name]


def _show(session: Session, task_id: str, name: str, error: str | None, shown: set[str]) -> None:
    """Show ``error`` under field ``name``, or clear the error shown there."""
    if error is None:
        if name not in shown:
            return
        shown.discard(name)
        attributes: dict[str, Any] = {"valid_status": 0}
    else:
        shown.add(name)
        attributes = {"valid_status": False, "invalid_feedback": error}
    session.send("update_input", {"target_name": name, "attributes": attributes}, task_id)


def _on_input_event(session: Session, task: TaskGreenlet, fields: dict[str, Field], event: Event,
                    shown: set[str]) -> None:
    field = fields.get(event.data["name"])
    if field is None:
        session.log.warning("session %s: input_event for unknown field %s", session.id,
                            quote(event.data["name"]))
        return
    if event.data["event_name"] == "change":
        _on_change(task, field, event.data["value"])
        return
    if field.validate is None:
        return
    try:
        field.check(event.data["value"])
    except FieldError as error:
        _show(session, task.task_id, field.name, str(error), shown)
    else:
        _show(session, task.task_id, field.name, None, shown)


def _on_change(task: TaskGreenlet, field: Field, raw: Any) -> None:
    if field.onchange is None:
        return
    try:
        value = field.parse(raw)
    except FieldError:
        return  # not a value the field could take; the submit will say so
    changing = _changing(task.session)
    changing[task.task_id] = field.name
    try:
        field.onchange(value)
    finally:
        changing.pop(task.task_id, None)


def input_update(name: str | None = None, **spec: Any) -> None:
    """Change a field of the form that is open, from an ``onchange`` callback:
    its ``label``, ``value``, ``options``, ``help_text``, ``valid_status``,
    ``invalid_feedback`` ...  ``name`` defaults to the field that changed.

    New options are what the server accepts from then on.

    >>> def on_country(country):  # doctest: +SKIP
    ...     input_update("city", options=CITIES[country])
    """
    task = current_task()
    fields = _open_forms(task.session).get(task.task_id)
    if fields is None:
        raise RuntimeError("input_update() works only in an onchange callback of an open form")
    target = name or _changing(task.session).get(task.task_id)
    field = fields.get(target or "")
    if field is None:
        raise ValueError(f"the open form has no field named {target!r}")
    attributes = update_attributes(field, spec, "input_update()")
    task.session.send("update_input", {"target_name": field.name, "attributes": attributes}, task.task_id)


def update_attributes(field: Field, spec: dict[str, Any], caller: str) -> dict[str, Any]:
    """The ``update_input`` attributes for changing ``field`` by ``spec``
    (option values become the positions the browser knows); the server's copy
    of the field follows, since readonly, required and options are checked on
    submit."""
    unknown = set(spec) - UPDATABLE
    if unknown:
        raise TypeError(f"{caller} cannot change {sorted(unknown)}; it can change {sorted(UPDATABLE)}")
    attributes = dict(spec)
    if "options" in spec:
        if field.set_options is None:
            raise TypeError(f"field {field.name!r} has no options")
        field.set_options(spec["options"])
        attributes["options"] = field.spec["options"]
    if "value" in spec and field.set_options is not None:
        attributes["value"] = _positions(field, spec["value"])
    for key in ("readonly", "required", "label", "placeholder", "help_text", "value"):
        if key in spec and not (key == "value" and field.set_options is not None):
            field.spec[key] = spec[key]
    return attributes


def _positions(field: Field, value: Any) -> Any:
    """The positions the browser knows for option value(s) ``value``."""
    wanted = value if isinstance(value, (list, tuple, set)) else [value]
    values = [option["value"] for option in field.options or []]
    positions = [str(i) for i, v in enumerate(values) if v in wanted]
    return positions if isinstance(value, (list, tuple, set)) else (positions[0] if positions else None)


def _on_submit(session: Session, task_id: str, fields: dict[str, Field], data: dict[str, Any],
               validate: GroupValidator | None, shown: set[str]) -> dict[str, Any] | None:
    unknown = sorted(set(data) - set(fields))
    if unknown:
        session.log.warning("session %s: refused a submit with unknown fields %s", session.id,
                            quote(unknown))
        toast(f"Refused unknown fields: {', '.join(unknown)}", duration=3, color="error")
        return None
    values: dict[str, Any] = {}
    errors = False
    for name, field in fields.items():
        try:
            values[name] = field.check(data.get(name))
        except FieldError as error:
            errors = True
            _show(session, task_id, name, str(error), shown)
        else:
            _show(session, task_id, name, None, shown)
    if errors:
        return None
    if validate is not None:
        problem = validate(values)
        if problem is not None:
            try:
                name, message = problem
            except (TypeError, ValueError):
                raise ValueError("an input_group validate function must return None or "
                                 "(field name, error message)") from None
            _show(session, task_id, name, str(message), shown)
            return None
    return values
