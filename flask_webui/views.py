"""The page views: each page's URL serves its HTML shell (GET), HTTP polling
(requests with the ``webio-session-id`` header, see :mod:`.polling`) and
``?test=1`` (PyWebIO's check for an HTTP backend); the blueprint serves the
built assets."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Blueprint, current_app, render_template, request, url_for
from markupsafe import Markup

from .admission.auth import current_user_id, refusal, refuse_page
from .admission.refusals import RESTARTING
from .admission.tokens import issue_token
from .page_config import DARK_THEMES, STYLESHEET_THEMES, page_config
from .polling import SESSION_HEADER, PollingHub
from .serving.assets import NOT_BUILT, STATIC_FOLDER, STATIC_URL_PATH, Assets
from .serving.wsgi import SERVERS_THAT_WORK, cannot_serve_pages

if TYPE_CHECKING:
    from .admission.pages import Page

logger = logging.getLogger("flask_webui")
assets = Assets()

#: Set by a tab that may resume its session for the reload that follows (resume.js).
RELOAD_COOKIE = "webui_reload"
#: A first batch larger than this (as JSON) comes over the connection instead.
FIRST_BATCH_MAX_BYTES = 256 * 1024


def create_blueprint() -> Blueprint:
    """The blueprint of the pages' template, and of the URLs of the built
    frontend at ``/_webui/static`` (:func:`.assets.serve_assets` serves them,
    compressed; the blueprint's own static route is the fallback)."""
    return Blueprint(
        "webui", __name__, static_folder=str(STATIC_FOLDER),
        static_url_path=STATIC_URL_PATH, template_folder="templates",
    )


def asset_url(name: str) -> str:
    """The URL of built asset ``name`` (its content-hashed file)."""
    return url_for("webui.static", filename=assets.file(name))


def page_view(page: Page, polling: PollingHub, socketio_path: Callable[[], str]) -> Any:
    """The view function of one page: the HTML shell with a fresh signed token,
    so every tab that opens the page gets a session of its own, and the page's
    first batch of commands, so that its first form shows without a round
    trip; requests with the ``webio-session-id`` header go to ``polling``."""

    def view(**_url_values: Any) -> Any:
        if request.args.get("test"):
            return "ok"  # PyWebIO's client asks whether this is an HTTP backend
        if cannot_serve_pages(request.environ):
            logger.error(SERVERS_THAT_WORK)
            return current_app.response_class(SERVERS_THAT_WORK, 500, mimetype="text/plain")
        if SESSION_HEADER in request.headers:
            return polling.handle(page)
        if request.method not in ("GET", "HEAD"):
            return current_app.response_class("Method Not Allowed", 405, {"Allow": "GET, HEAD"})
        if not assets.built:
            raise RuntimeError(NOT_BUILT)
        if polling.broker.draining:
            return current_app.response_class(RESTARTING, 503, {"Retry-After": "5"}, mimetype="text/plain")
        refused = refusal(page.login_required, page.authorize)
        if refused is not None:
            return refuse_page(refused[0])  # type: ignore[no-any-return]
        token = issue_token(current_app, page.endpoint, request.path, request.query_string.decode("latin-1"),
                            current_user_id(), request.remote_addr)
        config = {
            "token": token,
            "namespace": current_app.config["WEBUI_SOCKETIO_NAMESPACE"],
            "socketioPath": socketio_path(),
            "transport": current_app.config["WEBUI_TRANSPORT"],
            "resume": page.resume and current_app.config["WEBUI_RESUME_HISTORY"] > 0,
            "messages": current_app.config["WEBUI_MESSAGES"],
        }
        wait = float(current_app.config["WEBUI_FIRST_BATCH_WAIT"])
        # A tab reloading a page it may resume goes back to its session instead.
        early = request.method == "GET" and wait > 0 and RELOAD_COOKIE not in request.cookies
        config["firstBatch"] = (polling.broker.start_early(token, wait, FIRST_BATCH_MAX_BYTES)
                                if early else None)
        settings = page_config(page.function)
        theme = settings.theme or current_app.config["WEBUI_THEME"]
        styles = ["webui.css", f"themes/{theme}.css"] if theme in STYLESHEET_THEMES else ["webui.css"]
        # The rest of Bootstrap, for page authors' own HTML: loaded after the first form shows.
        rests = (name.replace(".css", "-rest.css") for name in styles)
        config["lateStyles"] = [asset_url(rest) for rest in rests if assets.optional(rest)]
        config_json = json.dumps(config).replace("<", "\\u003c")
        return render_template(
            "webui/page.html",
            # Fetched beside the page's script, and run before the first frame.
            first_chunks=[asset_url(chunk) for chunk in _chunks_for(config_json) if assets.optional(chunk)],
            title=page.title or settings.title or current_app.config["WEBUI_TITLE"],
            description=settings.description,
            color_mode="dark" if theme in DARK_THEMES else "light",
            stylesheets=[asset_url(name) for name in styles],
            script=asset_url("webui.js"),
            page=settings,
            js_code=_inline(settings.js_code),
            css_style=_inline(settings.css_style),
            config=Markup(config_json),
        )

    view.__name__ = page.endpoint
    view.__doc__ = page.function.__doc__
    return view


def _chunks_for(config_json: str) -> list[str]:
    """The lazy chunks the page's first batch needs before its first frame:
    the HTML sanitizer if it puts HTML to sanitize, the code editor if it
    shows a code field (read off the JSON: a false match only fetches a
    chunk early). Markdown waits for its own chunk anyway, and fetches the
    sanitizer beside it.

    >>> _chunks_for('{"type": "textarea", "code": {"mode": "python"}}')
    ['chunks/code_editor.js']
    """
    chunks = []
    if '"type": "html"' in config_json and '"sanitize": true' in config_json:
        chunks.append("chunks/sanitize.js")
    if '"type": "textarea"' in config_json and ('"code": {' in config_json or '"code": true' in config_json):
        chunks.append("chunks/code_editor.js")
    return chunks


def _inline(code: str | None) -> Markup | None:
    """Page-author code to put inside a <script> or <style> as it is (it
    cannot close the element early)."""
    return Markup(code.replace("</", "<\\/")) if code else None

