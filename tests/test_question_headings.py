"""A heading phrased as a question that titles its page (an FAQ kept one entry per file) is a second dense field
of its chunk: the dense list ranks a chunk by the better of its body's cosine and its question heading's
(ingest/head_vectors.question_text, VectorIndex.search_fields). Generic headings, and questions inside a page,
are not a field."""
from __future__ import annotations

import math

import numpy as np
import pytest

from app.vectors import VectorIndex
from ingest import head_vectors
from ingest.pipeline import ingest

FAQ = {
    "docs/service/dog.md": """
        # Can I bring my dog to the office?

        Only on Fridays, and only in the east wing. Register it with reception first, keep it on a lead in
        shared spaces, and make sure its vaccinations are up to date. Colleagues with allergies can ask for a
        desk on another floor for the day; facilities will arrange it with the team lead.
        """,
    "docs/service/faq.md": """
        # Office FAQ

        ## Is there parking for visitors?
        Visitors park in the yard behind building B; reception hands out a permit for the day.

        ## Opening hours
        The office is open from 8 in the morning to 6 in the evening on weekdays. On public holidays the
        building stays closed, and weekend access needs a request to facilities at least two days ahead, with
        the names of everyone who will come in and the rooms you plan to use.
        """,
    "docs/support/runbooks/keys.md": """
        # What do I do when a key card stops working?

        Re-encode it at the security desk; internal only.
        """,
}


def test_only_a_heading_that_asks_is_a_question():
    assert head_vectors.question_text(("FAQ", "Can I get a refund?")) == "Can I get a refund?"
    assert head_vectors.question_text(("FAQ", "Can I get a refund? ")) == "Can I get a refund?"
    assert head_vectors.question_text(("FAQ", "Refunds")) is None          # can fail: generic headings stay out
    assert head_vectors.question_text(("Is it? No", "Refunds")) is None    # only the chunk's own heading counts
    assert head_vectors.question_text(()) is None


def test_the_better_field_ranks_and_the_body_cosine_is_kept():
    """Row 0's body is far from the query but its question heading is close: it leads the fields' ranking,
    not the body's; its body cosine is reported as is, and a row without a question heading has NaN."""
    q = np.asarray([1.0, 0.0, 0.0], dtype=np.float32)
    matrix = np.asarray([[0.0, 1.0, 0.0], [0.6, 0.8, 0.0], [0.0, 0.0, 1.0]], dtype=np.float32)
    docs = ["faq", "other", "third"]
    questions = (np.asarray([0], dtype=np.int64), np.asarray([[0.9, 0.0, 0.436]], dtype=np.float32))
    index = VectorIndex.over([(matrix, docs, {d: i for i, d in enumerate(docs)}, np.arange(3), questions)])
    (found,) = index.search_fields(q[None, :], 2)
    assert [d for d, _, _ in found] == ["faq", "other"]
    assert found[0][1] == pytest.approx(0.0) and found[0][2] == pytest.approx(0.9)
    assert math.isnan(found[1][2])
    (body_only,) = index.search(q[None, :], 2)
    assert [d for d, _ in body_only] == ["other", "faq"]        # can fail: the body alone ranks the other way
    hidden = VectorIndex.over([(matrix, docs, {}, np.asarray([1, 2]), questions)])     # a level without row 0
    assert "faq" not in [d for d, _, _ in hidden.search_fields(q[None, :], 3)[0]]


@pytest.fixture(scope="module")
def faq_kb(tmp_path_factory, embedder):
    from conftest import ingested_kb
    return ingested_kb(tmp_path_factory.mktemp("faq_kb"), embedder, FAQ)


