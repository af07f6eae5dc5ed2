"""The Request Map through `kb route` on the bundled knowledge base: seed messages per bucket (written from
the bucket descriptions in issue 9, not taken from any data set the classifier is evaluated on), threads,
and the contract (route bucket, threads as parts, reason in the bucket's words)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from app.engine import QuestionError
from app.requests import BUCKETS, N_CUES, centroid_proba, default_model, side
from app.threads import cut, may_split, pieces, threads

SEEDS = {
    "how-do-i": [
        "How do I invite a teammate to my workspace?",
        "Where do I find the API settings?",
        "How can I set up single sign-on for my team?",
        "How do I export a report to CSV?",
        "Where can I change my notification preferences?",
        "How do I connect the Salesforce integration?",
        "Can you walk me through installing the desktop app?",
        "How do I create a new project from a template?",
        "Where is the audit log?",
        "How do I turn on two-factor authentication?",
        "How do I archive old projects?",
    ],
    "something-broke": [
        "The desktop app crashes every time I open it",
        "I get a 500 error when I save a document",
        "Our Salesforce sync stopped working yesterday",
        "The dashboard shows no data since this morning",
        "I never received the password reset email",
        "Webhooks are not being delivered to our endpoint",
        "The page keeps loading forever and nothing happens",
        "Half of our imported records are missing",
        "The mobile app won't let me sign in",
        "Exports fail with a timeout error",
        "Notifications stopped arriving after the update",
    ],
    "account-and-money": [
        "I was charged twice this month",
        "Can I get a refund for my annual plan?",
        "Where can I download my invoices?",
        "Please update the billing address on our invoices",
        "I want to dispute a charge on my card",
        "Why is my invoice higher than usual?",
        "Please cancel my subscription and stop charging me",
        "Can you add our VAT number to the invoice?",
        "I was billed for seats we removed",
        "When will my refund arrive?",
        "How much will I be charged if I add five seats?",
    ],
    "decision": [
        "Which plan is right for a team of 20?",
        "Do you integrate with HubSpot?",
        "What is the difference between Pro and Business?",
        "Is your product GDPR compliant?",
        "Do you offer a discount for nonprofits?",
        "What is your data retention policy?",
        "Does the Business plan include SSO?",
        "Is there an on-premise version?",
        "What uptime do you guarantee?",
        "Is it a good fit for a team spread over several countries?",
        "Do you support single sign-on with Okta?",
    ],
}
SIDE = {"how-do-i": "service", "something-broke": "support", "account-and-money": "service", "decision": "service"}
# Seeds the shipped classifier gets wrong today (43 of 44 right, measured 2026-12-03 with the nearest-intent blend
# and 9 domains; 40 before, 39 before the bucket wording cues). Kept visible rather than dropped or tuned away;
# strict, so a better classifier turns them into failures to remove from this list.
KNOWN_MISSES = {"How much will I be charged if I add five seats?"}
CASES = [pytest.param(q, b, marks=pytest.mark.xfail(strict=True, reason="known miss of the classifier"))
         if q in KNOWN_MISSES else (q, b) for b, qs in SEEDS.items() for q in qs]


@pytest.fixture(scope="module")
def kb(bundled_kb):
    return bundled_kb[1]


@pytest.mark.slow
@pytest.mark.parametrize("query, bucket", CASES)
def test_seed_messages_get_their_bucket_and_side(kb, query, bucket):
    result = kb.route(query)
    assert result["route"]["bucket"] == bucket
    assert len(result["parts"]) == 1 and result["parts"][0]["bucket"] == bucket
    assert result["route"]["label"] in (SIDE[bucket], "both")


@pytest.mark.parametrize("query", ["My payment failed and now I can't log in.",
                                   "my card was declined and now the desktop app won't sync",
                                   # nothing marks the second request: the two pieces surely lie on two sides
                                   "My payment failed. I can't log in.",
                                   "My payment failed and I can't log in."])
def test_a_failed_payment_and_a_broken_app_are_two_threads(kb, query):
    result = kb.route(query)
    threads = result["parts"]
    assert [t["bucket"] for t in threads] == ["account-and-money", "something-broke"]
    assert threads[1]["label"] == "support" and threads[0]["label"] in ("service", "both")
    assert result["route"]["label"] == "both"
    assert all(set(t) == {"text", "bucket", "label", "confidence"} for t in threads)
    reason = result["route"]["reason"]
    assert "account & money:" in reason and "something broke:" in reason


@pytest.mark.parametrize("query, buckets", [
    ("Which plan includes SSO? Also, the SSO login page shows an error.", ["decision", "something-broke"]),
    ("Why was I charged twice? Also, the desktop app won't sync.", ["account-and-money", "something-broke"]),
    # can fail: a later piece pointing back ("It says ...") still stays with the one before it
    ("Which plan includes SSO and also it shows an error on the login page.", None),
])
def test_a_question_opening_which_or_why_is_cut_from_a_marked_request_after_it(kb, query, buckets):
    """Bitwarden's help center: only the later piece of two may not point back, but both were asked to, so a
    first question opening "Which" or "Why" was never cut from what followed it."""
    threads = kb.route(query)["parts"]
    assert [t["bucket"] for t in threads] == buckets if buckets else len(threads) == 1


def test_one_request_over_two_sentences_stays_one_thread(kb):
    result = kb.route("I can't log in to the desktop app. It says my password is wrong even after a reset.")
    assert [t["bucket"] for t in result["parts"]] == ["something-broke"]
    assert result["route"]["label"] == "support"


@pytest.mark.parametrize("query, buckets", [
    ("my invoice is wrong and the app keeps crashing", ["account-and-money", "something-broke"]),
    ("Which plan includes SSO? The sync shows error 502.", ["decision", "something-broke"]),
    # can fail: a problem and the question about it, with no marker, stay one request (the second piece's
    # p(something-broke) is 0.1, short of opposite sides at 0.95)
    ("The export fails with error 500. What should I do?", ["something-broke"]),
])
def test_unmarked_requests_on_opposite_sides_are_two_threads(kb, query, buckets):
    assert [t["bucket"] for t in kb.route(query)["parts"]] == buckets


def test_two_unmarked_parts_answered_by_one_file_are_one_request(kb):
    """Formbricks' docs: "The API returns 429 Too Many Requests on my own server. Can I turn rate limiting off?"
    came apart on the classifier alone (something broke / decision) and was routed `both`, though one page
    answers it. Here both parts lead to the SSO runbook. Control: "also" marks a second request, whatever file
    answers it."""
    one = kb.route("I get error SSO-104. How do I configure the SAML certificate?")
    assert len(one["parts"]) == 1 and one["route"]["label"] == "support"
    marked = kb.route("I get error SSO-104. Also, how do I configure the SAML certificate?")
    assert len(marked["parts"]) == 2                        # can fail: the writer's marker keeps them apart


@pytest.mark.parametrize("query, parts", [
    ("How do I export my notes as PDF, and also how do I invite a guest to a workspace?", 2),
    ("The desktop app crashes on start. Separately, the web editor shows error 502.", 2),
    ("How do I export my notes as PDF and how do I print them?", 1),    # can fail: nothing marks a second request
    # "and now" between two problems of one kind tells what followed (NocoDB, Jitsi): one request
    ("removed my docker container to update and now all my tables are gone!!", 1),
])
def test_two_marked_requests_of_one_bucket_are_two_threads(kb, query, parts):
    """Jitsi's handbook: "set up keycloak login for our jitsi, and also let guests join without an account" stayed
    one thread, as its two requests are both how-tos; each now gets its own answer. The thread study, per domain
    held out: pairs of requests split 0.23-0.42 -> 0.30-0.43, whole messages cut 1.6% -> 1.5% on average (clinc
    0.055 -> 0.036, insurance 0 -> 0.009); TechQA's one-request questions 0.013 -> 0.020."""
    threads = kb.route(query)["parts"]
    assert len(threads) == parts and len({t["bucket"] for t in threads}) == 1


