"""Customer self-service: search the public help content. The audience is fixed to "customer" here
and nowhere else: no widget, query parameter or URL switches it. `?q=` carries the question, so an
answer can be shared and the back button returns to the previous one."""
import streamlit as st

from app.ui import common, questions
from app.ui.text import contact_link

AUDIENCE = "customer"
config = common.get_kb().config


def answer(query: str) -> None:
    with st.spinner("Searching the help articles…"):
        result = common.ask(query, AUDIENCE)
    if result is None:
        st.session_state.customer = None
        return
    st.session_state.customer = {"result": result, "log_id": common.record(result), "feedback": None,
                                 "q": result["query"]}
    st.query_params["q"] = result["query"]


def suggestions() -> None:
    asked = questions.popular([r for r in common.rows() if r["audience"] == AUDIENCE])
    suggested = list(config.ui.get("suggested", [])) or asked
    if not suggested:
        return
    st.write("Popular questions:")
    for i, text in enumerate(suggested[:6]):
        if st.button(text, key=f"suggested_{i}", type="tertiary", icon=":material/arrow_forward:"):
            st.query_params["q"] = text
            st.rerun()


def feedback(state: dict) -> None:
    if state["feedback"] is not None:
        common.note("Thanks for your feedback!")
        return
    st.write("Did this help?")
    yes, no, _ = st.columns([1, 1, 6])
    for column, label, value in ((yes, "Yes", 1), (no, "No", -1)):
        if column.button(label, key=f"feedback_{value}"):
            state["feedback"] = value
            if state["log_id"] is not None:
                common.feedback(state["log_id"], value)
            st.rerun()


def contact(result: dict) -> None:
    link = contact_link(config.ui, result)
    if link:
        st.link_button("Contact support", link, icon=":material/mail:")
        common.note("Your message to support will include your question and the articles shown here.")


def show(state: dict) -> None:
    result = state["result"]
    if result["answered"]:
        common.show_answer(result, public=True)
        st.subheader("Sources")
        common.show_citations(result["citations"])
        st.divider()
        feedback(state)
        contact(result)
    else:
        st.warning("No answer found. We couldn't find an answer to that in our help articles. "
                   "Try other words" + (", or contact support: we'll see your question." if
                                        contact_link(config.ui, result) else "."))
        if result["citations"]:
            st.subheader("Closest articles")
            common.note("These may not answer your question.")
            common.show_citations(result["citations"])
        contact(result)


st.title(config.ui.get("title", "Help center"))
st.write("Search our help articles. Ask a question in your own words.")
q = st.query_params.get("q", "")
with st.form("customer_search", clear_on_submit=False):
    query = st.text_input("Your question", value=q, placeholder="e.g. How do I get a refund?")
    asked = st.form_submit_button("Search", type="primary")
state = st.session_state.get("customer")
if asked:
    answer(query)
elif q and (state is None or state["q"] != q):        # a shared link, a suggestion or the back button
    answer(q)
if st.session_state.get("customer"):
    show(st.session_state.customer)
elif not q and not asked:
    suggestions()
