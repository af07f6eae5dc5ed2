"""Exact dense search over the live chunks of one corpus, from the vectors Chroma holds.

Like the BM25 index, it is derived from Chroma and rebuilt when the manifest's generation moves, and
there is one per audience level, so a customer's query is scored against public chunks only. A matrix
product over a corpus of this size takes well under a millisecond and is exact; a filtered Chroma
query took 9-15 ms per collection here (its metadata filter dominates), which was most of a question's
budget.
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
        self.docs = docs
        dim = len(docs[0].vector) if docs else 0
        self.matrix = np.asarray([d.vector for d in docs], dtype=np.float32).reshape(len(docs), dim)
        self.row = {d.id: i for i, d in enumerate(docs)}

    def search(self, vectors: np.ndarray, k: int) -> list[list[tuple[Doc, float]]]:
        """Top k by cosine similarity (vectors are normalised) for each query vector."""
        if not self.docs:
            return [[] for _ in range(len(vectors))]
        sims = self.matrix @ np.asarray(vectors, dtype=np.float32).T          # docs x queries
        k = min(k, len(self.docs))
        out = []
        for column in sims.T:
            top = np.argpartition(-column, k - 1)[:k]
            top = top[np.argsort(-column[top])]
            out.append([(self.docs[i], float(column[i])) for i in top])
        return out

    def similarity(self, doc_id: str, vector: np.ndarray) -> float:
        i = self.row.get(doc_id)
        return float(self.matrix[i] @ vector) if i is not None else 0.0
