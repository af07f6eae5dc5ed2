"""report.md: the measured numbers as tables, targets, misses and every query (bench/report.py builds them)."""
from __future__ import annotations


def lookup(data: dict, path: str):
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


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
             f"hedge (predicted both) {fmt(r['hedge'])}, wrong side {fmt(r.get('wrong_side'))}. "
             f"route() latency with the query vectors embedded beforehand "
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
        "Latency is `timings_ms.total` of each warm query. MRR is over distinct cited files, cutoff 10; the "
        "cited files of a declined question are the closest passages it names (shown, and not as an answer). "
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
