"""Keep noise out of the index and say so: chunks that are mostly non-words, files that would flood it,
and progress lines so a long ingest is never silent."""
from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from .chunking import Chunk, TokenCounter
from .empty_sections import has_body
from .fences import LIST_ITEM
from .headings import HEADING_LINE, SETEXT
from .link_targets import SCHEME
from .markdown import Document, ParseError
from .words import searchable

LARGE_FILE_BYTES = 1024 * 1024   # a file this big gets its own progress line (chunking it takes seconds)
NOTE_EVERY_S = 60.0


class Skipped(ParseError):
    """A readable file with nothing to index: reported as skipped, not failed."""

    def __init__(self, reason: str, version: str | None = None):
        super().__init__(reason)
        self.version = version        # the file version it was found empty at: not parsed again while unchanged


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB" if n >= 1024 else f"{n} B"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


# A page that says it is blank on purpose, in any emphasis ("*This page left intentionally blank*")
_BLANK_ON_PURPOSE = re.compile(r"\W*(?:this page (?:is |has been |was )?)?(?:intentionally left|left intentionally) "
                               r"blank\W*", re.I)


@dataclass(frozen=True)
class Limits:
    """How many chunks a file may make. Per heading section: a log or a data dump is one long section, a
    manual kept in one file is many short ones (the Obsidian help as one page per side: 1,807 chunks, at
    most 5 in a section; the longest section of the five bench and check corpora, 626 files: 25 chunks).
    Per file: off unless set (`chunking.max_file_mb` bounds a file)."""
    per_section: int
    per_file: int | None = None


def estimate_chunks(doc: Document, counter: TokenCounter, max_tokens: int, limits: Limits, corpus: str) -> None:
    """Refuse a file that would make far more chunks than its limits before spending the time to chunk it
    (a 3 MB log): the tokenizer counts what the model would see of the file (when a file limit is set) and of
    each section long enough to be over; a chunk holds at most max_tokens."""
    text = "".join(doc.lines)
    least = min(n for n in (limits.per_section, limits.per_file) if n)
    if len(text) < least * max_tokens:          # a word piece is at least one character: cannot be over
        return
    if limits.per_file:
        n = counter.count(searchable(text)) // max_tokens
        if n > limits.per_file:
            raise ParseError(_over_file(n, limits.per_file, corpus, about=True))
    for sec in doc.sections:
        own = doc.lines if sec.lines is None else sec.lines
        part = "".join(own[sec.start:sec.end])
        if len(part) >= limits.per_section * max_tokens:
            n = counter.count(searchable(part)) // max_tokens
            if n > limits.per_section:
                raise ParseError(_over_section(sec.heading_path, n, limits.per_section, about=True))


def _over_file(n: int, limit: int, corpus: str, about: bool = False) -> str:
    return (f"would make {'about ' if about else ''}{n:,} chunks, over the limit of {limit:,} per file "
            f"(chunking.max_chunks_per_file or corpora.{corpus}.max_chunks_per_file)")


def _over_section(path: tuple[str, ...], n: int, limit: int, about: bool = False) -> str:
    return (f"section '{' > '.join(path)}' would make {'about ' if about else ''}{n:,} chunks, "
            f"over the limit of {limit:,} per section (chunking.max_chunks_per_section): "
            "a log or data dump? Headings split a long document")


# A list item or line that is a link and nothing else. A page made only of them (headings aside) is a site's
# navigation: GitBook's and mdBook's SUMMARY.md was indexed as "Table of contents", cited in 5 of 37 answers of
# GitBook's help center. Of 1,168 files (the bundled KB, the bench corpora, four unseen doc sites) it is the one.
# mdBook separates a SUMMARY's parts with `---`: Anki's FAQ book was cited in 11 of 36 answers until a break
# stopped counting as text.
# A full stop or comma after the link is still a link alone (Metabase's troubleshooting index: "- [Running the
# Metabase JAR](./running.html)." kept 7 chunks of such lists, cited 8 times in 7 of 36 answers).
_LINK_LINE = re.compile(r"\s*(?:(?:[-*+]|\d+[.)])\s+)?\[[^\]]*\]\([^)]*\)[.,;]?\s*")
# blank, a heading, a thematic break, a group's bold label (Docsify's _sidebar.md: "- **Getting Started**" kept 2
# of its chunks, one cited)
_NOT_TEXT = re.compile(r"\s*(?:#{1,6}(?:\s.*)?|(?:[-*_]\s*){3,}|(?:[-*+]\s+)?\*\*[^*\n]+\*\*)?")
NAVIGATION_LINKS = 3         # fewer links is a stub page, reported as what it is


