"""MkDocs' indented blocks as plain Markdown: admonitions (`!!! note "Title"`, collapsible `??? tip`, `???+`)
and content tabs (`=== "Docker"`) become a bold title line over their body, dedented by the four spaces the
syntax asks for; the number of lines stays, so citations keep the file's own lines.

Read as CommonMark, the marker line is a paragraph and the indented body an indented code block: on Pi-hole's
docs (MkDocs Material), answers showed `!!! warning "..."` and `=== "TOML"` lines, and the body as code; 121 of
1,149 chunks held a box marker, 182 a tab marker. Python-Markdown's own rule, a body indented by four spaces
under its marker, nests; fenced code is left alone.
"""
from __future__ import annotations

import re

from . import fences
from .headings import attrs, title_line

# Python-Markdown's rule: a type, maybe more class words, maybe a quoted title (quotes inside it allowed)
# (the space after the marker is optional there: Semaphore's `!!!warning "..."` stayed raw)
_ADMONITION = re.compile(r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)(?:[ \t]*(?P<kind>[\w-]+)(?:[ \t]+[\w-]+)*)?"
                         r"(?:[ \t]+\"(?P<title>.*)\")?[ \t]*$")
_TAB = re.compile(r"^(?P<indent>[ \t]*)===\+?[ \t]+\"(?P<title>.*)\"[ \t]*$")     # "===" alone: a setext rule
STEP = 4
_HEADING = re.compile(r"^([ \t]*)#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


def _title(m: re.Match) -> str:
    if m.group("title") is not None:
        return m.group("title").strip()
    kind = m.groupdict().get("kind") or ""
    return kind.replace("-", " ").capitalize()


def _dedent(line: str, width: int) -> str:
    body = line.rstrip("\r\n")
    cut = len(body) - len(body.lstrip(" "))
    return line[min(cut, width):]


def convert(text: str) -> str:
    """The text with every MkDocs admonition and tab as a bold title line and a dedented body. A block may sit
    at any indent (inside a list item); its body is what is indented four spaces more."""
    if "!!!" not in text and "???" not in text and "===" not in text:
        return text
    out: list[str] = []
    bodies: list[tuple[int, bool]] = []     # each open block: the indent its body starts at, in the file; a box?
    fence = ""
    opened_at = (-1, "")        # where the last block opened in `out`, and its title
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        lead = body[:len(body) - len(body.lstrip(" \t"))]
        if "\t" in lead and (bodies or _ADMONITION.match(body) or _TAB.match(body)):
            # a tab indents to the next multiple of four, as Python-Markdown reads it (Tube Archivist's docs indent
            # 16 of 93 boxes' bodies with tabs, and a tab-indented closing fence left code open over two sections)
            line = lead.expandtabs(STEP) + line[len(lead):]
            body = line.rstrip("\r\n")
        indent = len(body) - len(body.lstrip(" "))
        if body.strip() and not fence:
            while bodies and indent < bodies[-1][0]:    # a line less indented closes the blocks it left
                bodies.pop()
        shifted = _dedent(line, STEP * len(bodies)) if body.strip() else line
        inner = shifted.rstrip("\r\n")
        if fence:
            fence = "" if fences.closes(inner.lstrip(" "), fence) else fence
        elif opened := fences.opening(inner.lstrip(" ")):      # at any indent: inside a block or a list item
            fence = opened
        elif (m := _ADMONITION.match(inner) or _TAB.match(inner)) and (m.group("title") is not None
                                                                      or m.groupdict().get("kind")):
            title, end = _title(m), line[len(body):]
            shifted = title_line(m.group("indent"), title, end)
            bodies.append((indent + STEP, m.re is _ADMONITION))
            opened_at = (len(out), title)
        elif any(box for _, box in bodies) and (h := _HEADING.match(inner)):
            # a heading inside a box is the box's: as a section it took the page's text after the box too (PhotoPrism's
            # FAQ: `#### XMP` in one answer's box headed the 8 questions after it)
            # its attribute list is its id, not words (Linuxserver's FAQ: "##### I cannot connect to lscr.io { #lscr }"
            # inside each `??? faq` box read "{ #lscr }" in 9 chunks)
            title = attrs(h.group(2))[0]
            # one that repeats the box's title first thing in it says it twice (Linuxserver's 9 FAQ boxes)
            said = (opened_at[1].casefold() == title.casefold()
                    and not any(x.strip() for x in out[opened_at[0] + 1:]))
            shifted = line[len(body):] if said else title_line(h.group(1), title, line[len(body):])
        out.append(shifted)
    return "".join(out)
