"""gunicorn settings of a server whose workers share Prometheus metrics
(``PROMETHEUS_MULTIPROC_DIR``), as docs/operations.md says."""

from flask_webui.metrics import child_exit  # noqa: F401 - gunicorn's hook
