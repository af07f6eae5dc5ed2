"""Which chunks a lead passage shows with it, beyond finishing its block (app/blocks.py): the rest of its section
the ranking wants too, the section that fixes the problem it states, the subsections it introduces, the other
half of a short section. Each rule comes from an answer that stopped short on a real site."""
from __future__ import annotations

import itertools
import re
from functools import partial

from ingest import fences

from . import blocks
from .retrieval import Hit


def runs(leads: list[Hit], ranked: list[Hit], neighbour) -> dict[str, frozenset[str]]:
    """Per lead, the ids of the chunks to show with it (every rule below together)."""
    out = section_runs(leads, ranked)
    for more in (fix_runs(leads, neighbour), lead_in_runs(leads, neighbour), short_section_runs(leads, neighbour),
                 tail_runs(leads, neighbour), intro_runs(leads, neighbour), step_runs(leads, neighbour)):
        for lead_id, ids in more.items():
            out[lead_id] = out[lead_id] | ids
    return out


def section_runs(leads: list[Hit], ranked: list[Hit]) -> dict[str, frozenset[str]]:
    """Per lead, the other chunks of its section the joint ranking puts right after it: the ranking says they
    answer too, and one passage per section is cited, so they were dropped. GitBook's help center: "GitBook
    keeps saying Connection lost" led with the section's last chunk ("Also check the status page"), its five
    steps in the chunk ranked second and never shown."""
    place = {h.id: i for i, h in enumerate(ranked)}
    runs = {}
    for lead in leads:
        after = ranked[place[lead.id] + 1:] if lead.id in place else []
        runs[lead.id] = frozenset(h.id for h in itertools.takewhile(partial(blocks.same_section, lead), after))
    return runs


# A problem and its fix as sibling sections: the Knowledge-Centered Service article (Issue, Environment, Cause,
# Resolution), IBM's technotes (PROBLEM(ABSTRACT), SYMPTOM, CAUSE, RESOLVING THE PROBLEM; QUESTION, ANSWER: 109
# and 94 of TechQA's 337 pages) and Home Assistant's troubleshooting pages (Symptom, Description, Resolution).
# A question restates the problem, so the problem section ranks first; its fix is what the asker needs.
# MoJ's Cloud Platform guide writes Scenario / Situation, Cause, Solution (4 of 30 answers showed the scenario alone).
# Codemagic's docs: Description, Cause, Solution (the 4 answers that led with a Description or Cause showed no fix).
_PROBLEM = re.compile(r"(?:symptoms?|problem|issue|condition|error|question|scenario|situation|description|causes?)\b")
# GOV.UK's alert runbooks write Description, Impact, "Potential resolution steps" (3 answers showed no fix).
_FIX = re.compile(r"(?:(?:potential|possible|suggested|recommended|known|how to|steps to) )?"
                  r"(?:resolution|resolving the problem|solution|answer|fix(?:es)?|workaround|remed(?:y|iation)|"
                  r"resolve)s?\b")


def _own_heading(hit: Hit) -> str:
    return " ".join(re.sub(r"[^a-z]+", " ", hit.meta.get("heading_path", "").rsplit(" > ", 1)[-1].lower()).split())


def _following(lead: Hit, last: Hit, under: str, room: int, neighbour):
    """The chunks after `last` in the lead's file, while their heading path starts with `under`, at most `room`."""
    for _ in range(room):
        after = neighbour(last, +1)
        if not blocks.same_file(lead, after) or not after.meta.get("heading_path", "").startswith(under):
            return
        yield after
        last = after


def fix_runs(leads: list[Hit], neighbour) -> dict[str, frozenset[str]]:
    """Per lead whose section states a problem, the chunks after it, in sections beside it, up to the end of
    the section that fixes it (none when no such section follows within blocks.MAX_GROW chunks)."""
    runs = {}
    for lead in leads if neighbour else []:
        if not _PROBLEM.match(_own_heading(lead)) or " > " not in lead.meta.get("heading_path", ""):
            continue
        parent = lead.meta["heading_path"].rsplit(" > ", 1)[0] + " > "
        ids, fix = [], None
        for after in _following(lead, lead, parent, blocks.MAX_GROW, neighbour):
            if fix is not None and not blocks.same_section(fix, after):
                break
            fix = after if fix is None and _FIX.match(_own_heading(after)) else fix
            ids.append(after.id)
        if fix is not None:
            runs[lead.id] = frozenset(ids)
    return runs


_OPENS = re.compile(r"\s*(#{1,6})[ \t]")


def _opens(hit: Hit) -> int | None:
    """The level of the heading a chunk opens with; None for a chunk that goes on inside its section."""
    m = _OPENS.match(hit.text)
    return len(m.group(1)) if m else None


