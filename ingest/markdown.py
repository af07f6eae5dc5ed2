"""Parse a Markdown file into a title, front matter and heading sections (markdown-it-py).

Sections keep the source lines untouched, so lists, tables and code blocks survive as written.
Template noise common in docs sites (ERB and Liquid tags, Liquid comments and output, kramdown attribute
lists, HTML entities, Hugo shortcodes, MDX imports, HTML headings; MkDocs, Docusaurus, mdBook and MyST boxes and
tabs become titled text: ingest/templates.py, ingest/mkdocs_blocks.py, ingest/mdx_blocks.py, ingest/admonish.py,
ingest/myst.py) is neutralised first, outside code, without changing the number of lines, and data-URI images
become a short placeholder, so line numbers always match the file on disk. Prose kept in front matter becomes
sections of its own (ingest/frontmatter.py).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from . import (
    admonish,
    alerts,
    code_notation,
    deflists,
    docsify,
    erb,
    fences,
    file_trees,
    footnotes,
    frontmatter,
    grav,
    highlight_comments,
    html_blocks,
    html_deflists,
    html_pages,
    html_tables,
    hugo_code,
    list_headings,
    markdoc_tables,
    md_in_html,
    mdc,
    mdx_blocks,
    mdx_exports,
    mermaid,
    mkdocs_blocks,
    myst,
    page_lines,
    page_titles,
    pymdownx_blocks,
    references,
    tab_headings,
    wikilinks,
)
from .data_uris import drop_data_uris
from .headings import attrs as heading_attrs
from .headings import front_matter_title, inline_text, shown_title, slugify, without_attrs
from .line_ends import ending
from .templates import strip_templates


class ParseError(ValueError):
    """A file that cannot be turned into sections; the message says why."""


@dataclass
class Section:
    heading_path: tuple[str, ...]   # document title first, then each heading down to this one
    anchor: str                     # slug of the heading, "" for text before the first heading
    start: int                      # 0-based first line (the heading line itself)
    end: int                        # 0-based line after the last one
    block_starts: list[int] = field(default_factory=list)  # where top-level blocks begin: safe split points
    tables: list[int] = field(default_factory=list)  # where top-level tables begin (their header row)
    lines: list[str] | None = None  # own text (front-matter prose): start/end index these, `cite` is on disk
    cite: tuple[int, int] | None = None  # 0-based lines of the file the own text comes from
    lead_in: bool = False           # the front matter's description (and the like) of the page


@dataclass
class Document:
    title: str
    meta: dict
    lines: list[str]                # the (cleaned) source, one entry per line, with line endings
    sections: list[Section]
    dropped: Counter = field(default_factory=Counter)   # what never reached the text: {"data URIs": n, "bytes": b}

    def text(self, start: int, end: int) -> str:
        return "".join(self.lines[start:end])


_MD = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
# Wiki.js: a heading classed `.tabset` is not shown, the headings under it are its tabs ("### Tab {.tabset}" over
# "#### MySQL"); in the heading path it read "Database > Tab > MySQL" in 122 chunks of 4 pages. Its line goes.
_TABSET = re.compile(r"\{[^{}]*\.tabset\b[^{}]*\}\s*$")
def clean_source(text: str) -> str:
    """Neutralise template syntax and alerts, MyST, MkDocs and MDX blocks without changing the number of lines."""
    text = fences.unwrap_mdx(text)
    labels = mdx_blocks.tab_labels(text)        # before exports go: a component the page exports may list them
    text = mdx_exports.convert(erb.render(text))
    for block_reader in (file_trees, tab_headings, list_headings, hugo_code, code_notation, markdoc_tables, mdc, alerts,
                         admonish, myst, deflists, grav, mkdocs_blocks, pymdownx_blocks, html_blocks, md_in_html,
                         html_tables, html_deflists):
        text = block_reader.convert(text)
    text = html_pages.convert(docsify.convert(mdx_blocks.convert(text, labels)))
    text = mermaid.convert(highlight_comments.blank(footnotes.convert(wikilinks.render(strip_templates(text)))))
    # code shows an import or an HTML heading as written (Val Town's docs: 125 import lines in 39 files were lost)
    return references.inline(fences.outside(text, page_lines.convert))


def _front_matter(tokens, path: str) -> dict:
    if not tokens or tokens[0].type != "front_matter":
        return {}
    try:
        meta = frontmatter.load_block(tokens[0].content)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise ParseError(f"malformed YAML front matter{where}: {getattr(e, 'problem', None) or e}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ParseError(f"front matter must be a YAML mapping (or a TOML table), got {type(meta).__name__}")
    return meta


def _top_blocks(tokens) -> list[int]:
    return [t.map[0] for t in tokens
            if t.level == 0 and t.map is not None and t.nesting != -1 and t.type != "front_matter"]


def _top_tables(tokens) -> list[int]:
    """The parser's word on where a table starts: the chunker repeats its header in every piece of it."""
    return [t.map[0] for t in tokens if t.type == "table_open" and t.level == 0 and t.map is not None]


