"""The greenlets that run page code, and finding the one running now.

Every greenlet a session runs (its page function, each callback) is a
:class:`TaskGreenlet` that knows its session and task id. This module knows
sessions only as :class:`TaskOwner`, what tasks and coroutines need of them;
:mod:`.context` gives page code the current session as a whole.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from typing import Any, Generic, Protocol, TypeVar

import gevent
from gevent import Greenlet

from ..exceptions import OutsideSessionError

OUTSIDE_MESSAGE = (
    "This function works only inside a page session: call it from a function "
    "registered with @webui.page (or from a callback that page registered)."
)


class TaskOwner(Protocol):
    """What a task greenlet and a page coroutine need of their session."""

    def flask_context(self) -> AbstractContextManager[None]:
        """The Flask app and request context page code runs in."""

    def spawn_raw_task(self, function: Callable[..., Any], task_id: str, *args: Any) -> TaskGreenlet[Any]:
        """A greenlet of the session that runs ``function(*args)`` as it is."""

    def delegating(self) -> AbstractContextManager[None]:
        """Count a task as waiting while a helper greenlet works for it."""


OwnerT = TypeVar("OwnerT", bound=TaskOwner, covariant=True)


class TaskGreenlet(Greenlet, Generic[OwnerT]):  # type: ignore[misc]
    """A greenlet that runs page code for one session.

    ``task_id`` names the greenlet in the protocol: forms it opens carry it and
    the browser's answers come back with it. ``scopes`` is its output scope
    stack (``use_scope``), which starts at ``ROOT`` for every task.
    """

    #: gevent records where each greenlet was spawned (ten frames, for its
    #: run-info dumps); a session's greenlets all start from the same few
    #: places, and thousands of sessions would each keep that copy.
    spawning_stack_limit = 0

    def __init__(self, session: OwnerT, task_id: str, run: Callable[..., Any], *args: Any) -> None:
        super().__init__(run, *args)
        self.session = session
        self.task_id = task_id
        self.scopes: list[str] = ["ROOT"]


#: Inside a page coroutine (on the asyncio loop, see :mod:`.coroutines`): the
#: task greenlet the coroutine runs for.
coroutine_task: ContextVar[TaskGreenlet[Any] | None] = ContextVar("flask_webui_coroutine_task", default=None)


def running_task() -> TaskGreenlet[Any]:
    """The :class:`TaskGreenlet` running now (or that a running page coroutine
    belongs to).

    :raises OutsideSessionError: outside page code.
    """
    task = gevent.getcurrent()
    if isinstance(task, TaskGreenlet):
        return task
    owner = coroutine_task.get()
    if owner is None:
        raise OutsideSessionError(OUTSIDE_MESSAGE)
    return owner


def in_task() -> bool:
    """Whether the greenlet running now is page code of a session."""
    return isinstance(gevent.getcurrent(), TaskGreenlet)


__all__ = ["TaskGreenlet", "TaskOwner", "coroutine_task", "in_task", "running_task"]
