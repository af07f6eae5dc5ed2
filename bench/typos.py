"""Misspelt questions: ranking and answerability with one typo per question, with and without app/spelling.py.

    python -m bench.typos [--workdir /tmp/ranking-lab] [--only NAME ...]

Each answerable question of each corpus (stores ingested by bench.ranking_lab) gets its longest word
misspelt (two middle letters swapped); reports hit@5 (file level, retrieval alone: the joint ranking) and
the share answered (app/answerability.py), for the question as written, with the typo, with the typo
corrected, and as written but corrected, and lists every question as written that the correction changed.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .suite import load_suite


def typo(question: str) -> str:
    words = re.findall(r"[A-Za-z]{5,}", question)
    if not words:
        return question
    w = max(words, key=len)
    i = len(w) // 2
    return question.replace(w, w[:i - 1] + w[i] + w[i - 1] + w[i + 1:], 1)


def main(argv=None) -> int:
    from app import answerability
    from app.engine import KnowledgeBase
    from ingest.embedder import Embedder
    p = argparse.ArgumentParser(prog="python -m bench.typos")
    p.add_argument("--workdir", type=Path, default=Path("/tmp/ranking-lab"))
    p.add_argument("--suite", type=Path, default=Path(__file__).resolve().parent / "suite.toml")
    p.add_argument("--only", nargs="+", default=None)
    args = p.parse_args(argv)
    embedder = Embedder()
    for spec in load_suite(args.suite, args.only):
        kb = KnowledgeBase(args.workdir / spec.name / "config.toml", embedder=embedder)
        qs = [q for q in spec.queries() if q.get("gold")]
        audiences = [q.get("audience", "customer") for q in qs]
        variants = {"as written": [q["query"] for q in qs], "typo": [typo(q["query"]) for q in qs]}
        variants["typo corrected"] = [kb.retriever.correct(t, a) for t, a in zip(variants["typo"], audiences)]
        variants["as written, corrected"] = [kb.retriever.correct(q["query"], a) for q, a in zip(qs, audiences)]
        row = []
        for name, texts in variants.items():
            hit5 = answered = 0
            for q, text, vector in zip(qs, texts, embedder.embed(texts)):
                [hits] = kb.retriever.search_all([text], [vector], q.get("audience", "customer"))
                files = list(dict.fromkeys(h.source for h in hits))[:5]
                hit5 += any(f.endswith(g.split("/", 1)[-1]) or g.endswith(f) for g in q["gold"] for f in files)
                answered += answerability.decide(hits, kb.settings["answer_threshold"]).answered
            row.append(f"{name} {hit5 / len(qs):.3f} / {answered / len(qs):.3f}")
        print(f"{spec.name} (hit@5 / answered, {len(qs)} questions): " + "; ".join(row))
        for q, fixed in zip(qs, variants["as written, corrected"]):
            if fixed != q["query"]:
                print(f"    {q['query']}  =>  {fixed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
