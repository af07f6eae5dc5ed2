"""BM25 over live chunks (bm25s's tokenisation in app/tokens.py, app/term_index.py scoring), from what Chroma holds.

Chroma is the source of truth, so a second machine reading the same Chroma server builds the same
index. There is one index per audience level: a customer's query runs against public chunks only,
so internal text never even gets a score. A KeywordIndex is made of parts, one per corpus (rows of that
corpus's term index); the joint index over both collections is the two corpora's parts with their
statistics added, so it needs no build of its own and a refresh of one corpus touches only that corpus.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ingest.words import searchable

from .term_index import TermCounts, TermIndex
from .tokens import STOPWORDS_EN_PLUS, tokenize, version_terms


@dataclass
class Doc:
    id: str
    text: str
    meta: dict
    vector: list[float] | None = None


class Lazy(Sequence):
    """A read-only sequence whose items are made when asked for (`item`); a slice gives a list."""

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self.item(j) for j in range(*i.indices(len(self)))]
        return self.item(i)

    def item(self, i: int):
        raise NotImplementedError


class Picked(Lazy):
    """`items[rows[i]]`, made on access: a level's chunks without a list of 100k of them."""

    def __init__(self, items: Sequence, rows: np.ndarray):
        self.items, self.rows = items, rows

    def __len__(self) -> int:
        return len(self.rows)

    def item(self, i):
        return self.items[int(self.rows[i])]


class Chained(Lazy):
    """Several sequences read as one, without copying them."""

    def __init__(self, parts: list[Sequence]):
        self.parts = [p for p in parts if len(p)]

    def __len__(self) -> int:
        return sum(len(p) for p in self.parts)

    def item(self, i):
        i = i + len(self) if i < 0 else i
        for p in self.parts:
            if i < len(p):
                return p[i]
            i -= len(p)
        raise IndexError(i)


def bm25_tokens(texts: list[str], spellings: dict[str, str] | None = None) -> list[list[str]]:
    """BM25's terms of each text: its words (`spellings`: see tokenize), then its version numbers."""
    return [words + version_terms(text) for words, text in zip(tokenize(texts, spellings=spellings), texts)]


def doc_tokens(texts: list[str], metas: list[dict], spellings: dict[str, str] | None = None) -> list[list[str]]:
    """What BM25 indexes of a chunk: the terms of its heading path and its searchable text."""
    if not texts:
        return []
    return bm25_tokens([m.get("heading_path", "") + "\n" + searchable(t) for t, m in zip(texts, metas)], spellings)


def query_tokens(query: str) -> list[str]:
    """What BM25 looks up of a question: the same terms as doc_tokens."""
    return bm25_tokens([query])[0]


def terms(text: str) -> list[str]:
    """The distinct stemmed content terms of a question: BM25's stemming, with bm25s's longer English stop
    list ("how", "do", "what" out too), so coverage counts the words that carry the question."""
    if not text.strip():
        return []
    words = tokenize([text], STOPWORDS_EN_PLUS)[0]
    return list(dict.fromkeys(words))


class _Part:
    """The chunks of one corpus an audience level may see: `rows` of the corpus's TermIndex."""

    def __init__(self, all_docs: list[Doc], rows: np.ndarray, index: TermIndex, vocab: dict[str, int],
                 row: dict[str, int], within: tuple[str, np.ndarray] | None = None):
        self.index, self.vocab, self.row, self.all_docs = index, vocab, row, all_docs
        self.ids = getattr(all_docs, "ids", None)       # a segment's ids, without making its Doc objects
        self.rows = rows
        self.level = index.level(rows, within)
        self._words: list[str] | None = None

    @cached_property
    def docs(self) -> Sequence[Doc]:
        return Picked(self.all_docs, self.rows)

    def df(self, term: str) -> int:
        t = self.vocab.get(term)
        return int(self.level.df[t]) if t is not None and t < len(self.level.df) else 0

    def words(self) -> list[str]:
        """Term id -> term (made on first use: only answerability's coverage needs it)."""
        if self._words is None:
            words = [""] * len(self.vocab)
            for term, i in self.vocab.items():
                words[i] = term
            self._words = words
        return self._words

    def top(self, weighted: list[tuple[str, float]], avg_len: float, k: int,
            also: frozenset[str] = frozenset()) -> list[tuple[float, str, int]]:
        """(score, chunk id, row) of the best k rows, with every row tied with the k-th, and the rows of the
        chunk ids `also` that score at all."""
        pairs = [(self.vocab[t], idf) for t, idf in weighted if t in self.vocab]
        if not pairs:
            return []
        scores = self.index.scores(pairs, self.level.member, avg_len)
        found = np.flatnonzero(scores > 0)
        if len(found) > k:
            kth = np.partition(scores[found], len(found) - k)[len(found) - k]
            extra = [i for i in (self.row.get(d) for d in also) if i is not None and scores[i] > 0]
            found = np.union1d(found[scores[found] >= kth], np.asarray(extra, dtype=found.dtype))
        if self.ids is None:
            self.ids = [d.id for d in self.all_docs]
        return [(float(scores[i]), self.ids[i], int(i)) for i in found]


