"""Pages with every output widget, for the browser and headless tests."""

from __future__ import annotations

import struct
import time
import zlib

from flask_webui import FlaskWebUI, config
from flask_webui.input import input
from flask_webui.output import (
    JSFunction,
    clear,
    close_popup,
    datatable_insert,
    datatable_remove,
    datatable_update,
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
    set_scope,
    span,
    toast,
    use_scope,
)
from flask_webui.output.base import send_command

XSS = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain-colour PNG, built here so the tests need no image library."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def register_output_pages(webui: FlaskWebUI) -> None:
    @webui.page("/widgets")
    def widgets() -> None:
        put_code("def f():\n    return 1", language="python", rows=3)
        put_table([["Apple", 5.5], ["Pear", put_button("Buy pear", onclick=lambda: put_text("bought pear"))],
                   [span("Total: 2", col=2)]], header=["Fruit", "Price"])
        put_table([{"name": "Ann", "role": XSS}])
        put_image(png(4, 4, (255, 0, 0)), format="png", title="red square", width="24px")
        put_file("hello.txt", b"hello world", "Get the file")
        put_link("Echo page", app="echo")
        put_link("Elsewhere", url="https://example.invalid/", new_window=True)
        put_info("An info", closable=True)
        put_success("A success")
        put_warning("A warning")
        put_error(put_markdown("**A bold error**"))
        put_collapse("Closed section", [put_text("hidden text")])
        with put_collapse("Open section", open=True):
            put_text("inside the collapse")
        put_scrollable([put_text(f"log {i}") for i in range(40)], height=120, keep_bottom=True)
        put_tabs([{"title": "First", "content": "first tab text"},
                  {"title": "Second", "content": [put_text("second tab text"), put_markdown("*md*")]}])
        put_row([put_text("left cell"), None, put_text("right cell")])
        put_column([put_text("top cell"), put_text("bottom cell")], size="auto auto")
        put_grid([[put_text("g1"), put_text("g2")], [span(put_text("wide cell"), col=2)]], cell_width="120px")
        put_widget("<section class=\"my-widget\"><h3>{{title}}</h3>"
                   "{{#items}}{{& pywebio_output_parse}}{{/items}}</section>",
                   {"title": "Custom <title>", "items": ["plain item", put_markdown("~~struck~~")]})
        put_scope("box", put_text("in the box"))
        put_text("red text").style("color: rgb(255, 0, 0)")
        put_text("click this text").onclick(lambda: toast("text clicked"))
        input("Done?")

    @webui.page("/progress")
    def progress() -> None:
        put_progressbar("job", 0.25, auto_close=False)
        put_progressbar("temp", 0.5, auto_close=True)

        def advance(_: object) -> None:
            set_progressbar("job", 0.75, label="three quarters")
            set_progressbar("temp", 1)

        put_buttons(["Advance"], onclick=advance)
        with put_loading(shape="grow", color="success"):
            put_text("loading inside")
            time.sleep(0.5)
        put_text("loaded")
        put_loading()
        input("Done?")

    @webui.page("/popups")
    def popups() -> None:
        def open_popup(_: object) -> None:
            with popup("Dialog title", size="small") as scope:
                put_text("inside the dialog")
                put_buttons(["Close it"], onclick=lambda _: close_popup())
            put_text("also in the dialog", scope=scope)

        def fixed_popup(_: object) -> None:
            popup("Fixed", [put_text("no way out but the button")], implicit_close=False, closable=False)

        put_buttons(["Open popup", "Open fixed"], onclick=[lambda: open_popup(None),
                                                           lambda: fixed_popup(None)])
        input("Done?")

    @webui.page("/clicks")
    def clicks() -> None:
        def ask(_: object) -> None:
            name = input("Name from the callback")
            with use_scope("answers"):
                put_text(f"callback got {name}")

        def slow(value: object) -> None:
            with use_scope("serial"):
                put_text(f"start {value}")
                time.sleep(0.2)
                put_text(f"end {value}")

        put_buttons(["Ask"], onclick=ask)
        put_buttons(["One", "Two"], onclick=slow, serial_mode=True)
        put_buttons([{"label": "Off", "value": 1, "disabled": True}], onclick=put_text)
        put_scope("answers")
        put_scope("serial")
        # The main function ends here: the page stays alive for its callbacks.

    @webui.page("/sanitize")
    def sanitize() -> None:
        put_markdown(f"md {XSS}")
        put_markdown("[plain](javascript:window.pwned=3) [cased]( JaVaScRiPt:window.pwned=4) "
                     "[data](data:text/html,<script>alert(1)</script>)")
        put_table([["cell", XSS]])
        put_buttons([XSS], onclick=put_text)
        toast(XSS, duration=0)
        put_datatable([{"name": XSS}], actions=[(XSS, put_text)])
        put_text("sanitize done")
        input("Done?")

    @webui.page("/html-scripts")
    def html_scripts() -> None:
        put_html("<p id='inline-run'>not run</p>"
                 "<script>document.getElementById('inline-run').textContent = 'inline ran'; "
                 "window.scriptOrder = ['first'];</script>", sanitize=False)
        put_html("<script>window.scriptOrder.push('second')</script>", sanitize=False)  # a script alone
        put_html("<p id='sanitized-run'>sanitized</p><script>window.pwned = 1</script>")
        put_text("scripts done")
        input("Done?")

    @webui.page("/author-html")
    @config(css_style=".author-own { color: rgb(1, 2, 3); }")
    def author_html() -> None:
        # Bootstrap classes none of our widgets use: their CSS loads after the first form shows.
        put_html('<div class="alert alert-info author-own" id="author-alert">note</div>')
        input("Done?")

    @webui.page("/scope-rules")
    def scope_rules() -> None:
        with use_scope("p"):
            put_text("p1")
        put_text("p0", scope="p", position=0)
        put_text("p-top", scope="p", position=0)
        put_text("p-second-last", scope="p", position=-2)
        put_text("p-after-first", scope="p", position=1)
        with use_scope("a"):
            put_text("a1")
        with use_scope("a", clear=True):
            put_text("a replaced")
        with use_scope("b"):
            put_text("b1")
        set_scope("b", if_exist="remove")
        with use_scope("b"):
            put_text("b fresh")
        clear("b")
        put_text("b after clear", scope="b")
        with use_scope("r"):
            for i in range(5):
                put_scope(f"r{i}", put_text(f"r{i}"))
        # output_ctl's ranges, as PyWebIO's protocol defines them.
        send_command("output_ctl", {"clear_range": ["#pywebio-scope-r1", "#pywebio-scope-r3"]})
        send_command("output_ctl", {"clear_before": "#pywebio-scope-r1"})
        send_command("output_ctl", {"clear_after": "#pywebio-scope-r3"})
        input("Done?")

    @webui.page("/datatable")
    def datatable() -> None:
        people = [
            {"name": "Ada", "born": {"year": 1815, "place": "London"}, "code": "a1"},
            {"name": "Alan", "born": {"year": 1912, "place": "London"}, "code": "b2"},
            {"name": "Grace", "born": {"year": 1906, "place": "New York"}, "code": "c3"},
        ]

        def rename(row: object) -> None:
            datatable_update("people", "Ada L.", row_id=row, field="name")  # type: ignore[arg-type]

        put_datatable(
            people, instance_id="people", height=260,
            actions=[
                ("Rename", rename),
                ("Show", lambda row: put_text(f"action on {row!r} ({type(row).__name__})")),
                None,
                ("Remove", lambda row: datatable_remove("people", row)),
            ],
            onselect=lambda row: put_text(f"selected {row!r}"),
            column_args={("born", "year"): {"headerName": "Year of birth"},
                         "code": {"valueFormatter": JSFunction("p", "return p.value.toUpperCase()")}},
        )
        put_datatable(
            [{"id": 7, "n": 1}, {"id": 9, "n": 2}], id_field="id", multiple_select=True, height="auto",
            instance_id="ids", theme="alpine-dark",
            actions=[("Sum", lambda rows: put_text(f"ids {sorted(rows)!r}"))],
        )
        put_buttons(["Insert", "Replace"], onclick=[
            lambda: datatable_insert("people", {"name": "Linus", "born": {"year": 1969, "place": "Helsinki"},
                                                "code": "d4"}, row_id=0),
            lambda: datatable_update("ids", [{"id": 1, "n": 10}]),
        ])
        input("Done?")

