"""Cold start and refresh: the ONNX query encoder equals torch, the query path loads no torch, a stale or
foreign export is never used, the cache folder comes from config, full reads of a corpus are paged, saved
indexes are checked against the manifest, and a refresh file by file (and the joint keyword index of both
collections) scores exactly like an index built afresh."""
from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
import textwrap

import bm25s
import numpy as np
import pytest
from conftest import CONFIG, ROOT, SMALL_CORPUS, build_kb, write

from app import corpus_index, index_cache
from app.encoder import OnnxEncoder, query_encoder
from app.keyword import Doc, KeywordIndex, doc_tokens
from app.retrieval import Retriever
from app.tokens import tokenize
from ingest import onnx_export
from ingest.pipeline import ingest
from ingest.store import Store

TEXTS = ["How do I get a refund?", "SSO-104: Clock skew too large", "a", "Salesforce sync " * 200]


@pytest.fixture(scope="session")
def exported(tmp_path_factory, embedder):
    """The query encoder exported once per session: the cache folder holding it."""
    cache = tmp_path_factory.mktemp("encoder-cache")
    onnx_export.export(embedder, cache)
    return cache


def _with_encoder(config, exported):
    shutil.copytree(onnx_export.encoder_dir(exported), onnx_export.encoder_dir(config.cache_path))


@pytest.mark.slow
def test_onnx_encoder_matches_torch(embedder, exported):
    encoder = query_encoder(exported)
    assert isinstance(encoder, OnnxEncoder) and encoder.model_id == embedder.model_id
    ours, ref = np.asarray(encoder.embed(TEXTS)), np.asarray(embedder.embed(TEXTS))
    assert ours.shape == ref.shape
    assert (np.sum(ours * ref, axis=1) > 0.9999).all()          # long text: both truncate at 256 word pieces


def test_stale_or_foreign_export_is_not_used(exported, tmp_path):
    shutil.copytree(onnx_export.encoder_dir(exported), onnx_export.encoder_dir(tmp_path))
    info_file = onnx_export.encoder_dir(tmp_path) / onnx_export.INFO_NAME
    info = json.loads(info_file.read_text())
    info_file.write_text(json.dumps({**info, "model_id": "another-model@x"}))
    assert not isinstance(query_encoder(tmp_path), OnnxEncoder)
    assert not isinstance(query_encoder(tmp_path / "nothing-here"), OnnxEncoder)


@pytest.mark.slow
def test_query_path_imports_no_torch(tmp_path, embedder, exported):
    config = build_kb(tmp_path)
    assert ingest(config, embedder=embedder)["ok"]
    _with_encoder(config, exported)
    probe = textwrap.dedent(f"""
        import json, sys
        from app.engine import KnowledgeBase
        r = KnowledgeBase({str(config.file)!r}).ask("How do I get a refund?")
        heavy = ["torch", "sentence_transformers", "transformers", "llama_index", "streamlit", "sklearn", "bm25s",
                 "scipy"]
        print(json.dumps({{"loaded": [m for m in heavy if m in sys.modules],
                          "cited": [c["source"] for c in r["citations"]]}}))
    """)
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         check=False)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["loaded"] == []
    from app.engine import KnowledgeBase
    assert got["cited"] == [c["source"] for c in KnowledgeBase(config, embedder=embedder)
                            .ask("How do I get a refund?")["citations"]]


def test_cache_folder_from_config(tmp_path):
    config = build_kb(tmp_path)
    assert config.cache_path == tmp_path / ".kb/chroma-cache"         # next to the embedded store
    served = build_kb(tmp_path / "s", config='[store]\nurl = "http://127.0.0.1:8000"\n' + CONFIG.split("\n", 3)[3])
    assert served.cache_path == tmp_path / "s/.kb/cache"
    chosen = build_kb(tmp_path / "c", config='[store]\npath = "db"\ncache = "derived"\n' + CONFIG.split("\n", 3)[3])
    assert chosen.cache_path == tmp_path / "c/derived"


