"""A block of one corpus's chunks (rows) and the indexes derived from it, made on first use and never changed.

A corpus is held as a large base segment (built by a full read or a compaction, saved to disk once) plus a
small delta segment holding the files changed since, and a mask of the base rows those files replaced
(app/corpus_index.py). A refresh rebuilds only the delta, so its cost follows the change, not the corpus.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import orjson

from ingest import head_vectors
from ingest.store import source_key

from .keyword import Doc, Lazy, doc_tokens
from .term_index import TermCounts, TermIndex

LEVELS = ("public", "all")          # audience levels: a customer sees 'public', an agent 'all'


class StoredRows:
    """Texts and metadata of a saved base segment: one JSON [text, meta] per row in a memory-mapped blob,
    decoded when a row is first asked for and kept, so a new process decodes only the rows its questions
    show (decoding all 100k at start took 0.8 s)."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray):
        self.blob, self.offsets = np.asarray(blob), np.asarray(offsets)
        self._decoded: dict[int, tuple[str, dict]] = {}

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def pair(self, i: int) -> tuple[str, dict]:
        got = self._decoded.get(i)
        if got is None:
            text, meta = _loads(memoryview(self.blob[self.offsets[i]:self.offsets[i + 1]]))
            got = self._decoded[i] = (text, meta)
        return got

    def column(self, k: int) -> _Column:
        return _Column(self, k)


def _loads(raw: memoryview):
    """orjson (a dependency of chromadb's): a row in 2.6 us instead of json's 11 us. A warm question shows ~300
    rows and a store larger than a few thousand chunks has most of them not yet decoded (bench.scale at 10k:
    the first pass over 40 questions cost 1.5 ms a question more than the second)."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:          # json.dumps writes NaN and Infinity, which orjson refuses
        return json.loads(bytes(raw))


class _Column(Lazy):
    def __init__(self, rows: StoredRows, k: int):
        self.rows, self.k = rows, k

    def __len__(self) -> int:
        return len(self.rows)

    def item(self, i):
        return self.rows.pair(int(i))[self.k]


class _Docs(Lazy):
    """Doc objects made on first access and kept (100k of them up front: ~0.1 s and 30 MB; made again on every
    access: a warm question makes ~300, 0.5-1 ms of it)."""

    def __init__(self, seg: Segment):
        self.seg = seg
        self.ids = seg.ids
        self._made: dict[int, Doc] = {}

    def __len__(self) -> int:
        return len(self.seg)

    def item(self, i):
        i = int(i)
        doc = self._made.get(i)
        if doc is None:
            texts = self.seg.texts
            pair = texts.rows.pair(i) if isinstance(texts, _Column) else (texts[i], self.seg.metas[i])
            doc = self._made[i] = Doc(self.ids[i], *pair)
        return doc


@dataclass(frozen=True, eq=False)
class Segment:
    ids: list[str]
    texts: list[str]
    metas: list[dict]
    matrix: np.ndarray             # one L2-normalised row per chunk (a read-only memory map when loaded)
    terms: TermCounts
    columns: TermIndex | None = None      # the saved copy's, else made on first use

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(cls, ids, texts, metas, vectors, vocab: dict[str, int], dim: int = 0,
              spellings: dict[str, str] | None = None) -> Segment:
        """Tokenises the texts (growing `vocab`, and `spellings` with the words seen)."""
        terms = TermCounts.from_token_lists(doc_tokens(texts, metas, spellings), vocab)
        dim = len(vectors[0]) if len(vectors) else dim
        return cls(list(ids), list(texts), list(metas),
                   np.asarray(vectors, dtype=np.float32).reshape(len(ids), dim), terms)

    @cached_property
    def public(self) -> np.ndarray:
        """Rows whose audience is public (a saved base brings it, so its metadata need not be decoded)."""
        return np.fromiter((m.get("audience") == "public" for m in self.metas), dtype=bool, count=len(self))

    @cached_property
    def questions(self) -> tuple[np.ndarray, np.ndarray]:
        """(rows, matrix): the rows whose own heading is a question and that heading's vector, one per row
        (ingest/head_vectors.py; a saved base brings them, so its metadata need not be decoded)."""
        dim = self.matrix.shape[1]
        found = [(i, v) for i, m in enumerate(self.metas)
                 if (v := head_vectors.unpack(m.get(head_vectors.QUESTION_KEY))) is not None and v.shape == (dim,)]
        rows = np.asarray([i for i, _ in found], dtype=np.int64)
        return rows, np.asarray([v for _, v in found], dtype=np.float32).reshape(len(found), dim)

    @cached_property
    def question_keys(self) -> list[tuple[str, str]]:
        """(heading, file) of each row of `questions`: the heading as a key (case and spacing aside) and the
        source key of its file. Decodes those rows' metadata once per segment (a saved base keeps it)."""
        return [(head_vectors.own_heading_key(self.metas[r].get("heading_path", "")), self.ids[r].split(":", 1)[0])
                for r in self.questions[0]]

    @cached_property
    def question_titles(self) -> np.ndarray:
        """For each row of `questions`: whether its question is its page's title (the heading path is that alone)."""
        return np.asarray([" > " not in self.metas[r].get("heading_path", "") for r in self.questions[0]], dtype=bool)

    def visible(self, level: str) -> np.ndarray:
        """The rows an audience level may see (LEVELS): 'public' the public ones, 'all' every row."""
        return self.public if level == "public" else np.ones(len(self), dtype=bool)

    @cached_property
    def docs(self) -> Sequence[Doc]:
        return _Docs(self)

    @cached_property
    def row(self) -> dict[str, int]:
        return {d: i for i, d in enumerate(self.ids)}

    @cached_property
    def by_source(self) -> dict[str, list[int]]:
        """Rows per source key (the first part of a chunk id, ingest.store.chunk_id), from ids alone."""
        out: dict[str, list[int]] = {}
        for i, chunk in enumerate(self.ids):
            out.setdefault(chunk.split(":", 1)[0], []).append(i)
        return out

    def index(self, vocab_size: int) -> TermIndex:
        """The term columns (term ids from words first seen later score nothing here)."""
        if self.columns is None:
            object.__setattr__(self, "columns", TermIndex(self.terms, vocab_size))
        return self.columns

    def rows_of(self, sources) -> np.ndarray:
        by = self.by_source
        return np.asarray([i for s in sources for i in by.get(source_key(s), ())], dtype=np.int64)

    def take(self, rows: np.ndarray) -> Segment:
        rows = np.asarray(rows, dtype=np.int64)
        return Segment([self.ids[i] for i in rows], [self.texts[i] for i in rows], [self.metas[i] for i in rows],
                       np.asarray(self.matrix[rows]), self.terms.take(rows))

    def concat(self, other: Segment) -> Segment:
        if not len(other):
            return self
        if not len(self):
            return other
        return Segment(list(self.ids) + list(other.ids), list(self.texts) + list(other.texts),
                       list(self.metas) + list(other.metas),
                       np.concatenate([self.matrix, other.matrix]), self.terms.concat(other.terms))


def empty(dim: int) -> Segment:
    return Segment([], [], [], np.zeros((0, dim), dtype=np.float32),
                   TermCounts(np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32)))
