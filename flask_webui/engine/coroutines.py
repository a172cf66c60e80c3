"""``async def`` page code on gevent, as in PyWebIO's coroutine sessions.

One asyncio event loop per process runs in a greenlet of its own, on gevent's
selector, so it waits cooperatively like everything else. A coroutine of a
session runs there as an asyncio task that knows its session (a context
variable names the :class:`TaskGreenlet` that waits for it). Blocking page
functions (``input()``, ``eval_js()``, pin reads ...) called inside such a
coroutine return an awaitable instead: awaiting it runs the call in a helper
greenlet of the same task, so the loop never blocks.

>>> async def page():                       # doctest: +SKIP
...     name = await input("Name?")
...     await asyncio.sleep(1)
...     put_text(f"Hello {name}")
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Coroutine, Generator
from typing import Any, ParamSpec, TypeVar

import gevent
from gevent.event import AsyncResult
from gevent.selectors import GeventSelector

from .tasks import TaskGreenlet, TaskOwner, coroutine_task, in_task

T = TypeVar("T")
P = ParamSpec("P")

_loop: asyncio.AbstractEventLoop | None = None


def event_loop() -> asyncio.AbstractEventLoop:
    """The process's asyncio loop for page coroutines, started on first use."""
    global _loop
    if _loop is None or _loop.is_closed():
        _loop = asyncio.SelectorEventLoop(GeventSelector())
        gevent.spawn(_loop.run_forever)
    return _loop


def run_coroutine(task: TaskGreenlet[TaskOwner], coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` on the loop as page code of ``task`` and block the calling
    greenlet until it ends; its result or exception is passed on. If the
    greenlet is killed (the session ends), the coroutine is cancelled."""
    loop = event_loop()
    outcome: AsyncResult = AsyncResult()
    holder: dict[str, asyncio.Task[Any]] = {}

    async def main() -> Any:
        coroutine_task.set(task)
        with task.session.flask_context():
            return await coro

    def start() -> None:
        future = loop.create_task(main())
        holder["task"] = future
        future.add_done_callback(lambda done: _settle(outcome, done))

    loop.call_soon_threadsafe(start)
    try:
        return outcome.get()  # type: ignore[no-any-return]
    except BaseException:
        if "task" in holder and not holder["task"].done():
            loop.call_soon_threadsafe(holder["task"].cancel)
        raise


def _settle(outcome: AsyncResult, done: asyncio.Task[Any]) -> None:
    if done.cancelled():
        outcome.set_exception(gevent.GreenletExit("the page coroutine was cancelled"))
    elif done.exception() is not None:
        outcome.set_exception(done.exception())
    else:
        outcome.set(done.result())


def in_coroutine() -> TaskGreenlet[TaskOwner] | None:
    """The task whose coroutine is running now, if page code runs on the loop."""
    return None if in_task() else coroutine_task.get()


class _GreenletCall(Awaitable[T]):
    """Awaiting it runs a blocking call in a helper greenlet of ``task``."""

    def __init__(self, task: TaskGreenlet[TaskOwner], function: Callable[..., T], args: tuple[Any, ...],
                 kwargs: dict[str, Any]) -> None:
        self.task = task
        self.call = functools.partial(function, *args, **kwargs)

    def __await__(self) -> Generator[Any, None, T]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        helper = spawn_helper(self.task.session, self.task, self.call)

        def settle(greenlet: gevent.Greenlet) -> None:
            def apply() -> None:
                if future.done():
                    return
                if greenlet.successful():
                    future.set_result(greenlet.value)
                else:
                    future.set_exception(greenlet.exception or gevent.GreenletExit())
            loop.call_soon_threadsafe(apply)

        helper.link(settle)
        try:
            with self.task.session.delegating():
                return (yield from future.__await__())
        except asyncio.CancelledError:
            helper.kill(block=False)
            raise


def spawn_helper(session: TaskOwner, task: TaskGreenlet[TaskOwner],
                 call: Callable[[], Any]) -> TaskGreenlet[TaskOwner]:
    """A greenlet that runs ``call`` as page code of ``task`` (same task id
    and scope stack), within the session's Flask context."""
    def run() -> Any:
        with session.flask_context():
            return call()

    helper = session.spawn_raw_task(run, task_id=task.task_id)
    helper.scopes = task.scopes
    return helper


def blocking(function: Callable[P, T]) -> Callable[P, T]:
    """Mark a page function that waits for the browser: called from page
    coroutine code it returns an awaitable instead of blocking the loop.
    Type checkers see the function's own signature (its blocking form).

    >>> @blocking
    ... def input(label: str = "") -> Any: ...  # doctest: +SKIP
    """
    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
        task = in_coroutine()
        if task is None:
            return function(*args, **kwargs)
        return _GreenletCall(task, function, args, kwargs)
    return wrapper
