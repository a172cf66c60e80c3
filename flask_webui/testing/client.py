"""A headless client for pages: open a page without a browser or a network,
read what it put out, answer its forms and click its buttons.

It goes the way a browser goes: the page's URL through Flask's test client
(the page's login rules, a signed token bound to the browser's cookie), then
into the session through the same broker as Socket.IO and HTTP polling.

>>> client = webui.test_client()
>>> page = client.open("/bmi")
>>> page.submit({"height": 180, "weight": 81})
>>> "BMI: 25.0" in page.text
True
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from typing import Any

import gevent
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.http import parse_cookie
from werkzeug.test import EnvironBuilder

from ..admission.auth import REFUSALS
from ..admission.broker import (
    Admission,
    Presented,
    Session,
    SessionBroker,
)
from ..protocol import Command
from .page_model import PageModel, spec_text

_CONFIG_START = '<script id="webui-config" type="application/json">'


def _initial_pin_value(spec: dict[str, Any]) -> Any:
    """What a freshly shown pin widget reports, as the browser would."""
    options = spec.get("options")
    if options is None:
        return None if spec["type"] in ("actions", "file") else spec.get("value", "")
    chosen = [option["value"] for option in options if option.get("selected")]
    if spec["type"] == "checkbox" or spec.get("multiple"):
        return chosen
    return chosen[0] if chosen else (options[0]["value"] if spec["type"] == "select" and options else None)


def fresh_clock() -> None:
    """Bring gevent's loop time up to date. Tests call the client from the
    main greenlet, which may not have let the loop run for seconds (the test
    before it was busy): a timer started then counts from that stale time
    and fires at once (a session opened with a 2 s reconnect window ended as
    "no browser connected" 1 ms later). A server's loop takes the time at
    every turn; only page code that holds it for seconds without yielding
    would skew a timer started in the same turn."""
    gevent.get_hub().loop.update_now()


class TestPage:
    """One open page, as the browser would hold it: the transport of its
    session, applying each command with the handler the frontend's
    dispatcher would run (see :data:`HANDLERS`)."""

    __test__ = False  # not a pytest test class
    protocol = "test"

    def __init__(self, broker: SessionBroker, admission: Admission, auto_ack: bool = True) -> None:
        self.broker = broker
        self.session: Session = admission.session
        self.client_id: str | None = admission.client_id
        #: Acknowledge each batch as soon as it arrives, as a browser does.
        self.auto_ack = auto_ack
        self.commands: list[Command] = []
        self.toasts: list[str] = []
        self.errors: list[str] = []
        self.env: dict[str, Any] = {}
        self.popups: list[dict[str, Any]] = []
        self.closed = False
        #: What the page says as its session ends, when the server says why (it is stopping).
        self.farewell: str | None = None
        self.model = PageModel()
        self._forms: list[tuple[str, dict[str, Any]]] = []
        self._feedback: dict[tuple[str, str], str] = {}
        #: The number of the last batch this page applied.
        self.applied_batch = 0
        #: Pin widgets' values as the browser would report them (option positions for choices).
        self.pins: dict[str, Any] = {}
        self._pin_waits: list[tuple[list[str], str]] = []
        self._pin_callbacks: dict[str, list[str]] = {}

    # -- what the page shows --------------------------------------------------

    @property
    def text(self) -> str:
        """Everything put out, as text, in page order."""
        return self.model.text

    @property
    def popup_text(self) -> str | None:
        """The text of the open popup, or ``None`` when none is open."""
        if self.model.popup is None:
            return None
        return "\n".join(filter(None, [self.popups[-1].get("title", ""), spec_text(self.model.popup)]))

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
        scope = self.model.find(name)
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
                answer = self.broker.store_chunk(self.session, {
                    "task_id": task_id, "name": name, "id": upload_id, "size": len(content),
                    "offset": offset, "data": content[offset:offset + chunk]})
                if "error" in answer:
                    self.errors.append(answer["error"])
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
        for spec in self.model.root.specs():
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
        grids = [spec for spec in self.model.root.specs() if spec.get("type") == "datatable"]
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
            self.send({"ack": self.applied_batch, "events": events})

    def send(self, raw: Any) -> None:
        """Send a raw event (or ``{"events": [...]}`` message) as the browser
        would, through the broker like one from the network, and wait until
        the page is idle."""
        self._send_now(raw)
        self.wait_idle()

    def _send_now(self, raw: Any) -> None:
        fresh_clock()
        message = raw
        if not (isinstance(raw, dict) and "events" in raw):
            message = {"events": [raw], "ack": self.applied_batch}
        self.broker.apply_events(self.session, self, message)

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
        fresh_clock()
        self.session.close("the test closed the page")

    # -- transport side ---------------------------------------------------------

    def deliver(self, payload: dict[str, Any]) -> None:
        # What a browser gets is JSON: nothing the page code shares by reference.
        payload = json.loads(json.dumps(payload))
        self.applied_batch = payload["seq"]
        for cmd in payload["commands"]:
            self.commands.append(cmd)
            handler = HANDLERS.get(cmd["command"])
            if handler is not None:
                handler(self, cmd["spec"], cmd["task_id"])
        if self.auto_ack:
            self._send_now({"ack": payload["seq"], "events": []})

    def report_error(self, message: str) -> None:
        self.errors.append(message)

    def supersede(self) -> None:
        self.closed = True

    def close(self) -> None:
        self.closed = True

    # -- command handlers (mirror frontend/src/dispatcher.js) --------------------

    def _output(self, spec: dict[str, Any], task_id: str | None) -> None:
        self.model.output(spec)
        if spec["type"] == "pin":
            self.pins[spec["input"]["name"]] = _initial_pin_value(spec["input"])

    def _output_ctl(self, spec: dict[str, Any], task_id: str | None) -> None:
        self.model.output_ctl(spec)

    def _open_form(self, spec: dict[str, Any], task_id: str | None) -> None:
        assert task_id is not None
        self._forms = [f for f in self._forms if f[0] != task_id] + [(task_id, spec)]

    def _destroy_form(self, spec: dict[str, Any], task_id: str | None) -> None:
        self._forms = [f for f in self._forms if f[0] != task_id]

    def _update_input(self, spec: dict[str, Any], task_id: str | None) -> None:
        attributes, target = spec["attributes"], spec["target_name"]
        for form_task, form in self._forms:
            for field_spec in form["inputs"] if form_task == task_id else ():
                if field_spec["name"] == target:
                    field_spec.update(attributes)
        if attributes.get("valid_status") is False:
            self._feedback[(str(task_id), target)] = attributes.get("invalid_feedback", "")
        elif "valid_status" in attributes:
            self._feedback.pop((str(task_id), target), None)

    def _toast(self, spec: dict[str, Any], task_id: str | None) -> None:
        self.toasts.append(spec["content"])

    def _popup(self, spec: dict[str, Any], task_id: str | None) -> None:
        self.popups.append(spec)
        self.model.open_popup(spec)

    def _close_popup(self, spec: dict[str, Any], task_id: str | None) -> None:
        self.model.close_popup()

    def _set_env(self, spec: dict[str, Any], task_id: str | None) -> None:
        self.env.update(spec)

    def _pin_values(self, spec: dict[str, Any], task_id: str | None) -> None:
        self._answer(task_id, {n: self.pins[n] for n in spec["names"] if n in self.pins})

    def _pin_value(self, spec: dict[str, Any], task_id: str | None) -> None:
        self._pin_values({"names": [spec["name"]]}, task_id)

    def _pin_wait(self, spec: dict[str, Any], task_id: str | None) -> None:
        assert task_id is not None
        self._pin_waits.append((list(spec["names"]), task_id))
        if spec.get("timeout"):
            self._expire_pin_wait(task_id, spec["timeout"])

    def _pin_update(self, spec: dict[str, Any], task_id: str | None) -> None:
        if "value" in spec["attributes"]:
            self.pins[spec["name"]] = spec["attributes"]["value"]

    def _pin_onchange(self, spec: dict[str, Any], task_id: str | None) -> None:
        callbacks = [] if spec.get("clear") else self._pin_callbacks.get(spec["name"], [])
        new = [spec["callback_id"]] if spec["callback_id"] else []
        self._pin_callbacks[spec["name"]] = callbacks + new

    def _close_session(self, spec: dict[str, Any], task_id: str | None) -> None:
        self.closed = True
        self.farewell = spec.get("message")

    def _answer(self, task_id: str | None, data: Any) -> None:
        # Right away, so the page never looks idle while its question is answered.
        if not self.session.closed():
            self._send_now({"events": [{"event": "js_yield", "task_id": task_id, "data": data}]})

    def _expire_pin_wait(self, task_id: str, timeout: float) -> None:
        def expire() -> None:
            if any(wait[1] == task_id for wait in self._pin_waits):
                self._pin_waits = [wait for wait in self._pin_waits if wait[1] != task_id]
                self._answer(task_id, None)
        gevent.spawn_later(timeout, expire)

    def _current_form(self) -> tuple[str, dict[str, Any]]:
        if not self._forms:
            raise LookupError("the page shows no form")
        return self._forms[-1]


#: Command name -> what the page does with it, as ``frontend/src/dispatcher.js``
#: maps them (``download`` and ``run_script`` are only recorded in ``commands``).
HANDLERS: dict[str, Callable[[TestPage, dict[str, Any], str | None], None]] = {
    "output": TestPage._output,
    "output_ctl": TestPage._output_ctl,
    "input_group": TestPage._open_form,
    "update_input": TestPage._update_input,
    "destroy_form": TestPage._destroy_form,
    "toast": TestPage._toast,
    "popup": TestPage._popup,
    "close_popup": TestPage._close_popup,
    "set_env": TestPage._set_env,
    "pin_value": TestPage._pin_value,
    "pin_values": TestPage._pin_values,
    "pin_wait": TestPage._pin_wait,
    "pin_update": TestPage._pin_update,
    "pin_onchange": TestPage._pin_onchange,
    "close_session": TestPage._close_session,
}


class WebUITestClient:
    """Opens pages of a :class:`~flask_webui.FlaskWebUI` app in memory.

    ``http`` is the Flask test client the pages are requested with (new by
    default); its cookies are the browser's, so a login made with it is the
    pages' login:

    >>> http = app.test_client()                     # doctest: +SKIP
    >>> http.post("/login", data={"user": "ada"})    # doctest: +SKIP
    >>> page = webui.test_client(http).open("/mine")  # doctest: +SKIP
    """

    __test__ = False

    def __init__(self, app: Flask, broker: SessionBroker, http: FlaskClient | None = None) -> None:
        self.app = app
        self.broker = broker
        self.http = http if http is not None else app.test_client()
        #: The pages this client opened, in order.
        self.pages: list[TestPage] = []

    def open(self, path: str, *, query_string: str | dict[str, Any] | None = None,
             headers: dict[str, str] | None = None, auto_ack: bool = True) -> TestPage:
        """Open the page at ``path`` and run it until it waits for the user.

        ``headers`` go with the page request (a ``Cookie`` header sets those
        cookies in the client first). With ``auto_ack=False`` the page
        acknowledges nothing by itself (see :meth:`TestPage.send`), as a slow
        browser would.

        :raises PermissionError: when the page refuses this browser (no login,
            ``authorize`` said no).
        :raises LookupError: when ``path`` is not a page of the app.
        """
        fresh_clock()
        headers = dict(headers or {})
        for name, value in parse_cookie(headers.pop("Cookie", "")).items():
            self.http.set_cookie(name, value)
        token, first = self._page_token(path, query_string, headers)
        builder = EnvironBuilder(path=path, query_string=query_string, headers=list(headers.items()))
        environ = builder.get_environ()
        self.http._add_cookies_to_wsgi(environ)  # as Flask's own session_transaction() does
        with self.app.request_context(environ):
            applied = int(first["seq"]) if first else None
            admission = self.broker.admit(Presented(token, secrets.token_urlsafe(8), applied,
                                                    via="the test client"))
        page = TestPage(self.broker, admission, auto_ack)
        self.pages.append(page)
        # As the browser does: the batch the page carries first, then the connection.
        if first:
            page.deliver(first)
        if not page.closed:
            self.broker.attach(admission, page)
        page.wait_idle()
        return page

    def wait_idle(self, timeout: float = 5.0) -> None:
        """Let every page this client opened run until it waits for its user
        (pages in one room act on each other's messages)."""
        deadline = time.monotonic() + timeout
        while True:
            for page in self.pages:
                page.wait_idle(max(deadline - time.monotonic(), 0.0))
            if all(page.session.closed() or page.session.is_idle() for page in self.pages):
                return

    def _page_token(self, path: str, query_string: Any,
                    headers: dict[str, str]) -> tuple[str, dict[str, Any] | None]:
        """Request the page as a browser would and read the token and the
        first batch it carries."""
        endpoint = self._endpoint(path)
        response = self.http.get(path, query_string=query_string, headers=headers)
        if response.status_code in REFUSALS or 300 <= response.status_code < 400:
            reason = REFUSALS.get(response.status_code, REFUSALS[401])
            raise PermissionError(f"{path}: {reason} (HTTP {response.status_code})")
        if response.status_code != 200:
            raise RuntimeError(f"{path} ({endpoint}) answered HTTP {response.status_code}")
        body = response.get_data(as_text=True)
        start = body.index(_CONFIG_START) + len(_CONFIG_START)
        config = json.loads(body[start:body.index("</script>", start)])
        return str(config["token"]), config.get("firstBatch")

    def _endpoint(self, path: str) -> str:
        adapter = self.app.url_map.bind("localhost")
        try:
            endpoint, _ = adapter.match(path.split("?")[0])
        except Exception:
            endpoint = ""
        if not endpoint.startswith("webui.") or endpoint[6:] not in self.broker.pages:
            raise LookupError(f"{path!r} is not a page of this app")
        return str(endpoint[6:])