def lead_in_runs(leads: list[Hit], neighbour) -> dict[str, frozenset[str]]:
    """Per lead whose section introduces its subsections, the rest of the section and those subsections, through
    the last of the first one's level (at most blocks.MAX_GROW chunks). A section introduces them when it ends on
    a lead-in (Val Town's docs: "can free users have private vals?" was answered "There are three privacy
    settings for a Val:" and nothing more, the settings being the ### sections after it), or when it is one
    block of text in one chunk (`_stub`: MoJ's Cloud Platform guide, "Manual installation" over its macOS and
    Linux steps, "use the tables below" over them: 3 of 30 answers showed the sentence alone)."""
    runs = {}
    for lead in leads if neighbour else []:
        ids, last = [], lead
        while len(ids) < blocks.MAX_GROW and blocks.same_section(lead, after := neighbour(last, +1)):
            ids, last = [*ids, after.id], after         # the rest of its own section, which the lead-in ends
        if not (last.text.rstrip().endswith(":") or _ANNOUNCES.search(last.text.rstrip())
                or (not ids and _stub(lead, neighbour))):
            continue
        own, level = len(ids), None
        inner = lead.meta.get("heading_path", "") + " > "
        for after in _following(lead, last, inner, blocks.MAX_GROW - own, neighbour):
            opens = _opens(after)
            if (level is None and opens is None) or (level is not None and opens is not None and opens < level):
                break
            level = level or opens
            ids.append(after.id)
        if len(ids) > own:
            runs[lead.id] = frozenset(ids)
    return runs


# A last sentence that says steps or a list follow introduces them as a colon does: Novu's "Follow these steps to
# enable HMAC encryption." over "### 1. Enable HMAC in the dashboard" was a whole answer (26 such sections in 23 of
# its pages end on "steps." or ":" right before their subsections).
_ANNOUNCES = re.compile(r"\b(?:follow(?:ing)? (?:these|the(?: following)?) (?:steps|instructions)|the following steps|"
                        r"(?:steps|instructions) below|as follows|(?:shown|listed|described) below|(?:do|complete) the "
                        r"following)\b[^.!?\n]*[.!]?$", re.I)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def intro_runs(leads: list[Hit], neighbour) -> dict[str, frozenset[str]]:
    """Per lead that opens a longer section with one block under its heading (an introduction), the chunk after it.
    Vendure's "run a job every night" was answered with "Let's imagine ... You want to run this task every night at
    midnight." alone, the task's code in the section's next chunk; Gitea's webhook "Delivery" the same."""
    runs = {}
    for lead in leads if neighbour else []:
        after = neighbour(lead, +1)
        if _opens(lead) is not None and blocks.same_section(lead, after) and _body(lead) and _one_block(lead):
            runs[lead.id] = frozenset({after.id})
    return runs


def _one_block(hit: Hit) -> bool:
    """Whether the text under a chunk's headings is one block (a sentence, a paragraph, a short list) or nothing."""
    return len(_BLANK_LINE.split(_body(hit))) == 1


def _body(hit: Hit) -> str:
    return "\n".join(line for line in hit.text.splitlines() if not blocks.HEADING.match(line)).strip()


def _stub(lead: Hit, neighbour) -> bool:
    """A section of one chunk whose text under its heading is one block (a sentence, a short list) or nothing:
    MoJ's troubleshooting guide puts each error's Scenario, Cause and Solution under its bare ### heading. A page's
    first chunk opens its page, heading or not: Jitsi's handbook answered "what does POOR mean?" with "This document
    explains what the different connection quality indicators ... mean." alone (19 such one-sentence introductions)."""
    before = neighbour(lead, -1)
    if (_opens(lead) is None and blocks.same_file(lead, before)) or blocks.same_section(lead, before):
        return False
    return _one_block(lead)


SHORT_SECTION = 2     # chunks: a section split only because it is a little over the chunk size
# words: a section of more chunks that says no more than this (about one chunk of prose) was split by its tabs,
# boxes or code, not by its length, and is shown whole too. Komga's FAQ "Where can I find the log files?" is 45
# words in 4 chunks, one per tab: led by the jar tabs, its answer left out Docker's and the apps'. Of the sections
# of 3 or more chunks of 20 unseen sites, 142 of 886 say at most this.
SHORT_WORDS = 150


def short_section_runs(leads: list[Hit], neighbour) -> dict[str, frozenset[str]]:
    """Per lead in a section of at most SHORT_SECTION chunks, or of at most SHORT_WORDS words in at most
    blocks.MAX_GROW chunks, the section's other chunks: shown whole. Zed's manual: "where is it stored?" led with
    the second half of a 188-word section (its paths tokenise heavily), and the three database locations asked for
    were in the first; "Is Catalina supported?" showed the note under the support table and not the table."""
    runs = {}
    for lead in leads if neighbour else []:
        others, whole = _section_around(lead, neighbour, blocks.MAX_GROW)
        words = sum(len(h.text.split()) for h in (lead, *others))
        if others and whole and (len(others) < SHORT_SECTION or words <= SHORT_WORDS):
            runs[lead.id] = frozenset(h.id for h in others)
    return runs


