"""The stores bound to an app: its hub, the browser cookie on its
responses, each page session's identity taken in the request that opens
it, the hourly expiry sweep."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import gevent
from flask import Flask, has_request_context

from .. import signals
from ..engine.session import Session
from ..rooms.hub import RoomHub
from .hub import StorageHub
from .identity import browser_id, current_identity, install_browser_cookie
from .setup import storage_for_app
from .stores import EXTENSION_KEY, IDENTITY_KEY

logger = logging.getLogger("flask_webui")

#: Seconds between two expiry sweeps of a worker.
SWEEP_INTERVAL = 3600.0


def bind_storage(app: Flask, rooms: RoomHub,
                 identify: Callable[[], str | None]) -> StorageHub:
    """Set up ``app``'s stores (see :func:`~.setup.storage_for_app`)."""
    hub = storage_for_app(app.config, app.instance_path, rooms)
    hub.identify = identify
    hub.app = app
    app.extensions[EXTENSION_KEY] = hub
    install_browser_cookie(app)

    def identified(sender: Flask, session: Session, **_: Any) -> None:
        # In the request that opens the page: its login and its browser cookie.
        if has_request_context():
            browser = browser_id() if app.config["WEBUI_BROWSER_COOKIE"] else None
            session.extensions[IDENTITY_KEY] = (current_identity(hub.identify), browser)

    signals.session_opened.connect(identified, sender=app, weak=False)
    hub.on_first_use = lambda: gevent.spawn(_sweep_hourly, hub)
    return hub


def _sweep_hourly(hub: StorageHub) -> None:
    while True:
        try:
            swept = hub.sweep()
            if swept:
                logger.info("storage: deleted %d stores whose time was up", len(swept))
        except Exception as error:
            logger.warning("storage: the expiry sweep failed: %s", error)
        gevent.sleep(SWEEP_INTERVAL)
