"""The Flask extension object."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gevent
from flask import Flask
from flask_socketio import SocketIO

from .auth import Authorize, current_user_id, refusal
from .engine.registry import SessionRegistry
from .engine.session import Session
from .exceptions import TokenError
from .polling import PollingHub
from .settings import apply_defaults, session_settings
from .socket_events import register_socket_handlers
from .tokens import PageClaim, load_token
from .views import create_blueprint, page_view
from .wsgi import NoDelay, refuse_flask_run

logger = logging.getLogger("flask_webui")

_DROPPED_ENVIRON_PREFIXES = ("wsgi.websocket", "werkzeug.", "flask.", "socketio", "engineio", "gunicorn.")
_DROPPED_HEADERS = ("HTTP_UPGRADE", "HTTP_CONNECTION", "HTTP_SEC_WEBSOCKET_KEY",
                    "HTTP_SEC_WEBSOCKET_VERSION", "HTTP_SEC_WEBSOCKET_EXTENSIONS",
                    "HTTP_WEBIO_SESSION_ID", "HTTP_WEBUI_RESUME")


@dataclass
class Page:
    """A page function registered at a URL rule."""

    rule: str
    function: Callable[[], Any]
    endpoint: str
    title: str | None = None
    login_required: bool = False
    authorize: Authorize | None = None
    #: Whether reloading the tab re-attaches to the running session.
    resume: bool = True

    @property
    def protected(self) -> bool:
        return self.login_required or self.authorize is not None


class FlaskWebUI:
    """Serve plain Python functions as interactive pages.

    >>> app = Flask(__name__)
    >>> webui = FlaskWebUI(app)            # creates a gevent SocketIO if the app has none
    >>> @webui.page("/hello", title="Hello")
    ... def hello():
    ...     put_text("Hello")

    With an app factory, create the extension first and bind it later with
    :meth:`init_app`. The instance lands in ``app.extensions["webui"]``.
    """

    def __init__(self, app: Flask | None = None, socketio: SocketIO | None = None) -> None:
        self.pages: dict[str, Page] = {}
        #: Names ``go_app()``/``put_link(app=...)`` resolve before endpoints (``start_server``'s apps).
        self.app_urls: dict[str, str] = {}
        self.registry = SessionRegistry()
        self.polling = PollingHub(self)
        self.app: Flask | None = None
        self.socketio: SocketIO | None = None
        if app is not None:
            self.init_app(app, socketio)

    def init_app(self, app: Flask, socketio: SocketIO | None = None) -> None:
        """Bind to ``app``: read ``WEBUI_*`` settings, register the blueprint,
        the pages and the Socket.IO handlers (on ``socketio``, the app's
        existing ``SocketIO`` or a new gevent one)."""
        refuse_flask_run()
        apply_defaults(app)
        if socketio is None:
            socketio = app.extensions.get("socketio") or SocketIO(app, async_mode="gevent")
        elif socketio.server is None:
            socketio.init_app(app, async_mode="gevent")
        if socketio.async_mode != "gevent":
            logger.warning("flask_webui pages need gevent: SocketIO runs in %r mode; create it "
                           "with SocketIO(app, async_mode='gevent')", socketio.async_mode)
        self.app = app
        self.socketio = socketio
        app.register_blueprint(create_blueprint(), url_prefix=app.config["WEBUI_URL_PREFIX"] or None)
        register_socket_handlers(self, socketio, app.config["WEBUI_SOCKETIO_NAMESPACE"])
        # Outermost, so that Socket.IO's own long-polling gets it too.
        app.wsgi_app = NoDelay(app.wsgi_app)  # type: ignore[method-assign]
        app.extensions["webui"] = self
        for page in self.pages.values():
            self._add_page_rule(page)

    @property
    def socketio_path(self) -> str:
        assert self.socketio is not None
        return "/" + self.socketio.server_options.get("path", "socket.io").strip("/")

    # -- pages --------------------------------------------------------------

    def page(self, rule: str, *, title: str | None = None, endpoint: str | None = None,
             login_required: bool = False, authorize: Authorize | None = None,
             resume: bool = True) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
        """Register the decorated function as a page at ``rule``.

        The function runs once per browser tab that opens the page, in its own
        greenlet, with the Flask request that opened the page. An ``async
        def`` function runs as a coroutine (``await input(...)``).
        ``login_required`` lets in only users logged in with Flask-Login;
        ``authorize()`` (called with the request) decides for itself.
        Reloading the tab shows the running page again, as it was, unless
        ``resume`` is false (then a reload starts the page afresh).

        >>> @webui.page("/bmi", title="BMI")  # doctest: +SKIP
        ... def bmi(): ...
        """

        def decorator(function: Callable[[], Any]) -> Callable[[], Any]:
            self.add_page(rule, function, title=title, endpoint=endpoint, login_required=login_required,
                          authorize=authorize, resume=resume)
            return function

        return decorator

    def add_page(self, rule: str, function: Callable[[], Any], *, title: str | None = None,
                 endpoint: str | None = None, login_required: bool = False,
                 authorize: Authorize | None = None, resume: bool = True) -> Page:
        """Register ``function`` as a page at ``rule`` (the twin of :meth:`page`)."""
        if not callable(function):
            raise TypeError("a page must be a function")
        if not rule.startswith("/"):
            raise ValueError(f"page rule {rule!r} must start with '/'")
        endpoint = endpoint or function.__name__
        if endpoint in self.pages:
            raise ValueError(f"a page with endpoint {endpoint!r} is already registered; pass endpoint=...")
        if authorize is not None and not callable(authorize):
            raise TypeError("authorize must be a function returning True or False")
        page = Page(rule, function, endpoint, title, login_required, authorize, resume)
        self.pages[endpoint] = page
        if self.app is not None:
            self._add_page_rule(page)
        return page

    def _add_page_rule(self, page: Page) -> None:
        assert self.app is not None
        prefix = self.app.config["WEBUI_URL_PREFIX"].rstrip("/")
        self.app.add_url_rule(prefix + page.rule, endpoint=f"webui.{page.endpoint}",
                              view_func=page_view(self, page), methods=["GET", "POST"])

    # -- sessions -------------------------------------------------------------

    def check_token(self, token: Any) -> PageClaim:
        assert self.app is not None
        return load_token(self.app, token)

    def connect_refusal(self, claim: PageClaim) -> str | None:
        """Why the current (Socket.IO connect) request may not drive the page
        ``claim`` names, or ``None``: the page's login and ``authorize``
        rules, and for a protected page, the same user the token was issued to."""
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
                or endpoint not in (None, claim.endpoint) or self.connect_refusal(claim) is not None):
            return None
        return session

    def open_session(self, claim: PageClaim, environ: dict[str, Any]) -> Session | None:
        """Create and register the session a valid token asks for, with a copy
        of ``environ`` rewritten to the request that opened the page."""
        assert self.app is not None
        page = self.pages.get(claim.endpoint)
        if page is None:
            return None
        settings = session_settings(self.app)
        if not page.resume:
            settings.resume_history = 0
        session = Session(claim.session_id, self.app, page.function, page_environ(environ, claim),
                          settings, on_close=self.registry.discard)
        if page.protected:
            # A login does not outlive the token it opened the page with.
            left = claim.issued_at + self.app.config["WEBUI_TOKEN_MAX_AGE"] - time.time()
            expiry = gevent.spawn_later(max(left, 0), session.close, "the page's login has expired")
            session.defer_call(lambda: expiry.kill(block=False))
        return self.registry.add(session)

    def test_client(self) -> Any:
        """A headless client for the pages of this app (see
        :mod:`flask_webui.testing`)."""
        from .testing import WebUITestClient

        return WebUITestClient(self)


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
