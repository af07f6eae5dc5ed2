"""The embedded store's change hint (ingest/change_hint.py): a reader does not read the manifest again while
nothing was committed, and sees every commit, from this process or another, at the next question."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from ingest.change_hint import CHROMA_DB, ChangeHint
from ingest.store import Store

ROOT = Path(__file__).resolve().parents[1]


def _db(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path / CHROMA_DB)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    return con


def test_the_token_moves_on_every_commit_of_another_connection_and_only_then(tmp_path):
    con = _db(tmp_path)
    hint = ChangeHint(tmp_path)
    first = hint.token()
    assert first is not None and hint.token() == first          # can fail: nothing written, nothing moved
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    assert hint.token() != first


def test_no_file_a_replaced_file_or_a_reopened_hint_never_count_as_unchanged(tmp_path):
    assert ChangeHint(tmp_path / "nowhere").token() is None
    _db(tmp_path / "a?b#c").close()
    hint = ChangeHint(tmp_path / "a?b#c")
    before = hint.token()
    assert before is not None              # can fail: a folder name with "?" or "#" in a file: URI
    shutil.copy(tmp_path / "a?b#c" / CHROMA_DB, tmp_path / "copy")
    (tmp_path / "copy").replace(tmp_path / "a?b#c" / CHROMA_DB)      # same content, another file
    replaced = hint.token()
    assert replaced != before
    hint.close()
    assert hint.token() != replaced      # a new connection's data_version restarts: it must not match an old token


class CountingCollection:
    def __init__(self, col):
        self.col, self.gets = col, 0

    def get(self, *args, **kwargs):
        self.gets += 1
        return self.col.get(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.col, name)


def _switch(config_file: Path, version: str) -> None:
    """Switch a file in another process, as `kb ingest` would."""
    code = ("import sys; from ingest.config import load_config; from ingest.store import Store; "
            "s = Store(load_config(sys.argv[1]), create=True); "
            "s.switch('service', 'docs/service/a.md', {'version': sys.argv[2], 'chunks': 0, 'title': 'a'})")
    subprocess.run([sys.executable, "-c", code, str(config_file), version], check=True, cwd=ROOT)


def test_a_reader_reads_the_manifest_only_after_a_commit(make_kb):
    config = make_kb()
    _switch(config.file, "v1")
    store = Store(config)
    counting = CountingCollection(store.manifest)
    store._collections["kb_manifest"] = counting
    first = store.generations()
    for _ in range(5):
        assert store.generations() == first
    assert counting.gets == 1            # fails without the hint: one manifest read per question

    _switch(config.file, "v2")           # another process commits
    moved = store.generations()
    assert moved["service"] != first["service"] and moved.get("support") == first.get("support")
    assert store.generations() == moved

