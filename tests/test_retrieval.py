"""Hybrid retrieval and the audience filter: a customer never sees an internal chunk, however the
question is phrased; an agent does."""
from __future__ import annotations

import re

import pytest

from app.engine import QuestionError
from app.retrieval import side

RUNBOOK = "docs/support/runbooks/sso.md"
INTERNAL_PHRASES = ("Support Console", "break-glass", "fingerprint", "SAML trace", "Internal only")
QUOTES = [
    "open the Support Console, find the workspace, and compare the certificate fingerprint with the one in the SAML trace",
    "Support Console",
    "break-glass recovery login",
    "SSO failure runbook: certificate rotated",
]


@pytest.fixture(scope="module")
def kb(small_kb):
    return small_kb[1]


@pytest.mark.parametrize("route", [None, "support", "both"])
@pytest.mark.parametrize("query", QUOTES)
def test_customer_never_sees_internal_chunks(kb, query, route):
    result = kb.ask(query, audience="customer", route=route)
    for c in result["citations"]:
        assert c["source"] != RUNBOOK and c["audience"] == "public", c
    shown = re.sub(r"\*\*“[^”]*”\*\*", "", result["answer"])      # a thread headed by the customer's own words
    for phrase in INTERNAL_PHRASES:
        assert phrase.lower() not in shown.lower()
        assert all(phrase.lower() not in (c["snippet"] + c["passage"]).lower() for c in result["citations"])


def test_customer_filter_applies_inside_each_search(kb):
    """Both the dense and the keyword side filter, not just the final list."""
    kb.ask("warm up", audience="customer")                      # loads the views
    vec = kb.embedder.embed_one(QUOTES[0])
    r = kb.retriever
    [dense] = r.dense("support", [vec], "customer", 30)
    assert dense and all(h.meta["audience"] == "public" for h in dense)
    assert all(h.meta["audience"] == "public" for h in r.keyword("support", "Support Console", "customer", 30))
    assert r.keyword("support", "Support Console", "customer", 30) == []   # nothing public mentions it
    assert any(h.source == RUNBOOK for h in r.keyword("support", "Support Console", "agent", 30))
    assert any(h.source == RUNBOOK for h in r.dense("support", [vec], "agent", 30)[0])
    [fused] = r.search_all([QUOTES[0]], [vec], "customer")
    assert side(fused, "support") and all(h.meta["audience"] == "public" for h in fused)


@pytest.mark.parametrize("route", [None, "support"])
def test_agent_sees_internal_chunks(kb, route):
    result = kb.ask(QUOTES[0], audience="agent", route=route)
    assert result["answered"]
    assert result["citations"][0]["source"] == RUNBOOK
    assert result["citations"][0]["audience"] == "internal"
    assert "Support Console" in result["answer"]


def test_keyword_side_finds_exact_codes(kb):
    """An error code is matched by BM25 even when the embedding alone is unsure."""
    vec = kb.embedder.embed_one("SSO-102")
    [joint] = kb.retriever.search_all(["SSO-102"], [vec], "customer")
    hits = side(joint, "support")
    assert hits and hits[0].source == "docs/support/public/login.md" and hits[0].bm25 > 0
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_bad_audience_is_refused(kb):
    with pytest.raises(QuestionError, match="audience"):
        kb.ask("How do I get a refund?", audience="admin")
