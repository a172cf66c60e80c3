"""Correlated answers (eval_js, pins) through the headless client: each
question gets its own answer, stale and unknown answers are dropped, waits end
with the session."""

import logging

from flask_webui.input import input
from flask_webui.output import put_text
from flask_webui.session import eval_js, spawn
from harness.processes import wait_until
from tests.apps import pages


def idle_text(page):
    """The page's text once what it received has been applied."""
    page.wait_idle()
    return page.text


def open_page(function, **config):
    _app, webui = pages.create_app(**config)
    webui.add_page("/t", function)
    return webui.test_client().open("/t")


def questions(page):
    return [c for c in page.commands if c["command"] == "run_script" and c["spec"]["eval"]]


def answer(page, question, data):
    page.send({"event": "js_yield", "task_id": question["task_id"], "data": data})


def test_concurrent_questions_get_their_own_answers_in_any_order():
    def page_code() -> None:
        for n in range(3):
            spawn(lambda n=n: put_text(f"{n} -> {eval_js('n', n=n)}"))

    page = open_page(page_code)
    asked = questions(page)
    assert len({q["task_id"] for q in asked}) == 3  # one correlation id each
    for question in reversed(asked):
        answer(page, question, question["spec"]["args"]["n"] * 10)
    assert sorted(page.text.splitlines()) == ["0 -> 0", "1 -> 10", "2 -> 20"]


def test_a_late_answer_is_ignored_after_the_timeout(caplog):
    def page_code() -> None:
        try:
            eval_js("slow()")
        except TimeoutError as error:
            put_text(f"timed out: {error}")
        input("Done?")

    page = open_page(page_code, WEBUI_ANSWER_TIMEOUT=0.05)
    question = questions(page)[0]
    wait_until(lambda: idle_text(page).startswith("timed out"), what="the timeout")
    assert page.text == "timed out: the browser did not answer 'run_script' within 0.05 s"
    with caplog.at_level(logging.WARNING, "flask_webui"):
        answer(page, question, "too late")
    assert page.errors == [f"ignored js_yield for task {question['task_id']!r}: nothing waits for it"]
    assert "nothing waits for it" in caplog.text


def test_unknown_answers_are_refused_and_the_question_still_waits():
    def page_code() -> None:
        put_text(f"got {eval_js('1 + 1')}")

    page = open_page(page_code)
    answer(page, {"task_id": "r999"}, 5)
    answer(page, {"task_id": "main"}, 5)  # a task id, but not the question's
    assert len(page.errors) == 2
    assert page.text == ""
    answer(page, questions(page)[0], 2)
    assert page.text == "got 2"


def test_a_waiting_question_ends_with_the_session():
    ended = []

    def page_code() -> None:
        try:
            eval_js("never()")
        finally:
            ended.append("unwound")

    page = open_page(page_code)
    question = questions(page)[0]
    page.close_tab()
    assert ended == ["unwound"]
    assert page.session.closed()
    answer(page, question, "after the end")
    assert page.errors[-1] == "the session has ended"


def test_pins_in_the_headless_client():
    from flask_webui.pin import pin, pin_on_change, pin_wait_change, put_input, put_select

    def page_code() -> None:
        put_input("qty", type="number", label="Quantity", value=1)
        put_select("color", [("Red", "#f00"), ("Blue", "#00f")], label="Color")
        pin_on_change("color", lambda value: put_text(f"color now {value}"))
        put_text(f"start {pin.qty} {pin.color}")
        changed = pin_wait_change("qty")
        put_text(f"qty changed to {changed['value']!r}; color {pin.color}")
        pin.qty = 99
        put_text(f"after set {pin.qty}")
        put_text(f"timeout {pin_wait_change('qty', timeout=0.05)}")

    page = open_page(page_code)
    assert page.text == "start 1 #f00"
    page.set_pin("color", "1")        # the second option's position, as the browser sends it
    assert page.text.endswith("color now #00f")
    page.set_pin("qty", "7")
    assert "qty changed to 7; color #00f\nafter set 99" in page.text
    wait_until(lambda: idle_text(page).endswith("timeout None"), what="the pin wait to time out")
    page.set_pin("color", "5")        # never offered: refused, nothing runs
    assert page.errors == ["refused a click with a value never offered: {'value': '5'}"]
