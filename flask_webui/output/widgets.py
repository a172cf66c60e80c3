"""Template widgets: ``put_widget`` and the widgets built on it (messages,
collapse, progress bars, loading spinners).

They travel as PyWebIO's ``custom_widget`` type: a Mustache template and its
data, where ``{{& pywebio_output_parse}}`` inside a section renders the nested
widget (or text) at hand. Values are HTML-escaped by ``{{...}}``.
"""

from __future__ import annotations

from typing import Any

from ..engine.context import current_task
from ..engine.session import Session
from .base import BOTTOM, Output, embed_all, embed_nested, output_spec, scope_selector, send_command
from .scope import put_scope, remove

COLORS = ("primary", "secondary", "success", "danger", "warning", "info", "light", "dark")


def put_widget(template: str, data: dict[str, Any], scope: str | None = None,
               position: int = BOTTOM) -> Output:
    """Put a widget of your own: a Mustache ``template`` rendered with ``data``.
    ``data`` may hold ``put_*`` outputs; ``{{& pywebio_output_parse}}`` in a
    section over them renders each (strings as text).

    >>> put_widget('<details><summary>{{title}}</summary>'
    ...            '{{#contents}}{{& pywebio_output_parse}}{{/contents}}</details>',
    ...            {"title": "More", "contents": ["text", put_markdown("*hi*")]})  # doctest: +SKIP
    """
    spec = output_spec("custom_widget", template=str(template), data=embed_nested(data))
    return Output(spec, scope, position)


_MESSAGE = (
    '<div class="alert alert-{{color}}{{#closable}} alert-dismissible{{/closable}}" role="alert">'
    "{{#contents}}{{& pywebio_output_parse}}{{/contents}}"
    '{{#closable}}<button type="button" class="btn-close" data-webui-dismiss aria-label="Close">'
    "</button>{{/closable}}</div>"
)


def _message(color: str, contents: tuple[Any, ...], closable: bool, scope: str | None,
             position: int) -> Output:
    data = {"color": color, "contents": embed_all(contents), "closable": closable}
    return put_widget(_MESSAGE, data, scope, position).enable_context_manager()


def put_info(*contents: Any, closable: bool = False, scope: str | None = None,
             position: int = BOTTOM) -> Output:
    """Put an information box holding ``contents`` (text or ``put_*``);
    ``closable`` adds a close button.

    >>> put_info("Saved.", closable=True)  # doctest: +SKIP
    """
    return _message("info", contents, closable, scope, position)


def put_success(*contents: Any, closable: bool = False, scope: str | None = None,
                position: int = BOTTOM) -> Output:
    """Put a success box (see :func:`put_info`)."""
    return _message("success", contents, closable, scope, position)


def put_warning(*contents: Any, closable: bool = False, scope: str | None = None,
                position: int = BOTTOM) -> Output:
    """Put a warning box (see :func:`put_info`)."""
    return _message("warning", contents, closable, scope, position)


def put_error(*contents: Any, closable: bool = False, scope: str | None = None,
              position: int = BOTTOM) -> Output:
    """Put an error box (see :func:`put_info`)."""
    return _message("danger", contents, closable, scope, position)


_COLLAPSE = ("<details class=\"webui-collapse\"{{#open}} open{{/open}}><summary>{{title}}</summary>"
             "{{#contents}}{{& pywebio_output_parse}}{{/contents}}</details>")


def put_collapse(title: str, content: Any = (), open: bool = False, scope: str | None = None,
                 position: int = BOTTOM) -> Output:
    """Put a section that opens when its ``title`` is clicked.

    >>> with put_collapse("Details"):  # doctest: +SKIP
    ...     put_text("inside")
    """
    data = {"title": str(title), "contents": embed_all(content), "open": open}
    return put_widget(_COLLAPSE, data, scope, position).enable_context_manager()


_PROGRESS = (
    '<div class="progress webui-progress" role="progressbar" aria-label="{{name}}" '
    'aria-valuenow="{{percent}}" aria-valuemin="0" aria-valuemax="100">'
    '<div class="progress-bar progress-bar-striped" style="width: {{percent}}%">{{label}}</div></div>'
)

def _auto_close(session: Session) -> set[str]:
    """The progress bars of ``session`` that close themselves when full."""
    return session.state("output.auto_close_progressbars", set)


def _progress_data(name: str, value: float, label: str | None) -> dict[str, Any]:
    if not 0 <= value <= 1:
        raise ValueError("progress must lie between 0 and 1")
    percent = round(value * 100, 1)
    return {"name": name, "percent": percent, "label": f"{percent:.1f}%" if label is None else str(label)}


def put_progressbar(name: str, init: float = 0, label: str | None = None, auto_close: bool = False,
                    scope: str | None = None, position: int = BOTTOM) -> Output:
    """Put a progress bar ``name`` at ``init`` (0 to 1); move it with
    :func:`set_progressbar`. ``auto_close`` removes it when it reaches 1.

    >>> put_progressbar("job")  # doctest: +SKIP
    >>> set_progressbar("job", 0.5)  # doctest: +SKIP
    """
    if auto_close:
        _auto_close(current_task().session).add(name)
    bar = put_widget(_PROGRESS, _progress_data(name, init, label))
    return put_scope(_progress_scope(name), [bar], scope=scope, position=position)


def set_progressbar(name: str, value: float, label: str | None = None) -> None:
    """Move progress bar ``name`` to ``value`` (0 to 1), labelled with the
    percentage unless ``label`` is given."""
    data = _progress_data(name, value, label)
    scope = _progress_scope(name)
    if value == 1 and name in _auto_close(current_task().session):
        remove(scope)
        return
    send_command("output_ctl", {"clear": scope_selector(scope)})
    put_widget(_PROGRESS, data, scope=scope)


def _progress_scope(name: str) -> str:
    return f"webui-progressbar-{name}"


put_processbar = put_progressbar
set_processbar = set_progressbar

_LOADING = ('<div class="webui-loading"><div class="spinner-{{shape}} text-{{color}}" role="status">'
            '<span class="visually-hidden">Loading...</span></div></div>')


def put_loading(shape: str = "border", color: str = "dark", scope: str | None = None,
                position: int = BOTTOM) -> Output:
    """Put a loading spinner (``shape`` ``"border"`` or ``"grow"``). Used as a
    context manager, the spinner and what was put inside it go away when the
    block ends.

    >>> with put_loading():  # doctest: +SKIP
    ...     slow_work()
    """
    if shape not in ("border", "grow"):
        raise ValueError("shape must be 'border' or 'grow'")
    if color not in COLORS:
        raise ValueError(f"color must be one of {COLORS}")
    out = put_widget(_LOADING, {"shape": shape, "color": color}, scope, position)
    return out.enable_context_manager(after_exit=remove)
