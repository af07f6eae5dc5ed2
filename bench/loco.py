"""Leave-one-corpus-out choice of settings: no setting is chosen on the corpus it is scored on.

    python -m bench.loco --candidates bench/loco_candidates.toml [--suite FILE] [--only NAME ...]
                         [--metric mrr|hit5|hit1|combo] [--out FILE.json] [--workdir DIR]

A candidates file (TOML) names settings to compare; each is a set of overrides of config sections that the
read path uses (retrieval, router), applied on top of each corpus's own config:

    [default]                                  # no overrides: the shipped settings
    [bm25-1]
    retrieval = { bm25_weight = 1.0 }

Each corpus is ingested once into a temp store; every candidate then asks every query in-process
(`KnowledgeBase(config with overrides).ask`), with query vectors cached across candidates, so a sweep is
quick. For each corpus left out, the candidate with the best mean score on the other corpora is chosen and
its score on the left-out corpus is reported, next to the default's and the best one there (the oracle).
Settings that change the index (chunking) cannot be compared this way: they need a re-ingest.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import tomllib
from pathlib import Path

from . import metrics, run_queries

READ_PATH_SECTIONS = ("retrieval", "router")
METRICS = {"mrr": lambda s: s["retrieval"]["mrr"], "hit5": lambda s: s["retrieval"]["hit5"],
           "hit1": lambda s: s["retrieval"]["hit1"],
           "combo": lambda s: (s["retrieval"]["hit5"] + s["retrieval"]["mrr"]) / 2}


def load_candidates(path: Path) -> dict[str, dict]:
    """{name: {section: {key: value}}}; a `default` with no overrides is added when missing."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    for name, over in data.items():
        bad = set(over) - set(READ_PATH_SECTIONS)
        if not isinstance(over, dict) or bad:
            raise ValueError(f"{path}: candidate {name!r} may only override {', '.join(READ_PATH_SECTIONS)}"
                             + (f", not {', '.join(sorted(bad))}" if bad else ""))
    return {"default": {}, **data}


def with_overrides(config, overrides: dict):
    """The config with each overridden section merged key by key (nested tables, e.g. router.weights, too)."""
    def merge(base: dict, over: dict) -> dict:
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base.get(k, {}), v) if isinstance(v, dict) and isinstance(base.get(k), dict) else v
        return out
    return dataclasses.replace(config, **{s: merge(getattr(config, s), overrides.get(s, {}))
                                          for s in READ_PATH_SECTIONS})


def score(config, embedder, queries: list[dict], resolver) -> dict:
    """Ask every query in-process with this config; the metric summary of the answers."""
    from app.engine import KnowledgeBase
    kb = KnowledgeBase(config, embedder=embedder)
    records = [run_queries.record(q, kb.ask(q["query"], audience=q.get("audience", "customer")), resolver)
               for q in queries]
    s = metrics.summarise(records)
    return {"retrieval": s["retrieval"], "sections": s["sections"], "no_answer": s["no_answer"]}


def choose(table: dict[str, dict[str, float]], left_out: str) -> str:
    """The candidate with the best mean score over every corpus but `left_out` (first listed wins ties)."""
    others = [c for c in table if c != left_out]
    names = list(next(iter(table.values())))
    return max(names, key=lambda n: sum(table[c][n] for c in others) / len(others))


def folds(table: dict[str, dict[str, float]]) -> list[dict]:
    rows = []
    for corpus, scores in table.items():
        chosen = choose(table, corpus) if len(table) > 1 else "default"
        best = max(scores, key=scores.get)
        rows.append({"left_out": corpus, "chosen": chosen, "score_chosen": scores[chosen], "default": "default",
                     "score_default": scores["default"], "best": best, "score_best": scores[best]})
    return rows


def run_prepared(candidates: dict[str, dict], runs: list[dict], log=print, metric: str = "combo") -> dict:
    """runs: prepared corpora, each a dict with spec, ws, queries, resolver and kb (for its embedder)."""
    full: dict[str, dict] = {}
    for run in runs:
        name, base = run["spec"].name, run["ws"].config()
        full[name] = {}
        for cand, over in candidates.items():
            full[name][cand] = score(with_overrides(base, over), run["kb"].embedder, run["queries"], run["resolver"])
            log(f"loco: {name} / {cand}: {metric} {METRICS[metric](full[name][cand]):.3f}")
    table = {c: {n: METRICS[metric](s) for n, s in per.items()} for c, per in full.items()}
    return {"metric": metric, "candidates": candidates, "scores": full, "table": table, "folds": folds(table)}


def prepare(specs, tmp: Path, embedder, log=print) -> list[dict]:
    """Copy and ingest each corpus into its own temp store (no timing), ready for run_prepared."""
    from app.engine import KnowledgeBase
    from ingest.pipeline import ingest

    from . import workspace
    from .router_eval import PrimedEmbedder
    primed, runs = PrimedEmbedder(embedder), []
    for spec in specs:
        ws = workspace.create(spec.config, tmp / spec.name)
        log(f"loco: ingesting {spec.name} ...")
        ingest(ws.config(), embedder=embedder)
        queries = spec.queries()
        primed.prime([q["query"] for q in queries])
        runs.append({"spec": spec, "ws": ws, "queries": queries, "kb": KnowledgeBase(ws.config(), embedder=primed),
                     "resolver": run_queries.Resolver(ws, spec.root, nested=spec.nested)})
    return runs


def main(argv=None) -> int:
    from ingest.embedder import Embedder

    from .__main__ import DEFAULT_SUITE, log
    from .suite import load_suite
    p = argparse.ArgumentParser(prog="python -m bench.loco", description=__doc__.split("\n\n")[0])
    p.add_argument("--candidates", required=True, type=Path)
    p.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    p.add_argument("--only", nargs="+", default=None, metavar="NAME")
    p.add_argument("--metric", choices=sorted(METRICS), default="combo", help="combo = mean of hit@5 and MRR@10")
    p.add_argument("--out", type=Path, default=None, help="write the full result as JSON here")
    p.add_argument("--workdir", type=Path, default=None, help="keep the stores here (a re-run ingests nothing)")
    args = p.parse_args(argv)
    candidates = load_candidates(args.candidates)
    tmp = Path(args.workdir or tempfile.mkdtemp(prefix="kb-loco-")).resolve()
    runs = prepare(load_suite(args.suite, args.only), tmp, Embedder(), log)
    result = run_prepared(candidates, runs, log, args.metric)
    names = list(candidates)
    print(f"{args.metric} per corpus and candidate:")
    print("corpus".ljust(14) + "".join(n[:14].rjust(15) for n in names))
    for corpus, scores in result["table"].items():
        print(corpus[:14].ljust(14) + "".join(f"{scores[n]:15.3f}" for n in names))
    print("\nleft out        chosen on the others -> score there (default, oracle)")
    for f in result["folds"]:
        print(f"{f['left_out'][:14].ljust(16)}{f['chosen'][:20].ljust(21)} -> {f['score_chosen']:.3f} "
              f"({f['score_default']:.3f}, {f['best']} {f['score_best']:.3f})")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
