"""flask_webui: interactive pages as plain Python functions, served over
Socket.IO by a Flask app.

>>> from flask_webui import FlaskWebUI
"""

from .exceptions import OutsideSessionError, ProtocolError, SessionClosed, TokenError, WebUIError
from .extension import FlaskWebUI
from .page_config import config
from .server import start_server

__version__ = "0.1.0"

__all__ = [
    "FlaskWebUI",
    "OutsideSessionError",
    "ProtocolError",
    "SessionClosed",
    "TokenError",
    "WebUIError",
    "config",
    "start_server",
]
