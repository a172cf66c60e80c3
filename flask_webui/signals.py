"""Signals about sessions, sent with the Flask app as sender (blinker, as
Flask's own signals). Metrics (:mod:`flask_webui.metrics`) are built on
them; an app may connect its own receivers, for its logs or counters.

>>> from flask_webui.signals import session_ended
>>> @session_ended.connect_via(app)          # doctest: +SKIP
... def note(app, session, reason): ...

Every receiver gets keyword arguments; ``session`` is the
:class:`flask_webui.engine.session.Session` (``session.id``,
``session.page``, ``session.user``), or ``None`` where a message came from
no session.
"""

from __future__ import annotations

from blinker import Namespace

__all__ = [
    "END_REASONS",
    "REFUSAL_REASONS",
    "admission_refused",
    "batch_acknowledged",
    "batches_replayed",
    "commands_sent",
    "event_refused",
    "events_received",
    "page_error",
    "room_joined",
    "room_left",
    "session_attached",
    "session_detached",
    "session_ended",
    "session_opened",
    "storage_conflict",
    "storage_read",
    "storage_unavailable",
    "storage_written",
    "upload_received",
]

_signals = Namespace()

#: A page's session started: ``session``.
session_opened = _signals.signal("webui-session-opened")
#: A browser tab attached to the session: ``session``, ``transport``
#: (``"websocket"``, ``"http"`` or ``"test"``).
session_attached = _signals.signal("webui-session-attached")
#: The session's browser went away (it may come back within the reconnect window): ``session``.
session_detached = _signals.signal("webui-session-detached")
#: The session ended: ``session``, ``reason`` (one of :data:`END_REASONS`).
session_ended = _signals.signal("webui-session-ended")
#: Events from the browser were applied: ``session``, ``count``.
events_received = _signals.signal("webui-events-received")
#: Something a browser sent was refused: ``session``, ``reason`` (one of :data:`REFUSAL_REASONS`).
event_refused = _signals.signal("webui-event-refused")
#: A browser was refused a session (a bad or expired token, a user the page refuses): ``session`` is ``None``.
admission_refused = _signals.signal("webui-admission-refused")
#: A batch of commands left for the browser: ``session``, ``count`` (commands in it).
commands_sent = _signals.signal("webui-commands-sent")
#: Batches sent again to a browser that came back: ``session``, ``count``.
batches_replayed = _signals.signal("webui-batches-replayed")
#: The browser said it applied batches: ``session``, ``seconds`` since the newest of them left.
batch_acknowledged = _signals.signal("webui-batch-acknowledged")
#: Page code raised: ``session``.
page_error = _signals.signal("webui-page-error")
#: A file chunk arrived: ``session``, ``size`` (bytes).
upload_received = _signals.signal("webui-upload-received")
#: The session joined a room: ``session``, ``room``, ``first`` (no other session of this worker is in it).
room_joined = _signals.signal("webui-room-joined")
#: The session left a room (or ended): ``session``, ``room``, ``last`` (none of this worker's is left in it).
room_left = _signals.signal("webui-room-left")

#: A store was read: ``store`` (``"user"``, ``"browser"``, ``"tab"`` or
#: ``"general"``), ``source`` (``"copy"``: this worker's; ``"backend"``). The sender is the app.
storage_read = _signals.signal("webui-storage-read")
#: A store was written: ``store``, ``size`` (bytes of JSON written).
storage_written = _signals.signal("webui-storage-written")
#: A transaction waited for another holding the same store: ``store``.
storage_conflict = _signals.signal("webui-storage-conflict")
#: A store's backend did not answer: ``store``.
storage_unavailable = _signals.signal("webui-storage-unavailable")

#: Why sessions end.
END_REASONS = (
    "returned",      # the page function returned (and no callback or task keeps it)
    "browser_gone",  # no browser came back within the reconnect window (a closed tab, a lost network)
    "stalled",       # the browser stopped acknowledging what it was sent
    "login_expired",  # the login the page was opened with expired
    "error",         # the page function raised
    "closed",        # closed by code (the test client, an operator)
    "shutdown",      # the server stopped (SIGTERM, SIGINT, gunicorn's reload)
)

#: Why what a browser sent was refused.
REFUSAL_REASONS = (
    "malformed",     # not a message of the protocol, or over a size limit
    "unexpected",    # for a form or callback that is not waiting (or never was)
    "not_offered",   # a value the page never offered (a button, a row id)
    "overflow",      # too many events queued for one form or callback
    "out_of_order",  # numbered far ahead of what was applied, or an acknowledgement of a batch never sent
    "ended",         # the session has ended
    "upload",        # a file chunk refused (size, offset, limit)
)
