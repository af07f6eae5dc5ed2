"""Misspelt words of a question are corrected to a word the knowledge base uses (app/spelling.py); real words
the knowledge base lacks, short words and words it uses are left as written, and a customer's question is
never corrected to a word only internal documents use."""
from __future__ import annotations

from app.cli_output import human_result
from app.spelling import Speller, is_word
from app.tokens import tokenize

KB_WORDS = {"password", "watch", "severe", "refund", "invoice", "payment", "payments"}
STEMS = {tokenize([w])[0][0]: 3 for w in KB_WORDS}      # "internal" is a word of chunks this level cannot see


def speller() -> Speller:
    return Speller(lambda stem: STEMS.get(stem, 0), [{w: tokenize([w])[0][0] for w in KB_WORDS | {"internal"}}])


def test_a_misspelt_word_becomes_the_knowledge_bases_word():
    s = speller()
    assert s.correct("forgot my pasword, cant log in") == "forgot my password, can't log in"
    assert s.correct("Where are my Pyaments?") == "Where are my Payments?"      # a transposition is one edit


def test_real_words_short_words_and_known_words_stay():
    s = speller()
    assert s.correct("can I catch it in a pool") == "can I catch it in a pool"    # can fail: "catch" -> "watch"
    assert s.correct("does it survive in the sewers") == "does it survive in the sewers"     # not "severe"
    assert s.correct("get a rfnd jab") == "get a rfnd jab"      # under 5 letters: too often another word
    assert s.correct("get a refnd") == "get a refund"
    assert s.correct("Refund my invoice") == "Refund my invoice"
    assert is_word("sewers") and is_word("wasnt") and is_word("rebate") and not is_word("realted")


def test_a_name_with_digits_is_never_corrected_in_part():
    """Frigate's docs: "yolov9" (102 times in its pages) was read as the word "yolov" and a "9", and "yolov" became
    "yolo"; "renderD128" became "render128". A name with digits stays whole. Control: a misspelt word beside it is
    still corrected."""
    s = Speller(lambda stem: 3, [{"yolo": "yolo", "render": "render", "password": "password"}])
    assert s.correct("configure yolov9 with renderD128, pasword") == "configure yolov9 with renderD128, password"


def test_a_models_name_before_its_number_is_never_corrected():
    """Klipper's docs never name the "Ender 3" printer, so "Ender" became "Ended" and a refund question they do not
    answer was answered. Control: a misspelt word before a number that does not follow it at once is corrected."""
    s = Speller(lambda stem: 3, [{"ended": "end", "payments": "payment"}])
    assert s.correct("refund for my Ender 3 printer") == "refund for my Ender 3 printer"
    assert s.correct("my Pyaments, 3 of them") == "my Payments, 3 of them"


def test_a_word_too_far_from_every_knowledge_base_word_stays():
    assert speller().correct("is there a Joomla plugin") == "is there a Joomla plugin"
    assert speller().correct("the intrenal one") == "the intrenal one"    # can fail: a word this level lacks


def test_ask_searches_the_corrected_question_and_says_so(small_kb):
    _, kb = small_kb
    result = kb.ask("how do I get a refnud for an annual plan", audience="customer")
    assert result["corrected"] == "how do I get a refund for an annual plan"
    assert result["query"] == "how do I get a refnud for an annual plan"
    assert result["citations"][0]["source"].endswith("refunds.md")
    assert "Searched for: how do I get a refund for an annual plan" in human_result(result)
    assert "corrected" not in kb.ask("how do I get a refund for an annual plan", audience="customer")
    assert kb.route("who can invte teammates")["corrected"] == "who can invite teammates"


def test_a_customer_question_is_not_corrected_to_an_internal_word(small_kb):
    _, kb = small_kb
    # "fingerprint" is only in the internal SSO runbook
    assert kb.retriever.correct("certificate fingerprnt", "agent") == "certificate fingerprint"
    assert kb.retriever.correct("certificate fingerprnt", "customer") == "certificate fingerprnt"   # can fail


def test_a_typo_sharing_a_stem_with_a_knowledge_base_word_is_corrected():
    """MoJ's Cloud Platform guide: "maintenence" stems as "maintenance" does, so it stayed as written and its
    question was declined (the embedding read the typo). Control: the knowledge base's own spelling stays."""
    words = {"maintenance": tokenize(["maintenance"])[0][0]}
    s = Speller(lambda stem: 3 if stem in words.values() else 0, [words])
    assert tokenize(["maintenence"])[0][0] == words["maintenance"]
    assert s.correct("put up a maintenence page") == "put up a maintenance page"
    assert s.correct("put up a maintenance page") == "put up a maintenance page"


def test_a_contraction_without_its_apostrophe_gets_it_back():
    """Betaflight's wiki writes "won't" (a term "won"); "quad wont arm" searched "wont", a word no page has, and the
    model read it as a habit. Controls: a knowledge base that writes "cant" itself keeps it; "its" and "lets" are
    words, not contractions."""
    s = speller()
    assert s.correct("quad wont arm, Doesnt spin") == "quad won't arm, Doesn't spin"
    assert s.correct("its motor lets go") == "its motor lets go"
    writes = Speller(lambda stem: 1 if stem == "cant" else STEMS.get(stem, 0), [{"cant": "cant"}])
    assert writes.correct("cant log in") == "cant log in"                  # can fail: corrected all the same
