"""The live chunks of one corpus (texts, metadata, vectors, BM25 term counts), per manifest generation.

A reader keeps one `Chunks` per corpus: a base segment, a mask of its rows still live, and a small delta
segment with the files changed since (app/segment.py). When the generation moves it asks the manifest
which files changed since the sequence number it last read (one filtered read; the whole file list only
after a removal or on a store without sequence numbers), fetches from Chroma only those files' chunks,
marks their old base rows dead and rebuilds the delta. When the delta outgrows COMPACT_SHARE of the base,
both are merged into a new base. A missing base, a cache of another schema, or a change touching most
files reads the whole corpus. A new process starts from the copy in the cache folder (app/index_cache.py).
Only chunks of the live version of each file are kept, so a half-done ingest is invisible. `Chunks` is
never changed in place: a view built on one stays valid.
"""
from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field

import numpy as np

from ingest.store import Store

from . import index_cache
from .keyword import KeywordIndex
from .segment import LEVELS, Segment, empty
from .vectors import VectorIndex

SCHEMA = 6                 # bump when Chunks' fields or the tokenisation change: caches of another schema are rebuilt
FETCH_SOURCES = 200        # sources per where-filtered Chroma read (a long $in list slows Chroma's filter)
# Merge the delta into a new base when it (or the dead base rows) grows past this share of the base plus
# COMPACT_MIN rows: a merge costs about what a cold build does (seconds at 100k chunks), a bigger delta
# only its own re-tokenising-free rebuild per refresh (a few ms per 1k rows).
COMPACT_SHARE, COMPACT_MIN = 0.1, 2000


@dataclass(frozen=True)
class Chunks:
    generation: str
    base: Segment
    alive: np.ndarray              # per base row: False once its file changed or went
    delta: Segment                 # live chunks of files changed since the base was built
    vocab: dict[str, int]          # BM25 term -> column; only grows
    versions: dict[str, str]       # source -> live version (what the rows hold)
    seq: int = -1                  # the manifest's sequence number the versions were read at (-1: unknown)
    base_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])   # names the saved copy of the base
    spellings: dict[str, str] = field(default_factory=dict)    # every word the chunks use -> its stem; only grows

    def __len__(self) -> int:
        return int(self.alive.sum()) + len(self.delta)

    def live(self) -> Segment:
        """The live rows as one segment (base rows first): tests and compaction."""
        return self.base.take(np.flatnonzero(self.alive)).concat(self.delta)


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


def load_all(store: Store, corpus: str, generation: str) -> Chunks:
    seq = store.file_seq(corpus)[0]          # read before the files: a switch meanwhile is seen next time
    live = store.live_versions(corpus)
    got = store.snapshot(corpus, ["documents", "metadatas", "embeddings"])
    vocab: dict[str, int] = {}
    spellings: dict[str, str] = {}
    base = Segment.build(*_rows(got, live), vocab, spellings=spellings)
    return Chunks(generation, base, np.ones(len(base), dtype=bool), empty(base.matrix.shape[1]), vocab,
                  dict(live), seq if seq is not None else -1, spellings=spellings)


def _changes(base: Chunks, store: Store, corpus: str) -> tuple[dict[str, str], int]:
    """(live versions now, the sequence number they were read at): only the records switched since the
    base's sequence number when nothing was retired since, else the whole list."""
    seq, retired = store.file_seq(corpus)
    if seq is None:
        return store.live_versions(corpus), -1
    if base.seq >= 0 and retired <= base.seq:
        if seq == base.seq:                  # nothing switched since (a new process on a current copy)
            return base.versions, seq
        return {**base.versions, **store.files_since(corpus, base.seq)}, seq
    return store.live_versions(corpus), seq


