"""Agent sign-in: name and password against the accounts `kb agents add` wrote; wrong passwords are
rate-limited per name. On success the agent pages are registered on the next run."""
import time

import streamlit as st

from app.ui import auth, common, session

config = common.get_kb().config
st.title("Agent sign-in")
with st.form("signin"):
    name = st.text_input("Agent name").strip()
    password = st.text_input("Password", type="password")
    submitted = st.form_submit_button("Sign in", type="primary")
if submitted:
    wait = auth.LIMITER.locked_for(name)
    if wait:
        st.error(f"Too many wrong passwords for this name. Try again in {wait / 60:.0f} minutes.")
        st.stop()
    if auth.verify(config, name, password):
        auth.LIMITER.succeeded(name)
        session.sign_in(config, name)
        st.rerun()
    auth.LIMITER.failed(name)
    time.sleep(1)       # slows down guessing further
    st.error("Wrong name or password.")
