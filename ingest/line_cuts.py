"""Where a block over the window is cut by lines: whole lines of prose grouped as the page groups them, and a
cut never right after what opens a block (a code block's opening line, a title, a lead-in) nor right before a code
block's closing line. The pieces these make are packed by ingest/pieces.py."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from . import block_titles, fences
from .empty_sections import has_body


class Counting(Protocol):
    """Word pieces of texts, as chunking.TokenCounter counts them."""

    def counts(self, texts: list[str]) -> list[int]: ...

    def count(self, text: str) -> int: ...


@dataclass
class Piece:
    start: int      # 0-based line
    end: int        # 0-based line after
    text: str
    tokens: int
    noise: bool | None = None   # its verdict as noise; None: too short to tell (is_noise)
    fixed: bool = False         # the verdict is its code block's or table's, judged whole (_block_verdicts)
    titled: bool = False        # it holds a block that opens with a title line: a box, tab or FAQ item


_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")     # a list item's first line


def _open(text: str) -> bool:
    """Whether the last line of `text` (which ends with a newline) has words: a paragraph or item goes on."""
    return bool(text[:-1].rsplit("\n", 1)[-1].strip())


def items(pieces: list[Piece], budget: int) -> list[Piece]:
    """Whole lines of prose grouped as the page groups them, while they fit: a list item with its continuation
    lines, a paragraph with its wrapped lines. Packed line by line, a long list was cut inside its items: Klipper's
    docs (wrapped at 80 columns) had 111 chunks open in the middle of an item ("immediately configure..." after a
    chunk ending "This command will"); a heading goes with what follows it. Code and table lines stay one a piece
    (judged whole elsewhere)."""
    out: list[Piece] = []
    for p in pieces:
        last = out[-1] if out else None
        if (last is not None and not (p.fixed or last.fixed) and last.end == p.start and last.text.endswith("\n")
                and p.text.endswith("\n") and last.tokens + p.tokens <= budget
                and (not p.text.strip() or not has_body(last.text) or _open(last.text) and not _ITEM.match(p.text)
                     or _goes_on(last.text, p.text))):
            out[-1] = Piece(last.start, p.end, last.text + p.text, last.tokens + p.tokens, None, False)
        elif (last is not None and p.fixed and last.fixed and last.end == p.start and last.tokens + p.tokens <= budget
              and _COMMENT.match(last.text.rstrip("\n").rsplit("\n", 1)[-1]) and _COMMENT.match(p.text)):
            out[-1] = Piece(last.start, p.end, last.text + p.text, last.tokens + p.tokens, last.noise, True)
        else:
            out.append(p)
    return out


# A comment written over several lines of code is one sentence: cut inside, Moonraker's configuration reference
# (an ini block per section, each option's description a run of `#` lines) ended a chunk on "before an IP address"
# and opened the next on "#   is locked out." (55 cuts inside a comment in one file)
_COMMENT = re.compile(r"[ \t]*(?:#|//|;|--)(?:[ \t]|$)")


def _goes_on(item: str, line: str) -> bool:
    """Whether `line` is a paragraph of the list item `item` opens, after a blank line: indented under it, not an item
    of its own. A loose list's item is its title, a blank line and its indented text (dxw's playbook: "3. **Take
    ownership**" ended 14 chunks, and 45 opened with an item's text and no title)."""
    indent = len(line) - len(line.lstrip(" \t"))
    return bool(_ITEM.match(item)) and not _ITEM.match(line) and indent >= 2 and bool(line.strip())


def with_openers(pieces: list[Piece], budget: int, closing: set[int], counter: Counting,
                 noisy: Callable[[Piece], bool | None] = lambda p: p.noise) -> list[Piece]:
    """What opens a block goes with the block: a piece's last lines that are a code block's opening line, a box's or
    tab's title line or a lead-in ending in ":" (blank lines between them too) go with the piece under them.
    A cut right after an opening line left an empty block at the end of one chunk (closed there, reopened in the
    next); after a box's title, inside a list item, the box's body opened the next chunk (Seafile's docs: 7 boxes in
    6 pages, "**Cluster init mode**" alone at the end of a step), and after a step's "Run the following command:"
    (mailcow's docs, 7 chunks ending on a tab's title; headscale's 8, Woodpecker's 9 on a lead-in) the command
    opened the next. A closing line (`closing`) reads the same but opens nothing: joined with the prose under it,
    that prose took the code's verdict and was dropped with a block of symbols (Saleor's error codes: "Header
    values: Must only contain printable ASCII characters" under a character set). `noisy`: the verdict on a piece,
    asked only of one that opening lines would join."""
    out: list[Piece] = []
    for p in pieces:
        last = out[-1] if out else None
        cut = _openers_from(last, closing) if last and last.end == p.start else None
        if cut is None and last and last.end == p.start:
            cut = _parent_item(last, p)
        lines = last.text.splitlines(keepends=True) if cut is not None else []
        if cut is not None and any(x.strip() and not fences.opening(x.lstrip(" ")) for x in lines[cut:]) and noisy(p):
            cut = None          # words never go with a block of data, dropped as noise with it (Saleor, above)
        if cut is not None:
            tail = "".join(lines[cut:])
            tokens = last.tokens if not cut else counter.count(tail)
            if tokens + p.tokens <= budget:
                if cut:
                    head = "".join(lines[:cut])
                    out[-1] = Piece(last.start, last.start + cut, head, counter.count(head), last.noise, last.fixed)
                else:
                    out.pop()
                out.append(Piece(last.start + cut, p.end, tail + p.text, tokens + p.tokens,
                                 last.noise if last.fixed else p.noise, last.fixed or p.fixed))
                continue
        out.append(p)
    return out


