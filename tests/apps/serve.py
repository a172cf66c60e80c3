"""Run the test pages on a real server: ``python -m tests.apps.serve PORT``."""

from gevent import monkey

monkey.patch_all()

import sys  # noqa: E402

from tests.apps.pages import create_app  # noqa: E402

app, webui = create_app()

if __name__ == "__main__":
    webui.socketio.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_output=False)
