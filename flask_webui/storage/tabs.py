"""Which tab a page session is: the id the page keeps in its tab's
sessionStorage and presents when it connects. A duplicated tab (its
sessionStorage copied by the browser) presents an id another live tab
holds: it gets an id of its own, with a copy of that tab's store.

>>> tabs.presented(session, "b3Jk...")   # doctest: +SKIP
'b3Jk...'
"""

from __future__ import annotations

import logging
import re
import secrets
import weakref
from typing import Any

from ..engine.session import Session
from .hub import StorageHub
from .page import TAB_KEY

logger = logging.getLogger("flask_webui")

#: What a tab id may look like (our page makes 16 URL-safe characters).
TAB_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


def check_tab_id(tab: Any) -> str | None:
    """:raises ValueError: unless ``tab`` is ``None`` or a well-formed tab id."""
    if tab is None:
        return None
    if not isinstance(tab, str) or not TAB_ID.fullmatch(tab):
        raise ValueError("the tab id must be 8 to 64 letters, digits, '-' or '_'")
    return tab


class TabIds:
    """The tab ids the live sessions of this worker hold."""

    def __init__(self, hub: StorageHub) -> None:
        self.hub = hub
        self._holders: weakref.WeakValueDictionary[str, Session] = weakref.WeakValueDictionary()

    def presented(self, session: Session, tab: str | None) -> str:
        """The tab id ``session`` goes by from now on, given the one its
        browser presented (``None``: PyWebIO's client, each page its own tab)."""
        known = session.extensions.get(TAB_KEY)
        if known is not None:
            return str(known)  # a reconnect or a resumed reload: the same tab
        if tab is None:
            tab = session.id
        holder = self._holders.get(tab)
        live = holder is not None and not holder.closed() and holder.transport is not None
        if live and holder is not session:
            tab = self._duplicate(tab)
        self._holders[tab] = session
        session.extensions[TAB_KEY] = tab
        stores = session.extensions.get("storage")
        if stores is not None:  # page code may wait for it (see PageStores.tab_id)
            stores.tab_arrived()
        return tab

    def _duplicate(self, tab: str) -> str:
        """A new id for a duplicated tab, its store a copy of the original's."""
        new = secrets.token_urlsafe(12)
        try:
            items = dict(self.hub.copy(f"tab:{tab}").items)
            if items:
                self.hub.backend.write(f"tab:{new}", items, (), self.hub.settings.tab_ttl)
        except Exception as error:
            logger.warning("storage: the duplicated tab starts with an empty store: %s", error)
        return new


__all__ = ["TAB_KEY", "TabIds", "check_tab_id"]
