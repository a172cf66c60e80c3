"""Pages for pywebio.output. Each ends with the text "end of page", so a
driver knows everything before it has been applied."""

import base64

from pywebio.output import (
    JSFunction,
    OutputPosition,
    PopupSize,
    Position,
    clear,
    close_popup,
    datatable_insert,
    datatable_remove,
    datatable_update,
    get_scope,
    output,
    popup,
    put_button,
    put_buttons,
    put_code,
    put_collapse,
    put_column,
    put_datatable,
    put_error,
    put_file,
    put_grid,
    put_html,
    put_image,
    put_info,
    put_link,
    put_loading,
    put_markdown,
    put_processbar,
    put_progressbar,
    put_row,
    put_scope,
    put_scrollable,
    put_success,
    put_table,
    put_tabs,
    put_text,
    put_warning,
    put_widget,
    remove,
    scroll_to,
    set_processbar,
    set_progressbar,
    set_scope,
    span,
    style,
    toast,
    use_scope,
)
from pywebio.session import hold

from tests.conformance.coverage import covers

#: A 2×2 red PNG.
RED_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAwMDAxMDAAAAkMQMB1wvHnAAAAABJRU5ErkJggg==")


def end():
    put_text("end of page")


@covers("output.put_text", "texts", "sep", "inline")
@covers("output.put_markdown", "mdcontent", "lstrip", "options", "sanitize")
@covers("output.put_html", "html", "sanitize")
@covers("output.put_code", "content", "language", "rows")
def texts():
    put_text("one", 2, "three", sep=" - ")
    put_text("side", inline=True)
    put_text("by side", inline=True)
    put_markdown("""# Heading on the first line
        Indented *text* under it.
        - item one
        - item two
    """)
    put_markdown("""
        ## Heading below the quotes
        Then a [link](https://example.org/).
    """)
    put_markdown("    four spaces make code", lstrip=False)
    put_markdown("line one\nline two", options={"breaks": True})
    put_markdown("[link](./#)\n~~strike~~")  # one newline in a paragraph: a line break, as PyWebIO makes it
    put_markdown("**md bold** and <b>html bold</b>", sanitize=False)
    put_html("<p>Some <b>bold</b> html</p>", sanitize=True)
    put_html("<p>Plain <i>italic</i></p>", sanitize=False)
    put_html("<p id='scripted'>script not run</p>"
             "<script>document.getElementById('scripted').textContent = 'script ran'</script>",
             sanitize=False)
    put_code("def f():\n    return 1", language="python", rows=3)
    end()


@covers("output.put_scope", "name", "content", "scope", "position")
@covers("output.use_scope", "name", "clear", "kwargs")
@covers("output.set_scope", "name", "container_scope", "position", "if_exist")
@covers("output.clear", "scope")
@covers("output.remove", "scope")
@covers("output.get_scope", "stack_idx")
@covers("output.OutputPosition")
@covers("output.put_text", "scope", "position")
def scopes():
    put_scope("a", [put_text("a1"), put_text("a3")])
    put_text("a2", scope="a", position=1)
    put_text("a0", scope="a", position=OutputPosition.TOP)
    with use_scope("b"):
        put_text("b first")
        put_text(f"inside {get_scope()} under {get_scope(-2)}")
    with use_scope("b", clear=True):
        put_text("b again")
    set_scope("c", container_scope="a", position=OutputPosition.TOP)
    put_text("in c", scope="c")
    set_scope("c", container_scope="a", if_exist="clear")
    put_text("c after clear", scope="c")
    with use_scope("d", container_scope="b", position=OutputPosition.TOP):
        put_text("d in b")
    put_scope("gone", [put_text("removed later")])
    put_scope("emptied", [put_text("cleared later")])
    remove("gone")
    clear("emptied")
    put_text("emptied is empty", scope="emptied")
    end()


@covers("output.scroll_to", "scope", "position")
@covers("output.Position")
def scrolling():
    for number in range(120):
        put_text(f"line {number}")
    put_scope("target", [put_text("the target")])
    for number in range(120, 240):
        put_text(f"line {number}")
    scroll_to("target", Position.MIDDLE)
    end()
    scroll_to("target", Position.MIDDLE)


@covers("output.put_table", "tdata", "header", "scope", "position")
@covers("output.span", "content", "row", "col")
def tables():
    put_table([["Apple", 3], ["Pear", put_text("four")], [span("Total: 7", col=2)]],
              header=["Fruit", "Count"])
    put_table([{"name": "Ada", "year": 1815}, {"name": "Alan", "year": 1912}],
              header=[("Person", "name"), ("Born", "year")])
    put_table([[span("tall", row=2), "b"], ["c"]])
    end()


@covers("output.put_buttons", "buttons", "onclick", "small", "link_style", "outline", "group", "scope",
        "position")
@covers("output.put_button", "label", "onclick", "color", "small", "link_style", "outline", "disabled",
        "scope", "position")
