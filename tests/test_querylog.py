"""The SQLite question log: what a row holds, feedback, retention pruning on open."""
from __future__ import annotations

import sqlite3

import pytest

from app.querylog import _SCHEMA, QueryLog

DAY = 86400.0


def result(query="How do I get a refund?", label="service", answered=True, sims=(0.62, 0.41),
           buckets=("account-and-money",)):
    cites = [{"n": i, "title": f"Doc {i}", "similarity": s} for i, s in enumerate(sims, 1)]
    return {"query": query, "audience": "customer", "route": {"label": label, "confidence": 0.8},
            "answered": answered, "citations": cites if answered else [],
            "parts": [{"text": query, "bucket": b} for b in buckets]}


class Clock:
    def __init__(self, t: float = 1_000 * DAY):
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_record_then_feedback(tmp_path):
    log = QueryLog(tmp_path / "sub" / "q.sqlite", clock=Clock())
    rid = log.record(result())
    other = log.record(result("It crashes and my card was declined", "support", answered=False,
                              buckets=("something-broke", "account-and-money")))
    log.feedback(rid, -1)
    rows = log.rows()
    assert [r["id"] for r in rows] == [rid, other]
    assert rows[0] == {"id": rid, "ts": 1_000 * DAY, "audience": "customer", "text": "How do I get a refund?",
                       "route": "service", "confidence": 0.8, "top_score": 0.62, "top_title": "Doc 1",
                       "answered": 1, "feedback": -1, "agent": None, "client": None, "buckets": ["account-and-money"]}
    assert rows[1]["buckets"] == ["something-broke", "account-and-money"]
    assert rows[1]["top_score"] is None and rows[1]["answered"] == 0 and rows[1]["feedback"] is None
    with pytest.raises(ValueError):
        log.feedback(rid, 5)


def test_only_the_listed_columns_are_stored(tmp_path):
    QueryLog(tmp_path / "q.sqlite")
    with sqlite3.connect(tmp_path / "q.sqlite") as db:
        cols = [r[1] for r in db.execute("PRAGMA table_info(questions)")]
    assert cols == ["id", "ts", "audience", "text", "route", "confidence", "top_score", "top_title", "answered",
                    "feedback", "agent", "client", "buckets"]


def _first_log(tmp_path):
    """A log as the first version wrote it: no agent, client or buckets column."""
    path = tmp_path / "q.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE questions (id INTEGER PRIMARY KEY AUTOINCREMENT, ts REAL NOT NULL, audience TEXT "
                   "NOT NULL, text TEXT NOT NULL, route TEXT NOT NULL, confidence REAL NOT NULL, top_score REAL, "
                   "top_title TEXT, answered INTEGER NOT NULL, feedback INTEGER)")
    return path


def test_a_log_written_before_buckets_gains_the_column(tmp_path):
    path = _first_log(tmp_path)
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO questions (ts, audience, text, route, confidence, answered) "
                   "VALUES (?, 'customer', 'old', 'service', 0.5, 1)", (1_000 * DAY - 10,))
    log = QueryLog(path, clock=Clock())
    log.record(result())
    assert [r["buckets"] for r in log.rows()] == [[], ["account-and-money"]]


def test_api_questions_carry_the_key_name_and_old_logs_gain_the_column(tmp_path):
    path = tmp_path / "q.sqlite"
    with sqlite3.connect(path) as db:               # a log written before the API existed
        db.executescript(_SCHEMA.replace(",\n    client TEXT", ""))
    log = QueryLog(path, clock=Clock())
    log.record(result(), client="helpdesk")
    assert log.rows()[0]["client"] == "helpdesk"


def test_the_passage_shown_first_is_kept_and_the_agent_named(tmp_path):
    """A gap was blamed on the best-similarity citation while the reader saw (and rated) the first one."""
    log = QueryLog(tmp_path / "q.sqlite")
    log.record({**result(sims=(0.55, 0.71)), "audience": "agent", "agent": "ana"})
    [row] = log.rows()
    assert (row["top_title"], row["top_score"], row["agent"]) == ("Doc 1", 0.55, "ana")


def test_a_log_from_before_agent_names_is_upgraded(tmp_path):
    log = QueryLog(_first_log(tmp_path))
    log.record({**result(), "agent": "bo"})
    assert log.rows()[0]["agent"] == "bo"


def test_old_rows_are_pruned_when_the_log_is_opened(tmp_path):
    clock = Clock()
    log = QueryLog(tmp_path / "q.sqlite", retention_days=30, clock=clock)
    log.record(result("old question"))
    clock.t += 10 * DAY
    log.record(result("recent question"))
    clock.t += 25 * DAY                       # old one is now 35 days old, the recent one 25
    reopened = QueryLog(tmp_path / "q.sqlite", retention_days=30, clock=clock)
    assert [r["text"] for r in reopened.rows()] == ["recent question"]
    assert [r["text"] for r in reopened.rows(since=clock.t - 20 * DAY)] == []
