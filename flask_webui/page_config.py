"""``config()``: a page's title, description, theme and extra JS/CSS, as
PyWebIO's ``pywebio.config``.

Called on its own, it sets the defaults of every page; used as a decorator,
it configures one page function.

>>> config(theme="dark")                          # every page  # doctest: +SKIP
>>> @config(title="Notes", css_style="h1 {color: teal}")
... def notes(): ...
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: Themes ``config(theme=...)`` and ``WEBUI_THEME`` accept: Bootstrap's light
#: and dark modes, and the Bootswatch themes the frontend build ships.
THEMES = ("default", "dark", "minty", "sketchy", "yeti", "darkly", "flatly")

_ATTRIBUTE = "__webui_config__"


@dataclass(frozen=True)
class PageConfig:
    """What :func:`config` sets; ``None`` fields fall back to the defaults."""

    title: str | None = None
    description: str | None = None
    theme: str | None = None
    js_code: str | None = None
    js_file: tuple[str, ...] = field(default_factory=tuple)
    css_style: str | None = None
    css_file: tuple[str, ...] = field(default_factory=tuple)

    def over(self, base: PageConfig) -> PageConfig:
        """This config with ``base``'s values where it sets none."""
        values = {f.name: getattr(self, f.name) or getattr(base, f.name) for f in dataclasses.fields(self)}
        return PageConfig(**values)


_defaults = PageConfig()


def _files(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(str(item) for item in value)


def config(*, title: str | None = None, description: str | None = None, theme: str | None = None,
           js_code: str | None = None, js_file: str | Sequence[str] | None = None,
           css_style: str | None = None, css_file: str | Sequence[str] | None = None,
           manifest: Any = None) -> Callable[[F], F]:
    """Configure pages: ``title``, ``description`` (a meta tag), ``theme``
    (one of :data:`THEMES`), ``js_code``/``js_file`` and ``css_style``/``css_file``
    added to the page. ``manifest`` is accepted for PyWebIO's sake and ignored.

    Called alone it changes the defaults of every page; as a decorator it
    configures the decorated page function only.
    """
    global _defaults
    if theme is not None and theme not in THEMES:
        raise ValueError(f"theme must be one of {THEMES}, not {theme!r}")
    settings = PageConfig(title, description, theme, js_code, _files(js_file), css_style, _files(css_file))
    previous = _defaults
    _defaults = settings.over(_defaults)

    def decorator(function: F) -> F:
        # Used as a decorator after all: the settings are this page's alone.
        global _defaults
        _defaults = previous
        setattr(function, _ATTRIBUTE, settings.over(getattr(function, _ATTRIBUTE, PageConfig())))
        return function

    return decorator


def page_config(function: Callable[..., Any]) -> PageConfig:
    """The settings of page ``function`` over the defaults. A function with a
    ``__webui_config_for__()`` (``start_server``'s app selector) names the
    function whose settings apply to the current request."""
    chooser = getattr(function, "__webui_config_for__", None)
    if chooser is not None:
        function = chooser()
    own: PageConfig = getattr(function, _ATTRIBUTE, PageConfig())
    return own.over(_defaults)
