"""End-to-end check of ranking, answerability and side loss through `KnowledgeBase.ask`, in-process, on
the stores bench.ranking_lab ingested (WORKDIR/<corpus>/config.toml). Imports only app/ and ingest/, so
the same file measures another tree: `PYTHONPATH=/other/tree python bench/ranking_e2e.py ...`.

    python bench/ranking_e2e.py --workdir /tmp/ranking-lab --queries Q.jsonl [Q2.jsonl ...] [--corpora a b]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

SIDES = ("service", "support")


def gold_base(config) -> str:
    return os.path.commonpath([str(p.parent) for c in config.corpora.values() for p in c.paths])


def files(kb, base: str, citations: list[dict]) -> list[str]:
    out = [os.path.relpath((kb.config.root / c["source"]).resolve(), base) for c in citations]
    return list(dict.fromkeys(out))


def other_top(kb, base: str, q: dict, result: dict) -> list[str]:
    debug = result.get("debug") or {}
    if "other_side_top" in debug:
        return list(dict.fromkeys(os.path.relpath((kb.config.root / o["source"]).resolve(), base)
                                  for o in debug["other_side_top"]))[:5]
    shown = set(result["route"].get("collections") or [])
    for p in result.get("parts") or []:
        shown |= set(SIDES) if p["label"] == "both" else {p["label"]}
    hidden = [s for s in SIDES if s not in shown]
    if not hidden:
        return []
    forced = kb.ask(q["query"], audience=q.get("audience", "customer"), route=hidden[0] if len(hidden) == 1 else "both")
    return files(kb, base, forced["citations"])[:5]


def run(workdir: Path, corpus: str, queries: list[dict], embedder) -> dict:
    from app.engine import KnowledgeBase
    kb = KnowledgeBase(workdir / corpus / "config.toml", embedder=embedder)
    base = gold_base(kb.config)
    rows = []
    for q in queries:
        r = kb.ask(q["query"], audience=q.get("audience", "customer"))
        cited = files(kb, base, r["citations"])
        gold = set(q.get("gold", []))
        rank = next((n for n, f in enumerate(cited[:10], 1) if f in gold), 0)
        row = {"id": q["id"], "answerable": bool(gold), "answered": r["answered"], "hit1": int(rank == 1),
               "hit5": int(0 < rank <= 5), "rr": 1 / rank if rank else 0.0}
        if gold:
            other = other_top(kb, base, q, r)
            row["side_loss"] = int(any(g in other and g not in cited for g in gold))
        rows.append(row)
    ans = [x for x in rows if x["answerable"]]
    none = [x for x in rows if not x["answerable"]]
    mean = lambda xs, k: round(sum(x[k] for x in xs) / len(xs), 3) if xs else None
    return {"n": len(ans), "hit1": mean(ans, "hit1"), "hit5": mean(ans, "hit5"), "mrr": mean(ans, "rr"),
            "answered": mean(ans, "answered"), "n_none": len(none),
            "declined": round(sum(1 - x["answered"] for x in none) / len(none), 3) if none else None,
            "side_loss": sum(x["side_loss"] for x in ans)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--workdir", type=Path, default=Path("/tmp/ranking-lab"))
    p.add_argument("--queries", type=Path, nargs="+", required=True)
    p.add_argument("--corpora", nargs="*", default=None)
    args = p.parse_args(argv)
    from ingest.embedder import Embedder
    qs = [json.loads(line) for f in args.queries for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    corpora = args.corpora or sorted({q["corpus"] for q in qs})
    embedder = Embedder()
    out = {c: run(args.workdir, c, [q for q in qs if q["corpus"] == c], embedder) for c in corpora}
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
