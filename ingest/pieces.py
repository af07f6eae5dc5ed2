"""A section's pieces: its blocks packed into pieces that fit the model's window, each readable alone. A block
over budget is cut by line, then by word; a table's pieces repeat its header, a code block's close and reopen
its fence; a title or heading never ends a piece without the block under it."""
from __future__ import annotations

import itertools
import re

from . import block_titles, fences, lead_ins
from .empty_sections import has_body
from .line_cuts import Counting, Piece, closing_lines, items, with_closers, with_openers
from .markdown import Section
from .words import MIN_WORD_SHARE, only_markup, word_share

_WORDS = re.compile(r"\S+\s*|\s+")
# A sentence's end: its stop (and a closing quote or bracket) and the blanks after it. A paragraph written on one
# line (most docs sites do not wrap) over the window is cut between its sentences, then its words: cut by words
# alone, CapRover's pages ended a chunk on "DigitalOcean is" and opened the next on "really beginner friendly".
_SENTENCE_END = re.compile(r"[.!?][\"')\]\u201d\u2019]*\s+")


def _sentences(line: str) -> list[str]:
    """The line in sentences, each with the blanks after it; together they are the line."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(line):
        out.append(line[start:m.end()])
        start = m.end()
    return out + [line[start:]] if start < len(line) else out


def _line_parts(line: str, budget: int, counter: Counting) -> list[tuple[str, int]]:
    """A line over budget as (text, word pieces) parts that fit: its sentences, a sentence over budget by its words,
    a run with no spaces by characters."""
    out = []
    sentences = _sentences(line)
    for sentence, m in zip(sentences, counter.counts(sentences)):
        if m <= budget:
            out.append((sentence, m))
            continue
        words = _WORDS.findall(sentence)
        for word, k in zip(words, counter.counts(words)):
            step = len(word) if k <= budget else max(len(word) * budget // (2 * k), 1)
            parts = [word[s:s + step] for s in range(0, len(word), step)]
            out.extend([(word, k)] if len(parts) == 1 else [(p, counter.count(p)) for p in parts])
    return out


def _block_verdicts(lines: list[str]) -> list[bool | None]:
    """Per line, whether the fenced code block or pipe table it belongs to is noise (None outside them), in
    a list item or not. Such a block is judged whole: cut by line, `RUN+="/usr/bin/nvidia-modprobe", \\` (no
    word survives `searchable`) was judged alone, packed apart and dropped, the 4th of a 5-line udev rule
    (Jellyfin's docs); a table's separator row went the same way and the table no longer rendered."""
    out: list[bool | None] = [None] * len(lines)
    i = 0
    while i < len(lines):
        bare, j = lines[i].lstrip(), i + 1
        fence = fences.opening(bare)
        if fence:
            j = next((k + 1 for k in range(i + 1, len(lines)) if fences.closes(lines[k].lstrip(), fence)), len(lines))
        elif bare.startswith("|"):
            while j < len(lines) and lines[j].lstrip().startswith("|"):
                j += 1
        if fence or bare.startswith("|"):
            noisy = word_share("".join(lines[i:j])) < MIN_WORD_SHARE
            above = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
            out[i:j] = [None if noisy and announced(above, "".join(lines[i:j])) else noisy] * (j - i)
        i = j
    return out


# A short block a lead-in announces is the example it promises, whatever its words: Firefly III's "This is a
# typical signature string:" over a one-line `t=1610738765,v1=d62463af...` lost the line as non-words, and the
# answer ended at the colon. Too short to tell (None), it goes with the lead-in; a long dump stays noise. So does
# one that ends a sentence the text above leaves open: Seafile's "In the database, its format is" over
# `PBKDF2SHA256$iterations$salt$hash`, the answer to how it stores passwords, had been dropped.
EXAMPLE_LINES = 3
# characters, the block's whole text: the examples above are 35-200 (a UUID, a signature string, a JWT response), a
# minified JSON sample tens of thousands; tokens do not tell them apart, since search counts no data runs
EXAMPLE_CHARS = 600


_ALNUM = re.compile(r"[^\W_]")      # a letter or a digit: a spacer <div>, a picture or a rule of ____ is no example


def announced(above: str, block: str) -> bool:
    """Whether `block` is the example the text above it announces: a fenced code block of at most EXAMPLE_LINES
    lines under text ending with a colon, or with a word (a sentence the block completes), or a paragraph of at
    most EXAMPLE_LINES lines with a letter or digit under a colon (Portainer's "It will look like the following:"
    over an Edge ID in inline code, `73149964-56f4-473b-81b3-5ecdc397e490`, in 2 pages)."""
    lines = block.strip("\n").splitlines()
    fence = fences.opening(lines[0].lstrip()) if lines else None
    last = above.rstrip().rsplit("\n", 1)[-1]
    if len(block.strip()) > EXAMPLE_CHARS:
        return False
    if fence is None:
        return (0 < len(lines) <= EXAMPLE_LINES and all(x.strip() and x.lstrip()[:1] != "|" for x in lines)
                and last.endswith(":") and not only_markup(block) and _ALNUM.search(block) is not None)
    return (2 <= len(lines) <= EXAMPLE_LINES + 2 and fences.closes(lines[-1].lstrip(), fence)
            and (last.endswith(":") or last[-1:].isalpha() and not last.lstrip().startswith(("#", "|"))))


def _split_oversized(piece: Piece, lines: list[str], budget: int, counter: Counting) -> list[Piece]:
    """A block over budget: by lines, and a line over budget by its sentences, then words (_line_parts)."""
    out: list[Piece] = []
    line_texts = lines[piece.start:piece.end]
    verdicts = _block_verdicts(line_texts)
    for offset, (line, n) in enumerate(zip(line_texts, counter.counts(line_texts))):
        i, v = piece.start + offset, verdicts[offset]
        parts = [(line, n)] if n <= budget else _line_parts(line, budget, counter)
        out.extend(Piece(i, i + 1, text, k, v, v is not None) for text, k in parts)
    closing = closing_lines(line_texts, piece.start)
    return with_closers(with_openers(items(out, budget), budget, closing, counter), closing)


def _pack(pieces: list[Piece], budget: int, counter: Counting, code: set[int] | None = None) -> list[Piece]:
    """Greedy: consecutive pieces share a chunk while they fit, and while both are text or both are noise
    (so a paragraph is never lost with the base64 block after it). Word-piece counts add up across
    whitespace boundaries; where a run without spaces was cut by characters they do not, so the joined
    text is counted again. Given the section's `code` lines, a code block that opens a new piece takes the
    paragraph above it along (ingest/lead_ins.py)."""
    packed: list[Piece] = []
    noisy = lambda q: q.noise if q.fixed else is_noise(q.text)
    for p in pieces:
        fresh = code is not None and lead_ins.splits_code(p, code)      # a long code block starts its own piece
        if code is not None and packed and packed[-1].end == p.start:
            packed[-1:], p = lead_ins.move_lead_in(packed[-1], p, budget, code, counter, noisy, fresh)
        last = packed[-1] if packed and not (fresh and has_body(packed[-1].text)) else None
        p_noisy = p.noise if p.fixed else None if last and announced(last.text, p.text) else is_noise(p.text)
        if last and len({last.noise, p_noisy} - {None}) < 2 and not (p.titled and last.titled and _says(p.text)):
            at_space = last.text[-1:].isspace() or p.text[:1].isspace()
            joined = last.tokens + p.tokens if at_space else counter.count(last.text + p.text)
            if joined <= budget:
                packed[-1] = Piece(last.start, p.end, last.text + p.text, joined,
                                   p_noisy if last.noise is None else last.noise, last.fixed or p.fixed,
                                   last.titled or p.titled)
                continue
        packed.append(Piece(p.start, p.end, p.text, p.tokens, p_noisy, p.fixed, p.titled))
    return packed


def _says(item: str) -> bool:
    """Whether an item has words of its own under its title, outside code. One that is its title over code alone (a
    tab of a command: "**docker compose (Plugin)**" over its line) packs with the item before it: mailcow's docs
    held 73 chunks of one such tab, 81 pairs of tabs cut apart (the same command for two tools)."""
    lines = [x for x in fences.without(item).splitlines() if x.strip()]
    return len(lines) > 1 or not (lines and block_titles.TITLE_LINE.fullmatch(lines[0].strip()))


# A paragraph that is one address or link and nothing else. Its host can read as data (Kagi's Tor address,
# "kagi2pv5...onion", 0% words), but it is what the page gives: it goes with the text beside it. Dropped alone,
# "What is Kagi's onion address?" was answered "...via the following Onion link:" and nothing after it.
_LONE_LINK = re.compile(r"\s*(?:<?(?:https?|ftp)://[^\s<>]+>?|!?\[[^\]\n]*\]\((?:[^()\s]+|<[^<>\n]+>)\))\s*")


def is_noise(text: str) -> bool | None:
    """None for a piece too short to tell (a blank line, a lone "→" cut from a long line) or a lone link: it goes
    with either."""
    if len(text.strip()) < 32 or _LONE_LINK.fullmatch(text):
        return None
    return word_share(text) < MIN_WORD_SHARE


def _pack_rows(rows: list[Piece], first_room: int, room: int, counter: Counting) -> list[Piece]:
    """Table rows into groups: the first also carries what stands before the table, so it has less room;
    the others are filled to the whole room, so no two of them fit one chunk together and get packed into
    one with a header in its middle."""
    first = _pack(rows, first_room, counter)[0]
    taken = list(itertools.accumulate(len(r.text) for r in rows)).index(len(first.text)) + 1
    return [first, *_pack(rows[taken:], room, counter)]


def _table_pieces(unit: Piece, table: int, lines: list[str], budget: int,
                  counter: Counting) -> list[Piece] | None:
    """An oversized table (its header row on line `table`, where the parser found it): rows packed under a
    copy of the header row and separator, so each piece is a table that reads alone. Whatever the unit holds
    before the table (its heading, blank lines) opens the first piece. Guessed from the text, the table had
    to start on the unit's first or second line, so one under "## Heading" and a blank line was cut by line:
    its separator alone (then dropped as noise) and rows with no header, 24 pieces of the Bitwarden help
    center's tables and 6 of the bundled KB's. None when the header is too wide to repeat."""
    rows_start = table + 2                                   # after the header row and separator
    head, lead = "".join(lines[table:rows_start]), "".join(lines[unit.start:rows_start])
    head_tokens, lead_tokens = counter.counts([head, lead])
    first_room, room = budget - lead_tokens, budget - head_tokens
    if first_room * 2 < budget or rows_start >= unit.end:
        return None
    rows = _split_oversized(Piece(rows_start, unit.end, "", 0), lines, first_room, counter)
    groups = _pack_rows(rows, first_room, room, counter)
    out = [Piece(g.start, g.end, head + g.text, head_tokens + g.tokens) for g in groups]
    out[0] = Piece(unit.start, groups[0].end, lead + groups[0].text, lead_tokens + groups[0].tokens)
    return out


def section_pieces(lines: list[str], sec: Section, budget: int, counter: Counting) -> list[Piece]:
    bounds = [sec.start, *sec.block_starts, sec.end]
    units = [(a, b, "".join(lines[a:b])) for a, b in itertools.pairwise(bounds) if b > a]
    if sec.anchor and len(units) > 1:   # a heading goes with the block under it, never alone in a chunk
        (a, _, head), (_, b, first) = units[0], units[1]
        units[:2] = [(a, b, head + first)]
    units = block_titles.titled(units)
    counts = counter.counts([t for _, _, t in units])
    pieces: list[Piece] = []
    room = 0        # what a piece of a split code block needs for the fences it repeats
    for (a, b, text), n in zip(units, counts):
        unit = Piece(a, b, text, n, titled=block_titles.opens_titled(text))
        if n <= budget:
            pieces.append(unit)
            continue
        table = next((t for t in sec.tables if a <= t < b), None)    # the unit's block, under its heading
        split = table is not None and _table_pieces(unit, table, lines, budget, counter)
        room = room if split else max(room, _fence_room(lines[a:b], counter))
        pieces.extend(split or _split_oversized(unit, lines, budget, counter))
    # what opens a block and ends a packed piece (a lead-in, a tab's title) goes with the block in the next one:
    # mailcow's "To reset custom defined thresholds, run:" over a tab's title ended 6 chunks, its command the next
    # (never onto a piece that will be dropped as noise: "Example response:" over minified JSON)
    closing = closing_lines(lines[sec.start:sec.end], sec.start)
    code = lead_ins.code_lines(lines[sec.start:sec.end], sec.start)
    packed = with_openers(_pack(pieces, budget - room, counter, code), budget - room, closing, counter,
                          lambda p: p.noise if p.fixed or p.noise is not None else is_noise(p.text))
    return _reopened(packed, counter)


def _fence_room(lines: list[str], counter: Counting) -> int:
    """Word pieces a code block's opening line and a closing fence take, for the longest in these lines."""
    opened = [line + fence for line in lines if (fence := fences.opening(line.lstrip(" ")))]
    return max(counter.counts(opened), default=0)


def _reopened(pieces: list[Piece], counter: Counting) -> list[Piece]:
    """Where a cut falls inside a fenced code block, the piece before it closes the block and the one after
    reopens it (fences.reopen), as a split table repeats its header. Cut by lines, a piece with no opening
    fence showed its code as prose, and its closing fence opened a block of the prose after it: Forgejo's
    docs, 176 of 1,588 chunks, 114 of them in its CLI reference. (A closing line alone takes no room, so
    the cut never falls just before it.)"""
    out = list(pieces)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        closed, opened = fences.reopen(a.text, b.text)
        if closed != a.text:
            out[i] = Piece(a.start, a.end, closed, counter.count(closed), a.noise, a.fixed)
            out[i + 1] = Piece(b.start, b.end, opened, counter.count(opened), b.noise, b.fixed)
    return out
