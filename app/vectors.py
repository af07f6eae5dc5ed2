"""Exact dense search over the live chunks of one corpus, from the vectors Chroma holds.

Like the BM25 index, there is one per audience level, so a customer's query is scored against public
chunks only. All levels share one matrix per corpus (a level is a list of its rows), so memory holds
each vector once. A matrix product is exact and fast: well under a millisecond at a few hundred chunks
(bench/scale.py measures it up to 100k chunks); a filtered Chroma query took 9-15 ms per collection even
on the small KB (its metadata filter dominates).
"""
from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from .keyword import Doc


def single_threaded_blas() -> None:
    """Query-sized products are fastest on one BLAS thread. With torch loaded in the same process,
    OpenBLAS's own threads contend with torch's: measured 8 ms vs 0.25 ms per search."""
    threadpool_limits(1, user_api="blas")


class VectorIndex:
    def __init__(self, docs: list[Doc]):
        dim = len(docs[0].vector) if docs else 0
        matrix = np.asarray([d.vector for d in docs], dtype=np.float32).reshape(len(docs), dim)
        self._set(docs, np.arange(len(docs)), matrix, {d.id: i for i, d in enumerate(docs)})

    @classmethod
    def over(cls, all_docs: list[Doc], rows: np.ndarray, matrix: np.ndarray, row: dict[str, int]) -> VectorIndex:
        """A level of a corpus: its `rows` of the corpus-wide `matrix` (row: chunk id -> row)."""
        index = cls.__new__(cls)
        index._set(all_docs, rows, matrix, row)
        return index

    def _set(self, all_docs, rows, matrix, row) -> None:
        self._rows, self.matrix = rows, matrix
        self.all_docs = all_docs
        self.row = row                      # chunk id -> row of `matrix` and `all_docs` (every level)
        self._whole = len(rows) == len(matrix)
        self.docs = all_docs if self._whole else [all_docs[i] for i in rows]

    def search(self, vectors: np.ndarray, k: int) -> list[list[tuple[Doc, float]]]:
        """Top k by cosine similarity (vectors are normalised) for each query vector."""
        if not self.docs:
            return [[] for _ in range(len(vectors))]
        sims = self.matrix @ np.asarray(vectors, dtype=np.float32).T          # all chunks x queries
        if not self._whole:
            sims = sims[self._rows]                                            # this level's chunks only
        k = min(k, len(self.docs))
        out = []
        for column in sims.T:
            top = np.argpartition(-column, k - 1)[:k]
            top = top[np.argsort(-column[top])]
            out.append([(self.docs[i], float(column[i])) for i in top])
        return out

    def similarity(self, doc_id: str, vector: np.ndarray) -> float:
        """Cosine similarity of a chunk this level may see (0 otherwise)."""
        i = self.row.get(doc_id)
        if i is None or (not self._whole and not self._visible(i)):
            return 0.0
        return float(self.matrix[i] @ vector)

    def _visible(self, i: int) -> bool:
        pos = np.searchsorted(self._rows, i)
        return pos < len(self._rows) and self._rows[pos] == i
