"""Plain-text renderings of a result (no Streamlit): the customer's hand-off message to support and
the agent's "copy answer with sources" block. Pure functions, unit-tested."""
from __future__ import annotations

import re

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`\n]+)`")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M)


def passage_markdown(text: str) -> str:
    """A cited passage inside an expander: its headings as bold lines, not page-sized titles."""
    return _HEADING.sub(r"**\1**  ", text.strip())  # two spaces: a hard line break


def plain(markdown: str) -> str:
    """Markdown answer -> text for a chat box: bold and code markers dropped, blank-line runs squeezed."""
    text = _CODE.sub(r"\1", _BOLD.sub(r"\1", markdown))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def source_line(c: dict) -> str:
    anchor = f"#{c['anchor']}" if c.get("anchor") else ""
    return f"[{c['n']}] {c['title']} › {c['section']} ({c['source']}{anchor})"


def copy_text(result: dict) -> str:
    """The answer, then one 'Sources:' line per citation, ready to paste into a chat."""
    lines = [plain(result["answer"])]
    if result["citations"]:
        lines += ["", "Sources:", *(source_line(c) for c in result["citations"])]
    return "\n".join(lines)


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
