"""The stores of one app in this worker: the worker's copy of each store in
use, kept current by the backend's change feed, and the listeners that hear
of each change, key by key.

Reads are served from the copy while the backend vouches for it
(:meth:`~.backend.StorageBackend.freshness`); a write goes to the backend
first and reaches the copy (and the listeners) once it is stored.

>>> hub = StorageHub(MemoryBackend())                      # doctest: +SKIP
>>> hub.write("general", {"motd": "hi"}, ())               # doctest: +SKIP
>>> hub.read("general")["motd"]                            # doctest: +SKIP
'"hi"'
"""

from __future__ import annotations

import logging
import math
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import Any

import gevent
from gevent.lock import Semaphore

from .. import signals
from ..exceptions import StorageUnavailable
from .backend import Snapshot, StorageBackend, scope_of
from .copies import Change, Copy, Listener, StorageSettings
from .values import check_size, decode_value, encode_value, item_bytes

logger = logging.getLogger("flask_webui")

#: Copies of stores nobody listens to that a worker keeps (the least recently read go first).
MAX_COPIES = 50_000
#: Seconds a copy nobody listens to is kept unread (a session that ended leaves its copies).
COPY_IDLE = 300.0
#: Seconds within which the stores read are renewed in the backend, all in one write.
TOUCH_EVERY = 10.0


