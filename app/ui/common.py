"""What every page shares: one KnowledgeBase (and one model) per process, the question log,
and the way a result's citations are drawn. Pages never route, filter or cite on their own."""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from app.answer import cited_name
from app.engine import KnowledgeBase, NoIndexError, QuestionError
from app.ui import links
from app.ui.text import passage_markdown

NOT_INDEXED = "The knowledge base has not been indexed yet. Please try again later."


def config_path() -> str:
    return str(Path(os.environ.get("KB_CONFIG") or "config.toml").resolve())


@st.cache_resource(show_spinner=False)
def _embedder():
    from ingest.embedder import Embedder
    return Embedder()


@st.cache_resource(show_spinner="Loading the knowledge base (first start takes a few seconds)…")
def _kb(path: str) -> KnowledgeBase:
    return KnowledgeBase(path, _embedder())


def get_kb() -> KnowledgeBase:
    """Keyed by the config path, so tests with their own KB_CONFIG get their own instance."""
    return _kb(config_path())


def ask(query: str, audience: str, route: str | None = None) -> dict | None:
    """kb.ask with the two expected failures shown as messages; None when nothing to show."""
    try:
        kb = get_kb()
        result = kb.ask(query, audience=audience, route=route, generate=False)
        return generated(kb, result) if kb.generator else result
    except QuestionError as e:
        st.error(f"Please check your question: {e}.")
    except NoIndexError:
        st.error(NOT_INDEXED)
    return None


def generated(kb: KnowledgeBase, result: dict) -> dict:
    """[answer] mode = "llm": the answer is written out as the model sends it (each piece checked before
    it shows), then replaced by the checked result: the generated answer, or the extractive one."""
    stream = kb.generator.stream(result)
    box = st.empty()
    with box.container():
        note("Writing an answer from the sources below; it is checked before it is kept…")
        st.write_stream(stream)
    box.empty()
    return stream.result


def note(text: str) -> None:
    """A secondary line. Not st.caption: its 60% grey is 3.8:1 on white, under WCAG's 4.5:1 (axe-core
    'color-contrast', serious, on every page that had one)."""
    st.markdown(text)


def location(c: dict) -> str:
    start, end = c["lines"]
    return f"{c['source']}, lines {start}–{end}"


def citation_label(c: dict, internal: bool = False) -> str:
    mark = ":orange-badge[Internal]" if internal and c["audience"] != "public" else ""
    return f"[{c['n']}] {cited_name(c)} {mark}".strip()


def to_url(public: bool):
    """(path, anchor) -> where a link to that document opens (its public URL, else the article view)."""
    config = get_kb().config
    return lambda path, anchor="", lines=None: links.document_url(config, path, anchor, lines, public)


def link_targets():
    """The live files, for links between pages (app/retrieval.Retriever.link_targets); None without an index."""
    try:
        return get_kb().retriever.link_targets
    except NoIndexError:
        return None


def cite_url(c: dict) -> str:
    return to_url(c["audience"] == "public")(c["source"], c["anchor"], c["lines"])


def show_answer(result: dict, public: bool) -> None:
    """The answer as Markdown (tables, lists, code), links working, each [n] opening its passage."""
    if result.get("corrected"):
        st.text(f"Searched for: {result['corrected']}")      # plain text: a question is not Markdown
    st.markdown(links.answer_markdown(result, to_url(public), cite_url, link_targets()))
    mode = result.get("answer_mode")
    if mode == "llm":
        note("Written by an AI model from the sources below; each [n] opens the passage it rests on.")
    elif mode == "extractive-fallback" and not public:      # the reason is for agents, not customers
        note(f"Quoted from the sources: the generated answer was not used ({result['fallback_reason']}).")


def show_citations(citations: list[dict], internal: bool = False) -> None:
    """One expander per numbered source: title › section, a link to the article, the passage itself."""
    for c in citations:
        with st.expander(citation_label(c, internal)):
            st.markdown(f"[Open the article]({cite_url(c)})" + (f" · {location(c)}" if internal else ""))
            if internal:
                if c["audience"] != "public":
                    st.warning("Internal: do not share this passage with customers.", icon=":material/lock:")
                note(f"audience **{c['audience']}** · score {c['score']:.4f} · "
                           f"similarity {c['similarity']:.2f}")
            st.markdown(links.rewrite(passage_markdown(c["passage"]), c["source"], to_url(not internal),
                                      link_targets()))


@st.cache_resource(show_spinner=False)
def _log(path: str, retention_days: int):
    from app.querylog import QueryLog
    return QueryLog(path, retention_days)


def get_log():
    config = get_kb().config
    return _log(str(config.log_path), config.log_retention_days)


def _logged(action, *args):
    """Run a log action; a log that cannot be written never stops the answer from showing."""
    try:
        return action(get_log(), *args)
    except Exception as e:  # sqlite3.Error, OSError: a read-only or full disk
        st.toast(f"The question log is unavailable: {e}")
        return None


def record(result: dict) -> int | None:
    return _logged(lambda log, r: log.record(r), result)


def feedback(log_id: int, value: int) -> None:
    _logged(lambda log, i, v: log.feedback(i, v), log_id, value)


def rows() -> list[dict]:
    return _logged(lambda log: log.rows()) or []
