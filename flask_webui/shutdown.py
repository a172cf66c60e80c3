"""A graceful stop: on SIGTERM or SIGINT (gunicorn's stop and its HUP reload,
Ctrl-C under ``socketio.run``) every app in the process drains first — no
new sessions, every open page told, ``defer_call`` functions run — and then
the server's own handler stops it as it would have.

The handlers are installed once per process, by the first
:class:`~flask_webui.FlaskWebUI` bound in its main thread, around the
handlers already there. gunicorn loads the app after setting its worker's
handlers, so they are kept; with ``--preload`` it sets them after, so call
:func:`install` from its ``post_worker_init`` hook.

>>> watch(webui.drain)   # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import weakref
from collections.abc import Callable
from typing import Any

import gevent
from gevent import monkey

logger = logging.getLogger("flask_webui")

SIGNALS = (signal.SIGTERM, signal.SIGINT)

# The drain methods of the live extensions (weakly: a dropped app is not kept).
_drains: list[weakref.WeakMethod[Callable[[], Any]]] = []
_previous: dict[int, Any] = {}
_stopping = False


def watch(drain: Callable[[], Any]) -> None:
    """Call ``drain`` (a bound method) when the process is told to stop."""
    _drains[:] = [ref for ref in _drains if ref() is not None]
    _drains.append(weakref.WeakMethod(drain))  # type: ignore[arg-type]
    install()


def install() -> None:
    """Put the draining handlers in front of the process's SIGTERM and SIGINT
    handlers (once; only the main thread may set handlers). Only in a
    process gevent has patched, as servers of pages are: the drain runs in a
    greenlet, and where nothing runs gevent's loop (a test runner, a script)
    it would never run, and the signal would be lost."""
    if threading.current_thread() is not threading.main_thread() or not monkey.is_module_patched("socket"):
        return
    for signum in SIGNALS:
        current = signal.getsignal(signum)
        if current is not _on_signal:
            _previous[signum] = current
            signal.signal(signum, _on_signal)


def _on_signal(signum: int, frame: Any) -> None:
    global _stopping
    if _stopping:  # a second Ctrl-C: stop now
        _hand_on(signum)
        return
    _stopping = True
    gevent.spawn(_drain_then_stop, signum)


def _drain_then_stop(signum: int) -> None:
    try:
        for ref in list(_drains):
            drain = ref()
            if drain is not None:
                drain()
    except Exception:  # the server must stop all the same
        logger.exception("draining the sessions failed")
    _hand_on(signum)


def _hand_on(signum: int) -> None:
    """Give the signal to the handler that was there before ours."""
    previous = _previous.get(signum, signal.SIG_DFL)
    signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
    os.kill(os.getpid(), signum)