def update(base: Chunks, store: Store, corpus: str, generation: str) -> Chunks:
    """`base` brought to the manifest as it is now, reading only the chunks of files that changed."""
    live, seq = _changes(base, store, corpus)
    changed = [s for s, v in live.items() if base.versions.get(s) != v]
    dropped = set(changed) | (set(base.versions) - set(live))
    if not dropped:
        return dataclasses.replace(base, generation=generation, versions=live, seq=seq)
    if len(changed) > max(FETCH_SOURCES, len(live) // 2):
        return load_all(store, corpus, generation)
    new_ids, new_texts, new_metas, new_vectors = [], [], [], []
    for i in range(0, len(changed), FETCH_SOURCES):
        got = store.get(corpus, where={"source": {"$in": changed[i:i + FETCH_SOURCES]}},
                        include=["documents", "metadatas", "embeddings"])
        for part, rows in zip((new_ids, new_texts, new_metas, new_vectors), _rows(got, live)):
            part.extend(rows)
    vocab, spellings = dict(base.vocab), dict(base.spellings)
    added = Segment.build(new_ids, new_texts, new_metas, new_vectors, vocab, base.base.matrix.shape[1], spellings)
    alive = base.alive.copy()
    alive[base.base.rows_of(dropped)] = False
    keep = [i for i, m in enumerate(base.delta.metas) if m["source"] not in dropped]
    delta = base.delta.take(np.asarray(keep, dtype=np.int64)).concat(added)
    out = Chunks(generation, base.base, alive, delta, vocab, live, seq, base.base_id, spellings)
    limit = COMPACT_MIN + COMPACT_SHARE * len(base.base)
    return compact(out) if len(delta) > limit or (len(alive) - alive.sum()) > limit else out


def compact(chunks: Chunks) -> Chunks:
    """The live rows as a new base (a new saved copy), with an empty delta."""
    merged = chunks.live()
    return dataclasses.replace(chunks, base=merged, alive=np.ones(len(merged), dtype=bool),
                               delta=empty(merged.matrix.shape[1]), base_id=uuid.uuid4().hex[:12])


def build_view(chunks: Chunks) -> CorpusView:
    """Both levels' keyword and vector indexes over the segments' term indexes and matrices."""
    vocab_size = len(chunks.vocab)
    segments = [(chunks.base, chunks.alive), (chunks.delta, None)]
    indexes, vectors = {}, {}
    for level in LEVELS:
        parts = []
        for seg, alive in segments:
            if len(seg):
                seen = seg.visible(level)
                parts.append((seg, np.flatnonzero(seen if alive is None else seen & alive), seen))
        indexes[level] = KeywordIndex.over([(s.docs, r, s.index(vocab_size), s.row, (level, seen))
                                            for s, r, seen in parts], chunks.vocab)
        questions = distinct_questions([(s, r) for s, r, _ in parts])
        vectors[level] = VectorIndex.over([(s.matrix, s.docs, s.row, r, q) for (s, r, _), q in zip(parts, questions)])
    return CorpusView(chunks.generation, indexes, vectors, chunks)


def distinct_questions(parts: list[tuple[Segment, np.ndarray]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per (segment, rows seen), its question headings (Segment.questions) that title their page and that no
    other file seen asks too.
    A heading many pages share says what kind of section follows, not which page answers: "What special
    precautions should I follow?" heads 15 drug pages of a health site, and as a second dense field it matched
    a question about any medicine on all of them alike. Ranking lab, pool 15, hit@1 / hit@5 / MRR@10 (stop 25):
    mediqa (bench/corpora/mediqa) 0.716 / 0.981 / 0.830 -> 0.744 / 0.981 / 0.849 (no question field at all:
    0.775 / 0.981 / 0.867, but covid-faq 0.705 / 0.951 / 0.801 -> 0.639 / 0.930 / 0.752); govuk-paas, plausible,
    covid-faq, Quillhub, techqa, Obsidian and WixQA unchanged.
    A question inside a page asks about the page's topic, often without naming it ("What if I need help filing
    my disability claim?" on a page about mustard gas exposure), and as a field of its own it matched a question
    about any topic (stop 31, ten corpora: the five of the bench and five private checks). Only a question that
    is its page's title (an FAQ kept one entry per file, covid-faq's shape) counts: doc2dial 0.630 / 0.865 /
    0.725 -> 0.680 / 0.898 / 0.767, mediqa 0.744 / 0.981 / 0.849 -> 0.722 / 0.981 / 0.837 ("What is Epilepsy?"
    pages outrank the page that answers), the eight others the same to the third decimal (Obsidian MRR +0.001).
    Chosen leave-one-corpus-out: the other nine pick it for 8 of the 10 corpora (for covid-faq, no field at
    all; for doc2dial, the shortlist with BM25's best three added)."""
    seen = [np.isin(seg.questions[0], rows) for seg, rows in parts]
    files: dict[str, set[str]] = {}
    for (seg, _), ok in zip(parts, seen):
        for (head, file), visible in zip(seg.question_keys, ok):
            if visible:
                files.setdefault(head, set()).add(file)
    out = []
    for (seg, _), ok in zip(parts, seen):
        unique = np.asarray([len(files.get(head, ())) == 1 for head, _ in seg.question_keys], dtype=bool)
        keep = ok & unique & seg.question_titles
        out.append((seg.questions[0][keep], seg.questions[1][keep]))
    return out


def saved(store: Store, corpus: str) -> Chunks | None:
    """The copy of this corpus saved in the cache folder for this store, whatever its generation."""
    data = index_cache.load(store.config.cache_path, corpus, _store_id(store), SCHEMA)
    if data is None:
        return None
    return Chunks(data["generation"], data["base"], data["alive"], data["delta"],
                  {t: i for i, t in enumerate(data["vocab"])}, data["versions"], data["seq"], data["base_id"],
                  data["spellings"])


def _store_id(store: Store) -> str:
    return store.config.store_url or str(store.config.store_path)


def _save(store: Store, corpus: str, chunks: Chunks) -> None:
    words = [""] * len(chunks.vocab)
    for term, i in chunks.vocab.items():
        words[i] = term
    index_cache.save_later(store.config.cache_path, corpus, _store_id(store), SCHEMA,
                           {"generation": chunks.generation, "alive": chunks.alive, "delta": chunks.delta,
                            "vocab": words, "versions": chunks.versions, "seq": chunks.seq,
                            "base_id": chunks.base_id, "spellings": chunks.spellings}, chunks.base, len(chunks.vocab))


def load_view(store: Store, corpus: str, generation: str, previous: CorpusView | None = None) -> CorpusView:
    """This generation's view: the previous view's chunks (else the copy saved in the cache folder) updated
    with the files that changed, or a full read when there is neither. The copy on disk is brought up to
    date after every change: the base is written once (when new), the rest is small."""
    base = previous.chunks if previous is not None else None
    if base is None:
        base = saved(store, corpus)
    chunks = update(base, store, corpus, generation) if base is not None else load_all(store, corpus, generation)
    if base is None or chunks.generation != base.generation or chunks.base_id != base.base_id:
        _save(store, corpus, chunks)
    return build_view(chunks)
