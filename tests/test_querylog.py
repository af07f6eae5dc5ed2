"""The SQLite question log: what a row holds, feedback, retention pruning on open."""
from __future__ import annotations

import sqlite3

import pytest

from app.querylog import _SCHEMA, QueryLog

DAY = 86400.0


def result(query="How do I get a refund?", label="service", answered=True, sims=(0.62, 0.41)):
    cites = [{"n": i, "title": f"Doc {i}", "similarity": s} for i, s in enumerate(sims, 1)]
    return {"query": query, "audience": "customer", "route": {"label": label, "confidence": 0.8},
            "answered": answered, "citations": cites if answered else []}


class Clock:
    def __init__(self, t: float = 1_000 * DAY):
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_record_then_feedback(tmp_path):
    log = QueryLog(tmp_path / "sub" / "q.sqlite", clock=Clock())
    rid = log.record(result())
    other = log.record(result("It crashes", "support", answered=False))
    log.feedback(rid, -1)
    rows = log.rows()
    assert [r["id"] for r in rows] == [rid, other]
    assert rows[0] == {"id": rid, "ts": 1_000 * DAY, "audience": "customer", "text": "How do I get a refund?",
                       "route": "service", "confidence": 0.8, "top_score": 0.62, "top_title": "Doc 1",
                       "answered": 1, "feedback": -1, "client": None}
    assert rows[1]["top_score"] is None and rows[1]["answered"] == 0 and rows[1]["feedback"] is None
    with pytest.raises(ValueError):
        log.feedback(rid, 5)


def test_only_the_listed_columns_are_stored(tmp_path):
    QueryLog(tmp_path / "q.sqlite")
    with sqlite3.connect(tmp_path / "q.sqlite") as db:
        cols = [r[1] for r in db.execute("PRAGMA table_info(questions)")]
    assert cols == ["id", "ts", "audience", "text", "route", "confidence", "top_score", "top_title", "answered",
                    "feedback", "client"]


def test_api_questions_carry_the_key_name_and_old_logs_gain_the_column(tmp_path):
    path = tmp_path / "q.sqlite"
    with sqlite3.connect(path) as db:               # a log written before the API existed
        db.executescript(_SCHEMA.replace(",\n    client TEXT", ""))
    log = QueryLog(path, clock=Clock())
    log.record(result(), client="helpdesk")
    assert log.rows()[0]["client"] == "helpdesk"


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
