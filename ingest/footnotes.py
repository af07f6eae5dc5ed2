"""Footnotes (`[^1]` in the text, `[^1]: what it says` below it) as sites show them: numbered in the order they
are first used, a superscript "¹" in the text and "¹ what it says" where the note is written (GitHub, Docusaurus
and Python-Markdown number them so). Not "[1]": an answer's citations are numbered so, and a note's mark read as
citing a source it does not (Paperless-ngx: "Office documents[1]" in an answer whose [1] was its FAQ; Joplin's and
Actual Budget's docs the same). Search reads no mark (ingest/words.py). Raw, answers showed Jitsi's browser table
as "Chrome [^1]" and the note as "[^1]: This also applies ..."; a label such as "[^class-comp]" read as a word.
18 files of 10 of the 54 sites we tried write footnotes. A mark in a heading is left out (ingest/headings.py
reads no title with one). Code is left alone; the number of lines is kept.
"""
from __future__ import annotations

import re

from .code_spans import code_spans, outside
from .headings import HEADING_LINE

_NOTE = re.compile(r"^( {0,3})\[\^([^\]\s]+)\]:[ \t]*", re.M)       # where a note is written
# where it is used, a colon after it too ("user[^1]:", headscale's docs); where a note starts, the note goes first
_MARK = re.compile(r"([ \t]*)\[\^([^\]\s]+)\]")


# Python-Markdown's footnotes extension puts the notes where this line stands, and shows the line nowhere
# (Pi-hole's regex tutorial: it was the text of a chunk in an answer)
_PLACE_MARKER = re.compile(r"^[ \t]*///Footnotes Go Here///[ \t]*$", re.M)


def convert(text: str) -> str:
    """The text with each defined footnote's marks and note numbered."""
    if "///Footnotes" in text:
        text = _PLACE_MARKER.sub("", text)
    if "[^" not in text:
        return text
    code = code_spans(text)[0]
    written = list(outside(_NOTE, text, code))
    notes = {m.group(2) for m in written}
    if not notes:
        return text
    numbers: dict[str, int] = {}
    out, at = [], 0
    for m in sorted([*written, *outside(_MARK, text, code)], key=lambda m: m.start()):
        label = m.group(m.re.groups)
        if label not in notes or m.start() < at:
            continue
        number = numbers.setdefault(label, len(numbers) + 1)
        out += [text[at:m.start()], _written(text, m, number)]
        at = m.end()
    return "".join(out) + text[at:]


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _written(text: str, m: re.Match, number: int) -> str:
    mark = str(number).translate(SUPERSCRIPT)
    if m.re is _NOTE:
        return f"{m.group(1)}{mark} "
    if HEADING_LINE.match(text[text.rfind("\n", 0, m.start()) + 1:m.start()]):
        return ""
    return f"{m.group(1)}{mark}"
