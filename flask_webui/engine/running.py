"""Running page code: a session's task greenlets, the Flask context they run
in, the deferred calls, and how page code fails.

A mixin of :class:`~.session.Session`.
"""

from __future__ import annotations

import inspect
import itertools
import time
import traceback
from asyncio import CancelledError
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import gevent
from flask import has_request_context, request
from gevent.event import Event as GeventEvent

from .. import signals
from ..exceptions import SessionClosed
from .base import SessionBase
from .coroutines import run_coroutine
from .tasks import TaskGreenlet, running_task

#: Seconds that page code is given to unwind when its session ends. Ample:
#: when 10,000 sessions end at once, the last page waits seconds for its turn.
UNWIND_GRACE = 10.0


def call_page_code(function: Callable[..., Any], *args: Any) -> None:
    """``function(*args)``; an ``async def`` page or callback runs as a
    coroutine of the running task (see :mod:`.coroutines`)."""
    result = function(*args)
    if inspect.iscoroutine(result):
        run_coroutine(running_task(), result)


class PageRunning(SessionBase):
    """The page function and callbacks of a session, each in a
    :class:`TaskGreenlet` inside the session's Flask context; its
    ``defer_call`` functions; how long it runs before it waits for the user."""

    def _init_running(self) -> None:
        self._task_ids = itertools.count(1)
        self._tasks: set[TaskGreenlet[Any]] = set()
        self._deferred: list[Callable[[], Any]] = []
        self._started = False
        # While first_batch waits: set whenever page code may have come to wait for the browser.
        self._progress: GeventEvent | None = None

    def _start(self) -> None:
        if not self._started:
            self._started = True
            self.spawn_task(self._run_main, task_id="main")

    def first_batch(self, timeout: float) -> dict[str, Any] | None:
        """Let the page run until it waits for the user (or ends), at most
        ``timeout`` seconds, and return what it has sent so far as one batch
        (``{"seq": last batch, "commands": [...]}``) for the page request to
        carry; ``None`` if it sent nothing. What follows goes to the browser
        that attaches, as usual.

        >>> session.start_unattached(); session.first_batch(0.1)  # doctest: +SKIP
        {'seq': 1, 'commands': [...]}
        """
        deadline = time.monotonic() + timeout
        progress = self._progress = GeventEvent()
        try:
            while not (self._closed or self.is_idle()):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                progress.clear()
                progress.wait(left)
        finally:
            self._progress = None
        self._flush_now()
        batches = self.sender.outbox.unacknowledged(0)
        if not batches:
            return None
        return {"seq": batches[-1]["seq"], "commands": [c for b in batches for c in b["commands"]]}

    def _flush_now(self) -> None:
        if not self._closed:
            self.sender.flush()
        self._made_progress()

    def _made_progress(self) -> None:
        if self._progress is not None:
            self._progress.set()

    def is_idle(self) -> bool:
        """True when every greenlet of the session waits for the browser (or has
        finished) and nothing is left to send."""
        busy = sum(1 for t in self._tasks if not t.dead)
        return self.sender.idle and not self.callbacks.waiting and busy <= self.waits.blocked

    def delegating(self) -> Any:
        """Count a task as waiting while a helper greenlet works for it (a
        page coroutine awaiting ``input()``), so the page still counts as idle."""
        return self.waits.delegating()

    # -- greenlets -----------------------------------------------------------

    def spawn_task(self, function: Callable[..., Any], *args: Any,
                   task_id: str | None = None) -> TaskGreenlet[Any]:
        """Run ``function(*args)`` as page code of this session in a new greenlet."""
        return self.spawn_raw_task(self._run_in_context, task_id or f"t{next(self._task_ids)}",
                                   function, *args)

    def spawn_raw_task(self, function: Callable[..., Any], task_id: str, *args: Any) -> TaskGreenlet[Any]:
        """A greenlet of this session (ended with it) that runs ``function(*args)``
        as it is: no Flask context, errors left to whoever links to it."""
        if self._closed:
            raise SessionClosed("the session has ended")
        task = TaskGreenlet(self, task_id, function, *args)
        self._tasks.add(task)
        task.link(self._task_ended)
        task.start()
        return task

    def _task_ended(self, task: TaskGreenlet[Any]) -> None:
        self._tasks.discard(task)
        self._made_progress()

    @contextmanager
    def flask_context(self) -> Iterator[None]:
        """The Flask app and request context page code runs in: ``g`` is shared
        by the session, the request is the one that opened the page. Already
        in it (a page coroutine runs in a copy of its task's context), it is
        not pushed again: the app's teardown functions run once."""
        if has_request_context() and request.environ is self.environ:
            yield
            return
        app_context = self.app.app_context()
        app_context.g = self.g
        with app_context, self.app.request_context(self.environ):
            yield

    def _run_in_context(self, function: Callable[..., Any], *args: Any) -> bool:
        """Run page code in the session's Flask context; ``False`` if it raised."""
        return self._guarded(self._in_flask_context, function, *args)

    def _in_flask_context(self, function: Callable[..., Any], *args: Any) -> None:
        with self.flask_context():
            call_page_code(function, *args)

    def _guarded(self, function: Callable[..., Any], *args: Any) -> bool:
        """``function(*args)``; ``False`` if it raised (logged, and the user told)."""
        try:
            function(*args)
        except (SessionClosed, gevent.GreenletExit, CancelledError):
            pass
        except Exception:
            self.report_exception()
            return False
        return True

    def _run_main(self) -> None:
        # Already in the session's Flask context (spawn_task): the page
        # function runs in it, with no second with-block kept on this stack.
        ended = "returned" if self._guarded(call_page_code, self.target) else "error"
        # Like PyWebIO's implicit hold(): background tasks and registered
        # callbacks keep the page alive.
        me = gevent.getcurrent()
        while not self._closed and not self.callbacks:
            others = [task for task in self._tasks if task is not me]
            if not others:
                why = "the page function returned" if ended == "returned" else "the page function raised"
                self.close(why, ended)
                return
            with self.waits.delegating():
                gevent.joinall(others)

    def report_exception(self) -> None:
        """Log the exception being handled as an error in page code, and show
        the user that something failed."""
        page = self.environ.get("PATH_INFO")
        self.log.exception("error in page code of session %s (%s)", self.id, page)
        self._signal(signals.page_error)
        if self._closed or self._error_notice is None:
            return
        details = traceback.format_exc() if self.settings.show_traceback else None
        self.sender.queue_now(self._error_notice(details))

    # -- the end -------------------------------------------------------------------

    def defer_call(self, function: Callable[[], Any]) -> None:
        """Run ``function`` when the session ends, however it ends."""
        self._deferred.append(function)

    def _stop_tasks(self) -> None:
        """Throw :class:`SessionClosed` into page code and give it
        :data:`UNWIND_GRACE` seconds to run its ``finally`` blocks, so that
        deferred calls come after them. The session ends either way: page code
        that is slower (or catches the exception) is left to finish alone."""
        me = gevent.getcurrent()
        others = [t for t in self._tasks if t is not me]
        gevent.killall(others, exception=SessionClosed, block=False)
        finished = gevent.joinall(others, timeout=UNWIND_GRACE)
        if len(finished) < len(others):
            self.log.warning("session %s: page code still running %s s after the session ended",
                             self.id, UNWIND_GRACE)

    def _run_deferred(self) -> None:
        deferred, self._deferred = self._deferred, []
        if not deferred:
            return

        def run_all() -> None:
            # As page code of the session (``local`` and ``g`` still work), in order.
            with self.flask_context():
                for function in reversed(deferred):
                    try:
                        function()
                    except Exception:
                        self.log.exception("error in a deferred call of session %s", self.id)

        runner = TaskGreenlet(self, "deferred", run_all)
        runner.start()
        runner.join()
