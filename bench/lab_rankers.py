"""The ranking options the lab compares (bench.ranking_lab). Every option scores every chunk the
query's audience may see, service and support together; options are named by what they do."""
from __future__ import annotations

import difflib
import os
from collections import Counter
from pathlib import Path

import bm25s
import numpy as np

from app.keyword import bm25_tokens, query_tokens
from app.keyword import terms as app_terms
from app.tokens import tokenize
from ingest import head_vectors
from ingest.config import load_config
from ingest.store import Store
from ingest.words import searchable

LEVEL = {"customer": "public", "agent": "all"}


class Field:
    """One BM25 index per audience level over one text per chunk (or per file, spread to its chunks)."""

    def __init__(self, texts: list[str], masks: dict[str, np.ndarray], groups: np.ndarray | None = None):
        self.masks, self.groups = masks, groups
        self.index, self.df, self.ndocs = {}, {}, {}
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
            tokens = bm25_tokens(docs)          # as the product's index (app/keyword.py)
            bm.index(tokens, show_progress=False)
            self.index[level] = (bm, rows)
            self.df[level] = Counter(t for doc in tokens for t in set(doc))
            self.ndocs[level] = len(docs)

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
    def __init__(self, config_file: Path, embedder):
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
        # gold paths are relative to the folder holding the service and support folders
        base = os.path.commonpath([str(p.parent) for c in self.config.corpora.values() for p in c.paths])
        self.sources = [os.path.relpath((self.config.root / c[2]["source"]).resolve(), base) for c in chunks]
        public = np.asarray([c[2]["audience"] == "public" for c in chunks])
        self.masks = {"public": public, "all": np.ones(len(chunks), dtype=bool)}
        body = [c[2].get("heading_path", "") + "\n" + searchable(c[1]) for c in chunks]
        self.fields = {
            "body": Field(body, self.masks),
            "head": Field([c[2].get("heading_path", "") for c in chunks], self.masks),
            "body_head2": Field([c[2].get("heading_path", "") + "\n" + b for c, b in zip(chunks, body)], self.masks),
            "file": Field(body, self.masks, groups=np.asarray(self.sources)),
        }
        self.vocab = set().union(*(bm.vocab_dict for bm, _ in self.fields["body"].index.values()))
        self.vocab_list = sorted(self.vocab)
        self.chunk_terms = [set(t) for t in tokenize(body)]
        self.heads = self._head_vectors([c[2].get("heading_path", "") for c in chunks], config_file.parent)
        # a heading phrased as a question (an FAQ entry): a paraphrase of what the chunk answers
        self.qhead = np.asarray([c[2].get("heading_path", "").rsplit(" > ", 1)[-1].strip().endswith("?")
                                 for c in chunks])
        # ... asked in one file only: "What special precautions should I follow?" heads 15 drug pages (mediqa).
        # Counted over both collections here; the product counts per collection and audience level.
        lasts = [head_vectors.own_heading_key(c[2].get("heading_path", "")) for c in chunks]
        files: dict[str, set[str]] = {}
        for last, source in zip(lasts, self.sources):
            files.setdefault(last, set()).add(source)
        self.qhead_unique = self.qhead & np.asarray([len(files[last]) == 1 for last in lasts])
        # ... and the page's title (one question per page, as FAQ entries kept one per file): a question heading
        # inside a page names a step of that page's topic ("How do I get these benefits?"), often elliptically
        self.qhead_title = self.qhead_unique & np.asarray([" > " not in c[2].get("heading_path", "") for c in chunks])

    def _head_vectors(self, paths: list[str], cache: Path) -> dict[str, np.ndarray]:
        """Multi-field dense: one vector per chunk of its heading path alone, of its last heading alone, and of
        its file's title alone (each distinct text embedded once, cached beside the lab store)."""
        fields = {"hpath": paths, "hlast": [p.rsplit(" > ", 1)[-1] for p in paths],
                  "htitle": [p.split(" > ", 1)[0] for p in paths]}
        out = {}
        for name, texts in fields.items():
            file = cache / f"{name}.npy"
            keys = sorted(set(texts))
            if file.exists() and len(np.load(file)) == len(keys):
                vecs = np.load(file)
            else:
                vecs = np.asarray(self.embedder.embed(keys), dtype=np.float32)
                np.save(file, vecs)
            where = {k: i for i, k in enumerate(keys)}
            out[name] = vecs[[where[t] for t in texts]]
        return out

    def fuzzy(self, tokens: list[str]) -> list[str]:
        """Unknown query words (typos) -> the closest corpus word, if one is close enough."""
        out = []
        for t in tokens:
            if t in self.vocab or len(t) < 5 or not t.isalpha():
                out.append(t)
                continue
            close = difflib.get_close_matches(t, self.vocab_list, n=1, cutoff=0.85)
            out.append(close[0] if close else t)
        return out

    def components(self, query: str, vector: np.ndarray, level: str) -> dict[str, np.ndarray]:
        tokens = query_tokens(query)
        n = len(self.chunks)
        out = {"dense": self.matrix @ vector}
        for name, m in self.heads.items():
            out[name] = m @ vector
        out["dense_max_hpath"] = np.maximum(out["dense"], out["hpath"])
        out["dense_max_hlast"] = np.maximum(out["dense"], out["hlast"])
        out["dense_mean_hpath"] = (out["dense"] + out["hpath"]) / 2
        out["dense_qmax_hlast"] = np.where(self.qhead, out["dense_max_hlast"], out["dense"])
        out["dense_qmax_hpath"] = np.where(self.qhead, out["dense_max_hpath"], out["dense"])
        out["qhlast"] = np.where(self.qhead, out["hlast"], -2.0)
        out["dense_uqmax_hlast"] = np.where(self.qhead_unique, out["dense_max_hlast"], out["dense"])
        out["dense_tqmax_hlast"] = np.where(self.qhead_title, out["dense_max_hlast"], out["dense"])
        # a page's own question as itself, a question inside a page with the page's title before it (its path)
        out["dense_tq_hlast_uq_hpath"] = np.where(self.qhead_title, out["dense_max_hlast"],
                                                  np.where(self.qhead_unique, out["dense_max_hpath"], out["dense"]))
        out["mean_hpath_uqmax_hlast"] = np.where(self.qhead_unique, np.maximum(out["dense_mean_hpath"], out["hlast"]),
                                                 out["dense_mean_hpath"])
        for name, f in self.fields.items():
            out[name] = f.scores(tokens, level, n)
        out["body_fuzzy"] = self.fields["body"].scores(self.fuzzy(tokens), level, n)
        out["_tokens"] = tokens
        out["_query"] = query
        return out

    def features(self, comp: dict, allowed: np.ndarray, fused: np.ndarray, level: str) -> dict:
        """Answerability features of one query (see app/answerability.py)."""
        field = self.fields["body"]
        df, n = field.df[level], field.ndocs[level]
        terms = list(dict.fromkeys(comp["_tokens"]))
        idf = {t: float(np.log(1 + (n - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5))) for t in terms}
        total = sum(idf.values()) or 1.0
        order = [i for i in np.argsort(-fused, kind="stable") if allowed[i]][:3]
        cover = max((sum(idf[t] for t in terms if t in self.chunk_terms[i]) / total for i in order), default=0.0)
        unknown = sum(idf[t] for t in terms if df.get(t, 0) == 0) / total
        content = app_terms(comp["_query"])
        m = len(content) or 1
        cover_u = max((sum(1 for t in content if t in self.chunk_terms[i]) / m for i in order), default=0.0)
        unknown_u = sum(1 for t in terms if df.get(t, 0) == 0) / m
        dense = np.where(allowed, comp["dense"], -1.0)
        body = np.where(allowed, comp["body"], 0.0)
        seen = comp["dense"][allowed]
        top = np.sort(seen)[::-1]
        spread = {"dense_z": float((top[0] - seen.mean()) / (seen.std() or 1.0)),
                  "dense_gap5": float(top[0] - top[min(4, len(top) - 1)]),
                  "dense_gap20": float(top[0] - top[min(19, len(top) - 1)])}
        for name in ("hpath", "hlast", "dense_max_hpath"):
            h = np.sort(comp[name][allowed])[::-1]
            spread[f"{name}_top"] = float(h[0])
            spread[f"{name}_gap5"] = float(h[0] - h[min(4, len(h) - 1)])
            spread[f"{name}_gap20"] = float(h[0] - h[min(19, len(h) - 1)])
        return {**spread, "dense_top": float(dense.max()),
                "dense_lead": float(comp["dense"][order[0]]) if order else 0.0,
                "bm25_top": float(body.max()), "bm25_norm": float(body.max()) / total, "coverage": cover,
                "unknown": unknown, "coverage_u": cover_u, "unknown_u": unknown_u, "n_terms": len(terms)}

    def section_keys(self, comp: dict) -> dict[str, np.ndarray]:
        """Ways to order the chunks within one file (the product orders them by body cosine)."""
        d, hp, hl = comp["dense"], comp["hpath"], comp["hlast"]
        return {"dense": d, "max_hpath": np.maximum(d, hp), "mean_hpath": (d + hp) / 2,
                "max_hlast": np.maximum(d, hl), "mean_hlast": (d + hl) / 2, "hpath": hp,
                "rrf_body": comp["body"] + 1e-6 * d}

    def section_hit(self, gold_sections: list[str], key: np.ndarray, allowed: np.ndarray) -> tuple[int, int, float]:
        """Within the first gold section's file: is the chunk ranked first by `key` in a gold section?"""
        file = gold_sections[0].split("#")[0]
        rows = [i for i in range(len(self.chunks)) if self.sources[i] == file and allowed[i]]
        if not rows:
            return 0, 0, 0.0
        best = max(rows, key=lambda i: key[i])
        hit = int(f"{file}#{self.chunks[best][2].get('anchor', '')}" in gold_sections)
        return hit, hit, float(hit)

    def evaluate(self, queries: list[dict]) -> dict:
        from .lab_options import OPTIONS, baseline_rows
        vectors = np.asarray(self.embedder.embed([q["query"] for q in queries]), dtype=np.float32)
        rows: dict[str, list] = {}
        self.feature_rows = []
        for q, v in zip(queries, vectors):
            level = LEVEL[q.get("audience", "customer")]
            allowed = self.masks[level]
            comp = self.components(q["query"], v, level)
            from .lab_options import DEFAULT
            fused = DEFAULT(self, comp, allowed)
            self.feature_rows.append({"id": q["id"], "answerable": bool(q.get("gold")),
                                      **self.features(comp, allowed, fused, level)})
            if not q.get("gold") or os.environ.get("LAB_FEATURES_ONLY"):
                continue
            gold = set(q["gold"])
            if q.get("gold_sections"):
                for name, key in self.section_keys(comp).items():
                    rows.setdefault(f"section_{name}", []).append(self.section_hit(q["gold_sections"], key, allowed))
            for name, row in baseline_rows(self, comp, allowed, gold).items():
                rows.setdefault(name, []).append(row)
            for name, fn in OPTIONS.items():
                rows.setdefault(name, []).append(fn(self, comp, allowed, gold))
        from .ranking_lab import summarise
        return {name: summarise(r) for name, r in rows.items()}
