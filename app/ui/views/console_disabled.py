"""Shown when no agent password hash is configured: how to switch the console on."""
import streamlit as st

from app.ui.auth import DEFAULT_ENV

st.title("Agent console")
st.info("The agent console is switched off: no agent password is configured.")
st.markdown(f"""
To enable it, choose a password and give the app its **SHA-256 hash** (never the password itself):

```bash
python -c "import hashlib, getpass; print(hashlib.sha256(getpass.getpass().encode()).hexdigest())"
```

Then either set the environment variable `{DEFAULT_ENV}` to that hash before `kb app`, or add it to
the config file:

```toml
[ui]
agent_password_sha256 = "<the 64-character hash>"
```

Restart the app and sign in from this page.
""")
