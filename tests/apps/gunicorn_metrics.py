"""gunicorn settings of a server whose workers share Prometheus metrics
(``PROMETHEUS_MULTIPROC_DIR``), as the README's Operations section says."""

from flask_webui.metrics import child_exit  # noqa: F401 - gunicorn's hook
