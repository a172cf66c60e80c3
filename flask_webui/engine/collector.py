"""Keeping the garbage collector out of the way of a worker full of sessions.

A full collection walks every object the collector tracks: with 10,000
sessions waiting in ``input()`` that is millions of objects, and the whole
worker stops for a second while it does. The objects of a session that
waits live as long as it does, so walking them finds nothing. The
:class:`Collector` moves them out of the collector's way with
:func:`gc.freeze` shortly after sessions open (young garbage collected
first), as large gevent services do after they start; full collections then
walk only what came since.

Reference counting still frees frozen objects; only garbage in reference
cycles waits. An ended session leaves some (its own objects refer to each
other, and so do the connection's), so once as many frozen sessions have
ended as are live (or none is left), the collector is given back everything
(:func:`gc.unfreeze`), collects it all once, and freezes what is left: the
memory of ended sessions is freed, at the price of one full pause per
worker's worth of ended sessions. :data:`GIVE_BACK_AFTER` seconds after a
reclaim, the C allocator's free pages go back to the system
(:func:`~.heap.give_back_memory`), so a worker does not hold the memory of
a burst of sessions long gone.

Every pause is timed; listeners (the ``webui_gc_pause_seconds`` metric) hear
of them from a greenlet, never from inside a collection.

Installed when the first session of an app opens: a process that never
opens a page keeps Python's collector as it is.

>>> collector = Collector()
>>> epoch = collector.opened()     # a session opened; frozen within FREEZE_DELAY
>>> collector.ended(epoch)         # it ended
"""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Callable
from typing import Any

import gevent

from .heap import give_back_memory
from .logs import logger

#: Seconds after a session opens before the objects made meanwhile are frozen
#: (the sessions that opened in between share one freeze).
FREEZE_DELAY = 0.5

#: Seconds between freezes while sessions are live. A waiting session does not
#: keep the same objects for ever: every ping of its connection replaces a few
#: long-lived ones (timers, events), and at 10,000 sessions those add up to
#: hundreds of thousands of new objects in the oldest generation per ping
#: interval, which a full collection walks again. A freeze is cheap (the young
#: generations are collected, then a list is moved), so it runs every second.
REFREEZE_INTERVAL = 1.0

#: Seconds after a reclaim before the free memory goes back to the system:
#: past Engine.IO's ping interval (25 s), when the last ping timer of an
#: ended connection has let its socket go.
GIVE_BACK_AFTER = 30.0

#: Seconds between reports of the pauses to their listeners. A collection
#: starts inside whatever allocation tips it over, also while some library
#: holds a lock (prometheus-client writes every figure under one): a listener
#: called from there could wait for that lock for ever, so pauses are kept
#: and reported from a greenlet of their own.
REPORT_INTERVAL = 1.0

#: Pauses kept for the next report at most; past that, they are counted in
#: :attr:`Collector.unreported` only.
MAX_UNREPORTED = 10_000

#: What a pause listener is called with: the generation collected and the
#: seconds the collection stopped the process for.
PauseListener = Callable[[int, float], None]


