"""Customer self-service: search the public help content. The audience is fixed to "customer" here
and nowhere else: no widget, query parameter or URL switches it."""
import streamlit as st

from app.ui import common
from app.ui.text import handoff_message

AUDIENCE = "customer"


def search_box() -> None:
    with st.form("customer_search", clear_on_submit=False):
        query = st.text_input("Your question", placeholder="e.g. How do I get a refund?")
        asked = st.form_submit_button("Search", type="primary")
    if asked:
        result = common.ask(query, AUDIENCE)
        st.session_state.customer = None if result is None else {
            "result": result, "log_id": common.record(result), "feedback": None, "contact": False}


def feedback(state: dict) -> None:
    if state["feedback"] is not None:
        st.caption("Thanks for your feedback!")
        return
    st.write("Did this help?")
    yes, no, _ = st.columns([1, 1, 6])
    for column, label, value in ((yes, "Yes", 1), (no, "No", -1)):
        if column.button(label, key=f"feedback_{value}"):
            state["feedback"] = value
            if state["log_id"] is not None:
                common.feedback(state["log_id"], value)
            st.rerun()


def contact(state: dict) -> None:
    if st.button("Contact support", key="contact_support"):
        state["contact"] = True
    if state["contact"]:
        st.write("Copy this message into your support request; it tells our team what you already saw:")
        st.code(handoff_message(state["result"]), language=None, wrap_lines=True)


def show(state: dict) -> None:
    result = state["result"]
    if result["answered"]:
        st.markdown(result["answer"])
        st.subheader("Sources")
        common.show_citations(result["citations"])
    else:
        st.warning("No answer found. We couldn't find anything about that in our help articles. "
                   "Try other words, or contact support below.")
    st.divider()
    feedback(state)
    contact(state)


st.title(common.get_kb().config.ui.get("title", "Help center"))
st.write("Search our help articles. Ask a question in your own words.")
search_box()
if st.session_state.get("customer"):
    show(st.session_state.customer)
