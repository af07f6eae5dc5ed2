"""BM25 (the Lucene variant bm25s uses by default) over term counts that can be updated a file at a time.

bm25s precomputes every (chunk, term) score, so one changed chunk means rebuilding the whole index, and its
build loops in Python: 62 s for 100k chunks here, from tokens already made. This keeps raw term counts, one
column (CSC) view of them per segment, and scores only the query's terms at query time with the statistics (chunk
count, total length, document frequencies) of the chunks asked about. Statistics are integers, so they add
up exactly over corpora and do not depend on row order: a joint index of two corpora, or one refreshed file
by file, scores exactly like an index built afresh over the same chunks (tests/test_coldstart.py; equal to
bm25s within float rounding).
"""
from __future__ import annotations

import numpy as np

K1, B = 1.5, 0.75      # bm25s defaults


class TermCounts:
    """Per-chunk (term id, count) lists, flattened: row i is terms[indptr[i]:indptr[i+1]]."""

    def __init__(self, indptr: np.ndarray, terms: np.ndarray, counts: np.ndarray):
        # plain views of memory-mapped arrays: np.memmap's own slicing costs ~10 us a call
        self.indptr, self.terms, self.counts = np.asarray(indptr), np.asarray(terms), np.asarray(counts)

    @classmethod
    def from_token_lists(cls, token_lists: list[list[str]], vocab: dict[str, int]) -> TermCounts:
        """Grows `vocab` with new tokens."""
        indptr, terms, counts = [0], [], []
        for tokens in token_lists:
            ids = np.fromiter((vocab.setdefault(t, len(vocab)) for t in tokens), dtype=np.int32, count=len(tokens))
            uniq, cnt = np.unique(ids, return_counts=True)
            terms.append(uniq)
            counts.append(cnt)
            indptr.append(indptr[-1] + len(uniq))
        return cls(np.asarray(indptr, dtype=np.int64), _cat(terms, np.int32), _cat(counts, np.int32))

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def row(self, i: int) -> np.ndarray:
        return self.terms[self.indptr[i]:self.indptr[i + 1]]

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
        per_row = np.repeat(np.arange(len(self)), np.diff(self.indptr))
        return np.bincount(per_row, weights=self.counts, minlength=len(self)).astype(np.int64)


def columns_of(counts: TermCounts, vocab_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The count matrix by column (scipy's CSC arrays: indptr, row of each entry, count), made with numpy:
    importing scipy.sparse cost 0.1 s of every cold start. Terms are unique within a row, and a stable sort
    by term keeps each term's rows in order, as CSC has them (tests/test_tokens.py compares with scipy)."""
    rows = np.repeat(np.arange(len(counts), dtype=np.int32), np.diff(counts.indptr))
    order = np.argsort(counts.terms, kind="stable")
    indptr = np.zeros(max(vocab_size, 1) + 1, dtype=np.int32)
    np.cumsum(np.bincount(counts.terms, minlength=max(vocab_size, 1)), out=indptr[1:])
    return indptr, rows[order], counts.counts[order]


def _cat(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype=dtype)


class Level:
    """Integer statistics of some rows of a TermIndex (an audience level of a corpus)."""

    def __init__(self, member: np.ndarray, df: np.ndarray, n: int, total_len: int):
        self.member, self.df, self.n, self.total_len = member, df, n, total_len


class TermIndex:
    """Column (term -> chunks) view of one segment's TermCounts for scoring: the CSC arrays of the count
    matrix, made once per segment (or opened from the saved copy) and never changed."""

    def __init__(self, counts: TermCounts, vocab_size: int, columns: tuple | None = None,
                 lengths: np.ndarray | None = None):
        n = len(counts)
        if columns is None:
            columns = columns_of(counts, vocab_size)
        self.col_indptr, self.col_rows, self.col_tf = (np.asarray(a) for a in columns)
        self.counts = counts
        self.lengths = counts.lengths() if lengths is None else np.asarray(lengths)
        self.n = n
        self.dfs: dict[str, np.ndarray] = {}      # document frequencies per named row mask (see level)

    def arrays(self) -> dict[str, np.ndarray]:
        """What the saved copy holds (app/index_cache.py), so a new process does not build the columns."""
        return {"col_indptr": self.col_indptr, "col_rows": self.col_rows, "col_tf": self.col_tf,
                "lengths": self.lengths}

    def level(self, rows: np.ndarray, within: tuple[str, np.ndarray] | None = None) -> Level:
        """Statistics of the chunks in `rows`, as if they were indexed alone. `within` = (name, mask): the
        rows are that mask's rows less a few dead ones, so the mask's document frequencies are counted once
        (or come with the saved copy) and the dead rows' are taken off (every term of a 100k-chunk corpus
        counted again cost 10-40 ms per level and refresh)."""
        member = np.zeros(self.n, dtype=bool)
        member[rows] = True
        if within is None:
            df = self._df(member)
        else:
            name, visible = within
            if name not in self.dfs:
                self.dfs[name] = self._df(visible)
            gone = np.flatnonzero(visible & ~member)
            df = self.dfs[name]
            if len(gone):
                df = df - np.bincount(self.counts.take(gone).terms, minlength=len(df))
        return Level(member, df, len(rows), int(self.lengths[rows].sum()))

    def _df(self, mask: np.ndarray) -> np.ndarray:
        in_level = np.repeat(mask, np.diff(self.counts.indptr))
        return np.bincount(self.counts.terms[in_level], minlength=len(self.col_indptr) - 1)

    def scores(self, terms: list[tuple[int, float]], member: np.ndarray, avg_len: float) -> np.ndarray:
        """BM25 of every row for (term id, idf) pairs, 0 outside `member`. Term ids past this segment's
        columns (words first seen in a later segment) occur in none of its rows."""
        out = np.zeros(self.n, dtype=np.float64)
        indptr, indices, data = self.col_indptr, self.col_rows, self.col_tf
        for t, idf in terms:
            if t + 1 >= len(indptr):
                continue
            lo, hi = indptr[t], indptr[t + 1]
            docs, tf = indices[lo:hi], data[lo:hi]
            norm = K1 * ((1 - B) + B * self.lengths[docs] / avg_len)
            out[docs] += idf * tf / (norm + tf)
        return np.where(member, out, 0.0)
