"""``config()``: a page's title, description, theme and extra JS/CSS, as
PyWebIO's ``pywebio.config``.

Used as a decorator, it configures one page function. Called on its own
inside an app context (or as ``webui.config(...)``), it sets the defaults of
that app's pages; called on its own outside any app, as PyWebIO programs do
at the top of a module, it sets the defaults of every app in the process
that does not set its own.

>>> config(theme="dark")                          # every page  # doctest: +SKIP
>>> @config(title="Notes", css_style="h1 {color: teal}")
... def notes(): ...
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from flask import current_app, has_app_context

F = TypeVar("F", bound=Callable[..., Any])

_THEME_LIST = json.loads((Path(__file__).parent / "themes.json").read_text(encoding="utf-8"))

#: Themes ``config(theme=...)`` and ``WEBUI_THEME`` accept: Bootstrap's light
#: and dark modes, and the Bootswatch themes the frontend build ships (one
#: list, ``themes.json``, read by the build too).
THEMES: tuple[str, ...] = (*_THEME_LIST["builtin"], *_THEME_LIST["bootswatch"])
#: Themes drawn in Bootstrap's dark color mode.
DARK_THEMES: tuple[str, ...] = tuple(_THEME_LIST["dark_mode"])
#: Themes served as a stylesheet of their own (``static/themes/<name>.css``).
STYLESHEET_THEMES: tuple[str, ...] = tuple(_THEME_LIST["bootswatch"])

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


class PageDefaults:
    """The defaults :func:`config` changes: one per app
    (``FlaskWebUI.page_defaults``), and one for calls outside any app."""

    def __init__(self) -> None:
        self.value = PageConfig()

    def set(self, settings: PageConfig) -> Callable[[], None]:
        """Lay ``settings`` over the defaults; returns how to undo it."""
        previous = self.value
        self.value = settings.over(previous)

        def undo() -> None:
            self.value = previous

        return undo


#: What ``config()`` called outside any app sets (PyWebIO's module-level call).
_outside_apps = PageDefaults()


def _app_defaults() -> PageDefaults | None:
    if not has_app_context():
        return None
    webui = current_app.extensions.get("webui")
    return getattr(webui, "page_defaults", None)


def _files(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(str(item) for item in value)


def config(*, title: str | None = None, description: str | None = None, theme: str | None = None,
           js_code: str | None = None, js_file: str | Sequence[str] | None = None,
           css_style: str | None = None, css_file: str | Sequence[str] | None = None,
           manifest: Any = None) -> Callable[[F], F]:
    """Configure pages: ``title``, ``description`` (a meta tag), ``theme``
    (one of the themes of ``flask_webui/themes.json``), ``js_code``/``js_file`` and ``css_style``/``css_file``
    added to the page. ``manifest`` is accepted for PyWebIO's sake and ignored.

    Called alone it changes the defaults of the current app's pages (every
    app's, outside an app context); as a decorator it configures the
    decorated page function only.
    """
    settings = make_config(title=title, description=description, theme=theme, js_code=js_code,
                           js_file=js_file, css_style=css_style, css_file=css_file)
    undo = (_app_defaults() or _outside_apps).set(settings)

    def decorator(function: F) -> F:
        # Used as a decorator after all: the settings are this page's alone.
        undo()
        setattr(function, _ATTRIBUTE, settings.over(getattr(function, _ATTRIBUTE, PageConfig())))
        return function

    return decorator


def make_config(*, title: str | None = None, description: str | None = None, theme: str | None = None,
                js_code: str | None = None, js_file: str | Sequence[str] | None = None,
                css_style: str | None = None, css_file: str | Sequence[str] | None = None) -> PageConfig:
    """A checked :class:`PageConfig` from :func:`config`'s arguments."""
    if theme is not None and theme not in THEMES:
        raise ValueError(f"theme must be one of {THEMES}, not {theme!r}")
    return PageConfig(title, description, theme, js_code, _files(js_file), css_style, _files(css_file))


def page_config(function: Callable[..., Any]) -> PageConfig:
    """The settings of page ``function`` over the current app's defaults, over
    those set outside any app. A function with a ``__webui_config_for__()``
    (``start_server``'s app selector) names the function whose settings
    apply to the current request."""
    chooser = getattr(function, "__webui_config_for__", None)
    if chooser is not None:
        function = chooser()
    own: PageConfig = getattr(function, _ATTRIBUTE, PageConfig())
    app = _app_defaults()
    base = _outside_apps.value if app is None else app.value.over(_outside_apps.value)
    return own.over(base)
