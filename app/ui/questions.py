"""Repeated questions counted once: for suggested questions on the customer page and the insight
page's gap lists. Pure functions over question-log rows."""
from __future__ import annotations

import re
from collections import Counter

_NOISE = re.compile(r"[^\w\s-]")


def normal(text: str) -> str:
    """Case, punctuation and spacing don't make a different question."""
    return " ".join(_NOISE.sub(" ", text.lower()).split())


def merged(texts: list[str]) -> list[tuple[str, int]]:
    """Each distinct question once with how often it was asked, most asked first; shown as first written."""
    counts = Counter(normal(t) for t in texts)
    first: dict[str, str] = {}
    for t in texts:
        first.setdefault(normal(t), t)
    return sorted(((first[k], n) for k, n in counts.items()), key=lambda tn: (-tn[1], normal(tn[0])))


def popular(rows: list[dict], limit: int = 4, at_least: int = 2) -> list[str]:
    """The most asked questions that got an answer nobody rated unhelpful (asked at least twice)."""
    good = [r["text"] for r in rows if r["answered"] and r["feedback"] != -1]
    return [t for t, n in merged(good)[:limit] if n >= at_least]
