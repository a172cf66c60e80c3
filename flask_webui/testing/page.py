"""One open page of the headless test client: what it shows, and the user's
actions on it, sent over its Socket.IO connection as the page's script sends
them.

>>> page = client.open("/bmi")                      # doctest: +SKIP
>>> page.submit({"height": 180, "weight": 81})      # doctest: +SKIP
>>> page.text                                       # doctest: +SKIP
'BMI: 25.0'
"""

from __future__ import annotations

import secrets
import time
from typing import Any

import gevent

from ..admission.broker import Session
from .handlers import apply
from .link import SocketIOLink
from .page_model import Tab, spec_text


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
    """One open page, as the browser holds it: its :class:`Tab` (changed by
    each command as the frontend's dispatcher would) and its connection."""

    __test__ = False  # not a pytest test class

    def __init__(self, link: SocketIOLink, session: Session, tab: Tab, applied_batch: int,
                 auto_ack: bool = True) -> None:
        self.link = link
        self.session = session
        self.tab = tab
        #: Acknowledge each batch as soon as it arrives, as a browser does.
        self.auto_ack = auto_ack
        #: The number of the last batch this page applied.
        self.applied_batch = applied_batch
        #: The browser tab's id the server gave this page (``storage.tab``), once attached.
        self.tab_id: str | None = None
        self._errors: list[str] = []

    # -- what the page shows --------------------------------------------------
    # Read as a browser shows it: everything the server has sent so far applied.

    def _catch_up(self) -> Tab:
        if not self.link.closed:
            self.link.pump(self._on_event)
        return self.tab

    @property
    def errors(self) -> list[str]:
        """What the server refused of what this page sent (``webui_error``)."""
        self._catch_up()
        return self._errors

    @property
    def model(self) -> Any:
        return self._catch_up().model

    @property
    def commands(self) -> list[dict[str, Any]]:
        """Every command the page applied, in order."""
        return self._catch_up().commands

    @property
    def toasts(self) -> list[str]:
        return self._catch_up().toasts

    @property
    def popups(self) -> list[dict[str, Any]]:
        return self._catch_up().popups

    @property
    def env(self) -> dict[str, Any]:
        return self._catch_up().env

    @property
    def pins(self) -> dict[str, Any]:
        return self._catch_up().pins

    @property
    def closed(self) -> bool:
        """Whether the page shows its session's end (or another tab took it over)."""
        return self._catch_up().closed

    @property
    def farewell(self) -> str | None:
        """What the page says as its session ends, when the server says why (it is stopping)."""
        return self._catch_up().farewell

    @property
    def text(self) -> str:
        """Everything put out, as text, in page order."""
        return self._catch_up().model.text

    @property
    def popup_text(self) -> str | None:
        """The text of the open popup, or ``None`` when none is open."""
        if self._catch_up().model.popup is None:
            return None
        return "\n".join(filter(None, [self.popups[-1].get("title", ""), spec_text(self.tab.model.popup)]))

    @property
    def form(self) -> dict[str, Any] | None:
        """The spec of the form on screen (the latest one opened)."""
        forms = self._catch_up().forms
        return forms[-1][1] if forms else None

    def field_error(self, name: str) -> str | None:
        """The error shown under field ``name`` of the current form."""
        if not self._catch_up().forms:
            return None
        return self.tab.feedback.get((self.tab.forms[-1][0], name))

    def scope_text(self, name: str) -> str:
        """The text of scope ``name``."""
        scope = self._catch_up().model.find(name)
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
        """Upload ``files`` for field ``name`` as ``upload`` messages; return what the submit carries."""
        if not isinstance(files, list):
            return self._upload(task_id, name, [files], chunk)[0]
        references = []
        for file in files:
            upload_id = secrets.token_hex(8)
            content = file["content"]
            for offset in range(0, max(len(content), 1), chunk):
                answer = self._ask("upload", {
                    "task_id": task_id, "name": name, "id": upload_id, "size": len(content),
                    "offset": offset, "data": content[offset:offset + chunk]})
                if isinstance(answer, dict) and "error" in answer:
                    self._errors.append(answer["error"])
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
        for spec in self.tab.model.root.specs():
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
        grids = [spec for spec in self.tab.model.root.specs() if spec.get("type") == "datatable"]
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
        tab = self.tab
        if name not in tab.pins:
            raise LookupError(f"no pin widget {name!r} on the page")
        tab.pins[name] = value
        events = [{"event": "js_yield", "task_id": task_id, "data": {"name": name, "value": value}}
                  for names, task_id in tab.pin_waits if name in names]
        tab.pin_waits = [wait for wait in tab.pin_waits if name not in wait[0]]
        events += [{"event": "callback", "task_id": callback_id, "data": {"value": value}}
                   for callback_id in tab.pin_callbacks.get(name, [])]
        if events:
            self.send({"ack": self.applied_batch, "events": events})

    def send(self, raw: Any) -> None:
        """Send a raw event (or ``{"events": [...]}`` message) as the browser
        would, as an ``events`` message of its connection, and wait until the
        page is idle."""
        self._send_now(raw)
        self.wait_idle()

    def _send_now(self, raw: Any) -> None:
        """Send, and wait until the server's handler has applied it (what it
        answered meanwhile is applied to the tab)."""
        fresh_clock()
        self._ask("events", self._message(raw))

    def _message(self, raw: Any) -> Any:
        if isinstance(raw, dict) and "events" in raw:
            return raw
        return {"events": [raw], "ack": self.applied_batch}

    def _ask(self, event: str, data: Any) -> Any:
        if self.link.closed:
            raise ConnectionError("the page's connection is closed")
        return self.link.wait_answer(self.link.emit(event, data), self._on_event)

    def wait_idle(self, timeout: float = 5.0) -> None:
        """Let the page run until it waits for the user (or has ended), every
        message it sent applied and every batch that came applied."""
        deadline = time.monotonic() + timeout
        gevent.sleep(0)  # greenlets woken just now (a room message) run first
        while True:
            self.link.pump(self._on_event)
            if not self.link.pending and (self.session.closed() or self.session.is_idle()):
                gevent.sleep(0)
                if not self.link.pump(self._on_event):
                    return
            if time.monotonic() > deadline:
                raise TimeoutError("the page did not become idle")
            gevent.sleep(0.001)

    def close_tab(self) -> None:
        """End the page's session, as closing the tab ends it for good: its
        deferred calls run. The connection stays until the server lets it go
        (a moment later, as for a browser), so what the page sends meanwhile
        is answered as a late message is."""
        fresh_clock()
        self.session.close("the test closed the page")
        # As a tab does: it applies and acknowledges the close_session it was sent, then goes.
        deadline = time.monotonic() + 5.0
        while not self.link.closed and time.monotonic() < deadline:
            self.link.pump(self._on_event)
            if not self.link.pending:
                break
            gevent.sleep(0.001)

    def disconnect(self) -> None:
        """Drop the page's connection, as a network cut does: the session waits
        for the browser to come back within its reconnect window."""
        self.link.close()

    # -- what the server sends ----------------------------------------------------

    def _on_event(self, name: str, data: Any) -> None:
        if name == "commands":
            self._apply_batch(data)
        elif name == "webui_error":
            self._errors.append(str(data.get("message")))
        elif name == "webui_taken_over":
            self.tab.closed = True
        elif name == "attached" and isinstance(data, dict) and data.get("tab"):
            self.tab_id = str(data["tab"])

    def _apply_batch(self, payload: dict[str, Any]) -> None:
        self.applied_batch = payload["seq"]
        for command in payload["commands"]:
            apply(self.tab, command, self._answer)
        if self.auto_ack and not self.link.closed:
            self.link.emit("events", {"ack": payload["seq"], "events": []})

    def _answer(self, task_id: str | None, data: Any) -> None:
        # Right away, so the page never looks idle while its question is answered.
        if not self.session.closed() and not self.link.closed:
            self.link.emit("events", {"events": [{"event": "js_yield", "task_id": task_id, "data": data}]})

    def _current_form(self) -> tuple[str, dict[str, Any]]:
        if not self.tab.forms:
            raise LookupError("the page shows no form")
        return self.tab.forms[-1]
