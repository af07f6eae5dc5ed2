"""The insight dashboard's pure functions: request classifier, route mix, confidence bins, content gaps."""
from __future__ import annotations

from app.ui.insight import confidence_bins, content_gaps, request_map, request_map_by, route_mix

DAY = 86400


def row(text, ts=0.0, route="service", conf=0.5, answered=True, feedback=None, title="Doc", buckets=(),
        audience="customer", closest=None):
    return {"text": text, "ts": ts, "route": route, "confidence": conf, "answered": int(answered),
            "feedback": feedback, "top_title": title if answered else closest, "audience": audience,
            "buckets": list(buckets)}


def test_request_map_counts_threads_by_bucket():
    counts = request_map([row("How do I invite someone?", buckets=["how-do-i"]),
                          row("My payment failed and now I can't log in", buckets=["account-and-money",
                                                                                   "something-broke"]),
                          row("Refund my plan", buckets=["account-and-money"])])
    assert counts == {"how-do-i": 1, "something-broke": 1, "account-and-money": 2, "decision": 0}


def test_request_map_shows_questions_logged_before_buckets_apart():
    assert request_map([row("old question")])["not classified"] == 1


def test_request_map_per_day_and_audience():
    rows = [row("a", 0, buckets=["decision"]), row("b", DAY, buckets=["how-do-i", "something-broke"], audience="agent")]
    by_day = request_map_by(rows, "day")
    assert by_day["1970-01-01"]["decision"] == 1 and by_day["1970-01-02"]["something-broke"] == 1
    by_audience = request_map_by(rows, "audience")
    assert by_audience["agent"] == {"how-do-i": 1, "something-broke": 1, "account-and-money": 0, "decision": 0}


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


def test_unanswered_groups_name_the_article_they_came_closest_to():
    """A declined question lists its closest passages; the group says where the missing answer would go."""
    rows = [row("Do you have a Linux app?", answered=False, closest="Install the desktop app"),
            row("Linux package for Ubuntu?", answered=False, closest="Install the desktop app"),
            row("Is there a Linux CLI?", answered=False, closest="API keys"),
            row("What is the boiling point of mercury?", answered=False)]
    assert content_gaps(rows) == [
        ("no answer: “linux”, closest article: Install the desktop app",
         ["Do you have a Linux app?", "Linux package for Ubuntu?", "Is there a Linux CLI?"]),
        ("no answer: other", ["What is the boiling point of mercury?"]),
    ]
