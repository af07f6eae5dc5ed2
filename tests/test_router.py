"""The router on the bundled knowledge base: service questions, support questions, mixed messages."""
from __future__ import annotations

import pytest

from app.threads import pieces

SERVICE = ["How do I get a refund?", "Can I pay by bank transfer?"]
SUPPORT = ["I get an SSO error when logging in", "my sync shows SYNC-409"]
MIXED = ["how do I change plan and also the app crashes on start",
         "I'd like to upgrade to Business. Separately, our Salesforce sync shows SYNC-409",
         "Can I get an invoice with our VAT number on it? Also SSO login fails with SSO-104"]


@pytest.fixture(scope="module")
def kb(bundled_kb):
    return bundled_kb[1]


def _check_shape(result: dict, query: str) -> dict:
    assert result["query"] == query
    route = result["route"]
    assert set(route) >= {"label", "collections", "confidence", "reason"}
    assert 0.0 <= route["confidence"] <= 1.0
    assert isinstance(route["reason"], str) and route["reason"].strip()
    expected = {"service": ["service"], "support": ["support"], "both": ["service", "support"]}[route["label"]]
    assert sorted(route["collections"]) == expected
    return route


@pytest.mark.parametrize("query", SERVICE)
def test_service_questions(kb, query):
    assert _check_shape(kb.route(query), query)["label"] == "service"


@pytest.mark.parametrize("query", SUPPORT)
def test_support_questions(kb, query):
    assert _check_shape(kb.route(query), query)["label"] == "support"


@pytest.mark.parametrize("query", MIXED)
def test_mixed_messages_go_to_both(kb, query):
    result = kb.route(query)
    route = _check_shape(result, query)
    assert route["label"] == "both"
    assert route["collections"] == ["service", "support"]
    # each thread was routed on its own, and the threads point different ways
    assert len({p["label"] for p in result["parts"]}) == 2


def test_two_problems_on_one_side_are_both_answered(kb):
    """On this knowledge base a failed payment and a failed login are both support problems: the route
    stays on support, and the citations cover both problems."""
    result = kb.ask("my payment failed and now I can't log in")
    assert result["route"]["label"] in ("support", "both")
    sources = {c["source"] for c in result["citations"]}
    assert "knowledge/support/troubleshooting/troubleshoot-payment-failed.md" in sources
    assert "knowledge/support/troubleshooting/troubleshoot-login.md" in sources


def test_route_matches_ask(kb):
    """ask() uses the same routing decision as route()."""
    for query in (SERVICE[0], SUPPORT[0]):
        assert kb.ask(query)["route"] == kb.route(query)["route"]


def test_route_override(kb):
    result = kb.ask(SERVICE[0], route="support")
    assert result["route"]["label"] == "support" and result["route"]["collections"] == ["support"]
    # the chosen side leads; the other side's passages may follow, but only under "Also from service"
    assert result["citations"][0]["corpus"] == "support"
    others = [c["n"] for c in result["citations"] if c["corpus"] != "support"]
    assert all(f"[{n}]" in result["answer"].split("Also from service:")[-1] for n in others)
    assert not others or "Also from service:" in result["answer"]


@pytest.mark.parametrize("text, parts", [
    ("how do I change plan and also the app crashes on start", ["how do I change plan", "the app crashes on start"]),
    ("How do I get a refund?", ["How do I get a refund?"]),
])
def test_pieces(text, parts):
    assert pieces(text) == parts


# Requests about things this knowledge base knows nothing of (no passage reaches the gate): the Request Map
# classifier, trained on other domains, decides the side; before, such messages went to service whatever they
# reported. Written for this test from the bucket descriptions, not taken from any data set.
# "Delivered but nothing arrived" reads 0.66 something-broke since the failure-wording cues (stop 23), under the
# band's 0.7: `both`, which still shows the support answer.
UNMATCHED = [("the parcel tracking page says delivered but nothing arrived", ("support", "both")),
             ("my boarding pass will not load at the gate", ("support",)),
             ("the washing machine shows error E21 and won't drain", ("support",)),
             ("how do I book a table for six on Friday", ("service",)),        # can-fail controls: not everything
             ("which mattress is better for back pain", ("service",))]         # unmatched goes to support


@pytest.mark.parametrize("query, labels", UNMATCHED)
def test_when_nothing_matches_the_kind_of_request_decides(kb, query, labels):
    result = kb.route(query)
    assert result["route"]["label"] in labels
    assert "nothing in either collection matches strongly" in result["route"]["reason"]


# Something that should have happened and has not, in words other than "failed" or "error" (issue 9 named
# "reverted", "hasn't arrived", "blocked", "swallowed", "pending"). Written for this test in other domains than
# the issue's, not taken from any data set, about things the bundled KB does not cover (where it does, its content
# decides: Quillhub's refund page answers "my refund hasn't arrived"). A money matter gone wrong may be `both`.
NOT_AS_EXPECTED = ["the concert tickets still haven't arrived by post",
                   "the renewal has been pending for three days",
                   "the library kiosk swallowed my membership card",
                   "my loyalty points were reverted after the trip",
                   "our team account got blocked this morning",
                   "the deposit has not been credited to my wallet",
                   "the replacement part was never delivered"]


@pytest.mark.parametrize("query", NOT_AS_EXPECTED)
def test_what_did_not_happen_as_expected_is_not_service_alone(kb, query):
    assert kb.route(query)["route"]["label"] in ("support", "both")


