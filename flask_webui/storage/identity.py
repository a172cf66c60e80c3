"""Whose stores a request or a page uses: the browser's id, in a signed
cookie of its own, and the signed-in user's, from Flask-Login or the
function an app registers with ``FlaskWebUI.user_identity``.

The browser cookie is HttpOnly, SameSite=Lax and Secure on HTTPS; every
response of the app that lacks a valid one sets it. A forged or tampered
cookie is refused and a new id issued.

>>> install_browser_cookie(app)     # doctest: +SKIP
>>> browser_id()                    # in a request: this browser's id
'Jq4v...'
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from flask import Flask, Response, current_app, g, request
from itsdangerous import BadSignature, Signer

logger = logging.getLogger("flask_webui")

_SALT = "flask-webui-browser"
#: ``g`` keeps this request's browser id here; ``_NEW`` when the response must set it.
_G_KEY = "_webui_storage_browser"
_G_NEW = "_webui_storage_browser_new"
#: Seconds the cookie lives: the 400 days browsers allow at most.
COOKIE_MAX_AGE = 400 * 24 * 3600
#: Longest cookie value read (a signed id is about 40 characters).
MAX_COOKIE_LENGTH = 200


def _signer(app: Flask) -> Signer:
    if not app.secret_key:
        raise RuntimeError("flask_webui signs the browser's storage cookie with the app's secret key: "
                           "set app.config['SECRET_KEY']")
    return Signer(app.secret_key, salt=_SALT)


def read_cookie(app: Flask, value: str | None) -> str | None:
    """The browser id a cookie value vouches for, or ``None`` (missing, forged, tampered)."""
    if not value or len(value) > MAX_COOKIE_LENGTH:
        return None
    try:
        return _signer(app).unsign(value).decode()
    except (BadSignature, UnicodeDecodeError):
        logger.info("storage: refused a browser cookie with a bad signature; a new browser id is issued")
        return None


def browser_id() -> str:
    """The id of the browser making the current request (a new one, set on
    the response, when it presents none that is valid)."""
    value = g.get(_G_KEY)
    if value is None:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        value = read_cookie(app, request.cookies.get(app.config["WEBUI_BROWSER_COOKIE"]))
        if value is None:
            value = secrets.token_urlsafe(16)
            setattr(g, _G_NEW, True)
        setattr(g, _G_KEY, value)
    return value


def _set_cookie(response: Response) -> Response:
    if request.endpoint == "static" and not g.get(_G_NEW):
        return response
    browser = browser_id()
    if g.get(_G_NEW):
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        response.set_cookie(app.config["WEBUI_BROWSER_COOKIE"], _signer(app).sign(browser).decode(),
                            max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax", secure=request.is_secure,
                            path=app.config.get("APPLICATION_ROOT") or "/")
    return response


def install_browser_cookie(app: Flask) -> None:
    """Give every response of ``app`` that lacks one the browser cookie."""
    if app.config["WEBUI_BROWSER_COOKIE"]:
        app.after_request(_set_cookie)


def current_identity(identify: Callable[[], str | None] | None) -> str | None:
    """The signed-in user of the current request as ``identify()`` says
    (``None``: nobody, or no function registered)."""
    if identify is None:
        return None
    user = identify()
    if user is not None and not isinstance(user, str):
        raise TypeError(f"the user_identity function returned {type(user).__name__}; "
                        "it must return a string or None")
    return user
