"""The round trips the sessions count for the metrics (engine/tally.py)."""

from __future__ import annotations

from flask_webui.engine import tally as tally_module
from flask_webui.engine.tally import Tally


def test_a_tally_hands_over_what_was_counted_since_the_last_take():
    tally = Tally()
    tally.watching = True
    tally.events += 3
    tally.commands += 5
    tally.acknowledged(0.01)
    tally.acknowledged(0.02)
    assert tally.take() == (3, 5, [0.01, 0.02])
    assert tally.take() == (0, 0, [])


def test_an_app_without_metrics_keeps_no_acknowledgement_times():
    tally = Tally()
    for _ in range(1000):
        tally.acknowledged(0.01)
    assert tally.take() == (0, 0, [])


def test_times_nobody_takes_are_bounded_and_counted(monkeypatch):
    monkeypatch.setattr(tally_module, "MAX_TIMES", 3)
    tally = Tally()
    tally.watching = True
    for _ in range(5):
        tally.acknowledged(0.01)
    assert tally.take()[2] == [0.01] * 3
    assert tally.missed == 2
