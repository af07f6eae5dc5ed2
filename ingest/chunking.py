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

from . import fences, pieces
from .empty_sections import has_body, without_empty_sections
from .markdown import Document
from .words import MIN_WORD_SHARE, searchable, word_share

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
# a heading; 17: a code block cut in pieces closed and reopened in each, a bold title kept with its block, HTML
# callouts and figures as the site shows them, mdBook includes of any text file, Hugo's Markdown shortcodes,
# Middleman's partials, GitHub docs' reusables and variables, Liquid conditions by name unshown, <Details header>;
# 18: a box, tab or FAQ item a chunk of its own, Hugo's highlight/mermaid as code, Docsy tab headers, one-line
# shortcode wrappers, MDX comments gone, tab values as labels, embeds as links, <script>/<style>/<head> gone,
# pages Hugo never lists skipped; 19: VuePress's <Content> includes, Middleman partials of link definitions, Vue
# components in kebab case, boxes and fenced code inside list items, a fence's opening line never ending a piece,
# question= titles, JSON FAQs in front matter, Jekyll posts named without their date and its site settings shown,
# headings written as list items, [[1]](url) as a link, tag arguments with escaped quotes, a title that is the H1
# and the site's name read as the H1; 20: layout <div>s and inline SVG gone, linked pictures gone, a heading's
# picture as its alt text, Liquid boxes titled by their kind, names with digits inside kept as words, not-found
# pages skipped, tab labels listed with their values, a page written in HTML read as the site shows it; 21: HTML
# tables as pipe tables, runs of blank lines shown as one, Jekyll include parameters and HTML includes, MkDocs'
# include-markdown parts, Premonition boxes, url filters and page tags as link targets, attr_list ids unshown, a
# deeper heading named like the title kept, a URL with a hash in its path kept as words, pointers to 1-2 pages out;
# 22: a code block's closing line never opening a piece, a description that repeats the title no lead-in, a blank
# line kept at a passage's end where markup was blanked, a lead-in kept with the tab title under it, a box titled by
# its kind kept with its item, lists after a component nested, ERB's link_to a link, GitBook's file card a link,
# Mintlify's API fields named, Mintlify snippets read, HTML tables on one line as pipe tables, HTML in code searched,
# pymdownx blocks titled, definition list terms packed, Hugo's details titled, MDX exports wrapped after =, JSX
# attributes holding => and children= read; 23: lists of pages with what each holds out, a loose list item's text
# kept with its title, numbered steps packed together, an image's file name no words, loose definition
# lists' terms bold, a component's title over a heading under it, a summary over three lines a title, an MDX comment
# holding code out, a later tab's title out of the list before it, an HTML table under a tag read,
# a lead-in wrapped over lines kept with its block, a picture component's label its caption, an embed named in words;
# 24: link cards a list of pages, HTML tables with spanning cells as pipe tables, a URL's escaped characters as word
# breaks, pages a SUMMARY.md leaves out skipped, a setting shortcode's facts, Hugo tabs and callouts titled, a style
# naming no box no title, a component's text on its tag line titled, a centered video a link, a lead-in said once;
# 25: footnotes numbered; 26: Mermaid diagrams read as lists, a `{placeholder}` in inline code no MyST role,
# Wiki.js boxes, tabsets, classes and image sizes read, an HTML heading's id its anchor, a linked picture a link,
# an MDX page's {metadata.title} filled in, a short example a lead-in announces kept with it, an icon component
# its alt text, a component's entries given as data a list, a summary= attribute a title, Markdoc's heading=,
# badges and API operations, its tables pipe tables, an inline SVG its label, a heading's empty <a id> out of its line;
# 27: a heading's permalink sign out of its title, an HTML table whose HTML goes on after a blank line read whole, an
# HTML definition list as bold terms, a Q:/A: pair one item, a box title inside a list item kept with its text, a
# <p class="warning"> a box, a labelled table of contents dropped, an address line above the H1 navigation;
# 28: elements marked markdown read as Markdown, words joined by + kept, an untyped Callout untitled, a long line cut
# between sentences; 29: a code block takes the paragraph above it along, a piece opening inside a list item
# reads the item's blocks as code, a table shown without its padding, ++ctrl+c++ as Ctrl+C, a description the
# page says word for word no lead-in, a lead-in over a box no text of the box's own, a code block longer than
# a chunk starting one; 30: TOML between --- lines, a heading alone whose section goes on dropped, Grav's notices,
# a <summary> opening a list item, a title over a lead-in and code moving with them, an item with its sub-items,
# placeholder sections, a picture in a sentence its alt text, VitePress imports; 31: a plain <Icon alt> its alt,
# braces in a JSX expression's strings, site-defined /// blocks untitled, a heading of no words no section, a
# tab-indented component body dedented, a link to its own id its name, a one-word description no lead-in, a comment
# run in code kept whole, a caption a sentence, Shiki's [!code] comments gone; 32: footnote marks as superscripts,
# front matter with tab-indented lines read, a Hugo shortcode holding code read, a heading's link to an anchor of its
# page its words, a short example a lead-in announces joining its chunk, a code block cut inside a line reopened,
# a table cell's escaped brackets kept, MkDocs nav titles without HTML, Fumadocs step headings numbered, a grid of
# cards kept whole, MDC nested cards, icons and bare components read; 33: a tab group holding headings as
# sections, Wiki.js attributes after a blank, a heading's icon it repeats read once, a <<< import of any text file,
# a lone <div> an MDX wrapper, Mintlify's sized step titles headings, a heading's permalink sign gone, links among a
# list's items kept, an API field's heading run into its text; 34: Mintlify's tabs holding headings as sections,
# a component's sentences given as data a list, a file tree a nested list, a button a link, {' '} a space, a
# badge component its kind, Hugo's inline code a code span and a version badge its version, a Mermaid <div> a
# diagram, MDX exports in a row, a span's made-up table columns gone, a Liquid box titled by its title, a Jekyll
# include's conditions on its parameters decided, two same-page links a table of contents, <hr> a break, CJK prose
# words, a site's own magic comments gone, an HTML box's indented body its text, an HTML include's blank lines gone,
# a video component a link, a string expression as code, Fumadocs' <TypeTable> a list of fields, a FAQ page's
# question its title, an empty anchor before a heading's words leaving it a heading; 35: a notice box above the H1
# leaving it the title, a wiki page of several H1s titled by its name, a page reference a link, links under a
# numbered step's heading kept, a MkDocs box indented by tabs and a heading repeating its title said once, an
# icon-only definition term not bold, link lists under underlined headings navigation; 36: a Liquid tag over a blank
# line a tag, a title line bold with underscores, a numbered page titled by its first H1, a template variable
# opening a link's address the site root, an inline picture component its alt text, a paragraph above the H1 text
# not a banner, an include's content= its text, Jekyll's highlight tag a code block, a figure over lines its image
# and caption, a wrapper over a table no HTML block)
EMBED_FORMAT = "36"


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


