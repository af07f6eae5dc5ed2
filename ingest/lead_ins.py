"""A code block takes the paragraph above it along when packing would cut between them. The paragraph says what
the code is for ("3. Stop the application", "Create a script containing"), whatever it ends with: with only a
lead-in ending in ":" kept with its block (ingest/line_cuts.py), 292 of 18,856 chunks of 19 corpora ended on the
prose of a code block that opened the next chunk (Tandoor's docs: "3. Stop the tandoor application" ended one,
`docker compose down` opened the next with four more steps). A code block longer than a chunk starts one, with
that paragraph (ingest/pieces.py): cut after its first line or two at the end of a chunk of prose, its key was
cut from the settings under it."""
from __future__ import annotations

import re
from collections.abc import Callable

from . import block_titles, fences
from .headings import HEADING_LINE
from .line_cuts import Counting, Piece


def code_lines(lines: list[str], first: int) -> set[int]:
    """The line numbers (counted from `first`) of a section's code: fenced blocks' lines, their fences included."""
    return {first + n for n, code in enumerate(fences.code_lines(lines)) if code}


def opens_code(p: Piece, code: set[int], announced: bool = False) -> bool:
    """Whether the piece's first line with words opens a fenced code block; `announced`: or is a lead-in over one."""
    lines = p.text.splitlines()
    n = next((n for n, x in enumerate(lines) if x.strip()), None)
    if announced and n is not None and block_titles.lead_in(lines[n]) and p.start + n not in code:
        n = next((k for k in range(n + 1, len(lines)) if lines[k].strip()), None)
    return n is not None and p.start + n in code and p.start + n - 1 not in code


def _titles(text: str) -> bool:
    """Whether a text is headings and title lines alone ("- **Nginx**", a list item that is a box's title)."""
    return all(HEADING_LINE.match(x) or block_titles.TITLE_LINE.fullmatch(_unlisted(x).strip())
               for x in text.splitlines() if x.strip())


def _unlisted(line: str) -> str:
    """A line without its list item's marker."""
    m = fences.LIST_ITEM.match(line)
    return line[m.end():] if m else line


def splits_code(p: Piece, code: set[int]) -> bool:
    """Whether the piece opens a code block (under its lead-in, if that came along) that goes on in the pieces after
    it (a block over the window): the block opens in it, its lines from there on and the next line are code, and its
    last is no closing fence."""
    last = p.text.rstrip("\n").rsplit("\n", 1)[-1].strip()
    if p.end not in code or p.end - 1 not in code or _BARE_FENCE.fullmatch(last):
        return False
    k = p.end - 1
    while k > p.start and k - 1 in code:
        k -= 1
    return k - 1 not in code


_BARE_FENCE = re.compile(r"`{3,}|~{3,}")


def lead_paragraph(p: Piece, code: set[int]) -> int | None:
    """Where the piece's last paragraph or list item starts (a line index within it), with the blank lines,
    headings and titles right above it (never left to end a piece), when the piece ends with prose or headings."""
    lines = p.text.splitlines(keepends=True)
    if not p.text.endswith("\n") or len(lines) != p.end - p.start:
        return None
    prose = [p.start + n not in code and not x.lstrip().startswith("|") and not HEADING_LINE.match(x)
             for n, x in enumerate(lines)]
    k = max((n for n, x in enumerate(lines) if x.strip()), default=-1)
    if k < 0 or not (prose[k] or HEADING_LINE.match(lines[k])):
        return None
    while prose[k] and k and lines[k - 1].strip() and prose[k - 1] and not fences.LIST_ITEM.match(lines[k]):
        k -= 1
    while k and (not lines[k - 1].strip() or HEADING_LINE.match(lines[k - 1])
                 or block_titles.TITLE_LINE.fullmatch(lines[k - 1].strip())):
        k -= 1
    return k + (not lines[k].strip())


def move_lead_in(last: Piece, p: Piece, budget: int, code: set[int], counter: Counting,
                 noisy: Callable[[Piece], bool | None], splits: bool) -> tuple[list[Piece], Piece]:
    """`last` and `p`, or `last` without its last paragraph (or whole) and `p` with it, when `p` opens a code block
    too long to join `last` or one that goes on past it (`splits`: splits_code; a long block starts a piece of its
    own: Gotify's config reference ended a chunk on "```yml" over "server:", the 6 chunks after it the settings
    under that key), is not data (a paragraph never goes with a block dropped as noise) and the two fit."""
    if not (last.tokens + p.tokens > budget or splits):
        return [last], p
    # under a lead-in of its own, a block takes only titles along: a box's or tab's (Uptime Kuma's wiki: "- **Nginx**"
    # ended the chunk before "With SSL:" and its config), never a step of prose
    announced = not opens_code(p, code)
    cut = lead_paragraph(last, code) if not announced or opens_code(p, code, announced=True) else None
    if cut is None or noisy(p):
        return [last], p
    lines = last.text.splitlines(keepends=True)
    head, tail = "".join(lines[:cut]), "".join(lines[cut:])
    if announced and not _titles(tail):
        return [last], p
    tokens = counter.count(tail)
    if tokens + p.tokens > budget:
        return [last], p
    moved = Piece(last.start + cut, p.end, tail + p.text, tokens + p.tokens, p.noise, p.fixed, p.titled)
    if not cut:
        return [], moved
    return [Piece(last.start, last.start + cut, head, counter.count(head), last.noise, last.fixed, last.titled)], moved