class KeywordIndex:
    """BM25 over one audience level's chunks of one or more corpora."""

    def __init__(self, docs: list[Doc]):
        """A fresh index over `docs` (tests, the benchmark's BM25 baseline)."""
        vocab: dict[str, int] = {}
        counts = TermCounts.from_token_lists(doc_tokens([d.text for d in docs], [d.meta for d in docs]), vocab)
        row = {d.id: i for i, d in enumerate(docs)}
        self._set([_Part(docs, np.arange(len(docs)), TermIndex(counts, len(vocab)), vocab, row)])

    @classmethod
    def over(cls, parts: list[tuple], vocab: dict[str, int]) -> KeywordIndex:
        """For each segment of a corpus: (its docs, the rows this level sees, its term index, chunk id -> row,
        and (level name, the rows it would see were none dead) for TermIndex.level)."""
        out = cls.__new__(cls)
        out._set([_Part(docs, rows, index, vocab, row, within) for docs, rows, index, row, within in parts
                  if len(rows)])
        return out

    @classmethod
    def joined(cls, indexes: list[KeywordIndex]) -> KeywordIndex:
        """One index over all of these (scores as if built afresh over their chunks together)."""
        out = cls.__new__(cls)
        out._set([p for index in indexes for p in index._parts])
        return out

    def _set(self, parts: list[_Part]) -> None:
        self._parts = parts
        self.n = sum(p.level.n for p in parts)
        total = sum(p.level.total_len for p in parts)
        self._avg_len = total / self.n if total else 1.0

    @cached_property
    def docs(self) -> Sequence[Doc]:
        """The chunks of this index, made on access (a list of 100k took seconds to fill at start)."""
        return Chained([p.docs for p in self._parts])

    def df(self, term: str) -> int:
        """How many chunks of this index contain the term."""
        return sum(p.df(term) for p in self._parts)

    def idf(self, term: str) -> float:
        """BM25's idf; a term no chunk contains gets the highest value (it is the most telling)."""
        df = self.df(term)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def chunk_terms(self, doc_id: str) -> set[str]:
        for p in self._parts:
            i = p.row.get(doc_id)
            if i is not None and p.level.member[i]:
                words = p.words()
                return {words[t] for t in p.index.counts.row(i)}
        return set()

    def search(self, query: str, k: int, also: frozenset[str] = frozenset()) -> list[tuple[Doc, float]]:
        """The best k chunks with a positive score, then those of the chunk ids `also` that score and are not
        among them; ties in chunk id order, so the ranking does not depend on the order chunks were added in."""
        if not self.n or not query.strip() or k <= 0:
            return []
        weighted = [(t, self.idf(t)) for t in query_tokens(query) if self.df(t)]
        if not weighted:        # no query word occurs in these chunks
            return []
        found = [(score, doc_id, part, i) for part in self._parts
                 for score, doc_id, i in part.top(weighted, self._avg_len, k, also)]
        found.sort(key=lambda f: (-f[0], f[1]))
        found = found[:k] + [f for f in found[k:] if f[1] in also]
        return [(part.all_docs[i], score) for score, _, part, i in found]
