"""A page session's stores: whose they are (decided in the request that
opened the session), and the page code that listens to them.

Kept in ``session.extensions["storage"]``; made on first use, so a page
that never touches storage carries nothing of it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

import gevent
from gevent.event import AsyncResult
from gevent.event import Event as GeventEvent

from ..engine.session import Session
from .copies import Change
from .hub import StorageHub

#: ``session.extensions`` key of the tab id a page session is known by (see :mod:`.tabs`).
TAB_KEY = "storage_tab"
#: Changes waiting for a page's on_change callbacks before the oldest are dropped.
MAX_WAITING_CHANGES = 1000


class PageStores:
    """The stores one page session uses and its change callbacks. Small, as
    every session that reads a store has one: what only listening pages or
    waiting reads need is made when they need it."""

    __slots__ = ("session", "user", "browser", "_tab_known", "_linked", "_stops", "_to_run", "_work",
                 "_runner")

    def __init__(self, session: Session, user: str | None, browser: str | None) -> None:
        self.session = session
        self.user = user
        self.browser = browser
        self._tab_known: GeventEvent | None = None
        #: The stores already linked to the user (for ``erase_user``).
        self._linked: set[str] | None = None
        self._stops: list[Callable[[], None]] | None = None
        self._to_run: deque[tuple[Callable[[Change], Any], Change]] | None = None
        self._work: GeventEvent | None = None
        self._runner: gevent.Greenlet | None = None

    def tab_arrived(self) -> None:
        """The browser said which tab it is (see :mod:`.tabs`)."""
        if self._tab_known is not None:
            self._tab_known.set()

    def _link(self, hub: StorageHub, store: str, ttl: float | None) -> None:
        if self.user is None:
            return
        if self._linked is None:
            self._linked = set()
        if store not in self._linked:
            self._linked.add(store)
            hub.link(self.user, store, ttl)

    # -- which store ----------------------------------------------------------------------

    def store(self, hub: StorageHub, scope: str) -> str:
        """The name of this page's ``scope`` store (linked to its user, for ``erase_user``)."""
        if scope == "general":
            return "general"
        if scope == "tab":
            return f"tab:{self.tab_id(hub)}"
        if self.browser is None:
            raise RuntimeError("storage.browser needs the browser cookie: WEBUI_BROWSER_COOKIE is off")
        self._link(hub, f"browser:{self.browser}", hub.settings.ttl)
        if scope == "user" and self.user is not None:
            return f"user:{self.user}"
        return f"browser:{self.browser}"

    def tab_id(self, hub: StorageHub) -> str:
        """The tab's id, waiting (as ``eval_js`` does) until the browser has connected."""
        tab = self.session.extensions.get(TAB_KEY)
        if tab is None:
            if self._tab_known is None:
                self._tab_known = GeventEvent()
            with self.session.delegating():
                if not self._tab_known.wait(self.session.settings.answer_timeout):
                    raise TimeoutError("storage.tab: the browser tab did not connect within "
                                       f"{self.session.settings.answer_timeout:g} s")
            tab = self.session.extensions[TAB_KEY]
        self._link(hub, f"tab:{tab}", hub.settings.tab_ttl)
        return str(tab)

    # -- listening ---------------------------------------------------------------------------

    def on_change(self, hub: StorageHub, store: str, callback: Callable[[Change], Any]) -> None:
        """Run ``callback(change)`` as page code of this session after each change, in order."""
        if self._to_run is None or self._work is None:
            self._to_run, self._work = deque(maxlen=MAX_WAITING_CHANGES), GeventEvent()
        to_run, work = self._to_run, self._work

        def queue(change: Change) -> None:
            to_run.append((callback, change))
            work.set()
            if self._runner is None:
                self._runner = self.session.spawn_task(self._run, task_id="storage")

        self._stopping(hub.listen(store, queue))

    def _stopping(self, stop: Callable[[], None]) -> None:
        """Call ``stop`` when the session ends."""
        if self._stops is None:
            self._stops = []
            self.session.defer_call(self._end)
        self._stops.append(stop)

    def _run(self) -> None:
        assert self._to_run is not None and self._work is not None
        while True:
            with self.session.delegating():
                self._work.wait()
            self._work.clear()
            while self._to_run:
                callback, change = self._to_run.popleft()
                try:
                    callback(change)
                except Exception:
                    self.session.report_exception()

    def wait_change(self, hub: StorageHub, store: str, key: str | None,
                    timeout: float | None) -> Change | None:
        """The next change of ``store`` (of ``key``, if given); ``None`` after ``timeout`` seconds."""
        result: AsyncResult = AsyncResult()

        def listener(change: Change) -> None:
            if key is None or change.key == key:
                result.set(change)

        stop = hub.listen(store, listener)
        try:
            with self.session.delegating():
                return result.get(timeout=timeout)  # type: ignore[no-any-return]
        except gevent.Timeout:
            return None
        finally:
            stop()

    def _end(self) -> None:
        for stop in self._stops or ():
            stop()
        self._stops = None
