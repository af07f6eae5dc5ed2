"""python -m bench.readme_table DIR/report.json: a short "Quality and speed" Markdown table for the README."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .report import fmt, lookup

ROWS = [
    ("Route exact (answerable queries)", "route.exact", "retrieval.n"),
    ("Wrong-side rate (one-sided queries)", "route.wrong", None),
    ("Hedged to both (one-sided queries)", "route.hedge", None),
    ("hit@1", "retrieval.hit1", None),
    ("hit@5", "retrieval.hit5", None),
    ("MRR@10", "retrieval.mrr", None),
    ("Leaks (internal text shown to customers)", "leaks", None),
    ("Router accuracy, bitext sanity set", "router_bitext.accuracy", None),
    ("Latency p50 / p95 (ms)", "latency.p50_ms", "latency.p95_ms"),
    ("Cold start to first answer (s)", "latency.cold_start_s", None),
    ("Ingest (chunks/s) / no-op re-ingest (s)", "ingest.chunks_per_s", "ingest.noop_s"),
]


def _baseline(data: dict, which: str, key: str, second: str | None) -> str:
    if key.startswith("latency."):
        lat = f"baselines.{which}.latency"
        return fmt(lookup(data, f"{lat}.p50_ms"), 2) + " / " + fmt(lookup(data, f"{lat}.p95_ms"), 2)
    return fmt(lookup(data, f"baselines.{which}.{key.split('.')[-1]}"))


def table(data: dict) -> str:
    lines = ["| Quality and speed | ours | dense baseline | BM25 baseline |", "|---|---|---|---|"]
    base = {"retrieval.hit1": "hit1", "retrieval.hit5": "hit5", "retrieval.mrr": "mrr", "leaks": "leaks",
            "latency.p50_ms": "latency.p50_ms"}
    for name, key, second in ROWS:
        value = fmt(lookup(data, key), 2 if "ms" in key or "_s" in key else 3)
        if second and second != "retrieval.n":
            value += " / " + fmt(lookup(data, second), 2 if "ms" in second or "_s" in second else 3)
        dense, bm25 = (_baseline(data, name, key, second) if key in base else "" for name in ("dense", "bm25"))
        lines.append(f"| {name} | {value} | {dense} | {bm25} |")
    if len(data.get("corpora", {})) > 1:
        lines += ["", per_corpus(data)]
    m = data["machine"]
    lines.append("\nOur latency is a whole question (embed, route, retrieve, answer); the dense baseline's is "
                 "embedding plus retrieval, BM25's the keyword search alone.")
    where = data.get("queries_file") or ", ".join(data.get("corpora", {}))
    lines.append(f"\n{data['n']} labelled queries ({where}), {m['cpus']} x {m['cpu_model']}, "
                 f"{m['date']}. Full report: `bench/results/report.md`.")
    return "\n".join(lines)


def per_corpus(data: dict) -> str:
    """hit@1 / hit@5 / MRR@10 per corpus, ours and both baselines, with the bar of the issue-8 target."""
    lines = ["| corpus (answerable n) | ours hit@1 / hit@5 / MRR@10 | dense | BM25 | target hit@5 / MRR@10 |",
             "|---|---|---|---|---|"]
    three = lambda d: " / ".join(fmt(d.get(k)) for k in ("hit1", "hit5", "mrr"))
    for name, c in data["corpora"].items():
        marks = {t["key"]: ("" if t["pass"] else " (not met)") for t in c["targets"]}
        bars = {t["key"]: t["target"].split(" (")[0].removeprefix(">= ") for t in c["targets"]}
        sec = f"; section hit@1 {fmt(c['sections']['hit1'])}" if c["sections"]["n"] else ""
        lines.append(f"| {name} ({c['retrieval']['n']}{sec}) | {three(c['retrieval'])} | "
                     f"{three(c['baselines']['dense'])} | {three(c['baselines']['bm25'])} | "
                     f"{bars['retrieval.hit5']}{marks['retrieval.hit5']} / "
                     f"{bars['retrieval.mrr']}{marks['retrieval.mrr']} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m bench.readme_table DIR/report.json", file=sys.stderr)
        return 2
    print(table(json.loads(Path(args[0]).read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
