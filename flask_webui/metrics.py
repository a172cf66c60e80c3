"""Prometheus metrics of an app's pages, built on :mod:`flask_webui.signals`
with ``prometheus-client`` (``pip install flask-webui[metrics]``).

Turned on with ``WEBUI_METRICS = True`` (served at ``/metrics``) or
:meth:`flask_webui.FlaskWebUI.metrics_endpoint`. With several worker
processes (gunicorn), set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory
before they start: every worker writes its figures there and the route sums
them (prometheus-client's multiprocess mode).

Events, commands, acknowledgement times and the outbox are counted by the
sessions in plain numbers (:class:`~flask_webui.engine.tally.Tally`) and
published once a second and before each scrape: a signal and a Prometheus
write for each of them cost a busy worker 13-18 % of its round trips. The
other figures follow :mod:`flask_webui.signals` as they come.

>>> metrics = WebUIMetrics(app)      # doctest: +SKIP
>>> metrics.exposition()             # doctest: +SKIP
(b'# HELP webui_sessions_live ...', 'text/plain; version=0.0.4; charset=utf-8')
"""

from __future__ import annotations

import logging
import os
import weakref
from typing import Any

import gevent
from flask import Flask

from . import signals
from .engine.collector import collector
from .engine.registry import SessionRegistry

__all__ = [
    "WebUIMetrics",
    "child_exit",
    "multiprocess_mode",
]

try:
    import prometheus_client
    from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
    from prometheus_client.multiprocess import MultiProcessCollector
except ImportError:  # pragma: no cover - said when metrics are turned on
    prometheus_client = None  # type: ignore[assignment]

#: Seconds from a batch leaving to the browser saying it applied it.
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

#: Seconds a garbage collection stops the worker for (every session waits).
GC_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)

#: Seconds between two publishes of the sessions' tally (a scrape publishes first).
PUBLISH_INTERVAL = 1.0

#: Acknowledgement times observed before a publish lets other greenlets run.
OBSERVE_SLICE = 1000

logger = logging.getLogger("flask_webui.metrics")


def multiprocess_mode() -> bool:
    """Whether prometheus-client keeps its figures in files shared by workers."""
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


