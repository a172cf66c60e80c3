"""Images, file downloads and links."""

from __future__ import annotations

import base64
import html
import io
from typing import Any

from ..engine.context import current_task
from .base import BOTTOM, Output
from .buttons import put_buttons
from .text import put_html
from .urls import check_url


def put_image(src: Any, format: str | None = None, title: str = "", width: str | None = None,
              height: str | None = None, scope: str | None = None, position: int = BOTTOM,
              allow_unsafe_url: bool = False) -> Output:
    """Put an image: ``bytes``, a PIL image, or a URL (``javascript:`` and
    non-image ``data:`` URLs are refused unless ``allow_unsafe_url``).

    >>> put_image(open("logo.png", "rb").read(), width="64px")  # doctest: +SKIP
    """
    if hasattr(src, "save") and hasattr(src, "format"):  # a PIL image
        format = format or src.format or "JPEG"
        buffer = io.BytesIO()
        src.save(buffer, format=format)
        src = buffer.getvalue()
    if isinstance(src, (bytes, bytearray)):
        mime = f"image/{format.lower()}" if format else "image"
        src = f"data:{mime};base64,{base64.b64encode(src).decode('ascii')}"
    elif isinstance(src, str):
        check_url(src, "put_image()", image=True, allow_unsafe=allow_unsafe_url)
    else:
        raise TypeError("put_image() takes bytes, a PIL image or a URL")
    attributes = [f'src="{html.escape(src)}"', f'alt="{html.escape(title)}"']
    if title:
        attributes.append(f'title="{html.escape(title)}"')
    for name, value in (("width", width), ("height", height)):
        if value is not None:
            attributes.append(f'{name}="{html.escape(str(value))}"')
    return put_html(f"<img {' '.join(attributes)}>", sanitize=False, scope=scope, position=position)


def put_file(name: str, content: bytes, label: str | None = None, scope: str | None = None,
             position: int = BOTTOM) -> Output:
    """Put a link that downloads ``content`` as a file called ``name``.

    >>> put_file("hello.txt", b"hello world", "Download")  # doctest: +SKIP
    """
    if not isinstance(content, (bytes, bytearray)):
        raise TypeError("put_file() content must be bytes")
    data = bytes(content)
    return put_buttons([label or name], onclick=[lambda: download(name, data)], link_style=True,
                       scope=scope, position=position)


def download(name: str, content: bytes) -> None:
    """Make the browser save ``content`` as a file called ``name``."""
    task = current_task()
    task.session.send("download", {"name": str(name), "content": base64.b64encode(content).decode("ascii")},
                      task.task_id)


def put_link(name: str, url: str | None = None, app: str | None = None, new_window: bool = False,
             scope: str | None = None, position: int = BOTTOM, allow_unsafe_url: bool = False) -> Output:
    """Put a link to ``url``, or to page ``app`` of this Flask app (its
    endpoint name without ``webui.``, or its path). A ``javascript:``,
    ``vbscript:`` or ``data:`` URL is refused (``ValueError``) unless
    ``allow_unsafe_url``: from user data it would run script when clicked.

    >>> put_link("Flask", "https://flask.palletsprojects.com", new_window=True)  # doctest: +SKIP
    """
    if (url is None) == (app is None):
        raise ValueError("put_link() needs either url or app")
    href = check_url(url if url is not None else page_url(str(app)), "put_link()",
                     allow_unsafe=allow_unsafe_url)
    target = ' target="_blank" rel="noopener"' if new_window else ""
    return put_html(f'<a href="{html.escape(href)}"{target}>{html.escape(str(name))}</a>',
                    sanitize=False, scope=scope, position=position)


def page_url(app: str) -> str:
    """The URL of page ``app``: a path, an endpoint, or an app name under
    ``start_server``."""
    from flask import current_app, url_for

    if app.startswith("/"):
        return app
    named: dict[str, str] = getattr(current_app.extensions.get("webui"), "app_urls", {})
    if app in named:
        return named[app]
    return check_url(url_for(app if "." in app else f"webui.{app}"), "a page URL")
