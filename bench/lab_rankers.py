"""The ranking options the lab compares (bench.ranking_lab). Every option scores every chunk the
query's audience may see, service and support together; options are named by what they do."""
from __future__ import annotations

import os
from pathlib import Path

import bm25s
import numpy as np

from app.keyword import _tokenize
from ingest.chunking import searchable
from ingest.config import load_config
from ingest.store import Store

LEVEL = {"customer": "public", "agent": "all"}


class Field:
    """One BM25 index per audience level over one text per chunk (or per file, spread to its chunks)."""

    def __init__(self, texts: list[str], masks: dict[str, np.ndarray], groups: np.ndarray | None = None):
        self.masks, self.groups = masks, groups
        self.index = {}
        for level, mask in masks.items():
            rows = np.flatnonzero(mask)
            if groups is not None:   # one document per group (file): the texts of its chunks joined
                keys = list(dict.fromkeys(groups[rows]))
                docs = ["\n".join(texts[i] for i in rows if groups[i] == k) for k in keys]
                member = {k: n for n, k in enumerate(keys)}
                rows = np.asarray([member[groups[i]] for i in rows]), rows
            else:
                docs = [texts[i] for i in rows]
            bm = bm25s.BM25()
            bm.index(_tokenize(docs), show_progress=False)
            self.index[level] = (bm, rows)

    def scores(self, tokens: list[str], level: str, n: int) -> np.ndarray:
        bm, rows = self.index[level]
        out = np.zeros(n, dtype=np.float32)
        known = [t for t in tokens if t in bm.vocab_dict]
        if not known:
            return out
        s = bm.get_scores(known)
        if isinstance(rows, tuple):
            doc_of_row, chunk_rows = rows
            out[chunk_rows] = s[doc_of_row]
        else:
            out[rows] = s
        return out


def ranks(scores: np.ndarray, allowed: np.ndarray, depth: int) -> np.ndarray:
    """1-based rank of each chunk among allowed ones with a positive score, 0 beyond `depth`."""
    order = np.argsort(-scores, kind="stable")
    order = [i for i in order if allowed[i] and scores[i] > 0][:depth]
    r = np.zeros(len(scores), dtype=np.int32)
    r[order] = np.arange(1, len(order) + 1)
    return r


def rrf(rank_lists: list[tuple[np.ndarray, float]], k: float) -> np.ndarray:
    out = np.zeros(len(rank_lists[0][0]))
    for r, w in rank_lists:
        out += np.where(r > 0, w / (k + r), 0.0)
    return out


def minmax(scores: np.ndarray, allowed: np.ndarray, depth: int) -> np.ndarray:
    """Scores of the top `depth` allowed chunks scaled to [0, 1]; everything else 0."""
    r = ranks(scores, allowed, depth)
    top = scores[r > 0]
    if not len(top):
        return np.zeros(len(scores))
    lo, hi = top.min(), top.max()
    return np.where(r > 0, (scores - lo) / (hi - lo) if hi > lo else 1.0, 0.0)


class Lab:
    def __init__(self, config_file: Path, corpus_dir: Path, embedder):
        self.config = load_config(config_file)
        self.embedder = embedder
        store = Store(self.config)
        chunks = []
        for corpus in self.config.corpora:
            live = {s: m["version"] for s, m in store.live_files(corpus).items()}
            got = store.snapshot(corpus, ["documents", "metadatas", "embeddings"])
            for i, t, m, v in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"]):
                if m is not None and live.get(m["source"]) == m["version"]:
                    chunks.append((i, t, m, v, corpus))
        self.chunks = chunks
        self.matrix = np.asarray([c[3] for c in chunks], dtype=np.float32)
        self.side = np.asarray([c[4] for c in chunks])
        self.sources = [os.path.relpath((self.config.root / c[2]["source"]).resolve(), corpus_dir.resolve())
                        for c in chunks]
        public = np.asarray([c[2]["audience"] == "public" for c in chunks])
        self.masks = {"public": public, "all": np.ones(len(chunks), dtype=bool)}
        body = [c[2].get("heading_path", "") + "\n" + searchable(c[1]) for c in chunks]
        self.fields = {
            "body": Field(body, self.masks),
            "head": Field([c[2].get("heading_path", "") for c in chunks], self.masks),
            "file": Field(body, self.masks, groups=np.asarray(self.sources)),
        }
        self.vocab = set().union(*(bm.vocab_dict for bm, _ in self.fields["body"].index.values()))

    def components(self, query: str, vector: np.ndarray, level: str) -> dict[str, np.ndarray]:
        tokens = _tokenize([query])[0]
        n = len(self.chunks)
        out = {"dense": self.matrix @ vector}
        for name, f in self.fields.items():
            out[name] = f.scores(tokens, level, n)
        return out

    def evaluate(self, queries: list[dict]) -> dict:
        from .lab_options import OPTIONS, baseline_rows
        answerable = [q for q in queries if q.get("gold")]
        vectors = np.asarray(self.embedder.embed([q["query"] for q in answerable]), dtype=np.float32)
        rows: dict[str, list] = {}
        for q, v in zip(answerable, vectors):
            level = LEVEL[q.get("audience", "customer")]
            allowed = self.masks[level]
            comp = self.components(q["query"], v, level)
            gold = set(q["gold"])
            for name, row in baseline_rows(self, comp, allowed, gold).items():
                rows.setdefault(name, []).append(row)
            for name, fn in OPTIONS.items():
                rows.setdefault(name, []).append(fn(self, comp, allowed, gold))
        from .ranking_lab import summarise
        return {name: summarise(r) for name, r in rows.items()}
