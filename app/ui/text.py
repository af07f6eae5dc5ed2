"""Plain-text renderings of a result (no Streamlit): the customer's hand-off message to support and
the agent's "copy answer with sources" block. Pure functions, unit-tested."""
from __future__ import annotations

import re
from urllib.parse import quote

from app.answer import cited_name
from app.html_markdown import as_markdown, outside_code
from ingest import fences
from ingest.headings import attrs

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])|(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)")
_LEAD_MARKER = re.compile(r"(\[\d+\])(?=\n\n|\s*$)")
_CODE = re.compile(r"`([^`\n]+)`")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M)


def passage_markdown(text: str) -> str:
    """A cited passage inside an expander: its headings as bold lines, not page-sized titles; a "# ..."
    line in a code block is a comment and stays."""
    # two spaces: a line break; an attribute list ("## Install {#install}") is no part of the title (Ente's FAQs)
    return fences.outside(text.strip(), lambda t: _HEADING.sub(lambda m: f"**{attrs(m.group(1))[0]}**  ", t))


def plain(markdown: str) -> str:
    """Markdown answer -> text for a chat box: HTML elements as Markdown first (app/html_markdown.py), then bold,
    italic and code markers dropped, a link as its text (relative targets mean nothing in a chat), blank-line
    runs squeezed."""
    text = _LINK.sub(r"\1", outside_code(markdown, as_markdown))
    text = _ITALIC.sub(lambda m: m.group(1) or m.group(2), _BOLD.sub(r"\1", text))
    text = _CODE.sub(r"\1", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def source_line(c: dict, n: int, url: str | None) -> str:
    """A source as a reader knows it: title › section and its public URL when there is one."""
    flag = " (internal)" if c["audience"] != "public" else ""
    return f"[{n}] {cited_name(c)}{flag}" + (f": {url}" if url else "")


def _blocks(answer: str) -> tuple[list[tuple[str, int]], str]:
    """The answer's lead passages as (text, marker number), and the 'See also' rest."""
    pieces = _LEAD_MARKER.split(answer.split("\n\nSee also:")[0])
    return [(pieces[i], int(pieces[i + 1][1:-1])) for i in range(0, len(pieces) - 1, 2)], pieces[-1]


def _copy(result: dict, keep, url) -> str:
    """Answer blocks and sources of the citations `keep` accepts, renumbered 1..k."""
    by_n = {c["n"]: c for c in result["citations"]}
    kept = [c for c in result["citations"] if keep(c)]
    new = {c["n"]: i for i, c in enumerate(kept, 1)}
    leads, _ = _blocks(result["answer"])
    body = [f"{text}[{new[n]}]" for text, n in leads if n in new]
    rest = [c for c in kept if c["n"] not in {n for _, n in leads}]
    if rest:
        body.append("See also: " + "; ".join(f"[{new[c['n']]}] {cited_name(c)}" for c in rest))
    lines = [plain("\n\n".join(body))]
    if kept:
        lines += ["", "Sources:", *(source_line(by_n[c["n"]], new[c["n"]], url(c)) for c in kept)]
    return "\n".join(lines)


def customer_copy(result: dict, url) -> tuple[str, list[dict]]:
    """What an agent may paste into a customer chat: public passages only, public URLs, clean text.
    Returns the text and the internal citations left out (the agent is told)."""
    left_out = [c for c in result["citations"] if c["audience"] != "public"]
    if len(left_out) == len(result["citations"]):
        return "", left_out
    return _copy(result, lambda c: c["audience"] == "public", url), left_out


def internal_note(result: dict, url) -> str:
    """Everything, for a ticket or a colleague: flagged as internal at the top and per source."""
    return "INTERNAL NOTE - do not send to the customer\n\n" + _copy(result, lambda c: True, url)


def copy_text(result: dict) -> str:
    """The whole answer with its sources (titles, no repository paths), as plain text."""
    return _copy(result, lambda c: True, lambda c: None)


def handoff_message(result: dict) -> str:
    """What a customer sends to support: the question and what the help center showed them, so
    nobody has to ask twice."""
    shown = plain(result["answer"]) if result["answered"] else "No answer was found."
    titles = list(dict.fromkeys(c["title"] for c in result["citations"]))
    lines = ["Hello, I need help with this question:", "", result["query"], "",
             "The help center showed me:", "", shown]
    if titles:
        lines += ["", "Articles I was shown: " + "; ".join(titles)]
    lines += ["", "It did not solve my problem."]
    return "\n".join(lines)


def contact_link(ui: dict, result: dict) -> str | None:
    """The configured support channel, pre-filled with the question and what was shown: a mailto link
    for `contact_email`, or `contact_url` with {question} and {message} filled in (URL-encoded).
    None when neither is configured: then no "Contact support" button is shown."""
    message = handoff_message(result)
    if ui.get("contact_url"):
        return ui["contact_url"].replace("{question}", quote(result["query"])).replace("{message}", quote(message))
    if ui.get("contact_email"):
        subject = "Help request: " + result["query"][:80]
        return f"mailto:{ui['contact_email']}?subject={quote(subject)}&body={quote(message)}"
    return None
