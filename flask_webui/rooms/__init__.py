"""Multi-user pages: rooms, broadcast, send-to-user and presence, in one
process or across workers through the app's message queue (Redis).

>>> from flask_webui.rooms import join, broadcast, send, on_message, members
"""

from .api import (
    User,
    broadcast,
    identify,
    join,
    leave,
    me,
    members,
    next_message,
    on_message,
    on_presence,
    send,
)
from .bus import NameTaken, RoomsUnavailable
from .emitter import RoomEmitter
from .hub import Member, Message, PresenceEvent, RoomHub

__all__ = [
    "Member",
    "Message",
    "NameTaken",
    "PresenceEvent",
    "RoomEmitter",
    "RoomHub",
    "RoomsUnavailable",
    "User",
    "broadcast",
    "identify",
    "join",
    "leave",
    "me",
    "members",
    "next_message",
    "on_message",
    "on_presence",
    "send",
]
