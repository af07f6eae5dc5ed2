"""The benchmark harness: metric functions against hand-computed examples, the throwaway workspace,
the report, and one end-to-end run on the small corpus."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from bench import metrics, report, workspace
from bench.readme_table import table as readme_table


def rec(gold_route="service", route="service", gold=("service/a.md",), cited=(), answered=True, leak=False,
        latency=10.0, sides=None, **extra):
    gold = list(gold)
    return {"id": extra.get("id", "q"), "query": "q?", "corpus": extra.get("corpus", "c"),
            "audience": extra.get("audience", "customer"), "gold_route": gold_route, "route": route,
            "route_reason": "", "gold": gold, "gold_sides": sides or {g: g.split("/")[0] for g in gold},
            "cited": list(cited), "answered": answered, "latency_ms": latency, "leak": leak}


# -- metrics --------------------------------------------------------------------------------------
def test_hit_at_k_counts_distinct_files_in_order():
    ranked = ["a", "a", "b", "c", "d", "e", "gold"]
    assert metrics.hit_at_k(ranked, ["gold"], 5) == 0          # distinct: a b c d e | gold is 6th
    assert metrics.hit_at_k(ranked, ["gold"], 6) == 1
    assert metrics.hit_at_k(ranked, ["b", "x"], 1) == 0
    assert metrics.hit_at_k(ranked, ["a"], 1) == 1
    assert metrics.hit_at_k([], ["a"], 5) == 0


def test_reciprocal_rank_uses_first_gold_and_cutoff():
    assert metrics.reciprocal_rank(["x", "x", "y", "g"], ["g"]) == pytest.approx(1 / 3)
    assert metrics.reciprocal_rank(["g2", "g1"], ["g1", "g2"]) == 1.0
    assert metrics.reciprocal_rank(["x", "g"], ["g"], k=1) == 0.0
    assert metrics.reciprocal_rank([], ["g"]) == 0.0


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 11)]          # 1..10
    assert metrics.percentile(values, 50) == 5.0
    assert metrics.percentile(values, 90) == 9.0
    assert metrics.percentile(values, 95) == 10.0
    assert metrics.percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert metrics.percentile([7.0], 0) == 7.0
    assert metrics.percentile([], 50) is None


def test_route_scores_separate_exact_wrong_side_and_hedge():
    records = [
        rec("service", "service"), rec("service", "support"), rec("support", "both"), rec("support", "support"),
        rec("both", "service", gold=["service/a.md", "support/b.md"]),
        rec("none", "support", gold=[]),                  # unanswerable: not in any route metric
    ]
    s = metrics.route_scores(records)
    assert s["n_exact"] == 5 and s["exact"] == pytest.approx(2 / 5)
    assert s["n_one_sided"] == 4
    assert s["wrong"] == pytest.approx(1 / 4)            # only service -> support
    assert s["hedge"] == pytest.approx(1 / 4)            # support -> both


def test_retrieval_scores_skip_unanswerable_queries():
    records = [rec(cited=["service/a.md"]), rec(cited=["x", "y", "service/a.md"]), rec(cited=[]),
               rec("none", gold=[], cited=["x"])]
    s = metrics.retrieval_scores(records)
    assert s["n"] == 3
    assert s["hit1"] == pytest.approx(1 / 3)
    assert s["hit5"] == pytest.approx(2 / 3)
    assert s["mrr"] == pytest.approx((1 + 1 / 3 + 0) / 3)


def test_no_answer_precision_and_recall():
    records = [rec("none", gold=[], answered=False), rec("none", gold=[], answered=True),
               rec("service", answered=False), rec("service")]
    s = metrics.no_answer_scores(records)
    assert s["precision"] == 0.5 and s["recall"] == 0.5 and s["abstained"] == 2 and s["n_none"] == 2
    never = metrics.no_answer_scores([rec("none", gold=[]), rec()])
    assert never["precision"] is None and never["recall"] == 0.0


def test_both_sides_share_needs_a_gold_file_from_each_side():
    gold = ["service/a.md", "support/b.md"]
    records = [rec("both", "both", gold=gold, cited=["support/b.md", "x", "service/a.md"]),
               rec("both", "both", gold=gold, cited=["support/b.md", "support/c.md"]),
               rec("service", cited=["service/a.md"])]
    assert metrics.both_sides_share(records) == (0.5, 2)


def test_classification_confusion_balanced_accuracy_and_hedge():
    gold = ["service"] * 4 + ["support"] * 2
    predicted = ["service", "service", "service", "both", "support", "service"]
    s = metrics.classification(gold, predicted)
    assert s["accuracy"] == pytest.approx(4 / 6)
    assert s["recall"] == {"service": 0.75, "support": 0.5}
    assert s["balanced_accuracy"] == pytest.approx(0.625)
    assert s["hedge"] == pytest.approx(1 / 6)
    assert s["confusion"]["service"] == {"both": 1, "service": 3, "support": 0}
    assert s["confusion"]["support"] == {"both": 0, "service": 1, "support": 1}


def test_summarise_counts_leaks_and_breaks_down_by_key():
    records = [rec(leak=True, corpus="a", latency=5.0), rec(corpus="b", latency=20.0), rec(corpus="b", latency=None)]
    s = metrics.summarise(records)
    assert s["leaks"] == 1 and s["latency"]["n"] == 2 and s["latency"]["p50_ms"] == 5.0
    by = metrics.breakdown(records, "corpus")
    assert set(by) == {"a", "b"} and by["a"]["leaks"] == 1 and by["b"]["n"] == 2


# -- report ---------------------------------------------------------------------------------------
def test_misses_name_the_reason():
    records = [rec(id="ok", cited=["service/a.md"]),
               rec(id="route", route="support", cited=["service/a.md"]),
               rec(id="retrieval", cited=["service/z.md"]),
               rec(id="abstain", answered=False),
               rec(id="none", gold_route="none", gold=[], cited=["service/z.md"]),
               rec(id="leak", cited=["service/a.md"], leak=True),
               rec(id="oneside", gold_route="both", route="both", gold=["service/a.md", "support/b.md"],
                   cited=["service/a.md"])]
    why = {m["id"]: m["why"] for m in report.misses(records)}
    assert "ok" not in why
    assert why["route"] == ["route service -> support"]
    assert why["retrieval"] == ["no gold file in top 5"]
    assert why["abstain"] == ["abstained"]
    assert why["none"] == ["answered an unanswerable query"]
    assert why["leak"][0].startswith("LEAK")
    assert why["oneside"] == ["both: gold cited from one side only"]


def test_targets_pass_fail_and_not_run():
    data = {"route": {"exact": 0.95, "wrong": 0.05}, "retrieval": {"hit5": 0.9, "mrr": 0.7}, "leaks": 0,
            "latency": {"p50_ms": 40.0, "p95_ms": 151.0}, "ingest": {"noop_s": 2.0}, "router_bitext": None}
    got = {t["key"]: t["pass"] for t in report.targets(data)}
    assert got == {"route.exact": True, "route.wrong": False, "router_bitext.accuracy": None,
                   "retrieval.hit5": True, "retrieval.mrr": False, "leaks": True, "latency.p50_ms": True,
                   "latency.p95_ms": False, "ingest.noop_s": False}


# -- workspace ------------------------------------------------------------------------------------
def test_dump_toml_round_trips_a_config():
    data = {"store": {"path": "/tmp/x y/store"},
            "corpora": {"support": {"description": 'quote " and \\ backslash, ünïcode', "paths": ["a", "b"],
                                    "public": ["a/**"]}},
            "router": {"both_margin": 0.15, "weights": {"intent": 0.9, "bias": -1}, "examples": {"service": ["x"]}},
            "chunking": {"max_tokens": 200}, "flag": True}
    assert tomllib.loads(workspace.dump_toml(data)) == data


def test_workspace_copies_corpus_and_keeps_paths_and_globs_meaningful(make_kb, tmp_path):
    original = make_kb()
    ws = workspace.create(original.file, tmp_path / "bench")
    cfg = ws.config()
    assert cfg.store_path == tmp_path / "bench" / "store"
    for name, corpus in cfg.corpora.items():
        for p in corpus.paths:
            assert p.is_relative_to(ws.mirror) and ws.unmirrored(p) in original.corpora[name].paths
    copy = ws.mirrored(original.root / "docs/support/public/login.md")
    assert copy.read_text() == (original.root / "docs/support/public/login.md").read_text()
    rel = cfg.rel(copy)
    assert rel == "docs/support/public/login.md"
    assert cfg.corpora["support"].audience_for(rel) == "public"
    assert cfg.corpora["support"].audience_for("docs/support/runbooks/sso.md") == "internal"
    assert ws.source_to_original(rel) == original.root / "docs/support/public/login.md"
    copy.write_text("edited")                                  # the copy is writable, the original untouched
    assert "Clock skew" in (original.root / "docs/support/public/login.md").read_text()


# -- end to end -----------------------------------------------------------------------------------
@pytest.mark.slow
def test_bench_end_to_end_on_the_small_corpus(make_kb, tmp_path, capsys):
    from bench.__main__ import main
    config = make_kb()
    queries = [
        {"id": "q1", "query": "Can I get a refund on my annual plan?", "route": "service",
         "gold": ["docs/service/refunds.md"], "audience": "customer"},
        {"id": "q2", "query": "SSO-104 clock skew too large when I log in", "route": "support",
         "gold": ["docs/support/public/login.md"], "audience": "customer"},
        {"id": "q3", "query": "The SSO certificate was rotated, compare the fingerprint in the SAML trace",
         "route": "support", "gold": ["docs/support/runbooks/sso.md"], "audience": "agent"},
    ]
    qfile = tmp_path / "queries.jsonl"
    qfile.write_text("".join(json.dumps(q) + "\n" for q in queries))
    rfile = tmp_path / "router.jsonl"
    rfile.write_text(json.dumps({"query": "how do I invite a teammate", "route": "service"}) + "\n")
    out = tmp_path / "out"
    assert main(["--config", str(config.file), "--queries", str(qfile), "--router-queries", str(rfile),
                 "--out", str(out)]) == 0
    data = json.loads((out / "report.json").read_text())
    assert data["n"] == 3 and data["retrieval"]["n"] == 3
    assert data["ingest"]["chunks"] > 0 and data["ingest"]["noop"]["chunks_added"] == 0
    assert data["ingest"]["one_file_chunks_reembedded"] > 0
    assert data["leaks"] == 0
    q1 = next(r for r in data["queries"] if r["id"] == "q1")
    assert q1["cited"][0] == "docs/service/refunds.md"       # cited source mapped back to the gold form
    assert data["router_bitext"]["n"] == 1
    assert (config.root / "docs/service/refunds.md").read_text().count("Benchmark edit") == 0
    md = (out / "report.md").read_text()
    assert "## Targets" in md and "## Misses" in md
    assert "| hit@5 |" in readme_table(data)


# -- router eval ----------------------------------------------------------------------------------
class CountingEmbedder:
    model_id = "fake"

    def __init__(self):
        self.calls = []

    def embed(self, texts):
        self.calls.append(list(texts))
        return [[float(len(t))] for t in texts]


def test_primed_embedder_embeds_in_batches_and_falls_back_for_unprimed_text():
    from bench.router_eval import PrimedEmbedder
    inner = CountingEmbedder()
    primed = PrimedEmbedder(inner, batch=2)
    primed.prime(["a", "bb", "a", "ccc"])
    assert inner.calls == [["a", "bb"], ["ccc"]]
    assert primed.embed(["ccc", "a"]) == [[3.0], [1.0]] and len(inner.calls) == 2
    assert primed.embed(["dddd"]) == [[4.0]] and inner.calls[-1] == ["dddd"]
    assert primed.model_id == "fake"


def test_texts_to_prime_match_what_the_engine_embeds():
    from bench.router_eval import texts_to_prime
    assert texts_to_prime("  how   do I cancel?  ") == ["how do I cancel?"]
    mixed = texts_to_prime("my payment failed and now I cannot log in to the dashboard")
    assert mixed[0] == "my payment failed and now I cannot log in to the dashboard" and len(mixed) >= 3
    assert texts_to_prime("   ") == []


def test_resolver_maps_gold_and_citations_to_one_form(make_kb, tmp_path):
    from bench.run_queries import Resolver, record
    original = make_kb()
    ws = workspace.create(original.file, tmp_path / "bench")
    resolver = Resolver(ws, original.root / "docs")          # gold relative to docs/<corpus>/
    query = {"id": "q", "query": "refund?", "corpus": "service", "gold": ["refunds.md"], "audience": "customer"}
    result = {"route": {"label": "service"}, "answered": True, "timings_ms": {"total": 5.0}, "citations": [
        {"source": "docs/support/runbooks/sso.md", "corpus": "support", "audience": "internal"},
        {"source": "docs/service/refunds.md", "corpus": "service", "audience": "public"},
        {"source": "docs/service/refunds.md", "corpus": "service", "audience": "public"}]}
    r = record(query, result, resolver)
    assert r["gold"] == ["refunds.md"] and r["gold_sides"] == {"refunds.md": "service"}
    assert r["gold_route"] == "service"                       # derived from gold when the query has no route
    assert r["cited"] == ["support/runbooks/sso.md", "refunds.md"]   # other corpus: relative to the root
    assert r["leak"] is True
    assert record({**query, "audience": "agent"}, result, resolver)["leak"] is False
