"""``/inputs``: every input type, then what was entered."""

from __future__ import annotations

import time
from typing import Any

from flask_webui.input import (
    COLOR,
    DATE,
    DATETIME_LOCAL,
    FLOAT,
    NUMBER,
    PASSWORD,
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
from flask_webui.output import put_markdown, put_text

CITIES = {"France": ["Paris", "Lyon", "Nice"], "Japan": ["Tokyo", "Osaka", "Kyoto"]}


def inputs_tour() -> None:
    put_markdown("## Every input\nFill the forms; each answer is shown back with its Python type.")

    def now(set_value: Any) -> None:
        set_value(int(time.time()))

    basics = input_group("Typed inputs", [
        input("Text", name="text", placeholder="anything", datalist=["hello", "world"]),
        input("Whole number", name="number", type=NUMBER, value=42),
        input("Decimal", name="float", type=FLOAT, value=1.5),
        input("Password", name="password", type=PASSWORD, required=False),
        input("Website", name="url", type=URL, value="https://flask.palletsprojects.com"),
        input("Date", name="date", type=DATE),
        input("Time", name="time", type=TIME),
        input("When exactly", name="datetime", type=DATETIME_LOCAL),
        input("Favourite colour", name="color", type=COLOR, value="#3366ff"),
        input("Timestamp", name="stamp", type=NUMBER, action=("Now", now),
              help_text="The button sets the value from the server"),
        input("Even number", name="even", type=NUMBER, value=2,
              validate=lambda n: None if n % 2 == 0 else "Must be even"),
    ], cancelable=True)
    show("Typed inputs", basics)

    def on_country(country: str) -> None:
        input_update("city", options=CITIES[country])

    choices = input_group("Choices", [
        select("Country", list(CITIES), name="country", onchange=on_country),
        select("City", CITIES["France"], name="city"),
        select("Languages", ["Python", "JavaScript", "Rust"], name="languages", multiple=True),
        checkbox("Extras", ["Newsletter", "Updates"], name="extras", inline=True),
        radio("Plan", [("Free", 0), ("Pro", 10)], name="plan", value=0),
        slider("Volume", name="volume", value=30),
        textarea("Notes", name="notes", rows=3, maxlength=200, placeholder="up to 200 characters"),
        textarea("Snippet", name="code", code={"mode": "python"}, value="print('hello')"),
    ])
    show("Choices", choices)

    files = file_upload("Some files (up to 5 MiB in all)", multiple=True, max_total_size="5M")
    put_markdown("### Files")
    for file in files:
        put_text(f"{file['filename']}: {len(file['content'])} bytes, {file['mime_type'] or 'unknown type'}")

    again = actions("Go again?", [("Yes", True), ("No", False)])
    put_text("Reload the page to start over." if again else "Thanks!")


def show(title: str, values: dict[str, Any] | None) -> None:
    put_markdown(f"### {title}")
    if values is None:
        put_text("(cancelled)")
        return
    for key, value in values.items():
        put_text(f"{key} = {value!r} ({type(value).__name__})")
