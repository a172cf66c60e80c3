"""Choice and text inputs: the values the page gets, and what the server refuses.

Each refusal is sent as a protocol-level client would send it (what a browser
would not), and the form stays open with the error on the field.
"""

import pytest

from tests.apps import pages


@pytest.fixture
def client():
    _app, webui = pages.create_app()
    with webui.test_client() as client:  # its sessions end with the test
        yield client


def options(page):
    return [o["label"] for o in page.form["inputs"][0]["options"]]


def test_choice_inputs_return_the_python_values_offered(client):
    page = client.open("/choices")
    assert options(page) == ["Small", "Large", "Off"]
    assert page.form["inputs"][0]["options"][0]["value"] == "0"  # the browser sees positions only
    page.submit("1")
    page.submit(["0", "1"])
    page.submit(["0", "1"])
    page.submit("cash")  # a value, not a position: refused
    assert page.field_error("data") == "Please choose one of the options offered."
    page.submit("1")
    page.submit("hello")
    page.submit(7)
    page.submit(3.0)
    page.submit("0")
    assert page.text.splitlines() == [
        "2.5 float", "['ham', 'cheese'] list", "[{'n': 1}, None] list", "'cash' str",
        "'hello' str", "7 int", "3.0 float", "'yes' str",
    ]


@pytest.mark.parametrize("answers, bad, error", [
    ([], "2", "Please choose one of the options offered."),                # disabled option
    ([], "9", "Please choose one of the options offered."),                # never offered
    (["1"], ["0", "0"], "Please choose among the options offered."),       # duplicates
    (["1"], "0", "Please choose among the options offered."),              # not a list
    (["1", ["0"], ["0"], "1"], "x" * 11, "Please use at most 10 characters."),
    (["1", ["0"], ["0"], "1", ""], 21, "Please choose a value between 0 and 20."),
    (["1", ["0"], ["0"], "1", "", 1, 1.0], "2", "Please use one of the buttons offered."),  # disabled
    (["1", ["0"], ["0"], "1", "", 1, 1.0], "1", "Please use one of the buttons offered."),  # reset
])
def test_the_server_refuses_what_a_browser_would_not_send(client, answers, bad, error):
    page = client.open("/choices")
    for answer in answers:
        page.submit(answer)
    label = page.form["label"]
    page.submit(bad)
    assert page.field_error("data") == error
    assert page.form["label"] == label  # the same form stays open


def test_actions_in_a_group_submit_with_the_clicked_value_or_cancel(client):
    page = client.open("/order")
    assert page.form["cancelable"] is True  # a cancel button makes the group cancelable
    page.submit({"name": "Ann", "pay": None, "action": "1"})
    assert page.field_error("pay") == "Please fill in this field."
    page.submit({"name": "Ann", "pay": "0", "action": "1"})
    assert page.text == "Ann card next"
    cancelled = client.open("/order")
    cancelled.cancel()
    assert cancelled.text == "cancelled"


def test_bad_input_definitions_fail_in_page_code_with_clear_errors():
    from flask_webui.input.choice import parse_action_buttons, parse_options

    with pytest.raises(ValueError, match="non-empty"):
        parse_options([])
    with pytest.raises(ValueError, match="label"):
        parse_options([{"value": 1}])
    with pytest.raises(ValueError, match="button type"):
        parse_action_buttons([{"label": "x", "value": 1, "type": "explode"}])


def test_onchange_input_update_changes_options_and_the_server_follows(client):
    page = client.open("/cities")
    task_id = page.form and page.commands[-1]["task_id"]

    def change(name, value):
        page.send({"event": "input_event", "task_id": task_id,
                   "data": {"event_name": "change", "name": name, "value": value}})

    change("country", "1")  # Japan
    update = page.commands[-1]["spec"]
    assert update["target_name"] == "city"
    assert [o["label"] for o in update["attributes"]["options"]] == ["Tokyo", "Osaka"]
    assert update["attributes"]["help_text"] == "Cities in jp"
    change("name", "Ann")
    assert page.commands[-1]["spec"] == {"target_name": "name", "attributes": {"help_text": "3 letters"}}
    change("country", "7")  # never offered: no callback runs
    assert page.commands[-1]["spec"]["target_name"] == "name"
    page.submit({"name": "Ann", "country": "1", "city": "1"})
    assert page.text == "Ann jp osaka"


def test_input_update_outside_onchange_is_a_clear_error():
    from flask_webui.input import input_update

    with pytest.raises(Exception, match="page session"):
        input_update("x", label="y")


def test_an_action_button_sets_the_value_and_a_label_hides_a_python_object(client):
    page = client.open("/extras")
    stamp, user, fruit, site, code = page.form["inputs"]
    assert fruit["datalist"] == ["apple", "banana"]
    assert code["code"] == {"mode": "python"}
    page.click_action("stamp")
    assert page.form["inputs"][0]["value"] == 1700000000
    page.click_action("user")
    assert page.form["inputs"][1]["value"] == "User seven"
    assert page.form["inputs"][1]["readonly"] is True
    # The browser tries to submit another user: the field is read-only now.
    page.submit({"stamp": 1700000000, "user": "User eight", "fruit": "kiwi",
                 "site": "https://example.org/x", "code": "print(1)"})
    assert page.text.splitlines() == [
        "stamp=1700000000", "user={'id': 7}", "fruit='kiwi'", "site='https://example.org/x'",
        "code='print(1)'",
    ]


@pytest.mark.parametrize("type_, bad, good, error", [
    ("url", "not a url", "mailto:a@b.c", "Please enter a URL."),
    ("date", "2023-02-30", "2024-02-29", "Please enter a date (YYYY-MM-DD)."),
    ("time", "25:00", "23:59:59", "Please enter a time (HH:MM)."),
    ("color", "red", "#00ff7f", "Please enter a colour as #rrggbb."),
    ("datetime-local", "2024-01-01 10:00", "2024-01-01T10:00", "Please enter a date and time."),
])
def test_formatted_inputs_are_checked_by_the_server(type_, bad, good, error):
    _app, webui = pages.create_app()

    @webui.page("/typed")
    def typed() -> None:
        from flask_webui.input import input
        from flask_webui.output import put_text
        put_text(repr(input("Value", type=type_)))

    page = webui.test_client().open("/typed")
    page.submit(bad)
    assert page.field_error("data") == error
    page.submit(good)
    assert page.text == repr(good)
