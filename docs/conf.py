"""Sphinx configuration: the guide pages (Markdown, through MyST) and the API
reference generated from the docstrings (autodoc).

Built by ``./scripts/test.sh`` with warnings as errors::

    sphinx-build -W --keep-going -n docs docs/_build/html

Links to Python's, Flask's, Werkzeug's, blinker's and gevent's documentation
resolve through the inventories of Debian's documentation packages (this
machine reaches no documentation site; the test script installs them);
Flask-SocketIO has no such package, so its inventory is written here
(``inventories/flask_socketio.txt``) and converted by sphobjinv.
"""

from __future__ import annotations

import sys
from pathlib import Path

import sphobjinv

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import flask_webui  # noqa: E402

project = "flask_webui"
author = "the flask_webui developers"
copyright = "2026, the flask_webui developers"  # noqa: A001
release = version = flask_webui.__version__

extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.intersphinx"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "inventories"]
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": True}
autodoc_inherit_docstrings = False  # a store's get() is ours, not MutableMapping's
nitpicky = True
# Internal types seen in public signatures (a hook's Session, the broker a test
# client is built with): the reference names them but does not document them,
# as they may change. Everything else must resolve.
nitpick_ignore_regex = [
    (r"py:.*", r"flask_webui\.(engine|admission|serving|protocol|socket_events|polling|views)\..*"),
    (r"py:.*", r"flask_webui\.(page_config\.F|session\._\w+|storage\.(backend|copies)\.\w+)"),
    (r"py:.*", r"flask_webui\.(rooms\.(bus|hub)|testing\.(link|page_model))\.\w+"),
    (r"py:class", r"SessionBroker|SocketIOConnections|IdleConnections|Tab"),
    # Left unqualified where the same signature names an internal type that
    # exists only for type checkers, so Sphinx cannot evaluate it.
    (r"py:class", r"Flask|FlaskClient"),
    # user-agents ships no documentation inventory.
    (r"py:class", r"user_agents\..*"),
]

html_theme = "alabaster"
html_static_path: list[str] = []


def _debian(package: str) -> str:
    return f"/usr/share/doc/{package}/html/objects.inv"


def _written_here(name: str) -> str:
    """The inventory ``inventories/NAME.txt`` as Sphinx reads it (zlib)."""
    source = HERE / "inventories" / f"{name}.txt"
    built = HERE / "_build" / "inventories" / f"{name}.inv"
    built.parent.mkdir(parents=True, exist_ok=True)
    inventory = sphobjinv.Inventory(plaintext=source.read_bytes())
    sphobjinv.writebytes(str(built), sphobjinv.compress(inventory.data_file()))
    return str(built)


def setup(app: object) -> None:
    from pygments.lexers.special import TextLexer

    app.add_lexer("haproxy", TextLexer)  # type: ignore[attr-defined]  # Pygments has no HAProxy lexer


intersphinx_mapping = {
    "python": ("https://docs.python.org/3/", _debian("python3.11")),
    "flask": ("https://flask.palletsprojects.com/en/stable/", _debian("python-flask-doc")),
    "werkzeug": ("https://werkzeug.palletsprojects.com/en/stable/", _debian("python-werkzeug-doc")),
    "blinker": ("https://blinker.readthedocs.io/en/stable/", _debian("python-blinker-doc")),
    "gevent": ("https://www.gevent.org/", _debian("python-gevent-doc")),
    "flask_socketio": ("https://flask-socketio.readthedocs.io/en/latest/", _written_here("flask_socketio")),
}
