"""The reader's exact dense search agrees with Chroma's own nearest-neighbour query (the reference),
per audience, on the bundled knowledge base."""
from __future__ import annotations

import numpy as np
import pytest

QUESTIONS = ["How do I get a refund?", "I get an SSO error when logging in", "Salesforce sync shows SYNC-409",
             "what goes in an escalation packet", "Can I pay by bank transfer?", "desktop app stuck offline"]


@pytest.fixture(scope="module")
def kb(bundled_kb):
    _, kb = bundled_kb
    kb._ready()
    return kb


@pytest.mark.parametrize("audience,where", [("customer", {"audience": "public"}), ("agent", None)])
@pytest.mark.parametrize("corpus", ["service", "support"])
def test_same_neighbours_as_chroma(kb, corpus, audience, where):
    vectors = kb.embedder.embed(QUESTIONS)
    index = kb.retriever.views[corpus].vectors["public" if where else "all"]
    ours = index.search(np.asarray(vectors, dtype=np.float32), 5)
    ref = kb.store.chunks(corpus).query(query_embeddings=vectors, n_results=5, where=where,
                                        include=["distances"])
    for mine, ids, dists in zip(ours, ref["ids"], ref["distances"]):
        assert [d.id for d, _ in mine][:3] == ids[:3]            # HNSW is approximate in the tail only
        np.testing.assert_allclose([s for _, s in mine][:3], 1 - np.asarray(dists[:3]), atol=1e-4)


def test_customer_index_holds_no_internal_chunk(kb):
    for corpus in ("service", "support"):
        public = kb.retriever.views[corpus].vectors["public"]
        everything = kb.retriever.views[corpus].vectors["all"]
        assert all(d.meta["audience"] == "public" for d in public.docs)
        assert 0 < len(public.docs) < len(everything.docs)   # both corpora hold internal documents


def test_cosines_of_many_chunks_in_one_product_match_chroma_and_hide_what_a_level_cannot_see(kb):
    vector = np.asarray(kb.embedder.embed([QUESTIONS[0]])[0], dtype=np.float32)
    internal = next(d.id for d in kb.retriever.views["support"].vectors["all"].docs if d.meta["audience"] != "public")
    public = kb.retriever.views["support"].vectors["public"]
    ids = [d.id for d in public.docs[:5]] + [internal, "no-such-chunk"]
    got = public.similarities(ids, vector)
    stored = kb.store.chunks("support").get(ids=ids[:5], include=["embeddings"])
    expected = dict(zip(stored["ids"], (np.asarray(stored["embeddings"], np.float32) @ vector).tolist()))
    np.testing.assert_allclose(got[:5], [expected[i] for i in ids[:5]], atol=1e-5)
    assert got[5:] == [0.0, 0.0]               # can fail: an internal chunk's score must not reach a customer
    np.testing.assert_allclose(got, [public.similarity(i, vector) for i in ids], atol=1e-6)
