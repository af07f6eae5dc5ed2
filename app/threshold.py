"""Choosing `retrieval.answer_threshold` for one knowledge base from questions its owners labelled.

The shipped threshold (0.22) was fitted on the bench's corpora together. How far it carries to a new
knowledge base is the weak part of answerability: at each bench corpus's own threshold the same signal declines
0.76 of unanswerable questions on average, at the shared one 0.55 (README, "Ranking, answerability and the
other side"). `kb calibrate` measures it on the owner's own questions instead: the answerability probability of
each, every threshold's answered and declined shares, and the highest threshold that still answers the share of
answerable questions asked for. Nothing here changes a setting: the owner reads the table and edits the config.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

MIN_EACH = 10           # issue 8 asks for at least 10 unanswerable questions per corpus to calibrate on
STEPS = [round(0.05 * i, 2) for i in range(1, 20)]      # the table's rows besides the current and suggested


class CalibrationError(ValueError):
    """Questions that cannot choose a threshold: too few of a kind, or a line without a label."""


@dataclass(frozen=True)
class Cut:
    threshold: float        # answer when the probability is at least this
    answered: float         # share of answerable questions answered
    declined: float         # share of unanswerable questions declined


def cut(threshold: float, answerable: list[float], unanswerable: list[float]) -> Cut:
    return Cut(threshold, sum(p >= threshold for p in answerable) / len(answerable),
               sum(p < threshold for p in unanswerable) / len(unanswerable))


def suggest(answerable: list[float], unanswerable: list[float], min_answered: float) -> Cut:
    """The highest threshold that answers at least `min_answered` of the answerable questions: halfway between
    the lowest probability that must still be answered and the next lower one of any question, so a question
    a little weaker than the ones seen is not declined by a threshold set exactly on it."""
    if not 0 < min_answered <= 1:
        raise CalibrationError(f"--answered is a share of the answerable questions, above 0 and at most 1 "
                               f"(got {min_answered})")
    if len(answerable) < MIN_EACH or len(unanswerable) < MIN_EACH:
        raise CalibrationError(f"need at least {MIN_EACH} answerable and {MIN_EACH} unanswerable questions to "
                               f"choose a threshold (got {len(answerable)} answerable, {len(unanswerable)} "
                               "unanswerable)")
    ranked = sorted(answerable, reverse=True)
    keep = ranked[max(math.ceil(round(min_answered * len(ranked), 9)), 1) - 1]     # the ceil(share * n)-th best
    below = [p for p in answerable + unanswerable if p < keep]
    threshold = (keep + max(below)) / 2 if below else keep
    return cut(threshold, answerable, unanswerable)


def table(answerable: list[float], unanswerable: list[float], current: float, suggested: Cut) -> list[Cut]:
    """Every 0.05 step, the current threshold and the suggested one, in order."""
    marks = sorted({*STEPS, current, suggested.threshold})
    return [cut(t, answerable, unanswerable) for t in marks]


def labelled(item: dict, number: int) -> bool:
    """Whether a calibration line's question is answerable: `"answerable": true | false`."""
    value = item.get("answerable")
    if not isinstance(value, bool):
        raise CalibrationError(f'line {number}: each line needs "answerable": true or false '
                               '(e.g. {"query": "Is there a dark mode?", "answerable": false})')
    return value


def measure(ask, items: list[tuple[int, dict]]) -> tuple[list[float], list[float]]:
    """The answerability probability of each labelled question, as `ask(query, audience)` (the engine's, which
    decides the answer) reports it: (answerable, unanswerable). `ask` raises CalibrationError on a question
    the engine refuses."""
    answerable: list[float] = []
    unanswerable: list[float] = []
    for number, item in items:
        group = answerable if labelled(item, number) else unanswerable
        try:
            result = ask(item["query"], item.get("audience") or "customer")
        except CalibrationError as e:        # a question the engine refused: say which line
            raise CalibrationError(f"line {number}: {e}") from None
        group.append(result["debug"]["answerability"]["probability"])
    return answerable, unanswerable
