"""Signed session tokens: which page a browser opened, under which session id."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from flask import Flask
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .exceptions import TokenError

_SALT = "flask-webui-session"


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


def _serializer(app: Flask) -> URLSafeTimedSerializer:
    if not app.secret_key:
        raise RuntimeError(
            "flask_webui signs its session tokens with the app's secret key: set "
            "app.config['SECRET_KEY'] (for example from an environment variable)."
        )
    return URLSafeTimedSerializer(app.secret_key, salt=_SALT)


def issue_token(app: Flask, endpoint: str, path: str, query: str, user: str | None = None,
                remote_addr: str | None = None) -> str:
    """A new unguessable session id for a page request, signed."""
    claim = {"s": secrets.token_urlsafe(18), "e": endpoint, "p": path, "q": query, "u": user,
             "a": remote_addr}
    return _serializer(app).dumps(claim)


def load_token(app: Flask, token: Any) -> PageClaim:
    """Check a token's signature and age.

    :raises TokenError: when it is forged, expired or malformed.
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
        return PageClaim(str(data["s"]), str(data["e"]), str(data["p"]), str(data["q"]),
                         None if user is None else str(user), issued.timestamp(),
                         None if address is None else str(address))
    except (KeyError, TypeError):
        raise TokenError("the session token is not valid") from None
