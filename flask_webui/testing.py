"""A headless client for pages: open a page without a browser or a network,
read what it put out, answer its forms and click its buttons.

>>> client = webui.test_client()
>>> page = client.open("/bmi")
>>> page.submit({"height": 180, "weight": 81})
>>> "BMI: 25.0" in page.text
True
"""

from __future__ import annotations

import html
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import gevent
from werkzeug.test import EnvironBuilder

from .auth import current_user_id, refusal
from .engine.uploads import UploadRefused
from .protocol import Command, parse_client_message
from .tokens import PageClaim

if TYPE_CHECKING:
    from .engine.session import Session
    from .extension import FlaskWebUI

_TAG = re.compile(r"<[^>]*>")


@dataclass
class _Scope:
    name: str
    items: list[Any] = field(default_factory=list)  # output specs and _Scope children


def _as_scope(spec: dict[str, Any]) -> Any:
    """What the page holds for an output: a scope for ``put_scope`` and for a
    widget used as a context manager (output can go inside), else the spec."""
    if spec.get("type") == "scope" and spec.get("dom_id"):
        return _Scope(spec["dom_id"].removeprefix("pywebio-scope-"),
                      [_as_scope(item) for item in spec.get("contents", [])])
    if spec.get("container_dom_id"):
        return _Scope(spec["container_dom_id"].removeprefix("pywebio-scope-"), [spec])
    return spec


def _insert(items: list[Any], position: int, item: Any) -> None:
    index = position if position >= 0 else len(items) + position + 1
    items.insert(max(0, min(index, len(items))), item)


def spec_text(spec: Any) -> str:
    """The text a person reads in an output spec (or a scope)."""
    if isinstance(spec, _Scope):
        return "\n".join(t for t in (spec_text(i) for i in spec.items) if t)
    kind = spec.get("type")
    if kind in ("text", "markdown"):
        return str(spec.get("content", ""))
    if kind == "html":
        return html.unescape(_TAG.sub("", str(spec.get("content", ""))))
    if kind == "buttons":
        return " ".join(f"[{b['label']}]" for b in spec.get("buttons", []))
    if kind == "table":
        return "\n".join(" | ".join(_item_text(cell) for cell in row) for row in spec.get("data", []))
    if kind == "tabs":
        return "\n".join(f"{tab['title']}: {_item_text(tab['content'])}" for tab in spec.get("tabs", []))
    if kind == "custom_widget":
        return _widget_text(spec.get("data", {}))
    return "\n".join(spec_text(c) for c in spec.get("contents", []) if isinstance(c, dict))


def _widget_text(data: dict[str, Any]) -> str:
    """A template widget's text: its title or label, then the items of its lists."""
    parts = [str(data[key]) for key in ("title", "label") if isinstance(data.get(key), str)]
    parts += [_item_text(value) for value in data.values() if isinstance(value, list)]
    return "\n".join(p for p in parts if p)


def _item_text(item: Any) -> str:
    """The text of a nested item: an output spec, a string, or a template's data."""
    if isinstance(item, dict) and "type" in item:
        return spec_text(item)
    if isinstance(item, dict):
        return "\n".join(t for t in (_item_text(v) for v in item.values()) if t)
    if isinstance(item, list):
        return "\n".join(t for t in (_item_text(v) for v in item) if t)
    return item if isinstance(item, str) else ""


def _initial_pin_value(spec: dict[str, Any]) -> Any:
    """What a freshly shown pin widget reports, as the browser would."""
    options = spec.get("options")
    if options is None:
        return None if spec["type"] in ("actions", "file") else spec.get("value", "")
    chosen = [option["value"] for option in options if option.get("selected")]
    if spec["type"] == "checkbox" or spec.get("multiple"):
        return chosen
    return chosen[0] if chosen else (options[0]["value"] if spec["type"] == "select" and options else None)


