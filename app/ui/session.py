"""The signed-in agent of this browser: kept in the session and in a signed, expiring cookie, so a
reload or a new tab stays signed in (app/ui/auth.py makes and checks the token)."""
from __future__ import annotations

import json

import streamlit as st
import streamlit.components.v1 as components

from app.ui import auth

COOKIE = "kb_agent"


def _forget() -> None:
    for key in list(st.session_state):
        if key.startswith(("agent", "owners")):
            del st.session_state[key]


def current_agent(config) -> str | None:
    """Checked on every page run, against the accounts file: a session ended elsewhere (sign-out in
    another tab, a new password, `kb agents remove` or `signout`) is signed out here on its next click."""
    if st.session_state.get("agent_signed_out"):
        return None
    token = st.session_state.get("agent_token") or st.context.cookies.get(COOKIE)
    name = auth.token_agent(config, token)
    if name:
        st.session_state.agent_token = token
    elif "agent_token" in st.session_state:     # was signed in: drop what it saw (answers, previews)
        _forget()
    return name


def sign_in(config, name: str) -> None:
    _forget()
    token = auth.make_token(config, name)
    st.session_state.agent_token = token
    st.session_state.agent_cookie = (token, int(float(config.ui.get("session_hours", auth.DEFAULT_HOURS)) * 3600))


def sign_out(config) -> None:
    """Ends this agent's sessions on the server (every browser), not only this browser's cookie."""
    name = current_agent(config)
    if name:
        try:
            auth.end_sessions(config, name)
        except auth.AccountError:       # removed meanwhile: nothing left to end
            pass
    _forget()
    st.session_state.agent_signed_out = True
    st.session_state.agent_cookie = ("", 0)


def write_cookie() -> None:
    """Set (or clear) the cookie a sign-in or sign-out asked for, from the page the browser stays on.
    The component's iframe shares the app's origin, so it can write the app's cookie."""
    pending = st.session_state.pop("agent_cookie", None)
    if pending is None:
        return
    token, seconds = pending
    cookie = f"{COOKIE}={token}; path=/; max-age={seconds}; SameSite=Strict"
    components.html(f"<script>window.parent.document.cookie = {json.dumps(cookie)};</script>", height=0)
