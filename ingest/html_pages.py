"""A page written in HTML inside Markdown, read as the site shows it: its headings are sections, an accordion's
question is a heading, and its lines lose the indentation HTML nesting gave them.

CommonMark reads HTML lines up to the next blank line as one raw block, so an HTML page without blank lines (VA.gov's
FAQ pages: 370 lines of `<div>`, `<ul class="usa-accordion">`, `<li>` nested 20 spaces deep) was one block: its
`<h4>` headings (58 in 21 pages) were never sections, the 117 questions of its USWDS accordions
(`<button class="usa-accordion-button">When I try to sign in...?</button>` over the answer's `<div>`) were text in
the middle of chunks, and answers grown to their whole block ran to 1,000 words. Inside such a block (never in code,
never in `<pre>`, never in a component's block: MDX is mdx_blocks' own):
- `<hN>Title</hN>` alone on its line is an ATX heading of that level;
- an accordion's button alone on its line (its class names an accordion) is a heading one level below the heading
  above it;
- every other line is written without its indentation, which HTML does not show, so no line of it reads as code.
markdown.parse makes a section of each heading found in an HTML block (`headings_in_blocks`). The number of lines
never changes.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt

from . import fences
from .headings import HEADING_LINE
from .html_blocks import TAG
from .line_ends import ending

_MD = MarkdownIt("commonmark")
_HTML_HEADING = re.compile(r"^[ \t]*<h([1-6])(?:\s[^>]*)?>(.*?)</h\1>[ \t]*$", re.I)
_ACCORDION = re.compile(r"^[ \t]*<button\b[^<>]*\bclass=[\"'][^\"']*accordion[^\"']*[\"'][^<>]*>(.*?)</button>[ \t]*$",
                        re.I)
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+\S")
_HTML_START = re.compile(r"^ {0,3}<(?:/?[a-z][\w-]*)(?:[\s/>]|$)", re.M)   # lower case: an element, not a component
_PRE = re.compile(r"<(/?)pre\b", re.I)
_RAW_BLOCK = re.compile(r"^ {0,3}<(?:pre|script|style|textarea)\b", re.I)    # CommonMark's raw-text HTML blocks


def convert(text: str) -> str:
    if not _HTML_START.search(text) or "\n" not in text:
        return text                             # no HTML block to read: spare the page a second parse
    lines = text.splitlines(keepends=True)
    level = 0                                   # the level of the last heading above
    for t in _MD.parse(text):
        if t.map is None or t.level != 0:
            continue
        if t.type == "heading_open":
            level = int(t.tag[1])
        elif t.type == "html_block" and t.map[1] - t.map[0] > 1 and _HTML_START.match(lines[t.map[0]]):
            level = _read_block(lines, t.map[0], t.map[1], level)
    return "".join(lines)


def _prose(lines: list[str], start: int, end: int) -> Iterator[int]:
    """The indexes of lines start..end of an HTML block outside code (a fence, a `<pre>`). A line is read for a
    `<pre>` it opens after it is yielded, so the caller may rewrite it first."""
    fence, pre = "", False
    for n in range(start, end):
        inner = lines[n].lstrip(" \t")
        if fence:
            fence = "" if fences.closes(inner, fence) else fence
        elif opened := fences.opening(inner):
            fence = opened
        elif pre:
            pre = not _closes_pre(lines[n])
        else:
            yield n
            pre = _opens_pre(lines[n])


def _read_block(lines: list[str], start: int, end: int, level: int) -> int:
    """Lines start..end of one HTML block, rewritten in place; returns the level of the last heading in it."""
    for n in _prose(lines, start, end):
        body = lines[n].rstrip("\r\n")
        nl = lines[n][len(body):]
        if (m := _OPEN_HEADING.match(body)) and (close := _heading_end(lines, n, end, m.group(1))):
            level = int(m.group(1))                 # a heading written over several lines (a button inside it)
            lines[n] = "#" * level + " " + _words("".join(lines[n:close + 1])) + nl
            for k in range(n + 1, close + 1):
                lines[k] = ending(lines[k])
        elif n > start and (m := _HTML_HEADING.match(body)):
            level = int(m.group(1))
            lines[n] = "#" * level + " " + _words(m.group(2)) + nl
        elif n > start and (m := _ACCORDION.match(body)) and _words(m.group(1)):
            lines[n] = "#" * min(level + 1, 6) + " " + _words(m.group(1)) + nl
        else:
            lines[n] = body.lstrip(" \t") + nl
    return level


# USWDS accordions in Eleventy pages (the TTS handbook: `<h3 class="usa-accordion__heading">` over a `<button` whose
# attributes and text take the next 7 lines, then `</h3>`): 11 step titles were no sections and their markup was
# shown in 11 chunks
_OPEN_HEADING = re.compile(r"^[ \t]*<h([1-6])(?:\s[^<>]*)?>(?!.*</h[1-6]>)", re.I)
_HEADING_LINES = 12                 # the most lines a heading's markup takes
_BUTTON = re.compile(r"<button\b", re.I)


def _heading_end(lines: list[str], n: int, end: int, level: str) -> int | None:
    """The line closing the accordion heading opened on line n (a `<button>` inside it), when it closes soon and
    holds words. Not any heading element over several lines: USAJOBS' help center styles its lead paragraphs so
    (`<h2 class="usajobs-help-center__lead">` over 24 to 75 words), shown as a paragraph, never a title."""
    close = re.compile(rf"</h{level}\s*>[ \t]*$", re.I)
    k = next((k for k in range(n + 1, min(n + _HEADING_LINES, end)) if close.search(lines[k])), None)
    element = "".join(lines[n:k + 1]) if k is not None else ""
    return k if _BUTTON.search(element) and _words(element) else None


def _words(html: str) -> str:
    return " ".join(TAG.sub(" ", html).split())


def _opens_pre(line: str) -> bool:
    """Whether a <pre> opened on this line is left open at its end (its text keeps its spaces)."""
    marks = _PRE.findall(line)
    return bool(marks) and marks[-1] == ""


def _closes_pre(line: str) -> bool:
    marks = _PRE.findall(line)
    return bool(marks) and marks[-1] == "/"


def headings_in_blocks(tokens, lines: list[str]) -> list[tuple[int, int, str]]:
    """(line, level, text) of the ATX headings inside HTML blocks (those convert() wrote, or written so in a page a
    site renders as MDX), which the parser reads as raw HTML: their sections are cut where the site shows them.
    Never in code: a `<pre>`, `<script>` or fence inside the block keeps its `# comment` lines."""
    out = []
    for t in tokens:
        if t.type != "html_block" or t.level != 0 or t.map is None or _RAW_BLOCK.match(lines[t.map[0]]):
            continue
        for n in _prose(lines, t.map[0], t.map[1]):
            if n > t.map[0] and (m := _ATX.match(lines[n])) and HEADING_LINE.match(lines[n]):
                out.append((n, len(m.group(1)), lines[n].strip().lstrip("#").strip()))
    return out
