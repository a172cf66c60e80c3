"""Signed session tokens: which page a browser opened, under which session id.

A token is bound to the browser that opened the page: the page request puts a
random browser id in the Flask session (a signed cookie) and the token names
it, so a token copied to another browser (or another browser profile) is refused.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask import session as flask_session
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..exceptions import TokenError

_SALT = "flask-webui-session"
#: The Flask session key holding this browser's id.
BROWSER_KEY = "_webui_browser"


@dataclass(frozen=True)
class PageClaim:
    """What a token vouches for: a session id, the page endpoint and the path
    and query string of the request that opened the page, the Flask-Login user
    it was issued to, and when."""

    session_id: str
    endpoint: str
    path: str
    query: str
    user: str | None = None
    issued_at: float = 0.0
    #: The client address Flask saw for the page request (after ProxyFix & co.).
    remote_addr: str | None = None
    #: The browser id (in the Flask session) of the browser that opened the page.
    browser: str | None = None


def _serializer(app: Flask) -> URLSafeTimedSerializer:
    if not app.secret_key:
        raise RuntimeError(
            "flask_webui signs its session tokens with the app's secret key: set "
            "app.config['SECRET_KEY'] (for example from an environment variable)."
        )
    return _serializer_for(app.secret_key)


@functools.lru_cache(maxsize=8)
def _serializer_for(secret_key: str | bytes) -> URLSafeTimedSerializer:
    # Made once per key, not for each token (three per page session): building
    # one derives its signer; a rotated key simply gets its own.
    return URLSafeTimedSerializer(secret_key, salt=_SALT)


def browser_id() -> str:
    """The id of the browser making the current request, kept in its Flask
    session (created on first use)."""
    value = flask_session.get(BROWSER_KEY)
    if not isinstance(value, str):
        value = flask_session[BROWSER_KEY] = secrets.token_urlsafe(12)
    return value


def issue_token(app: Flask, endpoint: str, path: str, query: str, user: str | None = None,
                remote_addr: str | None = None, session_id: str | None = None) -> str:
    """A signed token for a page request: a new unguessable session id (or
    ``session_id``), bound to the requesting browser (see :func:`browser_id`)."""
    serializer = _serializer(app)
    claim = {"s": session_id or secrets.token_urlsafe(18), "e": endpoint, "p": path, "q": query,
             "u": user, "a": remote_addr, "b": browser_id()}
    return serializer.dumps(claim)


def load_token(app: Flask, token: Any) -> PageClaim:
    """Check a token's signature, age and browser (the current request's
    Flask session).

    :raises TokenError: when it is forged, expired, malformed or another
        browser's.
    """
    if not isinstance(token, str) or len(token) > 4096:
        raise TokenError("missing or malformed session token")
    try:
        data, issued = _serializer(app).loads(token, max_age=app.config["WEBUI_TOKEN_MAX_AGE"],
                                              return_timestamp=True)
    except SignatureExpired:
        raise TokenError("the session token has expired; reload the page") from None
    except BadSignature:
        raise TokenError("the session token is not valid") from None
    try:
        user, address = data.get("u"), data.get("a")
        claim = PageClaim(str(data["s"]), str(data["e"]), str(data["p"]), str(data["q"]),
                          None if user is None else str(user), issued.timestamp(),
                          None if address is None else str(address), str(data["b"]))
    except (KeyError, TypeError, AttributeError):
        raise TokenError("the session token is not valid") from None
    if flask_session.get(BROWSER_KEY) != claim.browser:
        raise TokenError("the session token was issued to another browser; reload the page")
    return claim


def browser_of(app: Flask, environ: dict[str, Any]) -> Any:
    """The browser id in the Flask session cookie of a request not yet in a
    request context (WSGI middleware looks at it before Flask does).

    >>> browser_of(app, environ)  # doctest: +SKIP
    'mJ3k...'
    """
    session = app.session_interface.open_session(app, app.request_class(environ))
    return None if session is None else session.get(BROWSER_KEY)
