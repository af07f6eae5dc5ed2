"""The routing decision alone on bench corpora that are already ingested with their own configs:

    python -m bench.route_corpus [--only NAME ...] [--show]

Route exact (answerable queries), wrong side and hedged `both` (one-sided queries), and how many messages
were cut into several threads, per corpus of bench/suite.toml, in-process with KnowledgeBase.route; the same
definitions as `python -m bench` (bench/metrics.py), minutes instead of the whole bench's ingest and answers.
Ingest first: `kb ingest --config bench/corpora/NAME/config.toml`."""
from __future__ import annotations

import argparse
from pathlib import Path

from app.engine import KnowledgeBase

from . import metrics
from .suite import load_suite

SUITE = Path(__file__).with_name("suite.toml")


def route_corpus(kb: KnowledgeBase, queries: list[dict]) -> tuple[dict, list[dict]]:
    records = []
    for q in queries:
        r = kb.route(q["query"], q.get("audience", "customer"))
        records.append({"id": q.get("id"), "query": q["query"], "gold_route": q["route"],
                        "route": r["route"]["label"], "threads": [(p["bucket"], p["label"]) for p in r["parts"]]})
    scores = metrics.route_scores(records)
    scores["threaded"] = sum(len(r["threads"]) > 1 for r in records)
    scores["n"] = len(records)
    return scores, records


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", nargs="*")
    p.add_argument("--show", action="store_true", help="list every query routed wrongly or cut into threads")
    args = p.parse_args()
    for spec in load_suite(SUITE, args.only):
        scores, records = route_corpus(KnowledgeBase(spec.config), spec.queries())
        print(f"{spec.name}: route exact {scores['exact']:.3f} (n={scores['n_exact']}), wrong side "
              f"{scores['wrong']:.3f}, hedge {scores['hedge']:.3f} (n={scores['n_one_sided']}), "
              f"threaded {scores['threaded']}/{scores['n']}", flush=True)
        if args.show:
            for r in records:
                if r["route"] != r["gold_route"] or len(r["threads"]) > 1:
                    print(f"  {r['id']} gold {r['gold_route']} got {r['route']} {r['threads']}: {r['query']}")


if __name__ == "__main__":
    main()