def test_the_evidence_reason_does_not_contradict_its_numbers():
    """Evidence is read against the collections' usual gap, so support can win with the lower best match
    (plausible dev-035: "support content matches better (0.52 vs 0.58)"); the reason says what it means."""
    from app.router import Router
    assert Router._evidence_reason("support", {"support": 0.52, "service": 0.58}) == (
        "support content matches better than these collections usually do (0.52 vs 0.58)")
    assert Router._evidence_reason("service", {"support": 0.3, "service": 0.7}) == (
        "service content matches better (0.70 vs 0.30)")


def _decide(gate: float, best: dict[str, float], leaders: tuple[str, ...], text: str = "how do I replay them?",
            answered: bool = False) -> str:
    """Route one thread whose wording, examples and bucket all say service, with the given content match."""
    import numpy as np

    from app.requests import BUCKETS
    from app.router import Router, Signals
    from app.threads import Thread
    sig = Signals(intent=-2.0, examples=-0.1, evidence=-0.2, gate=gate, best=best, bucket=-3.0, leaders=leaders,
                  answered=answered)
    proba = np.asarray([0.8, 0.1, 0.05, 0.05])
    assert len(proba) == len(BUCKETS)
    router = Router(None, {"service": np.zeros((0, 384)), "support": np.zeros((0, 384))})
    return router.decide(text, sig, [(Thread(text, "how-do-i", 0.8, proba), sig)]).label


@pytest.mark.parametrize("gate, best, leaders, label", [
    # a good match: the side its two best passages live on, whatever the wording says
    (1.0, {"service": 0.70, "support": 0.68}, ("support", "support"), "support"),
    # the best passage leads when the next one is on the other side...
    (1.0, {"service": 0.45, "support": 0.65}, ("support", "service"), "support"),
    # ...even when both collections match strongly: one question, one answer (the other side is "Also from")
    (1.0, {"service": 0.70, "support": 0.68}, ("support", "service"), "support"),
    # controls: a weaker match keeps the wording's side, also when both sides match strongly below gate 1
    (0.7, {"service": 0.48, "support": 0.54}, ("support", "support"), "service"),
    (0.8, {"service": 0.56, "support": 0.57}, ("support", "support"), "service"),
])
def test_a_good_match_routes_to_the_side_of_the_best_passage(gate, best, leaders, label):
    """Bench corpora, route exact with the logistic -> the best passage's side: covid-faq 0.619 -> 0.820,
    govuk-paas 0.706 -> 0.794 (app/router.py). Before, the first two cases did not go to support."""
    assert _decide(gate, best, leaders) == label


@pytest.mark.parametrize("gate, leaders, answered, label", [
    # a weaker match that answers the question from the other side: both sides are searched
    (0.5, ("support", "support", "service"), True, "both"),
    # ...and where the answer is on the side the wording says, that side alone
    (0.5, ("service", "service", "support"), True, "service"),
    # controls: not answered, or its two best passages on different sides, or no match at all: the wording's side
    (0.5, ("support", "support", "service"), False, "service"),
    (0.5, ("support", "service", "support"), True, "service"),
    (0.0, ("support", "support", "service"), True, "service"),
])
def test_a_weaker_match_answered_on_the_other_side_searches_both(gate, leaders, answered, label):
    """Between no match and a good one, the wording and the request's kind decided, and a question worded like
    service whose answer sits in support went to service only, its answer hidden. When answerability says the
    knowledge base answers it and the two best passages sit on the other side, both are searched
    (app/router.py). Before, the first case went to service."""
    best = {"service": 0.42, "support": 0.50}
    assert _decide(gate, best, leaders, answered=answered) == label


TWO_ASKS = "the replay shows an error. how do I replay them from the start?"


@pytest.mark.parametrize("gate, leaders", [(1.0, ("support", "service")), (0.8, ("support", "support"))])
def test_strong_passages_on_both_sides_mean_both_only_where_the_message_holds_two_requests(gate, leaders):
    """One question with strong, equal passages on both sides was hedged to `both` (covid-faq: 24 of 244
    one-sided questions, their CDC and ECDC near-duplicates on different sides); a message of two sentences or
    clauses may really need both (dev-004: "my app can't connect ... what should I check, and how do I get a
    psql prompt"). Control: the same match and signals, one sentence, go to one side."""
    best = {"service": 0.70, "support": 0.68}
    assert _decide(gate, best, leaders, TWO_ASKS) == "both"
    assert _decide(gate, best, leaders) != "both"


def test_a_route_by_the_best_passage_says_what_its_confidence_counts():
    """Bitwarden's help center: "Route: support (0.20)" beside "the best-matching passage is support content
    (0.88)" read as a contradiction. The confidence is the share of the five best passages on the route's side,
    and the reason now says so."""
    import numpy as np

    from app.router import Router, Signals
    from app.threads import Thread
    leaders = ("support", "service", "service", "service", "service")
    sig = Signals(intent=-2.0, examples=-0.1, evidence=-0.2, gate=1.0, best={"service": 0.6, "support": 0.88},
                  bucket=-3.0, leaders=leaders, answered=True)
    router = Router(None, {"service": np.zeros((0, 384)), "support": np.zeros((0, 384))})
    text = "vault timeout resets after every restart"
    route = router.decide(text, sig, [(Thread(text, "something-broke", 0.8, np.asarray([.1, .8, .05, .05])), sig)])
    assert route.label == "support" and route.confidence == pytest.approx(0.2)
    assert route.reason.endswith("(0.88), the next is not; 1 of the 5 best are support")
