"""``put_datatable``: a grid for many records, with sorting, filtering,
selection and row actions, and ``datatable_update/insert/remove`` to change
it afterwards.

The browser shows it with AG Grid (loaded only by pages that use it). Rows
are known by an id: the record's ``id_field`` or, without one, its index.
The server keeps the ids it has handed out, so a selection callback only
ever receives ids of rows it put there.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..engine.context import current_session
from ..engine.session import Session
from .base import BOTTOM, Output, output_spec, send_command

logger = logging.getLogger("flask_webui")

THEMES = ("balham", "alpine", "material", "quartz", "balham-dark", "alpine-dark", "quartz-dark")

#: Rows above which ``height="auto"`` would lay out every row: a fixed height is used instead.
AUTO_HEIGHT_LIMIT = 1000


class JSFunction:
    """A JavaScript function to pass in ``column_args`` or ``grid_args``:
    parameter names, then the body.

    >>> JSFunction("params", "return params.value.toUpperCase()")  # doctest: +ELLIPSIS
    <...JSFunction...>
    """

    def __init__(self, *params_and_body: str) -> None:
        if not params_and_body:
            raise ValueError("JSFunction needs at least a body")
        self.params = list(params_and_body[:-1])
        self.body = params_and_body[-1]


class _RowIds:
    """The row ids of one datatable, as the browser names them, mapped to the
    Python values callbacks receive."""

    def __init__(self, id_path: list[str] | None) -> None:
        self.id_path = id_path
        self.ids: dict[str, Any] = {}
        self.next_index = 0

    def add(self, records: Sequence[Mapping[str, Any]]) -> None:
        for record in records:
            if self.id_path is None:
                self.ids[str(self.next_index)] = self.next_index
                self.next_index += 1
            else:
                value = _value_at(record, self.id_path)
                self.ids[str(value)] = value

    def reset(self, records: Sequence[Mapping[str, Any]]) -> None:
        self.ids.clear()
        self.next_index = 0
        self.add(records)

    def lookup(self, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, (str, int)):
            raise ValueError(f"row id {raw!r} is not a string or number")
        try:
            return self.ids[str(raw)]
        except KeyError:
            raise ValueError(f"no row with id {raw!r}") from None


def _instances(session: Session) -> dict[str, _RowIds]:
    """The datatables of ``session`` that have an instance_id."""
    return session.state("output.datatables", dict)


def _value_at(record: Mapping[str, Any], path: list[str]) -> Any:
    value: Any = record
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            raise ValueError(f"record {record!r} has no id field {'.'.join(path)!r}")
        value = value[key]
    if value is None or isinstance(value, (bool, dict, list)):
        raise ValueError(f"id field {'.'.join(path)!r} must be a string or number, not {value!r}")
    return value


def _encode_functions(value: Any, key: str) -> Any:
    """``value`` as JSON data, each :class:`JSFunction` marked with ``key``."""
    def default(obj: Any) -> Any:
        if isinstance(obj, JSFunction):
            return {"__pywebio_js_function__": key, "params": obj.params, "body": obj.body}
        raise TypeError(f"{type(obj).__name__} cannot be sent to the browser")
    return json.loads(json.dumps(value, default=default))


def put_datatable(
    records: Sequence[Mapping[str, Any]],
    actions: Sequence[tuple[str, Callable[[Any], Any]] | None] | None = None,
    onselect: Callable[[Any], Any] | None = None,
    multiple_select: bool = False,
    id_field: str | Sequence[str] | None = None,
    height: str | int = 600,
    theme: str = "balham",
    cell_content_bar: bool = True,
    instance_id: str = "",
    column_order: Sequence[str] | Mapping[str, Any] | None = None,
    column_args: Mapping[str | tuple[str, ...], Mapping[str, Any]] | None = None,
    grid_args: Mapping[str, Any] | None = None,
    enterprise_key: str = "",
    scope: str | None = None,
    position: int = BOTTOM,
) -> Output:
    """Put a data grid of ``records`` (dicts, possibly nested).

    ``actions`` are ``(label, callback)`` buttons shown while rows are selected
    (``None`` is a separator); ``onselect`` is called on each selection. Both
    receive the selected row id, or a list of ids with ``multiple_select``.
    A row id is the record's ``id_field`` (a key, or a tuple path into nested
    dicts) or its index in ``records``. ``instance_id`` names the table for
    :func:`datatable_update`, :func:`datatable_insert` and
    :func:`datatable_remove`. ``column_order`` picks and orders the columns
    (a dict for nested records), ``column_args`` and ``grid_args`` pass AG Grid
    column and grid options (with :class:`JSFunction` for functions).

    >>> put_datatable([{"name": "Ada", "year": 1815}, {"name": "Alan", "year": 1912}],
    ...               actions=[("Greet", lambda row: toast(f"row {row}"))],
    ...               instance_id="people")  # doctest: +SKIP
    """
    records = list(records)
    actions = list(actions or [])
    if not records and not column_order:
        raise ValueError("column_order is needed when records is empty")
    if enterprise_key:
        raise ValueError("put_datatable() uses AG Grid community; enterprise_key is not supported")
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {THEMES}, not {theme!r}")
    for action in actions:
        if action is not None and not (isinstance(action, (tuple, list)) and len(action) == 2
                                       and callable(action[1])):
            raise ValueError(f"action {action!r} must be (label, callback) or None")
    if isinstance(height, int):
        height = f"{height}px"
    if height == "auto" and len(records) > AUTO_HEIGHT_LIMIT:
        logger.warning("put_datatable: %d rows are too many for height='auto'; using 600px", len(records))
        height = "600px"
    id_path = [id_field] if isinstance(id_field, str) else list(id_field) if id_field else None
    row_ids = _RowIds(id_path)
    row_ids.add(records)
    if instance_id:
        _instances(current_session())[instance_id] = row_ids

    callback_id = None
    if actions or onselect:
        callback_id = _register_selection(row_ids, actions, onselect, multiple_select)
    js_func_key = secrets.token_hex(8)
    column_args = dict(column_args or {})
    field_args = {key: args for key, args in column_args.items() if isinstance(key, str)}
    path_args = [[list(key), args] for key, args in column_args.items() if not isinstance(key, str)]
    if isinstance(column_order, (list, tuple)):
        column_order = {key: None for key in column_order}
    spec = output_spec(
        "datatable", records=records, callback_id=callback_id,
        actions=[None if action is None else str(action[0]) for action in actions],
        on_select=onselect is not None, id_field=id_path, column_order=column_order,
        multiple_select=multiple_select,
        field_args=_encode_functions(field_args, js_func_key),
        path_args=_encode_functions(path_args, js_func_key),
        grid_args=_encode_functions(dict(grid_args or {}), js_func_key), js_func_key=js_func_key,
        cell_content_bar=cell_content_bar, height=height, theme=theme, instance_id=instance_id,
    )
    return Output(spec, scope, position)


def _register_selection(row_ids: _RowIds, actions: list[Any], onselect: Callable[[Any], Any] | None,
                        multiple: bool) -> str:
    def decode(data: Any) -> tuple[Callable[[Any], Any], Any]:
        if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
            raise ValueError("a datatable event carries {rows: [...]}")
        rows = [row_ids.lookup(raw) for raw in data["rows"]]
        if not rows or (not multiple and len(rows) != 1):
            raise ValueError(f"selection {data['rows']!r} does not fit the table")
        selected = rows if multiple else rows[0]
        if "btn" not in data:
            if onselect is None:
                raise ValueError("this datatable has no onselect")
            return onselect, selected
        index = data["btn"]
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(actions) \
                or actions[index] is None:
            raise ValueError(f"no action {index!r}")
        return actions[index][1], selected

    def run(decoded: tuple[Callable[[Any], Any], Any]) -> Any:
        function, selected = decoded
        return function(selected)

    return current_session().register_callback(run, decode)


def _table(instance_id: str) -> _RowIds:
    tables = _instances(current_session())
    if instance_id not in tables:
        raise ValueError(f"no datatable with instance_id {instance_id!r} on this page")
    return tables[instance_id]


def _call(instance_id: str, method: str, **args: Any) -> None:
    code = (f"const table = window[`ag_grid_${{instance_id}}_promise`];\n"
            f"if (table) table.then((grid) => grid.{method}({', '.join(args)}));\n"
            "else console.error(`flask_webui: no datatable ${instance_id}`);")
    send_command("run_script", {"code": code, "args": {"instance_id": instance_id, **args}})


def datatable_update(instance_id: str, data: Any, row_id: str | int | None = None,
                     field: str | Sequence[str] | None = None) -> None:
    """Replace the whole data (``data`` is a list of records), one row
    (``row_id``, ``data`` a record) or one cell (``row_id`` and ``field``, a
    key or a tuple path) of the datatable put with ``instance_id``.

    >>> datatable_update("people", 1816, row_id=0, field="year")  # doctest: +SKIP
    """
    table = _table(instance_id)
    if row_id is None and field is not None:
        raise ValueError("datatable_update() needs row_id when field is given")
    path = None if field is None else [field] if isinstance(field, str) else list(field)
    if row_id is None:
        records = list(data)
        table.reset(records)
        _call(instance_id, "update", data=records, row_id=None, path=None)
        return
    table.lookup(row_id)
    if path is None and table.id_path is not None and str(_value_at(data, table.id_path)) != str(row_id):
        raise ValueError("datatable_update() cannot change a row's id field")
    _call(instance_id, "update", data=data, row_id=row_id, path=path)


def datatable_insert(instance_id: str, records: Any, row_id: str | int | None = None) -> None:
    """Insert a record or a list of records before the row ``row_id`` (at the
    end without it). Without ``id_field``, new rows take the next indexes."""
    table = _table(instance_id)
    records = list(records) if isinstance(records, (list, tuple)) else [records]
    if row_id is not None:
        table.lookup(row_id)
    table.add(records)
    _call(instance_id, "insert", records=records, row_id=row_id)


def datatable_remove(instance_id: str, row_ids: Any) -> None:
    """Remove the row ``row_ids`` (one id or a list of them)."""
    table = _table(instance_id)
    ids = list(row_ids) if isinstance(row_ids, (list, tuple)) else [row_ids]
    for raw in ids:
        table.ids.pop(str(raw), None)
    _call(instance_id, "remove", row_ids=ids)
