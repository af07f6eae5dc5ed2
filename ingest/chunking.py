"""Cut a parsed document into chunks that fit the embedding model's window.

Sections are split only where a top-level block starts (a paragraph, list, table or code block),
then by line, then by word, so every character lands in exactly one chunk. Tiny neighbours are
merged. Tokens are counted with the model's own WordPiece tokenizer, not tiktoken.
"""
from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import fences
from .empty_sections import has_body, without_empty_sections
from .markdown import Document, Section
from .words import MIN_WORD_SHARE, searchable, word_share

_WORDS = re.compile(r"\S+\s*|\s+")
# bump when chunks or embed_text change, so every stored vector is redone (11: code blocks and tables judged whole;
# 12: Liquid tags' words, MDX components, alerts, reference links and icons read as the page renders them;
# 13: attribute lists, link targets and media elements gone, a lone link kept, navigation above the H1 and
# tables of contents out, imports inside code kept, multi-line components, Obsidian's wikilinks and block ids;
# 14: %VAR% paths as words, mdBook's boxes, include parts and titles, site-absolute imports, ids with dots,
# <img> elements and text-less JSX widgets gone, long CamelCase names kept, GitHub wikis' links and titles;
# 15: a front-matter lead-in marked as one; MDX export statements, their FAQ items as sections; pages kept
# out of search skipped; definition lists; headings over markup without words dropped; heading ids unsearched;
# 16: backslash escapes searched as their character, <mark>/<font> highlights as their text, name parts leading
# with digits kept, ERB's page data and warnings shown, [[toc]] markers gone, badges as their word, VitePress
# tabs titled, lists of links to other pages left out, an HTML heading in indented code left as code, `##Title`
# a heading; 17: a code block cut in pieces closed and reopened in each)
EMBED_FORMAT = "17"


@dataclass
class Chunk:
    text: str                         # the Markdown as written
    heading_path: tuple[str, ...]     # (title, h2, h3 ...)
    anchor: str
    start_line: int                   # 1-based, inclusive
    end_line: int                     # 1-based, inclusive
    tokens: int = 0                   # of embed_text, without [CLS]/[SEP]
    noise: bool | None = None         # cut from a code block or table: that block's verdict; None: its own text's
    lead_in: bool = False             # the front matter's description of the page (markdown.Section.lead_in)

    @property
    def is_noise(self) -> bool:
        return self.noise if self.noise is not None else word_share(self.text) < MIN_WORD_SHARE

    @property
    def section(self) -> str:
        return " > ".join(self.heading_path[1:]) or self.heading_path[0]

    @property
    def embed_text(self) -> str:
        """What gets embedded: where the text sits, then the text. Helps short sections match."""
        return " > ".join(self.heading_path) + "\n" + searchable(self.text)

    @cached_property
    def content_hash(self) -> str:
        return hashlib.sha256((" > ".join(self.heading_path) + "\n" + self.text).encode()).hexdigest()[:16]


class TokenCounter:
    """Counts word pieces with the model's tokenizer.json (the fast `tokenizers` library, no torch)."""

    def __init__(self, tokenizer_file: Path):
        from tokenizers import Tokenizer
        self._tok = Tokenizer.from_file(str(tokenizer_file))
        self._tok.no_truncation()
        self._tok.no_padding()

    def counts(self, texts: list[str]) -> list[int]:
        if not texts:
            return []
        return [len(e.ids) for e in self._tok.encode_batch(texts, add_special_tokens=False)]

    def count(self, text: str) -> int:
        return self.counts([text])[0]


class _SeenCounter:
    """Counts what the model will see of a text (its searchable form): a link's URL or a pasted blob takes
    no room in the window, so a page with long URLs chunks like the same page without them."""

    def __init__(self, counter: TokenCounter):
        self._counter = counter

    def counts(self, texts: list[str]) -> list[int]:
        return self._counter.counts([searchable(t) for t in texts])

    def count(self, text: str) -> int:
        return self.counts([text])[0]


@dataclass
class _Piece:
    start: int      # 0-based line
    end: int        # 0-based line after
    text: str
    tokens: int
    noise: bool | None = None   # its verdict as noise; None: too short to tell (_is_noise)
    fixed: bool = False         # the verdict is its code block's or table's, judged whole (_block_verdicts)


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
            out[i:j] = [word_share("".join(lines[i:j])) < MIN_WORD_SHARE] * (j - i)
        i = j
    return out