@pytest.mark.parametrize("query, bucket", [
    # the first sentence alone reads as something else (0.73 something-broke), but nothing marks a second request
    # and it is not sure enough to be one: the old grouping by neighbours' top bucket made two threads of it
    ("Our team is growing fast. Which plan should we pick?", "decision"),
    ("I added the tracking snippet an hour ago. Where do I see the first visits?", None),
])
def test_one_request_over_two_clauses_is_one_thread(kb, query, bucket):
    result = kb.route(query)
    assert len(result["parts"]) == 1
    assert bucket is None or result["parts"][0]["bucket"] == bucket


def test_kb_route_json_shows_bucket_and_threads(kb, capsys, monkeypatch):
    from app import cli
    monkeypatch.setattr(cli, "_kb", lambda args: kb)      # the bundled KB's temp store, the session's model
    code = cli.main(["route", "My payment failed and now I can't log in.", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["route"]["bucket"] in BUCKETS
    assert [t["bucket"] for t in out["parts"]] == ["account-and-money", "something-broke"]


def test_ask_answers_each_thread(kb):
    result = kb.ask("My payment failed and now I can't log in.")
    sources = {c["source"] for c in result["citations"]}
    assert "knowledge/support/troubleshooting/troubleshoot-login.md" in sources
    assert len(result["parts"]) == 2


@pytest.mark.parametrize("text, expected", [
    ("My payment failed and now I can't log in.", ["My payment failed", "I can't log in"]),
    ("How do I get a refund?", ["How do I get a refund?"]),
    ("Hi. The app crashes", ["Hi. The app crashes"]),
    ("I can't log in. It says my password is wrong", ["I can't log in", "It says my password is wrong"]),
    # a bare "also" before a question (Jellyfin's docs); control: "also" inside a clause is no cut
    ("Transcoding broke after the update, also how do I set up Quick Connect?",
     ["Transcoding broke after the update", "how do I set up Quick Connect?"]),
    ("Tell me which plans also include SSO", ["Tell me which plans also include SSO"]),
])
def test_pieces(text, expected):
    assert pieces(text) == expected


def test_doctors_and_nurses_is_one_piece():
    """A bare "and" cuts only where a new clause starts."""
    assert pieces("What should doctors and nurses do to protect themselves?") == \
        ["What should doctors and nurses do to protect themselves?"]


SURE_MONEY, SURE_BROKE = np.asarray([0.01, 0.02, 0.96, 0.01]), np.asarray([0.01, 0.96, 0.02, 0.01])
UNSURE_MONEY, UNSURE_BROKE = np.asarray([0.2, 0.15, 0.6, 0.05]), np.asarray([0.2, 0.6, 0.15, 0.05])
# unsure which service bucket, sure it is not something-broke ("I'd like to upgrade to Business")
SPREAD_SERVICE = np.asarray([0.33, 0.01, 0.36, 0.30])
FAIRLY_BROKE = np.asarray([0.04, 0.9, 0.04, 0.02])


@pytest.mark.parametrize("text, before, after, p, q, expected", [
    # two sure pieces about different buckets, each a request on its own: cut (at a plain bar of 0.9)
    ("I was charged twice. The app crashes on start", "I was charged twice", "The app crashes on start",
     SURE_MONEY, SURE_BROKE, True),
    # the same buckets, unsure, with nothing marking a second request: one thread
    ("I was charged twice. The app crashes on start", "I was charged twice", "The app crashes on start",
     UNSURE_MONEY, UNSURE_BROKE, False),
    # marked, and the first piece is unsure which service bucket but surely not the second's something-broke
    ("I'd like to upgrade to Business. Separately, our sync shows an error", "I'd like to upgrade to Business",
     "Separately, our sync shows an error", SPREAD_SERVICE, SURE_BROKE, True),
    # unsure, but the writer marks a separate request ("and now", "also"): cut
    ("I was charged twice and now the app crashes", "I was charged twice", "the app crashes",
     UNSURE_MONEY, UNSURE_BROKE, True),
    ("I was charged twice. Also, the app crashes", "I was charged twice", "Also, the app crashes",
     UNSURE_MONEY, UNSURE_BROKE, True),
    # a piece that points back at its neighbour continues the same request, however sure
    ("I can't log in. It says my card is wrong", "I can't log in", "It says my card is wrong",
     SURE_BROKE, SURE_MONEY, False),
    # one bucket: never cut
    ("I was charged twice. I was billed for seats", "I was charged twice", "I was billed for seats",
     SURE_MONEY, SURE_MONEY, False),
])
def test_a_cut_needs_confidence_or_a_marker(text, before, after, p, q, expected):
    assert cut(text, before, after, p, q, split_confidence=0.9, additive_confidence=0.5) == expected


def test_the_shipped_bars_cut_unmarked_pieces_only_on_opposite_sides():
    plain = ("I was charged twice. The app crashes on start", "I was charged twice", "The app crashes on start")
    assert cut(*plain, SURE_MONEY, SURE_BROKE)              # 0.02 / 0.96 something-broke: opposite sides
    assert not cut(*plain, SURE_MONEY, FAIRLY_BROKE)        # 0.02 / 0.9: different buckets, sure enough of neither
    assert not cut(*plain, SPREAD_SERVICE, SURE_MONEY)      # both on the service side, however sure
    assert cut("I was charged twice and now the app crashes", "I was charged twice", "the app crashes",
               UNSURE_MONEY, UNSURE_BROKE)
    # a long message is one request told at length: no unmarked cut is looked for, nor its pieces embedded
    long = plain[0] + ". " + "It started after the update and I have tried everything the guide says. " * 4
    assert not cut(long, plain[1], plain[2], SURE_MONEY, SURE_BROKE) and not may_split(long, list(plain[1:]))


def test_pieces_that_cannot_be_cut_apart_are_not_worth_embedding():
    """The engine embeds a message's pieces only when `may_split` says a cut is possible; where it says no,
    no classifier output may split the message (checked with the most opposed probabilities there are)."""
    assert may_split("I was charged twice. The app crashes on start",
                     ["I was charged twice", "The app crashes on start"])
    assert not may_split("I can't log in. It says my card is wrong", ["I can't log in", "It says my card is wrong"])
    assert not may_split("Hi there. The app crashes", ["Hi there", "The app crashes"])
    assert may_split("I was charged twice and now the app crashes", ["I was charged twice", "the app crashes"])
    broke, money = np.eye(len(BUCKETS))[BUCKETS.index("something-broke")], np.eye(len(BUCKETS))[BUCKETS.index(
        "account-and-money")]
    messages = [q for qs in SEEDS.values() for q in qs] + [
        "I was charged twice. The app crashes on start. Also the export is slow",
        "Where are invoices? Our sync is broken. Which plan has SSO?", "My payment failed and now I can't log in.",
        "I can't log in. It says my card is wrong", "The export fails with a timeout. I was charged twice this month",
        "The sync stopped. It shows an error", "Our invoices are wrong. They list a plan we left",
        "I was charged twice. Which means my refund is late"]
    unsplittable = splittable = 0
    for text in messages:
        parts = pieces(text)
        opposed = np.asarray([(broke, money)[i % 2] for i in range(len(parts))])
        if len(parts) > 1 and not may_split(text, parts):
            unsplittable += 1
            assert len(threads(text, parts, opposed, opposed[0])) == 1, text
        elif len(parts) > 1:        # can fail: the marked message does come apart on the same probabilities
            splittable += 1
            assert len(threads(text, parts, opposed, opposed[0])) > 1, text
    assert unsplittable >= 3 and splittable >= 2


@pytest.mark.slow
def test_a_message_no_cut_can_split_embeds_once_and_a_splittable_one_embeds_its_pieces(make_kb, embedder):
    from app.engine import KnowledgeBase
    kb = KnowledgeBase(make_kb(), embedder=embedder)
    kb.ingest()
    kb.ask("How do I get a refund?")                         # warm: the router's calibration embeds too
    seen: list[list[str]] = []
    real = kb.embedder.embed
    kb.embedder.embed = lambda texts: seen.append(list(texts)) or real(texts)
    kb.ask("I was charged twice this month. It says the refund page will not load")
    assert seen == [["I was charged twice this month. It says the refund page will not load"]]
    seen.clear()
    result = kb.ask("My payment failed and now I can't log in.")
    assert len(seen[0]) == 3 and len(result["parts"]) == 2

def test_the_agent_overrides_the_route_per_thread(kb):
    query = "My payment failed and now I can't log in."
    result = kb.ask(query, audience="agent", route=["support", "service"])
    assert [t["label"] for t in result["parts"]] == ["support", "service"]
    assert result["route"]["label"] == "both" and "chosen by hand" in result["route"]["reason"]
    same = kb.ask(query, audience="agent", route=["support", "support"])
    assert same["route"]["label"] == "support" and same["route"]["collections"] == ["support"]
    with pytest.raises(QuestionError, match="2 thread"):
        kb.ask(query, audience="agent", route=["support"] * 3)
    with pytest.raises(QuestionError, match="route must be"):
        kb.ask(query, audience="agent", route=["support", "elsewhere"])


BAND = (0.3, 0.6)


@pytest.mark.parametrize("p, expected, failure_words", [
    ([0.1, 0.7, 0.1, 0.1], "support", False),     # p(something-broke) at or above hi
    ([0.2, 0.5, 0.2, 0.1], "both", False),        # something-broke on top but not sure: abstain to both
    ([0.1, 0.35, 0.5, 0.05], "both", False),      # money trouble with a clear second "broken": in the band
    ([0.1, 0.1, 0.7, 0.1], "service", False),
    ([0.1, 0.1, 0.7, 0.1], "both", True),         # ...or worded as a failure
    ([0.7, 0.25, 0.03, 0.02], "service", True),   # failure words alone do not move other buckets
])
def test_side_follows_p_broke_with_an_abstain_band(p, expected, failure_words):
    assert side(np.asarray(p), failure_words, band=BAND) == expected


def test_the_shipped_band_is_a_band():
    lo, hi = default_model().side_band
    assert 0 < lo < hi <= 1
    assert side(np.asarray([0.0, 1.0, 0.0, 0.0])) == "support" and side(np.asarray([1.0, 0.0, 0.0, 0.0])) == "service"


def test_nearest_intents_vote_with_their_cosine():
    """The nearest-intent component: the k closest intent vectors vote for their buckets, the closer the louder."""
    centroids = np.eye(4, 8, dtype=np.float32)            # four intents on four axes
    buckets = np.asarray([1, 2, 2, 3])
    msg = np.asarray([[0.9, 0.2, 0.1, 0, 0, 0, 0, 0]], dtype=np.float32)
    p = centroid_proba(msg, centroids, buckets, k=2, temperature=0.05)
    assert p.shape == (1, 4) and p[0].argmax() == 1 and p[0, 3] == 0 and p[0, 0] == 0
    assert 0 < p[0, 2] < 0.01                              # the second nearest counts, far less
    p_all = centroid_proba(msg, centroids, buckets, k=0, temperature=1.0)
    assert p_all[0, 3] > 0 and abs(p_all.sum() - 1) < 1e-6


def test_the_shipped_classifier_blends_in_the_nearest_intents():
    model = default_model()
    assert 0 < model.blend < 1 and model.centroids.shape[1] == model.weights.shape[1] - N_CUES
    assert set(np.unique(model.centroid_buckets)) == set(range(len(BUCKETS)))


def test_the_shipped_split_bars_are_the_ones_the_thread_study_chose():
    """bench/results/request_threads.md records the bars `python -m bench.request_map.threads` chose; after the
    classifier was retrained the study chose 0.7 while 0.6 stayed shipped. Re-run the study after a retrain."""
    import re
    from pathlib import Path

    from app.threads import ADDITIVE_CONFIDENCE, SIDE_CONFIDENCE, SPLIT_CONFIDENCE
    study = (Path(__file__).resolve().parent.parent / "bench/results/request_threads.md").read_text(encoding="utf-8")
    chosen = re.search(r"Chosen on all domains \(shipped\): ([\d.]+) / ([\d.]+) / ([\d.]+)\.", study)
    assert chosen, "the study's results do not say which bars it chose"
    assert tuple(map(float, chosen.groups())) == (SPLIT_CONFIDENCE, ADDITIVE_CONFIDENCE, SIDE_CONFIDENCE)


def test_a_bare_also_inside_a_clause_does_not_cut_it(kb):
    """Pi-hole's docs: "fails and I'd also like to know how to add a new adlist" was cut inside "I'd also like",
    leaving the threads "... fails and I'd" and "like to know how to add a new adlist"."""
    from app.threads import pieces
    assert pieces("My blocklist update fails and I'd also like to know how to add a new adlist") == [
        "My blocklist update fails", "I'd also like to know how to add a new adlist"]
    assert pieces("My card was declined, also the app crashes on start") == [          # can fail: a clause follows
        "My card was declined", "the app crashes on start"]
    threads = kb.route("The desktop app fails to sync and I'd also like to know how to change my plan")["parts"]
    assert [t["bucket"] for t in threads] == ["something-broke", "account-and-money"]  # "also": a marked request


def test_a_thread_of_several_pieces_reads_as_the_message_wrote_it():
    """Multipass docs: a thread joined from two pieces read "The GUI won't open the tray icon is missing" in the
    route's reason, the "and" between them lost. Control: the other thread is its own piece."""
    text = "The GUI won't open and the tray icon is missing. Also, how do I uninstall it on Linux?"
    parts = pieces(text)
    broke, how = np.eye(len(BUCKETS))[BUCKETS.index("something-broke")], np.eye(len(BUCKETS))[0]
    got = threads(text, parts, np.asarray([broke] * (len(parts) - 1) + [how]), broke)
    assert [t.text for t in got] == ["The GUI won't open and the tray icon is missing",
                                     "Also, how do I uninstall it on Linux?"]



@pytest.mark.parametrize("query, parts", [
    ("Customer says their laptop shows 'Syncing has been reset' and won't sync. What should they do?", 1),
    ("The export fails with error 500. How do I fix it?", 1),
    ("My payment failed. I can't log in.", 2),               # can fail: a short request with no word pointing back
])
def test_a_short_question_pointing_back_continues_the_request_before_it(kb, query, parts):
    """Actual Budget's docs: "What should they do?" came apart from the problem it asks about, and was routed to
    the other side alone."""
    assert len(kb.route(query)["parts"]) == parts


@pytest.mark.parametrize("query, parts", [
    ("I changed my WebDAV URL and now all my notes are gone", 1),
    ("I updated the desktop app and now it won't sync", 1),
    ("I enabled 4K 60Hz on my Pi 4 and now I just get a blank screen", 1),
    ("We upgraded to Business and now nobody can sign in with SSO", 1),
    ("Upgraded to 2.4 and now visitors get sent to the login page", 1),              # can fail: no "I"
    ("my card was declined and now the desktop app won't sync", 2),      # can fail: two problems, not a cause
])
def test_what_the_writer_did_and_now_what_is_wrong_is_one_request(kb, query, parts):
    """Joplin's, LibreELEC's and Actual Budget's docs: "I changed X and now Y" came apart at "and now" (the first
    piece reads as a how-to) and was routed `both`; the answer showed the how-to of what the writer already did."""
    assert len(kb.route(query)["parts"]) == parts


def test_a_thread_the_classifier_hedges_goes_where_its_content_says():
    """Klipper's "Bed mesh takes forever. Also how do I load a saved mesh profile?": the classifier's abstain band
    made the second thread `both` (p(something-broke) over its band's 0.3), though asked alone it routes service (0.99) on its own
    content and wording. A hedged thread now goes where those firmly point, as a one-thread message does. Controls:
    a failed payment stays both (the Request Map), and a thread whose content says nothing keeps the hedge."""
    from app.requests import BUCKETS
    from app.router import Router, Signals
    from app.threads import Thread

    def thread(text, bucket, broke):
        p = np.full(len(BUCKETS), (1 - broke - 0.5) / (len(BUCKETS) - 2))
        p[BUCKETS.index(bucket)], p[BUCKETS.index("something-broke")] = 0.5, broke
        return Thread(text, bucket, 0.5, p)

    router = Router(None, {"service": np.zeros((0, 3)), "support": np.zeros((0, 3))})
    service_content = Signals(intent=-2.0, examples=-0.2, evidence=-0.4, gate=0.7, best={"service": 0.54},
                              leaders=("service",) * 5)
    silent = Signals(intent=0.0, examples=0.0, evidence=0.0, gate=0.0)
    broken = (thread("Bed mesh takes forever", "something-broke", 0.45), service_content)
    hedged = thread("Also how do I load a saved mesh profile?", "how-do-i", 0.4)
    route = router.decide("x. Also y?", service_content, [broken, (hedged, service_content)])
    assert route.parts[1]["label"] == "service"
    money = thread("Also my payment failed", "account-and-money", 0.3)
    assert router.decide("x. Also y", service_content, [broken, (money, service_content)]).parts[1]["label"] == "both"
    assert router.decide("x. Also y?", silent, [broken, (hedged, silent)]).parts[1]["label"] == "both"


def test_a_devices_card_is_no_word_of_money():
    """Betaflight's wiki: "How do I log blackbox data to the SD card?" read as account & money, "card" being one of its
    words. Controls: a payment card still counts, and no training message of the classifier names a device's card,
    so the shipped model's features are as it was fitted on."""
    from app.cues import bucket_cues
    assert bucket_cues("How do I log blackbox data to the SD card?")["account-and-money"] == 0
    assert bucket_cues("SIM card not detected")["account-and-money"] == 0
    assert bucket_cues("my card was declined")["account-and-money"] == 1     # can fail: every card excluded
    rows = [json.loads(line) for line in open(Path(__file__).parents[1] / "bench/request_map/data.jsonl",
                                                       encoding="utf-8")]
    assert not any(re.search(r"\b(sd|sim|memory|graphics|video|sound|network|flash) card", r["text"], re.I)
                   for r in rows)


def test_a_subscriber_is_no_word_of_money():
    """Novu's docs: a subscriber is the person a notification goes to (851 of its 3,479 chunks), and "subscri..." read
    as account & money. Controls: a subscription and subscribing still count; no training message of the classifier
    names a subscriber, so the shipped model's features are as it was fitted on."""
    from app.cues import bucket_cues, cue_matches
    assert bucket_cues("How do I add a subscriber to a topic?")["account-and-money"] == 0
    assert "subscribers" not in cue_matches("list all subscribers of a workflow")[1]
    assert bucket_cues("cancel my subscription")["account-and-money"] == 1        # can fail: every subscri... excluded
    assert bucket_cues("I want to subscribe to the Pro plan")["account-and-money"] == 1
    rows = [json.loads(line) for line in open(Path(__file__).parents[1] / "bench/request_map/data.jsonl",
                                                       encoding="utf-8")]
    assert not any(re.search(r"\bsubscribers?\b", r["text"], re.I) for r in rows)
