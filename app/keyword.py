"""BM25 over the live chunks of one corpus (bm25s tokenisation, app/term_index.py scoring), from what Chroma holds.

Chroma is the source of truth, so a second machine reading the same Chroma server builds the same
index. There is one index per audience level: a customer's query runs against public chunks only,
so internal text never even gets a score.
"""
from __future__ import annotations

from dataclasses import dataclass

import bm25s
import numpy as np

from ingest.chunking import searchable

from .term_index import TermCounts, TermIndex

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


def doc_tokens(texts: list[str], metas: list[dict]) -> list[list[str]]:
    """What BM25 indexes of a chunk: its heading path and its searchable text."""
    if not texts:
        return []
    return _tokenize([m.get("heading_path", "") + "\n" + searchable(t) for t, m in zip(texts, metas)])


class KeywordIndex:
    """BM25 over one audience level's chunks (`rows` of a corpus-wide TermIndex)."""

    def __init__(self, docs: list[Doc]):
        vocab: dict[str, int] = {}
        counts = TermCounts.from_token_lists(doc_tokens([d.text for d in docs], [d.meta for d in docs]), vocab)
        self._set(docs, np.arange(len(docs)), TermIndex(counts, len(vocab)), vocab)

    @classmethod
    def over(cls, all_docs: list[Doc], rows: np.ndarray, terms: TermIndex, vocab: dict[str, int]) -> KeywordIndex:
        index = cls.__new__(cls)
        index._set(all_docs, rows, terms, vocab)
        return index

    def _set(self, all_docs, rows, terms, vocab) -> None:
        self._all, self._rows, self._terms, self._vocab = all_docs, rows, terms, vocab
        self._stats = terms.level(rows)
        self.docs = [all_docs[i] for i in rows]

    def search(self, query: str, k: int) -> list[tuple[Doc, float]]:
        if not len(self._rows) or not query.strip():
            return []
        tokens = [self._vocab[t] for t in _tokenize([query])[0] if t in self._vocab]
        if not tokens:        # no query word occurs in this corpus
            return []
        scores = self._terms.scores(tokens, self._stats)[self._rows]
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.docs[i], float(scores[i])) for i in top if scores[i] > 0]
