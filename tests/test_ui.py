"""The Streamlit pages driven through streamlit.testing.v1.AppTest, against a real temp knowledge base
(real Chroma, the real model). Each test builds its own KB; the app finds it through KB_CONFIG."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import CONFIG, SMALL_CORPUS
from streamlit.testing.v1 import AppTest

from app.engine import KnowledgeBase
from app.querylog import QueryLog
from app.ui import auth

MAIN = str(Path(__file__).resolve().parent.parent / "app" / "ui" / "main.py")
AGENT, PASSWORD = "ana", "correct horse battery staple"
TEMPLATE = {"docs/support/templates/escalation.md": """
    ---
    title: Escalation packet template
    ---
    # Escalation packet template

    ## Fields
    - **Customer / workspace:** Company name and workspace ID.
    - **Product area:** One of: Login/2FA, SSO, Billing, Other.
    - **Summary (one sentence):** What is broken, for whom.
    - **Error message (exact text):** Copy and paste it.
    - **Steps already tried:** What was done already.
    - **Severity (SEV1-SEV4):** Your assessment.
    """}
LINKED = {"docs/service/cancel.md": """
    ---
    title: Cancel your subscription
    ---
    # Cancel your subscription

    ## Refunds after cancelling
    Cancelling does not refund the current period; annual plans within <b>14 days</b> can be refunded, see
    [Refund policy](refunds.md#annual-plans) (or, as the docs site links it, [refunds](refunds#annual-plans)).

    | Plan | Refund after cancelling? |
    | --- | --- |
    | Annual, within 14 days | Full refund |
    | Monthly | No refund |
    """}
UI = """
[ui]
agent_pages = true
contact_email = "help@example.com"
suggested = ["How do I invite a teammate?", "How do I get a refund?"]
"""
INTERNAL_QUESTION = 'How do I open the "Support Console" to compare the certificate fingerprint with the SAML trace?'
RUN = 180   # seconds: the first run loads the model; generous because the machine is shared


def make_env(make_kb, embedder, monkeypatch, ui: str = UI, account: bool = True):
    config = make_kb({**SMALL_CORPUS, **TEMPLATE, **LINKED}, CONFIG + ui)
    KnowledgeBase(config, embedder).ingest()
    if account:
        auth.add_account(config, AGENT, PASSWORD)
    monkeypatch.setenv("KB_CONFIG", str(config.file))
    return config


@pytest.fixture
def kb_env(make_kb, embedder, monkeypatch):
    """An ingested small KB (escalation template, a page with a link and a table), agent pages on."""
    return make_env(make_kb, embedder, monkeypatch)


def start(path: str = MAIN, q: str | None = None) -> AppTest:
    at = AppTest.from_file(path, default_timeout=RUN)
    if q is not None:
        at.query_params["q"] = q
    return at.run()


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "code", "info", "warning", "error", "success",
                                  "title", "subheader")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts) + "\n" + "\n".join(e.label for e in at.expander)


def search(at: AppTest, query: str) -> AppTest:
    at.text_input[0].input(query)
    return at.button[0].click().run()


def test_customer_gets_a_cited_answer_and_can_hand_off(kb_env):
    at = search(start(), "How do I get a refund for my annual plan?")
    assert not at.exception
    shown = texts(at)
    assert "refunded in full within 14 days" in shown
    assert "] Refund policy › Annual plans" in shown
    assert "(article?doc=docs%2Fservice%2Frefunds.md&lines=" in shown         # the source opens in the app
    assert "docs/service/refunds.md, lines" not in shown                      # no repository paths for customers
    assert at.query_params["q"] == "How do I get a refund for my annual plan?"       # shareable URL
    at.button(key="feedback_1").click().run()
    assert "Thanks for your feedback" in texts(at)
    [row] = QueryLog(kb_env.log_path).rows()
    assert (row["audience"], row["route"], row["answered"], row["feedback"]) == ("customer", "service", 1, 1)
    [contact] = at.link_button
    assert contact.proto.url.startswith("mailto:help@example.com?subject=")
    assert "How do I get a refund for my annual plan?" in unquote(contact.proto.url)


def test_a_corrected_question_says_what_was_searched(kb_env):
    at = search(start(), "How do I get a refnud for my annual plan?")
    assert not at.exception
    assert [t.value for t in at.text] == ["Searched for: How do I get a refund for my annual plan?"]
    assert "refunded in full within 14 days" in texts(at)
    assert not search(start(), "How do I get a refund for my annual plan?").text      # can fail: nothing to say


def test_a_table_renders_and_links_resolve_to_the_article_view(kb_env):
    """The marker after a table is its own paragraph (not a dropped cell); the relative link
    `refunds.md#annual-plans` opens the in-app article, not a blank page."""
    at = search(start(), "Does cancelling my subscription refund the current period?")
    answer = next(m.value for m in at.markdown if "Refund after cancelling" in m.value and "[\\[" in m.value)
    assert "| Monthly | No refund |\n\n[\\[" in answer                 # [n] on its own line, as a link
    assert "[Refund policy](article?doc=docs%2Fservice%2Frefunds.md&section=annual-plans#annual-plans)" in answer
    # a docs site's link to the page (no .md) opens that page, not "Article not found"
    assert "[refunds](article?doc=docs%2Fservice%2Frefunds.md&section=annual-plans#annual-plans)" in answer
    assert "within **14 days** can be" in answer and "<b>" not in answer        # HTML shown as Markdown


def test_the_url_carries_the_question(kb_env):
    at = start(q="How do I invite a teammate?")
    assert not at.exception and "Invite" in texts(at)
    assert at.text_input[0].value == "How do I invite a teammate?"


def test_suggested_questions_on_the_empty_page(kb_env):
    at = start()
    assert [b.label for b in at.button if b.key and b.key.startswith("suggested_")] == \
        ["How do I invite a teammate?", "How do I get a refund?"]
    at.button(key="suggested_0").click().run()
    assert at.query_params["q"] == "How do I invite a teammate?" and "Send" in texts(at)


def test_popular_questions_come_from_the_log_when_none_are_configured(make_kb, embedder, monkeypatch):
    config = make_env(make_kb, embedder, monkeypatch, ui="", account=False)
    log = QueryLog(config.log_path)
    for q in ("How do I get a refund?", "how do I get a refund", "Reset my password"):
        log.record({"query": q, "audience": "customer", "route": {"label": "service", "confidence": 0.7},
                    "answered": True, "citations": []})
    labels = [b.label for b in start().button if b.key and b.key.startswith("suggested_")]
    assert labels == ["How do I get a refund?"]


def test_customer_never_sees_internal_runbooks(kb_env, embedder):
    question = INTERNAL_QUESTION
    as_agent = KnowledgeBase(kb_env, embedder).ask(question, audience="agent")
    assert any("Support Console" in c["passage"] for c in as_agent["citations"])    # the text exists
    at = search(start(), question)
    assert not at.exception
    shown = texts(at).replace(question, "")
    assert "Support Console" not in shown and "runbooks/" not in shown and "break-glass" not in shown
    internal = article(doc="docs/support/runbooks/sso.md", lines="6-8")      # a guessed URL
    assert "Article not found" in texts(internal) and "Support Console" not in texts(internal)


def article(**params) -> AppTest:
    at = start()
    at.switch_page("views/article.py")
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def test_article_view_renders_the_document_and_highlights_the_passage(kb_env):
    at = article(doc="docs/service/cancel.md", lines="6-8")
    assert not at.exception
    shown = [m.value for m in at.markdown]
    i = next(i for i, m in enumerate(shown) if "The passage the answer quoted" in m)
    assert "Cancelling does not refund" in shown[i + 1]
    assert any("[Refund policy](article?doc=docs%2Fservice%2Frefunds.md&section=annual-plans#annual-plans)" in m for m in shown)
    assert "Article not found" in texts(article(doc="docs/service/missing.md"))


def test_a_link_to_a_section_opens_the_article_at_that_section(kb_env):
    """A link's anchor reaches the app as `section` (a URL's fragment never does): the article is shown from
    the top, with the linked section boxed and scrolled to."""
    shown = [m.value for m in article(doc="docs/service/refunds.md", section="monthly-plans").markdown]
    i = next(i for i, m in enumerate(shown) if "The section linked to" in m)
    assert "not refunded for partial months" in shown[i + 1] and "14 days" not in shown[i + 1]
    assert "14 days" in shown[i - 1]                                          # the text before it, unboxed
    plain = [m.value for m in article(doc="docs/service/refunds.md", section="nowhere").markdown]
    assert not any("The section linked to" in m for m in plain)              # can fail: no such section


def test_customer_errors_are_explained(kb_env):
    at = search(start(), "   ")
    assert "question is empty" in at.error[0].value
    at = search(at, "refund " * 400)
    assert "limit is 2000" in at.error[0].value


def test_unanswerable_question_offers_the_hand_off_not_feedback(kb_env):
    at = search(start(), "Which wine goes best with grilled salmon at a summer picnic?")
    assert "No answer found" in at.warning[0].value
    assert not at.expander
    assert "Did this help?" not in texts(at) and not [b for b in at.button if b.key == "feedback_1"]
    assert at.link_button[0].proto.url.startswith("mailto:help@example.com")


def test_a_declined_question_near_the_help_center_lists_the_closest_articles(kb_env):
    """No answer, but the articles nearest to the question, under their own heading (the wine question
    above shows none: it is nowhere near the help center)."""
    at = search(start(), "Can I transfer my plan to a friend?")
    assert "No answer found" in at.warning[0].value
    assert [h.value for h in at.subheader] == ["Closest articles"]
    assert any("Refund policy" in e.label for e in at.expander)
    assert "Did this help?" not in texts(at)


@pytest.mark.slow
def test_not_indexed_yet(make_kb, monkeypatch):
    config = make_kb()
    monkeypatch.setenv("KB_CONFIG", str(config.file))
    at = search(start(), "How do I get a refund?")
    assert "has not been indexed yet" in at.error[0].value


@pytest.mark.parametrize("ui, account", [("", True), (UI, False)])
def test_no_agent_page_exists_unless_switched_on_with_an_account(make_kb, embedder, monkeypatch, ui, account):
    make_env(make_kb, embedder, monkeypatch, ui=ui, account=account)
    at = start()
    for page in ("views/signin.py", "views/agent.py", "views/owners.py", "views/insights.py"):
        with pytest.raises(ValueError):
            at.switch_page(page)


def signed_in(at: AppTest | None = None) -> AppTest:
    at = at or start()
    at.switch_page("views/signin.py").run()
    at.text_input[0].input(AGENT)
    at.text_input[1].input("wrong password")
    at.button[0].click().run()
    assert "Wrong name or password" in at.error[0].value
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    return at


def test_agent_pages_need_sign_in_and_wrong_passwords_lock_the_name(kb_env):
    at = start()
    with pytest.raises(ValueError):
        at.switch_page("views/agent.py")
    at.switch_page("views/signin.py").run()
    assert [t.label for t in at.text_input] == ["Agent name", "Password"]
    auth.LIMITER.failures.clear()
    for _ in range(auth.MAX_FAILURES):
        auth.LIMITER.failed("mallory")
    at.text_input[0].input("mallory")
    at.text_input[1].input("anything at all")
    at.button[0].click().run()
    assert "Too many wrong passwords" in at.error[0].value
    auth.LIMITER.failures.clear()


def test_sign_out_ends_the_session_on_the_server_for_every_browser(kb_env):
    """Two browsers of one agent; signing out in one revokes the token itself (a copied cookie is dead)
    and the other page is signed out on its next run; removing an account does the same."""
    first, second = signed_in(), signed_in()
    for at in (first, second):
        at.switch_page("views/agent.py").run()
    token = first.session_state["agent_token"]
    assert auth.token_agent(kb_env, token) == AGENT
    first.switch_page("views/signout.py").run()
    assert auth.token_agent(kb_env, token) is None
    second.run()
    with pytest.raises(ValueError):
        second.switch_page("views/agent.py")
    third = signed_in()
    third.switch_page("views/agent.py").run()
    auth.remove_account(kb_env, AGENT)
    third.run()
    with pytest.raises(ValueError):
        third.switch_page("views/owners.py")


def test_agent_support_question_with_reroute_copies_and_packet(kb_env):
    at = signed_in()
    at.switch_page("views/agent.py").run()
    q = 'Customer gets "SSO-102 signature invalid" at login. They already cleared sessions.'
    at = search(at, q)
    assert not at.exception
    assert at.info[0].value.startswith(("**Route: support**", "**Route: both**"))
    for_customer, note = at.code[0].value, at.code[1].value
    assert "Support Console" not in for_customer and "(internal)" not in for_customer
    assert note.startswith("INTERNAL NOTE") and "docs/" not in note and "**" not in note
    assert any("Left out (internal" in w.value for w in at.warning)
    assert any("Internal" in e.label for e in at.expander)                  # internal passages are marked
    packet = {t.label: t for t in at.text_area}
    assert packet["Error message (exact text)"].value == "SSO-102 signature invalid"
    assert packet["Steps already tried"].value == "They already cleared sessions."
    assert packet["Product area"].value == "SSO" and packet["Summary (one sentence)"].value.startswith("Customer gets")
    packet["Severity (SEV1-SEV4)"].input("SEV3")
    at = [b for b in at.button if b.label == "Update packet"][0].click().run()
    assert "Severity (SEV1-SEV4): SEV3" in at.code[-1].value
    [row] = QueryLog(kb_env.log_path).rows()
    assert (row["audience"], row["agent"]) == ("agent", AGENT)
    at.button(key="agent_route_service").click().run()
    assert "Route: service" in at.info[0].value and "chosen by hand" in at.info[0].value
    assert "Escalation packet" not in [h.value for h in at.subheader]     # not for a service route


def test_agent_sees_the_closest_passages_of_a_declined_question_marked_as_not_an_answer(kb_env):
    at = signed_in()
    at.switch_page("views/agent.py").run()
    at = search(at, "Can I transfer my plan to a friend?")
    assert not at.exception
    assert "No answer found" in at.warning[0].value
    assert "Closest passages" in [h.value for h in at.subheader]
    assert "Not an answer" in texts(at) and at.expander
    assert not [c for c in at.code if c.value.strip()]       # nothing offered for pasting


def test_agent_reroutes_one_thread(kb_env):
    """Issue 9: a message with two requests shows each thread with its own re-route buttons; re-routing one
    thread keeps the other's side."""
    at = signed_in()
    at.switch_page("views/agent.py").run()
    at = search(at, "My payment failed and now I can't log in.")
    assert not at.exception
    assert any("several requests" in m.value for m in at.markdown)
    at.button(key="agent_thread_1_service").click().run()
    assert not at.exception
    reason = at.info[0].value
    assert "chosen by hand" in reason and "“I can't log in” → service" in reason
    assert at.button(key="agent_thread_1_service").disabled


