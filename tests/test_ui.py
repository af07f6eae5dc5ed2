"""The Streamlit pages driven through streamlit.testing.v1.AppTest, against a real temp knowledge base
(real Chroma, the real model). Each test builds its own KB; the app finds it through KB_CONFIG."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import SMALL_CORPUS
from streamlit.testing.v1 import AppTest

from app.engine import KnowledgeBase
from app.querylog import QueryLog

MAIN = str(Path(__file__).resolve().parent.parent / "app" / "ui" / "main.py")
PASSWORD = "correct horse battery staple"
TEMPLATE = {"docs/support/templates/escalation.md": """
    ---
    title: Escalation packet template
    ---
    # Escalation packet template

    ## Fields
    - **Customer / workspace:** Company name and workspace ID.
    - **Product area:** One of: Login/2FA, SSO, Billing, Other.
    - **Error message (exact text):** Copy and paste it.
    - **Steps already tried:** What was done already.
    - **Severity (SEV1-SEV4):** Your assessment.
    """}
INTERNAL_QUESTION = 'How do I open the "Support Console" to compare the certificate fingerprint with the SAML trace?'
RUN = 180   # seconds: the first run loads the model; generous because the machine is shared


@pytest.fixture
def kb_env(make_kb, embedder, monkeypatch):
    """An ingested small KB (with an escalation template) that the app will open."""
    config = make_kb({**SMALL_CORPUS, **TEMPLATE})
    KnowledgeBase(config, embedder).ingest()
    monkeypatch.setenv("KB_CONFIG", str(config.file))
    monkeypatch.delenv("KB_AGENT_PASSWORD_SHA256", raising=False)
    return config


def start(path: str = MAIN) -> AppTest:
    return AppTest.from_file(path, default_timeout=RUN).run()


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
    assert "docs/service/refunds.md, lines" in shown
    at.button(key="feedback_1").click().run()
    assert "Thanks for your feedback" in texts(at)
    [row] = QueryLog(kb_env.log_path).rows()
    assert (row["audience"], row["route"], row["answered"], row["feedback"]) == ("customer", "service", 1, 1)
    at.button(key="contact_support").click().run()
    message = at.code[0].value
    assert "How do I get a refund for my annual plan?" in message and "Refund policy" in message


def test_customer_never_sees_internal_runbooks(kb_env, embedder):
    question = INTERNAL_QUESTION
    as_agent = KnowledgeBase(kb_env, embedder).ask(question, audience="agent")
    assert any("Support Console" in c["passage"] for c in as_agent["citations"])    # the text exists
    at = search(start(), question)
    assert not at.exception
    at.button(key="contact_support").click().run()
    shown = texts(at).replace(question, "")                   # the hand-off message quotes the question
    assert "Support Console" not in shown and "runbooks/" not in shown and "break-glass" not in shown


def test_customer_errors_are_explained(kb_env):
    at = search(start(), "   ")
    assert "question is empty" in at.error[0].value
    at = search(at, "refund " * 400)
    assert "limit is 2000" in at.error[0].value


def test_unanswerable_question_says_so(kb_env):
    at = search(start(), "Which wine goes best with grilled salmon at a summer picnic?")
    assert "No answer found" in at.warning[0].value
    assert not at.expander


def test_not_indexed_yet(make_kb, monkeypatch):
    config = make_kb()
    monkeypatch.setenv("KB_CONFIG", str(config.file))
    at = search(start(), "How do I get a refund?")
    assert "has not been indexed yet" in at.error[0].value


def test_agent_console_is_off_without_a_hash(kb_env):
    at = start()
    at.switch_page("views/console_disabled.py").run()
    assert "KB_AGENT_PASSWORD_SHA256" in texts(at)
    with pytest.raises(ValueError):
        at.switch_page("views/agent.py")


def signed_in(monkeypatch) -> AppTest:
    monkeypatch.setenv("KB_AGENT_PASSWORD_SHA256", hashlib.sha256(PASSWORD.encode()).hexdigest())
    at = start()
    at.switch_page("views/signin.py").run()
    at.text_input[0].input("wrong password")
    at.button[0].click().run()
    assert "Wrong password" in at.error[0].value
    at.text_input[0].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    return at


def test_agent_support_question_with_reroute_copy_and_packet(kb_env, monkeypatch):
    at = signed_in(monkeypatch)
    at.switch_page("views/agent.py").run()
    q = 'Customer gets "SSO-102 signature invalid" at login. They already cleared sessions.'
    at = search(at, q)
    assert not at.exception
    assert at.info[0].value.startswith(("**Route: support**", "**Route: both**"))
    shown = texts(at)
    assert "Section link: `docs/support/runbooks/sso.md#certificate-rotated`" in shown or \
        "docs/support/public/login.md#" in shown
    copy, packet = at.code[0].value, at.code[1].value
    assert "\nSources:\n[1] " in copy and "**" not in copy
    assert "Error message (exact text): SSO-102 signature invalid" in packet
    assert "Steps already tried: They already cleared sessions." in packet
    assert "Severity (SEV1-SEV4)" in at.warning[0].value
    at.button(key="agent_route_service").click().run()
    assert "Route: service" in at.info[0].value and "chosen by hand" in at.info[0].value
    assert all("docs/support" not in c.value for c in at.caption)
    assert "Escalation packet" not in [h.value for h in at.subheader]     # not for a service route


def test_agent_pages_need_sign_in(kb_env, monkeypatch):
    monkeypatch.setenv("KB_AGENT_PASSWORD_SHA256", hashlib.sha256(PASSWORD.encode()).hexdigest())
    at = start()
    with pytest.raises(ValueError):
        at.switch_page("views/agent.py")
    at.switch_page("views/signin.py").run()
    assert at.text_input[0].label == "Password"


def test_owners_status_reingest_and_preview(kb_env, monkeypatch):
    at = signed_in(monkeypatch)
    at.switch_page("views/owners.py").run()
    assert [m.value for m in at.metric][:3] == ["2", "3", "0"]       # service: docs, chunks, failed
    (kb_env.root / "docs/service/broken.md").write_bytes(b"\xff\xfe not utf-8")
    (kb_env.root / "docs/service/export.md").write_text("# Export\n\n## CSV\nExport data from Settings > Data.\n")
    at.button(key="owners_ingest").click().run()
    assert not at.exception
    assert "1 failed file" in at.warning[0].value
    assert any("1 added" in m.value for m in at.markdown)
    assert any("docs/service/broken.md" in e.value and "not UTF-8" in e.value for e in at.error)
    docs, chunks, failed = (int(m.value) for m in at.metric[:3])
    assert (docs, failed) == (3, 1) and chunks > 3
    at.text_input[0].input("How do I export my data as CSV?")
    at.button[-1].click().run()
    rows = at.dataframe[0].value
    assert rows.iloc[0]["file"] == "docs/service/export.md" and 0 < rows.iloc[0]["similarity"] <= 1


def chart_data(proto) -> dict:
    """A one-series chart's data as {index: value}, decoded from the Arrow bytes the app sends."""
    import pyarrow as pa
    frame = pa.ipc.open_stream(proto.datasets[0].data.data).read_all().to_pandas()
    index = next(c for c in frame.columns if c.startswith("index"))
    value = next(c for c in frame.columns if not c.startswith("index"))
    return dict(zip(frame[index], frame[value]))


def test_insights_dashboard_charts_and_gaps(kb_env, monkeypatch):
    log = QueryLog(kb_env.log_path)
    for query, label, answered, buckets in (
            ("How do I get a refund?", "service", True, ["account-and-money"]),
            ("Login fails with SSO-104", "support", True, ["something-broke"]),
            ("Can I export my data to Notion?", "service", False, ["decision"]),
            ("How to export data as PDF and why does the export crash", "both", False, ["how-do-i", "something-broke"])):
        log.record({"query": query, "audience": "customer", "route": {"label": label, "confidence": 0.7},
                    "answered": answered, "citations": [], "parts": [{"bucket": b} for b in buckets]})
    at = signed_in(monkeypatch)
    at.switch_page("views/insights.py").run()
    assert not at.exception
    assert [m.value for m in at.metric] == ["4", "50%", "–"]
    charts = [e.proto for e in at.main if getattr(e, "type", None) == "vega_lite_chart"]
    assert len(charts) == 6     # request map, per day, per audience, route mix, confidence, gaps
    assert chart_data(charts[0]) == {"how-do-i": 1, "something-broke": 2, "account-and-money": 1, "decision": 1}
    assert [e.label for e in at.expander] == ["no answer: “data” (2)"]
