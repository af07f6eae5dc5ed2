"""Cold start: the ONNX query encoder equals torch, the query path loads no torch, a stale or foreign export
is never used, the cache folder comes from config, and full reads of a corpus are paged."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from conftest import CONFIG, ROOT, build_kb

from app.encoder import OnnxEncoder, query_encoder
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
        heavy = ["torch", "sentence_transformers", "transformers", "llama_index", "streamlit", "sklearn"]
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
