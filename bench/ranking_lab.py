"""Ranking lab: compare ranking options in-process on each dev corpus, leave-one-corpus-out.

    python -m bench.ranking_lab --config bench/config.toml --queries ../shared/bench/queries.jsonl \
        --workdir /tmp/ranking-lab

Each query corpus (the `corpus` field of the queries) gets its own store holding only its files (the
config's paths and audience globs under <corpus-root>/<corpus>/), ingested once into WORKDIR and reused.
Rankers score every chunk the query's audience may see, over service and support together; a file's rank
is its first chunk's. Both baselines (dense alone, BM25 alone) are scored the bench's way: top 5 chunks,
audience-filtered. A development tool: the product never imports it.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tomllib
from pathlib import Path

import numpy as np

from .workspace import dump_toml

K_FILES = 5


def corpus_config(bench_config: Path, corpus_dir: Path, out: Path) -> Path:
    """A config for one query corpus: the bench config's paths and globs that name <corpus>/, re-rooted
    at corpus_dir (the bench config's own relative paths depend on where the worktree is)."""
    data = tomllib.loads(bench_config.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    marker = f"/{corpus_dir.name}/"
    moved = lambda p: os.path.relpath(corpus_dir, out) + "/" + p.split(marker, 1)[1]
    for table in data["corpora"].values():
        for key in ("paths", "public", "internal"):
            if key in table:
                table[key] = [moved(p) for p in table[key] if marker in p]
    data["store"] = {"path": "store"}
    data["log"] = {"path": "questions.sqlite"}
    file = out / "config.toml"
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
    p.add_argument("--config", type=Path, default=Path("bench/config.toml"))
    p.add_argument("--queries", type=Path, required=True)
    p.add_argument("--corpus-root", type=Path, default=None)
    p.add_argument("--workdir", type=Path, default=Path("/tmp/ranking-lab"))
    p.add_argument("--out", type=Path, default=None, help="write the table as JSON here")
    args = p.parse_args(argv)
    from ingest.embedder import Embedder

    from .lab_rankers import Lab
    queries = [json.loads(line) for line in args.queries.read_text(encoding="utf-8").splitlines() if line.strip()]
    root = args.corpus_root or args.queries.resolve().parent / "corpus"
    embedder = Embedder()
    results = {}
    for corpus in sorted({q["corpus"] for q in queries}):
        cfile = corpus_config(args.config, root / corpus, args.workdir / corpus)
        ensure_ingested(cfile, embedder)
        qs = [q for q in queries if q["corpus"] == corpus]
        lab = Lab(cfile, root / corpus, embedder)
        results[corpus] = lab.evaluate(qs)
        print(f"== {corpus}: {len(qs)} queries, {len(lab.chunks)} chunks", file=sys.stderr)
    table = loco(results)
    print(json.dumps(table, indent=1))
    if args.out:
        args.out.write_text(json.dumps({"per_corpus": results, "loco": table}, indent=1), encoding="utf-8")
    return 0


def loco(results: dict) -> dict:
    """For each corpus: the option with the best (hit5 + mrr) on the other corpora, scored on this one."""
    out = {}
    for held in results:
        others = [c for c in results if c != held]
        names = [n for n in results[held] if not n.startswith("baseline")]
        objective = lambda n: sum(results[c][n]["hit5"] + results[c][n]["mrr"] for c in others)
        best = max(names, key=objective)
        base = {m: max(results[held]["baseline_dense"][m], results[held]["baseline_bm25"][m]) for m in ("hit5", "mrr")}
        out[held] = {"chosen_on_others": best, "scores": results[held][best],
                     "ratio_vs_better_baseline": {m: round(results[held][best][m] / base[m], 3) for m in base}}
    return out


if __name__ == "__main__":
    sys.exit(main())
