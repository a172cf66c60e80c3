"""What the sessions of one app do on every round trip, counted in plain
numbers: the metrics take them once a second and before each scrape, instead
of a signal and a Prometheus write for every event (``bench/throughput.py
--metrics``: those cost 13-18 % of a busy worker's round trips)."""

from __future__ import annotations

#: Acknowledgement times kept for the next take at most; past that, they are
#: counted in :attr:`Tally.missed` only (a reader that stopped taking them).
MAX_TIMES = 100_000


class Tally:
    """Events applied, commands sent and acknowledgement times, since the
    last :meth:`take`. Times are kept only once a reader is ``watching``.

    >>> tally = Tally()
    >>> tally.watching = True
    >>> tally.events += 2
    >>> tally.acknowledged(0.004)
    >>> tally.take()
    (2, 0, [0.004])
    >>> tally.take()
    (0, 0, [])
    """

    __slots__ = ("events", "commands", "watching", "missed", "_times")

    def __init__(self) -> None:
        self.events = 0
        self.commands = 0
        #: Whether someone takes the figures (else no time is kept).
        self.watching = False
        #: Acknowledgement times dropped because :data:`MAX_TIMES` were waiting.
        self.missed = 0
        self._times: list[float] = []

    def acknowledged(self, seconds: float) -> None:
        """Note that a batch was acknowledged ``seconds`` after it left."""
        if not self.watching:
            return
        if len(self._times) < MAX_TIMES:
            self._times.append(seconds)
        else:
            self.missed += 1

    def take(self) -> tuple[int, int, list[float]]:
        """Events, commands and acknowledgement times since the last take."""
        taken = (self.events, self.commands, self._times)
        self.events = self.commands = 0
        self._times = []
        return taken
