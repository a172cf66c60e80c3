"""The current page session (PyWebIO's ``pywebio.session`` names).

>>> from flask_webui.session import set_env, defer_call, local, run_js, eval_js
"""

from __future__ import annotations

import json
import threading
import warnings
from collections.abc import Callable, Coroutine
from typing import Any

from gevent import monkey

from .engine.context import current_session, current_task, get_current_session
from .engine.coroutines import blocking, run_coroutine
from .exceptions import OutsideSessionError
from .info import SessionInfo, session_info
from .output.media import download, page_url

__all__ = [
    "JSError", "SessionInfo", "TaskHandle", "data", "defer_call", "download", "eval_js",
    "get_current_session", "get_info", "go_app", "hold", "info", "local", "register_thread", "run_async",
    "run_asyncio_coroutine", "run_js", "set_env", "spawn",
]


class JSError(RuntimeError):
    """JavaScript run by :func:`eval_js` threw (or its Promise was rejected)."""


def run_js(code: str, **args: Any) -> None:
    """Run JavaScript ``code`` in the browser; ``args`` are JSON values it
    sees as variables.

    >>> run_js("document.body.style.background = color", color="ivory")  # doctest: +SKIP
    """
    task = current_task()
    task.session.send("run_script", {"code": str(code), "args": _json_args(args), "eval": False},
                      task.task_id)


@blocking
def eval_js(expression: str, **args: Any) -> Any:
    """Evaluate a JavaScript expression in the browser and return its value
    (a Promise is awaited there). ``args`` are JSON values it sees as
    variables. Each call gets its own answer, even from concurrent greenlets.

    :raises JSError: when the expression throws.
    :raises TimeoutError: after ``WEBUI_ANSWER_TIMEOUT`` seconds without an answer.

    >>> width = eval_js("window.innerWidth")  # doctest: +SKIP
    >>> data = eval_js("fetch(url).then(r => r.json())", url="/api")  # doctest: +SKIP
    """
    session = current_session()
    code = f"return eval({json.dumps(str(expression))});"
    answer = session.request("run_script", {"code": code, "args": _json_args(args), "eval": True},
                             session.settings.answer_timeout)
    if isinstance(answer, dict) and set(answer) == {"__webui_js_error__"}:
        raise JSError(f"{expression!r} failed in the browser: {answer['__webui_js_error__']}")
    return answer


def _json_args(args: dict[str, Any]) -> dict[str, Any]:
    try:
        return json.loads(json.dumps(args))  # type: ignore[no-any-return]
    except TypeError as error:
        raise TypeError(f"JavaScript arguments must be JSON values: {error}") from None


def go_app(name: str, new_window: bool = True) -> None:
    """Open another page of this app: an endpoint name (``"bmi"``), a path
    (``"/bmi"``), or an app name under :func:`~flask_webui.start_server`.

    >>> go_app("bmi", new_window=False)  # doctest: +SKIP
    """
    run_js("new_window ? window.open(url, '_blank') : window.location.assign(url)",
           url=page_url(name), new_window=bool(new_window))


