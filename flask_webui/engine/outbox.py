"""Numbered command batches kept until the browser acknowledges them."""

from __future__ import annotations

import time
from typing import Any

from ..protocol import Command, batch, commands_json


class Outbox:
    """Turns queued commands into numbered batches and keeps the batches the
    browser has not acknowledged yet, so a reconnect can replay exactly them.

    >>> box = Outbox()
    >>> box.seal([{"command": "toast"}])["seq"]
    1
    >>> age = box.acknowledge(1); box.unacked_commands
    0
    """

    def __init__(self) -> None:
        self._batches: list[dict[str, Any]] = []  # few at a time; a deque costs 12 times more
        self._sizes: list[int] = []  # the bytes of each kept batch, as JSON
        self._sealed_at: list[float] = []  # when each kept batch was sealed (monotonic)
        self.last_batch = 0
        self.acked_batch = 0
        self.unacked_commands = 0
        #: Bytes of JSON the kept batches hold: what a browser that stops
        #: acknowledging costs this server.
        self.unacked_bytes = 0

    def seal(self, commands: list[Command]) -> dict[str, Any]:
        """Number a list of commands as the next batch and keep it."""
        self.last_batch += 1
        payload = batch(self.last_batch, commands)
        size = len(commands_json(commands))
        self._batches.append(payload)
        self._sizes.append(size)
        self._sealed_at.append(time.monotonic())
        self.unacked_commands += len(commands)
        self.unacked_bytes += size
        return payload

    def acknowledge(self, batch_number: int) -> float | None:
        """Forget every batch up to and including number ``batch_number``;
        return the seconds since the newest of them was sealed (``None`` if
        none was kept).

        Acks beyond what was sent are clamped: a confused or hostile client
        cannot make us forget batches it never received.
        """
        last = min(batch_number, self.last_batch)
        done = 0
        while done < len(self._batches) and self._batches[done]["seq"] <= last:
            self.unacked_commands -= len(self._batches[done]["commands"])
            self.unacked_bytes -= self._sizes[done]
            done += 1
        age = time.monotonic() - self._sealed_at[done - 1] if done else None
        del self._batches[:done]
        del self._sizes[:done]
        del self._sealed_at[:done]
        self.acked_batch = max(self.acked_batch, last)
        return age

    def unacknowledged(self, after: int | None = None) -> list[dict[str, Any]]:
        """The kept batches with a sequence number above ``after``."""
        floor = self.acked_batch if after is None else after
        return [b for b in self._batches if b["seq"] > floor]

    def clear(self) -> None:
        self._batches.clear()
        self._sizes.clear()
        self._sealed_at.clear()
        self.unacked_commands = 0
        self.unacked_bytes = 0
