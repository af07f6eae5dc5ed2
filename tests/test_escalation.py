"""Escalation packet parsing and pre-filling: pure functions, plus finding the template in a real KB."""
from __future__ import annotations

from conftest import ROOT, SMALL_CORPUS

from app.engine import KnowledgeBase
from app.escalation import (
    Field,
    area_options,
    error_messages,
    find_template,
    missing,
    parse_fields,
    prefill,
    product_area,
    render,
    steps_tried,
    summary,
)

TEMPLATE = """# Escalation packet template

Intro text with a **bold:** word that is not a field.

## Fields

- **Customer / workspace:** Company name, workspace ID (`ws_...`).
- **Product area:** One of: Login/2FA, SSO, Billing, Salesforce sync, Other.
- **Error message (exact text):** Copy and paste, don't paraphrase.
- **Steps already tried:** Runbook steps done.
- **Severity (SEV1-SEV4):** Your assessment.

## How to escalate

- **Not a field:** this bullet is in another section.
"""


def test_parse_fields_reads_only_the_fields_section():
    fields = parse_fields(TEMPLATE)
    assert [f.name for f in fields] == ["Customer / workspace", "Product area", "Error message (exact text)",
                                        "Steps already tried", "Severity (SEV1-SEV4)"]
    assert fields[1].hint.startswith("One of: Login/2FA")


def test_parse_fields_of_the_bundled_template():
    text = (ROOT / "knowledge/support/templates/escalation-packet.md").read_text(encoding="utf-8")
    names = [f.name for f in parse_fields(text)]
    assert len(names) == 13 and "Error message (exact text)" in names and "Customer expectation" in names


def test_error_messages_quoted_text_and_codes():
    q = 'Users see "Clock skew too large" and SSO-104, then `ERR_OFFLINE_QUEUE_FULL`; also SYNC-409.'
    assert error_messages(q) == ["Clock skew too large", "ERR_OFFLINE_QUEUE_FULL", "SSO-104", "SYNC-409"]
    assert error_messages('He said "SSO-102 signature invalid" again') == ["SSO-102 signature invalid"]
    assert error_messages("nothing here, it's just slow") == []


def test_steps_tried_keeps_only_the_sentences_about_attempts():
    q = "Login fails for everyone. We already cleared the cache. They restarted the app! Still broken."
    assert steps_tried(q) == ["We already cleared the cache.", "They restarted the app!"]
    assert steps_tried("How do I invite a teammate?") == []


def test_product_area_from_question_then_citations():
    options = area_options("One of: Login/2FA, SSO, Billing, Salesforce sync, Other.")
    assert options == ["Login/2FA", "SSO", "Billing", "Salesforce sync", "Other"]
    cited = {"citations": [{"title": "Troubleshoot login", "section": "2FA codes"}]}
    assert product_area("It is broken", cited, options) == "Login/2FA"
    assert product_area("Our Salesforce sync stopped", cited, options) == "Salesforce sync"
    assert product_area("It is broken", {"citations": []}, options) == "Other"
    assert product_area("x", {"citations": [{"title": "Webhooks", "section": "s"}]}, []) == "Webhooks"


def test_product_area_is_not_taken_from_a_lower_citation():
    """'502 errors... is there an outage?' was filed under SSO because the third citation was an SSO page."""
    options = area_options("One of: Login/2FA, SSO, Billing, Other.")
    cited = {"citations": [{"title": "Outage response", "section": "Declare an incident"},
                           {"title": "Known issues", "section": "Status page"},
                           {"title": "SSO login failures", "section": "502 from the IdP"}]}
    assert product_area("Customers get 502 errors on every page, is there an outage?", cited, options) == "Other"


def test_summary_is_the_questions_first_sentence_and_the_source():
    cited = {"citations": [{"title": "Outage response", "section": "Declare an incident"}]}
    got = summary("Customers get 502 errors on every page. Is there an outage?", cited)
    assert got == "Customers get 502 errors on every page. (matches: Outage response › Declare an incident)"


def test_prefill_and_missing_fields():
    fields = parse_fields(TEMPLATE)
    q = 'ws_8f21c gets "SSO-102 signature invalid". We already re-uploaded the certificate.'
    values = prefill(fields, q, {"citations": [{"title": "SSO failure runbook", "section": "Certificate"}]})
    assert values == {"Customer / workspace": "ws_8f21c", "Product area": "SSO",
                      "Error message (exact text)": "SSO-102 signature invalid",
                      "Steps already tried": "We already re-uploaded the certificate.",
                      "Severity (SEV1-SEV4)": None}
    assert missing(values) == ["Severity (SEV1-SEV4)"]
    text = render(fields, values)
    assert "Product area: SSO" in text and "Severity (SEV1-SEV4): (missing: Your assessment.)" in text


def test_render_keeps_template_order():
    fields = [Field("B", "b hint"), Field("A", "a hint")]
    assert render(fields, {"A": "x"}).splitlines() == ["B: (missing: b hint)", "A: x"]


def test_find_template_by_title_in_the_support_corpus(make_kb, embedder):
    files = {**SMALL_CORPUS, "docs/support/templates/esc.md": "---\ntitle: Escalation packet\n---\n" + TEMPLATE}
    config = make_kb(files)
    kb = KnowledgeBase(config, embedder)
    kb.ingest()
    assert "## Fields" in find_template(kb)
    (config.root / "docs/support/templates/esc.md").unlink()
    kb.ingest()
    assert find_template(kb) is None
