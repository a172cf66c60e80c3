"""Finding the current session, the way Flask finds the current request.

Every greenlet a session runs (its page function, each callback) is a
:class:`TaskGreenlet` that knows its session and task id; this module is the one
place that looks them up.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING

import gevent
from gevent import Greenlet

from ..exceptions import OutsideSessionError

if TYPE_CHECKING:
    from .session import Session

_OUTSIDE_MESSAGE = (
    "This function works only inside a page session: call it from a function "
    "registered with @webui.page (or from a callback that page registered)."
)


class TaskGreenlet(Greenlet):
    """A greenlet that runs page code for one session.

    ``task_id`` names the greenlet in the protocol: forms it opens carry it and
    the browser's answers come back with it. ``scopes`` is its output scope
    stack (``use_scope``), which starts at ``ROOT`` for every task.
    """

    #: gevent records where each greenlet was spawned (ten frames, for its
    #: run-info dumps); a session's greenlets all start from the same few
    #: places, and thousands of sessions would each keep that copy.
    spawning_stack_limit = 0

    def __init__(self, session: Session, task_id: str, run, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(run, *args, **kwargs)
        self.session = session
        self.task_id = task_id
        self.scopes: list[str] = ["ROOT"]


#: Inside a page coroutine (on the asyncio loop, see :mod:`.coroutines`): the
#: task greenlet the coroutine runs for.
coroutine_task: ContextVar[TaskGreenlet | None] = ContextVar("flask_webui_coroutine_task", default=None)


def current_task() -> TaskGreenlet:
    """The :class:`TaskGreenlet` running now (or that a running page coroutine
    belongs to).

    :raises OutsideSessionError: outside page code.
    """
    task = gevent.getcurrent()
    if isinstance(task, TaskGreenlet):
        return task
    owner = coroutine_task.get()
    if owner is None:
        raise OutsideSessionError(_OUTSIDE_MESSAGE)
    return owner


def current_session() -> Session:
    """The session whose page code is running now.

    :raises OutsideSessionError: outside page code.
    """
    return current_task().session


def get_current_session() -> Session:
    """PyWebIO's name for :func:`current_session`."""
    return current_session()
