"""The Streamlit app: `kb app` runs this with KB_CONFIG set. The customer search is the landing page.
Agent pages exist only when `[ui] agent_pages = true` and an agent account exists; otherwise no agent
link, page or URL is there at all. An agent page is registered only for a signed-in agent."""
import streamlit as st

from app.ui import auth, common, session

HERE = "views/"

config = common.get_kb().config
st.set_page_config(page_title=config.ui.get("title", "Help center"), page_icon=":material/help:")

customer = st.Page(HERE + "customer.py", title="Search help", icon=":material/search:", url_path="help", default=True)
article = st.Page(HERE + "article.py", title="Article", icon=":material/article:", url_path="article",
                  visibility="hidden")
pages = {"Help": [customer, article]}
agents = auth.enabled(config)
if agents and not session.current_agent(config):
    pages["Agents"] = [st.Page(HERE + "signin.py", title="Agent sign-in", icon=":material/lock:", url_path="agent")]
elif agents:
    pages["Agent console"] = [
        st.Page(HERE + "agent.py", title="Answer a question", icon=":material/support_agent:", url_path="agent"),
        st.Page(HERE + "owners.py", title="Content owners", icon=":material/library_books:"),
        st.Page(HERE + "insights.py", title="Insights", icon=":material/insights:"),
        st.Page(HERE + "signout.py", title="Sign out", icon=":material/logout:"),
    ]
nav = st.navigation(pages, position="sidebar" if agents else "hidden")
session.write_cookie()
nav.run()
