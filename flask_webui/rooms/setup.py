"""The rooms of an app, set up from its ``WEBUI_*`` settings."""

from __future__ import annotations

from typing import Any

from ..engine.registry import SessionRegistry
from .bus import LocalBus, RoomBus
from .hub import RoomHub
from .redis_url import is_redis_url


def rooms_for_app(config: dict[str, Any], registry: SessionRegistry, socketio_queue: Any = None) -> RoomHub:
    """The room hub of an app whose config is ``config``: over Redis at
    ``WEBUI_MESSAGE_QUEUE`` (else ``socketio_queue``, the ``message_queue``
    its SocketIO was given), otherwise inside this process.

    >>> hub = rooms_for_app(app.config, webui.registry)   # doctest: +SKIP
    >>> type(hub.bus).__name__
    'LocalBus'

    :raises ValueError: for a message queue that is not Redis.
    """
    return RoomHub(registry, room_bus(config, socketio_queue), int(config["WEBUI_ROOM_HISTORY"]))


def room_bus(config: dict[str, Any], socketio_queue: Any = None) -> RoomBus:
    """The bus of the rooms: see :func:`rooms_for_app`."""
    url = config["WEBUI_MESSAGE_QUEUE"]
    if url is None:
        url = socketio_queue
    if not url:
        return LocalBus()
    if not is_redis_url(str(url)):
        raise ValueError(f"rooms need a Redis message queue (redis://, rediss://, unix://, valkey://, "
                         f"redis+sentinel://...), not {url!r}")
    from .redis_bus import RedisBus  # redis-py is imported only by apps that use it

    return RedisBus(str(url), config["WEBUI_ROOMS_CHANNEL"], float(config["WEBUI_WORKER_TTL"]),
                    int(config["WEBUI_MAX_ROOM_MESSAGE"]))