def _same_kind(a: Chunk, b: Chunk) -> bool:
    kinds = {c.noise if c.noise is not None else pieces.is_noise(c.text) for c in (a, b)} - {None}
    return len(kinds) < 2


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
        bare = _bare_heading(c, out[i + 1] if i + 1 < len(out) else None)
        if (c.tokens >= min_tokens and not bare) or len(out) == 1:
            i += 1
            continue
        for j in ((i + 1,) if bare else (i + 1, i - 1)):
            if not 0 <= j < len(out):
                continue
            a, b = (c, out[j]) if j > i else (out[j], c)
            if a.end_line + 1 != b.start_line or not _same_kind(a, b):
                continue
            if c.anchor != out[j].anchor and has_body(c.text):
                continue        # a short section of its own ("Card size: Defines the width of a card.") stays citable
            head = a if a.tokens > b.tokens else b
            # two pieces of one cut code block join without the fence closed and reopened between them
            closed, opened = fences.seam(a.text, b.text)
            text = a.text[:len(a.text) - closed] + b.text[opened:]
            merged = Chunk(text, head.heading_path, head.anchor, a.start_line, b.end_line,
                           noise=b.noise if a.noise is None else a.noise)
            merged.tokens = counter.count(merged.embed_text)
            if merged.tokens <= max_tokens:
                out[min(i, j)] = merged
                del out[max(i, j)]
                i = max(min(i, j) - 1, 0)
                break
            if j > i and _continued(c, out[j]):
                del out[i]      # its heading path goes with the piece that follows; at the end of the last, it
                break           # titled nothing there (wallabag: "## Configuration on Apache" over a long config)
        else:
            i += 1
    return out


def _continued(c: Chunk, after: Chunk) -> bool:
    """Whether a chunk is headings alone and its section goes on in the next chunk, which is cited by the same
    heading and embedded under its path: nothing of it is lost without it."""
    return (not has_body(c.text) and after.anchor == c.anchor and after.heading_path == c.heading_path
            and after.start_line == c.end_line + 1 and not after.is_noise)


