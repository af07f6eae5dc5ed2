"""Chunks that are a heading over markup with no words: what a site's template leaves of a footer or a widget.
Apart from chunking.py, which cuts; this decides what of the cut is not worth storing as a section."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import fences
from .headings import HEADING_LINE
from .words import only_markup

if TYPE_CHECKING:
    from .chunking import Chunk


# a setext heading's underline; the line above it (text, not a list item, quote or row) is the heading
_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
_NOT_SETEXT = re.compile(r"\s*(?:[-*+>|]|\d+[.)]\s|```|~~~)|\s*$")


def has_body(text: str) -> bool:
    """Any line that is not blank, a heading or a thematic break: text to cite, not only a title over subsections.
    A setext heading ("Notable commands" over a dash line) is a heading too: wallabag's docs had 48 chunks of one;
    Uptime Kuma's "## REST API Endpoints" over a break was a chunk of its own over its subsections. Stops at the
    first line of text (chunking asks it of every piece)."""
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if not line.strip() or HEADING_LINE.match(line) or _BREAK.fullmatch(line):
            continue
        if _setext(lines, n) or n and _UNDERLINE.fullmatch(line) and _setext(lines, n - 1):
            continue
        return True
    return False


def _setext(lines: list[str], n: int) -> bool:
    """Whether line n is a setext heading's text: the next line underlines it."""
    return (n + 1 < len(lines) and bool(_UNDERLINE.fullmatch(lines[n + 1])) and not _NOT_SETEXT.match(lines[n])
            and not HEADING_LINE.match(lines[n]))


# a thematic break, or the HTML element that draws one (Insomnia's FAQ: "## General Questions" over `<hr>` was a
# chunk of its own, shown with the element)
_BREAK = re.compile(r" {0,3}(?:([-*_])(?:[ \t]*\1){2,}|<hr\s*/?>)[ \t]*", re.I)


def without_empty_sections(chunks: list[Chunk]) -> list[Chunk]:
    """Without the chunks that are headings over markup with no words, unless subsections of theirs follow:
    what a site's template leaves of a footer. DuckDuckGo's help pages include one whose Liquid loop leaves
    "###### Learn More" over an empty <ul>: 40 identical chunks (9% of the site), cited 23 times in 15 of 36
    answers, one answer being that heading alone. A heading over nothing at all stays (Mastodon's settings
    reference lists settings as bare headings), and so does one over its subsections."""
    kept = [c for i, c in enumerate(chunks) if not _markup_only(c) or _subsection_follows(chunks, i)]
    return kept or chunks


def _subsection_follows(chunks: list[Chunk], i: int) -> bool:
    """Whether the next chunk that is not noise lies under chunk i's heading, one level or more down."""
    path = chunks[i].heading_path
    after = next((d for d in chunks[i + 1:] if not d.is_noise), None)
    return after is not None and len(after.heading_path) > len(path) and after.heading_path[:len(path)] == path


# A section the authors left to write: "> **TODO**" under four headings of FreshRSS' developer docs, one cited as an
# answer. A word of what is to come, nothing more, marked up or not.
_PLACEHOLDER = re.compile(r"[\s>*_`~#:.!()\[\]-]*(?:todo|tbd|tba|wip|work in progress|coming soon|under construction"
                          r"|to be (?:written|done|completed|added))[\s>*_`~:.!()\[\]-]*", re.I)


def _markup_only(chunk: Chunk) -> bool:
    """Headings over markup alone (a data run or symbols are text, kept or reported as noise) or over a placeholder;
    not a piece cut from code or a table, nor noise (reported apart)."""
    body = "\n".join(line for line in chunk.text.splitlines() if not HEADING_LINE.match(line))
    if body.strip() and _PLACEHOLDER.fullmatch(body):
        return True
    links = "](" in body or "href=" in body or "src=" in body          # an image or link is something to show
    if not body.strip() or links or not only_markup(body):  # the common case, decided without the checks below
        return False
    return not (chunk.noise is not None or chunk.is_noise or fences.blocks(chunk.text))   # code is content ("# x")
