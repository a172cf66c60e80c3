"""Routes for operators: a health check for load balancers, and the metrics.

>>> webui.metrics_endpoint("/metrics", authorize=lambda: request.remote_addr == "127.0.0.1")  # doctest: +SKIP

``GET /_webui/health`` answers ``200 {"accepting": true, "sessions": 3}``,
or ``503`` with ``"accepting": false`` while the worker drains (it takes no
new sessions) or when the rooms' Redis does not answer (then
``"redis": false``; without a message queue the key is absent).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, abort, jsonify

from ..metrics import WebUIMetrics


def health_view(live_sessions: Callable[[], int], draining: Callable[[], bool],
                redis_answers: Callable[[], bool | None],
                storage: Callable[[], str | None] = lambda: None) -> Callable[[], Any]:
    """The view of the health route; cheap: no page code, a Redis PING or a
    SQLite ``SELECT 1`` at most. ``storage()`` says how the stores are
    (``"ok"``, ``"unavailable"``, ``"evicts keys"``; ``None``: not in use):
    reported, never a reason to take the worker out (every worker shares them)."""

    def health() -> Any:
        redis = redis_answers()
        accepting = not draining() and redis is not False
        body: dict[str, Any] = {"accepting": accepting, "sessions": live_sessions()}
        if redis is not None:
            body["redis"] = redis
        stores = storage()
        if stores is not None:
            body["storage"] = stores
        response = jsonify(body)
        response.status_code = 200 if accepting else 503
        response.headers["Cache-Control"] = "no-store"
        return response

    return health


def metrics_view(metrics: WebUIMetrics, authorize: Callable[[], bool] | None) -> Callable[[], Any]:
    """The view of the metrics route: ``authorize()`` (in the request) decides
    who may read it; refused, it answers 403."""

    def metrics_route() -> Any:
        if authorize is not None and not authorize():
            abort(403)
        body, content_type = metrics.exposition()
        return Response(body, content_type=content_type, headers={"Cache-Control": "no-store"})

    return metrics_route
