"""A link to its own id is a permalink round a name, shown as the name: Traefik's options tables open each of
2,750 rows with `<a id="opt-x" href="#opt-x" title="#opt-x">`x`</a>`, 44% of the characters of 772 chunks, so
a chunk held two or three rows. The page's links to the id still resolve: ingest/links.py reads ids from the page
as written. Outside code, and not on a heading's line, where the id gives the section its anchor."""
from __future__ import annotations

import re

from .code_spans import code_spans, overlaps

_SELF_LINK = re.compile(r"<a\b(?=[^<>\n]*\bid=[\"']([^\"'<>\n]+)[\"'])(?=[^<>\n]*\bhref=[\"']#\1[\"'])[^<>\n]*>"
                        r"([^\n]*?)</a\s*>", re.I)
_HEADING_LINE = re.compile(r"[ \t]{0,3}#{1,6}[ \t]")


def named(text: str) -> str:
    """The text with each link to its own id, outside code, as the words it holds."""
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