def buttons():
    def clicked(value):
        put_text(f"clicked {value!r}", scope="log")

    put_buttons(["Plain", {"label": "Two", "value": 2, "color": "danger"}], onclick=clicked)
    put_buttons(["Small", "Outlined"], onclick=[lambda: clicked("s"), lambda: clicked("o")], small=True,
                outline=True)
    put_buttons([{"label": "Link", "value": "l"}], onclick=clicked, link_style=True)
    put_buttons(["G1", "G2"], onclick=clicked, group=True)
    put_buttons([{"label": "Off", "value": 0, "disabled": True}], onclick=clicked)
    put_button("Solo", onclick=lambda: clicked("solo"), color="success", small=True, outline=True)
    put_button("Linked", onclick=lambda: clicked("linked"), link_style=True)
    put_button("Disabled", onclick=lambda: clicked("never"), disabled=True)
    put_scope("log")
    end()
    hold()


@covers("output.put_info", "contents", "closable", "scope", "position")
@covers("output.put_error", "contents", "closable", "scope", "position")
@covers("output.put_warning", "contents", "closable", "scope", "position")
@covers("output.put_success", "contents", "closable", "scope", "position")
def messages():
    put_info("Info text", put_text("and more"))
    put_error("Error text", closable=True)
    put_warning("Warning text")
    put_success("Success text", closable=True)
    end()


@covers("output.put_row", "content", "size")
@covers("output.put_column", "content", "size")
@covers("output.put_grid", "content", "cell_width", "cell_height", "cell_widths", "cell_heights", "direction")
@covers("output.style", "outputs", "css_style")
def layout():
    put_row([put_text("left"), None, put_text("right")], size="1fr 10px 2fr")
    put_column([put_text("top"), put_text("bottom")], size="auto auto")
    put_grid([[put_text("g1"), put_text("g2")], [put_text("g3"), span(put_text("g4"), col=1)]],
             cell_width="100px", cell_height="30px")
    put_grid([[put_text("h1"), put_text("h2")]], cell_widths="50px 80px", cell_heights="20px",
             direction="column")
    style(put_text("styled red"), "color: red")
    style([put_text("styled one"), put_text("styled two")], "font-weight: bold")
    end()


def blocks():
    """Styled blocks and spanned grids, as PyWebIO programs written by others use them."""
    put_row([
        put_code("python\n" * 20).style("max-height:200px;"),
        None,
        put_text("beside the code"),
    ], size="1fr 10px 1fr")
    put_text("under the row")
    cell = lambda text: put_code(text).style("margin-right:10px;")  # noqa: E731
    # (The third line is there for PyWebIO, which fails on a span reaching past the last line.)
    put_grid([[span(cell("A"), col=2), None], [span(cell("C"), row=2, col=2), span(cell("D"), row=2)], []])
    put_text("under the grid")
    end()


@covers("output.put_scrollable", "content", "height", "keep_bottom", "border", "kwargs")
@covers("output.put_markdown", "kwargs")
@covers("output.put_tabs", "tabs")
@covers("output.put_collapse", "title", "content", "open")
def containers():
    put_scrollable([put_text(f"row {n}") for n in range(5)], height=60, keep_bottom=True, border=True)
    put_scrollable(put_markdown("*old style*", strip_indent=4), max_height=80)  # PyWebIO's deprecated names
    put_tabs([{"title": "First tab", "content": "first content"},
              {"title": "Second tab", "content": [put_text("second content")]}])
    put_collapse("Closed part", [put_text("hidden inside")], open=False)
    put_collapse("Open part", put_text("shown inside"), open=True)
    end()


@covers("output.popup", "title", "content", "size", "implicit_close", "closable")
@covers("output.PopupSize")
@covers("output.close_popup")
def popups():
    def open_dialog():
        popup("The dialog", [put_text("dialog body"), put_button("Close it", onclick=close_popup)],
              size=PopupSize.SMALL, implicit_close=False, closable=True)

    put_button("Open dialog", onclick=open_dialog)
    with popup("Context dialog", size=PopupSize.LARGE):
        put_text("written inside with")
    end()
    hold()


@covers("output.toast", "content", "duration", "position", "color", "onclick")
def toasts():
    toast("Saved it", duration=0, position="right", color="success",
          onclick=lambda: put_text("toast clicked"))
    end()
    hold()


@covers("output.put_progressbar", "name", "init", "label", "auto_close")
@covers("output.set_progressbar", "name", "value", "label")
@covers("output.put_processbar", "name", "init", "label", "auto_close")
@covers("output.set_processbar", "name", "value", "label")
@covers("output.put_loading", "shape", "color")
def progress():
    put_progressbar("bar", init=0.25, label="Quarter")
    set_progressbar("bar", 0.5, label="Half")
    put_processbar("old", init=0.1)
    set_processbar("old", 0.8)
    put_progressbar("done", init=0.5, auto_close=True)
    set_progressbar("done", 1)
    put_loading(shape="grow", color="success")
    put_loading()
    end()


@covers("output.put_link", "name", "url", "app", "new_window")
@covers("output.put_image", "src", "format", "title", "width", "height")
@covers("output.put_file", "name", "content", "label")
def media():
    put_link("Example site", url="https://example.org/", new_window=True)
    put_link("Text app", app="text_input")
    put_image(RED_PNG, title="red square", width="20px", height="20px")
    put_image(RED_PNG, format="png", title="red again")
    put_file("notes.txt", b"file content", label="Download notes")
    end()


