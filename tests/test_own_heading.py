"""A chunk's heading path below the page's title is a third field of the section match
(ingest/head_vectors.own_text, app/retrieval.section_similarities): inside one file every heading path starts with
the title, so a long title makes all of them alike, and the rest of the path says which section."""
from __future__ import annotations

import math

import pytest

from ingest import head_vectors

TITLE = "Residents, visitors and businesses: parking permits, zones and fees | Northbridge City Council"
PERMITS = {
    "docs/service/permits.md": f"""
        # {TITLE}

        Residents can park in their zone with a permit. A permit costs 40 euros a year.

        ## Get help with your application

        If you need help to apply for a parking permit, the permits team can help you apply for your parking
        permit by phone on weekdays, or at the town hall.

        ## How to apply for a parking permit

        1. Sign in to the city portal.
        2. Choose **Permits > Residents** and enter your car's registration number.
        3. Upload a proof of address and pay the fee.

        ## Can visitors park in my zone?

        Buy a visitor day pass in the portal; each household gets 30 a year.
        """,
}


def test_the_path_below_the_title_is_stored_where_no_other_vector_holds_it():
    assert head_vectors.own_text(("Permits", " How to apply ")) == "How to apply"
    assert head_vectors.own_text(("Manual", "Permits", " Fees ")) == "Permits > Fees"   # with its parents
    assert head_vectors.own_text(("Permits",)) is None                 # the path's vector is the title's
    assert head_vectors.own_text(("Permits", "Can I get a refund?")) is None   # question_vector holds it
    assert head_vectors.own_text(("Manual", "Permits", "Can I get a refund?")) == "Permits > Can I get a refund?"
    assert head_vectors.own_text(()) is None


@pytest.fixture(scope="module")
def permits_kb(tmp_path_factory, embedder):
    from conftest import ingested_kb
    return ingested_kb(tmp_path_factory.mktemp("permits_kb"), embedder, PERMITS)


def test_ingest_stores_each_sections_own_heading_vector(permits_kb, embedder):
    from app.engine import KnowledgeBase
    kb = KnowledgeBase(permits_kb, embedder=embedder)
    metas = kb.store.chunks("service").get(include=["metadatas"])["metadatas"]
    fields = {m["section"]: (head_vectors.OWN_KEY in m, head_vectors.QUESTION_KEY in m) for m in metas}
    assert fields == {TITLE: (False, False), "Get help with your application": (True, False),
                      "How to apply for a parking permit": (True, False), "Can visitors park in my zone?": (False, True)}
    own = next(m for m in metas if m["section"] == "How to apply for a parking permit")
    [vector] = embedder.embed(["How to apply for a parking permit"])
    assert head_vectors.similarities([head_vectors.own_vector(own)], vector)[0] == pytest.approx(1.0, abs=0.01)


def test_the_section_its_own_heading_names_leads_where_the_title_blurs_the_paths(permits_kb, embedder, monkeypatch):
    """Shaped like doc2dial's "you can help me apply for a Veteran ID card" (bench/corpora/doc2dial): the help
    section's body and path match the question best, the section that says how to apply is named by it."""
    from app.engine import KnowledgeBase
    question = "can you help me apply for a parking permit"
    lead = KnowledgeBase(permits_kb, embedder=embedder).ask(question)["citations"][0]
    assert lead["anchor"] == "how-to-apply-for-a-parking-permit"
    monkeypatch.setattr(head_vectors, "own_vector", lambda meta: None)     # can fail: a store without them
    before = KnowledgeBase(permits_kb, embedder=embedder).ask(question)["citations"][0]
    assert before["anchor"] == "get-help-with-your-application"


def test_section_match_takes_the_best_field_it_knows():
    from app.retrieval import Hit, section_match, section_similarities
    hits = [Hit("a", "service", "", {}, dense=0.4, head=0.5, own=0.7), Hit("b", "service", "", {}, dense=0.6),
            Hit("c", "service", "", {}, dense=0.3, head=0.5)]
    assert [section_match(h) for h in hits] == pytest.approx([0.7, 0.6, 0.5])
    assert math.isnan(hits[1].own)
    assert section_similarities(hits[:1], [1.0, 0.0]) == pytest.approx([0.7])


def test_a_chunk_under_the_title_alone_is_not_matched_by_the_title():
    """Plane's docs: a page's one-line description (heading path: the title alone) led over the section quoting
    the error asked about: its heading path is the title every chunk of the file shares, so its cosine says
    the file matches, not the passage. Control: a description whose own text matches better still leads."""
    from app.retrieval import Hit, section_similarities
    description = Hit("d", "support", "", {"heading_path": "Licenses"}, dense=0.41, head=0.55, own=math.nan)
    section = Hit("s", "support", "", {"heading_path": "Licenses > License is invalid"}, dense=0.47, head=0.45)
    assert section_similarities([description, section], [1.0, 0.0]) == pytest.approx([0.41, 0.47])
    description.dense = 0.6
    assert section_similarities([description, section], [1.0, 0.0]) == pytest.approx([0.6, 0.47])
