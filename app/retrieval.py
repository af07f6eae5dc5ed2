"""Hybrid retrieval in one corpus: dense + keyword (BM25), fused by reciprocal rank.

Both indexes are derived from what Chroma holds (the source of truth, embedded or server) and rebuilt
when the manifest's generation moves. Each exists per audience level, so the audience filter is part
of the search itself, never applied afterwards. Only chunks of the live version of each file are
loaded, so a half-done ingest is invisible.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ingest.settings import defaults
from ingest.store import Store

from .keyword import Doc, KeywordIndex
from .vectors import VectorIndex, single_threaded_blas

AUDIENCE_LEVEL = {"customer": "public", "agent": "all"}


@dataclass
class Hit:
    id: str
    corpus: str
    text: str
    meta: dict
    dense: float = 0.0          # cosine similarity, 0 when only BM25 found it
    bm25: float = 0.0
    score: float = 0.0          # fused (RRF)

    @property
    def source(self) -> str:
        return self.meta["source"]


@dataclass
class CorpusView:
    generation: str
    indexes: dict[str, KeywordIndex] = field(default_factory=dict)       # per audience level
    vectors: dict[str, VectorIndex] = field(default_factory=dict)        # per audience level


def by_level(docs: list[Doc]) -> dict[str, list[Doc]]:
    """The chunks each audience level may see: 'public' only public ones, 'all' everything."""
    return {"public": [d for d in docs if d.meta.get("audience") == "public"], "all": docs}


def _load_view(store: Store, corpus: str, generation: str) -> CorpusView:
    docs = [Doc(i, t, m, v) for i, t, m, v in store.live_chunks(corpus)]
    levels = by_level(docs)
    return CorpusView(generation, {lvl: KeywordIndex(ds) for lvl, ds in levels.items()},
                      {lvl: VectorIndex(ds) for lvl, ds in levels.items()})


def rrf(rankings: list[tuple[list[str], float]], k: int) -> dict[str, float]:
    """Weighted reciprocal-rank fusion: sum of weight / (k + rank) over the rankings an id appears in."""
    scores: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, doc_id in enumerate(ids, 1):
            scores[doc_id] = scores.get(doc_id, 0.0) + weight / (k + rank)
    return scores


class Retriever:
    """Hybrid search over fixed views (one per corpus). A Retriever never changes: a new manifest
    generation gets a new Retriever from `load()`, which reuses the views of corpora that did not move."""

    def __init__(self, views: dict[str, CorpusView], settings: dict | None = None):
        s = {**defaults("retrieval"), **(settings or {})}
        self.candidates = s["candidates"]
        self.rrf_k = s["rrf_k"]
        self.bm25_weight = s["bm25_weight"]   # dense leads; BM25 adds exact terms and codes
        self.views = views
        single_threaded_blas()

    @classmethod
    def load(cls, store: Store, settings: dict | None, generations: dict[str, str],
             previous: "Retriever | None" = None) -> "Retriever":
        """Views for these generations, read from Chroma where a corpus moved since `previous`."""
        old = previous.views if previous else {}
        views = {}
        for corpus in store.config.corpora:      # a corpus never switched yet has no state record
            gen = generations.get(corpus, "")
            view = old.get(corpus)
            views[corpus] = view if view is not None and view.generation == gen else _load_view(store, corpus, gen)
        return cls(views, settings)

    def chunk_count(self, corpus: str) -> int:
        view = self.views.get(corpus)
        return len(view.indexes["all"].docs) if view else 0

    def dense(self, corpus: str, vectors: list[list[float]], audience: str, n: int) -> list[list[Hit]]:
        """Nearest live chunks this audience may see, for each query vector."""
        index = self.views[corpus].vectors[AUDIENCE_LEVEL[audience]]
        return [[Hit(d.id, corpus, d.text, d.meta, dense=sim) for d, sim in found]
                for found in index.search(np.asarray(vectors, dtype=np.float32), n)]

    def keyword(self, corpus: str, query: str, audience: str, n: int) -> list[Hit]:
        index = self.views[corpus].indexes[AUDIENCE_LEVEL[audience]]
        return [Hit(d.id, corpus, d.text, d.meta, bm25=s) for d, s in index.search(query, n)]

    def similarity(self, corpus: str, doc_id: str, vector: list[float]) -> float:
        return self.views[corpus].vectors["all"].similarity(doc_id, np.asarray(vector, dtype=np.float32))

    def search(self, corpus: str, queries: list[str], vectors: list[list[float]], audience: str) -> list[list[Hit]]:
        """For each (query, vector): fused candidates of one corpus, best first, each keeping its
        dense and BM25 scores. All vectors go to Chroma in one call."""
        dense_lists = self.dense(corpus, vectors, audience, self.candidates)
        return [self._fuse(corpus, dense, self.keyword(corpus, q, audience, self.candidates), v)
                for q, v, dense in zip(queries, vectors, dense_lists)]

    def _fuse(self, corpus: str, dense: list[Hit], keyword: list[Hit], vector: list[float]) -> list[Hit]:
        by_id = {h.id: h for h in dense}
        for h in keyword:
            if h.id in by_id:
                by_id[h.id].bm25 = h.bm25
            else:
                h.dense = self.similarity(corpus, h.id, vector)
                by_id[h.id] = h
        fused = rrf([([h.id for h in dense], 1.0), ([h.id for h in keyword], self.bm25_weight)], self.rrf_k)
        for doc_id, score in fused.items():
            by_id[doc_id].score = score
        return sorted(by_id.values(), key=lambda h: h.score, reverse=True)
