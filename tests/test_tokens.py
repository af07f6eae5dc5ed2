"""app/tokens.py does bm25s's tokenising without importing bm25s (and scipy) on the read path, and
app/term_index.py builds its columns without scipy. Both must give exactly what the libraries give."""
from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np
import pytest
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_EN_PLUS
from scipy import sparse

from app import tokens
from app.term_index import TermCounts, columns_of

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "knowledge", ROOT / "bench/corpora/covid-faq/docs", ROOT.parent / "shared/bench/corpus"]
QUESTIONS = ["How do I get a refund?", "My payment failed and now I can't log in!!", "what's the 2FA / SSO-104 fix?",
             "Ça ne marche pas: l'export échoue", "", "   ", "a an the", "x y z 42 is it"]


def _texts() -> list[str]:
    files = [p for root in CORPORA if root.exists() for p in sorted(root.rglob("*.md"))]
    return [p.read_text(encoding="utf-8", errors="replace") for p in files] + QUESTIONS


def _bm25s(texts: list[str], stopwords) -> list[list[str]]:
    return bm25s.tokenize(texts, stopwords=stopwords, stemmer=tokens.STEMMER, show_progress=False, return_ids=False)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = _texts()
    assert len(found) > 150            # the bundled KB and covid-faq at least
    return found


def test_stop_word_lists_are_bm25s_lists():
    assert tokens.STOPWORDS_EN == frozenset(STOPWORDS_EN)
    assert tokens.STOPWORDS_EN_PLUS == frozenset(STOPWORDS_EN_PLUS)


@pytest.mark.parametrize("ours, theirs", [(tokens.STOPWORDS_EN, "en"), (tokens.STOPWORDS_EN_PLUS, STOPWORDS_EN_PLUS)])
def test_tokens_equal_bm25s_on_every_corpus(texts, ours, theirs):
    assert tokens.tokenize(texts, ours) == _bm25s(texts, theirs)
    # one text at a time too: bm25s stems a batch's distinct words together, which must not matter
    assert [tokens.tokenize([t], ours)[0] for t in texts[:40]] == _bm25s(texts[:40], theirs)


def test_the_comparison_can_fail(texts):
    """Control: one stop word less changes the tokens, so the equality above is not vacuous."""
    assert tokens.tokenize(texts, tokens.STOPWORDS_EN - {"with"}) != _bm25s(texts, "en")


def test_term_columns_equal_scipy_csc(texts):
    vocab: dict[str, int] = {}
    counts = TermCounts.from_token_lists(tokens.tokenize(texts), vocab)
    indptr, rows, tf = columns_of(counts, len(vocab))
    at = np.repeat(np.arange(len(counts), dtype=np.int32), np.diff(counts.indptr))
    csc = sparse.csc_matrix((counts.counts, (at, counts.terms)), shape=(len(counts), len(vocab)))
    assert np.array_equal(indptr, csc.indptr) and np.array_equal(rows, csc.indices) and np.array_equal(tf, csc.data)
    assert indptr.dtype == csc.indptr.dtype and rows.dtype == csc.indices.dtype and tf.dtype == csc.data.dtype
    empty = columns_of(TermCounts.from_token_lists([], {}), 0)
    assert [len(a) for a in empty] == [2, 0, 0]


def test_version_numbers_are_terms_with_the_lines_they_belong_to():
    assert tokens.version_terms("Fix Pack 8.5.5.4 for v9.0; see 2.1.") == ["8.5", "8.5.5", "8.5.5.4", "9.0", "2.1"]
    # control: lone numbers, words with digits, dates and thousands are not versions
    assert tokens.version_terms("error 404 in GA4 on 8/11/16 for 1,000 users") == []
    # nor a dotted run longer than six parts, which would have added a term per part, each as long as the run
    assert tokens.version_terms("1.2.3.4.5.6 and " + ".".join(["7"] * 5000)) == [
        "1.2", "1.2.3", "1.2.3.4", "1.2.3.4.5", "1.2.3.4.5.6"]


def test_a_question_naming_a_release_finds_the_note_about_that_release():
    """Notes that differ by the release they are about tied on words alone: the word pattern drops "8.5.5.4"
    (the first note wins ties by id). Version terms tell them apart, also when the question names the line."""
    from app.keyword import Doc, KeywordIndex
    notes = KeywordIndex([Doc("a", "Fix pack 9.0.0.1 for WebSphere Application Server: how to install it", {}),
                          Doc("b", "Fix pack 8.5.5.4 for WebSphere Application Server: how to install it", {})])
    assert notes.search("How do I install the WebSphere 8.5 fix pack?", 2)[0][0].id == "b"
    assert notes.search("install the WebSphere 9.0.0.1 fix pack", 2)[0][0].id == "a"


def test_bm25_ranks_the_dense_pool_even_past_the_first_k():
    """Formbricks' docs: the chunk first by cosine was 102nd by BM25 among ~1,080 that share a word; the
    keyword list held the first 100, so the dense pool it re-ranks lost that chunk's BM25 share and it fell from
    1st to 7th. Control: a chunk asked for that no query word is in stays out."""
    from app.keyword import Doc, KeywordIndex
    docs = [Doc(f"d{i}", "surveys users surveys users often", {}) for i in range(5)]
    docs += [Doc("cooldown", "a cooldown between surveys so people are not asked twice, " + "wait " * 40, {}),
             Doc("none", "nothing in common here", {})]
    index = KeywordIndex(docs)
    top = [d.id for d, _ in index.search("users seeing surveys often", 3)]
    assert "cooldown" not in top and len(top) == 3                          # can fail: it is beyond k
    also = [d.id for d, _ in index.search("users seeing surveys often", 3, frozenset({"cooldown", "none"}))]
    assert also == top + ["cooldown"]
