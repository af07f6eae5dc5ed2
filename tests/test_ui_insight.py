"""The insight dashboard's pure functions: request classifier, route mix, confidence bins, content gaps."""
from __future__ import annotations

import pytest

from app.ui.insight import classify, confidence_bins, content_gaps, request_map, route_mix

DAY = 86400


@pytest.mark.parametrize("text, kind", [
    ("How do I invite a teammate?", "how-do-I"),
    ("Where can I change the language of the editor?", "how-do-I"),
    ("Login fails with SSO-104", "something-broke"),
    ("I can't log in since this morning", "something-broke"),
    ("The desktop app crashed and my notes are lost", "something-broke"),
    ("Got ERR_OFFLINE_QUEUE_FULL on my phone", "something-broke"),
    ("My payment failed", "something-broke"),
    ("How do I get a refund?", "account-and-money"),
    ("Why was I charged twice this month?", "account-and-money"),
    ("Where do I download my invoices?", "account-and-money"),
    ("Which plan is right for a team of 12?", "decision"),
    ("Should we upgrade to Business or stay on Team?", "decision"),
    ("What is the difference between an owner and an admin?", "decision"),
])
def test_classify(text, kind):
    assert classify(text) == kind


def row(text, ts=0.0, route="service", conf=0.5, answered=True, feedback=None, title="Doc"):
    return {"text": text, "ts": ts, "route": route, "confidence": conf, "answered": int(answered),
            "feedback": feedback, "top_title": title if answered else None, "audience": "customer"}


def test_request_map_counts_every_kind():
    counts = request_map([row("How do I invite someone?"), row("Refund please"), row("Refund my plan")])
    assert counts == {"how-do-I": 1, "something-broke": 0, "account-and-money": 2, "decision": 0}


def test_route_mix_per_day():
    rows = [row("a", 0, "service"), row("b", 100, "support"), row("c", DAY + 5, "both"), row("d", DAY, "both")]
    assert route_mix(rows) == {"1970-01-01": {"service": 1, "support": 1, "both": 0},
                               "1970-01-02": {"service": 0, "support": 0, "both": 2}}


def test_confidence_bins_cover_zero_to_one():
    bins = confidence_bins([row("a", conf=0.0), row("b", conf=0.55), row("c", conf=1.0), row("d", conf=0.99)])
    assert len(bins) == 10 and sum(bins.values()) == 4
    assert bins["0.0–0.1"] == 1 and bins["0.5–0.6"] == 1 and bins["0.9–1.0"] == 2


def test_content_gaps_group_unanswered_by_shared_keyword_and_unhelpful_by_document():
    rows = [row("Can I export my data to Notion?", answered=False),
            row("How to export data as PDF", answered=False),
            row("Is there a dark mode?", answered=False),
            row("How do I get a refund?", feedback=-1, title="Refund policy"),
            row("Refund for monthly plan", feedback=-1, title="Refund policy"),
            row("How do I invite people?", feedback=1),
            row("Invite by link?")]
    assert content_gaps(rows) == [
        ("no answer: “data”", ["Can I export my data to Notion?", "How to export data as PDF"]),
        ("rated unhelpful: Refund policy", ["How do I get a refund?", "Refund for monthly plan"]),
        ("no answer: other", ["Is there a dark mode?"]),
    ]
    assert content_gaps([row("fine", feedback=1)]) == []
