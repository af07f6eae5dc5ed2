"""Agent sign-in: one shared password, stored only as a SHA-256 hex digest, read from the environment
(KB_AGENT_PASSWORD_SHA256, or the variable named by [ui] agent_password_env) or from [ui]
agent_password_sha256. Without a hash the agent pages are not registered at all."""
from __future__ import annotations

import hashlib
import hmac
import os
import re

import streamlit as st

DEFAULT_ENV = "KB_AGENT_PASSWORD_SHA256"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def configured_hash(config) -> str | None:
    """The lower-case hex digest to check against, or None when agent sign-in is not set up."""
    env_name = config.ui.get("agent_password_env", DEFAULT_ENV)
    value = (os.environ.get(env_name) or config.ui.get("agent_password_sha256") or "").strip().lower()
    return value or None


def hash_is_valid(digest: str) -> bool:
    return bool(_HEX64.match(digest))


def check_password(password: str, digest: str) -> bool:
    """Constant-time comparison of the password's SHA-256 with the configured digest."""
    given = hashlib.sha256(password.encode("utf-8")).hexdigest()
    return hash_is_valid(digest) and hmac.compare_digest(given, digest)


def signed_in() -> bool:
    return bool(st.session_state.get("agent_signed_in"))


def sign_in() -> None:
    st.session_state.agent_signed_in = True


def sign_out() -> None:
    for key in list(st.session_state):
        if key.startswith("agent") or key.startswith("owners"):
            del st.session_state[key]
