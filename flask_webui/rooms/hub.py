"""The rooms of one app in this worker: which local sessions are members of
which room, and how a message from the bus reaches each of them — outputs
queued as ordinary numbered commands, data and presence events handed to
page code in the member's own session, in order.

>>> hub = RoomHub(registry, LocalBus())                      # doctest: +SKIP
>>> hub.join(session, "lobby", {"nick": "ada"})              # doctest: +SKIP
>>> hub.broadcast(to_room("lobby"), [text_spec], "ROOT", -1)  # doctest: +SKIP
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gevent
from gevent.event import Event as GeventEvent

from .. import signals
from ..engine.registry import SessionRegistry
from ..engine.session import Session
from ..exceptions import SessionClosed
from ..protocol import Command, command
from .bus import RoomBus, RoomsUnavailable
from .messages import broadcast_message, data_message, presence_message

#: Messages waiting in one session (for handlers or next_message) before the oldest are dropped.
MAX_WAITING_MESSAGES = 1000
#: Presence events kept for a handler the page may register later: the latest
#: few, apart from the messages. A page that never asks about comings and
#: goings in a room of thousands would otherwise hold thousands of them (and
#: push its messages out).
MAX_UNCLAIMED_PRESENCE = 64


@dataclass(frozen=True)
class Member:
    """A member of a room: its id and the info its page published."""

    id: str
    info: Any = None

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Member:
        return cls(record["id"], record.get("info"))


@dataclass(frozen=True)
class Message:
    """Data sent to a room (``room``) or to a user (``room is None``)."""

    room: str | None
    data: Any
    sender: Member | None


@dataclass(frozen=True)
class PresenceEvent:
    """A member joined (``event == "join"``) or left a room."""

    room: str
    event: str
    member: Member


Handler = tuple[str | None, Callable[[Any], Any]]


class SessionRooms:
    """One session's rooms, its member id, and the messages on their way to
    its page code (kept in ``session.extensions["rooms"]``)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.member_id = secrets.token_hex(8)
        #: Room -> this member's record there.
        self.records: dict[str, dict[str, Any]] = {}
        #: The key ``send_to_user`` finds this session by (Flask-Login's user id by default).
        self.user_key: str | None = session.user
        self.message_handlers: list[Handler] = []
        self.presence_handlers: list[Handler] = []
        self._to_run: list[tuple[Callable[[Any], Any], Any]] = []
        self._unclaimed: deque[Message] = deque(maxlen=MAX_WAITING_MESSAGES)
        self._unclaimed_presence: deque[PresenceEvent] = deque(maxlen=MAX_UNCLAIMED_PRESENCE)
        self._work = GeventEvent()
        self._arrived = GeventEvent()
        self._runner: gevent.Greenlet | None = None

    def deliver(self, item: Message | PresenceEvent) -> None:
        """Hand ``item`` to the page's handlers, or keep it for ``next_message``."""
        handlers = self.message_handlers if isinstance(item, Message) else self.presence_handlers
        matching = [function for room, function in handlers if room is None or room == item.room]
        if matching:
            if len(self._to_run) >= MAX_WAITING_MESSAGES:
                self.session.log.warning("session %s: dropped a room message: its handlers are %d "
                                         "behind", self.session.id, len(self._to_run))
                return
            self._to_run.extend((function, item) for function in matching)
            self._work.set()
            self._start_runner()
        elif isinstance(item, Message):
            # Kept for next_message(), or for a handler the page registers later
            # (the oldest go when too many wait).
            self._unclaimed.append(item)
            self._arrived.set()
        else:
            self._unclaimed_presence.append(item)

    def add_handler(self, kind: type, room: str | None, function: Callable[[Any], Any]) -> None:
        """Register a handler for messages (``kind`` :class:`Message`) or
        presence events; what arrived before it and no one took goes to it first."""
        handlers = self.message_handlers if kind is Message else self.presence_handlers
        handlers.append((room, function))
        waiting: deque[Any] = self._unclaimed if kind is Message else self._unclaimed_presence
        kept = [item for item in waiting if room is None or item.room == room]
        if kept:
            for item in kept:
                waiting.remove(item)
            self._to_run.extend((function, item) for item in kept)
            self._work.set()
            self._start_runner()

    def _start_runner(self) -> None:
        if self._runner is None and not self.session.closed():
            self._runner = self.session.spawn_task(self._run, task_id="rooms")

    def _run(self) -> None:
        """Run the handlers one message at a time, in order, as page code."""
        while True:
            while not self._to_run:
                self._work.clear()
                with self.session.waits.delegating():
                    self._work.wait()
            function, item = self._to_run.pop(0)
            try:
                function(item)
            except (SessionClosed, gevent.GreenletExit):
                raise
            except Exception:
                self.session.report_exception()

    def next_message(self, room: str | None, timeout: float | None) -> Message:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            for message in self._unclaimed:
                if room is None or message.room == room:
                    self._unclaimed.remove(message)
                    return message
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise TimeoutError(f"no message within {timeout} s")
            self._arrived.clear()
            with self.session.waits.delegating():
                self._arrived.wait(left)
            if self.session.closed():
                raise SessionClosed("the session has ended")


