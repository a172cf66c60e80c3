"""HTTP polling: PyWebIO 1.8's HTTP protocol, served at each page's own URL.

For hosts and proxies without WebSocket. A request carrying the
``webio-session-id`` header is a poll (GET) or carries events (POST):

- ``GET ?ack=k`` — the browser has applied messages up to ``k`` (messages
  count from 0: a batch's ``seq`` less one). The answer is
  ``{"commands": [[...], ...], "seq": m, "ack": e}``: the messages not
  acknowledged yet, the first being number ``m``, and ``e`` the last event
  applied. Unlike PyWebIO's, the GET is a long poll: it answers as soon as
  commands are ready, or empty after ``WEBUI_POLL_TIMEOUT`` seconds
  (``wait=0``: at once).
- ``POST ?ack=k&seq=n`` — a JSON array of events numbered from ``n`` (events
  seen before are skipped, so a retried POST is applied once), or a PyWebIO
  binary event (``application/octet-stream``: a form submit with its files).
  It answers at once, as a GET would without waiting.
- ``POST ?upload=1&task_id=&name=&id=&size=&offset=`` — one chunk of a file
  (our own client), answered ``{"received": n}`` or ``{"error": ...}``.

The header holds a session token (our client, and PyWebIO's once the first
answer handed it one in the ``webio-session-id`` response header) or a
``NEW-`` id that PyWebIO's client makes up: a GET with an unknown one starts a
session, a POST never does (403). A session that has ended is answered with
``close_session``. A forged, expired or other browser's token gets 403.
"""

from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import gevent
from flask import Response, current_app, request
from gevent.event import Event as GeventEvent

from .auth import current_user_id
from .engine.session import Session
from .engine.uploads import MAX_CHUNK, UploadRefused
from .exceptions import ProtocolError, TakenOver, TokenError
from .protocol import ClientMessage, command, parse_binary_event, parse_client_message, parse_upload_chunk
from .tokens import PageClaim, issue_token

if TYPE_CHECKING:
    from .extension import FlaskWebUI, Page

logger = logging.getLogger("flask_webui")

SESSION_HEADER = "webio-session-id"
#: Our client names the token of the session its tab had before a reload.
RESUME_HEADER = "webui-resume"
#: Seconds without a request (and none waiting) after which a client counts as gone.
CLIENT_GONE_AFTER = 10.0
PYWEBIO_CLIENT = "pywebio"
MAX_CLIENT_ID_LENGTH = 64
MAX_ERRORS_KEPT = 20


class HttpTransport:
    """The batches of one session waiting for one browser tab's polls."""

    protocol = "http"

    def __init__(self, session: Session, client_id: str) -> None:
        self.session = session
        self.client_id: str | None = client_id
        self.pending: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.superseded = False
        self.closed = False
        self.last_seen = time.monotonic()
        self.in_flight = 0
        self._news = GeventEvent()
        self._polls = 0

    # -- Transport -------------------------------------------------------------

    def deliver(self, payload: dict[str, Any]) -> None:
        self.pending.append(payload)
        self._wake()

    def report_error(self, message: str) -> None:
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(message)
        self._wake()

    def supersede(self) -> None:
        self.superseded = True
        self._wake()

    def close(self) -> None:
        self.closed = True
        self._wake()

    # -- polls -----------------------------------------------------------------

    def acknowledge(self, message_id: int) -> None:
        """The browser applied messages up to ``message_id`` (batch ``seq - 1``)."""
        self.pending = [payload for payload in self.pending if payload["seq"] > message_id + 1]
        if message_id >= 0:
            self.session.acknowledge(message_id + 1)

    def wait(self, timeout: float) -> None:
        """Block until there is something to answer, ``timeout`` passes, or a
        newer poll of the same tab arrives (which then waits instead)."""
        self._polls += 1
        mine = self._polls
        self._wake()  # an older poll still waiting answers now
        deadline = time.monotonic() + timeout
        while not self._has_news() and mine == self._polls:
            left = deadline - time.monotonic()
            if left <= 0 or not self._news.wait(left):
                return

    def answer(self) -> dict[str, Any]:
        """PyWebIO's poll answer, with our ``reset`` (the first message rebuilds
        the page), ``errors`` and ``taken_over`` when there are any."""
        pending = self.pending
        body: dict[str, Any] = {
            "commands": [payload["commands"] for payload in pending],
            "seq": pending[0]["seq"] - 1 if pending else self.session.outbox.last_seq,
            "ack": self.session.events_applied,
        }
        if pending and pending[0].get("reset"):
            body["reset"] = True
        if self.errors:
            body["errors"], self.errors = self.errors, []
        if self.superseded:
            body["taken_over"] = True
        return body

    def _has_news(self) -> bool:
        return bool(self.pending or self.errors or self.superseded or self.closed)

    def _wake(self) -> None:
        news, self._news = self._news, GeventEvent()
        news.set()


