"""A page: a function registered at a URL rule, with who may open it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .auth import Authorize


@dataclass
class Page:
    """A page function registered at a URL rule.

    >>> Page("/bmi", bmi, "bmi", title="BMI").protected  # doctest: +SKIP
    False
    """

    rule: str
    function: Callable[[], Any]
    endpoint: str
    title: str | None = None
    login_required: bool = False
    authorize: Authorize | None = None
    #: Whether reloading the tab re-attaches to the running session.
    resume: bool = True
    #: Whether an open tab reloads by itself once a restarted server is back.
    restart_on_server_restart: bool = False

    @property
    def protected(self) -> bool:
        return self.login_required or self.authorize is not None
