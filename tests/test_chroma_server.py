"""Scale-out: the same corpus ingested into a real `chroma run` server and into the embedded store gives the
same manifest, the same chunk ids, the same answers and citations, and the same keyword (BM25) results,
since the keyword index is rebuilt from what Chroma holds."""
from __future__ import annotations

import pytest
from conftest import CONFIG, build_kb
from helpers.chroma_server import chroma_server
from helpers.crash_corpus import TOPICS, corpus_files, store_ids
from helpers.reliability import record

from app.engine import KnowledgeBase
from ingest.pipeline import ingest
from ingest.store import Store

pytestmark = pytest.mark.slow

EXTRA = ["How do I get a refund?", "SSO error when logging in", "show me the failover runbook",
         "My invoice export is missing, and how do I turn on 2FA?"]


def comparable(result: dict) -> dict:
    out = {k: v for k, v in result.items() if k != "timings_ms"}
    out["citations"] = [{k: v for k, v in c.items() if k not in ("score", "similarity")} for c in result["citations"]]
    return out


def test_server_mode_matches_embedded(tmp_path, embedder):
    files = corpus_files()
    local = build_kb(tmp_path / "local", files, CONFIG)
    assert ingest(local, embedder=embedder)["ok"]
    with chroma_server(tmp_path / "server-db") as url:
        remote = build_kb(tmp_path / "remote", files, CONFIG.replace('path = ".kb/chroma"', f'url = "{url}"'))
        summary = ingest(remote, embedder=embedder)
        assert summary["ok"], summary["failed"]
        assert store_ids(remote) == store_ids(local)
        for c in local.corpora:
            a, b = Store(local).live_files(c), Store(remote).live_files(c)
            assert {s: m["version"] for s, m in a.items()} == {s: m["version"] for s, m in b.items()}
        kb_local, kb_remote = KnowledgeBase(local, embedder=embedder), KnowledgeBase(remote, embedder=embedder)
        questions = [q for *_, q, _ in TOPICS][::3] + EXTRA
        compared = 0
        for q in questions:
            for audience in ("customer", "agent"):
                a, b = kb_local.ask(q, audience=audience), kb_remote.ask(q, audience=audience)
                assert comparable(a) == comparable(b), q
                for ca, cb in zip(a["citations"], b["citations"]):
                    assert ca["similarity"] == pytest.approx(cb["similarity"], abs=1e-3)
                compared += 1
        for q in questions:
            for corpus in local.corpora:
                for audience in ("customer", "agent"):
                    ka = kb_local.retriever.keyword(corpus, q, audience, 10)
                    kb = kb_remote.retriever.keyword(corpus, q, audience, 10)
                    assert [(h.id, round(h.bm25, 6)) for h in ka] == [(h.id, round(h.bm25, 6)) for h in kb], q
        # An unchanged second ingest against the server is a no-op, as in embedded mode.
        again = ingest(remote, embedder=embedder)
        assert sum(r["unchanged"] for r in again["corpora"].values()) == len(files)
        assert sum(r["added"] + r["updated"] + r["removed"] for r in again["corpora"].values()) == 0
    record("server", "same corpus in a `chroma run` server vs the embedded store", compared,
           f"identical manifest and chunk ids; {compared} answers (customer and agent) with identical text and "
           "citations; identical BM25 results per corpus and audience; re-ingest a no-op", "nothing")


def test_unreachable_server_is_a_clear_error(tmp_path):
    from helpers.chroma_server import free_port

    from ingest.config import load_config
    from ingest.store import StoreError
    port = free_port()
    config = build_kb(tmp_path, corpus_files(), CONFIG.replace('path = ".kb/chroma"', f'url = "http://127.0.0.1:{port}"'))
    with pytest.raises(StoreError, match=f"cannot reach the Chroma server at http://127.0.0.1:{port}"):
        Store(load_config(config.file), create=True)
    record("server", "store url pointing at a port where no server listens", 1,
           "StoreError 'cannot reach the Chroma server at <url>' before anything was done", "nothing")
