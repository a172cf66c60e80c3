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
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import gevent
from flask import Response, current_app, request
from gevent.event import Event as GeventEvent
from werkzeug.exceptions import RequestEntityTooLarge

from .admission.auth import current_user_id
from .admission.broker import (
    MAX_CHUNK,
    MAX_CLIENT_ID_LENGTH,
    Admission,
    Presented,
    Session,
    SessionBroker,
    problem_payload,
)
from .admission.refusals import AdmissionRefused, farewell
from .admission.tokens import issue_token
from .exceptions import ProtocolError
from .protocol import command
from .serving.settings import session_settings
from .serving.wsgi import hangup_watch

if TYPE_CHECKING:
    from .admission.pages import Page

logger = logging.getLogger("flask_webui")

SESSION_HEADER = "webio-session-id"
#: The tab id the session goes by, for our client to keep (a duplicated tab gets its own).
TAB_HEADER = "webui-tab"
#: Our client names the token of the session its tab had before a reload.
RESUME_HEADER = "webui-resume"
#: Seconds without a request (and none waiting) after which a client counts as gone.
CLIENT_GONE_AFTER = 10.0
PYWEBIO_CLIENT = "pywebio"
MAX_ERRORS_KEPT = 20
#: Bytes a PyWebIO binary submit may carry beyond its files (its JSON parts).
BINARY_SUBMIT_OVERHEAD = 64 * 1024