class StorageHub:
    """The stores of an app in this worker, over ``backend``."""

    def __init__(self, backend: StorageBackend, settings: StorageSettings | None = None) -> None:
        self.backend = backend
        self.settings = settings or StorageSettings()
        #: Who the signed-in user is (``None``: nobody), called in a request;
        #: Flask-Login's user unless the app registers its own.
        self.identify: Callable[[], str | None] | None = None
        #: Called once, when the stores are first used (starts the expiry sweep).
        self.on_first_use: Callable[[], Any] | None = None
        self._copies: OrderedDict[str, Copy] = OrderedDict()
        self._watching = False
        #: A turn per store with transactions running in this worker.
        self._turns: dict[str, Semaphore] = {}
        #: The sender of the storage signals (the app; see :mod:`flask_webui.signals`).
        self.app: Any = None
        self._to_touch: dict[str, float] = {}
        #: The (user, store) links this worker has written (see :meth:`link`).
        self._links: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._toucher: gevent.Greenlet | None = None

    def ttl(self, store: str) -> float | None:
        scope = scope_of(store)
        if scope == "general":
            return None
        return self.settings.tab_ttl if scope == "tab" else self.settings.ttl

    # -- reading ------------------------------------------------------------------

    def copy(self, store: str) -> Copy:
        """The current copy of ``store`` (read from the backend when this
        worker holds none it can vouch for).

        :raises StorageUnavailable: when the backend does not answer.
        """
        copy = self._copies.get(store)
        if copy is not None:
            fresh = self.backend.freshness()
            now = time.monotonic()
            if fresh is not None and copy.fresh == fresh and now < copy.renew_at:
                copy.used = now
                self._copies.move_to_end(store)
                self._signal(signals.storage_read, store, source="copy")
                return copy
        copy = self._reload(store, copy)
        self._signal(signals.storage_read, store, source="backend")
        return copy

    def _reload(self, store: str, old: Copy | None) -> Copy:
        self._watch()
        fresh = self.backend.freshness()  # asked before the read: a change after it makes it stale
        with self._signalling(store):
            snapshot = self.backend.load(store)
        if snapshot.version:  # a store in use lives on
            self._touch_later(store)
        if old is not None and snapshot.version == old.version and fresh is not None:
            old.fresh = fresh
            self._renewed(store, old)
            return old
        new = Copy.of(snapshot, fresh)
        self._renewed(store, new)
        if old is None:
            self._keep(store, new)
            return new
        new.listeners = old.listeners
        self._copies[store] = new
        self._tell(store, old.items, new.items)
        return new

    def _touch_later(self, store: str) -> None:
        """Renew the store's lifetime in the backend within :data:`TOUCH_EVERY`
        seconds, with the others read meanwhile (one write for all: a read
        costs no write of its own)."""
        ttl = self.ttl(store)
        if ttl is None:
            return
        self._to_touch[store] = ttl
        if self._toucher is None:
            self._toucher = gevent.spawn(self._touch_forever)

    def _touch_forever(self) -> None:
        while True:
            gevent.sleep(TOUCH_EVERY)
            self.touch_now()

    def touch_now(self) -> None:
        """Renew now the lifetimes of the stores read since the last time."""
        touching, self._to_touch = self._to_touch, {}
        if not touching:
            return
        try:
            self.backend.touch(touching)
        except StorageUnavailable as error:
            logger.warning("storage: could not renew %d stores' lifetimes: %s", len(touching), error)
            for store, ttl in touching.items():
                self._to_touch.setdefault(store, ttl)

    def _renewed(self, store: str, copy: Copy) -> None:
        ttl = self.ttl(store)
        copy.renew_at = math.inf if ttl is None else time.monotonic() + ttl / 2

    def _keep(self, store: str, copy: Copy) -> None:
        """Keep a new copy; let go of the least recently read ones nobody
        listens to, when they are too many or unread for :data:`COPY_IDLE` seconds."""
        copy.used = now = time.monotonic()
        self._copies[store] = copy
        for _ in range(len(self._copies)):  # from the least recently read on
            name, oldest = next(iter(self._copies.items()))
            if name == store or (len(self._copies) <= MAX_COPIES and oldest.used >= now - COPY_IDLE):
                break
            if oldest.listeners:
                self._copies.move_to_end(name)  # a page listens: kept, read or not
            else:
                del self._copies[name]

    def value(self, store: str, key: str) -> Any:
        """The value at ``key`` (a fresh object: changing it changes nothing stored).

        :raises KeyError: when there is none.
        """
        text = self.copy(store).items[key]
        return decode_value(key, text)

    # -- writing ------------------------------------------------------------------

    def write(self, store: str, values: dict[str, Any], deletes: Collection[str]) -> None:
        """Store ``values`` and remove ``deletes`` in one write.

        :raises TypeError: a value JSON cannot carry (naming its path).
        :raises ValueError: the store would outgrow ``WEBUI_STORAGE_MAX_BYTES`` (nothing written).
        """
        sets = {key: encode_value(key, value) for key, value in values.items()}
        copy = self.copy(store)
        deletes = [key for key in deletes if key in copy.items and key not in sets]
        if not sets and not deletes:
            return
        size = copy.size - sum(item_bytes(key, copy.items[key]) for key in deletes)
        for key, text in sets.items():
            size += item_bytes(key, text) - (item_bytes(key, copy.items[key]) if key in copy.items else 0)
        check_size(size, self.settings.max_bytes, scope_of(store))
        with self._signalling(store):
            prev, version = self.backend.write(store, sets, deletes, self.ttl(store))
        self._signal(signals.storage_written, store, size=sum(map(len, sets.values())))
        self._renewed(store, copy)
        self._stored(store, prev, version, {**sets, **dict.fromkeys(deletes)})

    @contextmanager
    def transaction(self, store: str) -> Iterator[dict[str, Any]]:
        """The store as a dict to change, held against every other
        transaction (any worker) until the block ends; then its changes are
        written at once (none if the block raises).

        The transactions of one store in this worker take turns here first,
        in order: only one of them at a time asks the backend (where the
        workers take turns), so none waits for its turn there behind a crowd
        from its own worker."""
        self._watch()
        turn = self._turns.get(store)
        if turn is None:
            turn = self._turns[store] = Semaphore(1)
        elif turn.locked():
            self._signal(signals.storage_conflict, store)
        try:
            with turn:
                with self._held(store) as data:
                    yield data
        finally:
            if not turn.locked() and not turn.linkcount():
                self._turns.pop(store, None)

    @contextmanager
    def _held(self, store: str) -> Iterator[dict[str, Any]]:
        with self._signalling(store), self.backend.transaction(store, self.ttl(store)) as held:
            if getattr(held, "waited", False):
                self._signal(signals.storage_conflict, store)
            texts = held.snapshot.items
            data = {key: decode_value(key, text) for key, text in texts.items()}
            yield data
            sets = {}
            for key, value in data.items():
                text = encode_value(key, value)
                if texts.get(key) != text:
                    sets[key] = text
            deletes = [key for key in texts if key not in data]
            if not sets and not deletes:
                return
            merged = {**{k: t for k, t in texts.items() if k not in deletes}, **sets}
            check_size(sum(item_bytes(k, t) for k, t in merged.items()), self.settings.max_bytes,
                       scope_of(store))
            version = held.commit(sets, deletes)
        self._signal(signals.storage_written, store, size=sum(map(len, sets.values())))
        self._stored(store, held.snapshot.version, version, {**sets, **dict.fromkeys(deletes)},
                     base=held.snapshot)

    def _stored(self, store: str, prev: int, version: int, changes: dict[str, str | None],
                base: Snapshot | None = None) -> None:
        """A write of this worker is stored (the store went from ``prev`` to
        ``version``): bring the copy to it."""
        copy = self._copies.get(store)
        if copy is None or copy.version >= version:
            return
        old = dict(copy.items)
        if base is not None:  # a transaction read the store as it was just before
            copy.items, copy.version = dict(base.items), base.version
        if copy.version == prev:
            self._apply(store, copy, version, changes, old)
        else:
            self._reload(store, copy)

    def _apply(self, store: str, copy: Copy, version: int, changes: dict[str, str | None],
               old: dict[str, str] | None = None) -> None:
        old = dict(copy.items) if old is None else old
        for key, text in changes.items():
            if text is None:
                copy.items.pop(key, None)
            else:
                copy.items[key] = text
        copy.version = version
        copy.size = sum(item_bytes(k, t) for k, t in copy.items.items())
        self._tell(store, old, copy.items)

    # -- signals --------------------------------------------------------------------

    def _signal(self, signal: Any, store: str, **details: Any) -> None:
        if signal.receivers:  # most apps connect none: then this costs a check
            signal.send(self.app, store=scope_of(store), **details)

    @contextmanager
    def _signalling(self, store: str) -> Iterator[None]:
        try:
            yield
        except StorageUnavailable:
            self._signal(signals.storage_unavailable, store)
            raise

    # -- changes made elsewhere --------------------------------------------------------------

    def _watch(self) -> None:
        if not self._watching:
            self._watching = True
            self.backend.watch(self.changed)
            if self.on_first_use is not None:
                self.on_first_use()

    def changed(self, store: str, version: int, prev: int | None,
                items: dict[str, str | None] | None) -> None:
        """The backend's feed: ``store`` went from ``prev`` to ``version``
        (``items``: what was written, if it says)."""
        copy = self._copies.get(store)
        if copy is None or version <= copy.version:
            return  # no copy here, or a write this worker already has
        if items is not None and prev == copy.version:
            self._apply(store, copy, version, items)
        else:
            gevent.spawn(self._reload_quietly, store)

    def _reload_quietly(self, store: str) -> None:
        copy = self._copies.get(store)
        if copy is None:
            return
        try:
            self._reload(store, copy)
        except Exception as error:  # the next read tries again, and raises
            copy.fresh = None
            logger.warning("storage: could not read %s again: %s", scope_of(store), error)

    def forget_all(self) -> None:
        """Every copy is out of date (the feed was cut): read again before serving."""
        for copy in self._copies.values():
            copy.fresh = None

    # -- listeners ---------------------------------------------------------------------

    def listen(self, store: str, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every change of ``store``; returns the function that stops it."""
        copy = self.copy(store)
        copy.listeners.append(listener)

        def stop() -> None:
            current = self._copies.get(store)
            if current is not None and listener in current.listeners:
                current.listeners.remove(listener)

        return stop

    def _tell(self, store: str, old: dict[str, str], new: dict[str, str]) -> None:
        copy = self._copies.get(store)
        if copy is None or not copy.listeners:
            return
        scope = scope_of(store)
        changes = [Change(scope, key, None, True) for key in old if key not in new]
        for key, text in new.items():
            if old.get(key) != text:
                try:
                    changes.append(Change(scope, key, decode_value(key, text)))
                except ValueError as error:
                    logger.warning("storage: %s", error)
        for listener in list(copy.listeners):
            for change in changes:
                try:
                    listener(change)
                except Exception:
                    logger.exception("storage: error in a change listener")

    def link(self, user: str, store: str, ttl: float | None) -> None:
        """Remember that ``user`` used ``store`` (a browser's, a tab's), for
        :meth:`erase_user`: written once per worker for each pair, not per page."""
        if (user, store) in self._links:
            self._links.move_to_end((user, store))
            return
        self.backend.link(user, [store], ttl)
        self._links[(user, store)] = None
        if len(self._links) > MAX_COPIES:
            self._links.popitem(last=False)

    # -- the whole app -----------------------------------------------------------------

    def erase_user(self, user: str) -> list[str]:
        """Delete every store of ``user`` and of the browsers and tabs it used;
        returns their names."""
        erased = self.backend.erase(user)
        for pair in [pair for pair in self._links if pair[0] == user]:
            del self._links[pair]
        self._read_again(erased)
        return erased

    def sweep(self) -> list[str]:
        """Delete the stores whose time is up (see ``WEBUI_STORAGE_TTL``);
        returns their names."""
        swept = self.backend.sweep()
        self._read_again(swept)
        return swept

    def _read_again(self, stores: list[str]) -> None:
        for store in stores:
            copy = self._copies.get(store)
            if copy is not None:
                self._reload(store, copy)
