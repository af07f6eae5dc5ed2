"""A long reference table in an answer, shown as the rows the question names. Asked "what does
ND_SCANNER_PURGEMISSING=full do", Navidrome's docs answered with 31 rows of its options table (21,480
characters) for the one row naming the setting. Where a question names an identifier or quotes a message
(app/identifiers.py) and a table of the lead passage has more than MAX_ROWS rows, some of which name it, the
answer shows the table's header and those rows, and says how many it left out; the citation keeps the passage
whole. A display choice, not a ranking one: what is cited, and in what order, does not change.

A question that names nothing gets, from a table over LONG_ROWS rows, the rows that share its rarer words, at
most MAX_ROWS, best first by how rare in the table the shared words are (a word in most rows tells none apart).
Traefik's "%2F in the path is rejected" was answered with 76 rows of its options tables (23,123 characters) for
the encoded-characters rows.
"""
from __future__ import annotations

import math
import re

from ingest import fences

from .identifiers import found
from .keyword import terms

MAX_ROWS = 8        # a table this long reads at a glance; a longer one is cut to the rows the question names
# A table longer than this is a reference list: read whole in an answer it buries the rows asked about, so it is
# cut to the rows sharing the question's words. A shorter one may be the answer whole: "I get an SSO error" wants
# the bundled KB's 11 error codes, not the one row that says "log in". Tables over 20 rows: none of the bundled
# KB's 40, 6 of the bench corpora's 59, 73 of 1,243 in 30 unseen sites' docs (Traefik's longest: 540 rows).
LONG_ROWS = 20
_ROW = re.compile(r"^[ \t]*\|")
_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")


def named_rows(text: str, codes: list[str], words: list[str] | None = None) -> str:
    """The text with each long table cut to its header and the rows naming one of `codes` (or sharing `words`, the
    question's terms: keyword.terms)."""
    if not (codes or words) or "|" not in text:
        return text
    return fences.outside(text, lambda prose: _cut_tables(prose, codes, words or []))


def _cut_tables(text: str, codes: list[str], words: list[str]) -> str:
    lines = text.split("\n")
    out, i = [], 0
    while i < len(lines):
        if i + 1 < len(lines) and _ROW.match(lines[i]) and _SEPARATOR.match(lines[i + 1]):
            end = i + 2
            while end < len(lines) and _ROW.match(lines[end]):
                end += 1
            out += _cut(lines[i:i + 2], lines[i + 2:end], codes, words)
            i = end
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def _cut(head: list[str], rows: list[str], codes: list[str], words: list[str]) -> list[str]:
    if len(rows) <= MAX_ROWS:
        return head + rows
    spelt = {row: [name for code in codes if (name := found(row, code))] for row in rows}
    named = [row for row in rows if spelt[row]]
    if named and len(named) < len(rows):
        names = ", ".join(f"`{name}`" for name in dict.fromkeys(n for row in named for n in spelt[row]))
        return head + named + ["", f"*{len(named)} of the table's {len(rows)} rows: those naming {names}.*"]
    shared = _sharing(rows, words) if len(rows) > LONG_ROWS else []
    if not shared:
        return head + rows
    return head + shared + ["", f"*{len(shared)} of the table's {len(rows)} rows: those sharing the question's words.*"]


def _sharing(rows: list[str], words: list[str]) -> list[str]:
    """At most MAX_ROWS rows, in table order, that share the most telling of `words`: each shared word counts
    log(rows / rows holding it), and one that more than half the rows hold tells them apart too little to count
    ("the proxy" in "Sets the timeout of the proxy." and eight rows like it)."""
    held = [set(terms(row)) & set(words) for row in rows]
    df = {w: sum(w in h for h in held) for w in words}
    score = [sum(math.log(len(rows) / df[w]) for w in h if 2 * df[w] <= len(rows)) for h in held]
    best = sorted((i for i, s in enumerate(score) if s > 0), key=lambda i: -score[i])[:MAX_ROWS]
    return [rows[i] for i in sorted(best)]