class PollingHub:
    """The HTTP transports of one app's sessions, by session and tab, and the
    greenlet that notices tabs that stopped polling."""

    def __init__(self, webui: FlaskWebUI) -> None:
        self.webui = webui
        self._transports: dict[tuple[str, str], HttpTransport] = {}
        #: PyWebIO's client ids (``NEW-<id>``) → the token and id of the session they started.
        self._aliases: dict[str, tuple[str, str]] = {}
        self._reaper: gevent.Greenlet | None = None

    def handle(self, page: Page) -> Response:
        """Answer one poll or POST for ``page`` (the request has the header)."""
        try:
            ack = _int_arg("ack", -1, minimum=-1)
            client = request.args.get("client") or PYWEBIO_CLIENT
            if len(client) > MAX_CLIENT_ID_LENGTH:
                raise ProtocolError("client id too long")
        except ProtocolError as error:
            return _json({"error": str(error)}, 400)
        try:
            session, token = self._find_session(page, ack)
        except TokenError as error:
            logger.warning("refused an HTTP poll from %s to %s: %s", request.remote_addr, request.path, error)
            return _json({"error": str(error)}, 403)
        if session is None:
            # The session has ended (or never was and this was a POST).
            return _json({"commands": [[command("close_session")]], "seq": ack + 1, "ack": -1})
        transport = self._transport(session, client)
        transport.in_flight += 1
        try:
            if session.transport is not transport and not transport.superseded:
                transport.pending.clear()
                session.attach(transport, max(ack + 1, 0))
            transport.acknowledge(ack)
            if request.method == "POST":
                response = self._post(session, transport)
            else:
                if not transport.pending and not session.closed() and request.args.get("wait") != "0":
                    transport.wait(float(current_app.config["WEBUI_POLL_TIMEOUT"]))
                response = _json(transport.answer())
        except TakenOver:
            transport.superseded = True
            response = _json(transport.answer())
        finally:
            transport.in_flight -= 1
            transport.last_seen = time.monotonic()
        response.headers[SESSION_HEADER] = token
        return response

    # -- which session -------------------------------------------------------------

    def _find_session(self, page: Page, ack: int) -> tuple[Session | None, str]:
        """The session a request is for, and the token the browser should use.

        :raises TokenError: for a token that is forged, expired, another
            browser's or another page's, or a user the page refuses.
        """
        header = request.headers[SESSION_HEADER]
        if header.startswith("NEW-"):
            alias = header[4:]
            if alias not in self._aliases:
                if request.method != "GET":
                    raise TokenError("a POST cannot start a session")
                return self._start(page, alias)
            header = alias
        # PyWebIO's client keeps its own id when the first answer had no commands.
        token = self._aliases[header][0] if header in self._aliases else header
        resume = request.headers.get(RESUME_HEADER)
        if resume and ack < 0:
            resumed = self.webui.resumable(resume, page.endpoint)
            if resumed is not None:
                return resumed, resume
        claim = self._check(page, token)
        session = self.webui.registry.get(claim.session_id)
        if session is None and request.method == "GET" and ack < 0:
            session = self.webui.open_session(claim, request.environ)
        return session, token

    def _start(self, page: Page, alias: str) -> tuple[Session | None, str]:
        """A session for PyWebIO's client, which made up its own id."""
        token = issue_token(current_app, page.endpoint, request.path, _page_query(),
                            current_user_id(), request.remote_addr)
        claim = self._check(page, token)
        self._aliases[alias] = (token, claim.session_id)
        return self.webui.open_session(claim, request.environ), token

    def _check(self, page: Page, token: str) -> PageClaim:
        claim = self.webui.check_token(token)
        if claim.endpoint != page.endpoint:
            raise TokenError("the session token is for another page")
        refused = self.webui.connect_refusal(claim)
        if refused is not None:
            raise TokenError(refused)
        return claim

    def _transport(self, session: Session, client: str) -> HttpTransport:
        key = (session.id, client)
        transport = self._transports.get(key)
        if transport is None:
            transport = self._transports[key] = HttpTransport(session, client)
            if self._reaper is None:
                self._reaper = gevent.spawn(self._reap)
        return transport

    # -- events in -----------------------------------------------------------------

    def _post(self, session: Session, transport: HttpTransport) -> Response:
        if request.args.get("upload"):
            return self._upload_chunk(session)
        try:
            seq = _int_arg("seq", 0, minimum=0)
        except ProtocolError as error:
            return _json({"error": str(error)}, 400)
        body = request.get_data(cache=False)
        count = 1
        try:
            if request.mimetype == "application/octet-stream":
                message = ClientMessage((self._binary_event(session, body),), None, seq)
            else:
                raw = json.loads(body)
                count = len(raw) if isinstance(raw, list) else 1
                message = parse_client_message({"events": raw, "seq": seq})
        except (ProtocolError, UploadRefused, ValueError) as error:
            # Count them as applied: the browser would send them again and again.
            session.skip_events(seq + count - 1)
            logger.warning("session %s sent malformed events over HTTP: %s", session.id, error)
            transport.report_error(f"refused a malformed message: {error}")
        else:
            for problem in session.receive(message):
                transport.report_error(problem)
        return _json(transport.answer())

    def _binary_event(self, session: Session, body: bytes) -> Any:
        """PyWebIO's form submit with files inline: the files go to the
        form's upload slots, the submit names them as our client's would."""
        event, files = parse_binary_event(body)
        data = dict(event.data)
        for number, file in enumerate(files):
            upload_id = f"inline{session.events_applied + 1}-{number}"
            for offset in range(0, max(len(file.data), 1), MAX_CHUNK):
                session.uploads.receive(event.task_id, file.field, upload_id, size=len(file.data),
                                        offset=offset, data=file.data[offset:offset + MAX_CHUNK])
            reference = {"upload": upload_id, "filename": file.filename, "mime_type": file.mime_type,
                         "last_modified": file.last_modified}
            if isinstance(data.get(file.field), list):
                data[file.field] = [*data[file.field], reference]
            else:
                data[file.field] = reference
        return type(event)(event.name, event.task_id, data)

    def _upload_chunk(self, session: Session) -> Response:
        fields = {key: request.args.get(key) for key in ("task_id", "name", "id")}
        try:
            chunk = parse_upload_chunk({**fields, "size": _int_arg("size", -1, minimum=0),
                                        "offset": _int_arg("offset", -1, minimum=0),
                                        "data": request.get_data(cache=False)})
            received = session.uploads.receive(chunk.task_id, chunk.name, chunk.upload_id,
                                               size=chunk.size, offset=chunk.offset, data=chunk.data)
        except (ProtocolError, UploadRefused) as error:
            logger.warning("session %s: refused an upload chunk: %s", session.id, error)
            return _json({"error": str(error)})
        return _json({"received": received})

    # -- tabs that stopped polling -----------------------------------------------

    def _reap(self) -> None:
        try:
            while self._transports:
                gevent.sleep(1)
                now = time.monotonic()
                for key, transport in list(self._transports.items()):
                    session = transport.session
                    if transport.superseded or (session.closed()
                                                and self.webui.registry.get(session.id) is not session):
                        del self._transports[key]
                    elif (transport.in_flight == 0 and now - transport.last_seen > CLIENT_GONE_AFTER
                          and session.transport is transport):
                        session.detach(transport)
                for alias, (_token, session_id) in list(self._aliases.items()):
                    if self.webui.registry.get(session_id) is None:
                        del self._aliases[alias]
        finally:
            self._reaper = None


def _int_arg(name: str, default: int, *, minimum: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        if default < minimum:
            raise ProtocolError(f"the {name} parameter is missing")
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ProtocolError(f"the {name} parameter must be an integer") from None
    if value < minimum:
        raise ProtocolError(f"the {name} parameter must be at least {minimum}")
    return value


def _page_query() -> str:
    """The page's own query string, without PyWebIO's and our polling parameters."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in ("app", "ack", "seq", "client")]
    return urlencode(args)


def _json(body: Any, status: int = 200) -> Response:
    response = current_app.response_class(json.dumps(body, separators=(",", ":")), status,
                                          mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response
