"""Opening an embedded store that another process is creating at the same moment (real Chroma, temp dir)."""
from __future__ import annotations

import chromadb
import pytest
from conftest import CONFIG, build_kb

from ingest.store import _client


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
    client = _client(config, create=True)
    assert len(calls) == 2 and client.heartbeat()
    calls.clear()

    def broken(path, settings):
        calls.append(path)
        raise chromadb.errors.InternalError("database disk image is malformed")
    monkeypatch.setattr(chromadb, "PersistentClient", broken)
    with pytest.raises(chromadb.errors.InternalError, match="malformed"):
        _client(config, create=True)
    assert len(calls) == 1