def _openers_from(p: Piece, closing: set[int]) -> int | None:
    """Where the piece's last lines that open what follows start (a line index within it), or None."""
    lines = p.text.splitlines(keepends=True)
    if not p.text.endswith("\n") or len(lines) != p.end - p.start:
        return None
    cut = None
    for k in range(len(lines) - 1, -1, -1):
        line = lines[k]
        if not line.strip():
            continue
        if not _opener(line, p.start + k in closing, lines[k - 1] if k else ""):
            break
        cut = k
    return cut


def _parent_item(last: Piece, p: Piece) -> int | None:
    """Where the piece's last line starts when it is a list item whose children open the next piece: an item goes
    with its sub-items (FreshRSS' docs: "If you get *FAIL 64-bit or GMP extension!*" ended a chunk, its fix
    `sudo apt install php-gmp` was the next; 6 such cuts in 4 pages)."""
    lines = last.text.splitlines(keepends=True)
    k = next((k for k in range(len(lines) - 1, -1, -1) if lines[k].strip()), None)
    first = next((x for x in p.text.splitlines() if x.strip()), "")
    if k is None or not last.text.endswith("\n") or len(lines) != last.end - last.start:
        return None
    if not (_ITEM.match(lines[k]) and _ITEM.match(first)) or p.fixed or last.fixed:
        return None
    if _indent(first) <= _indent(lines[k]):
        return None
    while k and _ITEM.match(lines[k - 1]) and _indent(lines[k - 1]) < _indent(lines[k]):
        k -= 1                  # and its own parents above it ("* With __Apache__:" over that item)
    return k


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _opener(line: str, closes: bool, above: str) -> bool:
    """Whether a line opens what follows it: a code block's opening line, a title line, or a lead-in on a line of
    its own (a list item's, or after a blank line: not the last line of a wrapped paragraph)."""
    bare = line.strip()
    if fences.opening(line.lstrip(" ")):
        return not closes
    own = not above.strip() or bool(_ITEM.match(line))
    return bool(block_titles.TITLE_LINE.fullmatch(bare)) or own and block_titles.lead_in(line)


def closing_lines(lines: list[str], first: int) -> set[int]:
    """The line numbers (counted from `first`) of the lines that close a fenced block; a fence at any indentation,
    as _block_verdicts reads them."""
    return {first + n for n in fences.closing([line.lstrip() for line in lines])}


def with_closers(pieces: list[Piece], closing: set[int]) -> list[Piece]:
    """A code block's closing line goes with the line above it, whatever the budget (the room for a fence is kept
    free in every chunk: _fence_room): a cut right before it closed the block at the end of one chunk and left an
    empty one opening the next (Standard Notes' docs: 4 chunks of 4 pages began "```javascript" over "```"). Blank
    lines right above it go with it (Seafile's docs: a chunk of an empty block, the config's last line blank)."""
    out: list[Piece] = []
    for p in pieces:
        closes = _first_line(p) in closing
        while closes and out and out[-1].end == p.start and not out[-1].text.strip():
            blank = out.pop()
            p = Piece(blank.start, p.end, blank.text + p.text, blank.tokens + p.tokens, p.noise, p.fixed)
        last = out[-1] if out else None
        if last and last.end == p.start and closes and last.fixed:
            out[-1] = Piece(last.start, p.end, last.text + p.text, last.tokens + p.tokens, last.noise, last.fixed)
        else:
            out.append(p)
    return out


def _first_line(p: Piece) -> int:
    """The line number of the piece's first line that is not blank."""
    lines = p.text.split("\n")
    return p.start + next((n for n, line in enumerate(lines) if line.strip()), 0)
