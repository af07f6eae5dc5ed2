"""Misspelt words of a question corrected to a word the knowledge base uses, before anything else reads it.

A typo hurts the embedding more than BM25: one swapped pair of letters in each answerable bench question
(its longest word) took covid-faq hit@5 from 0.910 to 0.811 and the answered share from 0.971 to 0.861
(retrieval alone; govuk-paas hit@5 1.000 -> 0.941, Quillhub answered 0.980 -> 0.918).

A word is corrected only when it is misspelt, not merely absent from the knowledge base: it has at least
MIN_LENGTH letters, no chunk the audience sees writes it so, and it is not an English word by
wordfreq's word list. Without that check, correcting to the nearest knowledge-base word turned real words
into others ("suffer" -> "summer", "catch" -> "watch", "vector" -> "doctor": 29 covid-faq questions changed,
most for the worse), and the model's WordPiece vocabulary as the word list (22k words) still let "rebate"
become "create" in 48 Bitext messages. The correction is a word the audience's chunks use (collected as they
are tokenised: app/corpus_index.Chunks.spellings) with the same first letter (typos rarely change it) at the
fewest edits, a transposition counting one (rapidfuzz's OSA distance), at most MAX_EDITS; ties go to the
word more chunks use. Measured: README, "Misspelt words"
(`python -m bench.typos`).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import word_frequency

from .tokens import tokenize

MIN_LENGTH = 5          # shorter words are too often another real word one edit away ("jab" -> "job")
MAX_EDITS = 1           # one slip; at 2 (Elasticsearch's AUTO from 6 letters) "retrying" became "returning"
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")      # "shouldn't" is one word, and so is "yolov9"
_MODEL_NUMBER = re.compile(r"[ \t]+\d")


def is_word(w: str) -> bool:
    """An English word: in wordfreq's "small" English list (the words seen at least once per million words of
    its sources; inflections and "wasnt" included), imported on the first call (~0.2 s, once per process)."""
    return word_frequency(w, "en", wordlist="small") > 0


# A contraction typed without its apostrophe ("quad wont arm"): pages write "won't", which tokenises as "won", so
# BM25 missed the word and the model read another ("wont", a habit). Betaflight's wiki holds such contractions in
# 418 chunks of 97 files; "cant flash my fc" led with an FAQ page, "can't flash my fc" with the troubleshooting
# page. Only the n't family: "its", "lets", "were" and "ill" are words of their own.
_CONTRACTIONS = {w.replace("'", ""): w for w in (
    "can't", "won't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "haven't", "hasn't",
    "hadn't", "couldn't", "shouldn't", "wouldn't", "mustn't", "needn't", "ain't")}


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
    _choices: dict[str, tuple[list[str], list[str]]] | None = field(default=None, repr=False)

    def choices(self, first: str) -> tuple[list[str], list[str]]:
        """(words, their stems) of this level's chunks that start with `first`: typos keep the first letter.
        Made on the first misspelt word, once per index generation (0.13 s for 200k distinct words, synthetic)."""
        if self._choices is None:
            self._choices = {}
            for words in self.spellings:
                for w, s in words.items():
                    if len(w) >= 3 and self.df(s) > 0:
                        group = self._choices.setdefault(w[0], ([], []))
                        group[0].append(w)
                        group[1].append(s)
        return self._choices.get(first, ([], []))

    def word(self, w: str) -> str:
        low = w.lower()
        if low in _CONTRACTIONS and not self.known(low):
            return _CONTRACTIONS[low].capitalize() if w[0].isupper() else _CONTRACTIONS[low]
        if len(low) < MIN_LENGTH or any(c.isdigit() for c in low) or self.known(low) or is_word(low):
            return w        # a name with digits is no misspelt word: "yolov9" was read as "yolov" -> "yolo" (Frigate)
        words, stems = self.choices(low[0])
        found = process.extract(low, words, scorer=OSA.distance, score_cutoff=MAX_EDITS, limit=None)
        if not found:
            return w
        best = min(found, key=lambda f: (f[1], -self.df(stems[f[2]]), f[0]))[0]
        return best.capitalize() if w[0].isupper() else best

    def known(self, low: str) -> bool:
        """Written so by this level's chunks: the word itself, not only its stem. "maintenence" stems as
        "maintenance" does, so it was left as written, and its question (MoJ's Cloud Platform guide) was
        declined, the embedding reading the typo (0.16; spelt right, 0.87). Corrected, a word of the same stem
        changes nothing for BM25."""
        return self.df(_stem(low)) > 0 and any(low in words for words in self.spellings)

    def correct(self, text: str) -> str:
        """The text with each misspelt word replaced (everything else as written). A word a number follows is a
        model's name ("my Ender 3 printer"): Klipper's docs never name it, so it became "Ended", and a question
        they do not answer was answered."""
        return _WORD.sub(lambda m: m.group(0) if _MODEL_NUMBER.match(text, m.end()) else self.word(m.group(0)), text)
