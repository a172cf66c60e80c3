"""Exceptions raised by flask_webui."""

from __future__ import annotations

__all__ = [
    "OutsideSessionError",
    "ProtocolError",
    "SessionClosed",
    "StorageCorrupt",
    "StorageUnavailable",
    "TakenOver",
    "TokenError",
    "WebUIError",
]


class WebUIError(Exception):
    """Base class of every flask_webui error."""


class SessionClosed(WebUIError):
    """The page session has ended while code was waiting on it.

    Raised inside page code blocked in ``input()`` (or any other wait) when the
    browser goes away for good or the session is closed. Page code normally lets
    it propagate; the engine swallows it quietly.
    """


class OutsideSessionError(WebUIError, RuntimeError):
    """A page API function was called outside a page session.

    Functions such as ``put_text`` or ``input`` act on "the current page" and so
    only work inside a function registered with ``@webui.page`` (or a callback it
    registered).
    """


class ProtocolError(WebUIError, ValueError):
    """A message from the browser does not follow the wire protocol."""


class TokenError(WebUIError):
    """A session token is forged, expired or malformed."""


class TakenOver(WebUIError):
    """A newer page load (another tab) took over the session this one drove."""


class StorageUnavailable(WebUIError, ConnectionError):
    """The storage backend does not answer (Redis down, the SQLite file
    locked past ``WEBUI_STORAGE_TIMEOUT``): nothing was read or written."""


class StorageCorrupt(WebUIError, ValueError):
    """A stored value cannot be read back; the rest of its store can."""
