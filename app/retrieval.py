"""Hybrid retrieval in one corpus: dense (Chroma) + keyword (BM25), fused by reciprocal rank.

The audience filter is applied inside each search (a Chroma `where`, a public-only BM25 index), never
afterwards. Only chunks of the live version of each file are used, so a half-done ingest is invisible.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np

from ingest.store import Store

from .keyword import Doc, KeywordIndex, build_indexes

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
    live: dict[str, str]                              # source -> live version
    indexes: dict[str, KeywordIndex] = field(default_factory=dict)
    vectors: dict[str, np.ndarray] = field(default_factory=dict)   # id -> embedding, to score BM25-only hits


def rrf(rankings: list[tuple[list[str], float]], k: int) -> dict[str, float]:
    """Weighted reciprocal-rank fusion: sum of weight / (k + rank) over the rankings an id appears in."""
    scores: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, doc_id in enumerate(ids, 1):
            scores[doc_id] = scores.get(doc_id, 0.0) + weight / (k + rank)
    return scores


class Retriever:
    def __init__(self, store: Store, settings: dict | None = None):
        self.store = store
        s = settings or {}
        self.candidates = s.get("candidates", 30)
        self.rrf_k = s.get("rrf_k", 60)
        self.bm25_weight = s.get("bm25_weight", 1.0)
        self.views: dict[str, CorpusView] = {}
        self._lock = threading.Lock()
        self._checked = 0.0

    def refresh(self, max_age_s: float = 0.0) -> None:
        """Reload a corpus whose manifest generation moved (one cheap read per call)."""
        if time.monotonic() - self._checked < max_age_s:
            return
        with self._lock:
            generations = self.store.generations()
            for corpus in self.store.config.corpora:     # a corpus never switched yet has no state record
                gen = generations.get(corpus, "")
                view = self.views.get(corpus)
                if view is None or view.generation != gen:
                    self.views[corpus] = self._load(corpus, gen)
            self._checked = time.monotonic()

    def _load(self, corpus: str, generation: str) -> CorpusView:
        live = {s: m["version"] for s, m in self.store.live_files(corpus).items()}
        got = self.store.snapshot(corpus, ["documents", "metadatas", "embeddings"])
        docs = [Doc(i, t, m) for i, t, m in zip(got["ids"], got["documents"], got["metadatas"])
                if live.get(m["source"]) == m["version"]]
        vectors = {i: np.asarray(v, dtype=np.float32) for i, v in zip(got["ids"], got["embeddings"])}
        return CorpusView(generation, live, build_indexes(docs), vectors)

    def chunk_count(self, corpus: str) -> int:
        view = self.views.get(corpus)
        return len(view.indexes["all"].docs) if view else 0

    def dense(self, corpus: str, vector: list[float], audience: str, n: int) -> list[Hit]:
        view = self.views[corpus]
        where = {"audience": "public"} if AUDIENCE_LEVEL[audience] == "public" else None
        col = self.store.chunks(corpus)
        n = min(n, max(col.count(), 1))
        res = col.query(query_embeddings=[vector], n_results=n, where=where,
                        include=["documents", "metadatas", "distances"])
        hits = []
        for i, text, meta, dist in zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0]):
            if meta is not None and view.live.get(meta["source"]) == meta["version"]:
                hits.append(Hit(i, corpus, text, meta, dense=1.0 - dist))
        return hits

    def keyword(self, corpus: str, query: str, audience: str, n: int) -> list[Hit]:
        index = self.views[corpus].indexes[AUDIENCE_LEVEL[audience]]
        return [Hit(d.id, corpus, d.text, d.meta, bm25=s) for d, s in index.search(query, n)]

    def similarity(self, corpus: str, doc_id: str, vector: list[float]) -> float:
        stored = self.views[corpus].vectors.get(doc_id)
        return float(stored @ np.asarray(vector, dtype=np.float32)) if stored is not None else 0.0

    def search(self, corpus: str, query: str, vector: list[float], audience: str) -> list[Hit]:
        """Fused candidates of one corpus, best first. Each keeps its dense and BM25 scores."""
        dense = self.dense(corpus, vector, audience, self.candidates)
        keyword = self.keyword(corpus, query, audience, self.candidates)
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
