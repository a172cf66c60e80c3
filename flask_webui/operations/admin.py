"""The live-sessions admin page, written with flask_webui itself: every live
session of the app with its page, user, browser id (whose stores it uses),
transport, age, last activity and rooms, refreshed live; an operator ends a session (its user is told),
sends a notice to one session or to all, or erases a user's stored data.

Mounted only when the app asks, behind the app's own rule of who may see it:

>>> webui.admin_page("/admin/webui", authorize=lambda: current_user.is_admin)  # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import gevent

from ..engine.context import current_session
from ..engine.registry import SessionRegistry
from ..engine.session import Session
from ..exceptions import StorageUnavailable
from ..output import put_buttons, put_markdown, put_scope, put_table, put_text, toast, use_scope
from ..pin import pin, put_input
from ..session import set_env
from ..storage.hub import StorageHub
from ..storage.stores import IDENTITY_KEY

#: Seconds between two refreshes of the list.
REFRESH_EVERY = 2.0
#: What the page of a session an operator ended says.
ENDED_BY_OPERATOR = "An operator ended this session. Reload the page to start again."
#: Characters a notice may have.
MAX_NOTICE = 500


def ago(seconds: float) -> str:
    """A duration as a person reads it.

    >>> ago(4), ago(75), ago(7300)
    ('4 s', '1 min', '2 h')
    """
    if seconds < 60:
        return f"{int(seconds)} s"
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    return f"{int(seconds // 3600)} h"


def session_row(session: Session, now: float) -> list[str]:
    """What the list shows of one session."""
    # "away": its browser left, and the session waits for it to come back.
    transport = session.transport.protocol if session.transport is not None else "away"
    rooms = session.extensions.get("rooms")
    # Whose stores the session uses (the ids, never their contents).
    user, browser = session.extensions.get(IDENTITY_KEY, (None, None))
    return [session.id[:8], session.page or "", user or session.user or "", browser or "", transport,
            ago(now - session.started_at), f"{ago(now - session.last_activity)} ago",
            ", ".join(sorted(rooms.records)) if rooms else ""]


def notify(session: Session, text: str) -> None:
    """Show an operator's notice on ``session``'s page, until its user closes it."""
    session.send("toast", {"content": text, "duration": 0, "position": "center", "color": "#1565c0",
                           "callback_id": None})


def end(session: Session) -> None:
    """End ``session``; its page says an operator did."""
    session.close("ended by an operator", "closed", {"message": ENDED_BY_OPERATOR, "reload": False})


def admin_page(registry: SessionRegistry,
               storage_of_app: Callable[[], StorageHub | None] = lambda: None) -> Callable[[], None]:
    """The page function, over the sessions in ``registry`` (and, to erase a
    person's stored data, the app's stores, as ``storage_of_app()`` gives them)."""

    def live_sessions() -> None:
        me = current_session()
        set_env(output_animation=False)  # the list is redrawn every few seconds: no fade each time
        put_markdown("## Live sessions")
        put_text("Every page open on this worker, refreshed every few seconds.")
        put_input("notice", label="Notice", placeholder="A message to show on the pages",
                  help_text=f"At most {MAX_NOTICE} characters; it stays until its reader closes it.")
        put_buttons([{"label": "Send to every page", "value": "all"}], onclick=lambda _: send_notice(None))
        stores = storage_of_app()
        if stores is not None:
            put_input("erase_user", label="User id", help_text="Every store of this user, and of the "
                      "browsers and tabs it used, is deleted (a person's right to erasure).")
            put_buttons([{"label": "Erase the user's stored data", "value": "erase", "color": "danger"}],
                        onclick=lambda _: erase())
        put_scope("sessions")

        def erase() -> None:
            assert stores is not None
            user = str(pin.erase_user or "").strip()
            if not user:
                toast("Write the user id first.", color="warn")
                return
            try:
                erased = stores.erase_user(user)
            except StorageUnavailable as error:
                toast(f"Nothing erased: {error}", color="error")
                return
            me.log.info("an operator erased the stored data of user %r (%d stores)", user[:100], len(erased))
            toast(f"Erased {len(erased)} stores of user {user!r}.", color="success")

        def notice_text() -> str | None:
            text = str(pin.notice or "").strip()[:MAX_NOTICE]
            if not text:
                toast("Write the notice first.", color="warn")
                return None
            return text

        def send_notice(session_id: str | None) -> None:
            text = notice_text()
            if text is None:
                return
            targets = [s for s in registry if s is not me and (session_id is None or s.id == session_id)]
            for target in targets:
                notify(target, text)
            toast(f"Notice sent to {len(targets)} page{'s' if len(targets) != 1 else ''}.", color="success")

        def act(choice: str) -> None:
            action, _, session_id = choice.partition(":")
            target = registry.get(session_id)
            if target is None:
                toast("That session has ended already.", color="warn")
            elif action == "end":
                end(target)
                toast(f"Session {session_id[:8]} ended.", color="success")
                show()
            else:
                send_notice(session_id)

        shown: list[Any] = []

        def show() -> None:
            now = time.time()
            sessions = sorted(registry, key=lambda s: s.started_at)
            rows = [session_row(s, now) for s in sessions]
            if rows == shown:
                return
            shown[:] = rows
            with use_scope("sessions", clear=True):
                put_markdown(f"**{len(rows)}** live session{'s' if len(rows) != 1 else ''}")
                table = []
                for session, row in zip(sessions, rows, strict=True):
                    actions: Any = put_text("this page") if session is me else put_buttons(
                        [{"label": "Send notice", "value": f"notice:{session.id}", "color": "secondary"},
                         {"label": "End", "value": f"end:{session.id}", "color": "danger"}],
                        onclick=act, small=True)
                    table.append([*row, actions])
                put_table(table, header=["Session", "Page", "User", "Browser", "Transport", "Age",
                                         "Last activity", "Rooms", ""])

        while True:
            show()
            gevent.sleep(REFRESH_EVERY)

    return live_sessions