def test_a_question_heading_is_stored_and_ranks_by_its_own_vector(faq_kb, embedder):
    from app.engine import KnowledgeBase
    from app.index_cache import wait_saved
    kb = KnowledgeBase(faq_kb, embedder=embedder)
    kb._ready()
    metas = kb.store.chunks("service").get(include=["metadatas"])["metadatas"]
    asks = {m["section"]: head_vectors.QUESTION_KEY in m for m in metas}
    assert asks == {"Can I bring my dog to the office?": True, "Is there parking for visitors?": True,
                    "Opening hours": False}                   # stored for every question: decided when read
    vector = embedder.embed(["Can I bring my dog to the office?"])
    (hits,) = kb.retriever.dense("service", vector, "customer", 5)
    assert hits[0].meta["section"] == "Can I bring my dog to the office?"
    assert hits[0].ask == pytest.approx(1.0, abs=0.01)         # the heading's own vector (int8: ~0.001 off)
    assert hits[0].ask > hits[0].dense
    assert math.isnan(next(h.ask for h in hits if h.meta["section"] == "Opening hours"))
    # a question inside a page asks about the page's topic: not a field of its own (can fail: it is stored)
    assert math.isnan(next(h.ask for h in hits if h.meta["section"] == "Is there parking for visitors?"))
    # an internal question never reaches a customer, whatever it matches
    internal = embedder.embed(["What do I do when a key card stops working?"])
    assert kb.retriever.dense("support", internal, "customer", 5) == [[]]
    assert kb.retriever.dense("support", internal, "agent", 5)[0][0].ask == pytest.approx(1.0, abs=0.01)
    wait_saved()
    again = KnowledgeBase(faq_kb, embedder=embedder)     # a new process: the saved copy brings the vectors
    again._ready()
    (reloaded,) = again.retriever.dense("service", vector, "customer", 5)
    assert [(h.id, round(h.ask, 6)) for h in reloaded if not math.isnan(h.ask)] == \
        [(h.id, round(h.ask, 6)) for h in hits if not math.isnan(h.ask)]


SHARED = {
    "docs/service/metformin/missed.md": """
        # What should I do if I forget a dose?

        Metformin: take the missed dose as soon as you remember it. Skip it if it is almost time for the next one.
        """,
    "docs/service/warfarin/missed.md": """
        # What should I do if I forget a dose?

        Warfarin: call your doctor before taking a missed dose; never take two doses on the same day.
        """,
    "docs/service/aspirin.md": """
        # Can aspirin be taken with wine?

        Alcohol raises the risk of stomach bleeding with aspirin; keep to one drink a day at most.
        """,
}


def _asks(kb, corpus: str, level: str = "customer") -> dict[str, bool]:
    """Section -> whether its question heading is a dense field for this audience."""
    vector = kb.embedder.embed(["forget a dose"])
    (hits,) = kb.retriever.dense(corpus, vector, level, 10)
    return {f"{h.meta['title']} / {h.meta['section']}": not math.isnan(h.ask) for h in hits}


def test_a_question_heading_many_files_share_is_not_a_field(tmp_path, fake_embedder):
    """"What should I do if I forget a dose?" titles two drug pages: its vector would match a question about
    either page alike, so neither gets it; a question only one page asks keeps it. When one of the two pages
    goes, the other's heading is its own again (the delta path of a refresh)."""
    from conftest import build_kb

    from app.engine import KnowledgeBase
    config = build_kb(tmp_path, SHARED)
    assert ingest(config, embedder=fake_embedder)["ok"]
    kb = KnowledgeBase(config, embedder=fake_embedder)
    forget = "What should I do if I forget a dose? / What should I do if I forget a dose?"
    assert _asks(kb, "service") == {forget: False, "Can aspirin be taken with wine? / Can aspirin be taken with wine?":
                                    True}
    metas = kb.store.chunks("service").get(include=["metadatas"])["metadatas"]
    assert all(head_vectors.QUESTION_KEY in m for m in metas)       # stored for all: decided when read
    (tmp_path / "docs/service/warfarin/missed.md").unlink()
    assert ingest(config, embedder=fake_embedder)["ok"]
    assert _asks(kb, "service") == {forget: True, "Can aspirin be taken with wine? / Can aspirin be taken with wine?":
                                    True}