def _own_section(text: str, path: tuple[str, ...], anchor: str, cite: tuple[int, int]) -> Section:
    lines = text.splitlines(keepends=True)
    tokens = _MD.parse(text)
    starts = [s for s in _top_blocks(tokens) if 0 < s < len(lines)]
    return Section(path, anchor, 0, len(lines), starts, _top_tables(tokens), lines=lines, cite=cite)


def _front_matter_sections(meta: dict, tokens, toml_end: int, title: str, keys: tuple[str, ...],
                           used: dict[str, int], body: str) -> list[Section]:
    """Front-matter prose -> a lead-in section (under the title) and one section per FAQ item."""
    lead, items = frontmatter.prose(meta, keys, body)
    if not lead and not items:
        return []
    fm = tokens[0] if tokens and tokens[0].type == "front_matter" else None
    where = frontmatter.spans(fm.content) if fm else {}
    first = fm.map[0] + 1 if fm else 0            # the line after the opening ---
    whole = (fm.map[0], fm.map[1]) if fm else (0, max(toml_end, 1))   # TOML: cite the whole block

    def cite(key: str, item: int | None = None) -> tuple[int, int]:
        span, item_spans = where.get(key, (None, []))
        if item is not None and item < len(item_spans):
            span = item_spans[item]
        return (first + span[0], first + span[1]) if span else whole

    sections = []
    if lead:
        spans = [cite(k) for k, _ in lead]
        text = "\n\n".join(v for _, v in lead) + "\n"
        lead_in = _own_section(text, (title,), "", (min(a for a, _ in spans), max(b for _, b in spans)))
        sections.append(replace(lead_in, lead_in=True))
    for key, question, answer, i in items:
        heading = " ".join(question.split())
        anchor = _unique(slugify(heading), used) if heading else ""
        text = f"## {heading}\n\n{answer}\n" if heading else answer + "\n"
        sections.append(_own_section(text, (title, heading) if heading else (title,), anchor, cite(key, i)))
    return sections


def _unique(slug: str, used: dict[str, int]) -> str:
    if not slug:
        return slug
    count = used.get(slug, 0)
    used[slug] = count + 1
    return f"{slug}-{count}" if count else slug


_OPENING_RULE = re.compile(r"\A-{4,}[ \t]*(?=\n|\Z)")
# blank lines, then `---` and a YAML key (or `+++` and a TOML one): a rule over a setext heading stays a rule
_LEADING_BLANKS = re.compile(r"\A(?:[ \t]*\n)+(?=(---|\+\+\+)[ \t]*\n[\w-]+[ \t]*[:=])")


def _blank_lines_after_front_matter(text: str) -> str:
    """Hugo reads front matter after blank lines; markdown-it only on the first line (Navidrome's usage index, one
    blank line over `---`, indexed its YAML as a section "title: "Usage"linkTitle..."). The blank lines move under
    it, so the body keeps its line numbers."""
    m = _LEADING_BLANKS.match(text)
    if not m:
        return text
    close = re.compile(rf"^{re.escape(m.group(1))}[ \t]*$", re.M).search(text, m.end() + 4)
    if not close:
        return text
    end = text.find("\n", close.end()) + 1 or len(text)
    return text[m.end():end] + m.group(0) + text[end:]


