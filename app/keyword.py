"""BM25 over the live chunks of one corpus (bm25s), rebuilt from what Chroma holds.

Chroma is the source of truth, so a second machine reading the same Chroma server builds the same
index. There is one index per audience level: a customer's query runs against public chunks only,
so internal text never even gets a score.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import bm25s
from bm25s.stopwords import STOPWORDS_EN_PLUS

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


def terms(text: str) -> list[str]:
    """The distinct stemmed content terms of a question: BM25's stemming, with bm25s's longer English stop
    list ("how", "do", "what" out too), so coverage counts the words that carry the question."""
    if not text.strip():
        return []
    words = bm25s.tokenize([text], stopwords=STOPWORDS_EN_PLUS, stemmer=_STEMMER, show_progress=False,
                           return_ids=False)[0]
    return list(dict.fromkeys(words))


class KeywordIndex:
    def __init__(self, docs: list[Doc]):
        self.docs = docs
        self._bm25 = None
        tokens = _tokenize([d.meta.get("heading_path", "") + "\n" + searchable(d.text) for d in docs]) if docs else []
        self.terms = [set(t) for t in tokens]                     # per chunk, for query-term coverage
        self.df = Counter(t for chunk in self.terms for t in chunk)
        self.row = {d.id: i for i, d in enumerate(docs)}
        if docs:
            self._bm25 = bm25s.BM25()
            self._bm25.index(tokens, show_progress=False)

    def idf(self, term: str) -> float:
        """BM25's idf; a term no chunk contains gets the highest value (it is the most telling)."""
        n, df = len(self.docs), self.df.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def chunk_terms(self, doc_id: str) -> set[str]:
        i = self.row.get(doc_id)
        return self.terms[i] if i is not None else set()

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
