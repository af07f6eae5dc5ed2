"""The live chunks of one corpus as columns (texts, metadata, vectors, BM25 term counts), per manifest generation.

A reader keeps one `Chunks` per corpus. When the generation moves it reads the manifest, and fetches from
Chroma only the chunks of files whose live version changed (a where filter on source); rows of changed and
removed files are dropped, new rows appended. Only a missing base, a cache of another schema, or a change
touching most files reads the whole corpus. A new process starts from the copy saved in the cache folder
(app/index_cache.py). Only chunks of the live version of each file are kept, so a half-done ingest is
invisible. `Chunks` is never changed in place: a view built on one stays valid.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from ingest.store import Store

from . import index_cache
from .keyword import Doc, KeywordIndex, doc_tokens
from .term_index import TermCounts, TermIndex
from .vectors import VectorIndex

SCHEMA = 2                 # bump when Chunks' fields or the tokenisation change: caches of another schema are rebuilt
FETCH_SOURCES = 200        # sources per where-filtered Chroma read (a long $in list slows Chroma's filter)
# Save again only when the copy on disk is this many changed files behind: a new process brings a copy that
# far behind up to date with one where-filtered read, while pickling a 100k-chunk corpus takes seconds of
# the reader's CPU (and GIL) on every refresh.
SAVE_BEHIND = FETCH_SOURCES
LEVELS = {"public": lambda meta: meta.get("audience") == "public", "all": lambda meta: True}


@dataclass(frozen=True)
class Chunks:
    generation: str
    ids: list[str]
    texts: list[str]
    metas: list[dict]
    matrix: np.ndarray             # one L2-normalised row per chunk
    terms: TermCounts
    vocab: dict[str, int]          # BM25 term -> column; only grows
    versions: dict[str, str]       # source -> live version (what the rows hold)
    unsaved: int = 0               # files changed since the copy in the cache folder (a big number: no copy)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class CorpusView:
    """Search indexes over one corpus's chunks, one per audience level: 'public' sees public chunks only."""
    generation: str
    indexes: dict[str, KeywordIndex] = field(default_factory=dict)       # per audience level
    vectors: dict[str, VectorIndex] = field(default_factory=dict)        # per audience level
    chunks: Chunks | None = None                                         # what they are built on


def _rows(got: dict, live: dict[str, str]) -> tuple[list, list, list, list]:
    keep = [i for i, m in enumerate(got["metadatas"]) if m is not None and live.get(m["source"]) == m["version"]]
    embeddings = got["embeddings"]
    return ([got["ids"][i] for i in keep], [got["documents"][i] for i in keep],
            [got["metadatas"][i] for i in keep], [embeddings[i] for i in keep])


def _build(generation, ids, texts, metas, vectors, live, vocab=None) -> Chunks:
    vocab = dict(vocab or {})
    terms = TermCounts.from_token_lists(doc_tokens(texts, metas), vocab)
    dim = len(vectors[0]) if len(vectors) else 0
    matrix = np.asarray(vectors, dtype=np.float32).reshape(len(ids), dim)
    return Chunks(generation, ids, texts, metas, matrix, terms, vocab, dict(live))


def load_all(store: Store, corpus: str, generation: str) -> Chunks:
    live = store.live_versions(corpus)
    got = store.snapshot(corpus, ["documents", "metadatas", "embeddings"])
    return dataclasses.replace(_build(generation, *_rows(got, live), live), unsaved=len(live) + SAVE_BEHIND)