# A link card (Mintlify's <Card href>, Starlight's <LinkCard>: ingest/mdx_blocks.py) shows as a bold link over a
# line of what its page holds, "**[Refunds](/features/refunds)**  \nHow to refund an order.": read as the entry
# it is. Hoppscotch's index pages led 4 of 36 answers with such cards; Polar ends pages with "Next steps" of them.
_CARD = re.compile(r"^([ \t]*)\*\*(\[[^\]\n]*\]\([^)\n]*\))\*\*[ \t]*(\n[ \t]*(?=\S)(?!\*\*\[))?", re.M)


def _lines(text: str) -> list[str]:
    """The lines that are not headings, breaks or labels, a link card joined into one entry line."""
    text = _CARD.sub(lambda m: m.group(1) + m.group(2) + (": " if m.group(3) else ""), text)
    # a heading underlined (setext) is a heading too: Kanboard's docs title every page so, and its index's lists of
    # links under "Using Kanboard" over a row of dashes were kept as text (cited in 1 of 36 answers)
    text = SETEXT.sub("", text) if "\n=" in text or "\n-" in text else text
    return [line for line in text.splitlines() if not _NOT_TEXT.fullmatch(line)]


def _navigation(chunks: list[Chunk], line: re.Pattern = _LINK_LINE, least: int = NAVIGATION_LINKS) -> bool:
    lines = [text for c in chunks for text in _lines(c.text)]
    return len(lines) >= least and all(line.fullmatch(text) for text in lines)


# A passage of links to the page's own sections is its table of contents: Kagi's FAQ, 13 chunks, cited under
# "See also" in 5 of 36 answers. Links to other pages stay: "Integrations: [Slack](slack.md) ..." answers
# "do you integrate with Slack?".
_ANCHOR_LINE = re.compile(r"\s*(?:(?:[-*+]|\d+[.)])\s+)?\[[^\]]*\]\(#[^)]*\)[.,;]?\s*")


# Its label is no lead-in announcing a list of the text's own ("Table of Contents:" over 13 links in Miniflux's FAQ,
# over 49 in its API reference: kept in 5 pages and cited 3 times); it goes with the list.
_CONTENTS_LABEL = re.compile(r"[ \t]*(?:\*\*|__)?(?:table of contents|contents|on this page|in this (?:article|page|"
                             r"guide|document)|jump to)(?:\*\*|__)?[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*", re.I)
_ANCHOR_OR_LABEL = re.compile(f"{_ANCHOR_LINE.pattern}|{_CONTENTS_LABEL.pattern}", re.I)


# Two links to the page's own sections and nothing else are its contents too (PrestaShop's FAQ pages open with
# two or three, cited as noise in 6 of 36 answers); a link to another page needs three to be navigation.
CONTENTS_LINKS = 2


def _contents(chunk: Chunk) -> bool:
    return _navigation([chunk], _ANCHOR_OR_LABEL, least=CONTENTS_LINKS)


# One that shares its chunk with the page's text goes from it, the text staying: BookStack's debugging page showed
# its 9-link contents under the answer's first sentence; Segment's docs hold 21 such chunks, Codacy's 16.
_CONTENTS_RUN = re.compile(r"(?m)(?:^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[^\]\n]*\]\(#[^)\n]*\)[ \t]*\n(?:[ \t]*\n)?)"
                           f"{{{NAVIGATION_LINKS},}}")


# Links among other items of one list are its entries: Kopia's "supports all of the following storage locations:"
# lost Azure, Backblaze B2 and Google Cloud Storage, three bare links between items with sub-items.
_IN_LIST = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]+\S|[ \t]{2,}\S")


def _without_contents(chunk: Chunk) -> Chunk | None:
    """The chunk without a table of contents it holds beside other text, or None when it holds none. A list a
    lead-in announces is the text's own (Plausible's "The configuration process consists of four major stages:"
    over links to the four), and so are links among the other items of a list: they stay."""
    text, cut = chunk.text, []
    for m in _CONTENTS_RUN.finditer(text):
        before = text[:m.start()].rstrip()
        label = before.rsplit("\n", 1)[-1]
        after = text[m.end():].lstrip("\n").split("\n", 1)[0]
        if _CONTENTS_LABEL.fullmatch(label):
            cut.append((len(before) - len(label), m.end()))     # the label goes with its list
        elif not before.endswith(":") and not _IN_LIST.match(label) and not _IN_LIST.match(after):
            cut.append(m.span())
    for a, b in reversed(cut):
        text = text[:a] + text[b:]
    return replace(chunk, text=text) if text != chunk.text and text.strip() else None


