"""Agent console: internal + public content, the route and why, one-click re-routing, answers with
sources to paste into a chat, and an escalation packet for support questions."""
import streamlit as st

from app import escalation
from app.ui import common
from app.ui.text import copy_text

AUDIENCE = "agent"
SIDES = {"service": "Search service", "support": "Search support", "both": "Search both"}


def run(query: str, route: str | None = None) -> None:
    result = common.ask(query, AUDIENCE, route=route)
    if result is None:
        st.session_state.agent_result = None
        return
    if route is None:               # log the question once, not every re-route of it
        common.record(result)
    st.session_state.agent_result = result


def route_box(result: dict) -> None:
    r = result["route"]
    st.info(f"**Route: {r['label']}** (confidence {r['confidence']:.2f}) — {r['reason']}")
    columns = st.columns(len(SIDES))
    for column, (side, label) in zip(columns, SIDES.items()):
        if column.button(label, key=f"agent_route_{side}", disabled=side == r["label"]):
            run(result["query"], route=side)
            st.rerun()
    if len(result["parts"]) > 1:   # one thread per request in the message
        st.markdown("**This message has several requests:**")
        for i, part in enumerate(result["parts"], 1):
            st.markdown(f"{i}. “{part['text']}” — {part['bucket']} → **{part['label']}**")


def packet(result: dict) -> None:
    st.subheader("Escalation packet")
    template = escalation.find_template(common.get_kb())
    fields = escalation.parse_fields(template) if template else []
    if not fields:
        st.caption("No escalation template with a “Fields” section was found in the support content.")
        return
    values = escalation.prefill(fields, result["query"], result)
    st.code(escalation.render(fields, values), language=None, wrap_lines=True)
    still = escalation.missing(values)
    if still:
        st.warning("Still missing: " + ", ".join(still))


def show(result: dict) -> None:
    route_box(result)
    if result["answered"]:
        st.markdown(result["answer"])
        st.subheader("Sources")
        common.show_citations(result["citations"], internal=True)
        st.markdown("**Copy answer with sources**")
        st.code(copy_text(result), language=None, wrap_lines=True)
    else:
        st.warning("No answer found in the knowledge base. Try another route above, or escalate.")
    if result["route"]["label"] in ("support", "both"):
        packet(result)


st.title("Agent console")
with st.form("agent_ask"):
    query = st.text_input("Customer question", placeholder="Paste or type the customer's message; Enter asks")
    asked = st.form_submit_button("Ask", type="primary")
if asked:
    run(query)
if st.session_state.get("agent_result"):
    show(st.session_state.agent_result)
