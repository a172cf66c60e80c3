"""Stores in a SQLite file (stdlib :mod:`sqlite3`, WAL): the default, under
the app's ``instance_path``. Every worker of one machine opens the same file;
a worker sees the writes of the others by polling ``PRAGMA data_version``
(which changes when another connection commits) and reading the change log.

SQLite calls do not yield to gevent, so the connection never waits for a
lock inside SQLite (``timeout=0``): a busy database is retried with
``gevent.sleep`` until ``WEBUI_STORAGE_TIMEOUT``, and the other greenlets
of the worker run meanwhile.

>>> backend = SQLiteBackend("/srv/app/instance/webui-storage.sqlite3")  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import TypeVar

import gevent
from gevent.lock import RLock

from ..exceptions import StorageUnavailable
from .backend import ChangeFeed, Snapshot, store_name

T = TypeVar("T")
logger = logging.getLogger("flask_webui")

#: Seconds between two looks for other workers' writes.
POLL_INTERVAL = 0.25
#: Seconds the change log keeps a write for the other workers to read.
CHANGES_KEPT = 300.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS webui_stores (
    store TEXT PRIMARY KEY, version INTEGER NOT NULL, expires REAL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS webui_stores_expiry ON webui_stores (expires);
CREATE TABLE IF NOT EXISTS webui_items (
    store TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (store, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS webui_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, store TEXT NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS webui_links (
    user TEXT NOT NULL, store TEXT NOT NULL, expires REAL, PRIMARY KEY (user, store)) WITHOUT ROWID;
"""


class _Held:
    def __init__(self, backend: SQLiteBackend, db: sqlite3.Connection, store: str, ttl: float | None) -> None:
        self.backend, self.db, self.store, self.ttl = backend, db, store, ttl
        self.snapshot = backend.read(db, store)

    def commit(self, sets: dict[str, str], deletes: Collection[str]) -> int:
        return self.backend.apply(self.db, self.store, sets, deletes, self.ttl)[1]


