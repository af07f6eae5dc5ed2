"""Opening an embedded store that another process is creating or writing at the same moment (real Chroma, temp
dir)."""
from __future__ import annotations

import fcntl
import os

import chromadb
import pytest
from conftest import CONFIG, build_kb

from ingest.chroma_client import StoreError, open_client
from ingest.pipeline import ingest
from ingest.store import Store


def test_opening_a_store_another_process_is_creating_retries(tmp_path, monkeypatch):
    """Two `kb ingest` on a fresh store: both ran Chroma's first migration, and the second crashed with
    "table collections already exists". The open is retried against the finished store; another error is
    not retried (the can-fail control)."""
    config = build_kb(tmp_path, {}, CONFIG)
    real, calls = chromadb.PersistentClient, []

    def racing(path, settings):
        calls.append(path)
        if len(calls) == 1:
            raise chromadb.errors.InternalError("error returned from database: (code: 1) table collections "
                                                "already exists")
        return real(path=path, settings=settings)
    monkeypatch.setattr(chromadb, "PersistentClient", racing)
    client = open_client(config, create=True)
    assert len(calls) == 2 and client.heartbeat()
    calls.clear()

    def broken(path, settings):
        calls.append(path)
        raise chromadb.errors.InternalError("database disk image is malformed")
    monkeypatch.setattr(chromadb, "PersistentClient", broken)
    with pytest.raises(chromadb.errors.InternalError, match="malformed"):
        open_client(config, create=True)
    assert len(calls) == 1


def test_a_second_ingest_is_refused_before_it_opens_chroma(tmp_path, fake_embedder):
    """A second ingest that opened the folder's SQLite file while the first wrote could crash on "database is
    locked" (tests/test_concurrency.py, once, under load) instead of being refused. It now meets the folder's
    lock before Chroma opens anything: here the first ingest's lock is held and the store folder stays empty."""
    config = build_kb(tmp_path, {"docs/service/a.md": "# A\n\nHow to export a report as a PDF file.\n"}, CONFIG)
    config.store_path.mkdir(parents=True)
    first = os.open(config.store_path / "ingest.lock", os.O_RDWR | os.O_CREAT)    # what the first ingest holds
    os.write(first, b"host:1:first")
    fcntl.flock(first, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        with pytest.raises(StoreError, match=r"another ingest is running \(host:1:first\)"):
            ingest(config, embedder=fake_embedder)
        assert sorted(p.name for p in config.store_path.iterdir()) == ["ingest.lock"]
    finally:
        os.close(first)
    assert ingest(config, embedder=fake_embedder)["ok"]      # can fail: the lock is free again, the ingest runs
    assert (config.store_path / "chroma.sqlite3").exists()


def test_a_full_disk_mid_ingest_says_so_and_the_next_run_finishes(tmp_path, fake_embedder, monkeypatch):
    """Chroma reports a full disk as "Error in compaction: Failed to apply logs to the metadata segment": an ingest
    stopped so, and the CLI printed Chroma's traceback. The error now names the full disk; the file written before
    stays live and the next run finishes the rest. Control: with room on the disk, Chroma's own words are given."""
    import collections

    from chromadb.api.models.Collection import Collection

    from ingest import chroma_client
    files = {f"docs/service/{n}.md": f"# {n}\n\nHow to export report {n} as a PDF file.\n" for n in ("a", "b", "c")}
    config = build_kb(tmp_path, files, CONFIG)
    real, calls = Collection.upsert, []

    def failing(self, *args, **kwargs):
        calls.append(self.name)
        if len([c for c in calls if c.startswith("kb_")]) > 1:    # the second file's chunks
            raise chromadb.errors.InternalError("Error in compaction: Failed to apply logs to the metadata segment")
        return real(self, *args, **kwargs)
    usage = collections.namedtuple("usage", "total used free")
    monkeypatch.setattr(Collection, "upsert", failing)
    monkeypatch.setattr(chroma_client.shutil, "disk_usage", lambda path: usage(10**10, 10**10, 2 * 1024 * 1024))
    with pytest.raises(StoreError, match=r"its disk is full \(2 MB free\).*run `kb ingest` again"):
        ingest(config, embedder=fake_embedder)
    assert len(Store(config).live_files("service")) < 3          # stopped partway, and the store still opens
    monkeypatch.setattr(chroma_client.shutil, "disk_usage", lambda path: usage(10**10, 0, 10**10))
    calls.clear()
    with pytest.raises(StoreError, match="Error in compaction") as roomy:
        ingest(config, embedder=fake_embedder)
    assert "disk is full" not in str(roomy.value)
    monkeypatch.setattr(Collection, "upsert", real)
    summary = ingest(config, embedder=fake_embedder)
    assert summary["ok"] and len(Store(config).live_files("service")) == 3
