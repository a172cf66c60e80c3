"""A refusal of something the browser sent: its text (shown to the browser,
logged) and a code for metrics (:data:`flask_webui.signals.REFUSAL_REASONS`).

>>> problem = Problem("overflow", "dropped input_event: too many queued events")
>>> problem == "dropped input_event: too many queued events", problem.code
(True, 'overflow')
"""

from __future__ import annotations


class Problem(str):
    """A text that says what was refused, with the reason as ``code``."""

    code: str

    def __new__(cls, code: str, text: str) -> Problem:
        problem = super().__new__(cls, text)
        problem.code = code
        return problem
