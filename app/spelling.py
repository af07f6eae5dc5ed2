"""Misspelt words of a question corrected to a word the knowledge base uses, before anything else reads it.

A typo hurts the embedding more than BM25: one swapped pair of letters in each answerable bench question
(its longest word) took covid-faq hit@5 from 0.910 to 0.811 and the answered share from 0.971 to 0.861
(retrieval alone; govuk-paas hit@5 1.000 -> 0.941, Quillhub answered 0.980 -> 0.918).

A word is corrected only when it is misspelt, not merely absent from the knowledge base: it has at least
MIN_LENGTH letters, no chunk the audience sees has a word of its stem, and it is not an English word, which
the model's own WordPiece vocabulary tells (a whole-word token, or one with a plain suffix or prefix:
"sewers", "unlocks"). Without that last check, correcting to the nearest knowledge-base word turned real
words into others ("suffer" -> "summer", "catch" -> "watch", "vector" -> "doctor": 29 covid-faq questions
changed, most for the worse). The correction is a word the audience's chunks use (collected as they are
tokenised: app/corpus_index.Chunks.spellings) at the fewest edits, a transposition counting one
(rapidfuzz's OSA distance), at most Elasticsearch's AUTO fuzziness (1 edit up to 5 letters, 2 from 6); ties
go to the word more chunks use. Measured on the bench's answerable questions (retrieval alone, hit@5 /
answered; `python -m bench.typos`): with one typo, covid-faq 0.811 / 0.861 -> 0.910 / 0.963,
govuk-paas 0.941 / 0.971 -> 1.000 / 1.000, Quillhub answered 0.918 -> 0.980; as written, hit@5 unchanged,
covid-faq answered 0.971 -> 0.967, and the words changed are the writers' own typos ("pasword", "memmory",
"automaticaly", "transmittet", "cirus", "illnes", "deceised", "decendants").
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ingest.embedder import model_path

from .tokens import tokenize

MIN_LENGTH = 5          # shorter words are too often another real word one edit away ("jab" -> "job")
_WORD = re.compile(r"[^\W\d_]+")
_SUFFIXES = ("s", "es", "ed", "ing", "ly", "er", "ers")
_PREFIXES = ("re", "un", "out", "over", "under", "pre", "non")


@functools.lru_cache(maxsize=1)
def english() -> frozenset[str]:
    """The whole words of the model's WordPiece vocabulary (~20k): an offline English word list."""
    lines = (model_path() / "vocab.txt").read_text(encoding="utf-8").split()
    return frozenset(w for w in lines if w.isalpha() and w.islower())


def is_word(w: str) -> bool:
    """An English word, or one with a plain suffix or prefix ("sewers", "retrying", "unlocks")."""
    words = english()
    if w in words:
        return True
    for suffix in _SUFFIXES:       # a base of 4+ letters: "realted" is not "re" + "alt" + "ed"
        base = w[:-len(suffix)]
        if w.endswith(suffix) and len(base) >= 4 and (
                base in words or base + "e" in words or (base[-1] == base[-2] and base[:-1] in words)):
            return True
    return any(w.startswith(p) and len(w) - len(p) >= 4 and is_word(w[len(p):]) for p in _PREFIXES)


def max_edits(word: str) -> int:
    """Elasticsearch's AUTO fuzziness for a word of MIN_LENGTH letters or more."""
    return 1 if len(word) <= 5 else 2


@functools.lru_cache(maxsize=1 << 15)
def _stem(word: str) -> str:
    got = tokenize([word])[0]
    return got[0] if got else word


@dataclass
class Speller:
    """Corrections for one audience level: `df(stem)` counts its chunks with a term (app/keyword.py);
    `spellings` maps every word the corpora's chunks use to its stem (app/corpus_index.Chunks.spellings)."""
    df: Callable[[str], int]
    spellings: list[dict[str, str]]
    _choices: dict[str, str] | None = field(default=None, repr=False)

    def choices(self) -> dict[str, str]:
        """Word -> stem of the words this level's chunks use (made on the first misspelt word: ~0.1 s at
        100k chunks, once per index generation)."""
        if self._choices is None:
            self._choices = {w: s for words in self.spellings for w, s in words.items()
                             if len(w) >= 3 and self.df(s) > 0}
        return self._choices

    def word(self, w: str) -> str:
        low = w.lower()
        if len(low) < MIN_LENGTH or self.df(_stem(low)) > 0 or is_word(low):
            return w
        choices = self.choices()
        found = process.extract(low, list(choices), scorer=OSA.distance, score_cutoff=max_edits(low), limit=None)
        if not found:
            return w
        best = min(found, key=lambda f: (f[1], -self.df(choices[f[0]]), f[0]))[0]
        return best.capitalize() if w[0].isupper() else best

    def correct(self, text: str) -> str:
        """The text with each misspelt word replaced (everything else as written)."""
        return _WORD.sub(lambda m: self.word(m.group(0)), text)