class TestPage:
    """One open page, as the browser would hold it."""

    __test__ = False  # not a pytest test class
    protocol = "test"
    client_id: str | None = None

    def __init__(self, session: Session, auto_ack: bool = True) -> None:
        self.session = session
        #: Acknowledge each batch as soon as it arrives, as a browser does.
        self.auto_ack = auto_ack
        self.commands: list[Command] = []
        self.toasts: list[str] = []
        self.errors: list[str] = []
        self.env: dict[str, Any] = {}
        self.popups: list[dict[str, Any]] = []
        self.closed = False
        self._forms: list[tuple[str, dict[str, Any]]] = []
        self._feedback: dict[tuple[str, str], str] = {}
        self._root = _Scope("ROOT")
        self._popup: _Scope | None = None
        self._last_seq = 0
        #: Pin widgets' values as the browser would report them (option positions for choices).
        self.pins: dict[str, Any] = {}
        self._pin_waits: list[tuple[list[str], str]] = []
        self._pin_callbacks: dict[str, list[str]] = {}

    # -- what the page shows --------------------------------------------------

    @property
    def text(self) -> str:
        """Everything put out, as text, in page order."""
        return spec_text(self._root)

    @property
    def popup_text(self) -> str | None:
        """The text of the open popup, or ``None`` when none is open."""
        if self._popup is None:
            return None
        return "\n".join(filter(None, [self.popups[-1].get("title", ""), spec_text(self._popup)]))

    @property
    def form(self) -> dict[str, Any] | None:
        """The spec of the form on screen (the latest one opened)."""
        return self._forms[-1][1] if self._forms else None

    def field_error(self, name: str) -> str | None:
        """The error shown under field ``name`` of the current form."""
        if not self._forms:
            return None
        return self._feedback.get((self._forms[-1][0], name))

    def scope_text(self, name: str) -> str:
        scope = self._find_anywhere(name)
        if scope is None:
            raise KeyError(f"no scope {name!r} on the page")
        return spec_text(scope)

    # -- acting as the user ---------------------------------------------------

    def submit(self, values: Any) -> None:
        """Submit the current form: a dict by field name, or the value of a
        single ``input()``. A file field takes ``{"filename", "content"[,
        "mime_type"]}`` (a list of them if ``multiple``); the files are
        uploaded first, in chunks, as the browser does.

        >>> page.submit({"name": "Ada", "cv": {"filename": "cv.pdf", "content": b"%PDF"}})  # doctest: +SKIP
        """
        task_id, spec = self._current_form()
        # A bare value, or one file given as {"filename", "content"}, answers a single input().
        single = not isinstance(values, dict) or (spec["inputs"][0]["type"] == "file" and "content" in values)
        data = {spec["inputs"][0]["name"]: values} if single else dict(values)
        for field_spec in spec["inputs"]:
            if field_spec["type"] == "file" and data.get(field_spec["name"]) is not None:
                data[field_spec["name"]] = self._upload(task_id, field_spec["name"], data[field_spec["name"]])
        self.send({"event": "from_submit", "task_id": task_id, "data": data})

    def _upload(self, task_id: str, name: str, files: Any, chunk: int = 64 * 1024) -> Any:
        """Upload ``files`` for field ``name``; return what the submit carries."""
        if not isinstance(files, list):
            return self._upload(task_id, name, [files], chunk)[0]
        references = []
        for file in files:
            upload_id = secrets.token_hex(8)
            content = file["content"]
            for offset in range(0, max(len(content), 1), chunk):
                try:
                    self.session.uploads.receive(task_id, name, upload_id, size=len(content), offset=offset,
                                                 data=content[offset:offset + chunk])
                except UploadRefused as error:
                    self.errors.append(str(error))
                    break
            references.append({"upload": upload_id, "filename": file["filename"],
                                "mime_type": file.get("mime_type", ""),
                                "last_modified": file.get("last_modified", 0)})
        return references

    def cancel(self) -> None:
        task_id, _ = self._current_form()
        self.send({"event": "from_cancel", "task_id": task_id, "data": None})

    def blur(self, name: str, value: Any) -> None:
        """Leave field ``name`` holding ``value`` (runs its ``validate``)."""
        task_id, _ = self._current_form()
        self.send({"event": "input_event", "task_id": task_id,
                   "data": {"event_name": "blur", "name": name, "value": value}})

    def click(self, label: str) -> None:
        """Click the button labelled ``label``."""
        for spec in self._walk(self._root):
            if spec.get("type") == "buttons":
                for button in spec["buttons"]:
                    if button["label"] == label:
                        self.send({"event": "callback", "task_id": spec["callback_id"],
                                   "data": button["value"]})
                        return
        raise LookupError(f"no button labelled {label!r} on the page")

    def click_action(self, name: str) -> None:
        """Click the button beside field ``name`` (``input(action=...)``)."""
        _, spec = self._current_form()
        for field_spec in spec["inputs"]:
            if field_spec["name"] == name and "action" in field_spec:
                self.send({"event": "callback", "task_id": field_spec["action"]["callback_id"],
                           "data": None})
                return
        raise LookupError(f"the form has no action button beside {name!r}")

    def select_rows(self, rows: list[Any], action: str | None = None, table: int = 0) -> None:
        """Select ``rows`` (row ids) in the ``table``-th datatable of the page,
        then click its ``action`` button if one is named."""
        grids = [spec for spec in self._walk(self._root) if spec.get("type") == "datatable"]
        if len(grids) <= table:
            raise LookupError(f"the page has {len(grids)} datatable(s)")
        spec = grids[table]
        data: dict[str, Any] = {"rows": [str(row) if spec.get("id_field") else row for row in rows]}
        if action is not None:
            if action not in spec["actions"]:
                raise LookupError(f"the datatable has no action {action!r}")
            data["btn"] = spec["actions"].index(action)
        self.send({"event": "callback", "task_id": spec["callback_id"], "data": data})

    def set_pin(self, name: str, value: Any) -> None:
        """Change pin ``name`` as a user would (raw, as the browser sends it:
        option positions like ``"1"`` for choices): ``pin_wait_change`` and
        ``pin_on_change`` callbacks see it."""
        if name not in self.pins:
            raise LookupError(f"no pin widget {name!r} on the page")
        self.pins[name] = value
        events = [{"event": "js_yield", "task_id": task_id, "data": {"name": name, "value": value}}
                  for names, task_id in self._pin_waits if name in names]
        self._pin_waits = [wait for wait in self._pin_waits if name not in wait[0]]
        events += [{"event": "callback", "task_id": callback_id, "data": {"value": value}}
                   for callback_id in self._pin_callbacks.get(name, [])]
        if events:
            self.send({"ack": self._last_seq, "events": events})

    def _answer(self, task_id: str, data: Any) -> None:
        # Right away, so the page never looks idle while its question is answered.
        if not self.session.closed():
            self.errors.extend(self.session.receive(parse_client_message(
                {"events": [{"event": "js_yield", "task_id": task_id, "data": data}]})))

    def _apply_pin(self, name: str, spec: dict[str, Any], task_id: str) -> None:
        if name == "pin_values":
            self._answer(task_id, {n: self.pins[n] for n in spec["names"] if n in self.pins})
        elif name == "pin_wait":
            self._pin_waits.append((list(spec["names"]), task_id))
            if spec.get("timeout"):
                self._expire_pin_wait(task_id, spec["timeout"])
        elif name == "pin_update" and "value" in spec["attributes"]:
            self.pins[spec["name"]] = spec["attributes"]["value"]
        elif name == "pin_onchange":
            callbacks = [] if spec.get("clear") else self._pin_callbacks.get(spec["name"], [])
            new = [spec["callback_id"]] if spec["callback_id"] else []
            self._pin_callbacks[spec["name"]] = callbacks + new

    def _expire_pin_wait(self, task_id: str, timeout: float) -> None:
        def expire() -> None:
            if any(wait[1] == task_id for wait in self._pin_waits):
                self._pin_waits = [wait for wait in self._pin_waits if wait[1] != task_id]
                self._answer(task_id, None)
        gevent.spawn_later(timeout, expire)

    def send(self, raw: Any) -> None:
        """Send a raw event (or ``{"events": [...]}`` message) as the browser
        would, validated like one from the network, and wait until the page
        is idle."""
        message = parse_client_message(raw if "events" in raw else {"events": [raw], "ack": self._last_seq})
        self.errors.extend(self.session.receive(message))
        self.wait_idle()

    def wait_idle(self, timeout: float = 5.0) -> None:
        """Let the page run until it waits for the user (or has ended)."""
        deadline = time.monotonic() + timeout
        gevent.sleep(0)
        while not (self.session.closed() or self.session.is_idle()):
            if time.monotonic() > deadline:
                raise TimeoutError("the page did not become idle")
            gevent.sleep(0.001)
        gevent.sleep(0)

    def close_tab(self) -> None:
        """Close the tab: the session ends and its deferred calls run."""
        self.session.close("the test closed the page")

    # -- transport side ---------------------------------------------------------

    def deliver(self, payload: dict[str, Any]) -> None:
        # What a browser gets is JSON: nothing the page code shares by reference.
        payload = json.loads(json.dumps(payload))
        self._last_seq = payload["seq"]
        for cmd in payload["commands"]:
            self.commands.append(cmd)
            self._apply(cmd)
        if self.auto_ack:
            self.session.acknowledge(payload["seq"])

    def report_error(self, message: str) -> None:
        self.errors.append(message)

    def supersede(self) -> None:
        self.closed = True

    def close(self) -> None:
        self.closed = True

    def _apply(self, cmd: Command) -> None:
        name, spec, task_id = cmd["command"], cmd["spec"], cmd["task_id"]
        if name == "output":
            scope = self._find_anywhere(spec["scope"].removeprefix("#pywebio-scope-"))
            if scope is not None:
                _insert(scope.items, spec.get("position", -1), _as_scope(spec))
            if spec["type"] == "pin":
                self.pins[spec["input"]["name"]] = _initial_pin_value(spec["input"])
        elif name.startswith("pin_"):
            self._apply_pin(name, spec, task_id)
        elif name == "output_ctl":
            self._output_ctl(spec)
        elif name == "input_group":
            self._forms = [f for f in self._forms if f[0] != task_id] + [(task_id, spec)]
        elif name == "destroy_form":
            self._forms = [f for f in self._forms if f[0] != task_id]
        elif name == "update_input":
            attributes = spec["attributes"]
            for form_task, form in self._forms:
                for field_spec in form["inputs"] if form_task == task_id else ():
                    if field_spec["name"] == spec["target_name"]:
                        field_spec.update(attributes)
            if attributes.get("valid_status") is False:
                self._feedback[(task_id, spec["target_name"])] = attributes.get("invalid_feedback", "")
            elif "valid_status" in attributes:
                self._feedback.pop((task_id, spec["target_name"]), None)
        elif name == "toast":
            self.toasts.append(spec["content"])
        elif name == "popup":
            self.popups.append(spec)
            self._popup = _Scope(str(spec.get("dom_id", "")).removeprefix("pywebio-scope-"),
                                 [_as_scope(item) for item in spec.get("content", [])])
        elif name == "close_popup":
            self._popup = None
        elif name == "set_env":
            self.env.update(spec)
        elif name == "close_session":
            self.closed = True

    def _output_ctl(self, spec: dict[str, Any]) -> None:
        if "set_scope" in spec:
            name = spec["set_scope"].removeprefix("pywebio-scope-")
            existing = self._find(self._root, name)
            container = self._find(self._root, spec["container"].removeprefix("#pywebio-scope-"))
            if existing is not None:
                if spec.get("if_exist") in ("clear", "blank"):
                    existing.items.clear()
                    return
                if spec.get("if_exist") != "remove":
                    return
                self._remove(self._root, existing)
            if container is not None:
                _insert(container.items, spec.get("position", -1), _Scope(name))
        for key in ("clear", "remove"):
            if key in spec:
                scope = self._find(self._root, spec[key].removeprefix("#pywebio-scope-"))
                if scope is not None and key == "clear":
                    scope.items.clear()
                elif scope is not None:
                    self._remove(self._root, scope)

    def _current_form(self) -> tuple[str, dict[str, Any]]:
        if not self._forms:
            raise LookupError("the page shows no form")
        return self._forms[-1]

    def _find_anywhere(self, name: str) -> _Scope | None:
        found = self._find(self._root, name)
        if found is None and self._popup is not None:
            found = self._find(self._popup, name)
        return found

    @classmethod
    def _find(cls, scope: _Scope, name: str) -> _Scope | None:
        if scope.name == name:
            return scope
        for item in scope.items:
            if isinstance(item, _Scope):
                found = cls._find(item, name)
                if found is not None:
                    return found
        return None

    @classmethod
    def _remove(cls, scope: _Scope, target: _Scope) -> None:
        if target in scope.items:
            scope.items.remove(target)
        for item in scope.items:
            if isinstance(item, _Scope):
                cls._remove(item, target)

    @classmethod
    def _walk(cls, scope: _Scope) -> list[dict[str, Any]]:
        specs: list[dict[str, Any]] = []
        for item in scope.items:
            if isinstance(item, _Scope):
                specs.extend(cls._walk(item))
            else:
                specs.append(item)
        return specs