def _split_oversized(piece: _Piece, lines: list[str], budget: int, counter: TokenCounter) -> list[_Piece]:
    """A block over budget: by lines, and a line over budget by words."""
    out: list[_Piece] = []
    line_texts = lines[piece.start:piece.end]
    verdicts = _block_verdicts(line_texts)
    for offset, (line, n) in enumerate(zip(line_texts, counter.counts(line_texts))):
        i, v = piece.start + offset, verdicts[offset]
        if n <= budget:
            out.append(_Piece(i, i + 1, line, n, v, v is not None))
            continue
        words = _WORDS.findall(line)
        for word, k in zip(words, counter.counts(words)):
            if k <= budget:
                out.append(_Piece(i, i + 1, word, k, v, v is not None))
                continue
            step = max(len(word) * budget // (2 * k), 1)   # a run with no spaces: cut by characters
            for s in range(0, len(word), step):
                part = word[s:s + step]
                out.append(_Piece(i, i + 1, part, counter.count(part), v, v is not None))
    return out


def _pack(pieces: list[_Piece], budget: int, counter: TokenCounter) -> list[_Piece]:
    """Greedy: consecutive pieces share a chunk while they fit, and while both are text or both are noise
    (so a paragraph is never lost with the base64 block after it). Word-piece counts add up across
    whitespace boundaries; where a run without spaces was cut by characters they do not, so the joined
    text is counted again."""
    packed: list[_Piece] = []
    for p in pieces:
        p_noisy = p.noise if p.fixed else _is_noise(p.text)
        last = packed[-1] if packed else None
        if last and len({last.noise, p_noisy} - {None}) < 2:      # both text, both noise, or one too short
            at_space = last.text[-1:].isspace() or p.text[:1].isspace()
            joined = last.tokens + p.tokens if at_space else counter.count(last.text + p.text)
            if joined <= budget:
                packed[-1] = _Piece(last.start, p.end, last.text + p.text, joined,
                                    p_noisy if last.noise is None else last.noise, last.fixed or p.fixed)
                continue
        packed.append(_Piece(p.start, p.end, p.text, p.tokens, p_noisy, p.fixed))
    return packed


def _same_kind(a: Chunk, b: Chunk) -> bool:
    kinds = {c.noise if c.noise is not None else _is_noise(c.text) for c in (a, b)} - {None}
    return len(kinds) < 2


# A paragraph that is one address or link and nothing else. Its host can read as data (Kagi's Tor address,
# "kagi2pv5...onion", 0% words), but it is what the page gives: it goes with the text beside it. Dropped alone,
# "What is Kagi's onion address?" was answered "...via the following Onion link:" and nothing after it.
_LONE_LINK = re.compile(r"\s*(?:<?(?:https?|ftp)://[^\s<>]+>?|!?\[[^\]\n]*\]\([^()\s]+\))\s*")


def _is_noise(text: str) -> bool | None:
    """None for a piece too short to tell (a blank line, a lone "→" cut from a long line) or a lone link: it goes
    with either."""
    if len(text.strip()) < 32 or _LONE_LINK.fullmatch(text):
        return None
    return word_share(text) < MIN_WORD_SHARE


def _pack_rows(rows: list[_Piece], first_room: int, room: int, counter: TokenCounter) -> list[_Piece]:
    """Table rows into groups: the first also carries what stands before the table, so it has less room;
    the others are filled to the whole room, so no two of them fit one chunk together and get packed into
    one with a header in its middle."""
    first = _pack(rows, first_room, counter)[0]
    taken = list(itertools.accumulate(len(r.text) for r in rows)).index(len(first.text)) + 1
    return [first, *_pack(rows[taken:], room, counter)]


def _table_pieces(unit: _Piece, table: int, lines: list[str], budget: int,
                  counter: TokenCounter) -> list[_Piece] | None:
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
    rows = _split_oversized(_Piece(rows_start, unit.end, "", 0), lines, first_room, counter)
    groups = _pack_rows(rows, first_room, room, counter)
    out = [_Piece(g.start, g.end, head + g.text, head_tokens + g.tokens) for g in groups]
    out[0] = _Piece(unit.start, groups[0].end, lead + groups[0].text, lead_tokens + groups[0].tokens)
    return out


def _section_pieces(lines: list[str], sec: Section, budget: int, counter: TokenCounter) -> list[_Piece]:
    bounds = [sec.start, *sec.block_starts, sec.end]
    units = [(a, b, "".join(lines[a:b])) for a, b in itertools.pairwise(bounds) if b > a]
    if sec.anchor and len(units) > 1:   # a heading goes with the block under it, never alone in a chunk
        (a, _, head), (_, b, first) = units[0], units[1]
        units[:2] = [(a, b, head + first)]
    counts = counter.counts([t for _, _, t in units])
    pieces: list[_Piece] = []
    room = 0        # what a piece of a split code block needs for the fences it repeats
    for (a, b, text), n in zip(units, counts):
        unit = _Piece(a, b, text, n)
        if n <= budget:
            pieces.append(unit)
            continue
        table = next((t for t in sec.tables if a <= t < b), None)    # the unit's block, under its heading
        split = table is not None and _table_pieces(unit, table, lines, budget, counter)
        room = room if split else max(room, _fence_room(lines[a:b], counter))
        pieces.extend(split or _split_oversized(unit, lines, budget, counter))
    return _reopened(_pack(pieces, budget - room, counter), counter)


def _fence_room(lines: list[str], counter: TokenCounter) -> int:
    """Word pieces a code block's opening line and a closing fence take, for the longest in these lines."""
    opened = [line + fence for line in lines if (fence := fences.opening(line))]
    return max(counter.counts(opened), default=0)


def _reopened(pieces: list[_Piece], counter: TokenCounter) -> list[_Piece]:
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
            out[i] = _Piece(a.start, a.end, closed, counter.count(closed), a.noise, a.fixed)
            out[i + 1] = _Piece(b.start, b.end, opened, counter.count(opened), b.noise, b.fixed)
    return out


def _merge_tiny(chunks: list[Chunk], min_tokens: int, max_tokens: int, counter: TokenCounter) -> list[Chunk]:
    """Fold a chunk under min_tokens into its next (else previous) neighbour when the result still fits.
    The merged chunk is cited by the larger part's heading. A longer chunk of headings alone stays: Prometheus'
    runbooks open with the alert's name as the H1 (over 24 word pieces), and folded into the next section it
    found its page less often (6 wordings of 108 alerts, file hit@1 612 -> 591 of 648); an answer it leads
    shows the section after it (app/answer.py)."""
    out = list(chunks)
    i = 0
    while i < len(out):
        c = out[i]
        if c.tokens >= min_tokens or len(out) == 1:
            i += 1
            continue
        for j in (i + 1, i - 1):
            if not 0 <= j < len(out):
                continue
            a, b = (c, out[j]) if j > i else (out[j], c)
            if a.end_line + 1 != b.start_line or not _same_kind(a, b):
                continue
            if c.anchor != out[j].anchor and has_body(c.text):
                continue        # a short section of its own ("Card size: Defines the width of a card.") stays citable
            head = a if a.tokens > b.tokens else b
            merged = Chunk(a.text + b.text, head.heading_path, head.anchor, a.start_line, b.end_line,
                           noise=b.noise if a.noise is None else a.noise)
            merged.tokens = counter.count(merged.embed_text)
            if merged.tokens <= max_tokens:
                out[min(i, j)] = merged
                del out[max(i, j)]
                i = max(min(i, j) - 1, 0)
                break
        else:
            i += 1
    return out


def _fit_path(path: tuple[str, ...], counter: TokenCounter, limit: int) -> tuple[str, ...]:
    """A heading path whose prefix takes at most `limit` word pieces: middle levels go first, then the
    longest heading is shortened. Only absurd headings are touched; the text itself is never cut."""
    parts = list(path)
    size = lambda: counter.count(" > ".join(parts) + "\n")
    while len(parts) > 2 and size() > limit:
        del parts[1]
    while size() > limit and max(len(p) for p in parts) > 1:
        i = max(range(len(parts)), key=lambda k: len(parts[k]))
        parts[i] = parts[i][: len(parts[i]) * 2 // 3]
    return tuple(parts)


def chunk_document(doc: Document, counter: TokenCounter, max_tokens: int = 200, min_tokens: int = 24) -> list[Chunk]:
    """Heading sections -> chunks of at most max_tokens word pieces (heading prefix included)."""
    chunks: list[Chunk] = []
    seen = _SeenCounter(counter)
    for sec in doc.sections:
        path = _fit_path(sec.heading_path, counter, max_tokens // 2)
        prefix_tokens = counter.count(" > ".join(path) + "\n")
        budget = max_tokens - prefix_tokens
        for p in _section_pieces(doc.lines if sec.lines is None else sec.lines, sec, budget, seen):
            first, after = sec.cite or (p.start, p.end)    # front-matter prose: cite its lines in the file
            chunk = Chunk(p.text, path, sec.anchor, first + 1, after, noise=p.noise if p.fixed else None,
                          lead_in=sec.lead_in)
            chunk.tokens = prefix_tokens + p.tokens
            chunks.append(chunk)
    chunks = [c for c in chunks if c.text.strip()] if any(c.text.strip() for c in chunks) else chunks
    return _merge_tiny(without_empty_sections(chunks), min_tokens, max_tokens, counter)
