"""mdBook's `{{#include file:part}}`: which lines of the file it takes."""
from __future__ import annotations

import re

_MDBOOK_ANCHOR = re.compile(r"ANCHOR(?:_END)?:\s*(\w+)")
_LINES = re.compile(r"(\d*)(?::(\d*))?")


def part(text: str, which: str | None) -> str:
    """What mdBook's `{{#include file:part}}` takes of a file: lines `N`, `N:M`, `N:` or `:M` (1-based, inclusive),
    or the lines between `ANCHOR: part` and `ANCHOR_END: part`; anchor marker lines never show."""
    lines = text.splitlines(keepends=True)
    if which and not (lines_part := _LINES.fullmatch(which)):
        start = next((i + 1 for i, x in enumerate(lines) if _anchor(x) == ("ANCHOR", which)), len(lines))
        end = next((i for i, x in enumerate(lines) if i >= start and _anchor(x) == ("ANCHOR_END", which)),
                   len(lines))
        lines = lines[start:end]
    elif which:
        first, last = lines_part.group(1), lines_part.group(2)
        start = int(first) - 1 if first else 0
        end = (int(last) if last else len(lines)) if ":" in which else start + 1
        lines = lines[max(start, 0):end]
    return "".join(x for x in lines if not _anchor(x))


def _anchor(line: str) -> tuple[str, str] | None:
    m = _MDBOOK_ANCHOR.search(line)
    return (m.group(0).split(":")[0], m.group(1)) if m else None