def test_owners_status_reingest_and_preview(kb_env):
    at = signed_in()
    at.switch_page("views/owners.py").run()
    assert [m.value for m in at.metric][:3] == ["3", "4", "0"]       # service: docs, chunks, failed
    (kb_env.root / "docs/service/broken.md").write_bytes(b"\xff\xfe not utf-8")
    (kb_env.root / "docs/service/export.md").write_text("# Export\n\n## CSV\nExport data from Settings > Data.\n"
                                                        "See [data settings](settings.md#data).\n")
    refunds = kb_env.root / "docs/service/refunds.md"
    refunds.write_text(refunds.read_text() + "\n## Refund timing\nRefunds reach your card within 5 to 10 "
                       "business days, depending on your bank and the card network.\n")
    at.button(key="owners_ingest").click().run()
    assert not at.exception
    assert any("1 failed file" in w.value for w in at.warning)
    assert any("1 added" in m.value for m in at.markdown)
    assert any("docs/service/broken.md" in e.value and "not UTF-8" in e.value for e in at.error)
    docs, chunks, failed = (int(m.value) for m in at.metric[:3])
    assert (docs, failed) == (4, 1) and chunks > 4
    tables = {tuple(d.value.columns): d.value for d in at.dataframe}
    broken = tables[("file", "line", "link", "problem")]                 # the link check, on the status
    assert broken.values.tolist() == [["docs/service/export.md", 5, "settings.md#data", "no such file"]]
    changed = tables[("corpus", "file", "change", "chunks before", "chunks after", "difference")].set_index("file")
    assert changed.loc["docs/service/refunds.md", "change"] == "updated"
    before, after = changed.loc["docs/service/refunds.md", ["chunks before", "chunks after"]]
    assert after > before and changed.loc["docs/service/refunds.md", "difference"] == after - before
    assert changed.loc["docs/service/export.md", "change"] == "added"
    at.text_input[0].input("How do I export my data as CSV?")
    at.button[-1].click().run()
    as_customer = next(d.value for d in at.dataframe if "similarity" in d.value.columns)
    assert as_customer.iloc[0]["file"] == "docs/service/export.md" and 0 < as_customer.iloc[0]["similarity"] <= 1
    assert [t.label for t in at.tabs] == ["As a customer", "As an agent"]
    assert any("Export data from Settings" in m.value for m in at.markdown)        # the passage text


