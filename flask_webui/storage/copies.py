"""What the hub keeps of each store in a worker (:class:`Copy`), what its
listeners hear (:class:`Change`), and the limits it keeps to."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .backend import Snapshot
from .values import item_bytes


@dataclass(frozen=True, slots=True)
class Change:
    """One key of a store changed: its new ``value`` (``None`` and
    ``deleted`` when it was removed). ``store`` is ``"user"``, ``"browser"``,
    ``"tab"`` or ``"general"``."""

    store: str
    key: str
    value: Any
    deleted: bool = False


Listener = Callable[[Change], None]


@dataclass(slots=True)
class Copy:
    """The worker's copy of one store."""

    items: dict[str, str]
    version: int
    fresh: object | None
    size: int = 0
    listeners: list[Listener] = field(default_factory=list)
    #: When (``time.monotonic()``) the copy is read again, which renews the
    #: store's lifetime (half its lifetime after the last renewal, so a
    #: store in use never expires, and one that expired is not served).
    renew_at: float = math.inf
    #: When (``time.monotonic()``) it was last read.
    used: float = 0.0

    @classmethod
    def of(cls, snapshot: Snapshot, fresh: object | None) -> Copy:
        size = sum(item_bytes(key, text) for key, text in snapshot.items.items())
        return cls(snapshot.items, snapshot.version, fresh, size)


@dataclass(slots=True)
class StorageSettings:
    """The limits and lifetimes of ``WEBUI_STORAGE_*``."""

    max_bytes: int = 1024 * 1024
    ttl: float | None = 30 * 24 * 3600
    tab_ttl: float | None = 24 * 3600
