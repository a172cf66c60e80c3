"""The Flask extension object."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Flask
from flask.testing import FlaskClient
from flask_socketio import SocketIO

from . import shutdown
from .admission.auth import Authorize, current_user_id
from .admission.broker import SessionBroker
from .admission.pages import Page
from .admission.tokens import browser_of
from .engine.collector import collector
from .engine.registry import SessionRegistry
from .output.notify import error_notice
from .page_config import PageDefaults, make_config
from .polling import PollingHub
from .rooms.bus import LocalBus
from .rooms.hub import RoomHub
from .rooms.setup import rooms_for_app
from .serving.room_index import index_rooms
from .serving.settings import apply_defaults
from .serving.stack import wrap_app
from .serving.wsgi import IdleConnections, refuse_flask_run
from .socket_events import SocketIOConnections
from .storage.binding import bind_storage
from .storage.hub import StorageHub
from .storage.tabs import TabIds
from .views import create_blueprint, page_view

if TYPE_CHECKING:
    from .metrics import WebUIMetrics
    from .testing import WebUITestClient

logger = logging.getLogger("flask_webui")

__all__ = ["FlaskWebUI", "Page"]


def socketio_queue(socketio: SocketIO) -> str | None:
    """The Redis URL the SocketIO's workers share: its ``message_queue``, or
    the URL of a ``client_manager=socketio.RedisManager(url)`` (the way to
    give Flask-SocketIO a Sentinel URL, which it hands Kombu otherwise)."""
    options = socketio.server_options
    manager = options.get("client_manager")
    return options.get("message_queue") or getattr(manager, "redis_url", None)


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
        #: The one way into a session, for every transport.
        self.broker = SessionBroker(self.pages, self.registry, error_notice)
        self.polling = PollingHub(self.broker)
        self.connections: SocketIOConnections | None = None
        #: This app's page defaults (see :meth:`config`).
        self.page_defaults = PageDefaults()
        #: Rooms, broadcast and presence (see :mod:`flask_webui.rooms`); bound by :meth:`init_app`.
        self.rooms = RoomHub(self.registry, LocalBus())
        self.app: Flask | None = None
        self.socketio: SocketIO | None = None
        #: The connections idle between two requests, let go when the server stops.
        self.idle_connections: IdleConnections | None = None
        #: The app's Prometheus metrics, once turned on (see :meth:`metrics_endpoint`).
        self.metrics: WebUIMetrics | None = None
        #: The stores of :mod:`flask_webui.storage`; bound by :meth:`init_app`.
        self.storage: StorageHub | None = None
        self._identify: Callable[[], str | None] | None = None
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
        self.broker.app = app
        self.socketio = socketio
        self.registry.collector = collector if app.config["WEBUI_GC_FREEZE"] else None
        self.rooms = rooms_for_app(app.config, self.registry, socketio_queue(socketio))
        self.storage = bind_storage(app, self.rooms, self._identify or current_user_id)
        self.broker.tab_presented = TabIds(self.storage).presented
        app.register_blueprint(create_blueprint(), url_prefix=app.config["WEBUI_URL_PREFIX"] or None)
        index_rooms(socketio.server.manager)
        self.connections = SocketIOConnections(self.broker, socketio, app.config["WEBUI_SOCKETIO_NAMESPACE"])
        self.idle_connections = wrap_app(app, socketio.server.eio, self.connections.browsers,
                                         functools.partial(browser_of, app), self.socketio_path)
        app.extensions["webui"] = self
        if float(app.config["WEBUI_SHUTDOWN_TIMEOUT"]) > 0:
            shutdown.watch(self.drain)
        for page in self.pages.values():
            self._add_page_rule(page)
        if app.config["WEBUI_HEALTH_URL"]:
            self._add_health_rule(app.config["WEBUI_HEALTH_URL"])
        if app.config["WEBUI_METRICS"]:
            self.metrics_endpoint("/metrics")

    @property
    def draining(self) -> bool:
        """Whether this worker is stopping: it takes no new sessions, its
        health check says so (set by SIGTERM/SIGINT, see ``flask_webui.shutdown``)."""
        return self.broker.draining

    @draining.setter
    def draining(self, value: bool) -> None:
        self.broker.draining = value

    @property
    def socketio_path(self) -> str:
        assert self.socketio is not None
        return "/" + self.socketio.server_options.get("path", "socket.io").strip("/")

    # -- pages --------------------------------------------------------------

    def page(self, rule: str, *, title: str | None = None, endpoint: str | None = None,
             login_required: bool = False, authorize: Authorize | None = None,
             resume: bool = True, restart_on_server_restart: bool = False,
             ) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
        """Register the decorated function as a page at ``rule``.

        The function runs once per browser tab that opens the page, in its own
        greenlet, with the Flask request that opened the page. An ``async
        def`` function runs as a coroutine (``await input(...)``).
        ``login_required`` lets in only users logged in with Flask-Login;
        ``authorize()`` (called with the request) decides for itself.
        Reloading the tab shows the running page again, as it was, unless
        ``resume`` is false (then a reload starts the page afresh). When the
        server stops, open tabs say so; with ``restart_on_server_restart``
        they reload by themselves once it is back (the page starts afresh).

        >>> @webui.page("/bmi", title="BMI")  # doctest: +SKIP
        ... def bmi(): ...
        """

        def decorator(function: Callable[[], Any]) -> Callable[[], Any]:
            self.add_page(rule, function, title=title, endpoint=endpoint, login_required=login_required,
                          authorize=authorize, resume=resume,
                          restart_on_server_restart=restart_on_server_restart)
            return function

        return decorator

    def add_page(self, rule: str, function: Callable[[], Any], *, title: str | None = None,
                 endpoint: str | None = None, login_required: bool = False,
                 authorize: Authorize | None = None, resume: bool = True,
                 restart_on_server_restart: bool = False) -> Page:
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
        page = Page(rule, function, endpoint, title, login_required, authorize, resume,
                    restart_on_server_restart)
        self.pages[endpoint] = page
        if self.app is not None:
            self._add_page_rule(page)
        return page

    def user_identity(self, function: Callable[[], str | None]) -> Callable[[], str | None]:
        """Register who the signed-in user is, for ``storage.user``: called in
        each request (and in the one that opens a page), it returns the user's
        id as a string, or ``None`` for a visitor without a login (who then
        gets the browser's store). Without one, Flask-Login's user is taken.

        >>> @webui.user_identity                          # doctest: +SKIP
        ... def identity():
        ...     return flask.session.get("user_id")
        """
        if not callable(function):
            raise TypeError("user_identity() takes a function returning the user's id or None")
        self._identify = function
        if self.storage is not None:
            self.storage.identify = function
        return function

    def config(self, **settings: Any) -> None:
        """Set the defaults of this app's pages: ``title``, ``description``,
        ``theme``, ``js_code``, ``js_file``, ``css_style``, ``css_file``, as
        :func:`flask_webui.config` takes them.

        >>> webui.config(theme="dark", title="Tools")  # doctest: +SKIP
        """
        self.page_defaults.set(make_config(**settings))

    def _add_page_rule(self, page: Page) -> None:
        assert self.app is not None
        prefix = self.app.config["WEBUI_URL_PREFIX"].rstrip("/")
        self.app.add_url_rule(prefix + page.rule, endpoint=f"webui.{page.endpoint}",
                              view_func=page_view(page, self.polling, lambda: self.socketio_path),
                              methods=["GET", "POST"])

    # -- operations ---------------------------------------------------------------

    def drain(self) -> int:
        """Stop as a stopping server does (SIGTERM and SIGINT call it, see
        ``flask_webui.shutdown``): take no new session, end every live one
        (its page told, its deferred calls run) within
        ``WEBUI_SHUTDOWN_TIMEOUT`` seconds, and let idle connections go.
        Returns the number of sessions ended."""
        assert self.app is not None, "call init_app() before drain()"
        ended = self.broker.drain(float(self.app.config["WEBUI_SHUTDOWN_TIMEOUT"]))
        if self.idle_connections is not None:
            self.idle_connections.let_go()
        return ended

    def metrics_endpoint(self, rule: str = "/metrics", *,
                         authorize: Callable[[], bool] | None = None) -> None:
        """Serve this app's Prometheus metrics at ``rule`` (endpoint
        ``webui.metrics``): sessions, events, commands, errors, acknowledgement
        times (see :mod:`flask_webui.metrics`). ``authorize()``, called in the
        request, decides who may read them (403 for the others).

        >>> webui.metrics_endpoint("/metrics",   # doctest: +SKIP
        ...                        authorize=lambda: request.remote_addr == "127.0.0.1")
        """
        from .metrics import WebUIMetrics
        from .operations.endpoints import metrics_view

        assert self.app is not None, "call init_app() before metrics_endpoint()"
        if self.metrics is None:
            self.metrics = WebUIMetrics(self.app)
        self.app.add_url_rule(rule, endpoint="webui.metrics", view_func=metrics_view(self.metrics, authorize))

    def admin_page(self, rule: str = "/admin/webui", *, authorize: Authorize) -> Page:
        """Mount the live-sessions admin page at ``rule``: every live session
        of this worker (page, user, browser, transport, age, last activity,
        rooms), refreshed live; an operator ends a session, sends a notice to
        one page or to all, or erases a user's stored data. ``authorize()``
        (called with the request, as for any page) decides who may open it;
        there is no default.

        >>> webui.admin_page("/admin/webui", authorize=lambda: current_user.is_admin)  # doctest: +SKIP
        """
        from .operations.admin import admin_page

        if not callable(authorize):
            raise TypeError("the admin page needs authorize=, a function saying who may open it")
        return self.add_page(rule, admin_page(self.registry, lambda: self.storage), title="Live sessions",
                             endpoint="webui_admin", authorize=authorize)

    def _add_health_rule(self, rule: str) -> None:
        from .operations.endpoints import health_view

        assert self.app is not None
        assert self.storage is not None
        view = health_view(lambda: len(self.registry), lambda: self.draining, self.rooms.bus.healthy,
                           self.storage.backend.health)
        self.app.add_url_rule(self.app.config["WEBUI_URL_PREFIX"].rstrip("/") + rule,
                              endpoint="webui.health", view_func=view)

    def test_client(self, http: FlaskClient | None = None) -> WebUITestClient:
        """A headless client for the pages of this app (see
        :mod:`flask_webui.testing`). It opens pages through ``http`` (a
        ``app.test_client()``, new by default), sharing its cookies: sign in
        with it, and the pages see the login."""
        from .testing import WebUITestClient

        assert self.app is not None, "call init_app() before creating a test client"
        assert self.connections is not None
        return WebUITestClient(self.app, self.broker, self.connections, http)

