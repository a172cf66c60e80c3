"""Who may open a page: ``login_required`` (Flask-Login) and ``authorize``.

The same check runs twice: for the HTTP request of the page (an unauthorized
browser gets Flask-Login's redirect to the login view, a 401 or a 403) and for
the Socket.IO connection that drives it (refused). A page's token names the
user it was issued to; a connection as anyone else is refused.

>>> @webui.page("/admin", login_required=True)                    # doctest: +SKIP
... def admin(): ...
>>> @webui.page("/staff", authorize=lambda: current_user.is_staff)  # doctest: +SKIP
... def staff(): ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, current_app

Authorize = Callable[[], bool]

#: Why a page is refused, by the HTTP status its request gets.
REFUSALS = {401: "this page needs a login", 403: "this page is not open to you"}


def _login_manager() -> Any:
    manager = getattr(current_app, "login_manager", None)
    if manager is None:
        raise RuntimeError("login_required=True needs Flask-Login: create a LoginManager for the app "
                           "(or pass authorize=... to the page)")
    return manager


def current_user_id() -> str | None:
    """The Flask-Login user id of the current request, if someone is logged in."""
    if getattr(current_app, "login_manager", None) is None:
        return None
    from flask_login import current_user

    if not current_user.is_authenticated:
        return None
    return str(current_user.get_id())


def refusal(login_required: bool, authorize: Authorize | None) -> tuple[int, str] | None:
    """Why the current request may not open the page, as ``(status, reason)``,
    or ``None`` when it may."""
    if login_required:
        _login_manager()
        if current_user_id() is None:
            return 401, REFUSALS[401]
    if authorize is not None and not authorize():
        return 403, REFUSALS[403]
    return None


def refuse_page(status: int) -> Any:
    """The answer to a page request :func:`refusal` turned down: Flask-Login's
    own (a redirect to its login view) for a missing login, else the status."""
    if status == 401:
        return _login_manager().unauthorized()
    abort(status)
