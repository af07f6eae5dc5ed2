"""python -m bench --config CONFIG --queries QUERIES.jsonl [--router-queries R.jsonl] --out DIR

Copies the corpus into a temp dir, times the ingest there, asks every labelled query through
`kb ask --jsonl`, runs two baselines over the same chunks and the router alone, then writes
DIR/report.json and DIR/report.md.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import baselines, ingest_timing, metrics, report, router_eval, run_queries, workspace


def log(msg: str) -> None:
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


def machine() -> dict:
    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    git = lambda *a: subprocess.run(["git", *a], capture_output=True, text=True,
                                    cwd=run_queries.PROJECT_ROOT).stdout.strip()
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--", "app", "ingest"):
        commit += " (plus uncommitted changes in app/ or ingest/)"    # what was measured is not that commit
    return {"cpus": os.cpu_count(), "cpu_model": cpu, "python": platform.python_version(),
            "platform": platform.platform(), "commit": commit, "load_avg_1m": round(os.getloadavg()[0], 2),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[1])
    p.add_argument("--config", required=True, type=Path, help="config.toml naming the benchmark corpora")
    p.add_argument("--queries", required=True, type=Path, help="labelled queries (JSON lines)")
    p.add_argument("--corpus-root", type=Path, default=None,
                   help="gold paths are relative to CORPUS_ROOT/<query corpus>/ (default: <queries dir>/corpus)")
    p.add_argument("--router-queries", type=Path, default=None, help="labelled router-only queries (JSON lines)")
    p.add_argument("--router-limit", type=int, default=None, help="use only the first N router queries")
    p.add_argument("--out", required=True, type=Path, help="folder for report.md and report.json")
    p.add_argument("--workdir", type=Path, default=None,
                   help="keep the corpus copy and store here (default: a temp dir, deleted at the end)")
    return p.parse_args(argv)


def _score_baseline(b, queries: list[dict], resolver) -> dict:
    runs = baselines.run(b, queries)
    recs = [run_queries.record(q, {"route": {"label": "-"}, "answered": bool(r["hits"]),
                                   "citations": r["hits"], "timings_ms": {"total": r["ms"]}}, resolver)
            for q, r in zip(queries, runs)]
    s = metrics.summarise(recs)
    return {"label": b.label, **s["retrieval"], "leaks": s["leaks"], "latency": s["latency"]}


def run(args: argparse.Namespace) -> dict:
    from ingest.embedder import Embedder
    queries = run_queries.load_queries(args.queries)
    load_at_start = round(os.getloadavg()[0], 2)     # a shared machine: latency means little without this
    corpus_root = args.corpus_root or args.queries.resolve().parent / "corpus"
    tmp = Path(args.workdir or tempfile.mkdtemp(prefix="kb-bench-")).resolve()
    try:
        ws = workspace.create(args.config, tmp)
        config, embedder = ws.config(), Embedder()
        ingest = ingest_timing.run(config, embedder, log)
        log(f"asking {len(queries)} queries through `kb ask --jsonl` ...")
        ask = run_queries.ask_all(ws, queries, log)
        resolver = run_queries.Resolver(ws, corpus_root)
        records = [run_queries.record(q, r, resolver, w) for q, r, w in zip(queries, ask["results"], ask["wall_ms"])]
        log("baselines ...")
        chunks = baselines.read_chunks(config)
        found = {"dense": _score_baseline(baselines.DenseBaseline(chunks, tmp), queries, resolver),
                 "bm25": _score_baseline(baselines.BM25Baseline(chunks), queries, resolver)}
        finish = lambda router: report.build(
            machine={**machine(), "load_avg_1m_at_start": load_at_start}, config_file=str(args.config),
            queries_file=str(args.queries), corpus_root=str(corpus_root), ingest=ingest, ask=ask,
            ask_peak_rss_mb=ask["peak_rss_mb"], baselines=found, router_bitext=router, records=records)
        if not args.router_queries:
            return finish(None)
        report.write(finish(None), args.out)        # the long router run should not hold up the rest
        log(f"wrote {args.out / 'report.md'} without the router run")
        from app.engine import KnowledgeBase
        items = run_queries.load_queries(args.router_queries)[:args.router_limit]
        log(f"router alone on {len(items)} queries ...")
        kb = KnowledgeBase(config, embedder=router_eval.PrimedEmbedder(embedder))
        return finish(router_eval.run(kb, items, log))
    finally:
        if not args.workdir:
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None) -> int:
    args = parse_args(argv)
    data = run(args)
    report.write(data, args.out)
    passed = sum(1 for t in data["targets"] if t["pass"])
    log(f"wrote {args.out / 'report.md'}: {passed}/{len(data['targets'])} targets met, {len(data['misses'])} misses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
