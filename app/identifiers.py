"""Identifiers a question names: error codes and keys such as SSO-104, INT-401, ERR_OFFLINE_QUEUE_FULL,
card_declined or 0x80070005. Pasting one is how an agent or a customer asks "what is this?", and the passage
that contains it verbatim is the answer they expect, whatever the embedding makes of it: the bundled KB
declined 19 of 84 questions of the form "getting INT-401" / "what does KI-135 mean?" about codes it
documents; the 9 that showed closest passages led with a file that does not name the code.

An identifier counts only when it is distinctive: its passages sit in at most `top_k` files (one answer can
cite every file naming it). "COVID-19" names most of covid-faq's pages and changes nothing there."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest import fences

from . import file_places
from .spelling import is_word

if TYPE_CHECKING:       # retrieval calls promote(): no import back at run time
    from .retrieval import Hit

# A word of letters, a hyphen and 2+ digits (SSO-104, KI-135); words joined by underscores (ERR_DISK_FULL,
# card_declined); a hex number (0x80070005); capitals run into 3+ digits and perhaps a severity letter, as
# message ids and fix numbers are written (AMQ9716, SQL20157N, CWWKS1100A, PI50993: 22 of TechQA's 381 posts
# (stop 23, before reposts were kept once) name one that at most 5 technotes contain; end to end hit@5 0.929
# -> 0.932, MRR@10 0.845 -> 0.846: two posts up, two down, where the code sits in a technote other than the one
# that answers). Two digits are enough when zero-padded, as a list of codes numbers them (Fly.io's proxy codes PC01,
# PR04: 47 one-paragraph sections of one page, 45 of them zero-padded, and the code's own section led for 14 of 47
# "what does <code> mean" questions, 46 of 47 with any two digits); any two digits also took versions (TechQA's
# FP11, CF14, IE11: hit@1 0.805 -> 0.799, MRR@10 0.859 -> 0.857). Not a bare number ("error 400") and not a
# product name with a digit ("GA4", "Win10"): both are ordinary words of many pages.
_CODE = re.compile(r"(?<![\w-])(?:[A-Za-z]{1,12}-\d{2,}(?:-\d+)*|[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+|0x[0-9A-Fa-f]{4,}|"
                   r"[A-Z]{2,12}(?:\d{3,}|0\d)[A-Z]?)(?![\w-])")
# A name in capitals that is no English word, as system error names are written (EADDRINUSE, ENOENT, NXDOMAIN,
# SERVFAIL). Ghost's docs explain "ERROR: (EADDRINUSE) Cannot start Ghost" in one troubleshooting section; asked
# about it, that section ranked 43rd (its BM25 score the best, but only the dense ranking's first 15 are
# re-ranked by keyword). Such a name matches only where a passage writes it in capitals too: "OAUTH" typed in a
# question is not "OAuth" explained on every sign-in page. "ERROR", "HELLO" and other shouted words are words.
_CAPITALS = re.compile(r"(?<![\w-])[A-Z]{5,24}(?![\w-])")
LEAD = 1.0      # added to a fused score (RRF scores are below 0.04): files naming the identifier come first


# A message quoted in the question, three words or more: "launch fails with "Downloaded image hash does not
# match"" (Multipass docs) found neither the troubleshooting step quoting it nor its fix in the first five.
# Single quotes too where they stand apart from words (Hyperswitch: "users get 'User not found'" was declined; an
# apostrophe in "don't" or "it's" opens nothing).
_QUOTED = re.compile(r"[\"“”]([^\"“”\n]{8,160}?)[\"“”]|(?<!\w)['‘]([^'‘’\n]{8,160}?)['’](?!\w)")
_PHRASE_WORDS = 3


def named(question: str) -> list[str]:
    """The identifiers a question names, and the messages it quotes, each once (case-insensitive)."""
    quoted = [(m.group(1) or m.group(2)).strip(" .,:;!?").casefold() for m in _QUOTED.finditer(question)]
    codes = [m.group(0).casefold() for m in _CODE.finditer(question)]
    names = [m.group(0) for m in _CAPITALS.finditer(question) if not is_word(m.group(0).lower())]
    return list(dict.fromkeys(codes + names + [q for q in quoted if len(q.split()) >= _PHRASE_WORDS]))


def _pattern(code: str) -> re.Pattern:
    # a quoted message may wrap in the passage; an underscore may be escaped there (GitBook writes
    # `insufficient\_funds`: 121 identifiers in 72 of Hyperswitch's files were never matched)
    words = r"\s+".join(re.escape(w).replace("_", r"\\?_") for w in code.split())
    # named() keeps capitals only for a name in capitals (_CAPITALS): that one matches as written
    return re.compile(rf"(?<![\w-]){words}(?![\w-])", 0 if code.isupper() else re.IGNORECASE)


def found(text: str, code: str) -> str | None:
    """The identifier (or quoted message) as the text writes it, where it has it as a whole word in any case."""
    m = _pattern(code).search(text)
    return m.group(0) if m else None


def containing(hits: list[Hit], code: str) -> list[Hit]:
    """The hits whose text has the identifier as a whole word, in any case."""
    pattern = _pattern(code)
    return [h for h in hits if pattern.search(h.text)]


def in_prose(hit: Hit, codes: list[str]) -> bool:
    """Whether the passage names one of the identifiers outside fenced code. A code inside a fence is an example
    of it (a log line, a command's output); in prose or a table it is explained: the bundled KB's SSO runbook
    shows SSO-104 in a sample trace a section before the one that says what it means."""
    text = fences.without(hit.text, keep_open=True)
    return any(_pattern(code).search(text) for code in codes)


def promote(question: str, hits: list[Hit], most_files: int) -> list[Hit]:
    """The ranking with the files that name a distinctive identifier of the question first, in their fused
    order; inside each, the passages naming it take the file's first places, those naming it in prose before
    those naming it only in fenced code (`in_prose`). Those passages are marked `exact`. Unchanged when the
    question names none. Files, not passages, move: a runbook that names AUTH-423 once in its introduction
    still leads a question it answers better than the error table listing the code."""
    exact: set[str] = set()
    codes = []
    for code in named(question):
        found = containing(hits, code)
        if 0 < len({h.source for h in found}) <= most_files:
            exact |= {h.id for h in found}
            codes.append(code)
    if not exact:
        return hits
    files = {h.source for h in hits if h.id in exact}
    block = [h for h in hits if h.source in files]
    explained = {h.id for h in block if h.id in exact and in_prose(h, codes)}
    moved = file_places.reorder(block, file_places.places(block),
                                key=lambda i: (block[i].id not in exact, block[i].id not in explained))
    out = moved + [h for h in hits if h.source not in files]
    for i, (h, score) in enumerate(zip(out, sorted((h.score for h in hits), reverse=True))):
        h.exact = h.id in exact
        h.score = score + (LEAD if i < len(block) else 0.0)
    return out
