"""The signed-in agent of this browser: kept in the session and in a signed, expiring cookie, so a
reload or a new tab stays signed in (app/ui/auth.py makes and checks the token)."""
from __future__ import annotations

import json

import streamlit as st
import streamlit.components.v1 as components

from app.ui import auth

COOKIE = "kb_agent"


def current_agent(config) -> str | None:
    name = st.session_state.get("agent_name")
    if name or st.session_state.get("agent_signed_out"):     # the browser's cookie is read once per session
        return name
    name = auth.token_agent(config, st.context.cookies.get(COOKIE))
    if name:
        st.session_state.agent_name = name
    return name


def sign_in(config, name: str) -> None:
    st.session_state.agent_name = name
    st.session_state.pop("agent_signed_out", None)
    st.session_state.agent_cookie = (auth.make_token(config, name),
                                     int(float(config.ui.get("session_hours", auth.DEFAULT_HOURS)) * 3600))


def sign_out() -> None:
    for key in list(st.session_state):
        if key.startswith(("agent", "owners")):
            del st.session_state[key]
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
