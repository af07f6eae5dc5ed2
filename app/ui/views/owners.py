"""Content owners: what is indexed per corpus, what failed and why, re-run ingest with live progress,
and a preview of which chunks a question would cite."""
import time

import streamlit as st

from app.answer import place
from app.ui import common
from ingest.store import StoreError


def corpus_status(name: str, s: dict) -> None:
    st.subheader(name.capitalize())
    files, chunks, failed = st.columns(3)
    files.metric("Documents", s["files"])
    chunks.metric("Chunks", s["chunks"])
    failed.metric("Failed files", len(s["failed"]))
    common.note(f"Last ingest: {s['last_ingest'] or 'never'}")
    if s["summary"]:
        keys = ("added", "updated", "removed", "unchanged", "failed", "chunks_added", "chunks_removed", "seconds")
        common.note(" · ".join(f"{k.replace('_', ' ')} {s['summary'][k]}" for k in keys if k in s["summary"]))
    for f in s["failed"]:
        st.error(f"`{f['path']}`: {f['reason']}")
    broken_links(s["summary"].get("broken_links", []))


def broken_links(broken: list[dict]) -> None:
    """Links in the documents that lead nowhere (found by the last ingest; ingest/links.py)."""
    if not broken:
        return
    st.warning(f"{len(broken)} broken link(s) in these documents", icon=":material/link_off:")
    st.dataframe([{"file": b["path"], "line": b["line"], "link": b["target"], "problem": b["reason"]}
                  for b in broken], hide_index=True, use_container_width=True)


def status() -> None:
    try:
        for name, s in common.get_kb().status().items():
            corpus_status(name, s)
    except StoreError:
        st.info(common.NOT_INDEXED)


def live_files() -> dict[tuple[str, str], dict]:
    kb = common.get_kb()
    try:
        return {(c, src): rec for c in kb.config.corpora for src, rec in kb.store.live_files(c).items()}
    except StoreError:
        return {}


def file_changes(before: dict, after: dict) -> list[dict]:
    """Per file what the ingest changed, with chunk counts old -> new (an updated file that went from
    6 to 7 chunks is +1, not "+7 / -0")."""
    rows = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old and new and old.get("version") == new.get("version"):
            continue
        change = "added" if old is None else "removed" if new is None else "updated"
        was, now = (old or {}).get("chunks", 0), (new or {}).get("chunks", 0)
        rows.append({"corpus": key[0], "file": key[1], "change": change, "chunks before": was,
                     "chunks after": now, "difference": now - was})
    return rows


def reingest() -> None:
    bar = st.progress(0.0, text="Starting…")
    before = live_files()

    def progress(corpus: str, done: int, total: int, path: str) -> None:
        bar.progress(done / max(total, 1), text=f"{corpus}: {done}/{total} · {path}")

    started = time.monotonic()
    try:
        summary = common.get_kb().ingest(progress=progress)
    except StoreError as e:
        st.error(f"Ingest did not run: {e}")
        return
    bar.progress(1.0, text=f"Done in {time.monotonic() - started:.1f} s")
    st.session_state.owners_summary = {**summary, "files": file_changes(before, live_files())}
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
    if summary.get("files"):
        st.markdown("**Files changed by this ingest**")
        st.dataframe(summary["files"], hide_index=True, use_container_width=True)
    elif "files" in summary:
        common.note("No file changed.")


def preview_as(query: str, audience: str) -> None:
    result = common.ask(query, audience)
    if not result:
        return
    r = result["route"]
    common.note(f"Route {r['label']} ({r['confidence']:.2f}) — {r['reason']}")
    if not result["answered"]:
        st.warning("Nothing scores above the answer threshold: this question gets no answer.")
        return
    rows = [{"n": c["n"], "title › section": place(c["title"], c["section"]), "file": c["source"],
             "lines": "{}–{}".format(*c["lines"]), "audience": c["audience"], "similarity": c["similarity"],
             "score (RRF)": c["score"]} for c in result["citations"]]
    st.dataframe(rows, hide_index=True, use_container_width=True, column_config={
        "n": st.column_config.NumberColumn(width="small"),
        "title › section": st.column_config.TextColumn(width="large"),
        "similarity": st.column_config.NumberColumn(format="%.2f"),
        "score (RRF)": st.column_config.NumberColumn(format="%.4f")})
    for c in result["citations"]:
        with st.expander(common.citation_label(c, internal=True)):
            st.markdown(c["passage"])


def preview() -> None:
    st.header("Preview: what would be cited?")
    with st.form("owners_preview"):
        query = st.text_input("Test question")
        asked = st.form_submit_button("Preview")
    pending = st.session_state.pop("owners_preview_q", None)      # a gap clicked on the insight page
    if pending or (asked and query.strip()):
        st.session_state.owners_preview_shown = pending or query.strip()
    if st.session_state.get("owners_preview_shown"):
        customer, agent = st.tabs(["As a customer", "As an agent"])
        with customer:
            preview_as(st.session_state.owners_preview_shown, "customer")
        with agent:
            preview_as(st.session_state.owners_preview_shown, "agent")


st.title("Content owners")
status()
st.header("Re-run ingest")
common.note("Indexes new and changed files, removes deleted ones; unchanged files are skipped.")
if st.button("Re-run ingest", type="primary", key="owners_ingest"):
    reingest()
if st.session_state.get("owners_summary"):
    show_summary(st.session_state.owners_summary)
preview()
