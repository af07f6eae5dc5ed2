"""Section lab: which passage of the top file should lead? Options for the order of a file's chunks, scored on
section gold (quillhub), with how many leads each changes on the corpora without it.

    python -m bench.section_lab [--workdir /tmp/ranking-lab] [--only quillhub ...] [--show qh-002 qh-004]

Uses the stores bench.ranking_lab ingested (WORKDIR/<corpus>/config.toml) and the product's own joint
ranking (`Retriever.search_all`): the top file is the ranking's, and only the order of its candidate chunks
changes. A development tool: the product never imports it.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

from .suite import load_suite


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float64)
    n = np.linalg.norm(v)
    return v / n if n else v


def _without(v, t: np.ndarray) -> np.ndarray:
    """`v` with its component along the unit vector `t` removed, normalised (Gram-Schmidt)."""
    v = np.asarray(v, dtype=np.float64)
    return _unit(v - (v @ t) * t)


# each option: (question vector, title vector, chunks) -> one score per chunk; a chunk is a dict with
# dense (body cosine), head (heading-path cosine), body/head (their vectors)
OPTIONS = {
    "better of body and heading (shipped)": lambda q, t, cs: [max(c["dense"], c["head"]) for c in cs],
    "body": lambda q, t, cs: [c["dense"] for c in cs],
    "heading path": lambda q, t, cs: [c["head"] for c in cs],
    "mean of body and heading": lambda q, t, cs: [(c["dense"] + c["head"]) / 2 for c in cs],
    "heading + body without its heading": lambda q, t, cs: [c["head"] + float(_without(c["body"], _unit(c["hvec"]))
                                                                              @ q) for c in cs],
    "question and chunks without the title": lambda q, t, cs: [
        max(_without(c["body"], t) @ _without(q, t), _without(c["hvec"], t) @ _without(q, t)) for c in cs],
    "better of body and own heading": lambda q, t, cs: [max(c["dense"], float(c["lvec"] @ q)) for c in cs],
    "better of body, heading path and own heading": lambda q, t, cs: [
        max(c["dense"], c["head"], float(c["lvec"] @ q)) for c in cs],
    "better of body, heading path and path below the title": lambda q, t, cs: [
        max(c["dense"], c["head"], float(c["rvec"] @ q)) for c in cs],
}


_LAST: dict[str, np.ndarray] = {}


def _own_heading(embedder, path: str, below_title: bool = False) -> np.ndarray:
    """The unit vector of a chunk's own (last) heading, or of its path below the title, embedded once per text."""
    last = (path.split(" > ", 1)[-1]) if below_title else path.rsplit(" > ", 1)[-1]
    if last not in _LAST:
        _LAST[last] = _unit(embedder.embed([last])[0])
    return _LAST[last]


def top_file_chunks(kb, q: dict, vector: np.ndarray) -> list[dict]:
    [hits] = kb.retriever.search_all([q["query"]], [vector.tolist()], q.get("audience", "customer"))
    top = [h for h in hits if h.source == hits[0].source]
    from ingest import head_vectors
    out = []
    for h in top:
        seg, row = kb.retriever.views[h.corpus].vectors["all"]._find(h.id)
        head = head_vectors.unpack(h.meta.get(head_vectors.KEY))
        out.append({"hit": h, "dense": h.dense, "head": h.dense if np.isnan(h.head) else h.head,
                    "body": seg.matrix[row], "hvec": head if head is not None else seg.matrix[row],
                    "lvec": _own_heading(kb.embedder, h.meta.get("heading_path", "")),
                    "rvec": _own_heading(kb.embedder, h.meta.get("heading_path", ""), below_title=True)})
    return out


def run(config: Path, queries: list[dict], embedder, show: set[str]) -> dict:
    from app.engine import KnowledgeBase
    kb = KnowledgeBase(config, embedder=embedder)
    base = os.path.commonpath([str(p.parent) for c in kb.config.corpora.values() for p in c.paths])
    titles: dict[str, np.ndarray] = {}
    qs = [q for q in queries if q.get("gold")]
    vectors = np.asarray(embedder.embed([q["query"] for q in qs]), dtype=np.float64)
    out = {name: {"hits": 0, "n": 0, "misses": [], "changed": 0, "changed_ids": []} for name in OPTIONS}
    for q, v in zip(qs, vectors):
        cs = top_file_chunks(kb, q, v.astype(np.float32))
        title = cs[0]["hit"].meta.get("title", "")
        if title not in titles:
            titles[title] = _unit(embedder.embed([title])[0])
        shipped = None
        for name, fn in OPTIONS.items():
            lead = cs[int(np.argmax(fn(v, titles[title], cs)))]["hit"]
            key = f"{os.path.relpath((kb.config.root / lead.source).resolve(), base)}#{lead.meta.get('anchor', '')}"
            shipped = shipped or key
            row = out[name]
            row["changed"] += key != shipped
            row["changed_ids"] += [q["id"]] if key != shipped else []
            if q.get("gold_sections"):
                row["n"] += 1
                row["hits"] += key in q["gold_sections"]
                row["misses"] += [] if key in q["gold_sections"] else [q["id"]]
            if q["id"] in show:
                print(f"{q['id']} {name}: {key}", file=sys.stderr)
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.section_lab")
    p.add_argument("--suite", type=Path, default=Path(__file__).resolve().parent / "suite.toml")
    p.add_argument("--workdir", type=Path, default=Path("/tmp/ranking-lab"))
    p.add_argument("--only", nargs="+", default=None)
    p.add_argument("--show", nargs="*", default=[], help="question ids whose lead each option picks")
    args = p.parse_args(argv)
    from ingest.embedder import Embedder
    embedder = Embedder()
    for spec in load_suite(args.suite, args.only):
        config = args.workdir / spec.name / "config.toml"
        if not config.exists():
            continue
        for name, r in run(config, spec.queries(), embedder, set(args.show)).items():
            misses = " ".join(r["misses"]) if len(r["misses"]) <= 12 else f"{len(r['misses'])}"
            gold = f"section hit@1 {r['hits'] / r['n']:.3f} (misses {misses})" if r["n"] else ""
            ids = f" ({' '.join(r['changed_ids'])})" if 0 < r["changed"] <= 5 else ""
            print(f"{spec.name:11s} {name:40s} leads changed {r['changed']:3d}{ids}  {gold}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
