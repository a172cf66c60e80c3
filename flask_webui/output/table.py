"""``put_table``: rows of text or widgets, with a header and spanning cells."""

from __future__ import annotations

from typing import Any

from .base import BOTTOM, Output, embed, output_spec
from .layout import span


def put_table(tdata: list[Any], header: list[Any] | None = None, scope: str | None = None,
              position: int = BOTTOM) -> Output:
    """Put a table. ``tdata`` is a list of rows (lists) or of dicts; a cell is
    text or any ``put_*`` widget, or a :class:`span` over several cells.
    ``header`` names the columns; for dict rows it may be ``[(label, key),
    ...]`` to pick and order them.

    >>> put_table([["Apple", 5.5], [span(put_text("Pear: n/a"), col=2)]],
    ...           header=["Fruit", "Price"])  # doctest: +SKIP
    """
    rows: list[list[Any]]
    if tdata and isinstance(tdata[0], dict):
        if header is None:
            keys = list(tdata[0])
            titles: list[Any] = [str(key).capitalize() for key in keys]
        elif header and isinstance(header[0], (list, tuple)):
            titles = [pair[0] for pair in header]
            keys = [pair[-1] for pair in header]
        else:
            titles = keys = list(header)
        rows = [[row.get(key, "") for key in keys] for row in tdata]
        header = titles
    else:
        if header and isinstance(header[0], (list, tuple)):
            header = [pair[0] for pair in header]
        rows = [list(row) for row in tdata]
    if header:
        rows.insert(0, list(header))
    spans: dict[str, dict[str, int]] = {}
    data: list[list[Any]] = []
    for r, row in enumerate(rows):
        cells = []
        for c, cell in enumerate(row):
            if isinstance(cell, span):
                spans[f"{r},{c}"] = {"row": cell.row, "col": cell.col}
                cell = cell.content
            cells.append(embed(cell) if isinstance(cell, Output) else str(cell))
        data.append(cells)
    return Output(output_spec("table", data=data, span=spans), scope, position)
