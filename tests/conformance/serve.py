"""Serve the conformance pages on PyWebIO 1.8.4 or on flask_webui.

``python -m tests.conformance.serve pywebio|flask_webui PORT``

The pages in :mod:`tests.conformance.pages` import PyWebIO's names
(``from pywebio.output import put_text``). For flask_webui the same source
runs with ``pywebio`` and its submodules pointed at flask_webui's, the way a
user would change their imports.
"""

from __future__ import annotations

import sys

IMPLEMENTATIONS = ("pywebio", "flask_webui")


def point_pywebio_at_flask_webui() -> None:
    """Make ``import pywebio.output`` give ``flask_webui.output`` (and so on)."""
    import flask_webui
    import flask_webui.input
    import flask_webui.output
    import flask_webui.pin
    import flask_webui.session

    sys.modules["pywebio"] = flask_webui
    for name in ("input", "output", "pin", "session"):
        sys.modules[f"pywebio.{name}"] = sys.modules[f"flask_webui.{name}"]


def main(implementation: str, port: int) -> None:
    if implementation == "flask_webui":
        from gevent import monkey

        monkey.patch_all()
        point_pywebio_at_flask_webui()
    from tests.conformance.pages import APPS

    if implementation == "flask_webui":
        from flask_webui import start_server
    else:
        from pywebio import start_server
    # PyWebIO ends a session the moment its tab leaves; flask_webui keeps it
    # for the reconnect window (so a reload resumes it), here made short.
    extra = {"cdn": False} if implementation == "pywebio" else {"reconnect_timeout": 1}
    start_server(APPS, port=port, host="127.0.0.1", **extra)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in IMPLEMENTATIONS:
        sys.exit(f"usage: python -m tests.conformance.serve {'|'.join(IMPLEMENTATIONS)} PORT")
    main(sys.argv[1], int(sys.argv[2]))
