"""Every Redis URL python-socketio's ``RedisManager`` takes, made into a
redis-py client: ``redis://``, ``rediss://``, ``unix://``, ``valkey://`` and
``valkeys://`` (Valkey speaks Redis's protocol), and Sentinel for a Redis
that fails over: ``redis+sentinel://[:password@]host1:port1,host2:port2/db/service``
(also ``valkey+sentinel://``); the client then asks the sentinels which
server is the master, again after each failover.

>>> is_redis_url("redis+sentinel://127.0.0.1:26379,127.0.0.1:26380/0/mymaster")
True
>>> display_url("redis://:secret@127.0.0.1:6379/0")
'redis://127.0.0.1:6379/0'
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

SENTINEL_SCHEMES = ("redis+sentinel", "valkey+sentinel")
#: Scheme -> the one redis-py's ``from_url`` takes.
PLAIN_SCHEMES = {"redis": "redis", "rediss": "rediss", "unix": "unix", "valkey": "redis", "valkeys": "rediss"}
#: The service a Sentinel URL without one names.
DEFAULT_SERVICE = "mymaster"


def is_redis_url(url: Any) -> bool:
    return isinstance(url, str) and urlsplit(url).scheme in (*PLAIN_SCHEMES, *SENTINEL_SCHEMES)


def is_sentinel_url(url: Any) -> bool:
    return isinstance(url, str) and urlsplit(url).scheme in SENTINEL_SCHEMES


def parse_sentinel_url(url: str) -> tuple[list[tuple[str, int]], str, dict[str, Any]]:
    """The sentinels' addresses, the service name and the client's options
    (``db``, ``username``, ``password``) of a Sentinel URL.

    :raises ValueError: for a URL that names no sentinel or a bad port.
    """
    parts = urlsplit(url)
    addresses = parts.netloc.rpartition("@")[2]
    sentinels = []
    for address in filter(None, addresses.split(",")):
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"a Sentinel URL names host:port pairs, not {address!r}")
        sentinels.append((host, int(port)))
    if not sentinels:
        raise ValueError("a Sentinel URL names at least one sentinel (host:port)")
    options: dict[str, Any] = {}
    if parts.username:
        options["username"] = parts.username
    if parts.password:
        options["password"] = parts.password
    path = [segment for segment in parts.path.split("/")]
    if len(path) > 1 and path[1]:
        options["db"] = int(path[1])
    service = path[2] if len(path) > 2 and path[2] else DEFAULT_SERVICE
    return sentinels, service, options


def redis_client(url: str, **options: Any) -> Any:
    """A redis-py client for ``url`` (see the module's doc), with ``options``
    (timeouts, ``decode_responses``) for its connections.

    :raises ValueError: for a URL that is not one of Redis's.
    """
    import redis
    from redis.sentinel import Sentinel

    scheme = urlsplit(url).scheme
    if scheme in SENTINEL_SCHEMES:
        sentinels, service, credentials = parse_sentinel_url(url)
        timeouts = {k: v for k, v in options.items() if k in ("socket_timeout", "socket_connect_timeout")}
        sentinel = Sentinel(sentinels, sentinel_kwargs=timeouts, **options)
        return sentinel.master_for(service, **credentials, **options)
    if scheme not in PLAIN_SCHEMES:
        raise ValueError(f"not a Redis URL: {display_url(url)!r}")
    plain = urlunsplit((PLAIN_SCHEMES[scheme], *urlsplit(url)[1:]))
    return redis.Redis.from_url(plain, **options)


def display_url(url: str) -> str:
    """The URL without its credentials, for messages and logs."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
