"""The commands that rebuild a page, kept for a browser tab that reloads it."""

from __future__ import annotations

import json
from collections.abc import Callable

from ..protocol import Command, commands_json

#: Commands that do something once rather than build the page: a reloaded
#: page must not show an old toast again or download a file twice.
TRANSIENT_COMMANDS = frozenset({"toast", "download", "close_session"})


class PageHistory:
    """Every command that built the page so far, up to ``limit`` commands.

    A reloaded tab gets them again as one snapshot. A page that outgrows the
    limit stops keeping them: its tab starts the page afresh on reload.

    >>> history = PageHistory(limit=100)
    >>> history.record([{"command": "output", "task_id": None, "spec": {}},
    ...                 {"command": "toast", "task_id": None, "spec": {}}])
    >>> [c["command"] for c in history.snapshot(lambda task_id: True)]
    ['output']
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.available = limit > 0
        # Each batch as the JSON it was sent as: one string is smaller than
        # its dicts, and the garbage collector never has to walk it (a page
        # that grows to thousands of outputs, times thousands of sessions).
        self._batches: list[str] = []
        self._count = 0

    def record(self, commands: list[Command]) -> None:
        if not self.available:
            return
        kept = [c for c in commands if c["command"] not in TRANSIENT_COMMANDS]
        if self._count + len(kept) > self.limit:
            self.available = False
            self.clear()
            return
        if kept:
            # Usually all of them: the outbox has encoded that very list already.
            self._batches.append(commands_json(commands if len(kept) == len(commands) else kept))
            self._count += len(kept)

    def snapshot(self, keep: Callable[[str | None], bool]) -> list[Command]:
        """The recorded commands whose task id passes ``keep`` (the session
        leaves out questions to the browser that were answered already)."""
        return [c for encoded in self._batches for c in json.loads(encoded) if keep(c["task_id"])]

    def clear(self) -> None:
        self._batches = []
        self._count = 0