class WebUIMetrics:
    """The metrics of one app, kept up to date from its signals and its
    sessions' tally (``registry``: the app's live sessions, by default those
    of its :class:`~flask_webui.FlaskWebUI`)."""

    def __init__(self, app: Flask, registry: SessionRegistry | None = None) -> None:
        if prometheus_client is None:
            raise RuntimeError("flask_webui metrics need prometheus-client: "
                               "pip install 'flask-webui[metrics]'")
        self.app = app
        self.sessions = registry if registry is not None else app.extensions["webui"].registry
        self.sessions.tally.watching = True
        self._publisher: gevent.Greenlet[Any] | None = None
        # In one process, a registry of this app's own (two apps, two sets);
        # with workers, the figures live in the shared directory.
        self.registry = None if multiprocess_mode() else CollectorRegistry(auto_describe=True)
        own = self.registry
        self.live = Gauge("webui_sessions_live", "Live sessions, by page and by the transport "
                          "their browser is attached with ('none': waiting for it to come back)",
                          ["page", "transport"], multiprocess_mode="livesum", registry=own)
        self.opened = Counter("webui_sessions_opened", "Sessions started", ["page"], registry=own)
        self.ended = Counter("webui_sessions_ended", "Sessions ended, by reason", ["page", "reason"],
                             registry=own)
        self.events = Counter("webui_events_received", "Events from browsers applied", registry=own)
        self.refused = Counter("webui_events_refused", "Messages and events from browsers refused, by reason",
                               ["reason"], registry=own)
        self.admissions_refused = Counter("webui_admissions_refused", "Browsers refused a session "
                                          "(bad or expired token, a user the page refuses)", registry=own)
        self.commands = Counter("webui_commands_sent", "Commands sent to browsers", registry=own)
        self.replayed = Counter("webui_batches_replayed", "Batches sent again to a browser that came back",
                                registry=own)
        self.errors = Counter("webui_page_errors", "Exceptions raised by page code", ["page"], registry=own)
        self.acknowledged = Histogram("webui_batch_ack_seconds", "Seconds from a batch of commands leaving "
                                      "to its browser saying it applied it", buckets=ACK_BUCKETS,
                                      registry=own)
        self.outbox = Gauge("webui_outbox_commands", "Commands sent and not yet acknowledged, summed over "
                            "live sessions", multiprocess_mode="livesum", registry=own)
        self.uploaded = Counter("webui_upload_bytes", "Bytes of files uploaded", registry=own)
        self.rooms = Gauge("webui_rooms", "Rooms with a member on the worker (summed over workers)",
                           multiprocess_mode="livesum", registry=own)
        self.room_members = Gauge("webui_room_members", "Room memberships of live sessions",
                                  multiprocess_mode="livesum", registry=own)
        self.storage_reads = Counter("webui_storage_reads", "Store reads, by where they were served "
                                     "from: 'copy' (the worker's) or 'backend'", ["store", "source"],
                                     registry=own)
        self.storage_writes = Counter("webui_storage_writes", "Writes of stores", ["store"], registry=own)
        self.storage_bytes = Counter("webui_storage_written_bytes", "Bytes of JSON written to stores",
                                     ["store"], registry=own)
        self.storage_conflicts = Counter("webui_storage_conflicts", "Transactions that waited for another "
                                         "of the same store", ["store"], registry=own)
        self.storage_unavailable = Counter("webui_storage_unavailable", "Store reads and writes the "
                                           "backend did not answer", ["store"], registry=own)
        self.gc_pauses = Histogram("webui_gc_pause_seconds", "Seconds each garbage collection stopped "
                                   "the worker for (every session on it waits), by generation",
                                   ["generation"], buckets=GC_BUCKETS, registry=own)
        collector.add_pause_listener(self._gc_paused)
        # The label set each live session is counted under, by session id.
        self._counted_as: dict[str, tuple[str, str]] = {}
        receivers: dict[Any, Any] = {
            signals.session_opened: self._opened, signals.session_attached: self._attached,
            signals.session_detached: self._detached, signals.session_ended: self._ended,
            signals.event_refused: self._refused,
            signals.admission_refused: self._admission_refused,
            signals.batches_replayed: self._replayed,
            signals.page_error: self._page_error, signals.upload_received: self._uploaded,
            signals.room_joined: self._joined, signals.room_left: self._left,
            signals.storage_read: self._read,
            signals.storage_written: self._written,
            signals.storage_conflict: self._storage(self.storage_conflicts),
            signals.storage_unavailable: self._storage(self.storage_unavailable),
        }
        for signal, receiver in receivers.items():
            signal.connect(receiver, sender=app, weak=False)

    def exposition(self) -> tuple[bytes, str]:
        """The figures in Prometheus' text format, and its content type."""
        collector.report_pauses()
        self.publish()
        registry = self.registry
        if registry is None:
            registry = CollectorRegistry()
            MultiProcessCollector(registry)
        return prometheus_client.generate_latest(registry), prometheus_client.CONTENT_TYPE_LATEST

    def publish(self) -> None:
        """Add what the sessions counted since the last publish to the figures,
        and set the outbox gauge to what live sessions hold unacknowledged."""
        events, commands, times = self.sessions.tally.take()
        if events:
            self.events.inc(events)
        if commands:
            self.commands.inc(commands)
        for done, seconds in enumerate(times, 1):
            self.acknowledged.observe(seconds)
            if done % OBSERVE_SLICE == 0:
                gevent.sleep(0)
        self.outbox.set(sum(session.outbox.unacked_commands for session in self.sessions))

    def _start_publishing(self) -> None:
        if self._publisher is None:
            self._publisher = gevent.spawn(_publish_forever, weakref.ref(self))

    # -- receivers -----------------------------------------------------------------

    def _gc_paused(self, generation: int, seconds: float) -> None:
        self.gc_pauses.labels(str(generation)).observe(seconds)

    def _count_as(self, session: Any, transport: str | None) -> None:
        before = self._counted_as.pop(session.id, None)
        if before is not None:
            self.live.labels(*before).dec()
        if transport is not None:
            labels = (session.page or "", transport)
            self.live.labels(*labels).inc()
            self._counted_as[session.id] = labels

    def _opened(self, app: Flask, session: Any, **_: Any) -> None:
        self._start_publishing()
        self.opened.labels(session.page or "").inc()
        self._count_as(session, "none")

    def _attached(self, app: Flask, session: Any, transport: str, **_: Any) -> None:
        if session.id in self._counted_as:
            self._count_as(session, transport)

    def _detached(self, app: Flask, session: Any, **_: Any) -> None:
        if session.id in self._counted_as:
            self._count_as(session, "none")

    def _ended(self, app: Flask, session: Any, reason: str, **_: Any) -> None:
        if session.id in self._counted_as:
            self._count_as(session, None)
        self.ended.labels(session.page or "", reason).inc()

    def _refused(self, app: Flask, reason: str, **_: Any) -> None:
        self.refused.labels(reason).inc()

    def _admission_refused(self, app: Flask, **_: Any) -> None:
        self.admissions_refused.inc()

    def _replayed(self, app: Flask, session: Any, count: int, **_: Any) -> None:
        self.replayed.inc(count)

    def _page_error(self, app: Flask, session: Any, **_: Any) -> None:
        self.errors.labels(session.page or "").inc()

    def _uploaded(self, app: Flask, session: Any, size: int, **_: Any) -> None:
        self.uploaded.inc(size)

    def _joined(self, app: Flask, first: bool, **_: Any) -> None:
        self.room_members.inc()
        if first:
            self.rooms.inc()

    def _left(self, app: Flask, last: bool, **_: Any) -> None:
        self.room_members.dec()
        if last:
            self.rooms.dec()

    @staticmethod
    def _storage(counter: Any) -> Any:
        def count(app: Flask, store: str, **_: Any) -> None:
            counter.labels(store).inc()

        return count

    def _read(self, app: Flask, store: str, source: str, **_: Any) -> None:
        self.storage_reads.labels(store, source).inc()

    def _written(self, app: Flask, store: str, size: int, **_: Any) -> None:
        self.storage_writes.labels(store).inc()
        self.storage_bytes.labels(store).inc(size)


def _publish_forever(metrics: weakref.ref[WebUIMetrics]) -> None:
    """Publish the tally of ``metrics`` every :data:`PUBLISH_INTERVAL`, while they exist."""
    while True:
        gevent.sleep(PUBLISH_INTERVAL)
        alive = metrics()
        if alive is None:
            return
        try:
            alive.publish()
        except Exception:  # a figure that cannot be written: said, and tried again next time
            logger.exception("flask_webui metrics: publishing the sessions' figures failed")
        del alive


def child_exit(server: Any, worker: Any) -> None:
    """gunicorn's ``child_exit`` hook for multiprocess mode: a worker that
    exited stops counting in the live gauges. In ``gunicorn.conf.py``:

    >>> from flask_webui.metrics import child_exit  # doctest: +SKIP
    """
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
