"""The test pages without gevent's monkey-patching, for servers that do not
run gevent (``flask run``, gunicorn's sync and gthread workers)."""

from tests.apps.pages import create_app

app, webui = create_app()
