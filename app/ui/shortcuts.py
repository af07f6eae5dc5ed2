"""Keyboard shortcuts that copy the agent console's answer: Alt+C the copy for the customer, Alt+I the
internal note (KeyboardEvent.code, so Option+C on a Mac works too; Ctrl+Shift+C is Chrome's inspector).

Copying must happen in the browser, on the key press (the clipboard needs the user's gesture), so the
handler is a script in the page itself, installed once. It copies what the page shows at that moment,
read from the keyed blocks (`st-key-<key>`), never text kept from an earlier answer: on a page without
them, or after sign-out, a shortcut copies nothing.
"""
from __future__ import annotations

import json

import streamlit.components.v1 as components

KEYS = {"KeyC": ("copy_customer", "Copied for the customer"), "KeyI": ("copy_note", "Copied as internal note")}
HINT = "Shortcuts: **Alt+C** copies for the customer, **Alt+I** the internal note."

_HANDLER = """
document.addEventListener('keydown', (e) => {
  const found = e.altKey && !e.ctrlKey && !e.metaKey && KEYS[e.code];
  const code = found && document.querySelector('.st-key-' + found[0] + ' code');
  if (!code) return;
  e.preventDefault();
  navigator.clipboard.writeText(code.textContent).then(() => {
    let note = document.getElementById('kb-copied');
    if (!note) {
      note = document.createElement('div');
      note.id = 'kb-copied';
      note.setAttribute('role', 'status');
      note.style.cssText = 'position:fixed;bottom:1rem;right:1rem;padding:.5rem 1rem;z-index:1000;' +
        'background:#1b5e20;color:#fff;border-radius:.5rem;font:inherit';
      document.body.appendChild(note);
    }
    note.textContent = found[1];
    clearTimeout(note.timer);
    note.timer = setTimeout(() => { note.textContent = ''; }, 3000);
  });
}, true);
"""


def install() -> None:
    """Put the handler into the app's page (the component's iframe shares its origin) unless it is there.
    It runs in the page's own realm, so it keeps working after this iframe is gone."""
    source = f"const KEYS = {json.dumps(KEYS)};\n{_HANDLER}"
    components.html(
        "<script>const doc = window.parent.document;"
        "if (!doc.getElementById('kb-copy-keys')) {"
        "const s = doc.createElement('script'); s.id = 'kb-copy-keys';"
        f"s.textContent = {json.dumps(source)}; doc.head.appendChild(s);"
        "}</script>", height=0)