class WebUITestClient:
    """Opens pages of a :class:`~flask_webui.FlaskWebUI` app in memory."""

    __test__ = False

    def __init__(self, webui: FlaskWebUI) -> None:
        if webui.app is None:
            raise RuntimeError("call init_app() before creating a test client")
        self.webui = webui

    def open(self, path: str, *, query_string: str | dict[str, Any] | None = None,
             headers: dict[str, str] | None = None, auto_ack: bool = True) -> TestPage:
        """Open the page at ``path`` and run it until it waits for the user.

        With ``auto_ack=False`` the page acknowledges nothing by itself (see
        :meth:`TestPage.send`), as a slow browser would.
        """
        app = self.webui.app
        assert app is not None
        builder = EnvironBuilder(path=path, query_string=query_string, headers=list((headers or {}).items()))
        environ = builder.get_environ()
        endpoint, _ = app.url_map.bind_to_environ(environ).match(environ["PATH_INFO"])
        if not endpoint.startswith("webui.") or endpoint[6:] not in self.webui.pages:
            raise LookupError(f"{path!r} is not a page of this app")
        page_rules = self.webui.pages[endpoint[6:]]
        with app.request_context(dict(environ)):
            refused = refusal(page_rules.login_required, page_rules.authorize)
            if refused is not None:
                raise PermissionError(f"{path}: {refused[1]} (HTTP {refused[0]})")
            user = current_user_id()
        claim = PageClaim(secrets.token_urlsafe(18), endpoint[6:], environ["PATH_INFO"],
                          environ["QUERY_STRING"], user, time.time())
        session = self.webui.open_session(claim, environ)
        assert session is not None
        page = TestPage(session, auto_ack)
        session.attach(page)
        page.wait_idle()
        return page
