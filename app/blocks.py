"""Whole blocks: a chunk that starts or stops inside a paragraph, list, table or procedure borrows from the
neighbouring chunks of its section until the block is complete, so a shown passage never ends "...The 14
days" or starts at step 8 (the chunker splits long blocks by lines or words; ingest/chunking.py)."""
from __future__ import annotations

import re
from collections.abc import Callable

from ingest import fences

from .retrieval import Hit

HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*+#*+[ \t]*+$", re.M)      # an ATX heading line
MAX_GROW = 6            # chunks a passage may borrow from its neighbours to finish its block (~1,200 tokens)
_BLANK_END = re.compile(r"\n[ \t]*\n\s*$")             # ends with a blank line
_BLANK = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")     # blank lines, not the next line's indent: it says a list goes on
_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s|^\|")        # a list item or a table row
_NUMBERED = re.compile(r"^\s*(\d+)[.)]\s")
_LABEL = re.compile(r"^\*\*[^*]+\*\*:?\s*$")                 # a bold line used as a small heading
_HEADINGS_ONLY = re.compile(r"#{1,6}[ \t][^\n]*+(?:\n\s*+#{1,6}[ \t][^\n]*+)*+\s*")   # possessive: linear
_INDENTED = re.compile(r"^(?: {2,}|\t)\S")
_NEXT_SECTION = re.compile(r"\b(?:next|following) section\b", re.I)
# a table's header row and separator, with or without their outer pipes (Pi-hole's "Character class | Equivalent"
# over "--------------- | ---": 30 such tables; a piece's repeated header read as two rows mid-table when joined)
_TABLE_HEAD = re.compile(r"\A([^\n]*\|[^\n]*\n[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*\n)")
# A paragraph that opens by pointing back at the step before it: the procedure goes on.
# So does the fix after an example of the problem ("...the following template is incorrect:" + code + "To fix the
# problem, the template should be changed like so:", Anki's FAQ: the answer ended on the wrong template).
_GOES_ON = re.compile(r"(?:this|these|that|then|next|now|afterwards?|finally|once)\b"
                      r"|after (?:this|that|these|doing|making|changing|running|you)\b"
                      r"|to (?:fix|correct|resolve|solve|repair) (?:this|that|it|the (?:problem|issue|error))\b", re.I)
Neighbour = Callable[[Hit, int], "Hit | None"]      # (hit, +1 or -1) -> the next/previous chunk of its file
# A chunk opening with a question as its bold title is one question box of a FAQ (ingest reads a <details> box's
# <summary> so): a unit of its own, never grown into another. Rocket.Chat's FAQ pages keep their boxes in the
# page's one section, and asked each box's own question, 34 of 118 answers opened with a neighbouring box.
_QUESTION_BOX = re.compile(r"\A\s*\*\*[^*\n]+\?\*\*[ \t]*\n")


def same_file(a: Hit, b: Hit | None) -> bool:
    return b is not None and b.source == a.source


def same_section(a: Hit, b: Hit | None) -> bool:
    return same_file(a, b) and b.meta.get("heading_path") == a.meta.get("heading_path")


def _continues(before: str, after: str) -> bool:
    """Does `after` go on with the block `before` ends in? Yes when `before` stops without a blank line
    (a block split by lines or words), when a loose list or a table goes on after the blank line, or when
    `before` ends in a lead-in ("A couple of ways to do this on Linux:"), which the next block completes:
    a passage cut there was shown ending in a colon, its list or command in the next chunk; when a
    sentence goes on in lower case after a code block; and when a procedure goes on after one: the next
    paragraph opens by pointing back ("This will not...", "After making these changes, ..."), so showing
    the first command alone would leave the reader with step 1 of 3."""
    if not _BLANK_END.search(before) or fences.open_at_end(before) or _repeated(before, after):
        return True                     # a blank line in code, or code the chunker cut and reopened
    last = before.rstrip().rsplit("\n", 1)[-1]
    if (last.endswith(":") and not HEADING.match(last) or _LABEL.match(last)) and after.strip():
        return True                     # a lead-in, or a box's bold title ("**Note**") whose body follows
    first = next((line for line in after.split("\n") if line.strip() and not _LABEL.match(line)), "")
    numbered = _NUMBERED.match(first)
    if numbered and int(numbered.group(1)) > 1:   # "8." after a bold label: the steps started further up
        return True
    # after a code block, a sentence that goes on in lower case ("which would return something like" + code +
    # "showing the domain ...", Pi-hole) or a step that points back at it ("After making these changes, ...")
    if fences.ends_closed(before) and (first[:1].islower() or _GOES_ON.match(first)):
        return True
    if fences.opening(first) and last[-1:].isalnum() and not HEADING.match(last):
        return True                                             # code that completes a sentence left open
    return bool((_ITEM.match(last) or _INDENTED.match(last)) and (_ITEM.match(first) or _INDENTED.match(first)))


