"""Text widgets: plain text, markdown and HTML."""

from __future__ import annotations

import textwrap
import warnings
from typing import Any

from .base import BOTTOM, Output, output_spec


def put_text(*texts: Any, sep: str = " ", inline: bool = False, scope: str | None = None,
             position: int = BOTTOM) -> Output:
    """Put plain text: tags show as typed, never as HTML.

    >>> put_text("Total:", 3)  # doctest: +SKIP
    """
    content = sep.join(str(t) for t in texts)
    return Output(output_spec("text", content=content, inline=inline), scope, position)


def put_markdown(mdcontent: str, *, lstrip: bool = True, options: dict[str, Any] | None = None,
                 sanitize: bool = True, scope: str | None = None, position: int = BOTTOM,
                 strip_indent: int | None = None) -> Output:
    """Put Markdown, rendered in the browser and sanitized unless
    ``sanitize=False``.

    ``lstrip`` removes the indentation the lines after the first share, so
    an indented triple-quoted string renders as written, whether its text
    starts on the line of the opening quotes or on the next one:

    >>> put_markdown('''# Title
    ...     Some *text*.''')  # doctest: +SKIP
    """
    if strip_indent is not None:
        warnings.warn("put_markdown(strip_indent=) is deprecated (as in PyWebIO) and has no effect; "
                      "lstrip=True removes the indentation", DeprecationWarning, stacklevel=2)
    if lstrip:
        mdcontent = dedent_after_first_line(mdcontent)
    spec = output_spec("markdown", content=mdcontent, options=options or {}, sanitize=sanitize)
    return Output(spec, scope, position)


def dedent_after_first_line(text: str) -> str:
    """Remove the indentation the second and later lines have in common; the
    first line stays as written (it follows the opening quotes).

    >>> dedent_after_first_line("# Title\n    one\n      two")
    '# Title\none\n  two'
    """
    first, newline, rest = text.partition("\n")
    return first + newline + textwrap.dedent(rest)


def put_html(html: Any, *, sanitize: bool = True, scope: str | None = None,
             position: int = BOTTOM) -> Output:
    """Put HTML. It is sanitized (scripts and event handlers removed) unless the
    page author passes ``sanitize=False``.

    ``html`` may be a string or any object with ``_repr_html_()`` or
    ``__html__()`` (Markup, pandas tables, ...).
    """
    if hasattr(html, "__html__"):
        html = html.__html__()
    elif hasattr(html, "_repr_html_"):
        html = html._repr_html_()
    return Output(output_spec("html", content=str(html), sanitize=sanitize), scope, position)


def put_code(content: Any, language: str = "", rows: int | None = None, scope: str | None = None,
             position: int = BOTTOM) -> Output:
    """Put source code, highlighted for ``language`` in the browser; with
    ``rows`` the block is that many lines high and scrolls.

    >>> put_code("print('hi')", language="python")  # doctest: +SKIP
    """
    content = str(content)
    fence = "```"
    while fence in content:
        fence += "`"
    out = put_markdown(f"{fence}{language}\n{content}\n{fence}", lstrip=False, scope=scope, position=position)
    if rows is not None:
        out.style(f"max-height: {rows * 19 + 32}px; overflow-y: auto")
    return out
