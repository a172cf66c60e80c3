"""Run a command as if gevent-websocket were not installed, so engine.io picks
simple-websocket: ``python tests/apps/without_gevent_websocket.py gunicorn ...``
or ``... serve PORT`` (the test pages under socketio.run)."""

import runpy
import sys
from importlib.abc import MetaPathFinder


class HideGeventWebSocket(MetaPathFinder):
    def find_spec(self, name, path, target=None):  # type: ignore[no-untyped-def]
        if name == "geventwebsocket" or name.startswith("geventwebsocket."):
            raise ImportError(f"{name} is hidden for this test")
        return None


sys.meta_path.insert(0, HideGeventWebSocket())

if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "gunicorn":
        from gunicorn.app.wsgiapp import run

        sys.argv = ["gunicorn", *args]
        sys.exit(run())
    sys.argv = ["serve", *args]
    runpy.run_module("tests.apps.serve", run_name="__main__")
