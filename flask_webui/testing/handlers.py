"""What a tab does with each command, as ``frontend/src/dispatcher.js`` maps
them (``download`` and ``run_script`` are only recorded in ``Tab.commands``).

>>> tab = Tab()
>>> apply(tab, {"command": "toast", "task_id": None, "spec": {"content": "Saved"}}, print)
>>> tab.toasts
['Saved']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gevent

from .page_model import Tab

#: Send the browser's answer (a ``js_yield`` event) to the question of ``task_id``.
Answer = Callable[[str | None, Any], None]
Handler = Callable[[Tab, dict[str, Any], "str | None", Answer], None]


def apply(tab: Tab, command: dict[str, Any], answer: Answer) -> None:
    """Apply one command to ``tab``; questions are answered through ``answer``."""
    tab.commands.append(command)
    handler = HANDLERS.get(command["command"])
    if handler is not None:
        handler(tab, command["spec"], command["task_id"], answer)


def initial_pin_value(spec: dict[str, Any]) -> Any:
    """What a freshly shown pin widget reports, as the browser would."""
    options = spec.get("options")
    if options is None:
        return None if spec["type"] in ("actions", "file") else spec.get("value", "")
    chosen = [option["value"] for option in options if option.get("selected")]
    if spec["type"] == "checkbox" or spec.get("multiple"):
        return chosen
    return chosen[0] if chosen else (options[0]["value"] if spec["type"] == "select" and options else None)


def _output(tab: Tab, spec: dict[str, Any], task_id: str | None, answer: Answer) -> None:
    tab.model.output(spec)
    if spec["type"] == "pin":
        tab.pins[spec["input"]["name"]] = initial_pin_value(spec["input"])


def _output_ctl(tab: Tab, spec: dict[str, Any], task_id: str | None, answer: Answer) -> None:
    tab.model.output_ctl(spec)


def _open_form(tab: Tab, spec: dict[str, Any], task_id: str | None, answer: Answer) -> None:
    assert task_id is not None
    tab.forms = [f for f in tab.forms if f[0] != task_id] + [(task_id, spec)]


def _destroy_form(tab: Tab, spec: dict[str, Any], task_id: str | None, answer: Answer) -> None:
    tab.forms = [f for f in tab.forms if f[0] != task_id]


def _update_input(tab: Tab, spec: dict[str, Any], task_id: str | None, answer: Answer) -> None:
    attributes, target = spec["attributes"], spec["target_name"]
    for form_task, form in tab.forms:
        for field_spec in form["inputs"] if form_task == task_id else ():
            if field_spec["name"] == target:
                field_spec.update(attributes)
    if attributes.get("valid_status") is False:
        tab.feedback[(str(task_id), target)] = attributes.get("invalid_feedback", "")
    elif "valid_status" in attributes:
        tab.feedback.pop((str(task_id), target), None)


def _toast(tab: Tab, spec: dict[str, Any], task_id: str | None, answer: Answer) -> None:
    tab.toasts.append(spec["content"])


def _popup(tab: Tab, spec: dict[str, Any], task_id: str | None, answer: Answer) -> None:
    tab.popups.append(spec)
    tab.model.open_popup(spec)


def _close_popup(tab: Tab, spec: dict[str, Any], task_id: str | None, answer: Answer) -> None:
    tab.model.close_popup()


def _set_env(tab: Tab, spec: dict[str, Any], task_id: str | None, answer: Answer) -> None:
    tab.env.update(spec)


def _pin_values(tab: Tab, spec: dict[str, Any], task_id: str | None, answer: Answer) -> None:
    answer(task_id, {n: tab.pins[n] for n in spec["names"] if n in tab.pins})


def _pin_value(tab: Tab, spec: dict[str, Any], task_id: str | None, answer: Answer) -> None:
    _pin_values(tab, {"names": [spec["name"]]}, task_id, answer)


def _pin_wait(tab: Tab, spec: dict[str, Any], task_id: str | None, answer: Answer) -> None:
    assert task_id is not None
    tab.pin_waits.append((list(spec["names"]), task_id))
    if spec.get("timeout"):
        gevent.spawn_later(spec["timeout"], _expire_pin_wait, tab, task_id, answer)


def _expire_pin_wait(tab: Tab, task_id: str, answer: Answer) -> None:
    if any(wait[1] == task_id for wait in tab.pin_waits):
        tab.pin_waits = [wait for wait in tab.pin_waits if wait[1] != task_id]
        answer(task_id, None)


def _pin_update(tab: Tab, spec: dict[str, Any], task_id: str | None, answer: Answer) -> None:
    if "value" in spec["attributes"]:
        tab.pins[spec["name"]] = spec["attributes"]["value"]


def _pin_onchange(tab: Tab, spec: dict[str, Any], task_id: str | None, answer: Answer) -> None:
    callbacks = [] if spec.get("clear") else tab.pin_callbacks.get(spec["name"], [])
    new = [spec["callback_id"]] if spec["callback_id"] else []
    tab.pin_callbacks[spec["name"]] = callbacks + new


def _close_session(tab: Tab, spec: dict[str, Any], task_id: str | None, answer: Answer) -> None:
    tab.closed = True
    tab.farewell = (spec or {}).get("message")


#: Command name -> what the tab does with it.
HANDLERS: dict[str, Handler] = {
    "output": _output,
    "output_ctl": _output_ctl,
    "input_group": _open_form,
    "update_input": _update_input,
    "destroy_form": _destroy_form,
    "toast": _toast,
    "popup": _popup,
    "close_popup": _close_popup,
    "set_env": _set_env,
    "pin_value": _pin_value,
    "pin_values": _pin_values,
    "pin_wait": _pin_wait,
    "pin_update": _pin_update,
    "pin_onchange": _pin_onchange,
    "close_session": _close_session,
}
