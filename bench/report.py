"""Turn the measured numbers into report.json (everything) and report.md (tables, targets, misses)."""
from __future__ import annotations

import json
from pathlib import Path

from . import metrics

# (name, json path, comparison, target)
TARGETS = [
    ("route exact", "route.exact", ">=", 0.90),
    ("wrong-side rate", "route.wrong", "<=", 0.03),
    ("bitext router accuracy", "router_bitext.accuracy", ">=", 0.95),
    ("hit@5", "retrieval.hit5", ">=", 0.90),
    ("MRR@10", "retrieval.mrr", ">=", 0.75),
    ("leaks", "leaks", "<=", 0),
    ("latency p50 (ms)", "latency.p50_ms", "<=", 50),
    ("latency p95 (ms)", "latency.p95_ms", "<=", 150),
    ("no-op re-ingest (s)", "ingest.noop_s", "<", 2),
]


def lookup(data: dict, path: str):
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


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
            if r["route"] != r["gold_route"]:
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
def fmt(v, digits: int = 3) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def ratio(ours, base) -> str:
    if ours is None or base is None or base == 0:
        return "n/a"
    return f"{ours / base:.2f}x"


def table(head: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(fmt(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _targets_md(data: dict) -> str:
    mark = {True: "PASS", False: "**FAIL**", None: "not run"}
    return table(["metric", "value", "target", "result"],
                 [[t["name"], t["value"], t["target"], mark[t["pass"]]] for t in data["targets"]])


def _baselines_md(data: dict) -> str:
    b = data["baselines"]
    rows = []
    for name, key, bkey in (("hit@1", "retrieval.hit1", "hit1"), ("hit@5", "retrieval.hit5", "hit5"),
                            ("MRR@10", "retrieval.mrr", "mrr"), ("leaks", "leaks", "leaks"),
                            ("latency p50 (ms)", "latency.p50_ms", "latency.p50_ms"),
                            ("latency p95 (ms)", "latency.p95_ms", "latency.p95_ms")):
        ours, dense, bm25 = lookup(data, key), lookup(b["dense"], bkey), lookup(b["bm25"], bkey)
        rows.append([name, ours, dense, bm25, ratio(ours, dense), ratio(ours, bm25)])
    notes = "\n".join(f"- **{k}**: {v['label']}" for k, v in b.items())
    return (table(["metric", "ours", "dense baseline", "BM25 baseline", "ours vs dense", "ours vs BM25"], rows)
            + "\n\nRatios are ours / baseline: above 1 is better for hit@k and MRR, below 1 is better for latency."
            + "\n\n" + notes + "\n- **ours**: `kb ask --jsonl` (router, hybrid dense + BM25, audience filter,"
            " abstention); its latency is the whole ask (route, retrieve, answer), the baselines' is retrieval only.")


def _groups_md(data: dict) -> str:
    head = ["group", "n", "route exact", "wrong-side", "hedge", "hit@1", "hit@5", "MRR@10", "section hit@1",
            "both: each side", "no-answer P", "no-answer R", "answered (answerable)", "side loss", "leaks",
            "p50 ms", "p95 ms", "max ms"]
    rows = []
    groups = [("overall", data)] + [(f"corpus {k}", v) for k, v in data["by_corpus"].items()] \
        + [(f"audience {k}", v) for k, v in data["by_audience"].items()]
    for name, s in groups:
        r, q, na = s["route"], s["retrieval"], s["no_answer"]
        rows.append([name, s["n"], f"{fmt(r['exact'])} (n={r['n_exact']})", f"{fmt(r['wrong'])} (n={r['n_one_sided']})",
                     r["hedge"], q["hit1"], q["hit5"], q["mrr"], _n(s["sections"]["hit1"], s["sections"]["n"]),
                     f"{fmt(s['both_sides'])} (n={s['n_both']})", na["precision"],
                     f"{fmt(na['recall'])} (n={na['n_none']})", na["answered_rate"],
                     _n(s["side_loss"]["count"], s["side_loss"]["n"]), s["leaks"],
                     s["latency"]["p50_ms"], s["latency"]["p95_ms"], s["latency"]["max_ms"]])
    return table(head, rows)


def _n(value, n) -> str:
    return f"{fmt(value)} (n={n})" if n else "n/a"


def _per_corpus_md(data: dict) -> str:
    """The headline: each corpus, ours vs both baselines, and the bar set by the better one."""
    rows = []
    for name, c in data["corpora"].items():
        b = c["baselines"]
        bars = {t["key"]: t for t in c["targets"]}
        for label, key, bkey in (("hit@1", "retrieval.hit1", "hit1"), ("hit@5", "retrieval.hit5", "hit5"),
                                 ("MRR@10", "retrieval.mrr", "mrr"), ("section hit@1", "sections.hit1", None)):
            if bkey is None and not c["sections"]["n"]:
                continue
            t = bars.get(key)
            bpath = bkey or "sections.hit1"
            rows.append([name, c["retrieval"]["n"] if bkey else c["sections"]["n"], label, lookup(c, key),
                         lookup(b["dense"], bpath), lookup(b["bm25"], bpath), t["target"].split(" (")[0] if t else "-",
                         {True: "PASS", False: "**FAIL**", None: "-"}[t["pass"]] if t else "-"])
    return table(["corpus", "n", "metric", "ours", "dense", "BM25", "target", "result"], rows)


def _corpus_targets_md(data: dict) -> str:
    mark = {True: "PASS", False: "**FAIL**", None: "not measured"}
    rows = [[name, t["name"], t["value"], t["target"], mark[t["pass"]]]
            for name, c in data["corpora"].items() for t in c["targets"]]
    return table(["corpus", "metric", "value", "target", "result"], rows)


def _loco_md(data: dict) -> str:
    lo = data.get("loco")
    if not lo:
        return "_not run (no --loco)_"
    rows = [[r["left_out"], r["chosen"], r["score_chosen"], r["default"], r["score_default"], r["best"],
             r["score_best"]] for r in lo["folds"]]
    return (f"Score: {lo['metric']}. Candidates: {', '.join(f'`{k}`' for k in lo['candidates'])}. Each row picks the "
            "candidate with the best mean score on the other corpora and scores it on the left-out one.\n\n"
            + table(["left out", "chosen on the others", "its score", "default", "default's score",
                     "best here (oracle)", "oracle score"], rows))


def _corpus_md(name: str, c: dict) -> str:
    return "\n\n".join([
        f"### {name}",
        (f"{c['origin'] or ''} Config `{c['config_file']}`, queries `{c['queries_file']}` (n={c['n']}), "
        f"gold relative to `{c['gold_root']}`. Cold start {fmt(c['latency']['cold_start_s'], 2)} s."),
        _baselines_md(c), _ingest_md(c)])


def _ingest_md(data: dict) -> str:
    i = data["ingest"]
    rows = [["full build", i["full_s"],
             f"{i['files']} files, {i['chunks']} chunks, {fmt(i['chunks_per_s'], 1)} chunks/s"],
            ["no-op re-ingest", i["noop_s"], (f"{i['noop']['unchanged']} files unchanged, "
                                              f"{i['noop']['chunks_added']} chunks re-embedded")],
            ["one file edited", i["one_file_s"],
             f"{i['edited_file']}: {i['one_file_chunks_reembedded']} chunks re-embedded"],
            ["peak memory (bench process, ingest)", "", f"{i['peak_rss_mb']} MB"],
            ["peak memory (`kb ask` process)", "", f"{data['ask_peak_rss_mb']} MB"]]
    return table(["step", "seconds", "detail"], rows)


def _router_md(r: dict | None) -> str:
    if not r:
        return "_not run (no --router-queries)_"
    lines = [(f"n={r['n']}, accuracy **{fmt(r['accuracy'])}**, balanced accuracy **{fmt(r['balanced_accuracy'])}**, "
             f"hedge (predicted both) {fmt(r['hedge'])}. route() latency with the query vectors embedded beforehand "
             f"in batches (so retrieval and decision only): p50 {fmt(r['latency']['p50_ms'], 1)} ms, "
             f"p95 {fmt(r['latency']['p95_ms'], 1)} ms."), "",
             table(["class", "recall"], [[c, v] for c, v in r["recall"].items()]), "",
             "Confusion (rows gold, columns predicted):", ""]
    cols = sorted({p for row in r["confusion"].values() for p in row})
    lines.append(table(["gold \\ predicted", *cols],
                       [[g, *[row.get(c, 0) for c in cols]] for g, row in r["confusion"].items()]))
    worst = [[k, v["route"], v["n"], v["accuracy"]] for k, v in r["by_intent"].items() if v["accuracy"] < 1][:12]
    if worst:
        lines += ["", "Intents with the most misroutes:", "", table(["intent", "gold", "n", "accuracy"], worst)]
    if r["examples_wrong"]:
        lines += ["", "Examples of misrouted queries (up to 3 per intent):", ""]
        lines += [f"- `{e['intent']}` gold {e['gold']}, got {e['predicted']}: {e['query']}"
                  for e in r["examples_wrong"]]
    return "\n".join(lines)


def _misses_md(data: dict) -> str:
    if not data["misses"]:
        return "None."
    out = []
    for m in data["misses"]:
        gold = set(m["gold"])
        cited = ", ".join(f"`{c}`" + (" (gold)" if c in gold else "") for c in m["cited"]) or "nothing"
        out.append(f"- **{m['id']}** ({m['corpus']}, {m['audience']}; {'; '.join(m['why'])}): {m['query']}\n"
                   f"  - gold ({m['gold_route']}): {', '.join(f'`{g}`' for g in m['gold']) or 'none'}\n"
                   f"  - routed {m['route']}: {m['route_reason']}\n"
                   f"  - cited: {cited}")
    return "\n".join(out)


def _first_gold_rank(r: dict):
    return next((n for n, c in enumerate(r["cited"], 1) if c in set(r["gold"])), None)


def _queries_md(data: dict) -> str:
    rows = [[r["id"], r["corpus"], r["audience"], r["gold_route"], r["route"], _first_gold_rank(r) or "-",
             r["answered"], r["latency_ms"]] for r in data["queries"]]
    return table(["id", "corpus", "audience", "gold route", "routed", "first gold rank", "answered", "ms"], rows)


def markdown(data: dict) -> str:
    m = data["machine"]
    lat = data["latency"]
    return "\n\n".join([
        "# Benchmark report",
        (f"{m['date']} on {m['cpus']} x {m['cpu_model']}, Python {m['python']}, commit {m['commit']}, "
        f"load average {m['load_avg_1m_at_start']} at start and {m['load_avg_1m']} at the end (a shared machine: "
        "latencies are noisy). "
        f"Suite `{data.get('suite_file') or '-'}`, corpora: {', '.join(data['corpora'])} (n={data['n']} queries). "
        "Rates are shares (0-1); n=… shows how few queries stand behind a number."),
        "## Per corpus: ours vs both baselines",
        ("Baselines search only the chunks the query's audience may see. Target: at least 1.05x the better "
        "baseline (at most 0.98) on hit@5 and MRR@10."),
        _per_corpus_md(data),
        "## Targets per corpus", _corpus_targets_md(data),
        "## Leave-one-corpus-out", _loco_md(data),
        "## Targets (all corpora together)", _targets_md(data),
        "## Ours vs baselines, all corpora together (same questions, same chunks)", _baselines_md(data),
        "## Routing, retrieval and answers",
        (f"Cold start of `kb ask --jsonl` to its first answer: **{fmt(lat['cold_start_s'], 2)} s** (slowest corpus). "
        "Latency is `timings_ms.total` of each warm query. MRR is over distinct cited files, cutoff 10. "
        "Section hit@1: the lead citation's `file#anchor` is a gold section. Side loss: answerable queries with a "
        "gold file in the other side's top 5 (the side not shown) that was not cited, out of n measured. "
        "Abstaining (answered = false) is the 'no answer' prediction."),
        _groups_md(data),
        "## Each corpus", *[_corpus_md(k, v) for k, v in data["corpora"].items()],
        "## Router alone on the bitext set", _router_md(data.get("router_bitext")),
        f"## Misses ({len(data['misses'])})",
        "Answerable queries routed wrong or with no gold file in the top 5, unanswerable queries answered, and leaks.",
        _misses_md(data),
        "## All queries", _queries_md(data),
    ]) + "\n"


def write(data: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "report.md").write_text(markdown(data), encoding="utf-8")
