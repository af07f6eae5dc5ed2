"""HTML elements marked `markdown` show their Markdown, their tags nothing; the number of lines stays.

Python-Markdown's md_in_html (MkDocs Material's way to caption a picture, `<figure markdown="span">` over an image
and a `<figcaption>`, or to lay out a grid of cards, `<div class="grid cards" markdown>`) renders what the element
holds as Markdown. Read as CommonMark, the opening tag starts an HTML block that runs to the next blank line, so
the Markdown inside stayed raw: Mainsail's docs, 91 captioned figures in 42 of 99 pages, tags in 77 chunks and 7 of
36 answers, 7 chunks of nothing but a figure's markup. The element's tags go, a one-line `<figcaption>` becomes
its caption text, and the inner lines lose the indent they share (a card's list at two spaces stays a list).
`markdown="0"` (leave as HTML), an element whose closing tag is not on a line of its own, and one four spaces in
outside a list item (an indented code block) stay as written. Read after ingest/html_blocks.py, so a box marked
`markdown` (`<div markdown="1" class="notice--info">`) is titled as a box first.
"""
from __future__ import annotations

import re

from . import fences, html_blocks
from .line_ends import ending

_OPEN = re.compile(r"^(?P<indent>[ \t]*)<(?P<tag>[a-zA-Z][\w-]*)\b[^<>]*?[ \t]markdown"
                   r"(?:[ \t]*=[ \t]*(?P<q>[\"']?)(?:1|block|span)(?P=q))?(?=[\s/>])[^<>]*>[ \t]*$")
_CAPTION = re.compile(r"^(?P<indent>[ \t]*)<figcaption\b[^<>]*>(?P<text>.*?)</figcaption>[ \t]*$", re.I)
_CAPTION_TAG = re.compile(r"^[ \t]*</?figcaption\b[^<>]*>[ \t]*$", re.I)


def _close(lines: list[str], code: list[bool], start: int, tag: str) -> int | None:
    """The line closing the element opened at `start` (the same tag opened inside it counts), or None."""
    opens, closes = re.compile(rf"^[ \t]*<{tag}\b", re.I), re.compile(rf"^[ \t]*</{tag}>[ \t]*$", re.I)
    depth = 0
    for n in range(start + 1, len(lines)):
        if code[n]:
            continue
        if opens.match(lines[n]):
            depth += 1
        elif closes.match(lines[n]):
            if not depth:
                return n
            depth -= 1
    return None


def _inner(lines: list[str], indent: int) -> list[str]:
    """The element's lines without the indent they share beyond the tag's own, captions as their text."""
    extra = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0) - indent
    out = []
    for line in lines:
        end = ending(line)
        if line.strip() and extra > 0:
            line = line[extra:]
        if m := _CAPTION.match(line):
            line = m.group("indent") + " ".join(html_blocks.TAG.sub(" ", m.group("text")).split()) + end
        elif _CAPTION_TAG.match(line):
            line = end
        out.append(line)
    return out


def _unwrap(lines: list[str]) -> list[str]:
    code = fences.code_lines(lines)
    out, n = list(lines), 0
    while n < len(lines):
        m = None if code[n] else _OPEN.match(lines[n].rstrip("\r\n"))
        indent = len(m.group("indent").expandtabs(4)) if m else 0
        placed = m is not None and (indent <= 3 or fences.in_item(lines, n, indent))
        close = _close(lines, code, n, m.group("tag")) if placed else None
        if m and close is not None:
            inner = _unwrap(_inner(lines[n + 1:close], indent))      # an element inside another (a card in a grid)
            out[n:close + 1] = [ending(lines[n]), *inner, ending(lines[close])]
            n = close + 1
            continue
        n += 1
    return out


def convert(text: str) -> str:
    if "markdown" not in text:
        return text
    return "".join(_unwrap(text.splitlines(keepends=True)))
