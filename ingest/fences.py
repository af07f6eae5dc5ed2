"""Fenced code blocks, recognised once for every reader that must leave code as written: MkDocs blocks at
ingest (ingest/mkdocs_blocks.py), the answer's passages (app/answer.py), the identifier rule
(app/identifiers.py) and the UI's renderings (app/ui/).

CommonMark's rule (spec 0.31, "Fenced code blocks"): a fence opens with a line of three or more backticks or
tildes indented at most three spaces (a backtick fence's info string holds no backtick) and closes at a line of
the same character, at least as long, with nothing after it but spaces; left open, it runs to the end of the
text, and a renderer shows the rest as code. Three copies of this had drifted apart: one took exactly three
characters, so a ```` fence showing a ``` example ended at the example's first line; one toggled on any fence
line, so ``` opened inside ~~~ closed it.

Only the fence rule, not a Markdown parser: markdown-it-py (which ingest uses) takes 0.33 ms for a 1.5 KB
passage, and answers ask "does this text end inside code?" at every blank line of a passage they grow.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

_OPEN = re.compile(r" {0,3}(`{3,}(?=[^`]*$)|~{3,})")
# Inside a list item a fence is indented with the item's text ("1. Run:" over "    ```"): there it opens at any
# indentation, and its closing line is at most 3 spaces further in. Read at the margin only, a step's code cut
# between two chunks was not closed and reopened (IVPN's setup guides), so the rest of the answer showed as code.
_OPEN_NESTED = re.compile(r"( {4,})(`{3,}(?=[^`]*$)|~{3,})")
LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")     # a list item's first line (with match)


def opening(line: str) -> str | None:
    """The fence a line opens (its backticks or tildes), or None."""
    m = _OPEN.match(line.rstrip("\r\n"))
    return m.group(1) if m else None


def closes(line: str, fence: str) -> bool:
    """Whether a line closes a block opened by `fence`."""
    return _closes(line.rstrip("\r\n"), fence)


def _closes(line: str, fence: str, indent: int = 0) -> bool:
    stripped = line.strip(" \t")
    return (len(line) - len(line.lstrip(" ")) <= indent + 3 and len(stripped) >= len(fence)
            and stripped == fence[0] * len(stripped))


def _scan(text: str, piece: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, fence) of each block; fence is "" once closed, the opening fence while left open. A `piece` of
    a page may open deep in a list item, the item's line left in the piece before: with a block, or with the
    item's text over one (ingest/lead_ins.py)."""
    spans, at, start, fence, indent = [], 0, 0, "", 0
    lines = text.splitlines(keepends=True)
    for n, line in enumerate(lines):
        body = line.rstrip("\r\n")
        if not fence:
            if m := _OPEN.match(body):
                start, fence, indent = at, m.group(1), 0
            elif (m := _OPEN_NESTED.match(body)) and (piece and _item_goes_on(lines, n, len(m.group(1)))
                                                       or in_item(lines, n, len(m.group(1)))):
                start, fence, indent = at, m.group(2), len(m.group(1))
        elif _closes(body, fence, indent):
            spans.append((start, at + len(body), ""))
            fence = ""
        at += len(line)
    if fence:
        spans.append((start, len(text), fence))
    return spans


def _item_goes_on(lines: list[str], n: int, indent: int) -> bool:
    """Whether no line above line `n` is less indented than `indent`: a piece that opens inside a list item."""
    return all(len(x) - len(x.lstrip(" \t")) >= indent for x in lines[:n] if x.strip())


def in_item(lines: list[str], n: int, indent: int) -> bool:
    """Whether line `n`, indented `indent` spaces, is inside a list item: the nearest line above it that is less
    indented opens one (a fence here, a box in ingest/html_blocks.py), or goes on the text of one, indented too
    (an item's paragraph wrapped over lines: headscale's docs, 4 code blocks under "...either via a file or\n   via
    environment variables:" were not read as blocks, and a cut inside them left each piece's fence open)."""
    for k in range(n - 1, -1, -1):
        shift = len(lines[k]) - len(lines[k].lstrip(" \t"))
        if lines[k].strip() and shift < indent:
            if LIST_ITEM.match(lines[k]) or not shift:
                return bool(LIST_ITEM.match(lines[k]))
            indent = shift
    return False


def blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each fenced block, from its opening line to the end of its closing line (its
    newline excluded), or to the end of the text where it is left open."""
    return [(start, end) for start, end, _ in _scan(text)]


def open_at_end(text: str) -> bool:
    """Whether the text stops inside a fenced block, its closing fence still to come."""
    return bool(left_open(text))


def left_open(text: str) -> str:
    """The fence of the block the text stops inside ("```", "~~~~"), or "" when it stops outside code."""
    spans = _scan(text)
    return spans[-1][2] if spans else ""


def reopen(before: str, after: str) -> tuple[str, str]:
    """Two pieces of a text cut inside a fenced block, each a block that reads alone: `before` closes the block
    and `after` reopens it with its opening line (info string too), as a split table repeats its header.
    Unchanged when the cut falls outside code. A cut inside a line (one longer than a chunk: Mastodon's API
    entities hold JSON lines of translated text) ends `before` with a line break: left open there, every piece
    after it read its code as prose (117 chunks of 5 pages). seam() finds what was added at a line's end."""
    spans = _scan(before, piece=True)
    if not spans or not spans[-1][2] or "\n" not in before[spans[-1][0]:-1]:
        return before, after
    start, _, fence = spans[-1]
    line = before[start:before.index("\n", start) + 1]
    return before + ("" if before.endswith("\n") else "\n") + _indent(line) + fence + "\n", line + after


