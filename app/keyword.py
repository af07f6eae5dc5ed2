"""BM25 over the live chunks of one corpus (bm25s), rebuilt from what Chroma holds.

Chroma is the source of truth, so a second machine reading the same Chroma server builds the same
index. There is one index per audience level: a customer's query runs against public chunks only,
so internal text never even gets a score.
"""
from __future__ import annotations

from dataclasses import dataclass

import bm25s

from ingest.chunking import searchable

try:
    import Stemmer
    _STEMMER = Stemmer.Stemmer("english")
except ImportError:  # PyStemmer is optional: BM25 still works, a little less forgiving
    _STEMMER = None


@dataclass
class Doc:
    id: str
    text: str
    meta: dict
    vector: list[float] | None = None


def _tokenize(texts: list[str]) -> list[list[str]]:
    return bm25s.tokenize(texts, stopwords="en", stemmer=_STEMMER, show_progress=False, return_ids=False)


class KeywordIndex:
    def __init__(self, docs: list[Doc]):
        self.docs = docs
        self._bm25 = None
        if docs:
            self._bm25 = bm25s.BM25()
            self._bm25.index(_tokenize([d.meta.get("heading_path", "") + "\n" + searchable(d.text) for d in docs]),
                             show_progress=False)

    def search(self, query: str, k: int) -> list[tuple[Doc, float]]:
        if self._bm25 is None or not query.strip():
            return []
        vocab = self._bm25.vocab_dict
        tokens = [t for t in _tokenize([query])[0] if t in vocab]
        if not tokens:        # no query word occurs in this corpus
            return []
        k = min(k, len(self.docs))
        idx, scores = self._bm25.retrieve([tokens], k=k, show_progress=False, n_threads=0)
        return [(self.docs[i], float(s)) for i, s in zip(idx[0], scores[0]) if s > 0]
