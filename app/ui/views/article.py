"""Article view: a cited document rendered in the app, scrolled to the cited passage, which is
highlighted. `?doc=<path as cited>&lines=<start>-<end>`, or `&section=<anchor>` for a link to a section. A
customer can open public documents only; an internal one opens for a signed-in agent (the check is the
manifest's audience, not the URL)."""
import re

import streamlit as st
import streamlit.components.v1 as components

from app.ui import auth, common, links, session
from ingest.links import loose
from ingest.markdown import ParseError, parse

kb = common.get_kb()
config = kb.config
source = st.query_params.get("doc", "")
span = re.fullmatch(r"(\d+)-(\d+)", st.query_params.get("lines", ""))
linked = st.query_params.get("section", "")


def record_of(path: str) -> dict | None:
    for corpus in config.corpora:
        found = kb.store.live_files(corpus).get(path)
        if found:
            return found
    return None


def not_found() -> None:
    st.title("Article not found")
    st.info("This article does not exist or is not available here.")
    st.page_link("views/customer.py", label="Search the help articles", icon=":material/search:")
    st.stop()


try:
    record = record_of(source) if source else None
except Exception:           # no index yet or the store is unreachable: nothing can be shown
    record = None
agent = auth.enabled(config) and session.current_agent(config)
if record is None or (record.get("audience") != "public" and not agent):
    not_found()
try:
    doc = parse((config.root / source).read_text(encoding="utf-8"), source)
except (OSError, UnicodeDecodeError, ParseError):
    not_found()

to_url = common.to_url(public=not agent)
targets = common.link_targets()
body_start = doc.sections[0].start if doc.sections else 0
start, end = (int(span.group(1)) - 1, int(span.group(2))) if span else (len(doc.lines), len(doc.lines))
section = next((s for s in doc.sections if linked and s.anchor and loose(s.anchor) == loose(linked)), None)
if section and not span and section.lines is None:          # front-matter prose has lines of its own
    start, end = section.start, section.end
start, end = max(start, body_start), min(end, len(doc.lines))
if record.get("audience") != "public":
    st.warning("Internal document: do not share it or quote it to customers.", icon=":material/lock:")
st.page_link("views/customer.py", label="Back to search", icon=":material/arrow_back:")
before, cited, after = (doc.text(body_start, start), doc.text(start, end), doc.text(end, len(doc.lines)))
if before.strip():
    st.markdown(links.rewrite(before, source, to_url, targets))
if cited.strip():
    with st.container(border=True, key="cited"):
        st.markdown("**:material/format_quote: The passage the answer quoted**" if span else
                    "**:material/link: The section linked to**")
        st.markdown(links.rewrite(cited, source, to_url, targets))
    components.html("<script>const el = window.parent.document.querySelector('.st-key-cited');"
                    "if (el) el.scrollIntoView({block: 'start'});</script>", height=0)
if after.strip():
    st.markdown(links.rewrite(after, source, to_url, targets))