def update(base: Chunks, store: Store, corpus: str, generation: str) -> Chunks:
    """`base` brought to the manifest as it is now, reading only the chunks of files that changed."""
    live = store.live_versions(corpus)
    changed = [s for s, v in live.items() if base.versions.get(s) != v]
    dropped = set(changed) | (set(base.versions) - set(live))
    if not dropped:
        return dataclasses.replace(base, generation=generation, versions=live)
    if len(changed) > max(FETCH_SOURCES, len(live) // 2):
        return load_all(store, corpus, generation)
    new_ids, new_texts, new_metas, new_vectors = [], [], [], []
    for i in range(0, len(changed), FETCH_SOURCES):
        got = store.get(corpus, where={"source": {"$in": changed[i:i + FETCH_SOURCES]}},
                        include=["documents", "metadatas", "embeddings"])
        for part, rows in zip((new_ids, new_texts, new_metas, new_vectors), _rows(got, live)):
            part.extend(rows)
    keep = np.flatnonzero([m["source"] not in dropped for m in base.metas])
    added = _build(generation, new_ids, new_texts, new_metas, new_vectors, live, base.vocab)
    matrix = base.matrix[keep]
    if len(added):
        matrix = np.concatenate([matrix, added.matrix]) if len(matrix) else added.matrix
    return Chunks(generation, [base.ids[i] for i in keep] + added.ids, [base.texts[i] for i in keep] + added.texts,
                  [base.metas[i] for i in keep] + added.metas, matrix, base.terms.take(keep).concat(added.terms),
                  added.vocab, live, base.unsaved + len(dropped))


def build_view(chunks: Chunks) -> CorpusView:
    """Both levels' keyword and vector indexes over one term index and one matrix."""
    docs = [Doc(i, t, m) for i, t, m in zip(chunks.ids, chunks.texts, chunks.metas)]
    terms = TermIndex(chunks.terms, len(chunks.vocab))
    row = {d.id: i for i, d in enumerate(docs)}
    indexes, vectors = {}, {}
    for level, visible in LEVELS.items():
        rows = np.flatnonzero([visible(m) for m in chunks.metas]).astype(np.int64)
        indexes[level] = KeywordIndex.over(docs, rows, terms, chunks.vocab, row)
        vectors[level] = VectorIndex.over(docs, rows, chunks.matrix, row)
    return CorpusView(chunks.generation, indexes, vectors, chunks)


# -- the copy in the cache folder ---------------------------------------------------------------------------
def _fields(chunks: Chunks) -> dict:
    words = [""] * len(chunks.vocab)
    for term, i in chunks.vocab.items():
        words[i] = term
    return {"generation": chunks.generation, "ids": chunks.ids, "texts": chunks.texts, "metas": chunks.metas,
            "matrix": np.ascontiguousarray(chunks.matrix), "indptr": chunks.terms.indptr,
            "terms": chunks.terms.terms, "counts": chunks.terms.counts, "vocab": words, "versions": chunks.versions}


def _from_fields(d: dict) -> Chunks:
    return Chunks(d["generation"], d["ids"], d["texts"], d["metas"], d["matrix"],
                  TermCounts(d["indptr"], d["terms"], d["counts"]), {t: i for i, t in enumerate(d["vocab"])},
                  d["versions"])


def saved(store: Store, corpus: str) -> Chunks | None:
    """The copy of this corpus saved in the cache folder for this store, whatever its generation."""
    data = index_cache.load(store.config.cache_path, corpus, _store_id(store), SCHEMA)
    return _from_fields(data) if data is not None else None


def _store_id(store: Store) -> str:
    return store.config.store_url or str(store.config.store_path)


def load_view(store: Store, corpus: str, generation: str, previous: CorpusView | None = None) -> CorpusView:
    """This generation's view: the previous view's chunks (else the copy saved in the cache folder) updated
    with the files that changed, or a full read when there is neither. Saved when the copy on disk is
    missing or SAVE_BEHIND files behind."""
    base = previous.chunks if previous is not None else None
    if base is None:
        base = saved(store, corpus)
    chunks = update(base, store, corpus, generation) if base is not None else load_all(store, corpus, generation)
    if chunks.unsaved >= SAVE_BEHIND:
        chunks = dataclasses.replace(chunks, unsaved=0)
        index_cache.save_later(store.config.cache_path, corpus, _store_id(store), SCHEMA, _fields(chunks))
    return build_view(chunks)
