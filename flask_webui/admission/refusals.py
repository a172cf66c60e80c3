"""Why a browser is refused its session, and how each refusal reads on the
wire: the one place that decides what the page says and whether it loads
again by itself. Transports only put the answer in their envelope
(Socket.IO: a refused connection; HTTP polling: ``close_session`` or 403).

>>> error = SessionEnded.for_app(debug=True)
>>> error.ends_session, farewell(error)["reload"]
(True, True)
"""

from __future__ import annotations

from typing import Any

from ..exceptions import WebUIError

#: What a page says when its server stops, and a browser that asks for a new session meanwhile.
RESTARTING = "The server is restarting. Reload the page in a moment."
#: What a page says when, in debug mode, its session is gone: the server restarted (new code).
RESTARTED_IN_DEBUG = "The server restarted with changed code: this page starts again."
#: What a page that reloads by itself once the server is back says then.
RESTARTING_RELOADS = "The server is restarting. This page starts again by itself once it is back."
#: What a page whose session has ended says (outside debug mode).
SESSION_OVER = "this page's session has ended; reload the page"


class AdmissionRefused(WebUIError):
    """The browser may not drive the session it asked for; the message says
    why, fit to show it."""

    #: Whether the page loads again by itself (the server is back, or restarted on new code).
    reload = False
    #: Whether the session is over for this browser (the page shows its end),
    #: rather than this one request refused.
    ends_session = False


class Draining(AdmissionRefused):
    """The server is stopping and starts no session: the page loads again
    once the server is back."""

    reload = True
    ends_session = True

    def __init__(self, message: str = RESTARTING_RELOADS) -> None:
        super().__init__(message)


class SessionEnded(AdmissionRefused):
    """The session the browser asks for has ended (or, for a request that may
    not start one, never was)."""

    ends_session = True

    def __init__(self, message: str = SESSION_OVER, reload: bool = False) -> None:
        super().__init__(message)
        self.reload = reload

    @classmethod
    def for_app(cls, debug: bool) -> SessionEnded:
        """In debug mode the reloader restarted the server: the page starts
        again on the new code, by itself."""
        return cls(RESTARTED_IN_DEBUG, reload=True) if debug else cls()


def farewell(error: AdmissionRefused) -> dict[str, Any] | None:
    """What the page is told with the refusal (``close_session``'s spec, a
    refused connection's data): ``{"message", "reload": True}`` for a page
    that loads again by itself, else nothing beyond the message."""
    return {"message": str(error), "reload": True} if error.reload else None
