"""The one way into a session, for every transport.

Socket.IO (:mod:`.socket_events`), HTTP polling (:mod:`.polling`) and the
headless test client (:mod:`.testing`) hand the broker what a browser
presents — its token, the Flask session cookie of the current request, the
id of its page load, the last batch it applied, the token its tab had before
a reload — and get back an attached session or a refusal. Events messages and
upload chunks are applied here too, so every transport refuses the same
things the same way.

>>> admission = broker.admit(Presented(token, client_id="tab1"))  # doctest: +SKIP
>>> broker.attach(admission, transport)                            # doctest: +SKIP
True
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import gevent
from flask import Flask, request

from .. import signals
from ..engine.problems import Problem, problem_payload
from ..engine.registry import SessionRegistry
from ..engine.session import ErrorNotice, Session
from ..engine.transport import Transport
from ..engine.uploads import MAX_CHUNK, UploadRefused
from ..exceptions import ProtocolError, TakenOver, TokenError
from ..protocol import BinaryEventStream, ClientMessage, Event, parse_client_message, parse_upload_chunk
from ..serving.settings import session_settings
from ..storage.tabs import check_tab_id
from .auth import current_user_id, refusal
from .pages import Page
from .refusals import RESTARTING, RESTARTING_RELOADS, AdmissionRefused, Draining, SessionEnded
from .tokens import PageClaim, load_token

logger = logging.getLogger("flask_webui")

# Transports get sessions, and the limits of what they carry, from here: the
# broker is their one way into the engine.
__all__ = [
    "MAX_CHUNK",
    "MAX_CLIENT_ID_LENGTH",
    "Admission",
    "Presented",
    "Problem",
    "Session",
    "SessionBroker",
    "page_environ",
    "problem_payload",
]

MAX_CLIENT_ID_LENGTH = 64

_DROPPED_ENVIRON_PREFIXES = ("wsgi.websocket", "werkzeug.", "flask.", "socketio", "engineio", "gunicorn.")
_DROPPED_HEADERS = ("HTTP_UPGRADE", "HTTP_CONNECTION", "HTTP_SEC_WEBSOCKET_KEY",
                    "HTTP_SEC_WEBSOCKET_VERSION", "HTTP_SEC_WEBSOCKET_EXTENSIONS",
                    "HTTP_WEBIO_SESSION_ID", "HTTP_WEBUI_RESUME")


@dataclass(frozen=True)
class Presented:
    """What a browser presents to reach its session.

    ``applied_batch`` is the number of the last batch it applied (``None``:
    it does not say; ``0``: none), ``resume`` the token its tab had before a
    reload, ``endpoint`` the page the request is for when its URL says so,
    and ``may_open`` whether this request may start the page.
    """

    token: Any
    client_id: Any = None
    applied_batch: int | None = None
    resume: Any = None
    endpoint: str | None = None
    may_open: bool = True
    #: The transport asking, for the log.
    via: str = "a browser"
    #: The id the page keeps in its tab's sessionStorage (``None``: its client keeps none).
    tab: Any = None


@dataclass(frozen=True)
class Admission:
    """A browser admitted to a session: the token it uses from then on."""

    session: Session
    token: str
    client_id: str | None
    applied_batch: int | None
    #: The tab id the session goes by (it differs from the one presented by a duplicated tab).
    tab: str | None = None


class SessionBroker:
    """Admits browsers into sessions and applies what they send.

    It runs inside the request of the browser (the page's Socket.IO connect,
    an HTTP poll, the test client's request), whose Flask session cookie and
    login the token rules check.
    """

    def __init__(self, pages: Mapping[str, Page], registry: SessionRegistry,
                 error_notice: ErrorNotice | None = None) -> None:
        self.pages = pages
        self.registry = registry
        self.error_notice = error_notice
        self.app: Flask | None = None
        #: Set while the server stops: no new session is admitted (see :meth:`drain`).
        self.draining = False
        #: Told the tab id a browser presents, returns the one its session goes by
        #: (the storage's, see :class:`~..storage.tabs.TabIds`).
        self.tab_presented: Callable[[Session, str | None], str] | None = None

    # -- admission ---------------------------------------------------------------

    def admit(self, presented: Presented) -> Admission:
        """The session ``presented`` asks for, opened if it is new.

        :raises SessionEnded: the session is gone and this browser had part of it
            (or this request may not start a page).
        :raises AdmissionRefused: a forged, expired or other browser's token, a
            user the page refuses, a malformed client id.
        """
        try:
            admission = self._admit(presented)
            if self.tab_presented is not None:
                admission = replace(admission, tab=self.tab_presented(admission.session, presented.tab))
        except AdmissionRefused as error:
            logger.warning("refused %s from %s to %s: %s", presented.via, request.remote_addr,
                           request.path, error)
            signals.admission_refused.send(self.app, session=None)
            raise
        return admission

    def _admit(self, presented: Presented) -> Admission:
        client = presented.client_id
        if client is not None and (not isinstance(client, str) or len(client) > MAX_CLIENT_ID_LENGTH):
            raise AdmissionRefused(f"the client id must be a string of at most {MAX_CLIENT_ID_LENGTH} "
                                   "characters")
        try:
            check_tab_id(presented.tab)
        except ValueError as error:
            raise AdmissionRefused(str(error)) from None
        token, applied = presented.token, presented.applied_batch
        if presented.resume and not applied:
            resumed = self.resumable(presented.resume, presented.endpoint)
            if resumed is not None:
                return Admission(resumed, presented.resume, client, applied)
        try:
            claim = self.check_token(token)
        except TokenError as error:
            raise AdmissionRefused(str(error)) from None
        if presented.endpoint is not None and claim.endpoint != presented.endpoint:
            raise AdmissionRefused("the session token is for another page")
        refused = self.refusal(claim)
        if refused is not None:
            raise AdmissionRefused(refused)
        session = self.registry.get(claim.session_id)
        if session is None and self.draining:
            raise Draining()
        if session is None and (applied or not presented.may_open):
            # The browser applied batches of a session that is gone (expired,
            # server restarted): starting the page again would mix two runs.
            raise SessionEnded.for_app(bool(self.app and self.app.debug))
        if session is None:
            session = self.open_session(claim, request.environ)
        elif applied is not None and applied > session.outbox.last_batch:
            # Taken as truth, it would drop batches this browser never had.
            raise AdmissionRefused(f"the page acknowledges batch {applied}, but only "
                                   f"{session.outbox.last_batch} were sent; reload the page")
        return Admission(session, token, client, applied)

    def start_early(self, token: str, wait: float, max_bytes: int) -> dict[str, Any] | None:
        """Start the session of the fresh ``token`` a page request has just
        issued, so that the page carries its first batch (returned; ``None``
        if the page sent nothing within ``wait`` seconds, or more than
        ``max_bytes`` of JSON). The browser then attaches as usual, saying it
        applied that batch; if none comes within the reconnect window, the
        session ends."""
        session = self.open_session(self.check_token(token), request.environ)
        session.start_unattached()
        first = session.first_batch(wait)
        # Nothing is acknowledged yet: the outbox's count is the batch's size as JSON.
        if first is None or session.outbox.unacked_bytes > max_bytes:
            return None
        # A page that ended at once lingers too: a client that connects
        # without applying the batch gets its end, not a second run.
        return first

    def attach(self, admission: Admission, transport: Transport) -> bool:
        """Route the admitted session's batches to ``transport``; ``False``
        (and the transport told) for a page load another tab took over."""
        session = admission.session
        try:
            session.attach(transport, admission.applied_batch)
        except TakenOver:
            session.log.info("session %s: refused a tab that another tab took over", session.id)
            transport.supersede()
            return False
        return True

    def check_token(self, token: Any) -> PageClaim:
        """:raises TokenError: for a forged, expired or other browser's token."""
        assert self.app is not None, "the broker is bound by FlaskWebUI.init_app()"
        return load_token(self.app, token)

    def refusal(self, claim: PageClaim) -> str | None:
        """Why the current request may not drive the page ``claim`` names, or
        ``None``: the page's login and ``authorize`` rules, and for a protected
        page, the same user the token was issued to."""
        page = self.pages.get(claim.endpoint)
        if page is None:
            return "this page no longer exists; reload the page"
        refused = refusal(page.login_required, page.authorize)
        if refused is not None:
            return refused[1]
        if page.protected and current_user_id() != claim.user:
            return "this page was opened by another user; reload the page"
        return None

    def resumable(self, token: Any, endpoint: str | None = None) -> Session | None:
        """The running session that a reloaded tab's previous token names, if
        this browser may see it again (and, given ``endpoint``, it is that page's)."""
        try:
            claim = self.check_token(token)
        except TokenError:
            return None
        page = self.pages.get(claim.endpoint)
        session = self.registry.get(claim.session_id)
        if (page is None or not page.resume or session is None or not session.can_resume()
                or endpoint not in (None, claim.endpoint) or self.refusal(claim) is not None):
            return None
        return session

    def open_session(self, claim: PageClaim, environ: dict[str, Any]) -> Session:
        """Create and register the session a valid token asks for, with a copy
        of ``environ`` rewritten to the request that opened the page."""
        assert self.app is not None
        page = self.pages[claim.endpoint]
        settings = session_settings(self.app)
        if not page.resume:
            settings.resume_history = 0
        session = Session(claim.session_id, self.app, page.function, page_environ(environ, claim),
                          settings, on_close=self.registry.discard, error_notice=self.error_notice,
                          user=claim.user, page=claim.endpoint, tally=self.registry.tally)
        if page.protected:
            # A login does not outlive the token it opened the page with.
            left = claim.issued_at + self.app.config["WEBUI_TOKEN_MAX_AGE"] - time.time()
            expiry = gevent.spawn_later(max(left, 0), session.close, "the page's login has expired",
                                        "login_expired")
            session.defer_call(lambda: expiry.kill(block=False))
        self.registry.add(session)
        signals.session_opened.send(self.app, session=session)
        return session

    def drain(self, timeout: float) -> int:
        """Stop admitting sessions and end every live one, as a stopping
        server does: each page is told the server is restarting (and reloads
        by itself once it is back, if its page asked to), page code is
        stopped and its ``defer_call`` functions run. Waits at most
        ``timeout`` seconds; returns the number of sessions ended."""
        self.draining = True
        ending = []
        for session in self.registry:
            page = self.pages.get(session.page or "")
            reloads = bool(page and page.restart_on_server_restart)
            farewell = {"message": RESTARTING_RELOADS if reloads else RESTARTING, "reload": reloads}
            ending.append(gevent.spawn(session.close, "the server is stopping", "shutdown", farewell))
        gevent.joinall(ending, timeout=timeout)
        if ending:
            logger.info("ended %d sessions: the server is stopping", len(ending))
        return len(ending)

    # -- what the browser sends ----------------------------------------------------

    def apply_events(self, session: Session, transport: Transport, raw: Any) -> int:
        """Validate and apply one events message (``{"ack", "seq", "events"}``
        or a bare event); the problems go back to the browser through
        ``transport``. Returns the number of the last event applied."""
        try:
            message = parse_client_message(raw)
        except ProtocolError as error:
            events = raw.get("events") if isinstance(raw, dict) else None
            first = raw.get("seq") if isinstance(raw, dict) else None
            count = len(events) if isinstance(events, list) else 1
            self.refuse_events(session, transport, error, first, count)
        else:
            self._apply(session, transport, message)
        return session.last_event

    def apply_binary_submit(self, session: Session, transport: Transport, first_event: int,
                            read: Callable[[int], bytes], max_json: int) -> int:
        """Apply PyWebIO's binary form submit (files inline), read through
        ``read`` as it arrives: the files go to the form's upload slots (a
        large one to disk, as any upload), the submit names them as our
        client's would. A submit refused half-way keeps none of its files."""
        stored: list[tuple[str, str, str]] = []
        try:
            event = self._binary_submit(session, BinaryEventStream(read, max_json), stored)
        except (ProtocolError, UploadRefused) as error:
            self._discard(session, stored)
            self.refuse_events(session, transport, error, first_event, 1)
        except BaseException:  # the body stopped at its limit, or the request went away
            self._discard(session, stored)
            raise
        else:
            self._apply(session, transport, ClientMessage((event,), None, first_event))
        return session.last_event

    def refuse_events(self, session: Session, transport: Transport, error: Exception, first_event: Any,
                      count: int) -> None:
        """Refuse a malformed message. Its events count as applied: the
        browser would send them again and again."""
        if isinstance(first_event, int) and not isinstance(first_event, bool) and first_event >= 0:
            session.skip_events(first_event, count)
        session.log.warning("session %s sent a malformed message: %s", session.id, error)
        signals.event_refused.send(self.app, session=session, reason="malformed")
        transport.report_error(Problem("malformed", f"refused a malformed message: {error}"))

    def store_chunk(self, session: Session, raw: Any) -> dict[str, Any]:
        """Store one file chunk (an ``upload`` message); the answer says how
        many bytes of the file arrived, or why the chunk was refused."""
        try:
            chunk = parse_upload_chunk(raw)
            received = session.uploads.receive(chunk.task_id, chunk.name, chunk.upload_id,
                                               size=chunk.size, offset=chunk.offset, data=chunk.data)
        except (ProtocolError, UploadRefused) as error:
            session.log.warning("session %s: refused an upload chunk: %s", session.id, error)
            signals.event_refused.send(self.app, session=session, reason="upload")
            return {"error": str(error)}
        signals.upload_received.send(self.app, session=session, size=len(chunk.data))
        return {"received": received}

    def _apply(self, session: Session, transport: Transport, message: ClientMessage) -> None:
        for problem in session.receive(message):
            transport.report_error(problem)

    def _binary_submit(self, session: Session, stream: BinaryEventStream,
                       stored: list[tuple[str, str, str]]) -> Event:
        event = stream.event()
        data = dict(event.data)
        for number, (file, pieces) in enumerate(stream.files()):
            upload_id = f"inline{session.last_event + 1}-{number}"
            stored.append((event.task_id, file.field, upload_id))
            offset = 0
            for piece in pieces:
                session.uploads.receive(event.task_id, file.field, upload_id, size=file.size,
                                        offset=offset, data=piece)
                offset += len(piece)
            reference = {"upload": upload_id, "filename": file.filename, "mime_type": file.mime_type,
                         "last_modified": file.last_modified}
            if isinstance(data.get(file.field), list):
                data[file.field] = [*data[file.field], reference]
            else:
                data[file.field] = reference
        return Event(event.name, event.task_id, data)

    @staticmethod
    def _discard(session: Session, stored: list[tuple[str, str, str]]) -> None:
        for task_id, name, upload_id in stored:
            session.uploads.discard(task_id, name, upload_id)


def page_environ(environ: dict[str, Any], claim: PageClaim) -> dict[str, Any]:
    """A WSGI environ for page code: the browser's headers and cookies, the
    page's path and query string, no body."""
    page = {k: v for k, v in environ.items()
            if not k.startswith(_DROPPED_ENVIRON_PREFIXES) and k not in _DROPPED_HEADERS}
    page.update(REQUEST_METHOD="GET", PATH_INFO=claim.path, QUERY_STRING=claim.query, CONTENT_LENGTH="0")
    if claim.remote_addr:
        # As the page request saw it: middleware such as ProxyFix may not sit
        # in front of the Socket.IO endpoint.
        page["REMOTE_ADDR"] = claim.remote_addr
    page.pop("CONTENT_TYPE", None)
    return page

