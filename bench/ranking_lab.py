"""Ranking lab: compare ranking options in-process on each bench corpus, leave-one-corpus-out.

    python -m bench.ranking_lab [--suite bench/suite.toml] [--only NAME ...] [--extra bench/unanswerable.jsonl]
                                [--workdir /tmp/ranking-lab] [--out FILE.json]

Each corpus of the suite gets its own store in WORKDIR/<name>/ (a copy of its config with paths re-rooted),
ingested once and reused by later runs. Rankers score every chunk the query's audience may see, over
service and support together; a file's rank is its first chunk's. Both baselines (dense alone, BM25 alone)
are scored the bench's way: top 5 chunks, audience-filtered. A development tool: the product never imports it.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tomllib
from pathlib import Path

import numpy as np

from .suite import load_suite
from .workspace import dump_toml

K_FILES = 5


def corpus_config(spec_config: Path, out: Path) -> Path:
    """A copy of a corpus config in `out` with its store there; paths and glob prefixes re-rooted."""
    file = out / "config.toml"
    if file.exists():                       # keep an earlier copy: its store's sources depend on it
        return file
    data = tomllib.loads(spec_config.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    base = spec_config.parent

    def moved(p: str) -> str:
        head = re.split(r"[*?\[]", p, maxsplit=1)[0]
        prefix = head.rsplit("/", 1)[0] if not head.endswith("/") else head.rstrip("/")
        return os.path.relpath(os.path.normpath(base / prefix), out) + p[len(prefix):]
    for table in data["corpora"].values():
        for key in ("paths", "public", "internal"):
            if key in table:
                table[key] = [moved(p) for p in table[key]]
    data["store"] = {"path": "store"}
    data["log"] = {"path": "questions.sqlite"}
    file.write_text(dump_toml(data), encoding="utf-8")
    return file


def ensure_ingested(config_file: Path, embedder) -> None:
    from ingest.config import load_config
    from ingest.pipeline import ingest
    config = load_config(config_file)
    done = config_file.parent / "ingested.json"
    if not done.exists():
        summary = ingest(config, embedder=embedder)
        done.write_text(json.dumps(summary, default=str), encoding="utf-8")


def file_ranks(chunk_order, sources: list[str], k: int = K_FILES) -> list[str]:
    return list(dict.fromkeys(sources[i] for i in chunk_order))[:k]


def score(files: list[str], gold: set[str]) -> tuple[int, int, float]:
    rank = next((n for n, f in enumerate(files, 1) if f in gold), 0)
    return int(rank == 1), int(rank > 0), 1.0 / rank if rank else 0.0


def summarise(rows: list[tuple[int, int, float]]) -> dict:
    a = np.asarray(rows, dtype=float) if rows else np.zeros((0, 3))
    return {"hit1": round(a[:, 0].mean(), 3), "hit5": round(a[:, 1].mean(), 3), "mrr": round(a[:, 2].mean(), 3),
            "n": len(rows)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.ranking_lab")
    p.add_argument("--suite", type=Path, default=Path(__file__).resolve().parent / "suite.toml")
    p.add_argument("--only", nargs="+", default=None)
    p.add_argument("--extra", type=Path, nargs="*", default=[], help="more query files (lines name their corpus)")
    p.add_argument("--workdir", type=Path, default=Path("/tmp/ranking-lab"))
    p.add_argument("--out", type=Path, default=None, help="write the table as JSON here")
    args = p.parse_args(argv)
    from ingest.embedder import Embedder

    from .lab_rankers import Lab
    extra = [json.loads(line) for f in args.extra
             for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    embedder = Embedder()
    results = {}
    for spec in load_suite(args.suite, args.only):
        cfile = corpus_config(spec.config, args.workdir / spec.name)
        ensure_ingested(cfile, embedder)
        qs = spec.queries() + [q for q in extra if q.get("corpus") == spec.name]
        lab = Lab(cfile, embedder)
        results[spec.name] = lab.evaluate(qs)
        (args.workdir / spec.name / "features.json").write_text(json.dumps(lab.feature_rows), encoding="utf-8")
        print(f"== {spec.name}: {len(qs)} queries, {len(lab.chunks)} chunks", file=sys.stderr)
    table = loco(results)
    print(json.dumps(table, indent=1))
    if args.out:
        args.out.write_text(json.dumps({"per_corpus": results, "loco": table}, indent=1), encoding="utf-8")
    return 0


def loco(results: dict) -> dict:
    """For each corpus: the option with the best (hit5 + mrr) on the other corpora, scored on this one."""
    out = {}
    for held, scores in results.items():
        others = [c for c in results if c != held]
        names = [n for n in scores if not n.startswith(("baseline", "section_"))
                 and all(n in results[c] for c in others)]
        best = max(names, key=lambda n, o=tuple(others): sum(results[c][n]["hit5"] + results[c][n]["mrr"] for c in o))
        base = {m: max(scores["baseline_dense"][m], scores["baseline_bm25"][m]) for m in ("hit5", "mrr")}
        out[held] = {"chosen_on_others": best, "scores": scores[best],
                     "ratio_vs_better_baseline": {m: round(scores[best][m] / base[m], 3) for m in base}}
    return out


if __name__ == "__main__":
    sys.exit(main())
