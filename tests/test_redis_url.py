"""Every Redis URL python-socketio's RedisManager takes works for rooms and
storage; anything else is refused at start with a message naming it."""

from __future__ import annotations

import pytest
import socketio
from flask import Flask
from flask_socketio import SocketIO

from flask_webui import FlaskWebUI
from flask_webui.rooms.redis_url import display_url, is_redis_url, parse_sentinel_url, redis_client


def test_a_sentinel_url_names_its_sentinels_database_service_and_credentials():
    url = "redis+sentinel://:s3cret@10.0.0.1:26379,10.0.0.2:26380/2/orders"
    assert parse_sentinel_url(url) == ([("10.0.0.1", 26379), ("10.0.0.2", 26380)], "orders",
                                       {"password": "s3cret", "db": 2})
    assert parse_sentinel_url("valkey+sentinel://h:1")[1] == "mymaster"  # the conventional service
    for bad in ("redis+sentinel:///0/x", "redis+sentinel://host/0/x", "redis+sentinel://h:port/0"):
        with pytest.raises(ValueError, match="host:port|at least one"):
            parse_sentinel_url(bad)


def test_which_urls_are_redis_and_how_they_read_in_logs():
    for url in ("redis://h:1/0", "rediss://h", "unix:///tmp/r.sock", "valkey://h", "valkeys://h",
                "redis+sentinel://h:1/0/m", "valkey+sentinel://h:1"):
        assert is_redis_url(url), url
    assert not is_redis_url("amqp://h") and not is_redis_url(None)
    assert display_url("redis+sentinel://:pw@h1:1,h2:2/0/m") == "redis+sentinel://h1:1,h2:2/0/m"
    assert redis_client("valkey://127.0.0.1:1/3").connection_pool.connection_kwargs["db"] == 3
    sentinel_client = redis_client("redis+sentinel://127.0.0.1:1/4/orders", socket_timeout=1)
    assert sentinel_client.connection_pool.service_name == "orders"
    with pytest.raises(ValueError, match="not a Redis URL"):
        redis_client("amqp://user:pw@h")


def test_rooms_and_storage_follow_a_socketio_client_manager_and_refuse_other_queues():
    app = Flask(__name__)
    app.config.update(SECRET_KEY="k")
    url = "redis+sentinel://127.0.0.1:1,127.0.0.1:2/0/mymaster"
    webui = FlaskWebUI(app, SocketIO(app, async_mode="gevent", client_manager=socketio.RedisManager(url)))
    assert webui.rooms.bus.url == url  # type: ignore[attr-defined]
    assert webui.storage is not None and webui.storage.backend.description == url
    other = Flask(__name__)
    other.config.update(SECRET_KEY="k", WEBUI_MESSAGE_QUEUE="amqp://guest@127.0.0.1//")
    with pytest.raises(ValueError, match="rooms need a Redis message queue"):
        FlaskWebUI(other)
