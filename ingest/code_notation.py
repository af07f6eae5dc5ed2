"""Shiki's notation comments in code, as the rendered page shows them: not at all. `// [!code highlight]`,
`# [!code ++]`, `<!-- [!code focus] -->` mark a line (highlighted, added, removed, focused, an error or warning,
a word) and the site's highlighter takes the comment out. Kept, Vendure's docs showed 1,041 such comments in 356
chunks of 70 pages, and answers printed `synchronize: false, // [!code highlight]`. Only in fenced code; the
number of lines stays (a comment that was its line's only text leaves the line blank)."""
from __future__ import annotations

import re

from . import fences

_NOTATION = re.compile(r"[ \t]*(?://|#|--|;|/\*|<!--|\{/\*)[ \t]*\[!code[ \t]+"
                       r"(?:highlight|hl|focus|\+\+|--|error|warning|word:[^\]\n]+)(?::\d+)?\]"
                       r"[ \t]*(?:\*/\}|\*/|-->)?(?=[ \t]*\r?$)", re.M)


def convert(text: str) -> str:
    if "[!code" not in text:
        return text
    out = [_NOTATION.sub("", line) if code else line for line, code in fences.marked(text.splitlines(keepends=True))]
    return "".join(out)
