"""Which browser tab a session talks to: attach, takeover by a newer tab,
detach with a reconnect window, and the ended session's last batches
lingering for a browser that may still come for them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gevent

from ..exceptions import TakenOver
from ..protocol import command
from .sending import CommandSender
from .transport import Transport

#: Page loads remembered as taken over, so they may not come back.
SUPERSEDED_KEPT = 16


class Attachment:
    """The transport of one session and the timers around it.

    ``on_gone`` runs when the browser has been away for ``reconnect_timeout``
    seconds; ``on_released`` when an ended session may be forgotten.

    >>> attachment = Attachment(sender, 30.0, on_gone=session.close,
    ...                         on_released=registry.discard)  # doctest: +SKIP
    """

    def __init__(self, sender: CommandSender, reconnect_timeout: float, on_gone: Callable[[str], Any],
                 on_released: Callable[[], Any]) -> None:
        self._sender = sender
        self._reconnect_timeout = reconnect_timeout
        self._on_gone = on_gone
        self._on_released = on_released
        #: Page loads (client ids) that a newer one took over.
        self._superseded: list[str] = []
        self._expiry: gevent.Greenlet | None = None
        self._lingering: gevent.Greenlet | None = None
        self.released = False
        #: The protocol of the transport last attached (see :class:`Transport`).
        self.protocol: str | None = None
        self.ever_attached = False
        #: No browser came for a page started with its page request.
        self.gave_up = False

    @property
    def transport(self) -> Transport | None:
        return self._sender.transport

    def attach(self, transport: Transport, applied_batch: int | None,
               keep: Callable[[str | None], bool]) -> None:
        """Route the batches to ``transport`` and replay what its browser lacks.
        A transport of another page load takes the session over: the one
        before is told.

        :raises TakenOver: for a page load that a newer one took over.
        """
        client = transport.client_id
        if client is not None and client in self._superseded:
            raise TakenOver("this page is open in another tab")
        self._cancel_expiry()
        self.ever_attached = True
        previous, self._sender.transport = self._sender.transport, transport
        if previous is not None and previous is not transport and previous.client_id != client:
            if previous.client_id is not None:
                self._superseded = [*self._superseded[1 - SUPERSEDED_KEPT:], previous.client_id]
            previous.supersede()
        self.protocol = transport.protocol
        self._sender.replay(transport, applied_batch, keep)

    def await_first(self) -> None:
        """The page started before any browser attached (with its page
        request): ``on_gone`` if none comes within the reconnect window."""
        if self._sender.transport is None and self._expiry is None:
            self._expiry = gevent.spawn_later(self._reconnect_timeout, self._no_browser)

    def _no_browser(self) -> None:
        self.gave_up = True
        self._on_gone("no browser connected to the page")

    def attach_ended(self, transport: Transport, applied_batch: int | None) -> None:
        """A browser came back to a session that has ended: the end of the
        page again, or at least its ``close_session``."""
        outbox = self._sender.outbox
        self._sender.transport = transport
        if applied_batch is not None:
            outbox.acknowledge(applied_batch)
        ending = outbox.unacknowledged(applied_batch) or [outbox.seal([command("close_session")])]
        for payload in ending:
            transport.deliver(payload)

    def detach(self, transport: Transport) -> bool:
        """The browser behind ``transport`` went away: wait for it to come
        back, then ``on_gone``. ``False`` if it was not the attached one."""
        if self._sender.transport is not transport:
            return False
        self._sender.transport = None
        self._expiry = gevent.spawn_later(self._reconnect_timeout, self._on_gone,
                                          "the browser did not come back")
        return True

    def end(self) -> None:
        """The session ended: stop waiting for the browser, and forget the
        session once the browser has all it was sent (or stays away)."""
        self._cancel_expiry()
        coming = self._sender.transport is not None or not (self.ever_attached or self.gave_up)
        if self._sender.outbox.unacked_commands and coming:
            # The browser has yet to get the last batches (a drop, or it has
            # not connected yet): they wait for it as long as it may take to come.
            self._lingering = gevent.spawn_later(self._reconnect_timeout, self.release)
        else:
            self.release()

    def acknowledge_ended(self, batch_number: int) -> None:
        """An ack after the end: release once the browser has everything."""
        self._sender.acknowledge(batch_number)
        if not self._sender.outbox.unacked_commands:
            self.release()

    def release(self) -> None:
        """Forget the ended session (the browser has all it was sent, or is gone)."""
        if self.released:
            return
        self.released = True
        if self._lingering is not None and self._lingering is not gevent.getcurrent():
            self._lingering.kill(block=False)
        self._sender.outbox.clear()
        self._on_released()

    def _cancel_expiry(self) -> None:
        if self._expiry is not None and self._expiry is not gevent.getcurrent():
            self._expiry.kill(block=False)
        self._expiry = None