# A passage of links to other pages of the knowledge base is navigation too: the pages it lists carry the text.
# MoJ's Cloud Platform guide opens with 23 such chunks (its contents page; cited in 10 of 36 answers), BTCPay's
# FAQ index is 28 (cited in 7), and Plane's "Troubleshoot" sections list the pages that fix each error (an
# answer was one "- [Failed to update Prime CLI](...)" line). A list whose links lead outside the knowledge base
# ("Integrations: [Slack](slack.md)" with no such page) is kept: there it is the only text.
_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
Pages = Callable[[str], bool]        # whether a link's target is another page of the knowledge base


# One or two such links under a heading are a pointer too, kept out as a longer list is (a page of them is a stub,
# reported as one): Codacy's docs end 38 pages with "See also" and one or two links, cited 20 times in 13 of 36
# answers and leading 2 ("- [Changing your plan and billing](...)"); none in the bench corpora or the bundled KB.
# So is a list of such links that each say in a line what their page holds: Documenso's docs end 106 pages with
# "See Also" lists of "- [Environment Variables](...) - Complete configuration reference", and Zettlr's welcome
# page is 3 chunks of "[**File Manager**](./file-manager/index.md): Describes the file manager..." (cited in 8 of
# 36 answers, outranking the pages they describe). Two at least: one such line can be a section's answer.
# Counted over the heading's section: a list cut over two chunks, or cards each a chunk of their own, is one list.
_ENTRY_LINE = re.compile(r"\s*(?:(?:[-*+]|\d+[.)])\s+)?\[[^\]]*\]\([^)]*\)(?:\s*[:\u2013\u2014]|\s+-)\s+\S.*")
_LISTED = re.compile(f"{_LINK_LINE.pattern}|{_ENTRY_LINE.pattern}")
ENTRIES = 2
# Under a heading that says it points elsewhere, one entry is a pointer too: filebrowser's 24 CLI pages (cobra's
# generated reference) end in "## See Also" and one "* [filebrowser completion](...) - Generate the ..." line,
# cited in 8 of 36 answers and the whole answer to "bash tab completion"
_POINTERS = re.compile(r"(?:see also|related(?: (?:pages|articles|topics|links|guides|docs))?|further reading)\W*",
                       re.I)


# Under a numbered step's heading the links are the step: "## 4. Configure webserver as a front-end proxy" over
# Caddy, Nginx and Apache pages (WeKan's Docker production guide lost steps 3 and 4 and jumped from 2 to 5; about
# 15 such sections in its wiki).
_STEP = re.compile(r"\s*(?:step\s*)?\d{1,2}[.):]?\s", re.I)


def _lists_pages(chunks: list[Chunk], pages: Pages | None) -> list[Chunk]:
    """The chunks that list other pages of the knowledge base: links alone, or entries saying what each page holds
    (ENTRIES at least in the section)."""
    if pages is None:
        return []
    listed = {id(c): c for c in chunks if _navigation([c], _LISTED, least=1)}
    entries = Counter()
    for c in listed.values():
        entries[c.anchor] += len(_lines(c.text))
    drop = [c for c in chunks if (_navigation([c], least=1) or id(c) in listed and (
        entries[c.anchor] >= ENTRIES or c.heading_path and _POINTERS.fullmatch(c.heading_path[-1].strip())))
            and _to_pages(c, pages) and not (c.heading_path and _STEP.match(c.heading_path[-1]))]
    return _whole_lists(chunks, drop)


def _whole_lists(chunks: list[Chunk], drop: list[Chunk]) -> list[Chunk]:
    """`drop` less the chunks that go on with a list a kept chunk of their section began: a list is one, kept or
    dropped whole. Saleor's security page lists its cleaner's settings under "configured through the following
    settings:", each "[`SETTING` (docs)](...) - what it does"; the last item, a chunk of its own, went as a list of
    pages, and with it that EDITOR_JS_LISTS_MAX_DEPTH defaults to 10. A grid of cards the same: Formbricks' "An
    end-to-end XM Suite" kept "Ask", the card sharing a chunk with the paragraph over the grid, and dropped
    "Analyze" and "Act" (17 of its 39 cards with text went so)."""
    gone, before = {id(c) for c in drop}, None
    for c in chunks:
        if (id(c) in gone and before is not None and id(before) not in gone and before.anchor == c.anchor
                and (LIST_ITEM.match(_edge(before.text, -1)) and LIST_ITEM.match(_edge(c.text, 0))
                     or _CARD.match(_edge(c.text, 0)) and _CARD.search(before.text))):   # a grid of cards too
            gone.discard(id(c))
        before = c
    return [c for c in drop if id(c) in gone]


def _edge(text: str, end: int) -> str:
    """The text's first (end=0) or last (end=-1) line that is not blank."""
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[end] if lines else ""


