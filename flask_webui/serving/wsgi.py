"""What flask_webui needs of the WSGI server: gevent, and no Nagle delay."""

from __future__ import annotations

import contextlib
import socket
import types
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import gevent
from gevent import monkey
from gevent.pywsgi import Input as GeventInput
from werkzeug.wsgi import ClosingIterator

#: Shown when pages are served by a server that cannot run them.
SERVERS_THAT_WORK = (
    "flask_webui pages run in gevent greenlets, which this server does not provide. "
    "Serve the app with socketio.run(app) (Flask-SocketIO on gevent), or with gunicorn's gevent "
    "worker: gunicorn -k geventwebsocket.gunicorn.workers.GeventWebSocketWorker -w 1 module:app "
    "(or -k gevent where simple-websocket is installed instead of gevent-websocket). "
    "`flask run` and gunicorn's sync and gthread workers cannot serve these pages."
)


def cannot_serve_pages(environ: dict[str, Any]) -> bool:
    """Whether the request comes through a server that cannot run pages: a
    server (it names itself in ``SERVER_SOFTWARE``, as test clients do not)
    other than gevent's own (``socketio.run``), without gevent's
    monkey-patching (which gunicorn's gevent workers apply)."""
    if not environ.get("SERVER_SOFTWARE") or monkey.is_module_patched("socket"):
        return False
    return not isinstance(environ.get("wsgi.input"), GeventInput)


def refuse_flask_run() -> None:
    """Refuse to start under ``flask run``, whose threads cannot run pages.

    :raises RuntimeError: naming the servers that work.
    """
    if monkey.is_module_patched("socket"):
        return
    try:
        import click
    except ImportError:  # pragma: no cover - Flask depends on click
        return
    context = click.get_current_context(silent=True)
    while context is not None:
        if context.info_name == "run" and context.parent is not None:
            raise RuntimeError(SERVERS_THAT_WORK)
        context = context.parent


def inline_call(app: Any) -> Callable[..., Iterable[bytes]]:
    """The WSGI callable to hand the next layer: a middleware object's bound
    ``__call__`` rather than the object itself. Python (3.11 on) runs a call
    to a function or a bound method inside its caller's C frame, but calling
    an object goes through a C slot and a frame of its own; a WebSocket
    connection's greenlet keeps every layer of the stack for as long as the
    connection lives, saved to the heap at each switch (about 1 KiB a layer,
    per session).

    >>> app.wsgi_app = inline_call(NoDelay(inline_call(app.wsgi_app)))  # doctest: +SKIP
    """
    # An object of a class whose __call__ is written in Python (a function
    # or a C callable is left as it is).
    call = next((vars(cls)["__call__"] for cls in type(app).__mro__ if "__call__" in vars(cls)), None)
    return app.__call__ if isinstance(call, types.FunctionType) else app  # type: ignore[no-any-return]


