"""The border between a session and whatever carries its messages."""

from __future__ import annotations

from typing import Any, Protocol


class Transport(Protocol):
    """What a session needs from a transport (Socket.IO, HTTP polling, memory).

    A session calls :meth:`deliver` with each batch payload
    (``{"seq": n, "commands": [...]}``) in order; the transport feeds events
    back through :meth:`Session.receive`. A transport may be swapped for another
    mid-session (a reconnect), after which the session replays what the browser
    has not acknowledged.
    """

    #: How the page talks to the server: ``"websocket"`` (Socket.IO), ``"http"`` (polling), ``"test"``.
    protocol: str
    #: The page load (browser tab) behind this transport; ``None`` when unknown.
    client_id: str | None

    def deliver(self, payload: dict[str, Any]) -> None:
        """Send one batch to the browser. Must not block for long."""

    def report_error(self, message: str) -> None:
        """Tell the browser that something it sent was refused (a
        :class:`~flask_webui.engine.problems.Problem` says what kind)."""

    def supersede(self) -> None:
        """A newer page load took the session over: tell this browser tab."""

    def close(self) -> None:
        """The session has ended; release the connection."""
