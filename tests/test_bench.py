"""The benchmark harness: metric functions against hand-computed examples, the throwaway workspace,
the report, and one end-to-end run on the small corpus."""
from __future__ import annotations

import json
import re
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
        rec("-", "support"),                              # a one-sided corpus: route not judged
    ]
    s = metrics.route_scores(records)
    assert s["n_exact"] == 5 and s["exact"] == pytest.approx(2 / 5)
    assert s["n_one_sided"] == 4
    assert s["wrong"] == pytest.approx(1 / 4)            # only service -> support
    assert s["hedge"] == pytest.approx(1 / 4)            # support -> both


def test_an_unjudged_route_is_no_miss_but_its_ranking_is_scored():
    r = rec("-", "support", cited=["x.md"])
    assert report.misses([r])[0]["why"] == ["no gold file in top 5"]
    assert report.misses([rec("-", "support", cited=["service/a.md"])]) == []
    assert metrics.retrieval_scores([r])["hit5"] == 0 and metrics.retrieval_scores([r])["n"] == 1


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
    assert s["wrong_side"] == pytest.approx(1 / 6)        # support -> service; the hedge is not a wrong side
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
    data = {"route": {"exact": 0.95, "wrong": 0.05, "hedge": 0.06}, "retrieval": {"hit5": 0.9, "mrr": 0.7}, "leaks": 0,
            "latency": {"p50_ms": 40.0, "p95_ms": 151.0}, "ingest": {"noop_s": 2.0}, "router_bitext": None}
    got = {t["key"]: t["pass"] for t in report.targets(data)}
    assert got == {"route.exact": True, "route.wrong": False, "route.hedge": False, "router_bitext.accuracy": None, "router_bitext.wrong_side": None,
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


# -- per corpus, sections, side loss, leave-one-corpus-out ----------------------------------------
def test_section_hit_counts_the_lead_citation_only():
    gold = {"gold_sections": ["service/a.md#x"]}
    records = [{**rec(), **gold, "cited_sections": ["service/a.md#x", "service/a.md#y"]},
               {**rec(), **gold, "cited_sections": ["service/a.md#y", "service/a.md#x"]},
               {**rec(), **gold, "cited_sections": []},
               rec()]                                           # no section gold: not counted
    s = metrics.section_scores(records)
    assert s["n"] == 3 and s["hit1"] == pytest.approx(1 / 3) and s["hit5"] == pytest.approx(2 / 3)


def test_side_loss_needs_gold_in_the_other_sides_top_5_and_not_shown():
    lost = {**rec(gold=["support/b.md"], cited=["service/a.md"]), "other_side_top": ["x", "support/b.md"]}
    shown = {**rec(gold=["support/b.md"], cited=["support/b.md"]), "other_side_top": ["support/b.md"]}
    too_low = {**rec(gold=["support/b.md"], cited=[]), "other_side_top": ["1", "2", "3", "4", "5", "support/b.md"]}
    unmeasured = rec(gold=["support/b.md"])
    assert [metrics.side_loss(r) for r in (lost, shown, too_low, unmeasured)] == [True, False, False, None]
    s = metrics.side_loss_scores([lost, shown, too_low, unmeasured])
    assert s == {"rate": pytest.approx(1 / 3), "count": 1, "n": 3}


def test_shown_sides_reads_route_parts_and_citations():
    from bench.sideloss import shown_sides
    assert shown_sides({"route": {"label": "service", "collections": ["service"]}, "citations": []}) == {"service"}
    assert shown_sides({"route": {"label": "service", "collections": ["service"]},
                        "citations": [{"corpus": "support"}]}) == {"service", "support"}
    assert shown_sides({"route": {"label": "support"}, "parts": [{"label": "both"}]}) == {"service", "support"}


def test_baseline_target_is_5_percent_above_the_better_baseline_capped_at_098():
    assert metrics.baseline_target(0.8) == pytest.approx(0.84)
    assert metrics.baseline_target(0.95) == 0.98 and metrics.baseline_target(None) is None


def _fake_run(name: str, records: list[dict], dense: list[dict], bm25: list[dict]) -> dict:
    from bench.suite import CorpusSpec
    ingest = {"files": 1, "chunks": 2, "full_s": 1.0, "chunks_per_s": 2.0, "noop_s": 0.1, "one_file_s": 0.2,
              "noop": {"unchanged": 1, "chunks_added": 0}, "one_file_chunks_reembedded": 1, "edited_file": "a.md",
              "peak_rss_mb": 10.0}
    return {"spec": CorpusSpec(name, Path("c.toml"), Path("q.jsonl"), Path("root")), "records": records,
            "ask": {"cold_start_s": 1.0, "wall_ms": [1.0], "peak_rss_mb": 5.0}, "ingest": ingest,
            "baselines": {"dense": {"label": "d", "records": dense}, "bm25": {"label": "b", "records": bm25}}}


def test_report_has_a_section_and_baseline_targets_per_corpus():
    hit, miss = rec(cited=["service/a.md"]), rec(cited=["service/z.md"])
    runs = [_fake_run("one", [hit, hit], dense=[hit, miss], bm25=[miss, miss]),
            _fake_run("two", [{**hit, "corpus": "two"}, {**miss, "corpus": "two"}], dense=[hit, hit], bm25=[hit, hit])]
    data = report.build(runs, machine={"date": "d", "cpus": 2, "cpu_model": "x", "python": "3", "commit": "c",
                                       "load_avg_1m_at_start": 0, "load_avg_1m": 0}, router_bitext=None)
    one, two = data["corpora"]["one"], data["corpora"]["two"]
    assert one["baselines"]["dense"]["hit5"] == 0.5 and one["baselines"]["bm25"]["hit5"] == 0.0
    bars = {t["key"]: t for t in one["targets"]}
    assert bars["retrieval.hit5"]["pass"] is True and "1.05 x dense 0.500" in bars["retrieval.hit5"]["target"]
    assert {t["key"]: t["pass"] for t in two["targets"]}["retrieval.hit5"] is False      # 0.5 vs bar 0.98
    assert data["retrieval"]["n"] == 4 and data["baselines"]["dense"]["hit5"] == 0.75
    assert data["ingest"]["chunks"] == 4 and data["ingest"]["noop_s"] == 0.1
    md = report.markdown(data)
    assert "### one" in md and "### two" in md and "## Leave-one-corpus-out" in md
    assert "| hit@5 |" in readme_table(data)


def test_loco_chooses_on_the_other_corpora_only():
    from bench import loco
    table = {"a": {"default": 0.5, "x": 0.9}, "b": {"default": 0.6, "x": 0.8}, "c": {"default": 0.9, "x": 0.1}}
    assert loco.choose(table, "c") == "x"                 # x wins on a and b; c's own numbers are not looked at
    assert loco.choose(table, "a") == "default"            # (0.6 + 0.9) / 2 > (0.8 + 0.1) / 2
    fold = {f["left_out"]: f for f in loco.folds(table)}
    assert fold["c"]["chosen"] == "x" and fold["c"]["score_chosen"] == 0.1 and fold["c"]["best"] == "default"


def test_loco_overrides_merge_into_the_read_path_sections(make_kb, tmp_path):
    from bench import loco
    config = make_kb()
    over = loco.with_overrides(config, {"retrieval": {"bm25_weight": 2.0}, "router": {"weights": {"bias": 1.0}}})
    assert over.retrieval["bm25_weight"] == 2.0 and over.router["weights"]["bias"] == 1.0
    assert over.corpora == config.corpora and config.retrieval.get("bm25_weight") != 2.0
    bad = tmp_path / "c.toml"
    bad.write_text("[x]\nchunking = { max_tokens = 100 }\n")
    with pytest.raises(ValueError, match="may only override"):
        loco.load_candidates(bad)
    assert next(iter(loco.load_candidates(Path(__file__).parent.parent / "bench/loco_candidates.toml"))) == "default"


# -- the bench's own data -------------------------------------------------------------------------
BENCH = Path(__file__).resolve().parent.parent / "bench"


def _own_corpora():
    from bench.suite import load_suite
    return {s.name: s for s in load_suite(BENCH / "suite.toml", ["covid-faq", "quillhub", "techqa"])}


def test_suite_errors_name_the_entry(tmp_path):
    from bench.suite import SuiteError, load_suite
    f = tmp_path / "s.toml"
    f.write_text('[[corpus]]\nname = "x"\nconfig = "nope.toml"\nqueries = "q"\nroot = "."\n')
    with pytest.raises(SuiteError, match="corpus 'x'.*nope.toml does not exist"):
        load_suite(f)
    f.write_text('[[corpus]]\nname = "x"\n')
    with pytest.raises(SuiteError, match="#1 lacks config, queries, root"):
        load_suite(f)


def test_suite_checks_only_the_corpora_asked_for(tmp_path):
    """`--only` runs on a machine without the other corpora's files (a clean clone has no ../shared)."""
    from bench.suite import SuiteError, load_suite
    f = tmp_path / "s.toml"
    (tmp_path / "c.toml").write_text("")
    f.write_text('[[corpus]]\nname = "gone"\nconfig = "nope.toml"\nqueries = "q"\nroot = "."\n'
                 '[[corpus]]\nname = "here"\nconfig = "c.toml"\nqueries = "c.toml"\nroot = "."\n')
    assert [s.name for s in load_suite(f, ["here"])] == ["here"]
    with pytest.raises(SuiteError, match="corpus 'gone'.*nope.toml does not exist"):
        load_suite(f)


def test_every_suite_corpus_has_ten_unanswerable_questions():
    """No-answer recall is reported per corpus (issue 8 item 3): each corpus needs >= 10 questions without gold,
    which for three of them come from bench/unanswerable.jsonl through `more_queries`."""
    from bench.suite import SuiteError, load_suite
    try:
        specs = load_suite(BENCH / "suite.toml")
    except SuiteError as e:             # the development set lives beside the project (../shared)
        pytest.skip(str(e))
    for spec in specs:
        queries = spec.queries()
        assert len({q["id"] for q in queries}) == len(queries), spec.name
        assert sum(1 for q in queries if not q["gold"]) >= 10, spec.name


def test_third_party_corpus_has_enough_questions_and_every_gold_file_exists():
    spec = _own_corpora()["covid-faq"]
    queries = spec.queries()
    answerable = [q for q in queries if q["gold"]]
    assert len(answerable) >= 150 and len(queries) - len(answerable) >= 10
    for q in queries:
        sides = {g.split("/")[0] for g in q["gold"]}
        assert q["route"] == ("none" if not sides else sides.pop() if len(sides) == 1 else "both"), q["id"]
        assert all((spec.root / g).is_file() for g in q["gold"]), q["id"]
    assert (BENCH / "corpora/covid-faq/SOURCES.md").read_text().count("licence") >= 1


def test_techqa_is_third_party_with_real_gold_and_unjudged_routes():
    spec = _own_corpora()["techqa"]
    queries = spec.queries()
    answerable = [q for q in queries if q["gold"]]
    assert len(answerable) >= 150 and len(queries) - len(answerable) >= 10
    assert len({q["query"] for q in queries}) == len(queries)          # repeated posts kept once
    # ...and reposts too (a little more or less text): 17 were counted twice, 5 of them as unanswerable
    words = [" ".join(re.findall(r"[a-z0-9]+", q["query"].lower())) for q in queries]
    assert not [(a, b) for i, a in enumerate(words) for b in words[i + 1:] if a.startswith(b) or b.startswith(a)]
    for q in answerable:
        assert q["route"] == metrics.UNJUDGED and q["source"].startswith("TechQA-RAG-Eval"), q["id"]
        assert all((spec.root / g).is_file() for g in q["gold"]), q["id"]
    assert not [p for p in (spec.root / "service").iterdir() if p.suffix == ".md"]     # no distractors added
    assert "Apache-2.0" in (BENCH / "corpora/techqa/SOURCES.md").read_text()


def test_quillhub_questions_point_at_real_sections_a_customer_may_see():
    from ingest.config import load_config
    from ingest.markdown import parse
    spec = _own_corpora()["quillhub"]
    config = load_config(spec.config)
    queries = spec.queries()
    assert len([q for q in queries if q["gold"]]) >= 40
    assert {(q["route"], q["audience"]) for q in queries} >= {("service", "customer"), ("support", "agent"),
                                                              ("support", "customer"), ("service", "agent")}
    for q in queries:
        assert {s.split("#")[0] for s in q["gold_sections"]} == set(q["gold"]), q["id"]
        for s in q["gold_sections"]:
            file, anchor = s.split("#")
            path = spec.root / file
            doc = parse(path.read_text(encoding="utf-8"), file)
            assert anchor in {x.anchor for x in doc.sections}, s
            corpus = config.corpora[file.split("/")[0]]
            audience = doc.meta.get("audience") or corpus.audience_for(config.rel(path))
            assert q["audience"] == "agent" or audience == "public", (q["id"], s)


def test_layouts_keep_each_page_findable_by_its_lines(tmp_path):
    """bench.layouts lays the same pages out as pages, chapters and one manual per side; a citation is scored by
    the lines it covers, so each page's recorded lines must hold that page's text and nothing else."""
    from bench.layouts import lay_out
    docs = tmp_path / "docs"
    for rel, text in {"service/Sync/Set up.md": "---\ntitle: x\n---\n# Set up\n\nPick a vault.\n\n## Steps\nOne.\n",
                      "service/Sync/Plans.md": "Plans cost money.\n",
                      "service/Home.md": "Welcome home.\n",
                      "support/Fix.md": "# Fix it\nRestart.\n"}.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text)
    for layout, files in (("pages", 4), ("chapters", 3), ("manual", 2)):
        pages = lay_out(docs, tmp_path / layout, layout)
        assert len({f for f, _, _ in pages.values()}) == files
        for rel, (file, first, last) in pages.items():
            lines = (tmp_path / layout / "docs" / file).read_text().splitlines()[first - 1:last]
            own = (docs / rel).read_text().split("---\n")[-1].split("\n")[-2]      # the page's last line
            assert own in "\n".join(lines), (layout, rel)
            others = [p for p in pages if p != rel and pages[p][0] == file]
            assert not any((docs / o).read_text().split("\n")[-2] in "\n".join(lines) for o in others)
    manual = (tmp_path / "manual" / "docs" / "service" / "manual.md").read_text()
    assert "## Set up\n\n## Set up" not in manual and "### Steps" in manual and "title: x" not in manual


