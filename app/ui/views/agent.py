"""Agent console: internal + public content, the route and why, one-click re-routing, two copies of the
answer (for the customer: public passages only; internal note: everything), and an editable escalation
packet for support questions."""
import streamlit as st

from app import escalation
from app.answer import cited_name
from app.ui import common, links, session, shortcuts
from app.ui.text import customer_copy, internal_note

AUDIENCE = "agent"
SIDES = {"service": "Search service", "support": "Search support", "both": "Search both"}
config = common.get_kb().config


def run(query: str, route: str | list[str] | None = None) -> None:
    with st.spinner("Searching…"):
        result = common.ask(query, AUDIENCE, route=route)
    if result is None:
        st.session_state.agent_result = None
        return
    if route is None:               # log the question once, not every re-route of it
        common.record({**result, "agent": session.current_agent(config)})
    st.session_state.agent_result = result


def route_box(result: dict) -> None:
    r = result["route"]
    st.info(f"**Route: {r['label']}** (confidence {r['confidence']:.2f}) — {r['reason']}")
    columns = st.columns(len(SIDES))
    for column, (side, label) in zip(columns, SIDES.items()):
        if column.button(label, key=f"agent_route_{side}", disabled=side == r["label"]):
            run(result["query"], route=side)
            st.rerun()
    if len(result["parts"]) > 1:   # one thread per request in the message, each re-routable on its own
        st.markdown("**This message has several requests:**")
        labels = [part["label"] for part in result["parts"]]
        for i, part in enumerate(result["parts"]):
            st.markdown(f"{i + 1}. “{part['text']}” — {part['bucket']} → **{part['label']}**")
            for column, side in zip(st.columns(len(SIDES)), SIDES):
                if column.button(f"Thread {i + 1}: {side}", key=f"agent_thread_{i}_{side}",
                                 disabled=side == part["label"]):
                    run(result["query"], route=labels[:i] + [side] + labels[i + 1:])
                    st.rerun()


def public_url(c: dict) -> str | None:
    return links.public_url(config, c["source"], c["anchor"]) if c["audience"] == "public" else None


def copies(result: dict) -> None:
    """Both copies first, where an agent in a chat looks; each code block has a copy button, and a
    keyboard shortcut copies each (app/ui/shortcuts.py reads the keyed blocks)."""
    text, left_out = customer_copy(result, public_url)
    for_customer, note = st.tabs(["Copy for the customer", "Copy as internal note"])
    with for_customer:
        if left_out:
            st.warning("Left out (internal, not for customers): " +
                       "; ".join(f"[{c['n']}] {cited_name(c)}" for c in left_out),
                       icon=":material/lock:")
        if text:
            st.container(key="copy_customer").code(text, language=None, wrap_lines=True)
        else:
            st.error("Every passage in this answer is internal: nothing here may be sent to the customer.")
    with note:
        st.container(key="copy_note").code(internal_note(result, public_url), language=None, wrap_lines=True)
    common.note(shortcuts.HINT)
    shortcuts.install()


def packet(result: dict) -> None:
    st.subheader("Escalation packet")
    template = escalation.find_template(common.get_kb())
    fields = escalation.parse_fields(template) if template else []
    if not fields:
        common.note("No escalation template with a “Fields” section was found in the support content.")
        return
    values = escalation.prefill(fields, result["query"], result)
    key = f"packet_{abs(hash(result['query'])) % 10**8}"      # a new question starts a fresh form
    with st.form(key):
        edited = {f.name: st.text_area(f.name, value=values.get(f.name) or "", help=f.hint, height=68,
                                       key=f"{key}_{i}") for i, f in enumerate(fields)}
        st.form_submit_button("Update packet")
    still = escalation.missing(edited)
    if still:
        st.warning("Still missing: " + ", ".join(still))
    st.code(escalation.render(fields, edited), language=None, wrap_lines=True)


def show(result: dict) -> None:
    route_box(result)
    if result["answered"]:
        copies(result)
        common.show_answer(result, public=False)
        st.subheader("Sources")
        common.show_citations(result["citations"], internal=True)
    else:
        st.warning("No answer found in the knowledge base. Try another route above, or escalate.")
        if result["citations"]:
            st.subheader("Closest passages")
            common.note("Not an answer: what the search found closest. Check before you paste.")
            common.show_citations(result["citations"], internal=True)
    if result["route"]["label"] in ("support", "both"):
        packet(result)


st.title("Agent console")
common.note(f"Signed in as {session.current_agent(config)}")
with st.form("agent_ask"):
    query = st.text_input("Customer question", placeholder="Paste or type the customer's message; Enter asks")
    asked = st.form_submit_button("Ask", type="primary")
if asked:
    run(query)
if st.session_state.get("agent_result"):
    show(st.session_state.agent_result)
