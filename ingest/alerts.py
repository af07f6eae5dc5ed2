"""GitHub's alerts and Obsidian's callouts (`> [!WARNING]`, `> [!tip]- Custom title`) as a bold title inside
their quote: the sites render a titled box, CommonMark a quote opening with "[!WARNING]", which answers showed as
written. Fenced code is left alone (docs about alerts show the syntax); the number of lines stays.

Docsify's flexible-alerts plugin writes the same marker, upper case, with the box's text on its line
(`>[!ATTENTION]The repo access is required ...`) and a label option (`[!NOTE|label:Heads up]`): there the text is
the body under the kind's title. Read as Obsidian's title, 106 alerts in 62 of Datacoves' pages were a bold line
with no label. Obsidian writes its kinds in lower case (`> [!tip] Title`), so a title after one stays a title.
Jekyll's Premonition writes a quote's first line as `> warning "Title"`, and Wiki.js a line `{.is-warning}` under it.
"""
from __future__ import annotations

import re

from . import fences
from .headings import title_line

_ALERT = re.compile(r"^(?P<quote>[ \t]*(?:>[ \t]?)+)\[!(?P<kind>[A-Za-z][\w-]*)(?P<options>\|[^\]\n]*)?\][+-]?[ \t]*"
                    r"(?P<title>.*?)[ \t]*$")
_LABEL = re.compile(r"\|\s*label\s*:\s*([^|\]]+)")
# Jekyll's Premonition plugin: a quote opening `> warning "Title"` (or `""`: no title) is a box of that kind.
# Segment's docs: 610 markers in 567 chunks of 181 pages, shown as written in 7 of 36 answers.
_PREMONITION = re.compile(r"^(?P<quote>[ \t]*>[ \t]?)(?P<kind>note|info|tip|warning|error|danger|citation)"
                          r"[ \t]+\"(?P<title>[^\"\n]*)\"[ \t]*$")
_QUOTE_LINE = re.compile(r"^[ \t]*>")
_QUOTE_START = re.compile(r"^[ \t]*>[ \t]?")
# Wiki.js: a quote followed by a line `{.is-warning}` is a box of that kind (147 in its own docs, read as plain
# quotes: "DO NOT upgrade from 1.x" read like any other). The class line itself goes with the attribute lists
# (ingest/templates.py).
_WIKIJS_KIND = re.compile(r"^[ \t]*\{\.is-(info|warning|danger|success)\}[ \t]*$")
# or at the end of the quote's last line (Servarr's wiki: 228 lines "> Many free DNS providers do not support this
# {.is-warning}")
_WIKIJS_KIND_END = re.compile(r"^[ \t]*>.*?\S[ \t]*\{\.is-(info|warning|danger|success)\}[ \t]*$")


def convert(text: str) -> str:
    if "[!" not in text and not ('"' in text and ">" in text) and "{.is-" not in text:
        return text
    out, before = [], ""
    for line, code in fences.marked(text.splitlines(keepends=True)):
        body = line.rstrip("\r\n")
        if not code and (m := _WIKIJS_KIND.match(body)) and _QUOTE_LINE.match(before):
            _title_quote(out, m.group(1).capitalize())
        elif not code and (m := _WIKIJS_KIND_END.match(body)):
            _title_quote([*out, line], m.group(1).capitalize(), out)
            line = out.pop()
        if not code and (m := _ALERT.match(body)):
            line = _alert(m, line[len(body):])
        elif not code and not _QUOTE_LINE.match(before) and (m := _PREMONITION.match(body)):
            line = title_line(m.group("quote"), m.group("title").strip() or m.group("kind").capitalize(),
                              line[len(body):])
        out.append(line)
        before = body
    return "".join(out)


def _title_quote(lines: list[str], kind: str, out: list[str] | None = None) -> None:
    """The quote ending `lines` opens with its kind, as Docsify's do: "> **Warning:** text"; written to `out` (default:
    `lines` itself) from the quote's first line on."""
    k = len(lines) - 1
    while k > 0 and _QUOTE_LINE.match(lines[k - 1]):
        k -= 1
    lines[k] = _QUOTE_START.sub(lambda q: f"{q.group(0)}**{kind}:** ", lines[k], count=1)
    if out is not None:
        out[k:] = lines[k:]


def _alert(m: re.Match, end: str) -> str:
    label = _LABEL.search(m.group("options") or "")
    kind = label.group(1).strip() if label else m.group("kind").replace("-", " ").capitalize()
    text = m.group("title")
    if text and (m.group("kind").isupper() or label):        # Docsify: the text is the body, under its kind
        return f"{m.group('quote')}**{kind}:** {text}{end}"
    return title_line(m.group("quote"), text or kind, end)
