"""Pages for pywebio.pin: inputs among the output, read, updated and watched."""

from pywebio.output import put_buttons, put_scope, put_text, use_scope
from pywebio.pin import (
    get_pin_values,
    pin,
    pin_on_change,
    pin_update,
    pin_wait_change,
    put_actions,
    put_checkbox,
    put_file_upload,
    put_input,
    put_radio,
    put_select,
    put_slider,
    put_textarea,
)
from pywebio.session import hold

from tests.conformance.coverage import covers

NAMES = ["word", "number", "story", "fruit", "toppings", "size", "level"]


@covers("pin.put_input", "name", "type", "label", "value", "placeholder", "readonly", "datalist", "help_text",
        "scope", "position")
@covers("pin.put_textarea", "name", "label", "rows", "maxlength", "minlength", "value", "placeholder",
        "readonly", "help_text", "scope", "position")
@covers("pin.put_select", "name", "options", "label", "multiple", "value", "help_text", "scope", "position")
@covers("pin.put_checkbox", "name", "options", "label", "inline", "value", "help_text", "scope", "position")
@covers("pin.put_radio", "name", "options", "label", "inline", "value", "help_text", "scope", "position")
@covers("pin.put_slider", "name", "label", "value", "min_value", "max_value", "step", "required", "help_text",
        "scope", "position")
@covers("pin.pin")
@covers("pin.get_pin_values", "names")
def pin_widgets():
    put_scope("pins")
    put_input("word", label="Word", value="hello", placeholder="a word", datalist=["hello", "world"],
              help_text="Any word", scope="pins")
    put_input("number", type="number", label="Number", value=4, scope="pins")
    put_input("fixed", label="Fixed", value="stays", readonly=True, scope="pins", position=0)
    put_textarea("story", label="Story", rows=3, maxlength=100, minlength=1, value="Once",
                 placeholder="tell", help_text="A story", scope="pins")
    put_textarea("fixed_story", label="Fixed story", value="read only", readonly=True, scope="pins")
    put_select("fruit", options=["apple", ("Pear", "pear"), ("Fig", 7)], label="Fruit", value="pear",
               help_text="One fruit", scope="pins")
    put_select("many", options=["x", "y", "z"], label="Many", multiple=True, value=["y"], scope="pins")
    put_checkbox("toppings", options=["cheese", "ham"], label="Toppings", inline=True, value=["ham"],
                 help_text="Any", scope="pins")
    put_radio("size", options=["S", "L"], label="Size", inline=False, value="S", help_text="One",
              scope="pins")
    put_slider("level", label="Level", value=3, min_value=0, max_value=10, step=1, required=True,
               help_text="How much", scope="pins")

    def read(_):
        with use_scope("values", clear=True):
            for name in NAMES:
                put_text(f"{name} = {type(pin[name]).__name__} {pin[name]!r}")
            put_text(f"many = {pin.many!r}")
            values = get_pin_values(["word", "level"])
            put_text(f"values = {sorted(values.items())!r}")
            put_text("read done")

    put_buttons(["Read"], onclick=read)
    put_scope("values")
    put_text("end of page")
    hold()


@covers("pin.pin_update", "name", "spec")
def pin_updates():
    put_input("word", label="Word", value="before")
    put_select("fruit", options=["apple", "pear"], label="Fruit")

    def update(_):
        pin_update("word", value="after", label="New label", help_text="New help")
        pin_update("fruit", options=["plum", "fig"], value="fig")
        put_text("updated")

    put_buttons(["Update"], onclick=update)
    put_text("end of page")
    hold()


@covers("pin.pin_wait_change", "names", "timeout")
def pin_waits():
    put_input("first", label="First")
    put_select("second", options=["a", "b"], label="Second")
    put_text("end of page")
    while True:
        changed = pin_wait_change("first", "second", timeout=30)
        if changed is not None:
            put_text(f"changed {changed['name']} to {changed['value']!r}")


@covers("pin.pin_wait_change", "timeout")
def pin_wait_times_out():
    put_input("never", label="Never touched")
    put_text("end of page")
    put_text(f"waited: {pin_wait_change(['never'], timeout=0.3)!r}")


@covers("pin.pin_on_change", "name", "onchange", "clear", "init_run")
def pin_callbacks():
    put_input("watched", label="Watched", value="start")
    pin_on_change("watched", onchange=lambda value: put_text(f"first callback: {value}"), init_run=True)
    pin_on_change("watched", onchange=lambda value: put_text(f"second callback: {value}"))
    put_radio("choice", options=["one", "two"], label="Choice")
    pin_on_change("choice", onchange=lambda value: put_text(f"dropped: {value}"))
    pin_on_change("choice", onchange=lambda value: put_text(f"choice is {value}"), clear=True)

    def set_it(_):
        pin.watched = "set by code"
        put_text(f"pin.watched is {pin.watched}")

    put_buttons(["Set"], onclick=set_it)
    put_text("end of page")
    hold()


@covers("pin.put_actions", "name", "label", "buttons", "help_text", "scope", "position")
@covers("pin.put_file_upload", "name", "label", "accept", "placeholder", "multiple", "max_size",
        "max_total_size", "help_text", "scope", "position")
def pin_actions_and_files():
    put_actions("act", label="Act", buttons=["Go", {"label": "Stop", "value": 0}], help_text="Pick")
    put_file_upload("doc", label="Document", accept=".txt", placeholder="A text file", multiple=False,
                    max_size=1000, max_total_size=2000, help_text="Small")
    put_text("end of page")
    changed = pin_wait_change("act", "doc")
    put_text(f"changed {changed['name']}")
    changed = pin_wait_change("act", "doc")
    doc = pin.doc
    put_text(f"changed {changed['name']}: {doc['filename']} {doc['content']!r}; act is {pin.act!r}")


@covers("pin.put_textarea", "code")
def code_editor():
    put_textarea("source", label="Source", code={"mode": "python"}, value="x = 1")
    put_text("end of page")
    while True:
        changed = pin_wait_change("source")
        put_text(f"source now {changed['value']!r}")


__all__ = ["code_editor", "pin_actions_and_files", "pin_callbacks", "pin_updates", "pin_wait_times_out",
           "pin_waits", "pin_widgets"]