class RoomHub:
    """Rooms, broadcast, send-to-user and presence for one app's sessions in
    this worker, over a :class:`~flask_webui.rooms.bus.RoomBus`."""

    def __init__(self, registry: SessionRegistry, bus: RoomBus, history: int = 0) -> None:
        self.registry = registry
        self.bus = bus
        #: Messages of a room handed to a member who joins (0: none).
        self.history = history
        self._local: dict[str, dict[str, Session]] = {}
        self._started = False

    def start(self) -> None:
        """Start reading the bus (on first use of the rooms or storage)."""
        if not self._started:
            self._started = True
            self.bus.start(self.deliver)

    @staticmethod
    def rooms_of(session: Session) -> SessionRooms:
        return session.state("rooms", lambda: SessionRooms(session))

    # -- membership ---------------------------------------------------------------

    def join(self, session: Session, room: str, info: Any = None, unique: str | None = None) -> Member:
        """Make ``session`` a member of ``room`` (with ``info`` for presence).

        :raises NameTaken: when ``unique`` names an info key whose value another member has.
        :raises RoomsUnavailable: when the message queue does not answer.
        """
        self.start()
        state = self.rooms_of(session)
        if room in state.records:
            self.leave(session, room)
        record: dict[str, Any] = {"id": state.member_id, "info": info, "worker": self.bus.worker_id}
        if unique is not None:
            record["unique"] = f"{unique}={info[unique]}"
        self.bus.add_member(room, record)
        if not state.records:
            session.defer_call(lambda: self.leave_all(session))
        state.records[room] = record
        members_here = self._local.setdefault(room, {})
        members_here[state.member_id] = session
        signals.room_joined.send(session.app, session=session, room=room, first=len(members_here) == 1)
        try:
            self.bus.publish(presence_message(room, "join", {"id": state.member_id, "info": info}))
        except RoomsUnavailable:
            self._forget(state, room)
            self.bus.remove_member(room, record)
            raise
        if self.history:
            for message in self.bus.history(room, self.history):
                self._apply(session, state, message)
        return Member(state.member_id, info)

    def leave(self, session: Session, room: str) -> None:
        """``session`` leaves ``room`` (nothing happens if it is not a member)."""
        state = self.rooms_of(session)
        record = state.records.get(room)
        if record is None:
            return
        self._forget(state, room)
        if self.bus.remove_member(room, record):
            self.bus.publish(presence_message(room, "leave", {"id": record["id"], "info": record["info"]}))

    def leave_all(self, session: Session) -> None:
        """The session ended: it leaves every room (a queue that does not
        answer is logged; the heartbeat then removes the members)."""
        for room in list(self.rooms_of(session).records):
            try:
                self.leave(session, room)
            except RoomsUnavailable as error:
                session.log.warning("session %s could not leave room %r: %s", session.id, room, error)

    def _forget(self, state: SessionRooms, room: str) -> None:
        state.records.pop(room, None)
        local = self._local.get(room, {})
        if local.pop(state.member_id, None) is not None:
            signals.room_left.send(state.session.app, session=state.session, room=room, last=not local)
        if not local:
            self._local.pop(room, None)

    def local_members(self, room: str) -> int:
        """How many sessions of this worker are members of ``room``."""
        return len(self._local.get(room, {}))

    def members(self, room: str) -> list[Member]:
        """Who is in ``room``, across every worker."""
        self.start()
        return [Member.from_record(record) for record in self.bus.members(room)]

    # -- publishing ---------------------------------------------------------------

    def broadcast(self, to: dict[str, str], outputs: list[dict[str, Any]], scope: str, position: int,
                  exclude: str | None = None) -> None:
        """Put ``outputs`` in ``scope`` of every member's page (or every tab
        of a user)."""
        self._publish(broadcast_message(to, outputs, scope, position, exclude))

    def send(self, to: dict[str, str], data: Any, sender: Member | None = None,
             exclude: str | None = None) -> None:
        """Hand ``data`` to the page code of every member of a room (or every
        tab of a user)."""
        record = None if sender is None else {"id": sender.id, "info": sender.info}
        self._publish(data_message(to, data, record, exclude))

    def _publish(self, message: dict[str, Any]) -> None:
        self.start()
        room = message["to"].get("room")
        if self.history and room is not None:
            self.bus.remember(room, message, self.history)
        self.bus.publish(message)

    # -- delivering -----------------------------------------------------------------

    def deliver(self, message: dict[str, Any]) -> None:
        """Apply a (checked) message to the members in this worker."""
        if message["kind"] == "presence":
            event = PresenceEvent(message["room"], message["event"], Member.from_record(message["member"]))
            for session in list(self._local.get(message["room"], {}).values()):
                if not session.closed():
                    self.rooms_of(session).deliver(event)
            return
        commands = self._commands(message)
        exclude = message.get("exclude")
        if message["kind"] == "broadcast" and exclude is None:
            # The hot path (a thousand members): no member to skip, nothing but the commands.
            for session in self._targets(message["to"]):
                if not session.closed():
                    session.send_now(commands)
            return
        for session in self._targets(message["to"]):
            state = self.rooms_of(session)
            if exclude != state.member_id:
                self._apply(session, state, message, commands)

    def _targets(self, to: dict[str, str]) -> list[Session]:
        if "room" in to:
            return [s for s in self._local.get(to["room"], {}).values() if not s.closed()]
        user = to["user"]
        return [s for s in self.registry if not s.closed() and self._user_key(s) == user]

    def _user_key(self, session: Session) -> str | None:
        state = session.extensions.get("rooms")
        return state.user_key if state is not None else session.user

    @staticmethod
    def _commands(message: dict[str, Any]) -> list[Command]:
        """A broadcast's commands, built once for all its members (they are
        never changed once sent)."""
        if message["kind"] != "broadcast":
            return []
        scope, position = message["scope"], message["position"]
        return [command("output", {**spec, "scope": scope, "position": position})
                for spec in message["outputs"]]

    def _apply(self, session: Session, state: SessionRooms, message: dict[str, Any],
               commands: list[Command] | None = None) -> None:
        if session.closed():
            return
        if message["kind"] == "broadcast":
            session.send_now(self._commands(message) if commands is None else commands)
            return
        sender = message.get("sender")
        state.deliver(Message(message["to"].get("room"), message.get("data"),
                              None if sender is None else Member.from_record(sender)))
