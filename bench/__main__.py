"""python -m bench [--suite bench/suite.toml] [--only NAME ...] [--loco CANDIDATES.toml] --out DIR
   python -m bench --config CONFIG --queries QUERIES.jsonl [--corpus-root DIR] --out DIR   (one config)

Per corpus of the suite: copies the corpus into a temp dir, times the ingest there, asks every labelled
query through `kb ask --jsonl`, measures side loss in-process, runs two baselines over the same chunks,
then writes DIR/report.json and DIR/report.md with one section per corpus and an overall one.
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

from . import baselines, ingest_timing, report, router_eval, run_queries, sideloss, workspace
from .suite import CorpusSpec, load_suite

DEFAULT_SUITE = Path(__file__).resolve().parent / "suite.toml"


def log(msg: str) -> None:
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


def machine() -> dict:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    git = lambda *a: subprocess.run(["git", *a], capture_output=True, text=True, check=False,
                                    cwd=run_queries.PROJECT_ROOT).stdout.strip()
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--", "app", "ingest"):
        commit += " (plus uncommitted changes in app/ or ingest/)"    # what was measured is not that commit
    return {"cpus": os.cpu_count(), "cpu_model": cpu, "python": platform.python_version(),
            "platform": platform.platform(), "commit": commit, "load_avg_1m": round(os.getloadavg()[0], 2),
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")}


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[1])
    p.add_argument("--suite", type=Path, default=None, help=f"corpora to run (default {DEFAULT_SUITE.name})")
    p.add_argument("--only", nargs="+", default=None, metavar="NAME", help="run only these corpora of the suite")
    p.add_argument("--config", type=Path, default=None, help="one config instead of a suite (with --queries)")
    p.add_argument("--queries", type=Path, default=None, help="labelled queries (JSON lines) for --config")
    p.add_argument("--corpus-root", type=Path, default=None,
                   help="with --config: gold is relative to CORPUS_ROOT/<query corpus>/ "
                        "(default: <queries dir>/corpus)")
    p.add_argument("--router-queries", type=Path, default=None, help="labelled router-only queries (JSON lines)")
    p.add_argument("--router-limit", type=int, default=None, help="use only the first N router queries")
    p.add_argument("--loco", type=Path, default=None, help="candidate settings for the leave-one-corpus-out check")
    p.add_argument("--out", required=True, type=Path, help="folder for report.md and report.json")
    p.add_argument("--workdir", type=Path, default=None,
                   help="keep the corpus copies and stores here (default: a temp dir, deleted at the end)")
    args = p.parse_args(argv)
    if (args.config is None) != (args.queries is None):
        p.error("--config and --queries go together")
    if args.config and args.suite:
        p.error("give --suite or --config/--queries, not both")
    return args


def specs(args) -> list[CorpusSpec]:
    if args.config:
        root = args.corpus_root or args.queries.resolve().parent / "corpus"
        return [CorpusSpec("all", args.config.resolve(), args.queries.resolve(), Path(root).resolve(),
                           nested=True, match_corpus=False)]
    return load_suite(args.suite or DEFAULT_SUITE, args.only)


def _baseline_records(b, queries: list[dict], resolver) -> list[dict]:
    runs = baselines.run(b, queries)
    return [run_queries.record(q, {"route": {"label": "-"}, "answered": bool(r["hits"]),
                                   "citations": r["hits"], "timings_ms": {"total": r["ms"]}}, resolver)
            for q, r in zip(queries, runs)]


def run_corpus(spec: CorpusSpec, tmp: Path, embedder) -> dict:
    """Ingest, ask, side loss and baselines for one corpus; returns everything report.build needs."""
    from app.engine import KnowledgeBase
    queries = spec.queries()
    ws = workspace.create(spec.config, tmp)
    config = ws.config()
    log(f"[{spec.name}] ingest ...")
    ingest = ingest_timing.run(config, embedder, log)
    log(f"[{spec.name}] asking {len(queries)} queries through `kb ask --jsonl` ...")
    ask = run_queries.ask_all(ws, queries, log)
    resolver = run_queries.Resolver(ws, spec.root, nested=spec.nested)
    records = [run_queries.record(q, r, resolver, w) for q, r, w in zip(queries, ask["results"], ask["wall_ms"])]
    kb = KnowledgeBase(config, embedder=router_eval.PrimedEmbedder(embedder))
    log(f"[{spec.name}] side loss (the other side's top 5, in-process) ...")
    sideloss.fill(kb, queries, ask["results"], records, resolver)
    log(f"[{spec.name}] baselines ...")
    chunks = baselines.read_chunks(config)
    found = {}
    for name, make in (("dense", lambda: baselines.dense(chunks, tmp)), ("bm25", lambda: baselines.bm25(chunks))):
        b = make()
        found[name] = {"label": b.label, "records": _baseline_records(b, queries, resolver)}
    return {"spec": spec, "ws": ws, "kb": kb, "queries": queries, "resolver": resolver, "ingest": ingest,
            "ask": ask, "records": records, "baselines": found}


def run(args: argparse.Namespace) -> dict:
    from ingest.embedder import Embedder
    load_at_start = round(os.getloadavg()[0], 2)     # a shared machine: latency means little without this
    tmp = Path(args.workdir or tempfile.mkdtemp(prefix="kb-bench-")).resolve()
    embedder = Embedder()
    try:
        runs = [run_corpus(spec, tmp / spec.name, embedder) for spec in specs(args)]
        meta = {"machine": {**machine(), "load_avg_1m_at_start": load_at_start},
                "suite_file": str(args.suite or (DEFAULT_SUITE if not args.config else "")),
                "config_file": str(args.config or ""), "queries_file": str(args.queries or "")}
        extra = {}
        if args.loco:
            from . import loco
            log("leave-one-corpus-out over the candidate settings ...")
            extra["loco"] = loco.run_prepared(loco.load_candidates(args.loco), runs, log)
        if args.router_queries:
            report.write(report.build(runs, router_bitext=None, **meta, **extra), args.out)
            log(f"wrote {args.out / 'report.md'} without the router run")
            items = run_queries.load_queries(args.router_queries)[:args.router_limit]
            log(f"router alone on {len(items)} queries (on {runs[0]['spec'].name}'s index) ...")
            extra["router_bitext"] = {**router_eval.run(runs[0]["kb"], items, log), "corpus": runs[0]["spec"].name}
        return report.build(runs, **{"router_bitext": None, **extra}, **meta)
    finally:
        if not args.workdir:
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None) -> int:
    args = parse_args(argv)
    data = run(args)
    report.write(data, args.out)
    targets = data["targets"] + [t for c in data["corpora"].values() for t in c["targets"]]
    passed = sum(1 for t in targets if t["pass"])
    log(f"wrote {args.out / 'report.md'}: {passed}/{len(targets)} targets met, {len(data['misses'])} misses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
