"""Commands out: queued while page code runs, sent as one numbered batch when
it yields, with back-pressure when the browser falls behind."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol

import gevent
from gevent.event import Event as GeventEvent

from ..exceptions import SessionClosed
from ..protocol import Command
from .history import PageHistory
from .outbox import Outbox
from .transport import Transport

#: Queued commands between two estimates of the queue's size in bytes.
ESTIMATE_EVERY = 64

#: Bytes of queued commands (as JSON, estimated) past which page code that
#: has not yielded sends them as a batch and lets the connection write it,
#: so a burst is never held as thousands of dicts and copies at once.
MAX_BATCH_BYTES = 128 * 1024


class PendingCommand(Protocol):
    """A queued command built at flush time (an ``Output`` may be embedded in
    another widget before then, in which case it returns ``None``)."""

    def to_command(self) -> Command | None: ...


class CommandSender:
    """One session's queue of commands, its outbox of numbered batches and
    the history that rebuilds the page for a reloaded tab.

    ``transport`` is where batches go (``None`` while the browser is away:
    they wait in the outbox). ``may_wait()`` says whether the current greenlet
    may block for back-pressure; ``blocked`` counts it as waiting meanwhile.

    >>> sender = CommandSender(max_pending=100, resume_history=100)
    >>> sender.queue({"command": "toast", "task_id": None, "spec": {}}); sender.flush()
    >>> sender.outbox.last_batch
    1
    """

    def __init__(self, max_pending: int, resume_history: int,
                 may_wait: Callable[[], bool] = lambda: False,
                 blocked: Callable[[], Any] | None = None, max_pending_bytes: int = 1 << 20,
                 stuck_after: float | None = None, on_stuck: Callable[[], Any] | None = None,
                 on_sent: Callable[[int], Any] | None = None,
                 on_replayed: Callable[[int], Any] | None = None,
                 on_acknowledged: Callable[[float], Any] | None = None) -> None:
        self.outbox = Outbox()
        #: What a reloaded tab needs to show the page as it was.
        self.history = PageHistory(resume_history)
        self.transport: Transport | None = None
        self._max_pending = max_pending
        self._max_pending_bytes = max_pending_bytes
        self._stuck_after = stuck_after
        self._on_stuck = on_stuck
        # Told the commands in each batch sent, the batches sent again, and
        # the seconds from a batch leaving to its acknowledgement.
        self._on_sent = on_sent
        self._on_replayed = on_replayed
        self._on_acknowledged = on_acknowledged
        self._may_wait = may_wait
        self._blocked = blocked
        self._buffer: list[Command | PendingCommand] = []
        # Bytes of the queue as JSON, estimated every ESTIMATE_EVERY commands
        # (a long burst without a yield is bounded as sent batches are).
        self._buffer_bytes = 0
        self._estimated = 0
        self.flush_scheduled = False
        # Made while page code waits for room (most sessions never do).
        self._room: GeventEvent | None = None
        self._stopped = False

    @property
    def idle(self) -> bool:
        """Nothing is queued or about to be sent."""
        return not self._buffer and not self.flush_scheduled

    def queue(self, entry: Command | PendingCommand) -> None:
        """Queue a command; it leaves with the next batch (when this greenlet
        yields). Page code that outruns the browser waits here for acks."""
        self._wait_for_room()
        self._buffer.append(entry)
        if len(self._buffer) - self._estimated >= ESTIMATE_EVERY:
            self._estimate()
            if self._buffer_bytes >= MAX_BATCH_BYTES and self._may_wait():
                self.flush()
                gevent.sleep(0)
                return
        self.schedule_flush()

    def _estimate(self) -> None:
        fresh = self._buffer[self._estimated:]
        built = [entry if isinstance(entry, dict) else entry.to_command() for entry in fresh]
        self._buffer_bytes += len(json.dumps(built, separators=(",", ":"), default=str))
        self._estimated = len(self._buffer)

    def queue_now(self, entries: list[Command], flush: bool = False) -> None:
        """Queue without waiting for room (the engine's own notices, room
        broadcasts); with ``flush``, send them now. With nothing else queued,
        the batch carries ``entries`` itself (the same list for every member
        of a broadcast, so a transport may encode it once)."""
        if flush and not self._buffer and not self._stopped:
            self._send(entries)
            return
        self._buffer.extend(entries)
        if flush:
            self.flush()
        else:
            self.schedule_flush()

    def _has_room(self) -> bool:
        outbox = self.outbox
        return (outbox.unacked_commands + len(self._buffer) < self._max_pending
                and outbox.unacked_bytes + self._buffer_bytes < self._max_pending_bytes)

    def _wait_for_room(self) -> None:
        if self._has_room() or not self._may_wait():
            return
        if self._room is None:
            self._room = GeventEvent()
        room = self._room
        self.schedule_flush()
        if self._blocked is None:
            got_room = room.wait(self._stuck_after)
        else:
            with self._blocked():
                got_room = room.wait(self._stuck_after)
        if self._stopped:
            raise SessionClosed("the session has ended")
        if not got_room:
            # The browser stays connected but acknowledges nothing: what it
            # holds here would only grow.
            if self._on_stuck is not None:
                self._on_stuck()
            raise SessionClosed("the browser stopped acknowledging")

    def _wake_waiting(self) -> None:
        """Wake the page code waiting for room, if any."""
        if self._room is not None:
            self._room.set()
            self._room = None

    def schedule_flush(self) -> None:
        # Commands queued before the greenlet yields travel as one batch, and a
        # widget can still be embedded in another until then.
        if not self.flush_scheduled:
            self.flush_scheduled = True
            gevent.spawn_raw(self.flush)

    def flush(self) -> None:
        """Seal what is queued as the next batch and hand it to the transport."""
        self.flush_scheduled = False
        if self._stopped or not self._buffer:
            return
        entries, self._buffer = self._buffer, []
        self._buffer_bytes = self._estimated = 0
        commands = []
        for entry in entries:
            built = entry if isinstance(entry, dict) else entry.to_command()
            if built is not None:
                commands.append(built)
        if commands:
            self._send(commands)

    def _send(self, commands: list[Command]) -> None:
        payload = self.outbox.seal(commands)
        self.history.record(commands)
        if self.transport is not None:
            self.transport.deliver(payload)
        if self._on_sent is not None:
            self._on_sent(len(commands))

    def acknowledge(self, batch_number: int) -> None:
        """The browser applied every batch up to ``batch_number``."""
        age = self.outbox.acknowledge(batch_number)
        if self._has_room():
            self._wake_waiting()
        if age is not None and self._on_acknowledged is not None:
            self._on_acknowledged(age)

    def replay(self, transport: Transport, applied_batch: int | None,
               keep: Callable[[str | None], bool]) -> None:
        """Give a newly attached ``transport`` what its browser lacks: the
        batches after ``applied_batch``, or, when it lost batches it had
        applied (a reloaded tab), a snapshot that rebuilds the page."""
        lost = applied_batch is not None and applied_batch < self.outbox.acked_batch
        # A reloaded tab has nothing, even when its page never acknowledged a
        # batch: rebuild it in one snapshot, so it restores what was typed.
        fresh = applied_batch == 0 and self.outbox.last_batch > 0 and self.history.available
        if lost or fresh:
            transport.deliver({"seq": self.outbox.last_batch, "commands": self.history.snapshot(keep),
                               "reset": True})
            return
        if applied_batch is not None:
            self.acknowledge(applied_batch)
        missing = self.outbox.unacknowledged(applied_batch)
        for payload in missing:
            transport.deliver(payload)
        if missing and self._on_replayed is not None:
            self._on_replayed(len(missing))

    def stop(self) -> None:
        """Send nothing more: wake page code waiting for room, drop the queue
        and the history (the outbox keeps what the browser has yet to get)."""
        self._stopped = True
        self._wake_waiting()
        self._buffer.clear()
        self._buffer_bytes = self._estimated = 0
        self.history.clear()
