"""Cut a parsed document into chunks that fit the embedding model's window.

Sections are split only where a top-level block starts (a paragraph, list, table or code block),
then by line, then by word, so every character lands in exactly one chunk. Tiny neighbours are
merged. Tokens are counted with the model's own WordPiece tokenizer, not tiktoken.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .markdown import Document, Section

_WORDS = re.compile(r"\S+\s*|\s+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")          # [text](url) and ![alt](src) -> text
_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M)   # [ref]: https://...
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_ATTR_LIST = re.compile(r"\{:[^}]*\}")                    # kramdown {: .class}
EMBED_FORMAT = "3"    # bump when chunks or embed_text change, so every stored vector is redone


def searchable(text: str) -> str:
    """Text as the model and BM25 should see it: link targets, HTML tags and attribute lists
    removed (URLs are noise to both and eat the 256-piece window). Never longer than the input."""
    text = _LINK.sub(r"\1", text)
    text = _REF_DEF.sub("", text)
    text = _HTML_TAG.sub(" ", text)
    return _ATTR_LIST.sub("", text)


@dataclass
class Chunk:
    text: str                         # the Markdown as written
    heading_path: tuple[str, ...]     # (title, h2, h3 ...)
    anchor: str
    start_line: int                   # 1-based, inclusive
    end_line: int                     # 1-based, inclusive
    tokens: int = 0                   # of embed_text, without [CLS]/[SEP]

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


@dataclass
class _Piece:
    start: int      # 0-based line
    end: int        # 0-based line after
    text: str
    tokens: int


def _split_oversized(piece: _Piece, lines: list[str], budget: int, counter: TokenCounter) -> list[_Piece]:
    """A block over budget: by lines, and a line over budget by words."""
    out: list[_Piece] = []
    line_texts = lines[piece.start:piece.end]
    for offset, (line, n) in enumerate(zip(line_texts, counter.counts(line_texts))):
        i = piece.start + offset
        if n <= budget:
            out.append(_Piece(i, i + 1, line, n))
            continue
        words = _WORDS.findall(line)
        for word, k in zip(words, counter.counts(words)):
            if k <= budget:
                out.append(_Piece(i, i + 1, word, k))
                continue
            step = max(len(word) * budget // (2 * k), 1)   # a run with no spaces: cut by characters
            for s in range(0, len(word), step):
                part = word[s:s + step]
                out.append(_Piece(i, i + 1, part, counter.count(part)))
    return out


def _pack(pieces: list[_Piece], budget: int, counter: TokenCounter) -> list[_Piece]:
    """Greedy: consecutive pieces share a chunk while they fit. Word-piece counts add up across
    whitespace boundaries; where a run without spaces was cut by characters they do not, so the joined
    text is counted again."""
    packed: list[_Piece] = []
    for p in pieces:
        last = packed[-1] if packed else None
        if last:
            at_space = last.text[-1:].isspace() or p.text[:1].isspace()
            joined = last.tokens + p.tokens if at_space else counter.count(last.text + p.text)
            if joined <= budget:
                packed[-1] = _Piece(last.start, p.end, last.text + p.text, joined)
                continue
        packed.append(p)
    return packed


def _section_pieces(doc: Document, sec: Section, budget: int, counter: TokenCounter) -> list[_Piece]:
    bounds = [sec.start, *sec.block_starts, sec.end]
    units = [(a, b, doc.text(a, b)) for a, b in zip(bounds, bounds[1:]) if b > a]
    if sec.anchor and len(units) > 1:   # a heading goes with the block under it, never alone in a chunk
        (a, _, head), (_, b, first) = units[0], units[1]
        units[:2] = [(a, b, head + first)]
    counts = counter.counts([t for _, _, t in units])
    pieces: list[_Piece] = []
    for (a, b, text), n in zip(units, counts):
        unit = _Piece(a, b, text, n)
        pieces.extend(_split_oversized(unit, doc.lines, budget, counter) if n > budget else [unit])
    return _pack(pieces, budget, counter)


def _merge_tiny(chunks: list[Chunk], min_tokens: int, max_tokens: int, counter: TokenCounter) -> list[Chunk]:
    """Fold a chunk under min_tokens into its next (else previous) neighbour when the result still fits.
    The merged chunk is cited by the larger part's heading."""
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
            if a.end_line + 1 != b.start_line:
                continue
            head = a if a.tokens > b.tokens else b
            merged = Chunk(a.text + b.text, head.heading_path, head.anchor, a.start_line, b.end_line)
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
    for sec in doc.sections:
        path = _fit_path(sec.heading_path, counter, max_tokens // 2)
        prefix_tokens = counter.count(" > ".join(path) + "\n")
        budget = max_tokens - prefix_tokens
        for p in _section_pieces(doc, sec, budget, counter):
            chunk = Chunk(p.text, path, sec.anchor, p.start + 1, p.end)
            chunk.tokens = prefix_tokens + p.tokens
            chunks.append(chunk)
    chunks = [c for c in chunks if c.text.strip()] if any(c.text.strip() for c in chunks) else chunks
    return _merge_tiny(chunks, min_tokens, max_tokens, counter)