def test_full_read_is_paged_and_complete(tmp_path, embedder, monkeypatch):
    """A 50k-chunk collection failed a single get() ("too many SQL variables"); reads go in pages."""
    import ingest.store as store_module
    config = build_kb(tmp_path)
    assert ingest(config, embedder=embedder)["ok"]
    store = Store(config)
    whole = store.chunks("service").get(include=["documents", "embeddings"])
    monkeypatch.setattr(store_module, "READ_PAGE", 2)
    paged = store.snapshot("service", ["documents", "embeddings"])
    assert len(whole["ids"]) > 2 and sorted(paged["ids"]) == sorted(whole["ids"])
    by_id = dict(zip(paged["ids"], paged["documents"]))
    assert all(by_id[i] == d for i, d in zip(whole["ids"], whole["documents"]))
    assert len(paged["embeddings"]) == len(paged["ids"])


# -- saved indexes and the refresh file by file --------------------------------------------------------------
QUERIES = ["refund within 30 days", "SSO error", "invite teammates", "changed", "login clock skew refund"]


def _state(chunks):
    """Everything a view is built from, keyed by chunk id, independent of row order and vocabulary ids."""
    words = {v: k for k, v in chunks.vocab.items()}
    live, out = chunks.live(), {}
    for row, chunk_id in enumerate(live.ids):
        lo, hi = live.terms.indptr[row], live.terms.indptr[row + 1]
        counts = dict(zip((words[t] for t in live.terms.terms[lo:hi]), live.terms.counts[lo:hi].tolist()))
        out[chunk_id] = (live.texts[row], live.metas[row], tuple(np.round(live.matrix[row], 6)), counts)
    assert len(out) == len(chunks)
    return out


def _ranking(index: KeywordIndex) -> list:
    """Every query's ranked (chunk id, exact score), then each chunk's terms and every term's idf."""
    ranked = [[(d.id, s) for d, s in index.search(q, 50)] for q in QUERIES]
    words = sorted({t for d in index.docs for t in index.chunk_terms(d.id)})
    return [ranked, {d.id: index.chunk_terms(d.id) for d in index.docs}, [index.idf(t) for t in words]]


def _fresh(index: KeywordIndex) -> KeywordIndex:
    """The same chunks tokenised and indexed from scratch, in reverse order (order must not matter)."""
    return KeywordIndex([Doc(d.id, d.text, d.meta) for d in reversed(index.docs)])


def read(store, previous=None):
    """A reader's retriever for the store's current generations (as a snapshot builds it), saves done."""
    retriever = Retriever.load(store, None, store.generations(), previous)
    index_cache.wait_saved()
    return retriever


@pytest.fixture
def changed_kb(tmp_path, embedder):
    """A small KB ingested, a reader's saved indexes, then one file changed and another removed."""
    config = build_kb(tmp_path)
    assert ingest(config, embedder=embedder)["ok"]
    reader = read(Store(config))
    write(tmp_path / "docs/service/refunds.md", SMALL_CORPUS["docs/service/refunds.md"].replace(
        "14 days", "30 days (changed)"))
    (tmp_path / "docs/service/invite.md").unlink()
    assert ingest(config, embedder=embedder)["ok"]
    return config, reader


def test_incremental_refresh_equals_full_rebuild(changed_kb, monkeypatch, embedder):
    config, before = changed_kb
    store = Store(config)
    fetched = []
    original_get = type(store.chunks("service")).get

    def spy(self, *args, **kwargs):
        if self.name != "kb_manifest":
            fetched.append(kwargs.get("where"))
        return original_get(self, *args, **kwargs)
    monkeypatch.setattr(type(store.chunks("service")), "get", spy)
    reader = read(store, before)
    monkeypatch.undo()
    # only the changed file was read from Chroma, nothing from the unchanged corpus
    assert fetched == [{"source": {"$in": ["docs/service/refunds.md"]}}]
    assert reader.views["support"] is before.views["support"]
    for corpus in config.corpora:
        full = corpus_index.load_all(store, corpus, reader.views[corpus].generation)
        assert _state(reader.views[corpus].chunks) == _state(full)
    texts = " ".join(reader.views["service"].chunks.live().texts)
    assert "30 days (changed)" in texts and "Invite" not in texts
    fresh = read(Store(dataclasses.replace(config, cache=config.cache_path / "elsewhere")))
    for audience in ("customer", "agent"):
        for q in QUERIES:
            vec = embedder.embed([q])
            assert [(h.id, h.score, h.bm25) for h in reader.search_all([q], vec, audience)[0]] == \
                [(h.id, h.score, h.bm25) for h in fresh.search_all([q], vec, audience)[0]]


