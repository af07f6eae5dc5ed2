"""Exact dense search over the live chunks of one corpus, from the vectors Chroma holds.

Like the BM25 index, there is one per audience level, so a customer's query is scored against public
chunks only. All levels share one matrix per corpus (a level is a list of its rows), so memory holds
each vector once. A matrix product is exact and fast: well under a millisecond at a few hundred chunks
(bench/scale.py measures it up to 100k chunks); a filtered Chroma query took 9-15 ms per collection even
on the small KB (its metadata filter dominates).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cached_property

import numpy as np
from threadpoolctl import threadpool_limits

from .keyword import Chained, Doc, Picked


def single_threaded_blas() -> None:
    """Query-sized products are fastest on one BLAS thread. With torch loaded in the same process,
    OpenBLAS's own threads contend with torch's: measured 8 ms vs 0.25 ms per search."""
    threadpool_limits(1, user_api="blas")


_NONE = (np.zeros(0, dtype=np.int64), None)


class _Seg:
    """The rows of one segment's matrix an audience level sees (app/segment.py), and the vectors of the rows
    whose heading is a question (Segment.questions: their row numbers and one vector each)."""

    def __init__(self, matrix: np.ndarray, all_docs, row: dict[str, int], rows: np.ndarray, questions=_NONE):
        # a plain view of a memory-mapped matrix: np.memmap's own indexing costs ~10 us per row looked up
        self.matrix, self.all_docs, self.row, self.rows = np.asarray(matrix), all_docs, row, rows
        self.source = matrix            # the segment's own matrix object (a key while it lives)
        self.whole = len(rows) == len(matrix)
        self.member = np.zeros(len(matrix), dtype=bool)
        self.member[rows] = True
        self.question_rows, self.questions = questions[0], questions[1]


class VectorIndex:
    def __init__(self, docs: list[Doc]):
        dim = len(docs[0].vector) if docs else 0
        matrix = np.asarray([d.vector for d in docs], dtype=np.float32).reshape(len(docs), dim)
        self._segs = [_Seg(matrix, docs, {d.id: i for i, d in enumerate(docs)}, np.arange(len(docs)))]

    @classmethod
    def over(cls, parts: list[tuple]) -> VectorIndex:
        """A level of a corpus: for each segment (matrix, its docs, chunk id -> row, the rows this level sees[,
        (rows whose heading is a question, their heading vectors)])."""
        index = cls.__new__(cls)
        index._segs = [_Seg(*p) for p in parts if len(p[3])]
        return index

    @cached_property
    def docs(self) -> Sequence[Doc]:
        """The chunks this level sees (tests and counts; searching does not need the list)."""
        return Chained([Picked(s.all_docs, s.rows) for s in self._segs])

    def search(self, vectors: np.ndarray, k: int) -> list[list[tuple[Doc, float]]]:
        """Top k by cosine similarity (vectors are normalised) for each query vector."""
        return [[(d, body) for d, body, _, _ in found] for found in self._top(vectors, k, False)]

    def search_fields(self, vectors: np.ndarray, k: int) -> list[list[tuple[Doc, float, float]]]:
        """Top k by the better of a chunk's body cosine and its question heading's (a chunk whose own heading
        is a question, ingest/head_vectors.question_text), for each query vector: (doc, body cosine, heading
        cosine or NaN). A second field only for such headings: on covid-faq (FAQ pages) MRR@10 0.741 -> 0.764,
        the other corpora's rankings unchanged (bench.ranking_lab, rrf_k60_dense_qmax_hlast_body)."""
        return [[(d, body, ask) for d, body, ask, _ in found] for found in self._top(vectors, k, True)]

    def _top(self, vectors: np.ndarray, k: int, questions: bool) -> list[list[tuple[Doc, float, float, float]]]:
        queries = np.asarray(vectors, dtype=np.float32)
        out: list[list[tuple[Doc, float, float, float]]] = [[] for _ in range(len(queries))]
        for seg in self._segs:
            sims = seg.matrix @ queries.T                                 # segment rows x queries
            key, asks = sims, None
            if questions and len(seg.question_rows):                      # most segments have none: no copy
                asks = np.full_like(sims, np.nan)
                asks[seg.question_rows] = seg.questions @ queries.T
                key = np.fmax(sims, asks)                                 # NaN (no question) loses
            if not seg.whole:                                             # this level's rows only
                sims, key = sims[seg.rows], key[seg.rows]
                asks = asks[seg.rows] if asks is not None else None
            kk = min(k, len(sims))
            top = np.argpartition(-key, kk - 1, axis=0)[:kk]             # per query, unordered
            for q in range(len(queries)):
                t = top[:, q]
                rows = seg.rows[t] if not seg.whole else t
                body = sims[t, q].tolist()
                out[q].extend(zip((seg.all_docs[i] for i in rows), body,
                                  asks[t, q].tolist() if asks is not None else [math.nan] * len(t),
                                  key[t, q].tolist() if asks is not None else body))
        if len(self._segs) > 1:
            return [sorted(found, key=lambda f: -f[3])[:k] for found in out]
        return [sorted(found, key=lambda f: -f[3]) for found in out]

    def best(self, vectors: np.ndarray, products: dict | None = None) -> np.ndarray:
        """The best cosine of this level's chunks for each query vector (0 when it has none). `products`
        keeps each segment's product with `vectors` for the next call (both levels share one matrix)."""
        queries = np.asarray(vectors, dtype=np.float32)
        best = np.full(len(queries), -np.inf, dtype=np.float64)
        for seg in self._segs:
            key = (id(seg.source), id(vectors))
            sims = products.get(key) if products is not None else None
            if sims is None:
                sims = seg.matrix @ queries.T
                if products is not None:
                    products[key] = sims
            best = np.maximum(best, (sims if seg.whole else sims[seg.rows]).max(axis=0))
        return np.where(np.isfinite(best), best, 0.0)

    def _find(self, doc_id: str) -> tuple[_Seg, int] | None:
        for seg in self._segs:
            i = seg.row.get(doc_id)
            if i is not None and seg.member[i]:
                return seg, i
        return None

    def doc(self, doc_id: str) -> Doc | None:
        """A chunk this level sees, by id."""
        found = self._find(doc_id)
        return found[0].all_docs[found[1]] if found else None

    def similarity(self, doc_id: str, vector: np.ndarray) -> float:
        """Cosine similarity of a chunk this level may see (0 otherwise)."""
        found = self._find(doc_id)
        return float(found[0].matrix[found[1]] @ vector) if found else 0.0

    def similarities(self, doc_ids: list[str], vector: np.ndarray) -> list[float]:
        """similarity() of several chunks, one product per segment (~100 keyword-only hits a question, 3 us
        each alone); equal to it up to float32 rounding (~1e-8: BLAS sums in another order)."""
        out = [0.0] * len(doc_ids)
        by_seg: dict[int, tuple[_Seg, list[int], list[int]]] = {}
        for k, doc_id in enumerate(doc_ids):
            found = self._find(doc_id)
            if found:
                entry = by_seg.setdefault(id(found[0]), (found[0], [], []))
                entry[1].append(k)
                entry[2].append(found[1])
        for seg, places, rows in by_seg.values():
            for k, sim in zip(places, (seg.matrix[rows] @ vector).tolist()):
                out[k] = sim
        return out
