"""A long reference table in an answer, shown as the rows the question names. Asked "what does
ND_SCANNER_PURGEMISSING=full do", Navidrome's docs answered with 31 rows of its options table (21,480
characters) for the one row naming the setting. Where a question names an identifier or quotes a message
(app/identifiers.py) and a table of the lead passage has more than MAX_ROWS rows, some of which name it, the
answer shows the table's header and those rows, and says how many it left out; the citation keeps the passage
whole. A display choice, not a ranking one: what is cited, and in what order, does not change.
"""
from __future__ import annotations

import re

from ingest import fences

from .identifiers import found

MAX_ROWS = 8        # a table this long reads at a glance; a longer one is cut to the rows the question names
_ROW = re.compile(r"^[ \t]*\|")
_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")


def named_rows(text: str, codes: list[str]) -> str:
    """The text with each long table cut to its header and the rows naming one of `codes`."""
    if not codes or "|" not in text:
        return text
    return fences.outside(text, lambda prose: _cut_tables(prose, codes))


def _cut_tables(text: str, codes: list[str]) -> str:
    lines = text.split("\n")
    out, i = [], 0
    while i < len(lines):
        if i + 1 < len(lines) and _ROW.match(lines[i]) and _SEPARATOR.match(lines[i + 1]):
            end = i + 2
            while end < len(lines) and _ROW.match(lines[end]):
                end += 1
            out += _cut(lines[i:i + 2], lines[i + 2:end], codes)
            i = end
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def _cut(head: list[str], rows: list[str], codes: list[str]) -> list[str]:
    spelt = {row: [name for code in codes if (name := found(row, code))] for row in rows}
    named = [row for row in rows if spelt[row]]
    if len(rows) <= MAX_ROWS or not named or len(named) == len(rows):
        return head + rows
    names = ", ".join(f"`{name}`" for name in dict.fromkeys(n for row in named for n in spelt[row]))
    return head + named + ["", f"*{len(named)} of the table's {len(rows)} rows: those naming {names}.*"]