@pytest.mark.parametrize("audience", ["customer", "agent"])
def test_refreshed_joint_keyword_index_scores_like_a_fresh_build(changed_kb, audience):
    config, before = changed_kb
    after = read(Store(config), before)
    joint = after.keyword_index(audience)
    assert {d.meta["corpus"] for d in joint.docs} == {"service", "support"}
    assert _ranking(joint) == _ranking(_fresh(joint))
    # control: the comparison sees a change of one file (the index before it scores differently)
    old = before.keyword_index(audience)
    assert _ranking(old) == _ranking(_fresh(old))
    assert _ranking(old)[0] != _ranking(joint)[0]


def test_persisted_indexes_load_without_reading_chroma(changed_kb, monkeypatch):
    config, before = changed_kb
    reader = read(Store(config), before)                 # the saved copy is two files behind this
    monkeypatch.setattr(Store, "snapshot", lambda *a, **k: pytest.fail("full read despite a current cache"))
    second = read(Store(config))
    for corpus in config.corpora:
        assert _state(second.views[corpus].chunks) == _state(reader.views[corpus].chunks)
    assert _ranking(second.keyword_index("agent")) == _ranking(reader.keyword_index("agent"))


def test_stale_persisted_indexes_are_brought_up_to_date(changed_kb, monkeypatch):
    config, before = changed_kb                          # the saved file is from before the change
    store = Store(config)
    saved = corpus_index.saved(store, "service")
    assert saved is not None and saved.generation == before.views["service"].generation
    chunks = read(store).views["service"].chunks
    assert chunks.generation != saved.generation
    assert "30 days (changed)" in " ".join(chunks.live().texts) and "Invite" not in " ".join(chunks.live().texts)
    # the saved base (memory-mapped arrays, rows decoded on use) brought up to date equals a full read
    assert _state(chunks) == _state(corpus_index.load_all(store, "service", chunks.generation))
    # the small part of the copy is saved after every change; the base (the big part) is not written again
    again = corpus_index.saved(store, "service")
    assert again.generation == chunks.generation and again.base_id == saved.base_id
    assert _state(again) == _state(chunks)
    assert [p.name for p in index_cache.folder_for(config.cache_path, "service").glob("base-*")] == \
        [f"base-{saved.base_id}"]
    # a file written for another store (or another schema) is never used
    assert index_cache.load(config.cache_path, "service", "http://elsewhere:8000", corpus_index.SCHEMA) is None
    assert index_cache.load(config.cache_path, "service", str(config.store_path), corpus_index.SCHEMA + 1) is None


def _docs(texts, prefix):
    return [Doc(f"{prefix}{i}", t, {"heading_path": f"Doc {prefix}{i}"}) for i, t in enumerate(texts)]


TEXTS = list(SMALL_CORPUS.values()) + ["refund refund refund policy", "clock skew SSO-104 login",
                                       "nothing relevant at all", ""]
BM25_QUERIES = ["refund policy", "SSO-104 clock", "invite teammates by email", "refund refund", "zebra"]


def test_bm25_scores_equal_bm25s():
    docs = _docs(TEXTS, "d")
    ours = KeywordIndex(docs)
    ref = bm25s.BM25()
    ref.index(doc_tokens(TEXTS, [d.meta for d in docs]), show_progress=False)
    for q in BM25_QUERIES:
        got = {d.id: s for d, s in ours.search(q, 10)}
        toks = [t for t in tokenize([q])[0] if t in ref.vocab_dict]
        want = {f"d{i}": float(s) for i, s in enumerate(ref.get_scores(toks))} if toks else {}
        want = {k: s for k, s in want.items() if s > 0}
        assert got.keys() == want.keys()
        np.testing.assert_allclose([got[k] for k in want], list(want.values()), rtol=1e-5)


def test_joined_index_equals_one_index_over_both():
    service, support = _docs(TEXTS[:3], "a"), _docs(TEXTS[3:], "b")
    joined = KeywordIndex.joined([KeywordIndex(service), KeywordIndex(support)])
    assert _ranking(joined) == _ranking(KeywordIndex(service + support))
    for q in BM25_QUERIES:
        assert [(d.id, s) for d, s in joined.search(q, 3)] == [(d.id, s) for d, s in
                                                               KeywordIndex(support + service).search(q, 3)]
    # control: a corpus alone has other statistics, so its own scores differ from the joint ones
    alone = dict((d.id, s) for d, s in KeywordIndex(service).search("refund policy", 10))
    together = dict((d.id, s) for d, s in joined.search("refund policy", 10) if d.id in alone)
    assert alone.keys() == together.keys() and alone != together


