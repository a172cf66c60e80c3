"""The current page session (PyWebIO's ``pywebio.session`` names).

>>> from flask_webui.session import set_env, defer_call, local
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .engine.context import current_session, current_task, get_current_session

__all__ = ["defer_call", "get_current_session", "hold", "local", "set_env"]

#: ``set_env`` keys the page understands, with the type each takes.
ENV_KEYS: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "output_animation": bool,
    "auto_scroll_bottom": bool,
    "http_pull_interval": (int, float),
    "input_panel_fixed": bool,
    "input_panel_min_height": int,
    "input_panel_init_height": int,
    "input_auto_focus": bool,
    "output_max_width": str,
}


def set_env(**env: Any) -> None:
    """Configure the page: ``title``, ``auto_scroll_bottom``, ``input_auto_focus`` ...

    >>> set_env(title="Orders")  # doctest: +SKIP
    """
    for key, value in env.items():
        if key not in ENV_KEYS:
            raise TypeError(f"set_env() got an unknown setting {key!r}; known: {sorted(ENV_KEYS)}")
        if not isinstance(value, ENV_KEYS[key]):
            raise TypeError(f"set_env({key}=...) got {type(value).__name__}")
    task = current_task()
    task.session.send("set_env", env, task.task_id)


def defer_call(function: Callable[[], Any]) -> Callable[[], Any]:
    """Run ``function()`` when the session ends (closed tab, ``close_session``,
    page returned). Usable as a decorator.

    >>> defer_call(lambda: print("bye"))  # doctest: +SKIP
    """
    current_session().defer_call(function)
    return function


def hold() -> None:
    """Keep the session alive until the browser leaves, so callbacks keep
    working after the page function would otherwise return."""
    current_session().wait_closed()


class _SessionLocal:
    """Attributes that live as long as the current session.

    >>> local.visits = 1  # doctest: +SKIP
    """

    @staticmethod
    def _data() -> dict[str, Any]:
        return current_session().local_data

    def __getattr__(self, name: str) -> Any:
        try:
            return self._data()[name]
        except KeyError:
            return None

    def __setattr__(self, name: str, value: Any) -> None:
        self._data()[name] = value

    def __delattr__(self, name: str) -> None:
        self._data().pop(name, None)

    def __getitem__(self, name: str) -> Any:
        return self._data()[name]

    def __setitem__(self, name: str, value: Any) -> None:
        self._data()[name] = value

    def __contains__(self, name: str) -> bool:
        return name in self._data()

    def get(self, name: str, default: Any = None) -> Any:
        return self._data().get(name, default)


local = _SessionLocal()
