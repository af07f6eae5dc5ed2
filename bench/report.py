"""Turn the measured numbers into report.json (everything) and report.md (tables, targets, misses)."""
from __future__ import annotations

import json
from pathlib import Path

from . import metrics
from .report_md import fmt, lookup, markdown  # noqa: F401 - report.markdown() is this module's API too

# (name, json path, comparison, target)
TARGETS = [
    ("route exact", "route.exact", ">=", 0.90),
    ("wrong-side rate", "route.wrong", "<=", 0.03),
    ("hedged to both (one-sided queries)", "route.hedge", "<=", 0.05),     # issue 9
    ("bitext router accuracy", "router_bitext.accuracy", ">=", 0.95),
    ("bitext router wrong side", "router_bitext.wrong_side", "<=", 0.03),
    ("hit@5", "retrieval.hit5", ">=", 0.90),
    ("MRR@10", "retrieval.mrr", ">=", 0.75),
    ("leaks", "leaks", "<=", 0),
    ("latency p50 (ms)", "latency.p50_ms", "<=", 50),
    ("latency p95 (ms)", "latency.p95_ms", "<=", 150),
    ("no-op re-ingest (s)", "ingest.noop_s", "<", 2),
]


def check(value, op: str, target) -> bool | None:
    if value is None:
        return None
    return {">=": value >= target, "<=": value <= target, "<": value < target}[op]


def targets(data: dict) -> list[dict]:
    rows = []
    for name, path, op, target in TARGETS:
        value = lookup(data, path)
        rows.append({"name": name, "key": path, "value": value, "target": f"{op} {target}",
                     "pass": check(value, op, target)})
    return rows


def misses(records: list[dict]) -> list[dict]:
    """Queries that went wrong, each with the reasons, so a tuner can see what to fix."""
    out = []
    for r in records:
        why = []
        if r["gold_route"] != "none":
            if r["route"] != r["gold_route"] and r["gold_route"] != metrics.UNJUDGED:
                why.append(f"route {r['gold_route']} -> {r['route']}")
            if not metrics.hit_at_k(r["cited"], r["gold"], 5):
                why.append("no gold file in top 5" if r["answered"] else "abstained")
            elif r["gold_route"] == "both" and len({r["gold_sides"][f] for f in r["cited"] if f in r["gold"]}) < 2:
                why.append("both: gold cited from one side only")
        elif r["answered"]:
            why.append("answered an unanswerable query")
        if r["leak"]:
            why.append("LEAK: internal chunk cited to a customer")
        if why:
            out.append({**{k: r[k] for k in ("id", "query", "corpus", "audience", "gold_route", "route",
                                              "route_reason", "gold", "cited")}, "why": why})
    return out


def baseline_summary(label: str, records: list[dict]) -> dict:
    s = metrics.summarise(records)
    return {"label": label, **s["retrieval"], "sections": s["sections"], "leaks": s["leaks"], "latency": s["latency"]}


def corpus_targets(data: dict) -> list[dict]:
    """Targets that depend on the corpus: retrieval against the better baseline, answerability, side loss, leaks."""
    rows = []
    for name, key, bkey in (("hit@5", "retrieval.hit5", "hit5"), ("MRR@10", "retrieval.mrr", "mrr")):
        scores = {b: lookup(data, f"baselines.{b}.{bkey}") for b in data["baselines"]}
        best = max(scores, key=lambda b: scores[b] if scores[b] is not None else -1)
        bar = metrics.baseline_target(scores[best])
        value = lookup(data, key)
        rows.append({"name": f"{name} vs better baseline", "key": key, "value": value,
                     "target": f">= {fmt(bar)} (1.05 x {best} {fmt(scores[best])}, at most 0.98)",
                     "pass": check(value, ">=", bar) if bar is not None else None})
    na = data["no_answer"]
    for name, key, op, target, live in (
            ("no-answer recall", "no_answer.recall", ">=", 0.8, na["n_none"] > 0),
            ("answerable answered", "no_answer.answered_rate", ">=", 0.95, True),
            ("side loss (gold in other side's top 5, not shown)", "side_loss.count", "<=", 0, True),
            ("leaks", "leaks", "<=", 0, True)):
        value = lookup(data, key) if live else None
        rows.append({"name": name, "key": key, "value": value, "target": f"{op} {target}",
                     "pass": check(value, op, target)})
    return rows


def summarise_run(run: dict) -> dict:
    """One corpus: the summary of its records, its baselines, ingest and targets."""
    spec, ask = run["spec"], run["ask"]
    data = metrics.summarise(run["records"])
    data["retrieval"]["mrr_cutoff"] = 10
    data["latency"].update(cold_start_s=ask["cold_start_s"], wall_p50_ms=metrics.percentile(ask["wall_ms"], 50),
                           wall_p95_ms=metrics.percentile(ask["wall_ms"], 95))
    data["baselines"] = {k: baseline_summary(v["label"], v["records"]) for k, v in run["baselines"].items()}
    data["by_audience"] = metrics.breakdown(run["records"], "audience")
    data["targets"] = corpus_targets(data)
    return {"name": spec.name, "origin": spec.origin, "config_file": str(spec.config),
            "queries_file": str(spec.queries_file), "gold_root": str(spec.root), **data,
            "ingest": run["ingest"], "ask_peak_rss_mb": ask["peak_rss_mb"]}


def aggregate_ingest(ingests: list[dict]) -> dict:
    if len(ingests) == 1:
        return ingests[0]
    total = lambda k: sum(i[k] for i in ingests)
    full = total("full_s")
    return {"files": total("files"), "chunks": total("chunks"), "full_s": round(full, 3),
            "chunks_per_s": round(total("chunks") / full, 2) if full else None,
            "noop_s": max(i["noop_s"] for i in ingests), "one_file_s": max(i["one_file_s"] for i in ingests),
            "noop": {"unchanged": sum(i["noop"]["unchanged"] for i in ingests),
                     "chunks_added": sum(i["noop"]["chunks_added"] for i in ingests)},
            "one_file_chunks_reembedded": total("one_file_chunks_reembedded"),
            "edited_file": ", ".join(i["edited_file"] for i in ingests),
            "peak_rss_mb": max(i["peak_rss_mb"] for i in ingests), "per_corpus": True}


def build(runs: list[dict], **parts) -> dict:
    """report.json: the overall summary at the top level (all corpora's queries together), then each
    corpus's own section, breakdowns, baselines and details."""
    records = [r for run in runs for r in run["records"]]
    data = {**parts, **metrics.summarise(records)}
    data["retrieval"]["mrr_cutoff"] = 10
    data["corpora"] = {run["spec"].name: summarise_run(run) for run in runs}
    data["latency"]["cold_start_s"] = max(c["latency"]["cold_start_s"] for c in data["corpora"].values())
    data["baselines"] = {k: baseline_summary(v["label"], [r for run in runs for r in run["baselines"][k]["records"]])
                         for k, v in runs[0]["baselines"].items()}
    data["ingest"] = aggregate_ingest([run["ingest"] for run in runs])
    data["ask_peak_rss_mb"] = max(run["ask"]["peak_rss_mb"] or 0 for run in runs)
    data["by_corpus"] = metrics.breakdown(records, "corpus")
    data["by_audience"] = metrics.breakdown(records, "audience")
    data["targets"] = targets(data)
    data["misses"] = misses(records)
    data["queries"] = records
    return data


# -- Markdown ---------------------------------------------------------------------------------------
def write(data: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "report.md").write_text(markdown(data), encoding="utf-8")
