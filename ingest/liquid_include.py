"""A Liquid (or MkDocs include-markdown) include's parameters: the values its file shows and the part it takes.

documentation-theme-jekyll's boxes: `{% include note.html content="Back up first." %}` is an HTML file showing
`{{include.content}}` (the LineageOS wiki: 71 of 73 such notes in its pages were lost, the tag blanked whole). An
HTML include is read for such a value or for the words it shows (Segment's table of 2,958 words of discard
reasons, the TTS handbook's "Software must be approved" box on 7 pages); without words it is layout.
"""
from __future__ import annotations

import re

from . import erb
from .templates import strip_templates

_PARAM = re.compile(r"""\b(\w+)=(?:"([^"]*)"|'([^']*)')""")
_INCLUDE_VALUE = re.compile(r"\{\{-?\s*include\.(\w+)\s*(?:\|[^{}]*?)?-?\}\}")
# a form is a widget the site draws, its labels no text to read: USAJOBS' job-search box (`<h3>Search Jobs</h3>`
# over <label>, <input> and <button>) made a section of markup in each of 14 pages that include it
_WIDGET = re.compile(r"<(?:form|input|select|textarea)\b", re.I)


def filled(body: list[str] | None, name: str, tail: str) -> list[str] | None:
    """The text of the file `name` that a tag includes with the parameters in `tail`, with `{{ include.x }}` as
    the tag gives it; an HTML file that shows none of them and no words: None."""
    if body is None:
        return None
    values, used = _params(tail), False

    def value(v: re.Match) -> str:
        nonlocal used
        used = used or v.group(1) in values
        return values.get(v.group(1), v.group(0))
    text = part(_INCLUDE_VALUE.sub(value, "".join(body)), values.get("start"), values.get("end"))
    if name.lower().endswith(".html") and not used and (
            _WIDGET.search(text) or not erb.is_prose(strip_templates(text))):
        return None
    return text.splitlines(keepends=True)


def _params(tail: str) -> dict[str, str]:
    """A tag's string parameters (a variable's value is unknown here)."""
    return {p.group(1): p.group(2) if p.group(2) is not None else p.group(3) for p in _PARAM.finditer(tail)}


def part(text: str, start: str | None, end: str | None) -> str:
    """The text between the include tag's start and end markers, as mkdocs-include-markdown-plugin reads it (Codacy's
    docs: `{% include-markdown "../assets/includes/paid.md" start="<!--paid-repos-start-->" end=... %}`, 52 in 35
    pages, 3,700 words; blanked, the pages lacked their plan notices and the partials led answers as pages)."""
    if start and start in text:
        text = text[text.index(start) + len(start):]
    if end and end in text:
        text = text[:text.index(end)]
    return text
