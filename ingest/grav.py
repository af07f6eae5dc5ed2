"""Grav's boxes and dividers as plain Markdown; the number of lines stays.

- A notice of the markdown-notices plugin: every line of it opens with 1 to 4 `!` and a space
  (`! **Note**: No software supports RAR5.`, `!! # Not Supported`), shown as a coloured box. Read as CommonMark
  it is a paragraph starting with bangs: the Kavita wiki held 68 chunks of 37 pages so. It becomes a quote.
  MkDocs writes `!!! kind` over an indented body (ingest/mkdocs_blocks.py), which is left to that reader.
- A note of the blockquotes plugin (Grav's Learn themes): `>>>` to `>>>>>>` with no space between, a warning,
  error, note or tip box. CommonMark nests that many quotes. It becomes one quote.
- The summary divider: `===` alone between blank lines, where Grav cuts a page's summary and shows nothing. Read
  as CommonMark it is a paragraph "===": the Kavita wiki's FAQ ended 4 of 36 answers with "=== [1]".
"""
from __future__ import annotations

import re

from . import fences

_NOTICE = re.compile(r"(!{1,4})(?:[ \t]+(.*)|[ \t]*)")
_NOTE = re.compile(r">{3,6}(?=[^>\s])")
_DIVIDER = re.compile(r"={3,}[ \t]*")
_INDENTED = re.compile(r"(?: {4}|\t)\S")
_ANY = re.compile(r"^(?:!{1,4}(?:[ \t]|$)|>{3,6}[^>\s]|={3,}[ \t]*$)", re.M)
_MKDOCS_HEAD = re.compile(r"!!![ \t]*[\w-]+(?:[ \t]+[\w-]+)*[ \t]+\"[^\"\n]*\"[ \t]*|!!![ \t]*[\w-]+[ \t]*")


def convert(text: str) -> str:
    if not _ANY.search(text):        # most pages: one pass of one pattern
        return text
    lines = text.splitlines(keepends=True)
    out = []
    for i, (line, code) in enumerate(fences.marked(lines)):
        body = line.rstrip("\r\n")
        end = line[len(body):]
        if code:
            out.append(line)
        elif (m := _NOTICE.fullmatch(body)) and not _mkdocs_box(m, lines, i):
            out.append(f"> {m.group(2) or ''}".rstrip() + end)
        elif _NOTE.match(body):
            out.append(_NOTE.sub("> ", body, count=1) + end)
        elif _DIVIDER.fullmatch(body) and _blank(lines, i - 1) and _blank(lines, i + 1):
            out.append(end)
        else:
            out.append(line)
    return "".join(out)


def _mkdocs_box(m: re.Match, lines: list[str], i: int) -> bool:
    """Whether a `!!!` line opens an MkDocs admonition: a kind alone, or a kind and a quoted title (Seafile's
    `!!! note "This documentation is for the Community Edition..."`), or the next line with text is indented."""
    if len(m.group(1)) != 3:
        return False
    after = next((x for x in lines[i + 1:] if x.strip()), "")
    return bool(_MKDOCS_HEAD.fullmatch(m.group(0).strip()) or _INDENTED.match(after))


def _blank(lines: list[str], i: int) -> bool:
    return i < 0 or i >= len(lines) or not lines[i].strip()
