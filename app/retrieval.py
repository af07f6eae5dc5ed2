"""Hybrid retrieval in one corpus: dense + keyword (BM25), fused by reciprocal rank.

Both indexes are derived from what Chroma holds (the source of truth, embedded or server) and brought up
to date when the manifest's generation moves, reading only the files that changed (app/corpus_index.py);
a new process starts from the copy saved in the cache folder (app/index_cache.py). Each exists per
audience level, so the audience filter is part of the search itself, never applied afterwards.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ingest.settings import defaults
from ingest.store import Store

from . import corpus_index, index_cache
from .corpus_index import Chunks, CorpusView
from .vectors import single_threaded_blas

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


def _load_chunks(store: Store, corpus: str, generation: str, base: Chunks | None) -> Chunks:
    """This generation's chunks: `base` (the previous snapshot's, else the copy saved in the cache folder)
    updated with the files that changed, or a full read when there is no base."""
    saved = None
    store_id = store.config.store_url or str(store.config.store_path)
    if base is None:
        base = saved = index_cache.load(store.config.cache_path, corpus, store_id)
    chunks = (corpus_index.update(base, store, corpus, generation) if base is not None
              else corpus_index.load_all(store, corpus, generation))
    if saved is None or saved.generation != generation:     # the file on disk is behind: save what we have now
        index_cache.save_later(store.config.cache_path, corpus, store_id, chunks)
    return chunks


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

    def __init__(self, views: dict[str, CorpusView], settings: dict | None = None,
                 chunks: dict[str, Chunks] | None = None):
        s = {**defaults("retrieval"), **(settings or {})}
        self.candidates = s["candidates"]
        self.rrf_k = s["rrf_k"]
        self.bm25_weight = s["bm25_weight"]   # dense leads; BM25 adds exact terms and codes
        self.views = views
        self.chunks = chunks or {}
        single_threaded_blas()

    @classmethod
    def load(cls, store: Store, settings: dict | None, generations: dict[str, str],
             previous: "Retriever | None" = None) -> "Retriever":
        """Views for these generations, read from Chroma where a corpus moved since `previous`."""
        old = previous.views if previous else {}
        views, chunks = {}, {}
        for corpus in store.config.corpora:      # a corpus never switched yet has no state record
            gen = generations.get(corpus, "")
            view = old.get(corpus)
            if view is not None and view.generation == gen:
                views[corpus], chunks[corpus] = view, previous.chunks.get(corpus)
            else:
                chunks[corpus] = _load_chunks(store, corpus, gen, previous.chunks.get(corpus) if previous else None)
                views[corpus] = corpus_index.build_view(chunks[corpus])
        return cls(views, settings, chunks)

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
