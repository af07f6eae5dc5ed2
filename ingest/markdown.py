"""Parse a Markdown file into a title, front matter and heading sections (markdown-it-py).

Sections keep the source lines untouched, so lists, tables and code blocks survive as written.
Template noise common in docs sites (ERB tags, MDX imports, HTML headings) is neutralised line by
line first, so line numbers always match the file on disk.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin


class ParseError(ValueError):
    """A file that cannot be turned into sections; the message says why."""


@dataclass
class Section:
    heading_path: tuple[str, ...]   # document title first, then each heading down to this one
    anchor: str                     # slug of the heading, "" for text before the first heading
    start: int                      # 0-based first line (the heading line itself)
    end: int                        # 0-based line after the last one
    block_starts: list[int] = field(default_factory=list)  # where top-level blocks begin: safe split points


@dataclass
class Document:
    title: str
    meta: dict
    lines: list[str]                # the (cleaned) source, one entry per line, with line endings
    sections: list[Section]

    def text(self, start: int, end: int) -> str:
        return "".join(self.lines[start:end])


_MD = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
_ERB = re.compile(r"<%.*?%>", re.S)
_MDX_IMPORT = re.compile(r"^(import|export)\s.+\sfrom\s+['\"].+['\"];?\s*$")
_HTML_HEADING = re.compile(r"^\s*<h([1-6])(?:\s[^>]*)?>(.*?)</h\1>\s*$", re.I)
_TAG = re.compile(r"<[^>]+>")
_SLUG_DROP = re.compile(r"[^\w\- ]", re.U)


def slugify(text: str) -> str:
    """GitHub-style anchor: lowercase, punctuation dropped, spaces to hyphens."""
    return _SLUG_DROP.sub("", text.strip().lower()).replace(" ", "-")


def _blank_keep_lines(match: re.Match) -> str:
    return "\n" * match.group(0).count("\n")


def clean_source(text: str) -> str:
    """Neutralise template syntax without changing the number of lines."""
    text = _ERB.sub(_blank_keep_lines, text)
    out = []
    for line in text.splitlines(keepends=True):
        end = "\n" if line.endswith("\n") else ""
        heading = _HTML_HEADING.match(line)
        if heading:
            line = "#" * int(heading.group(1)) + " " + _TAG.sub("", heading.group(2)).strip() + end
        elif _MDX_IMPORT.match(line):
            line = end
        out.append(line)
    return "".join(out)


def _front_matter(tokens, path: str) -> dict:
    if not tokens or tokens[0].type != "front_matter":
        return {}
    try:
        meta = yaml.safe_load(tokens[0].content)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise ParseError(f"malformed YAML front matter{where}: {getattr(e, 'problem', None) or e}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ParseError(f"front matter must be a YAML mapping, got {type(meta).__name__}")
    return meta


def _inline_text(token) -> str:
    parts = [c.content for c in (token.children or []) if c.type in ("text", "code_inline")]
    return "".join(parts).strip() or token.content.strip()


def parse(text: str, path: str = "<text>") -> Document:
    """Split Markdown into heading sections. Raises ParseError with a reason a person can act on."""
    if "\x00" in text:
        raise ParseError("binary content (NUL bytes), not a Markdown file")
    text = clean_source(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.splitlines(keepends=True)
    tokens = _MD.parse(text)
    meta = _front_matter(tokens, path)
    body_start = tokens[0].map[1] if tokens and tokens[0].type == "front_matter" else 0

    headings: list[tuple[int, int, str]] = []   # (line, level, text)
    block_starts: list[int] = []
    for i, tok in enumerate(tokens):
        if tok.level != 0 or tok.map is None or tok.nesting == -1 or tok.type == "front_matter":
            continue
        block_starts.append(tok.map[0])
        if tok.type == "heading_open":
            headings.append((tok.map[0], int(tok.tag[1]), _inline_text(tokens[i + 1])))

    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        h1 = next((h for h in headings if h[1] == 1), None)
        title = h1[2] if h1 else path.rsplit("/", 1)[-1].split(".")[0].replace("-", " ").replace("_", " ")
    title = str(title).strip()

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
        path_titles = tuple(h for _, h in stack if h != title)
        slug = slugify(heading) if level else ""
        if slug:
            count = used.get(slug, 0)
            used[slug] = count + 1
            slug = f"{slug}-{count}" if count else slug
        starts = [s for s in block_starts if start < s < end]
        if start == end or (not level and not "".join(lines[start:end]).strip()):
            continue
        sections.append(Section((title, *path_titles), slug, start, end, starts))
    return Document(title=title, meta=meta, lines=lines, sections=sections)
