"""The Streamlit app: `kb app` runs this with KB_CONFIG set. The customer search is the landing page;
the agent pages are registered only for a signed-in agent, so their URLs don't exist otherwise."""
import streamlit as st

from app.ui import auth, common

HERE = "views/"

st.set_option("client.toolbarMode", "viewer")     # no "Deploy"/developer menu for customers
st.set_page_config(page_title=common.get_kb().config.ui.get("title", "Help center"), page_icon=":material/help:")

customer = st.Page(HERE + "customer.py", title="Search help", icon=":material/search:", url_path="help", default=True)
pages = {"Help": [customer]}
if not auth.configured_hash(common.get_kb().config):
    pages["Agents"] = [st.Page(HERE + "console_disabled.py", title="Agent console", icon=":material/lock:", url_path="agent")]
elif not auth.signed_in():
    pages["Agents"] = [st.Page(HERE + "signin.py", title="Agent sign-in", icon=":material/lock:", url_path="agent")]
else:
    pages["Agent console"] = [
        st.Page(HERE + "agent.py", title="Answer a question", icon=":material/support_agent:", url_path="agent"),
        st.Page(HERE + "owners.py", title="Content owners", icon=":material/library_books:"),
        st.Page(HERE + "insights.py", title="Insights", icon=":material/insights:"),
        st.Page(HERE + "signout.py", title="Sign out", icon=":material/logout:"),
    ]
st.navigation(pages).run()
