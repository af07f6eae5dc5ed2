"""An HTML definition list in a Markdown page (`<dl><dt>term</dt><dd>definition</dd></dl>`) as the Markdown
ingest/deflists.py makes of one: each term a bold line over its definition's paragraphs, an entry a block of its own,
so a long list is cut between entries and an answer shows text, not tags. Each entry keeps the lines it had.

Miniflux's configuration reference is one `<dl>` of 87 options over 456 lines: indexed as raw HTML in 15 chunks,
11 of them opening mid-entry (an option's default in one chunk, its name in the one before), and an answer to
"what is the default of CLEANUP_FREQUENCY_HOURS?" was 271 lines of `<dt>`/`<dd>`. Only a list Markdown can say as
well is read: no list inside it, opening at most 3 spaces in after a blank line, outside code, its HTML unbroken
(a blank line followed by Markdown ends an HTML block: then it stays as written).
"""
from __future__ import annotations

import re

from . import fences
from .html_blocks import MARKDOWNIFY
from .html_tables import element_end

_OPEN = re.compile(r"^[ ]{0,3}<dl\b", re.I)
_CLOSE = re.compile(r"</dl\s*>[ \t]*$", re.I)


def convert(text: str) -> str:
    if "<dl" not in text and "<DL" not in text:
        return text
    lines = text.splitlines(keepends=True)
    for n, end in fences.each_block(lines, lambda lines, code, n: element_end(lines, code, n, _OPEN, _CLOSE)):
        entries = _entries("".join(lines[n:end + 1]), end - n)
        if entries is not None:
            lines[n:end + 1] = [line + "\n" for line in entries]
    return "".join(lines)


def _entries(html: str, last: int) -> list[str] | None:
    """The list's lines (last + 1 of them) as Markdown, or None when Markdown cannot say it: each term or
    definition where its element starts, a term bold with a line break after it, a definition's paragraphs one
    line each, a blank line where a definition's own tags stood (so each entry is a block), the rest blank."""
    if html.lower().count("<dl") > 1:
        return None
    from bs4 import BeautifulSoup  # (with markdownify) only for a page with such a list
    dl = BeautifulSoup(html, "html.parser").find("dl")
    items = [e for e in dl.find_all(["dt", "dd"], recursive=False)] if dl else []
    if not items or not any(e.name == "dt" for e in items):
        return None
    out = [""] * (last + 1)
    starts = [item.sourceline - 1 for item in items] + [last]
    for i, item in enumerate(items):
        room, said = starts[i + 1] - starts[i], _said(item)
        if item.name == "dd" and len(said) + 2 <= room:     # its own tags' lines stay blank: the entry is a block
            said = ["", *said]
        elif len(said) > max(room, 1):
            said = [" ".join(said)]
        if room == 0 or out[starts[i]]:                     # elements on one line share it
            said = [" ".join(x for x in (out[starts[i]].rstrip(), *said) if x)]
        out[starts[i]:starts[i] + len(said)] = said
    return out


def _said(item) -> list[str]:
    """An element's content as Markdown lines: a term its words in bold (with a line break after them), a
    definition its paragraphs, each on one line."""
    from markdownify import markdownify
    for link in item.find_all("a", href=re.compile(r"^#")):
        link.unwrap()                   # the entry's link to itself: its words
    text = markdownify(item.decode_contents(), **MARKDOWNIFY)
    blocks = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    if item.name == "dt":
        return [f"**{' '.join(' '.join(blocks).split())}**  "] if blocks else [""]
    return [line for block in blocks for line in _lines(block)]


def _lines(block: str) -> list[str]:
    """A paragraph on one line; code and list items keep their lines."""
    if fences.opening(block.lstrip(" ").split("\n", 1)[0]) or fences.LIST_ITEM.match(block):
        return [line.rstrip() for line in block.splitlines()]
    return [" ".join(block.split())]

