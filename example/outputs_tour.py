"""``/outputs``: every widget, with buttons whose callbacks change what is shown."""

from __future__ import annotations

import time

from flask_webui.output import (
    clear,
    close_popup,
    datatable_insert,
    datatable_remove,
    datatable_update,
    popup,
    put_buttons,
    put_code,
    put_collapse,
    put_column,
    put_datatable,
    put_error,
    put_file,
    put_grid,
    put_html,
    put_info,
    put_link,
    put_loading,
    put_markdown,
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
    set_progressbar,
    span,
    toast,
    use_scope,
)

BADGE = '<span class="badge text-bg-{{color}}">{{text}}</span>'


def outputs_tour() -> None:
    put_markdown("## Every widget\nThe buttons run callbacks on the server; the page stays live.")

    put_markdown("### Text, markdown, HTML, code")
    put_text("Plain text shows <b>tags</b> as typed.")
    put_markdown("**Markdown** with `code`, [a link](https://flask.palletsprojects.com) and a list:\n"
                 "- one\n- two")
    put_html("<em>Sanitized HTML</em><script>alert('never runs')</script>")
    put_code("@webui.page('/hello')\ndef hello():\n    put_text('Hello!')", language="python")

    put_markdown("### Tables")
    put_table([
        ["Apple", 5.5, put_buttons(["Buy"], onclick=lambda _: toast("Apple bought", color="success"))],
        ["Pear", 7, put_markdown("*out of stock*")],
        [span("Two fruits", col=3)],
    ], header=["Fruit", "Price", "Action"])

    put_markdown("### A datatable: sort, filter, select a row, then act on it")
    people = [{"name": "Ada Lovelace", "born": {"year": 1815, "city": "London"}},
              {"name": "Alan Turing", "born": {"year": 1912, "city": "London"}},
              {"name": "Grace Hopper", "born": {"year": 1906, "city": "New York"}}]

    def clone(row: int) -> None:
        people.append(people[row])  # rows are known by their index: the clone's is len(people) - 1
        datatable_insert("people", people[row])

    put_datatable(people, instance_id="people", height="auto", actions=[
        ("Shout", lambda row: datatable_update("people", people[row]["name"].upper(), row, "name")),
        ("Clone", clone),
        None,
        ("Remove", lambda row: datatable_remove("people", row)),
    ], onselect=lambda row: toast(f"Row {row} selected"))

    put_markdown("### Messages, collapse, images, files and links")
    put_info("Information, closable.", closable=True)
    put_success("Success.")
    put_warning("Warning.")
    put_error("Error.")
    with put_collapse("Click to open"):
        put_text("Output put inside a `with put_collapse(...)` block.")
    put_file("hello.txt", b"Hello from flask_webui\n", "Download hello.txt")
    # A link is inline, as in PyWebIO: put_row lays several out with a gap.
    put_row([put_link("Back to the index", url="/"), None, put_link("The BMI page", app="bmi")],
            size="max-content 1rem max-content")

    put_markdown("### Layout")
    put_row([put_code("left = 1"), None, put_code("right = 2")])
    put_column([put_text("above"), put_text("below")])
    put_grid([[put_text("a"), put_text("b"), put_text("c")],
              [span(put_text("d spans two"), col=2), put_text("e")]], cell_width="1fr")
    put_tabs([{"title": "First", "content": "The first tab"},
              {"title": "Second", "content": [put_markdown("The **second** tab"),
                                              put_text("with two items")]}])
    with put_scrollable(height=120, keep_bottom=True):
        for i in range(12):
            put_text(f"log line {i}")
    put_widget(BADGE, {"color": "primary", "text": "a custom widget"})

    put_markdown("### Live changes")
    put_progressbar("work", 0.0)
    put_scope("clock", put_text("Press a button."))

    def run(action: str) -> None:
        if action == "progress":
            for step in range(1, 11):
                set_progressbar("work", step / 10)
                time.sleep(0.1)
        elif action == "clock":
            with use_scope("clock", clear=True):
                put_text(time.strftime("It is %H:%M:%S on the server."))
        elif action == "loading":
            with put_loading(color="primary"):
                put_text("Working for a second...")
                time.sleep(1)
            toast("Done")
        elif action == "popup":
            with popup("A popup"):
                put_text("Output inside a popup.")
                put_buttons(["Close"], onclick=lambda _: close_popup())
        elif action == "clear":
            clear("clock")

    put_buttons([("Run the progress bar", "progress"), ("What time is it?", "clock"),
                 ("Show a spinner", "loading"), ("Open a popup", "popup"), ("Clear the time", "clear")],
                onclick=run)
