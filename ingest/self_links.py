"""A link to its own id is a permalink round a name, shown as the name: Traefik's options tables open each of
2,750 rows with `<a id="opt-x" href="#opt-x" title="#opt-x">`x`</a>`, 44% of the characters of 772 chunks, so
a chunk held two or three rows. The page's links to the id still resolve: ingest/links.py reads ids from the page
as written. Outside code, and not on a heading's line, where the id gives the section its anchor. On a heading's
line a Markdown link to an anchor of the page is the heading's permalink, shown as its words: Paperless-ngx's
settings are headed ``#### [`PAPERLESS_URL=<url>`](#PAPERLESS_URL) {#PAPERLESS_URL}`` (180 in its configuration
page), and 9 of 36 answers showed the title as a bold link going nowhere."""
from __future__ import annotations

import re

from . import fences
from .code_spans import code_spans, overlaps

_SELF_LINK = re.compile(r"<a\b(?=[^<>\n]*\bid=[\"']([^\"'<>\n]+)[\"'])(?=[^<>\n]*\bhref=[\"']#\1[\"'])[^<>\n]*>"
                        r"([^\n]*?)</a\s*>", re.I)
_HEADING_LINE = re.compile(r"[ \t]{0,3}#{1,6}[ \t]")


# A heading's permalink sign linking to the page's old address (Duplicati's docs, copied from their MkDocs site:
# "### License[¶](https://prev-docs.duplicati.com/...#license) <a href="#license" id="license"></a>" in 258 chunks of
# 8 pages, and in answers' titles)
_SIGN_LINK = re.compile(r"^([ \t]{0,3}#{1,6}[ \t][^\n]*?)[ \t]*\[[ \t]*(?:¶|§|🔗)[ \t]*\]\([^()\s]*\)"
                        r"(?=[ \t]*(?:<a\b[^<>\n]*>[ \t]*</a>[ \t]*)*$)", re.M)


def named(text: str) -> str:
    """The text with each link to its own id, outside code, as the words it holds."""
    text = fences.outside(text, lambda t: _SIGN_LINK.sub(r"\1", t)) if "](" in text else text
    text = _heading_permalinks(text) if "](#" in text else text
    matches = list(_SELF_LINK.finditer(text)) if "<a" in text else []
    if not matches:
        return text
    code, _ = code_spans(text)
    out, at = [], 0
    for m in matches:
        close = m.start() + m.group(0).rfind("</")
        line = text.rfind("\n", 0, m.start()) + 1
        if overlaps(code, m.start(), m.start() + 2) or overlaps(code, close, m.end()) or _HEADING_LINE.match(
                text, line):
            continue
        out += [text[at:m.start()], m.group(2)]
        at = m.end()
    return "".join(out) + text[at:] if out else text


_ANCHOR_LINK = re.compile(r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])+)\]\(#[^()\s]*\)")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t][^\n]*\]\(#[^\n]*$", re.M)


def _heading_permalinks(text: str) -> str:
    """The text with each heading's links to an anchor of the page, outside code, as their words."""
    code, _ = code_spans(text)
    def link(m: re.Match, at: int) -> str:
        start, close = at + m.start(), at + m.start() + len(m.group(1)) + 1      # its "[" and its "]("
        return m.group(0) if overlaps(code, start, start + 1) or overlaps(code, close, close + 2) else m.group(1)
    return _HEADING.sub(lambda h: _ANCHOR_LINK.sub(lambda m: link(m, h.start()), h.group(0)), text)