def test_ingest_timing_edits_a_file_of_a_corpus_that_has_one(tmp_path):
    """A corpus may be empty (techqa's service side): the one-file re-ingest edits a file of the next one."""
    from bench.ingest_timing import _file_to_edit
    from ingest.config import load_config
    for side in ("service", "support"):
        (tmp_path / side).mkdir()
    (tmp_path / "support/a.md").write_text("# A\n\ntext\n")
    (tmp_path / "config.toml").write_text(
        '[store]\npath = "store"\n[corpora.service]\ndescription = "s"\npaths = ["service"]\naudience = "public"\n'
        '[corpora.support]\ndescription = "t"\npaths = ["support"]\naudience = "public"\n')
    assert _file_to_edit(load_config(tmp_path / "config.toml")) == tmp_path / "support/a.md"
    (tmp_path / "support/a.md").unlink()
    with pytest.raises(ValueError, match="no corpus has a file to edit"):
        _file_to_edit(load_config(tmp_path / "config.toml"))


def test_answerability_is_fitted_on_the_text_the_product_searches(bundled_kb, embedder):
    """bench.fit_answerability fitted the raw question while the product searches it spelling-corrected, so a
    misspelt question was fitted on other features than those it is answered with. Control: the misspelling
    does change the features of the raw text."""
    from app import answerability
    from bench.fit_answerability import rows_for
    config, kb = bundled_kb
    misspelt, corrected = "How do I reset my pasword?", "How do I reset my password?"
    assert kb.retriever.correct(misspelt, "customer") == corrected
    rows = rows_for(config, [{"id": "a", "query": misspelt, "gold": ["x"]},
                                  {"id": "b", "query": corrected, "gold": ["x"]}], embedder)
    assert {k: v for k, v in rows[0].items() if k != "id"} == {k: v for k, v in rows[1].items() if k != "id"}
    [raw] = kb.retriever.search_all([misspelt], [embedder.embed([misspelt])[0]], "customer")
    assert answerability.features(raw)["dense_top"] != rows[0]["dense_top"]