def seam(before: str, after: str) -> tuple[int, int]:
    """Where reopen() cut a block between `before` and `after`: the length of the closing line it added at the
    end of `before` and of the opening line it repeated at the start of `after`; (0, 0) elsewhere."""
    spans = _scan(before, piece=True)
    if not spans or spans[-1][2] or spans[-1][1] != len(before) - 1:
        return 0, 0
    start = spans[-1][0]
    line = before[start:before.index("\n", start) + 1]
    close = before.rfind("\n", 0, len(before) - 1) + 1
    fence = opening(line.lstrip(" "))      # a block in a list item is indented as deep as its text (HedgeDoc's docs)
    if close <= start or not fence or before[close:] != _indent(line) + fence + "\n" or not after.startswith(line):
        return 0, 0
    return len(before) - close, len(line)


def _indent(line: str) -> str:
    return line[:len(line) - len(line.lstrip(" "))]


def ends_closed(text: str) -> bool:
    """Whether the text, trailing blank lines aside, ends with the closing line of a fenced block."""
    body = text.rstrip()
    spans = _scan(body)
    return bool(spans) and not spans[-1][2] and spans[-1][1] == len(body)


def each_block(lines: list[str],
               end_of: Callable[[list[str], list[bool], int], int | None]) -> Iterator[tuple[int, int]]:
    """(first, last line) of each block `end_of(lines, code, n)` finds opening on line n (its last line, or None), in
    order and never overlapping; `code` flags the lines of fenced code (code_lines), read once. The caller may
    rewrite a block's lines in place, keeping their number (an HTML table, a Markdoc table, a definition list)."""
    code, n = code_lines(lines), 0
    while n < len(lines):
        end = end_of(lines, code, n)
        if end is None:
            n += 1
        else:
            yield n, end
            n = end + 1


def marked(lines: list[str]) -> Iterator[tuple[str, bool]]:
    """Each line, and whether it is code (a fenced block's line, its fences included): for readers that go line by
    line and keep a state across code (a box or a tab group that holds a code block)."""
    return ((line, code) for line, code, _ in _read(lines))


def code_lines(lines: list[str]) -> list[bool]:
    """Per line, whether it is code (marked)."""
    return [code for _, code in marked(lines)]


def closing(lines: list[str]) -> list[int]:
    """The indexes of the lines that close a fenced block, read as `marked` reads them."""
    return [n for n, (_, _, closed) in enumerate(_read(lines)) if closed]


def _read(lines: list[str]) -> Iterator[tuple[str, bool, bool]]:
    """Each line, whether it is code, and whether it closes its block."""
    fence = ""
    for line in lines:
        bare = line.rstrip("\r\n").lstrip(" ")
        if fence:
            closed = closes(bare, fence)
            fence = "" if closed else fence
            yield line, True, closed
        elif opened := opening(bare):
            fence = opened
            yield line, True, False
        else:
            yield line, False, False


def outside(text: str, change: Callable[[str], str]) -> str:
    """change() applied to the text between fenced blocks, which stay as written."""
    return between(text, blocks(text), change)


def between(text: str, spans, change: Callable[[str], str]) -> str:
    """change() applied to the text between the (start, end) spans, in order, which stay as written."""
    out, at = [], 0
    for start, end in spans:
        out += [change(text[at:start]), text[start:end]]
        at = end
    return "".join(out) + change(text[at:])


def without(text: str, keep_open: bool = False) -> str:
    """The text with each fenced block left out (a newline in its place): what a reader takes as prose. With
    keep_open, a block never closed stays in: in a passage cut from its page, a lone fence line may as well
    close code that began in the passage before (the identifier rule reads such text as prose)."""
    out, at = [], 0
    for start, end, fence in _scan(text):
        if not fence or not keep_open:
            out += [text[at:start], "\n"]
            at = end
    return "".join(out) + text[at:]


_MDX_CODE_BLOCK = re.compile(r"^([ \t]*)(`{3,}|~{3,})mdx-code-block[ \t]*\n(.*?)^\1\2[ \t]*$", re.M | re.S)


def unwrap_mdx(text: str) -> str:
    """A ```mdx-code-block fence is Docusaurus's way of writing MDX where Markdown is expected: the site renders what
    it holds, never shows it as code. Its fences go (blank lines, the count kept), so its imports and components
    are read as any page's (Invoice Ninja's 66 API tag pages showed `import DocCardList ...` as their code)."""
    if "mdx-code-block" not in text:
        return text
    return _MDX_CODE_BLOCK.sub(lambda m: "\n" + m.group(3), text)

