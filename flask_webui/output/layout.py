"""Layout: rows, columns, grids, scrollable areas and tabs."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

from .base import BOTTOM, Output, embed, embed_all, output_spec
from .widgets import put_widget

_GRID = ('<div class="webui-grid" style="{{style}}">'
         "{{#contents}}{{& pywebio_output_parse}}{{/contents}}</div>")


@dataclass
class span:  # noqa: N801 - PyWebIO's name
    """A table or grid cell that covers ``row`` rows and ``col`` columns.

    >>> put_table([["A", "B"], [span("C", col=2)]])  # doctest: +SKIP
    """

    content: Any
    row: int = 1
    col: int = 1


def _line(content: Any, flow: str, size: str | None, scope: str | None, position: int) -> Output:
    items = list(content) if isinstance(content, (list, tuple)) else [content]
    if size is None:
        size = " ".join("10px" if item is None else "1fr" for item in items)
    style = f"grid-auto-flow: {flow}; grid-template-{flow}s: {size}"
    data = {"style": style, "contents": embed_all(items)}
    return put_widget(_GRID, data, scope, position).enable_context_manager()


def put_row(content: Any = (), size: str | None = None, scope: str | None = None,
            position: int = BOTTOM) -> Output:
    """Put ``content`` side by side. ``size`` gives the widths as CSS grid
    tracks (``"2fr 10px 3fr"``, ``"100px auto"``); by default ``None`` items
    are 10px gaps and the others share the width.

    >>> put_row([put_code("a = 1"), None, put_code("b = 2")])  # doctest: +SKIP
    """
    return _line(content, "column", size, scope, position)


def put_column(content: Any = (), size: str | None = None, scope: str | None = None,
               position: int = BOTTOM) -> Output:
    """Put ``content`` one under another (see :func:`put_row` for ``size``)."""
    return _line(content, "row", size, scope, position)


def put_grid(content: list[list[Any]], cell_width: str = "auto", cell_height: str = "auto",
             cell_widths: str | None = None, cell_heights: str | None = None, direction: str = "row",
             scope: str | None = None, position: int = BOTTOM) -> Output:
    """Put ``content``, a list of rows (or of columns with
    ``direction="column"``), on a grid. Cells may be :class:`span`.

    >>> put_grid([[put_text("a"), put_text("b")], [span(put_text("c"), col=2)]])  # doctest: +SKIP
    """
    if direction not in ("row", "column"):
        raise ValueError("direction must be 'row' or 'column'")
    cells, filled = _grid_cells(content)
    width = max(filled, default=0)
    for line, count in zip(cells, filled, strict=False):
        line.extend(embed(None) for _ in range(width - count))  # short lines end in empty cells
    columns, rows = (width, len(filled)) if direction == "row" else (len(filled), width)
    across = cell_widths or f"repeat({columns}, {cell_width})"
    down = cell_heights or f"repeat({rows}, {cell_height})"
    style = (f"grid-auto-flow: {direction}; grid-template-columns: {across}; "
             f"grid-template-rows: {down}")
    contents = [cell for line in cells for cell in line]
    return put_widget(_GRID, {"style": style, "contents": contents}, scope, position)


def _grid_cells(content: list[list[Any]]) -> tuple[list[list[dict[str, Any]]], list[int]]:
    """Each line's cell specs, and how many grid cells each line holds, a
    span counted in every line it reaches down into (as PyWebIO counts them;
    a span reaching past the last line adds lines, where PyWebIO fails).

    >>> _grid_cells([[span("a", col=2, row=2)], ["b"]])[1]
    [2, 3]
    """
    filled = [0] * len(content)
    cells = []
    for index, line in enumerate(content):
        specs = []
        for cell in line:
            if isinstance(cell, span):
                for reached in range(index, index + cell.row):
                    if reached == len(filled):
                        filled.append(0)
                    filled[reached] += cell.col
                spec = embed(cell.content)
                spec["style"] = (spec.get("style", "") + f";grid-row-start: span {cell.row}; "
                                 f"grid-column-start: span {cell.col}")
            else:
                filled[index] += 1
                spec = embed(cell)
            specs.append(spec)
        cells.append(specs)
    return cells, filled


def put_scrollable(content: Any = (), height: int | tuple[int, int] | None = 400, keep_bottom: bool = False,
                   border: bool = True, scope: str | None = None, position: int = BOTTOM,
                   max_height: int | None = None) -> Output:
    """Put an area of fixed ``height`` (pixels, or ``(min, max)``) that
    scrolls; ``keep_bottom`` keeps the newest output in view.

    >>> with put_scrollable(height=200, keep_bottom=True):  # doctest: +SKIP
    ...     put_text("log line")
    """
    if max_height is not None:
        warnings.warn("put_scrollable(max_height=) is deprecated (as in PyWebIO); use height=",
                      DeprecationWarning, stacklevel=2)
        height = max_height
    min_height, max_height = height if isinstance(height, tuple) else (height, height)
    spec = output_spec("scrollable", contents=embed_all(content), min_height=min_height,
                       max_height=max_height, keep_bottom=keep_bottom, border=border)
    return Output(spec, scope, position).enable_context_manager(container_selector="> div")


def put_tabs(tabs: list[dict[str, Any]], scope: str | None = None, position: int = BOTTOM) -> Output:
    """Put tabs: a list of ``{"title": ..., "content": ...}`` (content: text,
    a widget, or a list of them).

    >>> put_tabs([{"title": "One", "content": "first"},
    ...           {"title": "Two", "content": put_text("2")}])  # doctest: +SKIP
    """
    wire = []
    for tab in tabs:
        if not isinstance(tab, dict) or "title" not in tab or "content" not in tab:
            raise ValueError("each tab must be a dict with 'title' and 'content'")
        wire.append({"title": str(tab["title"]), "content": embed_all(tab["content"])})
    return Output(output_spec("tabs", tabs=wire), scope, position)
