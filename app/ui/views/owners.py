"""Content owners: what is indexed per corpus, what failed and why, re-run ingest with live progress,
and a preview of which chunks a question would cite."""
import time

import streamlit as st

from app.ui import common
from ingest.store import StoreError


def corpus_status(name: str, s: dict) -> None:
    st.subheader(name.capitalize())
    files, chunks, failed = st.columns(3)
    files.metric("Documents", s["files"])
    chunks.metric("Chunks", s["chunks"])
    failed.metric("Failed files", len(s["failed"]))
    st.caption(f"Last ingest: {s['last_ingest'] or 'never'}")
    if s["summary"]:
        keys = ("added", "updated", "removed", "unchanged", "failed", "chunks_added", "chunks_removed", "seconds")
        st.caption(" · ".join(f"{k.replace('_', ' ')} {s['summary'][k]}" for k in keys if k in s["summary"]))
    for f in s["failed"]:
        st.error(f"`{f['path']}`: {f['reason']}")


def status() -> None:
    try:
        for name, s in common.get_kb().status().items():
            corpus_status(name, s)
    except StoreError:
        st.info(common.NOT_INDEXED)


def reingest() -> None:
    bar = st.progress(0.0, text="Starting…")

    def progress(corpus: str, done: int, total: int, path: str) -> None:
        bar.progress(done / max(total, 1), text=f"{corpus}: {done}/{total} · {path}")

    started = time.monotonic()
    try:
        summary = common.get_kb().ingest(progress=progress)
    except StoreError as e:
        st.error(f"Ingest did not run: {e}")
        return
    bar.progress(1.0, text=f"Done in {time.monotonic() - started:.1f} s")
    st.session_state.owners_summary = summary
    st.rerun()          # redraw the status above with the new counts


def show_summary(summary: dict) -> None:
    (st.success if summary["ok"] else st.warning)(
        "Ingest finished" + ("" if summary["ok"] else f" with {len(summary['failed'])} failed file(s)"))
    for name, r in summary["corpora"].items():
        st.markdown(f"**{name}**: {r['added']} added, {r['updated']} updated, {r['removed']} removed, "
                    f"{r['unchanged']} unchanged, {r['failed']} failed; "
                    f"+{r['chunks_added']} / −{r['chunks_removed']} chunks")
    for f in summary["failed"]:
        st.error(f"`{f['path']}` ({f['corpus']}): {f['reason']}")


def preview() -> None:
    st.header("Preview: what would be cited?")
    with st.form("owners_preview"):
        query = st.text_input("Test question")
        asked = st.form_submit_button("Preview")
    result = common.ask(query, "agent") if asked else None
    if result:
        r = result["route"]
        st.caption(f"Route {r['label']} ({r['confidence']:.2f}) — {r['reason']}")
        if not result["answered"]:
            st.warning("Nothing scores above the answer threshold: this question gets no answer.")
        rows = [{"n": c["n"], "title › section": f"{c['title']} › {c['section']}", "file": c["source"],
                 "lines": "{}–{}".format(*c["lines"]),
                 "audience": c["audience"], "score (RRF)": c["score"], "similarity": c["similarity"]}
                for c in result["citations"]]
        st.dataframe(rows, hide_index=True)


st.title("Content owners")
status()
st.header("Re-run ingest")
st.caption("Indexes new and changed files, removes deleted ones; unchanged files are skipped.")
if st.button("Re-run ingest", type="primary", key="owners_ingest"):
    reingest()
if st.session_state.get("owners_summary"):
    show_summary(st.session_state.owners_summary)
preview()
