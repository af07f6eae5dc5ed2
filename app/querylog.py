"""The question log: one SQLite row per question asked in the UI, for the insight dashboard.

Stored per question: time, audience, the question text, route label and confidence, the similarity and
title of the passage shown first (the one a gap is blamed on), whether it was answered, the reader's
feedback (+1/-1) if any, the signed-in agent's name (agent console) and the API key's name (HTTP, MCP), and
the Request Map bucket of each thread (app/requests.py).
Nothing else about the person asking. Rows older than the retention period are deleted on open.
"""
from __future__ import annotations

import json
import sqlite3
import time
from contextlib import closing
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts REAL NOT NULL,
    audience TEXT NOT NULL,
    text TEXT NOT NULL,
    route TEXT NOT NULL,
    confidence REAL NOT NULL,
    top_score REAL,
    top_title TEXT,
    answered INTEGER NOT NULL,
    feedback INTEGER,
    agent TEXT,
    client TEXT,
    buckets TEXT
);
CREATE INDEX IF NOT EXISTS questions_ts ON questions (ts);
"""
_COLUMNS = ("id", "ts", "audience", "text", "route", "confidence", "top_score", "top_title", "answered",
            "feedback", "agent", "client", "buckets")


class QueryLog:
    def __init__(self, path: str | Path, retention_days: int = 90, clock=time.time):
        self.path = Path(path)
        self.retention_days = retention_days
        self.clock = clock
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.executescript(_SCHEMA)
            columns = {row[1] for row in db.execute("PRAGMA table_info(questions)")}
            for column in ("agent", "client", "buckets"):     # a log from before agent names, the API, buckets
                if column not in columns:
                    db.execute(f"ALTER TABLE questions ADD COLUMN {column} TEXT")
        self.prune()

    def _connect(self) -> sqlite3.Connection:
        # A connection per call: Streamlit runs each session in its own thread.
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def _run(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:
        with closing(self._connect()) as db, db:
            return db.execute(sql, args)

    def prune(self) -> int:
        cutoff = self.clock() - self.retention_days * 86400
        return self._run("DELETE FROM questions WHERE ts < ?", (cutoff,)).rowcount

    def record(self, result: dict, client: str | None = None) -> int:
        """Log one ask() result (with "agent": name from the agent console); returns the row id to attach
        feedback to later. The passage shown first is the one the reader judged, so it is the one kept.
        `client` names the API key (or "mcp") a question came through; None for the UI."""
        first = result["citations"][0] if result["citations"] else None
        buckets = [p["bucket"] for p in result.get("parts") or [] if p.get("bucket")]
        row = (self.clock(), result["audience"], result["query"], result["route"]["label"],
               float(result["route"]["confidence"]), first and first["similarity"], first and first["title"],
               int(bool(result["answered"])), result.get("agent"), client, json.dumps(buckets) if buckets else None)
        return self._run("INSERT INTO questions (ts, audience, text, route, confidence, top_score, top_title, "
                         "answered, agent, client, buckets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row).lastrowid

    def feedback(self, row_id: int, value: int) -> None:
        if value not in (1, -1):
            raise ValueError(f"feedback must be +1 or -1, got {value!r}")
        self._run("UPDATE questions SET feedback = ? WHERE id = ?", (value, row_id))

    def rows(self, since: float | None = None) -> list[dict]:
        """Every kept row, oldest first, as dicts."""
        sql = f"SELECT {', '.join(_COLUMNS)} FROM questions WHERE ts >= ? ORDER BY ts, id"
        with closing(self._connect()) as db:
            got = db.execute(sql, (since or 0,)).fetchall()
        rows = [dict(zip(_COLUMNS, r)) for r in got]
        for r in rows:
            r["buckets"] = json.loads(r["buckets"]) if r["buckets"] else []
        return rows