def _source(text: str) -> tuple[str, tuple[dict, int], Counter]:
    """Cleaned text (line count kept), Hugo TOML front matter (or meta-data lines) and its length if any, and
    what was dropped."""
    if "\x00" in text:
        raise ParseError("binary content (NUL bytes), not a Markdown file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # only `---` opens YAML front matter (Jekyll, Hugo, MkDocs); a longer dash line opening a page is a rule, which
    # markdown-it's plugin took for front matter: RetroPie's RetroAchievements page failed as malformed YAML
    text = _OPENING_RULE.sub("***", text, count=1)
    text = _blank_lines_after_front_matter(text)
    try:
        toml_meta, text, toml_end = frontmatter.split_toml(text)
    except ValueError as e:
        raise ParseError(f"malformed TOML front matter: {e}") from None
    if toml_meta is None and not text.startswith("---"):
        toml_meta, text, toml_end = frontmatter.split_meta_lines(text)
    text, dropped = drop_data_uris(text)
    return clean_source(text), (toml_meta or {}, toml_end), dropped


def link_tokens(text: str) -> list:
    """The inline tokens of a Markdown text, cleaned as parse() cleans it (line numbers kept): what
    ingest/links.py reads links from."""
    try:
        text = _source(text)[0]
    except ParseError:
        return []
    return [t for t in _MD.parse(text) if t.type == "inline" and t.map is not None]


def parse(text: str, path: str = "<text>", front_matter_keys: tuple[str, ...] = frontmatter.DEFAULT_KEYS,
          nav_title: str = "") -> Document:
    """Split Markdown into heading sections; `nav_title`: the title the site's nav gives the page. Raises ParseError
    with a reason a person can act on."""
    text, (toml_meta, toml_end), dropped = _source(text)
    tokens = _MD.parse(text)
    if path.lower().endswith(".mdx") and any(t.type == "code_block" for t in tokens):
        text = page_lines.without_indented_code(text, tokens)
        tokens = _MD.parse(text)
    lines = text.splitlines(keepends=True)
    meta = toml_meta or _front_matter(tokens, path)
    body_start = tokens[0].map[1] if tokens and tokens[0].type == "front_matter" else 0

    headings: list[tuple[int, int, str]] = []   # (line, level, text)
    ids: dict[int, str] = {}                    # line -> the heading's own id, where it gives one
    block_starts, tables = _top_blocks(tokens), _top_tables(tokens)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.level == 0 and tok.map is not None:
            heading, own_id = heading_attrs(inline_text(tokens[i + 1]))
            ids[tok.map[0]] = own_id or heading_attrs(tokens[i + 1].content)[1]     # an id in HTML (GitBook)
            # a tabset's marker, or a heading with no words (Moonraker's "##" lines: 119 chunks' heading paths held
            # an empty step, "Installation ›  > Retrieving the API Key"): no section, and nothing shown
            if _TABSET.search(tokens[i + 1].content) or not (heading.strip() or ids[tok.map[0]]):
                lines[tok.map[0]] = ending(lines[tok.map[0]])
                continue
            headings.append((tok.map[0], int(tok.tag[1]), heading))
            if tok.markup.startswith("#"):      # an ATX heading's id is its anchor, not words to show
                lines[tok.map[0]] = without_attrs(lines[tok.map[0]])
    for line, level, heading in html_pages.headings_in_blocks(tokens, lines):
        heading, ids[line] = heading_attrs(heading)
        headings.append((line, level, heading))
    headings.sort()

    title = meta.get("title") or frontmatter.hero_name(meta) or frontmatter.question(meta)
    if not isinstance(title, str) or not title.strip():
        title = page_titles.untitled(path, headings, lines, body_start, nav_title)
    else:
        title = front_matter_title(title)
    title = shown_title(str(title).strip(), [h for _, level, h in headings if level == 1])

    sections: list[Section] = []
    stack: list[tuple[int, str]] = []           # (level, heading text)
    used: dict[str, int] = {}
    bounds = [(body_start, 0, "")] + headings
    for n, (start, level, heading) in enumerate(bounds):
        end = bounds[n + 1][0] if n + 1 < len(bounds) else len(lines)
        if level:
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading))
        # the page's own title heading is the title once; a deeper heading worded like it is a section of its own
        # (Chatwoot's "Enterprise Edition" page: its `### Enterprise Edition` was cited as the section above it)
        path_titles = tuple(h for n, (_, h) in enumerate(stack) if n or h != title)
        slug = _unique(ids.get(start) or slugify(heading), used) if level else ""
        starts = [s for s in block_starts if start < s < end]
        if start == end or (not level and (not "".join(lines[start:end]).strip()
                                            or page_titles.banner(lines[start:end], headings))):
            continue
        own_tables = [t for t in tables if start <= t < end]
        sections.append(Section((title, *path_titles), slug, start, end, starts, own_tables))
    sections[:0] = _front_matter_sections(meta, tokens, toml_end, title, front_matter_keys, used,
                                          "".join(lines[body_start:]))
    return Document(title=title, meta=meta, lines=lines, sections=sections, dropped=dropped)
