"""The question log: one SQLite row per question asked in the UI, for the insight dashboard.

Stored per question: time, audience, the question text, route label and confidence, the best cited
passage's similarity and title, whether it was answered, the reader's feedback (+1/-1) if any, and for
questions asked through the API the key's name.
Nothing else about the person asking. Rows older than the retention period are deleted on open.
"""
from __future__ import annotations

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
    client TEXT
);
CREATE INDEX IF NOT EXISTS questions_ts ON questions (ts);
"""
_COLUMNS = ("id", "ts", "audience", "text", "route", "confidence", "top_score", "top_title", "answered",
            "feedback", "client")


class QueryLog:
    def __init__(self, path: str | Path, retention_days: int = 90, clock=time.time):
        self.path = Path(path)
        self.retention_days = retention_days
        self.clock = clock
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)
            if "client" not in {r[1] for r in db.execute("PRAGMA table_info(questions)")}:   # a log from before the API
                db.execute("ALTER TABLE questions ADD COLUMN client TEXT")
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
        """Log one ask() result; returns the row id to attach feedback to later. `client` names the API
        key (or "mcp") a question came through; None for the UI."""
        best = max(result["citations"], key=lambda c: c["similarity"], default=None)
        row = (self.clock(), result["audience"], result["query"], result["route"]["label"],
               float(result["route"]["confidence"]), best and best["similarity"], best and best["title"],
               int(bool(result["answered"])), client)
        return self._run("INSERT INTO questions (ts, audience, text, route, confidence, top_score, top_title, "
                         "answered, client) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row).lastrowid

    def feedback(self, row_id: int, value: int) -> None:
        if value not in (1, -1):
            raise ValueError(f"feedback must be +1 or -1, got {value!r}")
        self._run("UPDATE questions SET feedback = ? WHERE id = ?", (value, row_id))

    def rows(self, since: float | None = None) -> list[dict]:
        """Every kept row, oldest first, as dicts."""
        sql = f"SELECT {', '.join(_COLUMNS)} FROM questions WHERE ts >= ? ORDER BY ts, id"
        with closing(self._connect()) as db:
            got = db.execute(sql, (since or 0,)).fetchall()
        return [dict(zip(_COLUMNS, r)) for r in got]