class HttpTransport:
    """The batches of one session waiting for one browser tab's polls."""

    protocol = "http"

    def __init__(self, session: Session, client_id: str) -> None:
        self.session = session
        self.client_id: str | None = client_id
        self.pending: list[dict[str, Any]] = []
        self.errors: list[dict[str, str]] = []
        self.superseded = False
        self.closed = False
        self.last_seen = time.monotonic()
        self.in_flight = 0
        self._news = GeventEvent()
        self._polls = 0
        #: Polls waiting for commands now (long polls held open).
        self.held = 0

    # -- Transport -------------------------------------------------------------

    def deliver(self, payload: dict[str, Any]) -> None:
        self.pending.append(payload)
        self.wake()

    def report_error(self, message: str) -> None:
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(problem_payload(message))
        self.wake()

    def supersede(self) -> None:
        self.superseded = True
        self.wake()

    def close(self) -> None:
        self.closed = True
        self.wake()

    # -- polls -----------------------------------------------------------------

    def acknowledge(self, batch_number: int) -> None:
        """The browser applied every batch up to ``batch_number``."""
        self.pending = [payload for payload in self.pending if payload["seq"] > batch_number]
        if batch_number > 0:
            self.session.acknowledge(batch_number)

    def wait(self, timeout: float, gone: Callable[[], bool] = lambda: False) -> bool:
        """Block until there is something to answer, ``timeout`` passes, a
        newer poll of the same tab arrives (which then waits instead), or
        ``gone()`` (checked whenever the transport is woken). ``False`` when a
        newer poll took over."""
        self._polls += 1
        mine = self._polls
        self.wake()  # an older poll still waiting answers now
        deadline = time.monotonic() + timeout
        self.held += 1
        try:
            while not self._has_news() and mine == self._polls and not gone():
                left = deadline - time.monotonic()
                if left <= 0 or not self._news.wait(left):
                    break
        finally:
            self.held -= 1
        return mine == self._polls

    def answer(self) -> dict[str, Any]:
        """PyWebIO's poll answer, with our ``reset`` (the first message rebuilds
        the page), ``errors`` and ``taken_over`` when there are any."""
        pending = self.pending
        body: dict[str, Any] = {
            "commands": [payload["commands"] for payload in pending],
            # PyWebIO numbers messages from 0: batch n is message n - 1.
            "seq": pending[0]["seq"] - 1 if pending else self.session.outbox.last_batch,
            "ack": self.session.last_event,
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

    def wake(self) -> None:
        """Wake every poll held for this tab, to look again at what it waits for."""
        news, self._news = self._news, GeventEvent()
        news.set()


class PollingHub:
    """The HTTP transports of one app's sessions, by session and tab, and the
    greenlet that notices tabs that stopped polling: a thin adapter from HTTP
    requests to the :class:`~flask_webui.admission.broker.SessionBroker`."""

    def __init__(self, broker: SessionBroker) -> None:
        self.broker = broker
        self._transports: dict[tuple[str, str], HttpTransport] = {}
        #: PyWebIO's client ids (``NEW-<id>``) → the token and id of the session they started.
        self._aliases: dict[str, tuple[str, str]] = {}
        self._reaper: gevent.Greenlet | None = None

    def handle(self, page: Page) -> Response:
        """Answer one poll or POST for ``page`` (the request has the header)."""
        if request.method == "POST":
            limit = self._body_limit()
            # Checked before a byte of the body is read; a body that comes
            # without a length stops being read at the limit.
            request.max_content_length = limit
            if request.content_length is not None and request.content_length > limit:
                return _too_large(limit)
        try:
            return self._handle(page)
        except RequestEntityTooLarge:
            return _too_large(request.max_content_length or 0)

    def _body_limit(self) -> int:
        """Bytes a POST of this kind may carry: one upload chunk, PyWebIO's
        form submit with its files, or one events message."""
        if request.args.get("upload"):
            return MAX_CHUNK
        if request.mimetype == "application/octet-stream":
            return int(session_settings(current_app).max_upload_size) + BINARY_SUBMIT_OVERHEAD
        return int(current_app.config["WEBUI_MAX_MESSAGE_SIZE"])

    def _handle(self, page: Page) -> Response:
        try:
            # PyWebIO's ``ack`` numbers messages from 0; batches count from 1.
            applied_batch = _int_arg("ack", -1, minimum=-1) + 1
            client = request.args.get("client") or PYWEBIO_CLIENT
            if len(client) > MAX_CLIENT_ID_LENGTH:
                raise ProtocolError("client id too long")
        except ProtocolError as error:
            return _json({"error": str(error)}, 400)
        try:
            admission = self._admit(page, applied_batch, client)
        except AdmissionRefused as error:
            if not error.ends_session:
                return _json({"error": str(error)}, 403)
            # The page shows its session's end (the server stops, the session is gone).
            ending = command("close_session", farewell(error))
            return _json({"commands": [[ending]], "seq": applied_batch, "ack": -1})
        session = admission.session
        transport = self._transport(session, client)
        transport.in_flight += 1
        try:
            response = self._answer(admission, transport, applied_batch)
        finally:
            transport.in_flight -= 1
            transport.last_seen = time.monotonic()
        response.headers[SESSION_HEADER] = admission.token
        if admission.tab is not None:
            response.headers[TAB_HEADER] = admission.tab
        return response

    def _answer(self, admission: Admission, transport: HttpTransport, applied_batch: int) -> Response:
        session = admission.session
        if request.args.get("upload"):
            # A file chunk is stored for the admitted session and says nothing of
            # what the tab has applied (our client sends no ack with it): attached
            # with "none applied" after a drop, the tab was sent a snapshot that
            # rebuilt the page, and lost the upload under way.
            return _json(self.broker.store_chunk(session, self._chunk()))
        if session.transport is not transport and not transport.superseded:
            transport.pending.clear()
            self.broker.attach(admission, transport)
        if transport.superseded:
            return _json(transport.answer())
        transport.acknowledge(applied_batch)
        return self._post(session, transport) if request.method == "POST" else self._poll(transport)

    def _poll(self, transport: HttpTransport) -> Response:
        if not transport.pending and not transport.session.closed() and request.args.get("wait") != "0":
            with hangup_watch(request.environ, transport.wake) as hung_up:
                newest = transport.wait(float(current_app.config["WEBUI_POLL_TIMEOUT"]), gone=hung_up)
            if hung_up() and newest and transport.session.transport is transport:
                # The tab closed the connection of its held poll: it is gone (or
                # comes back within the reconnect window, as after any drop). A
                # poll a newer one took over says nothing: the tab is polling.
                transport.session.detach(transport)
        return _json(transport.answer())

    # -- which session -------------------------------------------------------------

    def _admit(self, page: Page, applied_batch: int, client: str) -> Admission:
        """Admit the request to its session through the broker. A ``NEW-`` id
        (PyWebIO's client makes one up) gets a token on its first GET.

        :raises AdmissionRefused: see :meth:`SessionBroker.admit`.
        """
        header = request.headers[SESSION_HEADER]
        if header.startswith("NEW-"):
            alias = header[4:]
            if alias not in self._aliases:
                if request.method != "GET":
                    raise AdmissionRefused("a POST cannot start a session")
                return self._start(page, alias, client)
            header = alias
        # PyWebIO's client keeps its own id when the first answer had no commands.
        token = self._aliases[header][0] if header in self._aliases else header
        return self.broker.admit(Presented(
            token, client, applied_batch, request.headers.get(RESUME_HEADER), endpoint=page.endpoint,
            may_open=request.method == "GET", via="an HTTP poll", tab=request.args.get("tab")))

    def _start(self, page: Page, alias: str, client: str) -> Admission:
        """A session for PyWebIO's client, which made up its own id."""
        token = issue_token(current_app, page.endpoint, request.path, _page_query(),
                            current_user_id(), request.remote_addr)
        admission = self.broker.admit(Presented(token, client, endpoint=page.endpoint, via="an HTTP poll"))
        self._aliases[alias] = (token, admission.session.id)
        return admission

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
        try:
            first_event = _int_arg("seq", 0, minimum=0)
        except ProtocolError as error:
            return _json({"error": str(error)}, 400)
        if request.mimetype == "application/octet-stream":
            # Read as it arrives, its files on to their upload slots: never whole in memory.
            self.broker.apply_binary_submit(session, transport, first_event, request.stream.read,
                                            BINARY_SUBMIT_OVERHEAD)
        else:
            try:
                events = json.loads(request.get_data(cache=False))
            except (ValueError, RecursionError):
                self.broker.refuse_events(session, transport, ProtocolError("the events are not JSON"),
                                          first_event, 1)
            else:
                self.broker.apply_events(session, transport, {"events": events, "seq": first_event})
        return _json(transport.answer())

    def _chunk(self) -> dict[str, Any]:
        """An upload chunk from the query string and body, for the broker to validate."""
        chunk: dict[str, Any] = {key: request.args.get(key) for key in ("task_id", "name", "id")}
        for key in ("size", "offset"):
            raw = request.args.get(key, "")
            chunk[key] = int(raw) if raw.isascii() and raw.isdigit() else None
        chunk["data"] = request.get_data(cache=False)
        return chunk

    # -- tabs that stopped polling -----------------------------------------------

    def _reap(self) -> None:
        try:
            while self._transports:
                gevent.sleep(1)
                now = time.monotonic()
                for key, transport in list(self._transports.items()):
                    session = transport.session
                    if transport.superseded or (session.closed()
                                                and self.broker.registry.get(session.id) is not session):
                        del self._transports[key]
                    elif (transport.in_flight == 0 and now - transport.last_seen > CLIENT_GONE_AFTER
                          and session.transport is transport):
                        session.detach(transport)
                for alias, (_token, session_id) in list(self._aliases.items()):
                    if self.broker.registry.get(session_id) is None:
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


def _too_large(limit: int) -> Response:
    response = _json({"error": f"the request body is larger than {limit} bytes"}, 413)
    response.headers["Connection"] = "close"  # the rest of the body is never read
    return response


def _json(body: Any, status: int = 200) -> Response:
    response = current_app.response_class(json.dumps(body, separators=(",", ":")), status,
                                          mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response