def test_readme_performance_block_is_generated_from_the_scale_bench():
    from bench import scale_report
    data = json.loads((ROOT / "bench/results/scale.json").read_text())
    found = re.search(r"<!-- scale-table -->\n(.*?)\n<!-- /scale-table -->", (ROOT / "README.md").read_text(), re.S)
    assert found, "README.md has no <!-- scale-table --> block"
    assert found.group(1) == scale_report.readme_block(data), \
        "README performance block drifted: python -m bench.scale_report bench/results/scale.json"


def test_compaction_keeps_every_chunk_and_score(changed_kb, embedder):
    """A refresh leaves dead base rows and a delta; merging them into a new base changes nothing a search sees."""
    config, before = changed_kb
    after = read(Store(config), before)
    chunks = after.views["service"].chunks
    assert len(chunks.delta) and not chunks.alive.all()         # the refresh made a delta and dead rows
    merged = corpus_index.compact(chunks)
    assert merged.alive.all() and not len(merged.delta) and merged.base_id != chunks.base_id
    assert _state(merged) == _state(chunks)
    views = dict(after.views, service=corpus_index.build_view(merged))
    compacted = Retriever(views)
    for audience in ("customer", "agent"):
        assert _ranking(compacted.keyword_index(audience)) == _ranking(after.keyword_index(audience))
        for q in QUERIES:
            vec = embedder.embed([q])
            assert [(h.id, h.score, h.dense) for h in compacted.search_all([q], vec, audience)[0]] == \
                [(h.id, h.score, h.dense) for h in after.search_all([q], vec, audience)[0]]
    # control: the same comparison sees the change itself
    assert _state(before.views["service"].chunks) != _state(chunks)


def test_refresh_reads_only_files_switched_since_it_last_looked(changed_kb, monkeypatch, embedder):
    """The manifest is asked for the records switched after the reader's sequence number, not the whole
    list; a removal (which a filtered read cannot show) reads the whole list."""
    config, before = changed_kb
    store = Store(config)
    whole = []
    real = Store.live_versions
    monkeypatch.setattr(Store, "live_versions", lambda self, c: whole.append(c) or real(self, c))
    reader = read(store, before)
    assert whole == ["service"]                      # invite.md was removed: the whole list, once
    write(config.root / "docs/service/refunds.md", "# Refunds\n\nRefunds take 60 days now.\n")
    assert ingest(config, embedder=embedder)["ok"]
    whole.clear()
    after = read(store, reader)
    assert whole == []
    chunks = after.views["service"].chunks
    assert "60 days" in " ".join(chunks.live().texts)
    assert _state(chunks) == _state(corpus_index.load_all(store, "service", chunks.generation))


@pytest.mark.slow
def test_reads_of_more_records_than_sqlite_variables_are_paged(tmp_path):
    """Chroma fails a get() that returns (or names) more than 32,766 records ("too many SQL variables");
    Store reads page them. 33,000 one-dimensional records, so the write takes seconds, not minutes."""
    import chromadb.errors
    config = build_kb(tmp_path)
    store = Store(config, create=True)
    col, n = store.chunks("service"), 33_000
    for i in range(0, n, 5000):
        ids = [f"c{j}" for j in range(i, min(n, i + 5000))]
        col.add(ids=ids, embeddings=[[1.0]] * len(ids), metadatas=[{"source": f"s{j % 3}"} for j in range(len(ids))])
    with pytest.raises(chromadb.errors.InternalError, match="too many SQL variables"):
        col.get(ids=[f"c{j}" for j in range(n)], include=["metadatas"])          # control: unpaged fails
    assert len(store.get("service", ids=[f"c{j}" for j in range(n)], include=["metadatas"])["ids"]) == n
    assert len(store.get("service", where={"source": {"$ne": "none"}}, include=[])["ids"]) == n
    assert len(store.snapshot("service", ["metadatas"])["ids"]) == n
