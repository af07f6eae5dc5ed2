"""Ask the labelled queries through the product as a user does (`kb ask --jsonl`) and score each answer.

Gold files are relative to <corpus-root>/<query corpus>/ (or the config's folder when a query names no
corpus); cited sources are relative to the temp config's folder. Both are resolved to absolute original
paths, then shown in the gold form.
"""
from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from .workspace import Workspace

WARM_UP = {"query": "How do I get started?", "audience": "customer"}
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def load_queries(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def ask_all(ws: Workspace, queries: list[dict], log=print) -> dict:
    """One `kb ask --jsonl` process: a warm-up question, then every query in order.
    Returns results (one per query), cold start (spawn to first answer) and the gap between answers."""
    lines = [WARM_UP] + [{"query": q["query"], "audience": q.get("audience", "customer")} for q in queries]
    stderr = open(ws.tmp / "ask.stderr", "w+", encoding="utf-8")     # noqa: SIM115 (the child writes it until wait())
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "ask", "--jsonl", "--config", str(ws.config_file)],
                            cwd=PROJECT_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
                            text=True, encoding="utf-8", env={**os.environ, "PYTHONUNBUFFERED": "1"})

    def feed():     # a thread, so a long query file can never fill both pipes and deadlock
        try:
            for item in lines:
                proc.stdin.write(json.dumps(item) + "\n")
            proc.stdin.close()
        except BrokenPipeError:     # the child died; its exit code and stderr say why
            pass
    threading.Thread(target=feed, daemon=True).start()
    outputs, arrivals, peak_kb = [], [], 0
    for line in proc.stdout:
        arrivals.append(time.perf_counter())
        outputs.append(json.loads(line))
        peak_kb = max(peak_kb, _peak_rss_kb(proc.pid))
        if len(outputs) % 20 == 0:
            log(f"ask: {len(outputs) - 1}/{len(queries)}")
    code = proc.wait()
    stderr.seek(0)
    errors = stderr.read()
    stderr.close()
    if code not in (0, 2) or len(outputs) != len(lines):
        raise RuntimeError(f"kb ask --jsonl exited {code} after {len(outputs)} of {len(lines)} answers:\n"
                           + errors[-3000:])
    gaps = [round((b - a) * 1000, 2) for a, b in itertools.pairwise(arrivals)]
    return {"results": outputs[1:], "cold_start_s": round(arrivals[0] - started, 3), "wall_ms": gaps,
            "peak_rss_mb": round(peak_kb / 1024, 1) if peak_kb else None}


def _peak_rss_kb(pid: int) -> int:
    """The child's own peak memory (VmHWM). getrusage(RUSAGE_CHILDREN) would count the parent's memory
    copied at fork, before exec."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("VmHWM:")), 0)
    except OSError:
        return 0


class Resolver:
    """Maps gold paths and cited sources to one comparable form, and files to their side."""

    def __init__(self, ws: Workspace, corpus_root: Path, nested: bool = True):
        self.ws = ws
        self.corpus_root = Path(corpus_root).resolve()
        self.nested = nested        # gold relative to <root>/<query corpus>/ (shared/bench layout) or to <root>/

    def base(self, query: dict) -> Path:
        if not self.nested:
            return self.corpus_root
        return self.corpus_root / query["corpus"] if query.get("corpus") else self.ws.original.root

    def form(self, path: Path, base: Path) -> str:
        """Relative to the query's corpus folder like gold; a file of another corpus relative to the
        corpus root (e.g. "plausible/service/x.md"), so it can never equal a gold path by accident."""
        path = Path(os.path.normpath(path))
        for root in (base, self.corpus_root):
            if path.is_relative_to(root):
                return path.relative_to(root).as_posix()
        return path.as_posix()

    def gold(self, query: dict) -> list[str]:
        base = self.base(query)
        return [self.form(base / g, base) for g in query.get("gold", [])]

    def gold_sections(self, query: dict) -> list[str]:
        """'file#anchor' in the gold form; the file part resolved like gold files."""
        base = self.base(query)
        out = []
        for g in query.get("gold_sections", []):
            file, _, anchor = g.partition("#")
            out.append(f"{self.form(base / file, base)}#{anchor}")
        return out

    def cited(self, query: dict, source: str) -> str:
        return self.form(self.ws.source_to_original(source), self.base(query))

    def side(self, query: dict, file: str) -> str:
        path = Path(os.path.normpath(self.base(query) / file))
        for name, corpus in self.ws.original.corpora.items():
            if any(path.is_relative_to(p) for p in corpus.paths):
                return name
        return "?"


def record(query: dict, result: dict, resolver: Resolver, wall_ms: float | None = None) -> dict:
    """One scored query, in the form bench.metrics expects."""
    gold = resolver.gold(query)
    citations = result.get("citations", [])
    cited, cited_sides, sections = [], {}, []
    for c in citations:
        f = resolver.cited(query, c["source"])
        cited_sides.setdefault(f, c["corpus"])
        if f not in cited:
            cited.append(f)
        if f"{f}#{c.get('anchor', '')}" not in sections:
            sections.append(f"{f}#{c.get('anchor', '')}")
    audience = query.get("audience", "customer")
    other = (result.get("debug") or {}).get("other_side_top")     # the other side's top passages, if exposed
    other_top = None if other is None else list(dict.fromkeys(resolver.cited(query, o["source"]) for o in other))
    gold_sides = {g: resolver.side(query, g) for g in gold}
    derived = "none" if not gold else ("both" if len(set(gold_sides.values())) > 1 else next(iter(gold_sides.values())))
    return {
        "id": query.get("id"), "query": query["query"], "corpus": query.get("corpus", ""), "audience": audience,
        "gold_route": query.get("route") or derived, "gold": gold, "gold_sides": gold_sides,
        "route": result.get("route", {}).get("label", "error"),
        "route_reason": result.get("route", {}).get("reason", result.get("error", "")),
        "gold_sections": resolver.gold_sections(query), "cited_sections": sections,
        "other_side_top": other_top, "cited": cited, "cited_sides": cited_sides,
        "answered": bool(result.get("answered")),
        "latency_ms": result.get("timings_ms", {}).get("total"), "wall_ms": wall_ms,
        "leak": audience == "customer" and any(c.get("audience") == "internal" for c in citations),
        "error": result.get("error"),
    }