def _section_around(lead: Hit, neighbour, limit: int) -> tuple[list[Hit], bool]:
    """The other chunks of the lead's section, at most `limit`, and whether they are all of them."""
    others: list[Hit] = []
    for step in (-1, +1):
        h: Hit | None = lead
        while blocks.same_section(lead, h := neighbour(h, step)):
            if len(others) == limit:
                return others, False
            others.append(h)
    return others, True


# A closing line: AdGuard's knowledge base ends its steps with "You've successfully installed AdGuard certificate.
# Restart the browser and the error should go away." (14 words), a chunk of its own; leading an answer, it was the
# whole answer, the steps in the chunk before it unshown. 113 of its chunks are such a tail under 25 words.
TAIL_WORDS = 30


def tail_runs(leads: list[Hit], neighbour) -> dict[str, frozenset[str]]:
    """Per lead that is the short last chunk of a longer section (under TAIL_WORDS words, no heading of its own),
    the chunk before it: what it closes."""
    runs = {}
    for lead in leads if neighbour else []:
        if _opens(lead) is not None or len(lead.text.split()) >= TAIL_WORDS:
            continue
        before, after = neighbour(lead, -1), neighbour(lead, +1)
        if blocks.same_section(lead, before) and not blocks.same_section(lead, after):
            runs[lead.id] = frozenset({before.id})
    return runs


# A numbered step as a site titles it: a heading ("#### 2. Scan the QR code", "### Step 10: Log back in") or a bold
# title line (Mintlify's <Step title>, "**3. Set workspace access**"), not a plain list item (blocks.py finishes lists)
_STEP = re.compile(r"^(?:#{1,6}[ \t]+|\*\*)(?:step[ \t]+)?(\d{1,2})(?:[.:)]|[ \t]*[-–—])[ \t]", re.I | re.M)


# A numbered entry holding its own fix is one of a list of problems, not a step: Open WebUI's troubleshooting pages
# number their issues ("### 2. 403 Forbidden Errors from SearXNG", "✅ **Solution:**", 60 such headings in 7 pages),
# and an answer showed issues 2 and 3 as one procedure, cut after the first of issue 3's four fixes.
_FIX_LABEL = re.compile(r"(?im)^[ \t>*_#\u2705\u2714-]*(?:(?:potential|possible|suggested|recommended|the) )?"
                        r"(?:solutions?|fix(?:es)?|workarounds?|resolution)"
                        r"(?:[ \t]*(?:\*\*|__)?[ \t]*:|(?:\*\*|__)?[ \t]*$)")


def _fixes(hit: Hit) -> bool:
    return bool(_FIX_LABEL.search(fences.without(hit.text)))


def _steps(hit: Hit) -> list[int]:
    """The numbers of the steps a chunk titles, in order, outside code."""
    return [int(m.group(1)) for m in _STEP.finditer(fences.without(hit.text))]


def _procedure(hit: Hit) -> str:
    """The heading path a chunk's steps hang under: its section's parent where the section is a step, else itself."""
    path = hit.meta.get("heading_path", "")
    return path.rsplit(" > ", 1)[0] if _STEP.match(f"### {path.rsplit(' > ', 1)[-1]} ") else path


def step_runs(leads: list[Hit], neighbour) -> dict[str, frozenset[str]]:
    """Per lead that titles numbered steps, the chunks of the same procedure before and after it whose steps go on
    in order (1, 2, 3...), at most blocks.MAX_GROW in all: a procedure is shown whole, not the one step that matched.
    The steps before it only where they reach the procedure's first: a lead far into a long one (Formbricks' quickstart,
    step 7 of 7, "Set Recontact Options") matched its own step, and steps 5 and 6 shown over it buried it.
    Documenso's docs title each <Step> with a heading, a chunk each: "how do i turn on 2fa" was answered with step 1
    of 3, and 9 of 36 answers showed one step; Formbricks' API key steps stopped at step 2 of 4."""
    runs = {}
    for lead in leads if neighbour else []:
        if not (mine := _steps(lead)) or _fixes(lead):
            continue
        after, _ = _step_run(lead, mine, +1, neighbour, blocks.MAX_GROW)
        before, first = _step_run(lead, mine, -1, neighbour, blocks.MAX_GROW - len(after))
        if ids := after + (before if first else []):
            runs[lead.id] = frozenset(ids)
    return runs


def _step_run(lead: Hit, mine: list[int], step: int, neighbour, room: int) -> tuple[list[str], bool]:
    """The ids of the chunks after (step +1) or before (-1) the lead, whose steps (`mine`) they go on with, and
    whether the last of them holds the procedure's first step."""
    ids, last, under = [], lead, _procedure(lead)
    edge, first = (max(mine) if step > 0 else min(mine)), False
    while len(ids) < room:
        other = neighbour(last, step)
        seen = _steps(other) if blocks.same_file(lead, other) and _procedure(other) == under else []
        if not seen or (min(seen) if step > 0 else max(seen)) != edge + step or _fixes(other):
            break
        ids.append(other.id)
        edge, last, first = (max(seen) if step > 0 else min(seen)), other, min(seen) == 1
    return ids, first