def _head(text: str) -> str:
    """`text` up to the end of its first block (a blank line not followed by more of a list)."""
    for m in _BLANK.finditer(text):
        if _HEADINGS_ONLY.fullmatch(text[:m.end()].strip()):
            continue                # a heading belongs with the block under it
        if not _continues(text[:m.end()], text[m.end():]):
            return text[:m.end()]
    return text


def _tail(text: str, rest: str = "") -> str:
    """`text` from the start of its last block (which `rest` goes on with)."""
    for m in reversed(list(_BLANK.finditer(text))):
        if m.end() < len(text) and not _continues(text[:m.end()], text[m.end():] + rest):
            return text[m.end():]
    return text


def _repeated(before: str, after: str) -> int:
    """The length of what the chunker repeated at the start of `after` for the block `before` ends in: a split
    table's header, or a split code block's opening line (ingest/fences.reopen). Not in the file's lines."""
    head = _TABLE_HEAD.match(after)
    return head.end() if head and head.group(1) in before else fences.seam(before, after)[1]


def _join(before: str, after: str) -> str:
    """Glue two chunks of one block, without what the chunker repeated to make each read alone."""
    closed, _ = fences.seam(before, after)
    return before[:len(before) - closed] + after[_repeated(before, after):]


def _grow(hit: Hit, neighbour: Neighbour, limit: int, wanted: frozenset[str]) -> tuple[str, int, int]:
    """The hit's text grown over its neighbours, with its first and last line. Chunks of `wanted` next to it,
    one after another, are taken whole; then a block that goes on is finished."""
    text, start, end, first, last = hit.text, hit.meta["start_line"], hit.meta["end_line"], hit, hit
    taking = True
    for _ in range(limit):
        before = None if _QUESTION_BOX.match(first.text) else neighbour(first, -1)
        taking = taking and before is not None and before.id in wanted
        if not taking and (not same_section(hit, before) or not _continues(before.text, text)):
            break
        part = before.text if taking else _tail(before.text, text)
        start = before.meta["start_line"] + before.text[:len(before.text) - len(part)].count("\n")
        text, first = _join(part, text), before
        if part is not before.text:
            break
    taking = True
    opening = bool(_NEXT_SECTION.search(text) or _HEADINGS_ONLY.fullmatch(text.strip()) or hit.meta.get("lead_in"))
    for _ in range(limit):
        after = neighbour(last, +1)
        after = None if after is not None and _QUESTION_BOX.match(after.text) else after
        taking = taking and after is not None and after.id in wanted
        goes_on = taking or same_section(hit, after) and _continues(text, after.text)
        if not goes_on and same_file(hit, after) and opening:
            # "See the next section." shows that section's first block too, and so does a heading alone:
            # Prometheus' runbooks open with the alert's name as the H1, a chunk of its own that found its
            # page (648 wordings: 612 at hit@1) and was the whole answer ("**AlertmanagerFailedReload** [1]");
            # and so does a page's front-matter description, which opens the page's text: Ente's help center
            # answered "Guide for exporting your 2FA codes out from Ente Auth [1]" and nothing more (its H1, not
            # the title, opens the page's sections, so the description was a section of its own). (Folded
            # into the page's first chunk at ingest instead, it found its page less often: Plausible's MRR
            # 0.917 -> 0.908; Ente's file hit@1 27 -> 25 of 30.) Headings alone on the way go on to their text.
            goes_on = True
        if not goes_on:
            break
        part = after.text if taking else _head(after.text)
        opening = bool(_HEADINGS_ONLY.fullmatch(part.strip()))
        if last is hit and hit.meta.get("lead_in") and _words(hit.text) in _words(part):
            text, start = "", after.meta["start_line"]     # the page's text says its description again (DuckDuckGo)
        lines = part[_repeated(text, part):]
        end = after.meta["end_line"] if part is after.text else \
            after.meta["start_line"] + lines.count("\n") - (0 if lines.endswith("\n") else -1) - 1
        text, last = _join(text, part), after
        if part is not after.text:
            break
    return text, start, max(end, hit.meta["end_line"])


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


_WORD = re.compile(r"\w+")


def whole_blocks(hit: Hit, neighbour: Neighbour | None, limit: int = MAX_GROW,
                 wanted: frozenset[str] = frozenset()) -> Hit:
    """The hit grown to whole blocks: a chunk that starts or stops inside a paragraph, list or table
    (a long block split by lines or words) borrows from the neighbouring chunks of the same section
    until the block is complete, so an answer never ends "...The 14 days" or starts at step 8. `wanted`:
    chunks of its section it grows to reach, whole (growth.section_runs)."""
    if neighbour is None:
        return hit
    text, start, end = _grow(hit, neighbour, limit, wanted)
    if text == hit.text:
        return hit
    return Hit(hit.id, hit.corpus, text, {**hit.meta, "start_line": start, "end_line": end},
               dense=hit.dense, bm25=hit.bm25, score=hit.score)
