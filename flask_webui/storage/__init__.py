"""Storage that follows the user: per signed-in user, per browser, per
browser tab and app-wide, persistent and shared live across tabs, workers
and servers.

=================  ==========================================  ===========================
store              whose                                       lives
=================  ==========================================  ===========================
``user``           the signed-in user (Flask-Login, or         ``WEBUI_STORAGE_TTL`` after
                   ``webui.user_identity``); without a login,  its last use
                   the browser's store
``browser``        the browser (a signed, HttpOnly cookie)     the same
``tab``            one browser tab (its sessionStorage)        ``WEBUI_TAB_STORAGE_TTL``
``general``        the app                                     for ever
=================  ==========================================  ===========================

>>> from flask_webui import storage
>>> storage.user["theme"] = "dark"                      # doctest: +SKIP
>>> with storage.browser.transaction() as data:         # doctest: +SKIP
...     data["visits"] = data.get("visits", 0) + 1
>>> storage.user.wait_change("theme", timeout=60)       # doctest: +SKIP
Change(store='user', key='theme', value='light', deleted=False)
"""

from __future__ import annotations

from ..exceptions import StorageCorrupt, StorageUnavailable
from .copies import Change
from .hub import StorageHub
from .stores import Store, hub_of_app

# The signed-in user's store (Flask-Login's id, or ``@webui.user_identity``);
# without a login, the browser's.
user = Store("user")
# This browser's store, named by a signed cookie.
browser = Store("browser")
# This browser tab's store: it survives reloads and reconnects of the tab.
tab = Store("tab")
# The app's store, shared by every user.
general = Store("general")


def erase_user(user_id: str) -> list[str]:
    """Delete every store of the user ``user_id`` and of the browsers and tabs
    it used, on the app's backend; returns the stores' names.

    >>> storage.erase_user("42")                        # doctest: +SKIP
    ['user:42', 'browser:Jq4v...']
    """
    if not isinstance(user_id, str):
        raise TypeError("erase_user() takes the user's id as a string")
    return hub_of_app().erase_user(user_id)


def sweep() -> list[str]:
    """Delete the stores whose time is up now (the app also does so every
    hour); returns their names."""
    return hub_of_app().sweep()


__all__ = ["Change", "Store", "StorageCorrupt", "StorageHub", "StorageUnavailable", "browser", "erase_user",
           "general", "sweep", "tab", "user"]