def _bare_heading(c: Chunk, after: Chunk | None) -> bool:
    """Whether a chunk is a heading below the page's title with only its subsections under it, the next chunk the
    first of them: it folds into that one, however long its heading path. Kept, it led answers with a title over
    nothing (PX4's developer guide: "Black Magic / Dronecode Probe" over its subsections led "flashing with black
    magic probe: Error erasing flash"; 33 such chunks in Seafile's docs, 20 in PX4's, 8 in mailcow's)."""
    path = c.heading_path
    return (len(path) > 1 and not has_body(c.text) and after is not None
            and len(after.heading_path) > len(path) and after.heading_path[:len(path)] == path)


_BLANK_RUN = re.compile(r"\n(?:[ \t]*\n){2,}")


def _tidy(text: str) -> str:
    """A passage without the runs of blank lines that blanked markup leaves (lines are kept for citations, not
    shown): outside code, at most one blank line in a row. The LineageOS wiki: 726 chunks with 3 or more in a row,
    Invoice Ninja's answers 3-4 between paragraphs in 6 of 36, and a converted HTML table (ingest/html_tables.py)
    is followed by as many as the HTML had lines. One stays at the end: a passage ending without one was cut inside
    its last block, and answers joined the next passage to it (app/blocks._continues; the EdgeTX manual: 55 of 281
    seams in 29 files, a box and the paragraph after it shown as one in 8 of 36 answers)."""
    if not _BLANK_RUN.search(text) and not _PADDED_ROW.search(text):
        return text
    return fences.outside(text, lambda part: _PADDED_ROW.sub(_unpadded, _BLANK_RUN.sub("\n\n", part)))


# A table row as written to line up in the source: its cells padded to the column's width, its separator's dashes as
# long. Rendered, nothing of it shows; as text it was 0.32 of Linkwarden's passages and 0.28 of Karakeep's, and one
# answer of 12.6 KB half spaces. Words and tokens are the same without it (the model reads runs of blanks as one).
_PADDED_ROW = re.compile(r"^([ \t]*)(\|.*(?: {2}|-{4}).*)$", re.M)
_RULE = re.compile(r"(?<=[|:])-{4,}|-{4,}(?=[|:])")


def _unpadded(m: re.Match) -> str:
    """The row with one blank where it had a run of them, and a separator's dashes three to a column."""
    row = m.group(2)
    if set(row) <= set("|:- \t"):
        row = _RULE.sub("---", row.replace(" ", ""))
    return m.group(1) + re.sub(r" {2,}", " ", row)


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
        for p in pieces.section_pieces(doc.lines if sec.lines is None else sec.lines, sec, budget, seen):
            first, after = sec.cite or (p.start, p.end)    # front-matter prose: cite its lines in the file
            chunk = Chunk(_tidy(p.text), path, sec.anchor, first + 1, after, noise=p.noise if p.fixed else None,
                          lead_in=sec.lead_in)
            chunk.tokens = prefix_tokens + p.tokens
            chunks.append(chunk)
    chunks = [c for c in chunks if c.text.strip()] if any(c.text.strip() for c in chunks) else chunks
    return _with_examples(_merge_tiny(without_empty_sections(chunks), min_tokens, max_tokens, counter), counter)


def _with_examples(chunks: list[Chunk], counter: TokenCounter) -> list[Chunk]:
    """A chunk of non-words that the chunk before it announces (pieces.announced) joins it, over the size if need
    be: it is the example a lead-in promises, its words add nothing to the search, and alone it was dropped as
    noise, the answer ending at the colon (Portainer's Edge ID under "It will look like the following:", in a box
    whose text had filled its chunk)."""
    out: list[Chunk] = []
    for i, c in enumerate(chunks):
        before = out[-1] if out else None
        whole = i + 1 == len(chunks) or chunks[i + 1].start_line > c.end_line     # not a piece of a longer line
        if (before is not None and whole and c.is_noise and not before.is_noise and before.anchor == c.anchor
                and before.end_line + 1 == c.start_line and pieces.announced(before.text, c.text)):
            joined = Chunk(before.text + c.text, before.heading_path, before.anchor, before.start_line, c.end_line,
                           noise=before.noise, lead_in=before.lead_in)
            joined.tokens = counter.count(joined.embed_text)
            out[-1] = joined
        else:
            out.append(c)
    return out