class NoDelay:
    """WSGI middleware setting ``TCP_NODELAY`` on the server's connection.

    ``gevent.pywsgi`` writes a response's headers and body separately, and a
    WebSocket connection often sends frames back to back (batches, an
    ``events_applied``, Engine.IO's pings); without it a second write waits
    for the browser's delayed ACK (40 ms on Linux). gunicorn
    sets it on its listening socket, which accepted connections inherit;
    ``socketio.run``'s server does not.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        connection = connection_socket(environ)
        if connection is not None:
            try:
                connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
        return self.app(environ, start_response)


def connection_socket(environ: dict[str, Any]) -> Any:
    """The TCP socket a request came on, where the server lets us find it:
    gevent-websocket's upgraded connection, gevent.pywsgi's input stream (as
    simple-websocket takes it), gunicorn's ``gunicorn.socket``; ``None``
    elsewhere."""
    websocket = environ.get("wsgi.websocket")
    handler = getattr(getattr(websocket, "stream", None), "handler", None)
    if handler is not None and getattr(handler, "socket", None) is not None:
        return handler.socket
    stream = environ.get("wsgi.input")
    if isinstance(stream, GeventInput):
        stream = stream.rfile
    # gevent.pywsgi's input is a file over the socket (for an upgraded
    # WebSocket request, the file itself), as simple-websocket finds it.
    found = getattr(getattr(stream, "raw", None), "_sock", None)
    if found is not None:
        return found
    return environ.get("gunicorn.socket")


@contextlib.contextmanager
def hangup_watch(environ: dict[str, Any], on_hangup: Callable[[], Any]) -> Iterator[Callable[[], bool]]:
    """While the block runs, call ``on_hangup()`` (from the event loop, so it
    must not block) if the client closes the connection the request came on;
    yields a function saying whether it has. A long poll held for a browser
    that is gone would otherwise notice only when its answer is written,
    many seconds later.

    >>> with hangup_watch(request.environ, transport.wake) as hung_up:  # doctest: +SKIP
    ...     transport.wait(25, gone=hung_up)
    """
    sock = connection_socket(environ)
    hung_up: list[bool] = []
    if sock is None:
        yield lambda: False
        return
    raw = getattr(sock, "_sock", sock)  # the OS socket under gevent's: recv never waits on it
    watcher = gevent.get_hub().loop.io(sock.fileno(), 1)

    def readable() -> None:
        try:
            data = raw.recv(1, socket.MSG_PEEK)
        except BlockingIOError:
            return  # woken for nothing
        except OSError:
            data = b""
        watcher.stop()  # a closed connection, or bytes of a next request: either way, done watching
        if not data:
            hung_up.append(True)
            on_hangup()

    watcher.start(readable)
    try:
        yield lambda: bool(hung_up)
    finally:
        watcher.stop()


class FrameLimit:
    """WSGI middleware refusing WebSocket frames larger than ``limit`` bytes
    before they are read (gevent-websocket reads, and unmasks in Python, a
    whole frame before Engine.IO can look at its size: 50 MiB would hold the
    hub for seconds and the memory until the connection dies).

    The connection of a frame over the limit is dropped; its page reconnects.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]], limit: int) -> None:
        self.app = app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        websocket = environ.get("wsgi.websocket")
        read = getattr(websocket, "raw_read", None)
        if read is not None and not getattr(read, "bounded", False):
            limit = self.limit

            def bounded(size: int) -> bytes:
                if size > limit:
                    raise ConnectionAbortedError(f"a WebSocket frame of {size} bytes is over {limit}")
                return read(size)  # type: ignore[no-any-return]

            bounded.bounded = True  # type: ignore[attr-defined]
            websocket.raw_read = bounded  # type: ignore[union-attr]
        return self.app(environ, start_response)


class IdleConnections:
    """Knows the connections that wait, between two requests, for the next
    one (HTTP keep-alive), by the greenlet that serves each. A stopping
    worker lets them go (:meth:`let_go`): gunicorn waits, up to its graceful
    timeout, for every connection to close, and gevent's WSGI server (of
    ``GeventWebSocketWorker``) keeps an idle one open for as long as the
    browser does. Meanwhile answers say ``Connection: close``.

    >>> app.wsgi_app = IdleConnections(app.wsgi_app)  # doctest: +SKIP
    """

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self._idle: weakref.WeakSet[Any] = weakref.WeakSet()
        self._closing = False

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        connection = gevent.getcurrent()
        self._idle.discard(connection)
        if self._closing:
            def closing(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
                kept = [(name, value) for name, value in headers if name.lower() != "connection"]
                return start_response(status, [*kept, ("Connection", "close")], *rest)

            return ClosingIterator(self.app(environ, closing), lambda: None)
        return ClosingIterator(self.app(environ, start_response), lambda: self._idle.add(connection))

    def let_go(self) -> int:
        """Close every idle connection, and those that finish a request from
        now on; returns how many were idle."""
        self._closing = True
        idle = list(self._idle)
        for connection in idle:
            connection.kill(block=False)
        return len(idle)
