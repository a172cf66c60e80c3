"""Publishing into rooms from another process (a cron script, a Celery
worker), through the app's message queue — the way Flask-SocketIO's
write-only ``SocketIO(message_queue=...)`` emits.

>>> emitter = RoomEmitter("redis://127.0.0.1:6379/0")  # doctest: +SKIP
>>> emitter.broadcast("lobby", "The build has finished", scope="chat")  # doctest: +SKIP
>>> emitter.send("lobby", {"text": "deploy done"})  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from .bus import RoomsUnavailable
from .keys import RoomKeys
from .messages import (
    broadcast_message,
    check_json,
    check_outputs,
    data_message,
    encode,
    to_room,
    to_user,
)
from .redis_url import redis_client

__all__ = ["RoomEmitter", "RoomsUnavailable"]


class RoomEmitter:
    """Write-only access to the rooms of the apps on ``url`` (``channel``
    must be their ``WEBUI_ROOMS_CHANNEL``). Works without gevent."""

    def __init__(self, url: str, channel: str = "flask_webui", max_message_bytes: int = 64 * 1024) -> None:
        import redis

        self._errors = redis.RedisError
        self._redis = redis_client(url, socket_connect_timeout=2, socket_timeout=5)
        self._channel = RoomKeys(channel).messages
        self._max = max_message_bytes

    def broadcast(self, room: str, *texts: str, scope: str = "ROOT", position: int = -1,
                  user: str | None = None) -> None:
        """Put ``texts`` into ``scope`` of every member's page (of ``user``'s
        tabs when ``user`` is given instead of a room)."""
        outputs = check_outputs([{"type": "text", "content": str(text)} for text in texts])
        check_json(outputs, "a broadcast", self._max)
        target = to_user(user) if user is not None else to_room(room)
        self._publish(broadcast_message(target, outputs, f"#pywebio-scope-{scope}", position, None))

    def send(self, room: str, data: Any, user: str | None = None) -> None:
        """Hand ``data`` to the page code of every member of ``room`` (or every tab of ``user``)."""
        data = check_json(data, "a room message", self._max)
        self._publish(data_message(to_user(user) if user is not None else to_room(room), data, None))

    def _publish(self, message: dict[str, Any]) -> None:
        try:
            self._redis.publish(self._channel, encode(message))
        except self._errors as error:
            raise RoomsUnavailable(f"the message queue does not answer ({error}); nothing was sent") from None