def _to_pages(chunk: Chunk, pages: Pages) -> bool:
    targets = _TARGET.findall(chunk.text)
    return not any(SCHEME.match(t) for t in targets) and any(pages(t) for t in targets)


def _all_elsewhere(chunks: list[Chunk]) -> bool:
    """Whether every link leads off the site: such a page is the content, not navigation (Datacoves' SSH keys page,
    links to GitHub's, GitLab's and Bitbucket's key settings, was skipped and its question missed)."""
    targets = [t for c in chunks for t in _TARGET.findall(c.text)]
    return bool(targets) and all(SCHEME.match(t) for t in targets)


def drop_noise(chunks: list[Chunk], dropped: Counter, limits: Limits, corpus: str,
               pages: Pages | None = None) -> tuple[list[Chunk], dict | None]:
    """Chunks worth storing, and what was dropped from the file ({"data_uris", "noise_chunks", "bytes",
    "reason"}) or None. Raises Skipped when nothing is left, ParseError when over the chunk limit. `pages`
    tells a link to another page of the knowledge base (None: no chunk is taken for a list of them)."""
    noise = [c for c in chunks if c.is_noise]
    text = [(c, _contents(c)) for c in chunks if not c.is_noise]
    contents, kept = [c for c, toc in text if toc], [c for c, toc in text if not toc]
    inner = {i: short for i, c in enumerate(kept) if (short := _without_contents(c)) is not None}
    cut = sum(len(kept[i].text.encode()) - len(short.text.encode()) for i, short in inner.items())
    kept = [inner.get(i, c) for i, c in enumerate(kept)]
    lists = _lists_pages(kept, pages)
    lists = lists if len(lists) < len(kept) else []          # a page of nothing else is navigation (below)
    kept = [c for c in kept if c not in lists]
    uris = dropped.get("data URIs", 0)
    size = dropped.get("bytes", 0) + cut + sum(len(c.text.encode()) for c in noise + contents + lists)
    parts = ([_plural(uris, "data URI")] if uris else []) + ([_plural(len(noise), "chunk") + " of non-words"]
                                                             if noise else [])
    parts += [_plural(len(contents) + len(inner), "table") + " of contents"] if contents or inner else []
    parts += [_plural(len(lists), "list") + " of links to other pages"] if lists else []
    note = {"data_uris": uris, "noise_chunks": len(noise), "bytes": size,
            "reason": f"{', '.join(parts)}, {_size(size)} dropped"} if parts else None
    if _navigation(kept) and not _all_elsewhere(kept):
        raise Skipped(f"navigation: only links to other pages ({sum(c.text.count('](') for c in kept)} links)")
    if not kept:
        raise Skipped("empty: no text to index" + (f" ({note['reason']})" if note else " (only front matter or blank)"))
    if not any(has_body(c.text) for c in kept):
        # a folder's page that is its title alone (Docsify's README.md: "# Airflow Reference"): the whole answer
        # to "my airflow keeps shutting down" was "**Airflow Reference** [1]" (Datacoves: 3 such pages, 5 citations)
        raise Skipped("empty: only headings, no text to index")
    if _BLANK_ON_PURPOSE.fullmatch(" ".join(line for c in kept for line in c.text.splitlines()
                                            if line.strip() and not HEADING_LINE.match(line))):
        # a placeholder that says so, as printed pages do: Node-RED's 8 "*This page left intentionally blank*" pages
        # were indexed and one cited as "[6] Settings"
        raise Skipped("empty: a page left blank on purpose")
    if limits.per_file and len(kept) > limits.per_file:
        raise ParseError(_over_file(len(kept), limits.per_file, corpus))
    per = Counter(c.anchor for c in kept)
    anchor, most = per.most_common(1)[0]
    if most > limits.per_section:
        path = next(c.heading_path for c in kept if c.anchor == anchor)
        raise ParseError(_over_section(path, most, limits.per_section))
    return kept, note


class Ticker:
    """Progress lines for people: a large file as it starts, and one line a minute (stderr is not a terminal)."""

    def __init__(self, note: Callable[[str], None] | None, every_s: float = NOTE_EVERY_S):
        self.note, self.every_s = note, every_s
        self.started = self.last = time.monotonic()

    def large_file(self, corpus: str, rel: str, size: int) -> None:
        if self.note and size >= LARGE_FILE_BYTES:
            self.note(f"ingest: {corpus} {rel}: {_size(size)}, chunking")

    def tick(self, corpus: str, done: int, total: int, chunks: int) -> None:
        now = time.monotonic()
        if self.note and now - self.last >= self.every_s:
            self.last = now
            self.note(f"ingest: {corpus} {done:,}/{total:,} files, {chunks:,} chunks, {now - self.started:.0f} s")
