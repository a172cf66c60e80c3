"""What the stores need of a backend (:class:`StorageBackend`), one file a
backend as python-socketio keeps its managers: :mod:`.memory`,
:mod:`.sqlite` and :mod:`.redis_backend`.

A store is named ``"user:<id>"``, ``"browser:<id>"``, ``"tab:<id>"`` or
``"general"``; it holds JSON texts by key and a version: each write takes
the next number of one clock the backend keeps for all its stores, so a
store deleted and written again never goes back to a version a copy has
seen (0: never written). A backend tells the stores of the writes made elsewhere (other
workers) through the function given to :meth:`StorageBackend.watch`.

>>> backend = MemoryBackend()          # .memory
>>> backend.write("general", {"motd": '"hi"'}, (), None)
(0, 1)
>>> backend.load("general")
Snapshot(items={'motd': '"hi"'}, version=1)
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

#: ``(store, version, prev, items)`` of a write made elsewhere: the store went
#: from version ``prev`` to ``version``; ``items`` maps each key written to its
#: JSON text (``None``: deleted). ``prev`` and ``items`` are ``None`` when the
#: backend does not say (the store is read again).
ChangeFeed = Callable[[str, int, "int | None", "dict[str, str | None] | None"], None]


@dataclass(slots=True)
class Snapshot:
    """A store as read: its JSON texts by key and its version."""

    items: dict[str, str]
    version: int


class Transaction(Protocol):
    """A store held for one read-modify-write (see :meth:`StorageBackend.transaction`)."""

    snapshot: Snapshot

    def commit(self, sets: dict[str, str], deletes: Collection[str]) -> int:
        """Write the changes while the store is held; returns the new version
        (the one before is ``snapshot.version``)."""


class StorageBackend(Protocol):
    """Where stores live. Every method may raise
    :class:`~flask_webui.exceptions.StorageUnavailable`."""

    #: For messages and the health check, without credentials.
    description: str

    def load(self, store: str) -> Snapshot:
        """The store as stored now (empty, version 0, if it has never been written)."""

    def write(self, store: str, sets: dict[str, str], deletes: Collection[str],
              ttl: float | None) -> tuple[int, int]:
        """Store ``sets``, remove ``deletes`` and keep the store ``ttl``
        seconds from now (``None``: for ever), at once; returns the store's
        version before and after."""

    def transaction(self, store: str, ttl: float | None) -> AbstractContextManager[Transaction]:
        """Hold ``store`` against every other transaction (in any worker) for a read-modify-write."""

    def touch(self, stores: dict[str, float]) -> None:
        """These stores were used: each lives its ``ttl`` seconds from now (one write for all)."""

    def link(self, user: str, stores: Collection[str], ttl: float | None) -> None:
        """Remember that ``stores`` (a browser's, a tab's) were used by ``user``,
        for :meth:`erase`."""

    def erase(self, user: str) -> list[str]:
        """Delete the user's store and every store linked to it; returns their names."""

    def sweep(self) -> list[str]:
        """Delete the stores whose time is up; returns their names."""

    def watch(self, feed: ChangeFeed) -> None:
        """From now on, hand ``feed`` the writes other workers make."""

    def freshness(self) -> object | None:
        """A token that changes whenever this worker may have missed a
        change (``None``: it cannot vouch for any copy now). A copy read
        under one token is current while the token stays the same."""

    def health(self) -> str | None:
        """``"ok"``, or what is wrong (``"unavailable"``, ``"evicts keys"``);
        ``None`` while it is not in use."""

    def close(self) -> None: ...


def store_name(scope: str, key: str | None = None) -> str:
    """``"user:42"`` for ``("user", "42")``; ``"general"`` for ``("general", None)``."""
    return scope if key is None else f"{scope}:{key}"


def scope_of(store: str) -> str:
    return store.partition(":")[0]


