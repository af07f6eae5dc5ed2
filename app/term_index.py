"""BM25 (the Lucene variant bm25s uses by default) over term counts that can be updated a file at a time.

bm25s precomputes every (document, term) score, so one changed document means rebuilding the whole index,
and its build loops in Python: 62 s for 100k chunks here, from tokens already made. This index keeps raw
term counts in one sparse column matrix over all live chunks of a corpus and scores only the query's terms
at query time, with the document frequencies and lengths of the audience level asked for, so the scores
are those of a bm25s index built on that level's chunks alone (tested against bm25s).
"""
from __future__ import annotations

import numpy as np
from scipy import sparse

K1, B = 1.5, 0.75      # bm25s defaults


class TermCounts:
    """Per-chunk (term id, count) lists, flattened: row i is terms[indptr[i]:indptr[i+1]]."""

    def __init__(self, indptr: np.ndarray, terms: np.ndarray, counts: np.ndarray):
        self.indptr, self.terms, self.counts = indptr, terms, counts

    @classmethod
    def from_token_lists(cls, token_lists: list[list[str]], vocab: dict[str, int]) -> TermCounts:
        """Grows `vocab` with new tokens."""
        indptr, terms, counts = [0], [], []
        for tokens in token_lists:
            ids = np.fromiter((vocab.setdefault(t, len(vocab)) for t in tokens), dtype=np.int32, count=len(tokens))
            uniq, cnt = np.unique(ids, return_counts=True)
            terms.append(uniq)
            counts.append(cnt.astype(np.float32))
            indptr.append(indptr[-1] + len(uniq))
        return cls(np.asarray(indptr, dtype=np.int64), _cat(terms, np.int32), _cat(counts, np.float32))

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def take(self, rows: np.ndarray) -> TermCounts:
        """The given rows, in that order."""
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        flat = np.repeat(starts - indptr[:-1], lengths) + np.arange(indptr[-1])
        return TermCounts(indptr, self.terms[flat], self.counts[flat])

    def concat(self, other: TermCounts) -> TermCounts:
        return TermCounts(np.concatenate([self.indptr, other.indptr[1:] + self.indptr[-1]]),
                          np.concatenate([self.terms, other.terms]), np.concatenate([self.counts, other.counts]))

    def lengths(self) -> np.ndarray:
        """Tokens per chunk, repeats included (bm25s's document length)."""
        return np.add.reduceat(self.counts, self.indptr[:-1]) if len(self.counts) else np.zeros(len(self))


def _cat(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype=dtype)


class TermIndex:
    """Column (term -> chunks) view of TermCounts for scoring; built once per generation."""

    def __init__(self, counts: TermCounts, vocab_size: int):
        n = len(counts)
        rows = np.repeat(np.arange(n, dtype=np.int32), np.diff(counts.indptr))
        self.columns = sparse.csc_matrix((counts.counts, (rows, counts.terms)), shape=(n, max(vocab_size, 1)))
        self.lengths = counts.lengths() if n else np.zeros(0, dtype=np.float32)
        # lengths for empty rows: reduceat repeats the next value; an empty chunk has no terms at all
        self.lengths[np.diff(counts.indptr) == 0] = 0
        self.n = n

    def level(self, rows: np.ndarray) -> LevelStats:
        """Statistics of an audience level (the chunks in `rows`), as if they were indexed alone."""
        member = np.zeros(self.n, dtype=bool)
        member[rows] = True
        df = np.asarray(self.columns[rows].astype(bool).sum(axis=0)).ravel() if len(rows) else \
            np.zeros(self.columns.shape[1])
        avg = float(self.lengths[rows].mean()) if len(rows) else 1.0
        return LevelStats(member, df, len(rows), avg or 1.0)

    def scores(self, term_ids: list[int], stats: LevelStats) -> np.ndarray:
        """BM25 score of every chunk (all rows; callers keep their level's rows)."""
        out = np.zeros(self.n, dtype=np.float32)
        indptr, indices, data = self.columns.indptr, self.columns.indices, self.columns.data
        for t in term_ids:
            df = stats.df[t]
            if df == 0:
                continue
            lo, hi = indptr[t], indptr[t + 1]
            docs, tf = indices[lo:hi], data[lo:hi]
            idf = np.log(1 + (stats.n - df + 0.5) / (df + 0.5))
            norm = K1 * ((1 - B) + B * self.lengths[docs] / stats.avg_len)
            out[docs] += (idf * tf / (norm + tf)).astype(np.float32)
        out[~stats.member] = 0.0
        return out


class LevelStats:
    def __init__(self, member: np.ndarray, df: np.ndarray, n: int, avg_len: float):
        self.member, self.df, self.n, self.avg_len = member, df, n, avg_len
