"""A refusal of something the browser sent: its text (shown to the browser,
logged) and a code for metrics (:data:`flask_webui.signals.REFUSAL_REASONS`).

>>> problem = Problem("overflow", "dropped input_event: too many queued events")
>>> problem == "dropped input_event: too many queued events", problem.code
(True, 'overflow')
"""

from __future__ import annotations


def problem_payload(problem: str) -> dict[str, str]:
    """What the browser gets of a refusal: its text and its ``kind`` (the
    code; ``malformed`` for a plain text). The page shows a person only the
    kinds they can act on; the others (a late event for a form that is gone)
    go to the browser's console.

    >>> problem_payload(Problem("unexpected", "ignored it"))
    {'message': 'ignored it', 'kind': 'unexpected'}
    """
    return {"message": str(problem), "kind": getattr(problem, "code", "malformed")}


class Problem(str):
    """A text that says what was refused, with the reason as ``code``."""

    code: str

    def __new__(cls, code: str, text: str) -> Problem:
        problem = super().__new__(cls, text)
        problem.code = code
        return problem