@covers("output.put_widget", "template", "data")
def widget():
    put_widget("<div><b>{{title}}</b><ul>{{#items}}<li>{{.}}</li>{{/items}}</ul>"
               "<div>{{#nested}}{{& pywebio_output_parse}}{{/nested}}</div></div>",
               {"title": "Widget title", "items": ["x", "y"], "nested": [put_text("nested text")]})
    end()


@covers("output.output", "contents")
def handler():
    hobby = output(put_text("Coding"))
    put_table([["Name", "Hobbies"], ["Wang", hobby]])
    hobby.append("Music", put_text("Drama"))
    hobby.insert(0, put_markdown("**First**"))
    end()


@covers("output.output", "contents")
def handler_reset():
    hobby = output("old")
    put_row([put_text("Hobby:"), hobby])
    hobby.reset("new", put_text("newer"))
    end()




@covers("output.put_tabs", "scope", "position")
@covers("output.put_html", "scope", "position")
@covers("output.put_code", "scope", "position")
@covers("output.put_markdown", "scope", "position")
@covers("output.put_image", "scope", "position")
@covers("output.put_file", "scope", "position")
@covers("output.put_widget", "scope", "position")
@covers("output.put_collapse", "scope", "position")
@covers("output.put_link", "scope", "position")
@covers("output.put_scrollable", "scope", "position")
@covers("output.put_column", "scope", "position")
@covers("output.put_row", "scope", "position")
@covers("output.put_grid", "scope", "position")
@covers("output.put_progressbar", "scope", "position")
@covers("output.put_processbar", "scope", "position")
@covers("output.put_loading", "scope", "position")
def placed():
    """Each widget put into a scope, between its first and last item."""
    put_scope("box", [put_text("box first"), put_text("box last")])
    put_text("outside")
    at = {"scope": "box", "position": -2}  # before the last
    put_tabs([{"title": "Tab", "content": "tab text"}], **at)
    put_html("<p>html text</p>", **at)
    put_code("code text", **at)
    put_markdown("markdown text", **at)
    put_image(RED_PNG, title="placed image", **at)
    put_file("placed.txt", b"x", label="placed file", **at)
    put_widget("<div>widget text</div>", {}, **at)
    put_collapse("collapse title", "inside", **at)
    put_link("placed link", url="https://example.org/", **at)
    put_scrollable("scrollable text", **at)
    put_column([put_text("column text")], **at)
    put_row([put_text("row text")], **at)
    put_grid([[put_text("grid text")]], **at)
    put_progressbar("placed_bar", 0.5, label="bar text", **at)
    put_processbar("placed_old", 0.5, label="old bar text", **at)
    put_loading(scope="box", position=1)
    end()


__all__ = ["blocks", "buttons", "containers", "datatable", "handler", "handler_reset", "layout", "media",
           "messages",
           "placed", "popups", "progress", "scopes", "scrolling", "tables", "texts", "toasts", "widget"]


@covers("output.put_datatable", "records", "actions", "onselect", "multiple_select", "id_field", "height",
        "theme", "cell_content_bar", "instance_id", "column_order", "column_args", "grid_args", "scope",
        "position")
@covers("output.datatable_update", "instance_id", "data", "row_id", "field")
@covers("output.datatable_insert", "instance_id", "records", "row_id")
@covers("output.datatable_remove", "instance_id", "row_ids")
@covers("output.JSFunction")
def datatable():
    people = [{"id": 1, "name": "Ada", "born": {"year": 1815, "city": "London"}},
              {"id": 2, "name": "Alan", "born": {"year": 1912, "city": "London"}},
              {"id": 3, "name": "Grace", "born": {"year": 1906, "city": "New York"}}]
    put_scope("grid")
    put_datatable(
        people, actions=[("Show", lambda row: put_text(f"action on {row!r}", scope="log")), None,
                         ("Remove", lambda row: datatable_remove("people", [row]))],
        onselect=lambda row: put_text(f"selected {row!r}", scope="log"), multiple_select=False, id_field="id",
        height=250, theme="balham", cell_content_bar=True, instance_id="people",
        column_order={"name": None, "born": ["year", "city"]},
        column_args={"name": {"headerName": "Who"}, ("born", "year"): {"valueFormatter": JSFunction(
            "params", "return 'in ' + params.value")}},
        grid_args={"rowSelection": "single"}, scope="grid", position=0)
    put_scope("log")

    def change(_):
        turing = {"id": 2, "name": "Alan Turing", "born": {"year": 1912, "city": "Wilmslow"}}
        datatable_update("people", turing, row_id=2)
        datatable_update("people", "Countess", row_id=1, field="name")
        datatable_insert("people", [{"id": 4, "name": "Linus", "born": {"year": 1969, "city": "Helsinki"}}],
                         row_id=1)
        put_text("changed", scope="log")

    put_buttons(["Change"], onclick=change)
    end()
    hold()
