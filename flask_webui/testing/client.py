"""A headless client for pages: open a page without a browser or a network,
read what it put out, answer its forms and click its buttons.

It goes the way a browser goes: the page's URL through Flask's test client
(the page's login rules, a signed token bound to the browser's cookie), then
a Socket.IO connection into the app's own Socket.IO server, in-process
(:mod:`.link`): the same handlers, broker and session code as in production.

>>> with webui.test_client() as client:            # doctest: +SKIP
...     page = client.open("/bmi")
...     page.submit({"height": 180, "weight": 81})
...     "BMI: 25.0" in page.text
True
"""

from __future__ import annotations

import json
import secrets
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.http import parse_cookie
from werkzeug.test import EnvironBuilder

from ..admission.auth import REFUSALS
from ..admission.broker import SessionBroker
from ..admission.refusals import AdmissionRefused
from .handlers import apply
from .link import ConnectionRefused, SocketIOLink
from .page import TestPage, fresh_clock
from .page_model import Tab

if TYPE_CHECKING:
    from ..socket_events import SocketIOConnections

_CONFIG_START = '<script id="webui-config" type="application/json">'

__all__ = ["TestPage", "WebUITestClient"]


class WebUITestClient:
    """Opens pages of a :class:`~flask_webui.FlaskWebUI` app in memory.

    ``http`` is the Flask test client the pages are requested with (new by
    default); its cookies are the browser's, so a login made with it is the
    pages' login. Used as a context manager, it closes every page it opened
    when the block ends (their sessions end, their deferred calls run):

    >>> http = app.test_client()                          # doctest: +SKIP
    >>> http.post("/login", data={"user": "ada"})         # doctest: +SKIP
    >>> with webui.test_client(http) as client:           # doctest: +SKIP
    ...     page = client.open("/mine")
    """

    __test__ = False

    def __init__(self, app: Flask, broker: SessionBroker, connections: SocketIOConnections,
                 http: FlaskClient | None = None) -> None:
        self.app = app
        self.broker = broker
        self.connections = connections
        self.http = http if http is not None else app.test_client()
        #: The pages this client opened, in order.
        self.pages: list[TestPage] = []

    def __enter__(self) -> WebUITestClient:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close every page this client opened: their sessions end."""
        for page in self.pages:
            page.close_tab()
            page.disconnect()

    def open(self, path: str, *, query_string: str | dict[str, Any] | None = None,
             headers: dict[str, str] | None = None, auto_ack: bool = True,
             tab: str | None = None) -> TestPage:
        """Open the page at ``path`` and run it until it waits for the user.

        ``headers`` go with the page request and its connection (a ``Cookie``
        header sets those cookies in the client first). With
        ``auto_ack=False`` the page acknowledges nothing by itself (see
        :meth:`TestPage.send`), as a slow browser would. ``tab`` is the id
        the page presents as its browser tab's (``storage.tab``): a new
        tab's by default; give an earlier page's ``tab_id`` to open it in
        that tab again.

        :raises PermissionError: when the page refuses this browser (no login,
            ``authorize`` said no).
        :raises LookupError: when ``path`` is not a page of the app.
        :raises flask_webui.admission.refusals.AdmissionRefused: when the server refuses the
            page's connection.
        """
        fresh_clock()
        tab_id = tab or secrets.token_urlsafe(12)  # a new browser tab's by default
        headers = dict(headers or {})
        for name, value in parse_cookie(headers.pop("Cookie", "")).items():
            self.http.set_cookie(name, value)
        token, first = self._page_token(path, query_string, headers)
        # As the browser does: the batch the page carries first, then the connection.
        shown = Tab()
        answers: list[tuple[str | None, Any]] = []  # sent once the page has connected
        for command in (first or {}).get("commands", []):
            apply(shown, command, lambda task_id, data: answers.append((task_id, data)))
        applied = int(first["seq"]) if first else 0
        link = SocketIOLink(self.connections.socketio, self.connections.namespace, self._environ(headers))
        pending: list[tuple[str, Any]] = []
        auth: dict[str, Any] = {"token": token, "client": secrets.token_urlsafe(8),
                                "tab": tab_id}
        if first:
            auth["ack"] = applied
        try:
            sid = link.connect(auth, lambda name, data: pending.append((name, data)))
        except ConnectionRefused as refused:
            raise AdmissionRefused(str(refused)) from None
        session = self.connections.session_of(sid)
        assert session is not None, "a connection the server accepted has a session"
        page = TestPage(link, session, shown, applied, auto_ack)
        self.pages.append(page)
        for name, data in pending:
            page._on_event(name, data)
        for task_id, data in answers:
            page._answer(task_id, data)
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

    def _environ(self, headers: dict[str, str]) -> dict[str, Any]:
        """The handshake request of a page's Socket.IO connection: the
        browser's cookies and headers."""
        path = "/" + self.connections.socketio.server_options.get("path", "socket.io").strip("/") + "/"
        environ = EnvironBuilder(path=path, query_string="EIO=4&transport=websocket",
                                 headers=list(headers.items())).get_environ()
        self.http._add_cookies_to_wsgi(environ)  # as Flask's own session_transaction() does
        environ["flask.app"] = self.app  # as Flask-SocketIO's middleware sets it
        return environ

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
