"""Page code waiting for the browser: forms, questions, and the events that
answer them."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from gevent.queue import Empty

from ..exceptions import SessionClosed
from ..protocol import Event
from .inbox import CLOSED, Inbox
from .problems import Problem

logger = logging.getLogger("flask_webui")

#: Task ids of questions to the browser (:meth:`EventWaits.ask`) start with it.
QUESTION_PREFIX = "r"


class EventWaits:
    """The inboxes of the tasks waiting for events, by task id, and how many
    greenlets of the session are blocked on the browser (see ``is_idle``).

    >>> waits = EventWaits(max_queued=8, before_block=lambda: None)
    >>> with waits.waiting_for("t1") as next_event:
    ...     waits.route(Event("from_cancel", "t1", None))
    ...     next_event().name
    'from_cancel'
    """

    def __init__(self, max_queued: int, before_block: Callable[[], None]) -> None:
        self._max_queued = max_queued
        #: Runs before a task blocks: the commands it queued leave first.
        self._before_block = before_block
        self._inboxes: dict[str, Inbox] = {}
        self._questions = 0
        self._closed = False
        #: Greenlets of the session blocked on the browser (or delegating).
        self.blocked = 0

    def __contains__(self, task_id: str) -> bool:
        return task_id in self._inboxes

    @contextmanager
    def waiting_for(self, task_id: str) -> Iterator[Callable[..., Event]]:
        """Accept events for ``task_id`` while the block runs; yields a
        ``next_event(timeout=None)`` function.

        :raises SessionClosed: from ``next_event`` once the session has ended.
        """
        if self._closed:
            raise SessionClosed("the session has ended")
        inbox = Inbox(self._max_queued)
        self._inboxes[task_id] = inbox

        def next_event(timeout: float | None = None) -> Event:
            # About to block: send what is queued now rather than in a
            # separate flush greenlet (one switch less on every round trip).
            self._before_block()
            # (What delegating() does, without a generator kept on every waiting stack.)
            self.blocked += 1
            try:
                item = inbox.get(timeout=timeout)
            finally:
                self.blocked -= 1
            if item is CLOSED:
                raise SessionClosed("the session has ended")
            return item  # type: ignore[no-any-return]

        try:
            yield next_event
        finally:
            if self._inboxes.get(task_id) is inbox:
                del self._inboxes[task_id]

    def route(self, event: Event) -> str | None:
        """Hand ``event`` to the task waiting for it; the problem, if none waits
        or its inbox is full."""
        inbox = self._inboxes.get(event.task_id)
        if inbox is None:
            return Problem("unexpected",
                           f"ignored {event.name} for task {event.task_id!r}: nothing waits for it")
        if not inbox.put(event):
            return Problem("overflow",
                           f"dropped {event.name} for task {event.task_id!r}: too many queued events")
        return None

    def ask(self, send: Callable[[str], None], name: str, timeout: float | None) -> Any:
        """Send a question under a fresh task id (``send(task_id)``) and block
        until the browser answers it with ``js_yield``; return the answer's data.

        The task id is a correlation id, so concurrent questions each get their
        own answer; one that comes after ``timeout`` finds nothing waiting.

        :raises TimeoutError: when no answer came within ``timeout`` seconds.
        :raises SessionClosed: when the session ends first.
        """
        self._questions += 1
        correlation_id = f"{QUESTION_PREFIX}{self._questions}"
        with self.waiting_for(correlation_id) as next_event:
            send(correlation_id)
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                try:
                    event = next_event(left)
                except Empty:
                    raise TimeoutError(f"the browser did not answer {name!r} within {timeout} s") from None
                if event.name == "js_yield":
                    return event.data
                logger.warning("ignored %s sent as the answer to %s", event.name, name)

    def keeps(self, task_id: str | None) -> bool:
        """Whether a command of ``task_id`` belongs in a page snapshot:
        questions go again only while page code still waits for them."""
        return not (task_id or "").startswith(QUESTION_PREFIX) or task_id in self._inboxes

    @contextmanager
    def delegating(self) -> Iterator[None]:
        """Count the current task as blocked while the block runs (it waits,
        or a helper greenlet works for it)."""
        self.blocked += 1
        try:
            yield
        finally:
            self.blocked -= 1

    def close(self) -> None:
        """Wake every waiting task with :class:`SessionClosed`."""
        self._closed = True
        for inbox in self._inboxes.values():
            inbox.close()
