"""Numbered command batches kept until the browser acknowledges them."""

from __future__ import annotations

import json
import time
from typing import Any

from ..protocol import Command, batch, commands_json


class Outbox:
    """Turns queued commands into numbered batches and keeps the batches the
    browser has not acknowledged yet, so a reconnect can replay exactly them.

    A kept batch is kept as the JSON it was sent as (the history shares the
    very string), not as its dicts: a tab that stops acknowledging costs
    the server about the bytes ``WEBUI_MAX_PENDING_BYTES`` allows, and the
    garbage collector never walks them. A replay decodes them again.

    >>> box = Outbox()
    >>> box.seal([{"command": "toast"}])["seq"]
    1
    >>> age = box.acknowledge(1); box.unacked_commands
    0
    """

    def __init__(self) -> None:
        # Few at a time; a deque costs 12 times more.
        self._seqs: list[int] = []
        self._encoded: list[str] = []  # each kept batch's commands, as JSON
        self._counts: list[int] = []  # how many commands each holds
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
        encoded = commands_json(commands)
        self._seqs.append(self.last_batch)
        self._encoded.append(encoded)
        self._counts.append(len(commands))
        self._sealed_at.append(time.monotonic())
        self.unacked_commands += len(commands)
        self.unacked_bytes += len(encoded)
        return batch(self.last_batch, commands)

    def acknowledge(self, batch_number: int) -> float | None:
        """Forget every batch up to and including number ``batch_number``;
        return the seconds since the newest of them was sealed (``None`` if
        none was kept).

        Acks beyond what was sent are clamped: a confused or hostile client
        cannot make us forget batches it never received.
        """
        last = min(batch_number, self.last_batch)
        done = 0
        while done < len(self._seqs) and self._seqs[done] <= last:
            self.unacked_commands -= self._counts[done]
            self.unacked_bytes -= len(self._encoded[done])
            done += 1
        age = time.monotonic() - self._sealed_at[done - 1] if done else None
        for kept in (self._seqs, self._encoded, self._counts, self._sealed_at):
            del kept[:done]
        self.acked_batch = max(self.acked_batch, last)
        return age

    def unacknowledged(self, after: int | None = None) -> list[dict[str, Any]]:
        """The kept batches with a sequence number above ``after``."""
        floor = self.acked_batch if after is None else after
        kept = zip(self._seqs, self._encoded, strict=True)
        return [batch(seq, json.loads(encoded)) for seq, encoded in kept if seq > floor]

    def clear(self) -> None:
        for kept in (self._seqs, self._encoded, self._counts, self._sealed_at):
            kept.clear()
        self.unacked_commands = 0
        self.unacked_bytes = 0
