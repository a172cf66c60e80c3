"""Output widgets through the headless client: specs, nesting, refusals."""

import pytest

from flask_webui.output import (
    popup,
    put_button,
    put_buttons,
    put_collapse,
    put_grid,
    put_link,
    put_progressbar,
    put_row,
    put_table,
    put_text,
    span,
    use_scope,
)
from tests.apps import pages


def open_page(function, path="/t"):
    _app, webui = pages.create_app()
    webui.add_page(path, function)
    return webui.test_client().open(path)


def outputs(page):
    return [c["spec"] for c in page.commands if c["command"] == "output"]


def test_nested_widgets_are_not_also_put_at_the_top():
    def page_code() -> None:
        put_row([put_text("a"), put_button("b", onclick=lambda: None), None])

    page = open_page(page_code)
    [row] = outputs(page)
    assert row["type"] == "custom_widget"
    assert [item["type"] for item in row["data"]["contents"]] == ["text", "buttons", "html"]
    assert row["data"]["style"] == "grid-auto-flow: column; grid-template-columns: 1fr 1fr 10px"


def test_a_grid_counts_a_span_in_every_line_it_reaches_and_fills_short_lines():
    def page_code() -> None:
        # C reaches down past the last line: PyWebIO 1.8.4 fails here (IndexError).
        put_grid([[span(put_text("A"), col=2), None], [span(put_text("C"), row=2, col=2), span("D", row=2)]])

    [grid] = outputs(open_page(page_code))
    assert grid["data"]["style"] == ("grid-auto-flow: row; grid-template-columns: repeat(3, auto); "
                                     "grid-template-rows: repeat(3, auto)")
    cells = grid["data"]["contents"]
    assert [cell.get("content") for cell in cells] == ["A", "<div></div>", "C", "D"]
    assert [cell.get("style") for cell in cells] == [
        ";grid-row-start: span 1; grid-column-start: span 2", None,
        ";grid-row-start: span 2; grid-column-start: span 2",
        ";grid-row-start: span 2; grid-column-start: span 1"]


def test_table_from_dicts_with_picked_headers_and_spans():
    def page_code() -> None:
        put_table([{"course": "OS", "score": 80, "x": 1}, {"course": "DB", "score": 93}],
                  header=[("Course", "course"), (put_text("Score"), "score")])
        put_table([["A", span("B", row=2)], ["C"]])

    page = open_page(page_code)
    first, second = outputs(page)
    assert first["data"][0][0] == "Course" and first["data"][0][1]["type"] == "text"
    assert first["data"][1:] == [["OS", "80"], ["DB", "93"]]
    assert first["span"] == {}
    assert second["span"] == {"0,1": {"row": 2, "col": 1}}
    assert page.text.splitlines()[-2:] == ["A | B", "C"]


def test_context_manager_widgets_take_the_output_inside_them():
    def page_code() -> None:
        with put_collapse("More") as scope:
            put_text("inside")
        put_text("after")
        put_text("late arrival", scope=scope)
        with pytest.raises(TypeError, match="cannot be used with 'with'"), put_text("x"):
            pass
        put_text("checked")

    page = open_page(page_code)
    assert page.text.splitlines() == ["More", "inside", "late arrival", "after", "x", "checked"]


def test_popup_content_and_context():
    def page_code() -> None:
        with popup("Title", [put_text("first")]):
            put_text("second")

    page = open_page(page_code)
    assert page.popup_text == "Title\nfirst\nsecond"
    assert page.text == ""


def test_a_click_on_a_disabled_button_is_refused():
    def page_code() -> None:
        put_buttons([{"label": "On", "value": "on"}, {"label": "Off", "value": "off", "disabled": True}],
                    onclick=lambda value: put_text(f"clicked {value}"))

    page = open_page(page_code)
    callback_id = outputs(page)[0]["callback_id"]
    page.send({"event": "callback", "task_id": callback_id, "data": "1"})
    assert page.errors == ["refused a click with a value never offered: '1'"]
    page.click("On")
    assert page.text.endswith("clicked on")


