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
    ours = kb.retriever.dense(corpus, vectors, audience, 5)
    ref = kb.store.chunks(corpus).query(query_embeddings=vectors, n_results=5, where=where,
                                        include=["distances"])
    for mine, ids, dists in zip(ours, ref["ids"], ref["distances"]):
        assert [h.id for h in mine][:3] == ids[:3]            # HNSW is approximate in the tail only
        np.testing.assert_allclose([h.dense for h in mine][:3], 1 - np.asarray(dists[:3]), atol=1e-4)


def test_customer_index_holds_no_internal_chunk(kb):
    for corpus in ("service", "support"):
        public = kb.retriever.views[corpus].vectors["public"]
        everything = kb.retriever.views[corpus].vectors["all"]
        assert all(d.meta["audience"] == "public" for d in public.docs)
        assert 0 < len(public.docs) < len(everything.docs)   # both corpora hold internal documents