class Collector:
    """One process's garbage collector, tuned for long-lived sessions."""

    def __init__(self, freeze_delay: float = FREEZE_DELAY,
                 refreeze_interval: float = REFREEZE_INTERVAL,
                 give_back_after: float = GIVE_BACK_AFTER,
                 report_interval: float = REPORT_INTERVAL) -> None:
        self.freeze_delay = freeze_delay
        self.report_interval = report_interval
        self.refreeze_interval = refreeze_interval
        self.give_back_after = give_back_after
        #: Sessions open now.
        self.live = 0
        #: Freezes so far; a session opened in epoch N is frozen once it is above N.
        self.epoch = 0
        #: Sessions that ended after their objects were frozen, since the last reclaim.
        self.ended_frozen = 0
        #: Full collections of the frozen objects so far.
        self.reclaims = 0
        #: Times free memory went back to the system after a reclaim.
        self.given_back = 0
        #: The longest pause seen (seconds) and the generation it collected.
        self.longest_pause = 0.0
        #: Pauses never reported because :data:`MAX_UNREPORTED` were waiting.
        self.unreported = 0
        self._pauses: list[tuple[int, float]] = []  # since the last report
        self._listeners: list[weakref.WeakMethod[PauseListener]] = []
        self._installed = False
        self._pending: Any = None  # the greenlet of the next freeze or reclaim
        self._giving_back: Any = None  # the hub's timer that gives memory back (no greenlet waits)
        self._began = 0.0

    # -- what the session registry says ---------------------------------------------

    def opened(self) -> int:
        """A session opened; returns the epoch to hand back to :meth:`ended`."""
        self._install()
        self.live += 1
        self._schedule()
        return self.epoch

    def ended(self, epoch: int) -> None:
        """A session opened in ``epoch`` ended."""
        self.live -= 1
        if epoch < self.epoch:
            self.ended_frozen += 1
            self._schedule()

    # -- pauses ---------------------------------------------------------------------

    def add_pause_listener(self, listener: PauseListener) -> None:
        """Call the bound method ``listener(generation, seconds)`` for every
        collection (from the first session on, within :data:`REPORT_INTERVAL`
        of it), e.g. to fill a metric, for as long as its object lives."""
        self._listeners.append(weakref.WeakMethod(listener))

    def report_pauses(self) -> None:
        """Hand the pauses seen since the last report to the listeners now
        (before reading a metric of them, say). A listener that raises is
        logged and dropped; the others, and the reports to come, go on."""
        pauses, self._pauses = self._pauses, []
        for reference in list(self._listeners):
            listener = reference()
            try:
                if listener is not None:
                    for generation, seconds in pauses:
                        listener(generation, seconds)
                    continue
            except Exception:
                logger.exception("a listener of the collector's pauses failed; it hears no more")
            self._listeners.remove(reference)

    def _report_forever(self) -> None:
        while True:
            gevent.sleep(self.report_interval)
            self.report_pauses()

    def _timed(self, phase: str, info: dict[str, Any]) -> None:
        # Inside a collection: only note it (see REPORT_INTERVAL).
        if phase == "start":
            self._began = time.perf_counter()
            return
        pause = time.perf_counter() - self._began
        self.longest_pause = max(self.longest_pause, pause)
        if len(self._pauses) < MAX_UNREPORTED:
            self._pauses.append((info["generation"], pause))
        else:
            self.unreported += 1

    # -- freezing and reclaiming -------------------------------------------------

    def _install(self) -> None:
        if not self._installed:
            self._installed = True
            gc.callbacks.append(self._timed)
            gevent.spawn(self._report_forever)

    def _schedule(self, delay: float | None = None) -> None:
        if self._pending is None:
            self._pending = gevent.spawn_later(self.freeze_delay if delay is None else delay, self._tend)

    def _tend(self) -> None:
        self._pending = None
        if self.ended_frozen and self.ended_frozen >= self.live:
            self.reclaim()
        else:
            self.freeze()
        if self.live:
            self._schedule(self.refreeze_interval)

    def freeze(self) -> None:
        """Collect the young generations, then freeze every object tracked."""
        gc.collect(1)
        gc.freeze()
        self.epoch += 1

    def reclaim(self) -> None:
        """One full collection of everything, frozen or not; then freeze again."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.epoch += 1
        self.ended_frozen = 0
        self.reclaims += 1
        if self._giving_back is not None:  # counted from the latest reclaim
            self._giving_back.stop()
        self._giving_back = gevent.get_hub().loop.timer(self.give_back_after, ref=False)
        self._giving_back.start(gevent.spawn, self._give_back)

    def _give_back(self) -> None:
        self._giving_back = None
        if not self.live:
            # What outlived the sessions past the reclaim (an Engine.IO socket
            # waits for its last ping timer) was frozen with the rest: with no
            # session left, collecting all of it again costs next to nothing.
            gc.unfreeze()
            gc.collect()
            gc.freeze()
        if give_back_memory():
            self.given_back += 1


#: The collector of this process (a process has one garbage collector).
collector = Collector()
