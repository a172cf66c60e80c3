"""Rooms across workers through Redis (redis-py, under gevent): pub/sub for
messages, hashes for presence, a heartbeat per worker so that a dead
worker's members leave. The keys are :class:`~.keys.RoomKeys`.

>>> bus = RedisBus("redis://127.0.0.1:6379/0")  # doctest: +SKIP
>>> bus.start(hub.deliver)                       # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import gevent
from gevent.event import Event as GeventEvent

from ..engine.logs import EveryMinute
from .bus import Deliver, NameTaken, RoomsUnavailable
from .keys import RoomKeys
from .messages import RoomMessageError, encode, presence_message, read_message
from .redis_url import display_url, redis_client

logger = logging.getLogger("flask_webui")

#: Seconds the first user of the rooms waits for this worker to be subscribed.
SUBSCRIBE_WAIT = 10.0


class RedisBus:
    """Rooms across workers through Redis (redis-py, under gevent).

    Messages go through one pub/sub channel that every worker reads. A
    member is a field of the room's hash naming its worker; each worker
    refreshes a key of its own every ``worker_ttl / 3`` seconds, and the
    members of a worker whose key expired (it died) are removed, and their
    leave announced, within ``worker_ttl`` plus one sweep.
    """

    def __init__(self, url: str, channel: str = "flask_webui", worker_ttl: float = 10.0,
                 max_message_bytes: int = 1 << 20) -> None:
        import redis

        self._redis_module = redis
        self.url = url
        self.channel = channel
        self.worker_ttl = worker_ttl
        self.max_message_bytes = max_message_bytes
        self.keys = RoomKeys(channel)
        self.worker_id = secrets.token_hex(6)
        self.redis = redis_client(url, socket_connect_timeout=2, socket_timeout=5, decode_responses=True)
        self._deliver: Deliver | None = None
        self._greenlets: list[gevent.Greenlet] = []
        #: The members this worker holds, to write again if Redis lost them (a restart).
        self._local: dict[tuple[str, str], dict[str, Any]] = {}
        self._connected = False
        self._subscribed = GeventEvent()
        #: Other channels read on the same subscription (storage's changes): channel -> reader.
        self._channels: dict[str, Callable[[bytes], None]] = {}
        #: Raised each time the subscription is (re)made: a reader may have missed what came before.
        self.epoch = 0
        self._malformed = EveryMinute("rooms: ignored malformed messages from the queue (%d since the last "
                                      "warning); the last: %s")

    # -- running ------------------------------------------------------------------

    def start(self, deliver: Deliver) -> None:
        if self._deliver is not None:
            return
        self._deliver = deliver
        self._greenlets = [gevent.spawn(self._listen), gevent.spawn(self._keep_alive)]
        # What this worker publishes next (a member's own join) must find it listening.
        if not self._subscribed.wait(SUBSCRIBE_WAIT):
            logger.warning("rooms: not yet listening on %s after %.0f s; messages published until "
                           "then do not reach this worker", self._display_url(), SUBSCRIBE_WAIT)

    def add_channel(self, channel: str, read: Callable[[bytes], None]) -> None:
        """Also hand what is published on ``channel`` to ``read``, on this
        bus's one subscription (before :meth:`start`)."""
        if self._deliver is not None:
            raise RuntimeError("add channels to the rooms' bus before it starts")
        self._channels[channel] = read

    @property
    def listening(self) -> bool:
        """Whether the subscription stands now (what is published reaches this worker)."""
        return self._connected

    def stop(self) -> None:
        gevent.killall(self._greenlets, block=False)

    def healthy(self) -> bool:
        try:
            return bool(self.redis.ping())
        except self._redis_module.RedisError:
            return False

    def _listen(self) -> None:
        """Read the channel for ever, coming back after Redis does."""
        redis = self._redis_module
        delay = 0.2
        while True:
            pubsub = None
            try:
                # Bytes, not text: whatever lands on the channel is checked by read_message.
                reader = redis_client(self.url, socket_connect_timeout=2, socket_keepalive=True)
                pubsub = reader.pubsub()
                pubsub.subscribe(self.keys.messages, *self._channels)
                while True:
                    item = pubsub.get_message(timeout=1.0)
                    if item is None:
                        continue
                    if item.get("type") in ("message", b"message"):
                        self._route(item)
                    elif item.get("type") in ("subscribe", b"subscribe") and item.get("data") == 1 + len(
                            self._channels):
                        # Redis confirmed: from now on nothing published is missed.
                        self._announce()
                        self.epoch += 1
                        self._subscribed.set()
                        if not self._connected:
                            logger.info("rooms: listening on %s (worker %s)", self._display_url(),
                                        self.worker_id)
                        self._connected, delay = True, 0.2
            except (redis.RedisError, ValueError) as error:  # ValueError: a reply redis-py cannot read
                if self._connected:
                    logger.warning("rooms: lost the message queue %s: %s; retrying", self._display_url(),
                                   error)
                self._connected = False
                gevent.sleep(delay)
                delay = min(delay * 2, 2.0)
            finally:
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except redis.RedisError:
                        pass

    def _route(self, item: dict[str, Any]) -> None:
        raw = item.get("channel")
        channel = raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)
        read = self._channels.get(channel) if channel != self.keys.messages else None
        if read is None:
            self._receive(item["data"])
            return
        try:
            read(item["data"])
        except Exception:
            logger.exception("error reading a message of %s", channel)

    def _receive(self, raw: Any) -> None:
        try:
            message = read_message(raw, self.max_message_bytes)
        except RoomMessageError as error:
            self._malformed.warn(error)
            return
        assert self._deliver is not None
        try:
            self._deliver(message)
        except Exception:
            logger.exception("rooms: error delivering a message")

    def _announce(self) -> None:
        """This worker is alive, with its members (again, after a Redis restart)."""
        pipe = self.redis.pipeline()
        pipe.set(self.keys.worker(self.worker_id), "1", ex=max(1, round(self.worker_ttl)))
        for (room, member_id), record in self._local.items():
            pipe.hset(self.keys.members(room), member_id, json.dumps(record))
            pipe.sadd(self.keys.rooms, room)
            if record.get("unique"):
                pipe.hsetnx(self.keys.unique(room), record["unique"], member_id)
        pipe.execute()

    def _keep_alive(self) -> None:
        while True:
            gevent.sleep(self.worker_ttl / 3)
            try:
                self._announce()
                self._sweep()
            except self._redis_module.RedisError as error:
                logger.debug("rooms: heartbeat failed: %s", error)
            except Exception:
                logger.exception("rooms: error in the presence sweep")

    def _sweep(self) -> None:
        """Remove the members of dead workers and announce their leave (the
        worker whose HDEL removed a member announces it, once)."""
        for raw_room in self.redis.smembers(self.keys.rooms):
            room = str(raw_room)
            records = self._records(room)
            if not records:
                self.redis.srem(self.keys.rooms, room)
                continue
            alive = self._alive({record.get("worker", "") for record in records})
            for record in records:
                if record.get("worker") not in alive and self.remove_member(room, record):
                    logger.info("rooms: %s left %s (its worker is gone)", record["id"], room)
                    self.publish(presence_message(room, "leave", {"id": record["id"],
                                                                  "info": record.get("info")}))

    def _alive(self, workers: set[str]) -> set[str]:
        names = sorted(workers - {self.worker_id})
        found = self.redis.mget([self.keys.worker(w) for w in names]) if names else []
        return {self.worker_id, *(w for w, value in zip(names, found, strict=True) if value is not None)}

    def _records(self, room: str) -> list[dict[str, Any]]:
        records = []
        for raw in self.redis.hgetall(self.keys.members(room)).values():
            try:
                record = json.loads(raw)
            except ValueError:
                continue
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                records.append(record)
        return records

    # -- the bus --------------------------------------------------------------------

    @contextmanager
    def _answering(self) -> Iterator[None]:
        """Turn Redis errors into :class:`RoomsUnavailable`."""
        try:
            yield
        except self._redis_module.RedisError as error:
            raise RoomsUnavailable(f"the message queue {self._display_url()} does not answer ({error}); "
                                   "nothing was sent") from None

    def publish(self, message: dict[str, Any]) -> None:
        with self._answering():
            self.redis.publish(self.keys.messages, encode(message))

    def add_member(self, room: str, record: dict[str, Any]) -> None:
        with self._answering():
            unique = record.get("unique")
            if unique is not None:
                self._claim(room, unique, record["id"])
            pipe = self.redis.pipeline()
            pipe.hset(self.keys.members(room), record["id"], json.dumps(record))
            pipe.sadd(self.keys.rooms, room)
            pipe.execute()
        self._local[(room, record["id"])] = record

    def _claim(self, room: str, unique: str, member_id: str) -> None:
        key = self.keys.unique(room)
        if self.redis.hsetnx(key, unique, member_id):
            return
        holder = self.redis.hget(key, unique)
        holder_id = holder or ""
        records = self._records(room)
        alive = self._alive({record.get("worker", "") for record in records})
        live = {record["id"] for record in records if record.get("worker") in alive}
        if holder_id in live and holder_id != member_id:
            raise NameTaken(f"{unique.partition('=')[2]!r} is taken in room {room!r}")
        self.redis.hset(key, unique, member_id)  # its holder is gone

    def remove_member(self, room: str, record: dict[str, Any]) -> bool:
        self._local.pop((room, record["id"]), None)
        with self._answering():
            removed = bool(self.redis.hdel(self.keys.members(room), record["id"]))
            unique = record.get("unique")
            if unique is not None:
                holder = self.redis.hget(self.keys.unique(room), unique)
                if holder == record["id"]:
                    self.redis.hdel(self.keys.unique(room), unique)
        return removed

    def members(self, room: str) -> list[dict[str, Any]]:
        with self._answering():
            records = self._records(room)
            alive = self._alive({record.get("worker", "") for record in records})
        return [record for record in records if record.get("worker") in alive]

    def remember(self, room: str, message: dict[str, Any], limit: int) -> None:
        key = self.keys.history(room)
        with self._answering():
            pipe = self.redis.pipeline()
            pipe.rpush(key, encode(message))
            pipe.ltrim(key, -limit, -1)
            pipe.execute()

    def history(self, room: str, limit: int) -> list[dict[str, Any]]:
        with self._answering():
            raw = self.redis.lrange(self.keys.history(room), -limit, -1)
        kept = []
        for item in raw:
            try:
                kept.append(read_message(item, self.max_message_bytes))
            except RoomMessageError:
                continue
        return kept

    def _display_url(self) -> str:
        """The URL without its credentials, for messages and logs."""
        return display_url(self.url)
