"""Finding the current session, the way Flask finds the current request:
the one place page code looks up the session and task it runs for.
"""

from __future__ import annotations

from .session import Session
from .tasks import TaskGreenlet, running_task


def current_task() -> TaskGreenlet[Session]:
    """The task greenlet running now (or that a running page coroutine
    belongs to).

    >>> current_task().task_id   # doctest: +SKIP
    'main'

    :raises OutsideSessionError: outside page code.
    """
    return running_task()


def current_session() -> Session:
    """The session whose page code is running now.

    :raises OutsideSessionError: outside page code.
    """
    session: Session = running_task().session
    return session


def get_current_session() -> Session:
    """PyWebIO's name for ``current_session()``."""
    return current_session()