class SQLiteBackend:
    """Stores in the SQLite file at ``path`` (made, with its folder, on first use)."""

    def __init__(self, path: str, timeout: float = 5.0) -> None:
        self.path = path
        self.timeout = timeout
        self.description = f"sqlite:///{path}"
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._lock = RLock()
        self._feed: ChangeFeed | None = None
        self._poller: gevent.Greenlet | None = None
        self._last_seq = 0

    # -- the connection -----------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():  # a forked worker opens its own
            os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
            db = sqlite3.connect(self.path, timeout=0, isolation_level=None, check_same_thread=False)
            self._db, self._pid = db, os.getpid()
            self._retry(lambda: self._prepare(db))
        return self._db

    @staticmethod
    def _prepare(db: sqlite3.Connection) -> None:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(_SCHEMA)

    def _retry(self, step: Callable[[], T]) -> T:
        """``step()``, again while the database is locked, until the timeout."""
        deadline = time.monotonic() + self.timeout
        delay = 0.001
        while True:
            try:
                return step()
            except sqlite3.OperationalError as error:
                busy = "locked" in str(error) or "busy" in str(error)
                if not busy or time.monotonic() >= deadline:
                    what = "stays locked" if busy else "cannot be used"
                    raise StorageUnavailable(f"the storage file {self.path} {what}: {error}") from None
            except sqlite3.DatabaseError as error:
                raise StorageUnavailable(f"the storage file {self.path} cannot be used: {error}") from None
            gevent.sleep(delay)
            delay = min(delay * 2, 0.05)

    def _run(self, step: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            db = self._connection()
            return self._retry(lambda: step(db))

    @contextmanager
    def _writing(self, db: sqlite3.Connection) -> Iterator[None]:
        self._retry(lambda: db.execute("BEGIN IMMEDIATE"))
        try:
            yield
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._retry(lambda: db.execute("COMMIT"))

    # -- reading and writing ------------------------------------------------------------

    @staticmethod
    def read(db: sqlite3.Connection, store: str) -> Snapshot:
        row = db.execute("SELECT version FROM webui_stores WHERE store = ?", (store,)).fetchone()
        items = db.execute("SELECT key, value FROM webui_items WHERE store = ?", (store,)).fetchall()
        return Snapshot(dict(items), row[0] if row else 0)

    def apply(self, db: sqlite3.Connection, store: str, sets: dict[str, str], deletes: Collection[str],
              ttl: float | None) -> tuple[int, int]:
        """Write inside an open transaction; returns the versions before and after."""
        now = time.time()
        if sets:
            db.executemany("INSERT OR REPLACE INTO webui_items (store, key, value) VALUES (?, ?, ?)",
                           [(store, key, value) for key, value in sets.items()])
        if deletes:
            db.executemany("DELETE FROM webui_items WHERE store = ? AND key = ?",
                           [(store, key) for key in deletes])
        row = db.execute("SELECT version FROM webui_stores WHERE store = ?", (store,)).fetchone()
        # The change log's number is the clock: it never goes back, even for a store deleted.
        logged = db.execute("INSERT INTO webui_changes (store, at) VALUES (?, ?)", (store, now))
        version = int(logged.lastrowid or 0)
        db.execute("INSERT OR REPLACE INTO webui_stores (store, version, expires) VALUES (?, ?, ?)",
                   (store, version, None if ttl is None else now + ttl))
        return (row[0] if row else 0), version

    def load(self, store: str) -> Snapshot:
        return self._run(lambda db: self.read(db, store))

    def write(self, store: str, sets: dict[str, str], deletes: Collection[str],
              ttl: float | None) -> tuple[int, int]:
        def step(db: sqlite3.Connection) -> tuple[int, int]:
            with self._writing(db):
                return self.apply(db, store, sets, deletes, ttl)

        with self._lock:
            db = self._connection()
            return step(db)

    @contextmanager
    def transaction(self, store: str, ttl: float | None) -> Iterator[_Held]:
        # The worker's lock first (one connection), then SQLite's write lock:
        # BEGIN IMMEDIATE holds out every other worker's writer until COMMIT.
        with self._lock:
            db = self._connection()
            with self._writing(db):
                yield _Held(self, db, store, ttl)

    def touch(self, stores: dict[str, float]) -> None:
        now = time.time()

        def step(db: sqlite3.Connection) -> None:
            with self._writing(db):
                db.executemany("UPDATE webui_stores SET expires = ? WHERE store = ?",
                               [(now + ttl, store) for store, ttl in stores.items()])

        with self._lock:
            step(self._connection())

    def link(self, user: str, stores: Collection[str], ttl: float | None) -> None:
        expires = None if ttl is None else time.time() + ttl
        self._run(lambda db: db.executemany(
            "INSERT OR REPLACE INTO webui_links (user, store, expires) VALUES (?, ?, ?)",
            [(user, store, expires) for store in stores]))

    def erase(self, user: str) -> list[str]:
        def step(db: sqlite3.Connection) -> list[str]:
            with self._writing(db):
                rows = db.execute("SELECT store FROM webui_links WHERE user = ?", (user,))
                linked = [row[0] for row in rows]
                erased = [store_name("user", user), *sorted(linked)]
                self._drop(db, erased)
                db.execute("DELETE FROM webui_links WHERE user = ?", (user,))
                return erased

        with self._lock:
            return step(self._connection())

    def sweep(self) -> list[str]:
        def step(db: sqlite3.Connection) -> list[str]:
            now = time.time()
            with self._writing(db):
                expired = [row[0] for row in db.execute(
                    "SELECT store FROM webui_stores WHERE expires IS NOT NULL AND expires <= ?", (now,))]
                self._drop(db, expired)
                db.execute("DELETE FROM webui_links WHERE expires IS NOT NULL AND expires <= ?", (now,))
                db.execute("DELETE FROM webui_changes WHERE at < ? AND seq < (SELECT max(seq) FROM "
                           "webui_changes)", (now - CHANGES_KEPT,))
                return expired

        with self._lock:
            return step(self._connection())

    @staticmethod
    def _drop(db: sqlite3.Connection, stores: list[str]) -> None:
        now = time.time()
        for store in stores:
            db.execute("DELETE FROM webui_items WHERE store = ?", (store,))
            if db.execute("DELETE FROM webui_stores WHERE store = ?", (store,)).rowcount:
                # Logged as a change: the other workers' copies of it read it again.
                db.execute("INSERT INTO webui_changes (store, at) VALUES (?, ?)", (store, now))

    # -- other workers' writes ------------------------------------------------------------

    def watch(self, feed: ChangeFeed) -> None:
        self._feed = feed
        if self._poller is None:
            self._last_seq = self._run(lambda db: db.execute(
                "SELECT coalesce(max(seq), 0) FROM webui_changes").fetchone()[0])
            self._poller = gevent.spawn(self._poll)

    def _poll(self) -> None:
        seen = None
        while True:
            gevent.sleep(POLL_INTERVAL)
            try:
                version = self._run(lambda db: db.execute("PRAGMA data_version").fetchone()[0])
                if version != seen:
                    seen = version
                    self._read_changes()
            except StorageUnavailable as error:
                if seen is not None:
                    logger.warning("storage: %s", error)
                seen = None

    def _read_changes(self) -> None:
        rows = self._run(lambda db: db.execute(
            "SELECT seq, store FROM webui_changes WHERE seq > ? ORDER BY seq", (self._last_seq,)).fetchall())
        for seq, store in rows:
            self._last_seq = seq
            if self._feed is not None:
                self._feed(store, seq, None, None)

    def freshness(self) -> object | None:
        return 0  # copies follow the change log (within POLL_INTERVAL)

    def health(self) -> str | None:
        if self._db is None:
            return None  # not opened yet: the health check does not make the file
        try:
            self._run(lambda db: db.execute("SELECT 1").fetchone())
        except StorageUnavailable:
            return "unavailable"
        return "ok"

    def close(self) -> None:
        if self._poller is not None:
            self._poller.kill(block=False)
        if self._db is not None:
            self._db.close()
            self._db = None



__all__ = ["SQLiteBackend"]
