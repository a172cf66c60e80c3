"""The stores of an app, set up from its ``WEBUI_STORAGE_*`` settings."""

from __future__ import annotations

import os
from typing import Any

from ..engine.uploads import parse_size
from ..rooms.hub import RoomHub
from ..rooms.redis_url import is_redis_url
from .backend import StorageBackend
from .copies import StorageSettings
from .hub import StorageHub
from .memory import MemoryBackend

#: The file of the default backend, in the app's instance folder.
DEFAULT_FILE = "webui-storage.sqlite3"


def storage_for_app(config: dict[str, Any], instance_path: str, rooms: RoomHub | None = None) -> StorageHub:
    """The stores of an app: at ``WEBUI_STORAGE_URL``; by default in Redis when
    the ``rooms`` use Redis (their bus carries the changes), else in a SQLite
    file under ``instance_path``.

    >>> storage_for_app(app.config, app.instance_path).backend.description  # doctest: +SKIP
    'sqlite:////srv/app/instance/webui-storage.sqlite3'

    :raises ValueError: for a URL no backend takes.
    """
    ttl, tab_ttl = config["WEBUI_STORAGE_TTL"], config["WEBUI_TAB_STORAGE_TTL"]
    settings = StorageSettings(max_bytes=parse_size(config["WEBUI_STORAGE_MAX_BYTES"]),
                               ttl=None if ttl is None else float(ttl),
                               tab_ttl=None if tab_ttl is None else float(tab_ttl))
    return StorageHub(storage_backend(config, instance_path, rooms), settings)


def storage_backend(config: dict[str, Any], instance_path: str,
                    rooms: RoomHub | None = None) -> StorageBackend:
    url = config["WEBUI_STORAGE_URL"]
    bus_url = getattr(rooms.bus, "url", None) if rooms is not None else None
    if url is None:
        url = bus_url or "sqlite:///" + os.path.join(instance_path, DEFAULT_FILE)
    url = str(url)
    timeout = float(config["WEBUI_STORAGE_TIMEOUT"])
    if url.startswith("memory://"):
        return MemoryBackend()
    if url.startswith("sqlite:///"):
        from .sqlite import SQLiteBackend

        return SQLiteBackend(url[len("sqlite:///"):], timeout)
    if is_redis_url(url):
        from .redis_backend import RedisBackend

        if bus_url != url:
            raise ValueError(
                f"storage in Redis ({url!r}) hears of other workers' writes over the rooms' message "
                "queue: set WEBUI_MESSAGE_QUEUE to the same Redis")
        assert rooms is not None
        return RedisBackend(url, rooms.bus, rooms.start, config["WEBUI_STORAGE_PREFIX"], timeout)
    raise ValueError(f"WEBUI_STORAGE_URL must be sqlite:///path, redis://... or memory://, not {url!r}")