class _SessionInfoProxy:
    """The current session's :class:`SessionInfo`, read when page code asks.

    >>> info.user_language  # doctest: +SKIP
    'en-US'
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(session_info(current_session()), name)

    def __repr__(self) -> str:
        try:
            return repr(session_info(current_session()))
        except OutsideSessionError:  # a repr never raises: docs, debuggers, logs
            return "<flask_webui.session.info: read it in page code>"


#: What is known of the current session's browser and request (PyWebIO's
#: ``session.info``): ``info.user_agent``, ``info.user_ip``, ``info.request`` ...
info = _SessionInfoProxy()

#: ``set_env`` keys the page understands, with the type each takes.
ENV_KEYS: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "output_animation": bool,
    "auto_scroll_bottom": bool,
    "http_pull_interval": (int, float),
    "input_panel_fixed": bool,
    "input_panel_min_height": int,
    "input_panel_init_height": int,
    "input_auto_focus": bool,
    "output_max_width": str,
}


def set_env(**env: Any) -> None:
    """Configure the page: ``title``, ``auto_scroll_bottom``, ``input_auto_focus`` ...

    >>> set_env(title="Orders")  # doctest: +SKIP
    """
    for key, value in env.items():
        if key not in ENV_KEYS:
            raise TypeError(f"set_env() got an unknown setting {key!r}; known: {sorted(ENV_KEYS)}")
        if not isinstance(value, ENV_KEYS[key]):
            raise TypeError(f"set_env({key}=...) got {type(value).__name__}")
    task = current_task()
    task.session.send("set_env", env, task.task_id)


def defer_call(function: Callable[[], Any]) -> Callable[[], Any]:
    """Run ``function()`` when the session ends (closed tab, ``close_session``,
    page returned). Usable as a decorator.

    >>> defer_call(lambda: print("bye"))  # doctest: +SKIP
    """
    current_session().defer_call(function)
    return function


@blocking
def hold() -> None:
    """Keep the session alive until the browser leaves, so callbacks keep
    working after the page function would otherwise return."""
    current_session().wait_closed()


class _SessionLocal:
    """Attributes that live as long as the current session.

    >>> local.visits = 1  # doctest: +SKIP
    """

    @staticmethod
    def _data() -> dict[str, Any]:
        return current_session().state("local", dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._data()[name]
        except KeyError:
            return None

    def __setattr__(self, name: str, value: Any) -> None:
        self._data()[name] = value

    def __delattr__(self, name: str) -> None:
        self._data().pop(name, None)

    def __getitem__(self, name: str) -> Any:
        return self._data()[name]

    def __setitem__(self, name: str, value: Any) -> None:
        self._data()[name] = value

    def __contains__(self, name: str) -> bool:
        return name in self._data()

    def get(self, name: str, default: Any = None) -> Any:
        return self._data().get(name, default)


#: Attributes kept for the current session only (PyWebIO's ``session.local``):
#: ``local.count = 1`` in one page, read back in its callbacks.
local = _SessionLocal()


class TaskHandle:
    """A background task of the session (see :func:`spawn` and :func:`run_async`)."""

    def __init__(self, greenlet: Any) -> None:
        self._greenlet = greenlet

    def close(self) -> None:
        """Stop the task."""
        self._greenlet.kill(block=False)

    def closed(self) -> bool:
        """Whether the task has ended."""
        return bool(self._greenlet.dead)


def spawn(function: Callable[..., Any], *args: Any, **kwargs: Any) -> TaskHandle:
    """Run ``function(*args, **kwargs)`` in the background, as page code of
    this session: it may put output and wait for input while the page goes
    on, and it is stopped when the session ends. The greenlet twin of
    PyWebIO's ``register_thread``.

    >>> def ticker():
    ...     while True:
    ...         put_text(time.ctime()); time.sleep(1)
    >>> spawn(ticker)  # doctest: +SKIP
    """
    return TaskHandle(current_session().spawn_task(lambda: function(*args, **kwargs)))


def run_async(coro_obj: Coroutine[Any, Any, Any]) -> TaskHandle:
    """Run a coroutine in the background of this session (on the page
    coroutines' asyncio loop); it may ``await input(...)``, put output, and
    is cancelled when the session ends.

    >>> async def countdown(n):
    ...     for i in range(n, 0, -1):
    ...         put_text(i); await asyncio.sleep(1)
    >>> run_async(countdown(3))  # doctest: +SKIP
    """
    if not isinstance(coro_obj, Coroutine):
        raise TypeError("run_async() takes a coroutine object: run_async(work()), not run_async(work)")
    session = current_session()
    return TaskHandle(session.spawn_task(lambda: run_coroutine(current_task(), coro_obj)))



async def run_asyncio_coroutine(coro_obj: Coroutine[Any, Any, Any]) -> Any:
    """Await an asyncio coroutine from ``async def`` page code. Page
    coroutines already run on an asyncio loop, so this is ``await coro_obj``;
    it is here so PyWebIO code runs unchanged.

    >>> await run_asyncio_coroutine(asyncio.sleep(1))  # doctest: +SKIP
    """
    current_task()
    if not isinstance(coro_obj, Coroutine):
        raise TypeError("run_asyncio_coroutine() takes a coroutine object, e.g. asyncio.sleep(1)")
    return await coro_obj


def register_thread(thread: threading.Thread) -> None:
    """Let a thread the page starts use page functions (output, input, ...)
    as page code of this session; it is stopped when the session ends.
    Call it before ``thread.start()``. Under gevent's monkey patching (which
    gevent servers and workers need) a thread is a greenlet; :func:`spawn`
    does the same in one call.

    >>> worker = threading.Thread(target=ticker)  # doctest: +SKIP
    >>> register_thread(worker); worker.start()  # doctest: +SKIP

    :raises RuntimeError: if the thread has started, or threads are real OS
        threads (no monkey patching), which cannot share the session's hub.
    """
    session = current_session()
    if not monkey.is_module_patched("threading"):
        raise RuntimeError("register_thread() needs gevent's monkey patching (gevent.monkey.patch_all() "
                           "before anything else is imported); without it use spawn()")
    if thread.ident is not None:
        raise RuntimeError("register_thread() must be called before the thread is started")
    run = thread.run

    def run_as_page_code() -> None:
        session.spawn_task(run).join()

    thread.run = run_as_page_code  # type: ignore[method-assign]


def data() -> _SessionLocal:
    """PyWebIO's deprecated name for :data:`flask_webui.session.local`."""
    warnings.warn("data() is deprecated (as in PyWebIO); use flask_webui.session.local instead",
                  DeprecationWarning, stacklevel=2)
    return local


def get_info() -> _SessionInfoProxy:
    """PyWebIO's deprecated name for :data:`flask_webui.session.info`."""
    warnings.warn("get_info() is deprecated (as in PyWebIO); use flask_webui.session.info instead",
                  DeprecationWarning, stacklevel=2)
    return info
