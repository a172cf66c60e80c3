"""The events waiting for one task: small, as thousands of sessions each hold one."""

from __future__ import annotations

from typing import Any

from gevent.event import Event as GeventEvent
from gevent.queue import Empty

#: What a closed inbox hands out, to every get, forever.
CLOSED = object()


class Inbox:
    """A bounded FIFO of events with one waiting reader (a gevent ``Queue``
    costs 20 times the memory).

    >>> inbox = Inbox(limit=2)
    >>> inbox.put("a"), inbox.get(timeout=0)
    (True, 'a')
    """

    __slots__ = ("_items", "_limit", "_arrived")

    def __init__(self, limit: int) -> None:
        self._items: list[Any] = []
        self._limit = limit
        self._arrived = GeventEvent()

    def put(self, item: Any) -> bool:
        """Queue ``item``; ``False`` when the inbox is full or closed."""
        if len(self._items) >= self._limit or (self._items and self._items[0] is CLOSED):
            return False
        self._items.append(item)
        self._arrived.set()
        return True

    def close(self) -> None:
        """Drop what is queued; every get from now on returns :data:`CLOSED`."""
        self._items = [CLOSED]
        self._arrived.set()

    def get(self, timeout: float | None = None) -> Any:
        """The next item, waiting up to ``timeout`` seconds.

        :raises gevent.queue.Empty: on timeout.
        """
        if not self._items and not self._arrived.wait(timeout):
            raise Empty
        item = self._items[0]
        if item is not CLOSED:
            del self._items[0]
            if not self._items:
                self._arrived.clear()
        return item
