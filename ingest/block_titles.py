"""Which blocks of a section open with a title line (a box, tab, FAQ item: each a chunk of its own) and which only
announce the block under them (a title or a lead-in: they go with it), read from a block's text (ingest/pieces.py).
"""
from __future__ import annotations

import re

from . import fences
from .headings import HEADING_LINE
from .html_blocks import KINDS
from .words import MIN_WORD_SHARE, word_share

# A line that is only bold text: the title of a box, tab or FAQ item (`<summary>`, `<Aside title>`, GitBook's tabs).
# Bold is bold written either way: NewPipe's `__The Parts of a Service:__` ended a chunk, its list the next.
TITLE_LINE = re.compile(r"(?:\*\*[^*\n]+\*\*|__[^_\n]+__):?")
# A one-line paragraph that announces the block under it ("Run the following command:"): 20 of Valetudo's chunks
# ended on one, its command or list opening the next chunk, and an answer led by it showed nothing it announced.
_LEAD_IN = re.compile(r"[^\n]{1,200}:")


def opens_titled(text: str) -> bool:
    """Whether a block opens with a title line, under its section's heading if it carries one (Hoppscotch's FAQ:
    the first <Accordion> of each group went with the heading, and the second was packed with it, 8 of 11 items).
    A box titled by its kind ("**Note**") is no item: it goes on with the item it sits in (Dodo Payments' docs:
    100 chunks in 26 pages were a lone Note or Check cut from its FAQ item or step, the fix for error 401 among
    them). A numbered step is no item either: the steps of one procedure go together."""
    lines = text.splitlines()
    # a lead-in over the first item is no text of the block's own: Linkwarden's "here are some of them:" over two
    # <details> boxes made the first box untitled, so the second was packed with it and cut in two
    n = next((i for i, x in enumerate(lines) if x.strip() and not HEADING_LINE.match(x) and not _LEAD_IN.fullmatch(x)),
             None)
    if n is not None and _QUESTION.match(lines[n].strip()) and any(_ANSWER.match(x.strip()) for x in lines[n + 1:]):
        return True                       # a labelled question over its answer (titled, above)
    if n is None or not TITLE_LINE.fullmatch(lines[n].strip()) or _BOX_KIND.fullmatch(lines[n].strip()):
        return False
    if _STEP.match(lines[n].strip()):     # a numbered step: the procedure reads whole, steps pack while they fit
        return False                      # (Polar's docs: 38 of 39 step chunks one step, an answer showed step 1 of 5)
    # a term run into its text ("**delete this preset**" over its definition, no line break: ingest/deflists.py)
    # is no item either: darktable's manual, 1,815 terms in 167 pages, made 1,046 of 2,631 chunks one item each
    return n + 1 == len(lines) or not lines[n + 1].strip() or lines[n].endswith(("  ", "\\"))


_STEP = re.compile(r"\*\*\d{1,3}[.)][ \t]")
_BOX_KIND = re.compile(r"\*\*(?:" + "|".join((*KINDS, "check")) + r")\*\*:?", re.I)


def _announces(text: str) -> bool:
    """Whether a block is only title or lead-in lines (under its section's heading, if it carries one): a lead-in
    over a tab's title announces the tab (Upstash's docs: "Here the list of regions currently supported:" over
    **Amazon Web Services** ended a chunk, its table of regions the next, in 12 chunks of 10 pages)."""
    lines = [x.strip() for x in text.splitlines() if not HEADING_LINE.match(x)]
    # a lead-in wrapped over lines is read as one (dxw's playbook, wrapped at 80 columns: "...will include" over
    # its list ended chunks in 11 files)
    body = [p for p in " ".join(x or "\n" for x in lines).split("\n") if p.strip()]
    return 0 < len(body) <= 3 and all(TITLE_LINE.fullmatch(x.strip()) or _LEAD_IN.fullmatch(x.strip()) for x in body)


# A question and its answer written as labelled paragraphs ("Q: ...?" over "A: ..."), bold or not: one FAQ item.
# Seafile's Docker guides: 6 questions ended a chunk whose answer opened the next, and one led an answer alone.
_QUESTION = re.compile(r"(?:\*\*|__)?(?:Q|Question)\s*[:.]", re.I)
_ANSWER = re.compile(r"(?:\*\*|__)?(?:A|Answer)\s*[:.]", re.I)


def _asks(text: str, after: str) -> bool:
    """Whether a block is a labelled question (under its section's heading, if it carries one) that the next
    block answers."""
    body = [x.strip() for x in text.splitlines() if x.strip() and not HEADING_LINE.match(x)]
    return bool(body) and len(body) <= 3 and bool(_QUESTION.match(body[0])) and bool(_ANSWER.match(after.lstrip()))


def titled(units: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A block that is only a title or a short lead-in goes with the block under it, as a heading does: Kinde's
    FAQ pages (`<details><summary>`, read as a bold question) had 51 chunks end on a question whose answer opened
    the next chunk, and 54 of their 127 chunks started mid-answer, no question in them. Not over a block of data
    (a minified JSON sample): dropped as noise, it would take the lead-in ("Example response:") with it."""
    out: list[tuple[int, int, str]] = []
    for a, b, text in units:
        if out and (_announces(out[-1][2]) or _asks(out[-1][2], text)) and word_share(text) >= MIN_WORD_SHARE:
            out[-1] = (out[-1][0], b, out[-1][2] + text)
        elif out and (lead := _last_item_lead_in(out[-1][2])) and word_share(text) >= MIN_WORD_SHARE:
            start, end, above = out[-1]
            n = above[:len(above) - len(lead)].count("\n")
            out[-1:] = [(start, start + n, above[:len(above) - len(lead)]), (start + n, b, lead + text)]
        else:
            out.append((a, b, text))
    return out


def _last_item_lead_in(text: str) -> str:
    """A list's last item when it is a one-line lead-in ("4. Restart SOGo and Memcached:") announcing the block
    after the list, with the blank lines under it; "" otherwise. mailcow's docs end steps so over tab groups of
    commands: 11 such lead-ins ended a chunk whose command opened the next."""
    lines = text.splitlines(keepends=True)
    k = len(lines) - 1
    while k > 0 and not lines[k].strip():
        k -= 1
    if k < 1 or not fences.LIST_ITEM.match(lines[k]) or not lead_in(lines[k]):
        return ""
    return "".join(lines[k:])


def lead_in(line: str) -> bool:
    """Whether a line ends in a colon and is short enough to announce what follows it (ingest/line_cuts.py too)."""
    bare = line.strip()
    return len(bare) <= 200 and bare.endswith(":")
