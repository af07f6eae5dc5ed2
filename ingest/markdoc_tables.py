"""Markdoc's tables as pipe tables: `{% table %}`, each cell a list item, rows parted by `---`, `{% /table %}`.
Read as Markdown, Cal.com's 8 tables in 7 pages were loose bullets between `---` lines, the answers about its
rate-limit headers showed them so, and a long table's later chunks had no header. The rows are written on the
table's first lines (a pipe table's rows must be adjacent) and its other lines left blank: the number of lines
is kept, and a citation of the table still spans its lines.
"""
from __future__ import annotations

import re

from . import fences
from .line_ends import ending

_OPEN = re.compile(r"^[ \t]*\{%-?\s*table\b[^%]*-?%\}[ \t]*$")
_CLOSE = re.compile(r"^[ \t]*\{%-?\s*/table\s*-?%\}[ \t]*$")
_ROW_BREAK = re.compile(r"^[ \t]*-{3,}[ \t]*$")
_CELL = re.compile(r"^[ \t]*[*-][ \t]+(.*)$")


def convert(text: str) -> str:
    if "table" not in text or "{%" not in text:
        return text
    lines = text.splitlines(keepends=True)
    for n, end in fences.each_block(lines, _end):
        table = _pipe_rows(lines[n + 1:end])
        if table and len(table) <= end + 1 - n:
            written = table + [""] * (end + 1 - n - len(table))
            lines[n:end + 1] = [row + ending(line) for row, line in zip(written, lines[n:end + 1])]
    return "".join(lines)


def _end(lines: list[str], code: list[bool], n: int) -> int | None:
    """The line closing a table tag opened on line n, outside code, when one opens there."""
    if code[n] or not _OPEN.match(lines[n]):
        return None
    return next((k for k in range(n + 1, len(lines)) if not code[k] and _CLOSE.match(lines[k])), None)


def _pipe_rows(body: list[str]) -> list[str]:
    """The table's rows as pipe-table lines, a separator under the first; [] when it holds no cell."""
    rows: list[list[str]] = [[]]
    for line in body:
        if _ROW_BREAK.match(line):
            rows.append([])
        elif cell := _CELL.match(line):
            rows[-1].append(cell.group(1).strip())
        elif line.strip() and rows[-1]:
            rows[-1][-1] += " " + line.strip()          # a cell's text written over several lines
    rows = [r for r in rows if r]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    lines = ["| " + " | ".join(c.replace("|", "\\|") for c in r + [""] * (width - len(r))) + " |" for r in rows]
    return [lines[0], "|" + " --- |" * width, *lines[1:]]
