"""``flask_webui.session.info``: who is on the other end of a page session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Request, request
from user_agents import parse as parse_user_agent
from user_agents.parsers import UserAgent

if TYPE_CHECKING:
    from .engine.session import Session


@dataclass(frozen=True)
class SessionInfo:
    """What PyWebIO's ``session.info`` tells, for a flask_webui page.

    ``user_agent`` has ``browser`` / ``os`` / ``device`` (``family``,
    ``version``...) and ``is_mobile``, ``is_tablet``, ``is_pc``, ``is_bot``.
    ``user_ip`` is the address Flask saw for the page request, so an app
    behind ``ProxyFix`` gets the client's, not the proxy's. ``request`` is the
    Flask request that opened the page.

    >>> info.user_agent.browser.family  # doctest: +SKIP
    'Chrome'
    """

    user_agent: UserAgent
    user_language: str
    server_host: str
    origin: str
    user_ip: str
    backend: str
    protocol: str
    request: Request


def session_info(session: Session) -> SessionInfo:
    """The :class:`SessionInfo` of ``session``, from the page's request."""
    headers = request.headers
    languages: Any = request.accept_languages
    language = languages.best or ""
    return SessionInfo(
        user_agent=parse_user_agent(headers.get("User-Agent", "")),
        user_language=language,
        server_host=request.host,
        origin=headers.get("Origin") or request.host_url.rstrip("/"),
        user_ip=request.remote_addr or "",
        backend="flask",
        protocol=session.protocol or "",
        request=request._get_current_object(),  # type: ignore[attr-defined]
    )
