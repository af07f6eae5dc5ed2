"""End-to-end check of ranking, answerability and side loss through `KnowledgeBase.ask`, in-process, on
the stores bench.ranking_lab ingested (WORKDIR/<corpus>/config.toml). Imports only app/ and ingest/, so
the same file measures another tree: `PYTHONPATH=/other/tree python bench/ranking_e2e.py ...`.

    python bench/ranking_e2e.py --workdir /tmp/ranking-lab --queries Q.jsonl [Q2.jsonl ...] [--corpora a b] [--gaps]

Next to the answer's citations (end to end: what `kb ask` cites first) it scores the retrieval alone: the
joint ranking `Retriever.search_all` gives the whole question, as distinct files. `--gaps` lists the
questions whose cited lead file differs from the ranking's first file, with route and threads.
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


def ranked_files(kb, base: str, q: dict) -> list[str]:
    """The retrieval alone: the whole question's joint ranking over both sides, as distinct files."""
    vector = kb.embedder.embed([q["query"]])[0]
    [hits] = kb.retriever.search_all([q["query"]], [list(map(float, vector))], q.get("audience", "customer"))
    return files(kb, base, [{"source": h.source} for h in hits])


def rank_of(found: list[str], gold: set[str]) -> int:
    return next((n for n, f in enumerate(found[:10], 1) if f in gold), 0)


def run(workdir: Path, corpus: str, queries: list[dict], embedder, gaps: bool = False) -> dict:
    from app.engine import KnowledgeBase
    kb = KnowledgeBase(workdir / corpus / "config.toml", embedder=embedder)
    base = gold_base(kb.config)
    rows = []
    for q in queries:
        r = kb.ask(q["query"], audience=q.get("audience", "customer"))
        cited = files(kb, base, r["citations"])
        gold = set(q.get("gold", []))
        rank = rank_of(cited, gold)
        row = {"id": q["id"], "answerable": bool(gold), "answered": r["answered"], "hit1": int(rank == 1),
               "hit5": int(0 < rank <= 5), "rr": 1 / rank if rank else 0.0}
        if gold:
            ranked = ranked_files(kb, base, q)
            alone = rank_of(ranked, gold)
            row.update(r_hit1=int(alone == 1), r_hit5=int(0 < alone <= 5), r_rr=1 / alone if alone else 0.0)
            if gaps and cited[:1] != ranked[:1]:
                print(f"GAP {q['id']} rank e2e {rank} alone {alone} route {r['route']['label']} "
                      f"threads {[p['label'] for p in r.get('parts') or []]}: {q['query']}\n"
                      f"    cited {cited[:3]}\n    ranked {ranked[:3]}", file=sys.stderr)
        if gold:
            other = other_top(kb, base, q, r)
            row["side_loss"] = int(any(g in other and g not in cited for g in gold))
        rows.append(row)
    ans = [x for x in rows if x["answerable"]]
    none = [x for x in rows if not x["answerable"]]
    mean = lambda xs, k: round(sum(x[k] for x in xs) / len(xs), 3) if xs else None
    return {"n": len(ans), "hit1": mean(ans, "hit1"), "hit5": mean(ans, "hit5"), "mrr": mean(ans, "rr"),
            "retrieval_alone": {"hit1": mean(ans, "r_hit1"), "hit5": mean(ans, "r_hit5"), "mrr": mean(ans, "r_rr")},
            "answered": mean(ans, "answered"), "n_none": len(none),
            "declined": round(sum(1 - x["answered"] for x in none) / len(none), 3) if none else None,
            "side_loss": sum(x["side_loss"] for x in ans)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--workdir", type=Path, default=Path("/tmp/ranking-lab"))
    p.add_argument("--queries", type=Path, nargs="+", required=True)
    p.add_argument("--corpora", nargs="*", default=None)
    p.add_argument("--gaps", action="store_true", help="list questions whose cited lead is not the ranking's first")
    args = p.parse_args(argv)
    from ingest.embedder import Embedder
    qs = [json.loads(line) for f in args.queries for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    corpora = args.corpora or sorted({q["corpus"] for q in qs})
    embedder = Embedder()
    out = {c: run(args.workdir, c, [q for q in qs if q["corpus"] == c], embedder, args.gaps) for c in corpora}
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
