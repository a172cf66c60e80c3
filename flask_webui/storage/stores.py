"""The stores as page code and views see them: ``storage.user``,
``storage.browser``, ``storage.tab`` and ``storage.general``, each a
mutable mapping of JSON values resolved, at each use, for the page or the
request running now.

>>> from flask_webui import storage
>>> storage.user["theme"] = "dark"              # doctest: +SKIP
>>> with storage.user.transaction() as data:    # doctest: +SKIP
...     data["visits"] = data.get("visits", 0) + 1
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from contextlib import AbstractContextManager
from typing import Any, cast

from flask import current_app, has_app_context, has_request_context

from ..engine.session import Session
from ..engine.tasks import running_task
from ..exceptions import OutsideSessionError
from .copies import Change
from .hub import StorageHub
from .identity import browser_id, current_identity
from .page import PageStores
from .values import check_key

#: Where an app keeps its :class:`StorageHub` (``app.extensions``).
EXTENSION_KEY = "webui_storage"
#: ``session.extensions`` key of the ``(user, browser)`` a session's stores
#: belong to, taken in the request that opened it.
IDENTITY_KEY = "storage_identity"
SCOPES = ("user", "browser", "tab", "general")

_MISSING = object()


def hub_of_app() -> StorageHub:
    if not has_app_context():
        raise OutsideSessionError("flask_webui.storage is used in page code, in a request, "
                                  "or inside app.app_context()")
    hub = current_app.extensions.get(EXTENSION_KEY)
    if hub is None:
        raise RuntimeError("flask_webui.storage needs FlaskWebUI(app) (or init_app) first")
    return cast(StorageHub, hub)


def page_stores(session: Session) -> PageStores:
    """The stores of ``session`` (made on first use, for the user and browser
    of the request that opened it)."""
    stores = session.extensions.get("storage")
    if stores is None:
        user, browser = session.extensions.get(IDENTITY_KEY, (None, None))
        stores = session.extensions["storage"] = PageStores(session, user, browser)
    return cast(PageStores, stores)


def _current_page() -> Session | None:
    try:
        session: Session = running_task().session
    except OutsideSessionError:
        return None
    return session


class Store(MutableMapping[str, Any]):
    """One store (``storage.user``, ...): a mutable mapping of JSON values.

    Values read are copies: change one and assign it back. Keys are strings;
    an assigned value that JSON cannot carry raises :class:`TypeError` naming
    where in it, a store over ``WEBUI_STORAGE_MAX_BYTES`` :class:`ValueError`.
    A backend that does not answer raises
    :class:`~flask_webui.exceptions.StorageUnavailable`.
    """

    def __init__(self, scope: str) -> None:
        self.scope = scope

    def _where(self) -> tuple[StorageHub, str, PageStores | None]:
        hub = hub_of_app()
        session = _current_page()
        if session is not None:
            stores = page_stores(session)
            return hub, stores.store(hub, self.scope), stores
        if self.scope == "general":
            return hub, "general", None
        if not has_request_context():
            raise OutsideSessionError(f"storage.{self.scope} belongs to a browser: use it in page code "
                                      "or in a request (storage.general works in any app context)")
        if self.scope == "tab":
            raise RuntimeError("storage.tab belongs to a browser tab, which a plain Flask view has "
                               "none of: use it in page code")
        user = current_identity(hub.identify) if self.scope == "user" else None
        return hub, f"user:{user}" if user is not None else f"browser:{browser_id()}", None

    def _store(self) -> tuple[StorageHub, str]:
        hub, store, _ = self._where()
        return hub, store

    # -- the mapping ----------------------------------------------------------------------

    def __getitem__(self, key: str) -> Any:
        hub, store = self._store()
        return hub.value(store, check_key(key))

    def __setitem__(self, key: str, value: Any) -> None:
        hub, store = self._store()
        hub.write(store, {check_key(key): value}, ())

    def __delitem__(self, key: str) -> None:
        hub, store = self._store()
        if check_key(key) not in hub.copy(store).items:
            raise KeyError(key)
        hub.write(store, {}, (key,))

    def __iter__(self) -> Iterator[str]:
        hub, store = self._store()
        return iter(list(hub.copy(store).items))

    def __len__(self) -> int:
        hub, store = self._store()
        return len(hub.copy(store).items)

    def __contains__(self, key: object) -> bool:
        hub, store = self._store()
        return key in hub.copy(store).items

    def get(self, key: str, default: Any = None) -> Any:
        hub, store = self._store()
        if check_key(key) not in hub.copy(store).items:
            return default
        return hub.value(store, key)

    def update(self, other: Any = (), /, **values: Any) -> None:  # type: ignore[override]
        """Assign several keys in one write."""
        changes = dict(other, **values)
        for key in changes:
            check_key(key)
        hub, store = self._store()
        hub.write(store, changes, ())

    def clear(self) -> None:
        """Remove every key in one write."""
        hub, store = self._store()
        hub.write(store, {}, list(hub.copy(store).items))

    def __repr__(self) -> str:
        return f"<storage.{self.scope}>"

    # -- more than a mapping --------------------------------------------------------------------

    def transaction(self) -> AbstractContextManager[dict[str, Any]]:
        """The store as a dict, held against every other transaction of it
        (in any worker) until the block ends, then written at once:

        >>> with storage.user.transaction() as data:    # doctest: +SKIP
        ...     data["visits"] = data.get("visits", 0) + 1
        """
        hub, store = self._store()
        return hub.transaction(store)

    def on_change(self, callback: Callable[[Change], Any]) -> None:
        """Call ``callback(change)`` in this page after every change of the
        store, made here or in any tab, worker or server (page code only)."""
        hub, store, stores = self._where()
        if stores is None:
            raise OutsideSessionError(f"storage.{self.scope}.on_change() is for page code")
        stores.on_change(hub, store, callback)

    def wait_change(self, key: str | None = None, timeout: float | None = None) -> Change | None:
        """Wait for the next change of the store (of ``key``, if given) and
        return it; ``None`` after ``timeout`` seconds (page code only)."""
        hub, store, stores = self._where()
        if stores is None:
            raise OutsideSessionError(f"storage.{self.scope}.wait_change() is for page code")
        return stores.wait_change(hub, store, None if key is None else check_key(key), timeout)

    def name(self) -> str:
        """Which store this is now, e.g. ``'user:42'`` (for logs and tests)."""
        return self._store()[1]
