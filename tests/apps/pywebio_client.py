"""PyWebIO 1.8's own browser client (its page and JavaScript, from its wheel)
at ``/pywebio-client/``; open ``/pywebio-client/?pywebio_api=/echo`` to drive
our ``/echo`` page with it over HTTP polling."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, send_from_directory

PREFIX = "/pywebio-client/"


def register_pywebio_client(app: Flask) -> None:
    import pywebio
    from pywebio.platform.page import render_page

    html_folder = Path(pywebio.__file__).parent / "html"

    def some_app() -> None:
        """PyWebIO's page only reads the app's title and description."""

    page = render_page(some_app, protocol="http", cdn=PREFIX)

    @app.route(PREFIX)
    def pywebio_page() -> bytes:
        return page

    @app.route(PREFIX + "<path:filename>")
    def pywebio_asset(filename: str) -> object:
        return send_from_directory(html_folder, filename)