def test_bad_widget_arguments_are_clear_errors():
    def page_code() -> None:
        for attempt in (
            lambda: put_link("x"),
            lambda: put_progressbar("p", 2),
            lambda: use_scope("s", if_exist="remove"),
            lambda: put_buttons(["a"], onclick=print, serial=True),
        ):
            try:
                attempt()
            except (TypeError, ValueError) as error:
                put_text(str(error))

    page = open_page(page_code)
    assert page.text.splitlines() == [
        "put_link() needs either url or app",
        "progress must lie between 0 and 1",
        "use_scope() takes clear=, container_scope= and position=, not ['if_exist']; "
        "for if_exist call set_scope() first",
        "put_buttons() got unexpected arguments ['serial']",
    ]


def test_link_to_another_page_of_the_app():
    def page_code() -> None:
        put_link("Echo", app="echo")
        put_link("Group", app="/group", new_window=True)

    page = open_page(page_code)
    first, second = outputs(page)
    assert first["content"] == '<a href="/echo">Echo</a>'
    assert second["content"] == '<a href="/group" target="_blank" rel="noopener">Group</a>'


def test_datatable_callbacks_get_only_row_ids_the_server_handed_out():
    from flask_webui.output import datatable_insert, datatable_remove, put_datatable

    def page_code() -> None:
        put_datatable([{"sku": "x1", "n": 1}, {"sku": "x2", "n": 2}], id_field="sku", instance_id="stock",
                      actions=[("Drop", lambda sku: datatable_remove("stock", sku)), None,
                               ("Show", lambda sku: put_text(f"show {sku}"))],
                      onselect=lambda sku: put_text(f"picked {sku}"))
        put_datatable([{"a": 1}], multiple_select=True, onselect=lambda rows: put_text(f"rows {rows!r}"))
        put_button("Add", onclick=lambda: datatable_insert("stock", {"sku": "x3", "n": 3}))

    page = open_page(page_code)
    page.select_rows(["x2"])
    assert page.text.endswith("picked x2")
    page.select_rows(["x2"], action="Show")
    assert page.text.endswith("show x2")
    page.select_rows([0], table=1)
    assert page.text.endswith("rows [0]")

    stock = outputs(page)[0]["callback_id"]
    for data in (
        {"rows": ["x9"]},                 # never on the table
        {"rows": ["x1", "x2"]},           # two rows in a single-selection table
        {"rows": []},
        {"rows": "x1"},
        {"rows": ["x1"], "btn": 1},       # the separator
        {"rows": ["x1"], "btn": 7},
        {"rows": [{"sku": "x1"}]},
        "x1",
    ):
        page.send({"event": "callback", "task_id": stock, "data": data})
    assert len(page.errors) == 8
    assert all(error.startswith("refused a click") for error in page.errors)

    page.click("Add")                     # inserted rows become selectable
    page.select_rows(["x3"])
    assert page.text.endswith("picked x3")
    page.select_rows(["x1"], action="Drop")  # removed rows are not
    script = page.commands[-1]
    assert script["command"] == "run_script" and script["spec"]["args"]["row_ids"] == ["x1"]
    page.select_rows(["x1"])
    assert len(page.errors) == 9


def test_datatable_argument_errors():
    from flask_webui.output import datatable_update, put_datatable

    errors = []

    def page_code() -> None:
        for call in (
            lambda: put_datatable([]),
            lambda: put_datatable([{"a": 1}], theme="neon"),
            lambda: put_datatable([{"a": 1}], actions=[("No callback",)]),
            lambda: put_datatable([{"a": None}], id_field="a"),
            lambda: datatable_update("missing", []),
            lambda: (put_datatable([{"a": 1}], instance_id="t"), datatable_update("t", 2, field="a")),
            lambda: datatable_update("t", 2, row_id=5, field="a"),
        ):
            try:
                call()
            except ValueError as error:
                errors.append(str(error))

    open_page(page_code)
    assert errors == [
        "column_order is needed when records is empty",
        "theme must be one of ('balham', 'alpine', 'material', 'quartz', 'balham-dark', 'alpine-dark', "
        "'quartz-dark'), not 'neon'",
        "action ('No callback',) must be (label, callback) or None",
        "id field 'a' must be a string or number, not None",
        "no datatable with instance_id 'missing' on this page",
        "datatable_update() needs row_id when field is given",
        "no row with id 5",
    ]
