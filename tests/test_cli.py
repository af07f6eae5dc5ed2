"""The `kb` command-line contract: JSON shapes, JSON lines, exit codes and messages.
Mostly in-process through app.cli.main(argv); two real subprocess runs check the installed entry point."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import build_parser

RUNBOOK_QUOTE = ("open the Support Console, find the workspace, and compare the certificate fingerprint "
                 "with the one in the SAML trace")


def _check_route(route: dict) -> None:
    assert set(route) >= {"label", "collections", "confidence", "reason"}
    assert route["label"] in ("service", "support", "both")
    assert isinstance(route["collections"], list) and set(route["collections"]) <= {"service", "support"}
    assert isinstance(route["confidence"], float) and 0 <= route["confidence"] <= 1
    assert isinstance(route["reason"], str) and route["reason"]


def _check_result(r: dict) -> None:
    assert set(r) >= {"query", "route", "answered", "answer", "citations", "timings_ms"}
    _check_route(r["route"])
    assert isinstance(r["answered"], bool) and isinstance(r["answer"], str)
    assert isinstance(r["timings_ms"], dict)
    for c in r["citations"]:
        assert set(c) >= {"n", "corpus", "source", "title", "section", "anchor", "snippet", "score"}
        assert isinstance(c["n"], int) and c["corpus"] in ("service", "support")
        assert isinstance(c["score"], float)


def test_ask_json(cli):
    code, out, err = cli("ask", "How do I get a refund?", "--json")
    assert code == 0
    r = json.loads(out)
    _check_result(r)
    assert r["query"] == "How do I get a refund?" and r["answered"] is True
    assert r["citations"][0]["source"] == "docs/service/refunds.md"


def test_ask_human_output_lists_sources(cli):
    code, out, _ = cli("ask", "How do I get a refund?")
    assert code == 0
    assert out.startswith("Route: service") and "Sources:" in out and "[1] docs/service/refunds.md#" in out


def test_a_declined_question_lists_its_closest_passages_as_not_an_answer(cli):
    code, out, _ = cli("ask", "Can I transfer my plan to a friend?")
    assert code == 0
    assert "I couldn't find an answer" in out
    assert "Closest passages (not an answer):" in out and "Sources:" not in out


def test_ask_jsonl_one_result_per_line_with_audience_per_line(cli):
    lines = [{"query": "How do I get a refund?"},
             {"query": RUNBOOK_QUOTE, "audience": "agent"},
             {"query": RUNBOOK_QUOTE, "audience": "customer"}]
    stdin = "\n".join(json.dumps(l) for l in lines[:2]) + "\n\n" + json.dumps(lines[2]) + "\n"   # blank line skipped
    code, out, _ = cli("ask", "--jsonl", stdin=stdin)
    assert code == 0
    results = [json.loads(l) for l in out.splitlines()]
    assert [r["query"] for r in results] == [l["query"] for l in lines]
    for r in results:
        _check_result(r)
    agent, customer = results[1], results[2]
    assert agent["citations"][0]["source"] == "docs/support/runbooks/sso.md"
    assert all(c["source"] != "docs/support/runbooks/sso.md" for c in customer["citations"])
    # the customer's own words may head a thread ("**“open the Support Console, ...”**"); the runbook's may not
    assert "Support Console" not in re.sub(r"\*\*“[^”]*”\*\*", "", customer["answer"])


def test_jsonl_bad_lines_get_an_error_line_and_exit_2(cli):
    stdin = 'not json\n{"nope": 1}\n{"query": "   "}\n{"query": "How do I get a refund?", "audience": "boss"}\n' \
            '{"query": "How do I get a refund?"}\n'
    code, out, _ = cli("ask", "--jsonl", stdin=stdin)
    assert code == 2
    results = [json.loads(l) for l in out.splitlines()]
    assert len(results) == 5
    assert all("error" in r and r["error"] for r in results[:4])
    assert results[0]["query"] is None and results[1]["query"] is None
    # a plain-text question is the likely mistake: the error says which line and how to wrap it
    assert results[0]["error"].startswith("line 1 is not JSON (")
    assert results[1]["error"] == ('line 2: each line must be a JSON object with a "query", '
                                   'e.g. {"query": "How do I get a refund?"}')
    assert "empty" in results[2]["error"] and "audience" in results[3]["error"]
    _check_result(results[4])                                         # a bad line does not stop the rest


def test_route_json_and_jsonl(cli):
    code, out, _ = cli("route", "I get an SSO error when logging in", "--json")
    assert code == 0
    r = json.loads(out)
    assert r["query"] == "I get an SSO error when logging in"
    _check_route(r["route"])
    assert r["route"]["label"] == "support"

    queries = ["How do I get a refund?", "I get an SSO error when logging in"]
    code, out, _ = cli("route", "--jsonl", stdin="".join(json.dumps({"query": q}) + "\n" for q in queries))
    assert code == 0
    results = [json.loads(l) for l in out.splitlines()]
    assert [r["query"] for r in results] == queries
    for r in results:
        assert set(r) >= {"query", "route"}
        _check_route(r["route"])
    assert [r["route"]["label"] for r in results] == ["service", "support"]


@pytest.mark.parametrize("command", ["ask", "route"])
@pytest.mark.parametrize("question, message", [("", "empty"), ("   \t ", "empty"), ("q" * 2001, "2000")])
def test_unusable_question_exits_2_with_a_message(cli, command, question, message):
    code, out, err = cli(command, question)
    assert code == 2
    assert message in err and err.startswith("kb")
    assert out == ""


@pytest.mark.parametrize("command", ["ask", "route"])
def test_missing_question_exits_2(cli, command):
    code, _, err = cli(command)
    assert code == 2 and "QUESTION" in err


@pytest.mark.parametrize("args", [("ask", "How do I get a refund?"), ("route", "How do I get a refund?", "--json"),
                                  ("ask", "--jsonl"), ("status",)])
def test_no_index_exits_3(cli, make_kb, args):
    empty = make_kb()
    code, out, err = cli(*args, stdin='{"query": "How do I get a refund?"}\n', config_file=empty.file)
    assert code == 3
    assert "kb ingest" in err and out == ""


def test_bad_config_exits_2(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[store]\nurl = 5\n")
    code, _, err = cli("ask", "How do I get a refund?", config_file=bad)
    assert code == 2 and str(bad) in err and "store.url" in err


def test_status_json(cli, small_kb):
    code, out, _ = cli("status", "--json")
    assert code == 0
    s = json.loads(out)
    assert s["service"]["files"] == 2 and s["support"]["files"] == 2 and s["service"]["chunks"] > 0


def test_parser_has_the_documented_commands():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(sub.choices) >= {"ingest", "ask", "route", "status", "app"}


# -- the installed entry point, for real (slow: imports torch) ---------------------------------------------

def _kb_cmd() -> list[str]:
    script = Path(sys.executable).parent / "kb"
    return [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env.pop("KB_CONFIG", None)
    return subprocess.run(_kb_cmd() + args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_subprocess_ask_json(small_kb, tmp_path):
    """`kb ask "Q" --json` from another folder, config found through --config."""
    p = _run(["ask", "How do I get a refund?", "--json", "--config", str(small_kb[0].file)], tmp_path)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.strip().splitlines()
    assert len(lines) == 1                                  # nothing but the JSON on stdout
    r = json.loads(lines[0])
    _check_result(r)
    assert r["answered"] and r["citations"][0]["source"] == "docs/service/refunds.md"


@pytest.mark.slow
def test_subprocess_bad_question_exit_code(small_kb, tmp_path):
    p = _run(["route", "   ", "--config", str(small_kb[0].file)], tmp_path)
    assert p.returncode == 2
    assert "empty" in p.stderr and "Traceback" not in p.stderr


@pytest.mark.slow
def test_subprocess_output_piped_to_a_reader_that_leaves(small_kb, tmp_path):
    """`kb ask ... | head -1`: the pipe closes early; kb stops quietly instead of printing a traceback."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env.pop("KB_CONFIG", None)
    kb = subprocess.Popen(_kb_cmd() + ["ask", "How do I get a refund?", "--config", str(small_kb[0].file)],
                          cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    kb.stdout.close()                       # the reader is gone before kb writes its answer
    err = kb.stderr.read().decode()
    assert kb.wait(timeout=300) == 0 and "Traceback" not in err and "BrokenPipe" not in err, err


def test_kb_route_reads_the_audience_it_is_given(monkeypatch, capsys):
    """Mastodon's docs: `kb route` judged an admin's message by the customer's view (its PgBouncer runbook is
    internal) and said "nothing matches strongly", where `kb ask --audience agent` reads the runbook. Control:
    without --audience it is the customer's, as before."""
    from app import cli
    seen = []

    class Engine:
        def route(self, query, audience="customer"):
            seen.append(audience)
            return {"query": query, "route": {"label": "support", "confidence": 0.9, "bucket": "decision",
                                              "reason": "r"}, "parts": []}

    monkeypatch.setattr(cli, "_kb", lambda args: Engine())
    assert cli.main(["route", "Should we set up PgBouncer?", "--audience", "agent"]) == 0
    assert cli.main(["route", "Should we set up PgBouncer?"]) == 0
    assert seen == ["agent", "customer"] and "support (0.90)" in capsys.readouterr().out
