"""Stores in Redis (redis-py, under gevent), for several machines: a hash
a store, one clock for every store's version, and each write published on
the storage channel, which every worker reads on the rooms' one
subscription (:meth:`~..rooms.redis_bus.RedisBus.add_channel`).

A write is one Lua script: the items, the version, the expiry and the
published change happen at once, so a worker that hears of version ``n``
can read it. A transaction holds a lock key (``SET NX PX``, taken with the
read in one script, its token checked by the script that commits: two
round trips), so two at once in any two workers take turns and never lose
an update.

>>> backend = RedisBackend("redis://127.0.0.1:6379/0", bus, start_bus)  # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import Any

import gevent

from ..engine.logs import EveryMinute
from ..exceptions import StorageUnavailable
from ..rooms.redis_url import is_sentinel_url, redis_client
from .backend import ChangeFeed, Snapshot, store_name

logger = logging.getLogger("flask_webui")

#: The hash field holding a store's version (keys with a NUL are refused, see ``values.check_key``).
VERSION_FIELD = "\0v"
#: Writes whose JSON is at most this large travel with their change; larger ones are read again.
INLINE_CHANGE_BYTES = 16 * 1024
#: Milliseconds a transaction's lock lasts if its worker dies holding it.
LOCK_MS = 30_000
#: Milliseconds a write waits for a replica to have it (behind Sentinel).
REPLICA_WAIT_MS = 1000
#: Seconds between two looks at how many replicas the master has.
REPLICAS_CHECKED_EVERY = 5.0

# KEYS: items, clock. ARGV: ttl ms (0: none), channel, store, inline limit, lock key, lock token
# ("" : no lock), number of sets, then key/text pairs, the writing worker's id (the
# change published starts with it, so that worker skips its own), then the keys deleted.
_WRITE = """
if ARGV[6] ~= '' and redis.call('GET', ARGV[5]) ~= ARGV[6] then
  return redis.error_reply('LOST the transaction held the store too long')
end
local prev = tonumber(redis.call('HGET', KEYS[1], '\\0v') or '0')
local n = tonumber(ARGV[7])
local sets, dels, size = {}, {}, 0
for i = 1, n do
  local k, v = ARGV[6 + 2 * i], ARGV[7 + 2 * i]
  redis.call('HSET', KEYS[1], k, v)
  sets[k] = v
  size = size + #k + #v
end
for i = 9 + 2 * n, #ARGV do
  redis.call('HDEL', KEYS[1], ARGV[i])
  dels[#dels + 1] = ARGV[i]
end
local version = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], '\\0v', version)
local ttl = tonumber(ARGV[1])
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) else redis.call('PERSIST', KEYS[1]) end
if ARGV[6] ~= '' then redis.call('DEL', ARGV[5]) end
local change = {s = ARGV[3], v = version, p = prev}
if size <= tonumber(ARGV[4]) then
  change.set = sets
  change.del = dels
end
redis.call('PUBLISH', ARGV[2], ARGV[8 + 2 * n] .. ' ' .. cjson.encode(change))
return {prev, version}
"""

# Take the store's lock and read it, in one round trip. KEYS: lock, items. ARGV: token, ms.
_HOLD = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('HGETALL', KEYS[2])
end
return false
"""

_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class _Held:
    def __init__(self, backend: RedisBackend, store: str, ttl: float | None, token: str,
                 snapshot: Snapshot) -> None:
        self.backend, self.store, self.ttl, self.token = backend, store, ttl, token
        self.snapshot = snapshot
        self.committed = False
        #: Whether another transaction held the store when this one came.
        self.waited = False

    def commit(self, sets: dict[str, str], deletes: Collection[str]) -> int:
        self.committed = True
        return self.backend.run_write(self.store, sets, deletes, self.ttl, self.token)[1]


