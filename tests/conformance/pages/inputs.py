"""Pages for pywebio.input: each asks, then shows what it got and its type."""

from pywebio.input import (
    COLOR,
    DATE,
    DATETIME,
    DATETIME_LOCAL,
    FLOAT,
    NUMBER,
    PASSWORD,
    TEXT,
    TIME,
    URL,
    actions,
    checkbox,
    file_upload,
    input,
    input_group,
    input_update,
    radio,
    select,
    slider,
    textarea,
)
from pywebio.output import put_text

from tests.conformance.coverage import covers


def show(value):
    """Put what the page function got, with its type, as a person sees it."""
    if isinstance(value, dict):
        for key in sorted(value):
            put_text(f"got {key}: {type(value[key]).__name__} {value[key]!r}")
    else:
        put_text(f"got {type(value).__name__} {value!r}")


@covers("input.input", "label", "type", "placeholder", "help_text", "value")
@covers("input.TEXT")
def text_input():
    show(input("Your name", type=TEXT, placeholder="First Last", help_text="As on your passport",
               value="Ada"))


@covers("input.input_group", "label", "inputs")
@covers("input.input", "name", "required")
@covers("input.NUMBER")
@covers("input.FLOAT")
@covers("input.PASSWORD")
@covers("input.URL")
@covers("input.DATE")
@covers("input.TIME")
@covers("input.COLOR")
@covers("input.DATETIME_LOCAL")
@covers("input.DATETIME")
def typed_inputs():
    show(input_group("Typed", [
        input("Count", name="count", type=NUMBER, value=3),
        input("Ratio", name="ratio", type=FLOAT, value=0.5),
        input("Secret", name="secret", type=PASSWORD, value="pw"),
        input("Site", name="site", type=URL, value="https://example.org/"),
        input("Day", name="day", type=DATE, value="2026-12-01"),
        input("Clock", name="clock", type=TIME, value="09:30"),
        input("Paint", name="paint", type=COLOR, value="#ff8800"),
        input("Moment", name="moment", type=DATETIME_LOCAL, value="2026-12-01T09:30"),
        input("Other moment", name="other", type=DATETIME, value="2026-12-02T10:00"),
        input("Optional count", name="optional", type=NUMBER, required=False),
    ]))


def _too_short(value):
    return "At least 3 letters" if len(value) < 3 else None


@covers("input.input", "validate")
def validated_input():
    show(input("Code", validate=_too_short))


@covers("input.input", "readonly", "datalist", "other_html_attrs")
def readonly_and_datalist():
    show(input_group("Fields", [
        input("Fixed", name="fixed", value="cannot change", readonly=True),
        input("Fruit", name="fruit", datalist=["apple", "pear"], maxlength=10),
    ]))


@covers("input.input", "action")
def input_with_action():
    def fill_in(set_value):
        set_value("filled by the button")

    show(input("Note", action=("Fill", fill_in)))


@covers("input.input", "onchange")
@covers("input.input_update", "name", "spec")
def onchange_updates():
    def changed(value):
        input_update("second", label=f"Second (first is {value})", help_text="updated")

    show(input_group("Linked", [
        input("First", name="first", onchange=changed),
        input("Second", name="second"),
    ]))


@covers("input.textarea", "label", "rows", "maxlength", "minlength", "name", "value", "placeholder",
        "readonly", "help_text", "required", "other_html_attrs")
def textareas():
    show(input_group("Texts", [
        textarea("Story", name="story", rows=4, maxlength=200, minlength=2, value="Once",
                 placeholder="Tell it", help_text="A few lines", required=True),
        textarea("Fixed text", name="fixed", value="read only", readonly=True, spellcheck="false"),
    ]))


@covers("input.textarea", "code")
def code_textarea():
    show(textarea("Program", code={"mode": "python"}, value="print(1)"))


def _no_short(value):
    return "Too short" if len(value) < 5 else None


@covers("input.textarea", "validate", "onchange")
def textarea_validated():
    show(textarea("Essay", validate=_no_short, onchange=lambda value: None))


@covers("input.select", "label", "options", "name", "value", "help_text", "multiple", "required")
def selects():
    show(input_group("Choose", [
        select("Fruit", name="fruit", options=["apple", "pear", ("Plum", "plum"), ("Fig", 7)],
               value="pear", help_text="One fruit"),
        select("Colours", name="colours", multiple=True, required=True,
               options=[{"label": "Red", "value": "r", "selected": True}, {"label": "Blue", "value": "b"},
                        ("Grey", "g", False, True)]),
    ]))


