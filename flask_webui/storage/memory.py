"""Stores in this process only (``WEBUI_STORAGE_URL = "memory://"``): for
tests and the headless test client. Nothing is shared with other workers
and nothing outlives the process.

>>> backend = MemoryBackend()
>>> with backend.transaction("user:1", None) as held:
...     held.commit({"visits": "1"}, ())
1
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager

from gevent.lock import RLock

from .backend import ChangeFeed, Snapshot, store_name


class _Held:
    def __init__(self, backend: MemoryBackend, store: str, ttl: float | None) -> None:
        self.backend, self.store, self.ttl = backend, store, ttl
        self.snapshot = backend.load(store)

    def commit(self, sets: dict[str, str], deletes: Collection[str]) -> int:
        return self.backend.write(self.store, sets, deletes, self.ttl)[1]


class MemoryBackend:
    """Stores as dicts of this process."""

    description = "memory://"

    def __init__(self) -> None:
        self._items: dict[str, dict[str, str]] = {}
        self._versions: dict[str, int] = {}
        self._expires: dict[str, float] = {}
        self._links: dict[str, set[str]] = {}
        self._locks: dict[str, RLock] = {}
        self._clock = 0

    def load(self, store: str) -> Snapshot:
        return Snapshot(dict(self._items.get(store, {})), self._versions.get(store, 0))

    def write(self, store: str, sets: dict[str, str], deletes: Collection[str],
              ttl: float | None) -> tuple[int, int]:
        items = self._items.setdefault(store, {})
        items.update(sets)
        for key in deletes:
            items.pop(key, None)
        prev = self._versions.get(store, 0)
        self._clock += 1
        self._versions[store] = self._clock
        self._expire(store, ttl)
        return prev, self._clock

    @contextmanager
    def transaction(self, store: str, ttl: float | None) -> Iterator[_Held]:
        lock = self._locks.setdefault(store, RLock())
        with lock:
            yield _Held(self, store, ttl)
        if not lock.locked():
            self._locks.pop(store, None)

    def touch(self, stores: dict[str, float]) -> None:
        for store, ttl in stores.items():
            if store in self._items:
                self._expire(store, ttl)

    def _expire(self, store: str, ttl: float | None) -> None:
        if ttl is None:
            self._expires.pop(store, None)
        else:
            self._expires[store] = time.time() + ttl

    def link(self, user: str, stores: Collection[str], ttl: float | None) -> None:
        self._links.setdefault(user, set()).update(stores)

    def erase(self, user: str) -> list[str]:
        erased = [store_name("user", user), *sorted(self._links.pop(user, set()))]
        for store in erased:
            self._drop(store)
        return erased

    def sweep(self) -> list[str]:
        now = time.time()
        expired = [store for store, at in self._expires.items() if at <= now]
        for store in expired:
            self._drop(store)
        return expired

    def _drop(self, store: str) -> None:
        self._items.pop(store, None)
        self._expires.pop(store, None)
        self._versions.pop(store, None)

    def watch(self, feed: ChangeFeed) -> None:
        pass  # no other worker writes here

    def freshness(self) -> object | None:
        return 0  # every write passes through this process's stores

    def health(self) -> str | None:
        return None

    def close(self) -> None:
        pass