def chart_data(proto) -> dict:
    """A one-series chart's data as {index: value}, decoded from the Arrow bytes the app sends."""
    import pyarrow as pa
    frame = pa.ipc.open_stream(proto.datasets[0].data.data).read_all().to_pandas()
    index = next(c for c in frame.columns if c.startswith("index"))
    value = next(c for c in frame.columns if not c.startswith("index"))
    return dict(zip(frame[index], frame[value]))


def test_insights_dashboard_charts_gaps_and_export(kb_env):
    log = QueryLog(kb_env.log_path)
    for query, label, answered, buckets in (
            ("How do I get a refund?", "service", True, ["account-and-money"]),
            ("Login fails with SSO-104", "support", True, ["something-broke"]),
            ("Can I export my data to Notion?", "service", False, ["decision"]),
            ("How to export data as PDF", "both", False, ["how-do-i", "something-broke"]),
            ("how to export data as PDF?", "both", False, ["how-do-i", "something-broke"])):
        log.record({"query": query, "audience": "customer", "route": {"label": label, "confidence": 0.7},
                    "answered": answered, "citations": [], "parts": [{"bucket": b} for b in buckets]})
    at = signed_in()
    at.switch_page("views/insights.py").run()
    assert not at.exception
    assert [m.value for m in at.metric] == ["5", "40%", "–"]
    charts = [e.proto for e in at.main if getattr(e, "type", None) == "vega_lite_chart"]
    assert len(charts) == 5     # request map (threads by bucket), per day, per audience, route mix, confidence
    assert chart_data(charts[0]) == {"how-do-i": 2, "something-broke": 3, "account-and-money": 1, "decision": 1}
    assert [e.label for e in at.expander] == ["no answer: “data” (3)"]
    listed = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert listed == ["- How to export data as PDF (asked 2×)", "- Can I export my data to Notion?"]
    assert at.dataframe[0].value.iloc[0]["gap"] == "no answer: “data”"         # the full label
    assert [b.label for b in at.get("download_button")] == ["Download questions as CSV"]
    next(b for b in at.button if b.key == "gap_0_0").click().run()             # a gap opens its preview
    assert not at.exception and [t.label for t in at.tabs] == ["As a customer", "As an agent"]
