"""Run the test pages on a real server: ``python -m tests.apps.serve PORT``.

``WEBUI_TEST_CONFIG`` (JSON) adds app settings; ``WEBUI_TEST_BLOCK_SOCKETIO=1``
makes the Socket.IO endpoint unreachable, as a proxy without it would;
``WEBUI_TEST_LOG=1`` logs everything flask_webui says (DEBUG) and every request.
"""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable, Iterable  # noqa: E402
from typing import Any  # noqa: E402

from tests.apps.pages import create_app  # noqa: E402

app, webui = create_app(**json.loads(os.environ.get("WEBUI_TEST_CONFIG", "{}")))


def block_socketio(wsgi_app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    def blocked(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ["PATH_INFO"].startswith("/socket.io"):
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"no Socket.IO here"]
        return wsgi_app(environ, start_response)

    return blocked


if os.environ.get("WEBUI_TEST_BLOCK_SOCKETIO"):
    app.wsgi_app = block_socketio(app.wsgi_app)  # type: ignore[method-assign]

LOG_EVERYTHING = bool(os.environ.get("WEBUI_TEST_LOG"))
if LOG_EVERYTHING:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("flask_webui").setLevel(logging.DEBUG)

if __name__ == "__main__":
    webui.socketio.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_output=LOG_EVERYTHING)
