"""Whole programs written the way PyWebIO users write them, run both ways."""

import threading
import time

from pywebio.input import NUMBER, actions, input, input_group, radio
from pywebio.output import put_buttons, put_markdown, put_scope, put_table, put_text, toast, use_scope
from pywebio.pin import pin, pin_wait_change, put_input, put_select
from pywebio.session import register_thread


def wizard():
    """A form in steps, with a way back, then a summary."""
    put_markdown("## Sign up")
    while True:
        person = input_group("About you", [
            input("Name", name="name", placeholder="Your name"),
            input("Age", name="age", type=NUMBER, validate=lambda age: "Too young" if age < 18 else None),
        ])
        plan = radio("Plan", options=["Free", ("Pro (5 €)", "pro")], value="Free", required=True)
        choice = actions(f"Sign up {person['name']} for {plan}?",
                         ["Confirm", {"label": "Back", "value": "back"}])
        if choice == "Confirm":
            break
        put_text("Starting again")
    put_table([["Name", person["name"]], ["Age", person["age"]], ["Plan", plan]], header=["Field", "Value"])
    toast("Signed up", color="success")
    put_text("end of page")


def dashboard():
    """Figures a background thread keeps up to date while the user clicks."""
    put_markdown("## Live figures")
    put_scope("figures", [put_text("waiting for data")])
    clicks = []

    def refresh():
        tick = 0
        while tick < 5 or not clicks:  # a few ticks, and at least until the first click
            tick += 1
            with use_scope("figures", clear=True):
                put_table([["tick", tick], ["clicks", len(clicks)]])
            time.sleep(0.05)
        with use_scope("figures", clear=True):
            put_table([["ticks", "done"], ["clicks", len(clicks)]])
        put_text("feed finished")

    feed = threading.Thread(target=refresh)
    register_thread(feed)
    feed.start()
    put_buttons(["Click"], onclick=lambda _: (clicks.append(1), put_text(f"clicked {len(clicks)}")))
    feed.join()
    put_text("end of page")
    input("Stop?")


def calculator():
    """A calculator driven by pins: the result follows every change."""
    put_markdown("## Calculator")
    put_input("a", type=NUMBER, label="A", value=6)
    put_select("op", options=["+", "-", "*", "/"], label="Operation", value="*")
    put_input("b", type=NUMBER, label="B", value=7)
    put_scope("result")
    put_text("end of page")
    while True:
        a, b, op = pin.a, pin.b, pin.op
        with use_scope("result", clear=True):
            if a is None or b is None:
                put_text("result: enter two numbers")
            elif op == "/" and b == 0:
                put_text("result: cannot divide by zero")
            else:
                put_text(f"result: {eval(f'{a} {op} {b}')!r}")  # noqa: S307 - op is one of the four offered
        pin_wait_change("a", "b", "op")


def noughts():
    """Noughts and crosses: the board is a table of buttons."""
    board = [[" "] * 3 for _ in range(3)]
    turn = ["X"]

    def winner():
        lines = board + [list(column) for column in zip(*board, strict=True)]
        lines += [[board[i][i] for i in range(3)], [board[i][2 - i] for i in range(3)]]
        for line in lines:
            if line[0] != " " and line.count(line[0]) == 3:
                return line[0]
        return None

    def show():
        with use_scope("board", clear=True):
            put_table([[put_buttons([{"label": cell if cell != " " else "·", "value": (row, column),
                                      "disabled": cell != " " or winner() is not None}],
                                    onclick=play) for column, cell in enumerate(cells)]
                       for row, cells in enumerate(board)])
            won = winner()
            put_text(f"{won} wins" if won else f"{turn[0]} to play")

    def play(place):
        row, column = place
        board[row][column] = turn[0]
        turn[0] = "O" if turn[0] == "X" else "X"
        show()

    put_markdown("## Noughts and crosses")
    show()
    put_text("end of page")
    input("Quit?")


__all__ = ["calculator", "dashboard", "noughts", "wizard"]
