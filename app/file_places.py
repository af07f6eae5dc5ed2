"""A ranking's files keep their places; the chunks of one file may trade the places that file holds.
Used by the section order within a file (retrieval.by_cosine_within_files) and by identifiers (the passage
naming a code first in its file)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .retrieval import Hit


def places(ranked: list[Hit]) -> dict[str, list[int]]:
    """Each file's positions in the ranking, best first."""
    out: dict[str, list[int]] = {}
    for i, h in enumerate(ranked):
        out.setdefault(h.source, []).append(i)
    return out


def reorder(ranked: list[Hit], slots: dict[str, list[int]], key: Callable[[int], object]) -> list[Hit]:
    """The ranking with each file's chunks in `key` order (of their positions, stable) on that file's places;
    a place keeps its score, so the chunk moved there takes it."""
    out = list(ranked)
    for spots in slots.values():
        if len(spots) > 1:
            scores = [ranked[i].score for i in spots]
            for i, score, j in zip(spots, scores, sorted(spots, key=key)):
                ranked[j].score = score
                out[i] = ranked[j]
    return out