@covers("input.select", "validate", "onchange", "other_html_attrs")
def select_validated():
    show(select("Size", ["S", "M", "L"], validate=lambda v: "Too small" if v == "S" else None,
                onchange=lambda value: None, autocomplete="off"))


@covers("input.checkbox", "label", "options", "inline", "name", "value", "help_text")
@covers("input.radio", "label", "options", "inline", "name", "value", "help_text", "required")
def choices():
    show(input_group("Choices", [
        checkbox("Toppings", name="toppings", options=["cheese", ("Ham", "ham"), "olives"],
                 value=["cheese"], help_text="Any"),
        checkbox(name="agree", options=["I agree"], inline=True),
        radio("Crust", name="crust", options=["thin", "thick", ("Stuffed", 3)], value="thick",
              help_text="One", inline=True),
        radio("Size", name="size", options=["small", "large"], required=True),
    ]))


@covers("input.checkbox", "validate", "onchange", "other_html_attrs")
@covers("input.radio", "validate", "onchange", "other_html_attrs")
def choices_validated():
    show(input_group("Check", [
        checkbox("Terms", name="terms", options=["accept"], validate=lambda v: None if v else "Please accept",
                 onchange=lambda value: None, title="terms"),
        radio("Pet", name="pet", options=["cat", "dog"], validate=lambda v: "No dogs" if v == "dog" else None,
              onchange=lambda value: None, title="pet"),
    ]))


@covers("input.actions", "label", "buttons", "help_text")
def actions_help():
    show(actions("Pick one", ["Yes", "No", {"label": "Later", "value": 3, "color": "warning"}],
                 help_text="Choose wisely"))


@covers("input.actions", "name")
@covers("input.input_group", "cancelable")
def actions_in_group():
    show(input_group("Account", [
        input("User", name="user"),
        actions("Then", [{"label": "Save", "value": "save"}, {"label": "Clear", "type": "reset"},
                         {"label": "Back", "type": "cancel"}, {"label": "Off", "value": 0, "disabled": True}],
                name="act"),
    ], cancelable=True))


@covers("input.file_upload", "label", "accept", "name", "placeholder", "multiple", "help_text", "required",
        "other_html_attrs")
def file_uploads():
    result = input_group("Files", [
        file_upload("Photo", name="photo", accept=".txt", placeholder="Pick a text file",
                    help_text="Text only", required=True),
        file_upload("More", name="more", multiple=True, title="more"),
    ])
    photo = result["photo"]
    put_text(f"got photo {photo['filename']} {len(photo['content'])} bytes {photo['content'][:5]!r}")
    put_text(f"got more {[item['filename'] for item in result['more']]}")


@covers("input.file_upload", "max_size", "max_total_size")
def file_limits():
    result = file_upload("Small file", max_size=10, max_total_size=20, multiple=True)
    put_text(f"got {[item['filename'] for item in result]}")


@covers("input.slider", "label", "name", "value", "min_value", "max_value", "step", "help_text", "required",
        "other_html_attrs")
def sliders():
    show(input_group("Slide", [
        slider("Volume", name="volume", value=30, min_value=0, max_value=50, step=5, help_text="Loud?"),
        slider("Balance", name="balance", value=0.5, min_value=0, max_value=1, step=0.1, required=True,
               title="balance"),
    ]))


@covers("input.slider", "validate", "onchange")
def slider_validated():
    show(slider("Level", value=2, max_value=10, validate=lambda v: "Too low" if v < 5 else None,
                onchange=lambda value: None))


@covers("input.input_group", "validate")
def group_validated():
    def check(data):
        if data["low"] >= data["high"]:
            return ("high", "Must be above low")
        return None

    show(input_group("Range", [input("Low", name="low", type=NUMBER),
                               input("High", name="high", type=NUMBER)], validate=check))


__all__ = [
    "actions_help", "actions_in_group", "code_textarea", "choices", "choices_validated", "file_limits",
    "file_uploads",
    "group_validated", "input_with_action", "onchange_updates", "readonly_and_datalist", "select_validated",
    "selects", "slider_validated", "sliders", "text_input", "textarea_validated", "textareas", "typed_inputs",
    "validated_input",
]
