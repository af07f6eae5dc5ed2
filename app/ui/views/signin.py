"""Agent sign-in form; on success the agent pages are registered on the next run."""
import time

import streamlit as st

from app.ui import auth, common

st.title("Agent sign-in")
digest = auth.configured_hash(common.get_kb().config)
if not auth.hash_is_valid(digest):
    st.error("The configured agent password hash is not a 64-character SHA-256 hex digest; "
             "fix it in the environment or the config file.")
    st.stop()
with st.form("signin"):
    password = st.text_input("Password", type="password")
    submitted = st.form_submit_button("Sign in", type="primary")
if submitted:
    if auth.check_password(password, digest):
        auth.sign_in()
        st.rerun()
    time.sleep(1)       # slows down guessing
    st.error("Wrong password.")
