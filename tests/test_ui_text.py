"""Pure helpers behind the pages: plain-text renderings and the agent password check."""
from __future__ import annotations

import hashlib
from types import SimpleNamespace

from app.ui.auth import check_password, configured_hash
from app.ui.text import copy_text, handoff_message, passage_markdown, plain

RESULT = {
    "query": "How do I get a refund?", "answered": True,
    "answer": "**Annual plans**\nRefunds within 14 days. [1]\n\n\n\nSee also: [2] Refund policy › Monthly plans",
    "citations": [
        {"n": 1, "title": "Refund policy", "section": "Annual plans", "source": "docs/refunds.md",
         "anchor": "annual-plans"},
        {"n": 2, "title": "Refund policy", "section": "Monthly plans", "source": "docs/refunds.md", "anchor": ""},
    ],
}


def test_copy_text_is_plain_answer_then_sources():
    assert copy_text(RESULT) == (
        "Annual plans\nRefunds within 14 days. [1]\n\nSee also: [2] Refund policy › Monthly plans\n\nSources:\n"
        "[1] Refund policy › Annual plans (docs/refunds.md#annual-plans)\n"
        "[2] Refund policy › Monthly plans (docs/refunds.md)")


def test_handoff_message_carries_question_answer_and_titles_once():
    msg = handoff_message(RESULT)
    assert "How do I get a refund?" in msg and "Refunds within 14 days. [1]" in msg
    assert msg.count("Refund policy") == 2          # once in the answer's "See also", once in the titles
    assert "Articles I was shown: Refund policy" in msg
    nothing = handoff_message({**RESULT, "answered": False, "answer": "x", "citations": []})
    assert "No answer was found." in nothing and "Articles" not in nothing


def test_plain_and_passage_markdown():
    assert plain("**a** `SYNC-401` b\n\n\n\nc") == "a SYNC-401 b\n\nc"
    assert passage_markdown("# Title\n\n## Sub ##\ntext") == "**Title**  \n\n**Sub**  \ntext"


def test_password_check_and_where_the_hash_comes_from(monkeypatch):
    digest = hashlib.sha256("s3cret pass".encode()).hexdigest()
    assert check_password("s3cret pass", digest)
    assert not check_password("s3cret pass", digest.upper())      # configured_hash() lower-cases, below
    assert not check_password("s3cret pas", digest) and not check_password("s3cret pass", "not-a-hash")
    monkeypatch.delenv("KB_AGENT_PASSWORD_SHA256", raising=False)
    monkeypatch.delenv("MY_HASH", raising=False)
    assert configured_hash(SimpleNamespace(ui={})) is None
    assert configured_hash(SimpleNamespace(ui={"agent_password_sha256": digest.upper()})) == digest
    monkeypatch.setenv("KB_AGENT_PASSWORD_SHA256", "a" * 64)
    assert configured_hash(SimpleNamespace(ui={"agent_password_sha256": digest})) == "a" * 64
    monkeypatch.setenv("MY_HASH", "b" * 64)
    assert configured_hash(SimpleNamespace(ui={"agent_password_env": "MY_HASH"})) == "b" * 64