class RedisBackend:
    """Stores in the Redis at ``url``, under the keys ``prefix:...``."""

    def __init__(self, url: str, bus: Any, start_bus: Callable[[], None],
                 prefix: str = "flask_webui:storage", timeout: float = 5.0) -> None:
        import redis

        self._redis_module = redis
        self.url = url
        self.prefix = prefix
        self.timeout = timeout
        self.description = bus._display_url()
        self.redis = redis_client(url, socket_connect_timeout=min(timeout, 2),
                                          socket_timeout=timeout, decode_responses=True)
        self._write = self.redis.register_script(_WRITE)
        self._hold = self.redis.register_script(_HOLD)
        self._unlock = self.redis.register_script(_UNLOCK)
        self._bus = bus
        self._start_bus = start_bus
        self._feed: ChangeFeed | None = None
        self.channel = f"{prefix}:changes"
        #: What this worker's changes start with: it has them already.
        self._origin = secrets.token_hex(6)
        self._own = (self._origin + " ").encode()
        self._malformed = EveryMinute("storage: ignored malformed change messages (%d since the last "
                                      "warning); the last: %s")
        #: Replicas a write waits for: one behind Sentinel (a failover must not lose it), else none.
        self.replicas = 1 if is_sentinel_url(url) else 0
        # Well within the socket's timeout, so a WAIT that runs out is an answer, not a timeout.
        self._wait_ms = max(1, min(REPLICA_WAIT_MS, int(timeout * 500)))
        self._replicas_online = False
        self._replicas_seen_at = -REPLICAS_CHECKED_EVERY
        self._unreplicated = EveryMinute("storage: writes not yet on a replica (%d since the last warning; "
                                         "%s): a failover now could lose them")
        bus.add_channel(self.channel, self._heard)

    def _key(self, kind: str, name: str) -> str:
        return f"{self.prefix}:{kind}:{name}"

    @contextmanager
    def _answering(self) -> Iterator[None]:
        try:
            yield
        except self._redis_module.RedisError as error:
            raise StorageUnavailable(f"the storage Redis {self.description} does not answer ({error}); "
                                     "nothing was read or written") from None

    # -- reading and writing ------------------------------------------------------------

    def load(self, store: str) -> Snapshot:
        with self._answering():
            items: dict[str, str] = self.redis.hgetall(self._key("items", store))  # type: ignore[assignment]
        version = items.pop(VERSION_FIELD, 0)
        return Snapshot(items, int(version))

    def run_write(self, store: str, sets: dict[str, str], deletes: Collection[str], ttl: float | None,
                  token: str = "") -> tuple[int, int]:
        pairs = [part for item in sets.items() for part in item]
        ttl_ms = 0 if ttl is None else max(1, int(ttl * 1000))
        args: list[str | int] = [ttl_ms, self.channel, store, INLINE_CHANGE_BYTES, self._key("lock", store),
                                 token, len(sets), *pairs, self._origin, *deletes]
        keys = [self._key("items", store), f"{self.prefix}:clock"]
        with self._answering():
            if not self._replica_online():
                prev, version = self._write(keys=keys, args=args)
                return int(prev), int(version)
            # A failover promotes a replica: the write returns once one has it (WAIT, same round trip).
            pipe = self.redis.pipeline(transaction=False)
            self._write(keys=keys, args=args, client=pipe)
            pipe.wait(self.replicas, self._wait_ms)
            (prev, version), acknowledged = pipe.execute()
        if acknowledged < self.replicas:
            self._replicas_seen_at = 0.0  # look again before the next write waits
            self._unreplicated.warn(f"{acknowledged} of {self.replicas} within {self._wait_ms} ms")
        return int(prev), int(version)

    def _replica_online(self) -> bool:
        """Whether the master has the replicas a write waits for (asked every
        few seconds: a master whose replica is gone, as after a failover,
        must not make every write wait its WAIT out)."""
        if not self.replicas:
            return False
        now = time.monotonic()
        if now - self._replicas_seen_at > REPLICAS_CHECKED_EVERY:
            online = int(self.redis.info("replication").get("connected_slaves", 0))
            self._replicas_online, self._replicas_seen_at = online >= self.replicas, now
        return self._replicas_online

    def write(self, store: str, sets: dict[str, str], deletes: Collection[str],
              ttl: float | None) -> tuple[int, int]:
        return self.run_write(store, sets, deletes, ttl)

    @contextmanager
    def transaction(self, store: str, ttl: float | None) -> Iterator[_Held]:
        token = secrets.token_hex(8)
        lock = self._key("lock", store)
        deadline = time.monotonic() + self.timeout
        delay = 0.001
        waited = False
        with self._answering():
            while True:
                flat = self._hold(keys=[lock, self._key("items", store)], args=[token, LOCK_MS])
                if flat is not None:
                    break
                waited = True
                if time.monotonic() >= deadline:
                    raise StorageUnavailable(f"storage: another transaction held {store.partition(':')[0]} "
                                             f"for over {self.timeout:g} s (WEBUI_STORAGE_TIMEOUT)")
                gevent.sleep(delay)
                delay = min(delay * 2, 0.005)
        items = dict(zip(flat[::2], flat[1::2], strict=True))
        version = items.pop(VERSION_FIELD, 0)
        held = _Held(self, store, ttl, token, Snapshot(items, int(version)))
        held.waited = waited
        try:
            yield held
        finally:
            if not held.committed:  # the commit script let the lock go itself
                try:
                    self._unlock(keys=[lock], args=[token])
                except self._redis_module.RedisError:
                    pass  # it expires

    def touch(self, stores: dict[str, float]) -> None:
        with self._answering():
            pipe = self.redis.pipeline(transaction=False)
            for store, ttl in stores.items():
                pipe.pexpire(self._key("items", store), max(1, int(ttl * 1000)))
            pipe.execute()

    def link(self, user: str, stores: Collection[str], ttl: float | None) -> None:
        key = self._key("links", user)
        with self._answering():
            pipe = self.redis.pipeline()
            pipe.sadd(key, *stores)
            if ttl is not None:
                pipe.pexpire(key, max(1, int(ttl * 1000)))
            pipe.execute()

    def erase(self, user: str) -> list[str]:
        links = self._key("links", user)
        with self._answering():
            linked: set[str] = self.redis.smembers(links)  # type: ignore[assignment]
            erased = [store_name("user", user), *sorted(linked)]
            for store in erased:
                # Written as a deletion of every key: the other workers' copies hear of it.
                stored: list[str] = self.redis.hkeys(self._key("items", store))  # type: ignore[assignment]
                keys = [k for k in stored if k != VERSION_FIELD]
                if keys:
                    self.run_write(store, {}, keys, 1.0)
                self.redis.delete(self._key("items", store))
            self.redis.delete(links)
        return erased

    def sweep(self) -> list[str]:
        return []  # Redis deletes a store whose time is up (PEXPIRE)

    # -- other workers' writes ------------------------------------------------------------

    def watch(self, feed: ChangeFeed) -> None:
        self._feed = feed
        self._start_bus()

    def _heard(self, raw: bytes) -> None:
        if raw.startswith(self._own):
            return  # this worker's own write: its copy has it
        if len(raw) > 4 * INLINE_CHANGE_BYTES:
            self._malformed.warn(f"{len(raw)} bytes, over {4 * INLINE_CHANGE_BYTES}")
            return
        try:
            change = json.loads(raw.partition(b" ")[2])
            store, version, prev = change["s"], int(change["v"]), int(change["p"])
            items: dict[str, str | None] | None = None
            if "set" in change:
                sets, dels = change["set"], change["del"]
                # cjson writes an empty table as {}: a list or dict of nothing means none.
                items = {**{str(k): str(v) for k, v in (sets or {}).items()},
                         **dict.fromkeys(str(k) for k in (dels or []))}
            if not isinstance(store, str):
                raise TypeError("store")
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            self._malformed.warn(repr(error)[:200])
            return
        if self._feed is not None:
            self._feed(store, version, prev, items)

    def freshness(self) -> object | None:
        return self._bus.epoch if self._bus.listening else None

    def health(self) -> str | None:
        try:
            self.redis.ping()
            policy = self.redis.config_get("maxmemory-policy").get("maxmemory-policy", "noeviction")
        except self._redis_module.ResponseError:
            return "ok"  # CONFIG refused (a managed Redis): it answers
        except self._redis_module.RedisError:
            return "unavailable"
        if policy != "noeviction":
            logger.warning("storage: the Redis evicts keys (maxmemory-policy %s): stores may vanish", policy)
            return "evicts keys"
        return "ok"

    def close(self) -> None:
        pass
