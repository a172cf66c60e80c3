"""Receiving what the browser sends: acknowledgements of batches, numbered
events applied once and in order, each routed to what waits for it.

A mixin of :class:`~.session.Session`.
"""

from __future__ import annotations

import time

from .. import signals
from ..protocol import ClientMessage, Event
from .base import SessionBase
from .problems import Problem

#: How far ahead of the next expected event a message may be numbered (a few
#: messages lost in a drop, re-sent); further is refused, not waited for.
MAX_EVENTS_AHEAD = 1000


class ReceivingEvents(SessionBase):
    """Applies validated messages from the browser to a session."""

    def acknowledge(self, batch_number: int) -> None:
        """The browser applied every batch up to ``batch_number``."""
        if self._closed:
            self.attachment.acknowledge_ended(batch_number)
        else:
            self.sender.acknowledge(batch_number)

    def skip_events(self, first: int, count: int) -> None:
        """Count ``count`` events from number ``first`` as applied without
        applying them (they were refused), so a sender that retries them
        stops. Numbers that do not follow those applied are left alone: a
        client cannot move the count ahead of what it sent."""
        if first <= self.last_event + 1:
            self.last_event = max(self.last_event, first + min(count, MAX_EVENTS_AHEAD) - 1)

    def receive(self, message: ClientMessage) -> list[str]:
        """Apply a validated message from the browser.

        Returns the problems found (an event for a callback never issued, a
        full queue); each has been logged and the rest of the message applied.

        >>> session.receive(parse_client_message({"ack": 1, "events": []}))  # doctest: +SKIP
        []
        """
        problems = self._receive(message)
        for problem in problems:
            self._signal(signals.event_refused, reason=getattr(problem, "code", "malformed"))
        return problems

    def _receive(self, message: ClientMessage) -> list[str]:
        problems: list[str] = []
        last_batch = self.sender.outbox.last_batch
        if message.applied_batch is not None:
            if message.applied_batch > last_batch:
                # Taken as truth, it would drop batches the browser never had.
                problems.append(Problem("out_of_order", f"refused an acknowledgement of batch "
                                        f"{message.applied_batch}: only {last_batch} were sent"))
            else:
                self.acknowledge(message.applied_batch)
        if self._closed:
            return [*problems, Problem("ended", "the session has ended")]
        events = message.events
        first = message.first_event
        if first is not None:
            # Numbered events: a message sent again after a drop is applied
            # once, and none is applied before those numbered ahead of it.
            if first > self.last_event + 1 + MAX_EVENTS_AHEAD:
                problems.append(Problem("out_of_order", f"refused events numbered from {first}: the next "
                                        f"expected is {self.last_event + 1}"))
                return problems
            if first > self.last_event + 1:
                self.log.info("session %s: waiting for events %d to %d before event %d", self.id,
                              self.last_event + 1, first - 1, first)
                return problems
            events = events[max(0, self.last_event + 1 - first):]
            self.last_event = max(self.last_event, first + len(message.events) - 1)
        for event in events:
            problem = self._dispatch(event)
            if problem:
                self.log.warning("session %s: %s", self.id, problem)
                problems.append(problem)
        if events:
            self.last_activity = time.time()
            self.tally.events += len(events)
            self._signal(signals.events_received, count=len(events))
        return problems

    def _dispatch(self, event: Event) -> str | None:
        if event.name == "callback":
            return self.callbacks.run(event)
        return self.waits.route(event)
