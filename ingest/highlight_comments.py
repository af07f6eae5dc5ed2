"""Docusaurus's magic comments (`// highlight-next-line`, `# highlight-start`, `<!-- highlight-end -->`, and a site's
own: `// insert-next-line`, `// remove-next-line`) mark lines for the site to highlight and are never shown: kept,
answers quoted them inside the code (Saleor's docs: 20 chunks in 7 files; 4 of the 54 sites we tried write them).
Inside fenced code only; each becomes an empty line, so the lines keep their numbers.
"""
from __future__ import annotations

import re

from . import fences

# A site names its own (docusaurus.config.js `magicComments`): Flarum's upgrade guide marks a config change with
# `// remove-next-line` over the old line and `// insert-next-line` over the new (6 chunks of 2 pages showed both
# lines, as if both belonged in the file). A removed line goes with its comment: the site strikes it out.
_OPEN = r"^[ \t]*(?://|#|<!--|/\*|--|;)[ \t]*"
_CLOSE = r"[ \t]*(?:-->|\*/)?[ \t]*$"
_MAGIC = re.compile(_OPEN + r"(?:highlight|insert|remove|delete|add|error|focus)-(?:next-line|start|end)" + _CLOSE,
                    re.M)
_REMOVED = re.compile(_OPEN + r"(?:remove|delete)-next-line" + _CLOSE + r"\n[^\n]*$", re.M)


def blank(text: str) -> str:
    """The text with every magic comment line inside fenced code emptied, and a line marked removed."""
    if "-next-line" not in text and "-start" not in text:
        return text
    out, at = [], 0
    for start, end in fences.blocks(text):
        out += [text[at:start], _MAGIC.sub("", _REMOVED.sub("\n", text[start:end]))]
        at = end
    return "".join(out) + text[at:]
