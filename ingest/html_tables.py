"""An HTML table in a Markdown page as a pipe table, so a long one is cut between rows with its header repeated
(ingest/pieces.py) and an answer shows a table, not tags.

Written as HTML (one cell per line, as docs sites often do), a table was one HTML block: cut by lines, the pieces
after the first opened at a bare `<tr>` with no header (Codacy's docs: 52 chunks in 17 files held raw table markup,
20 pieces in 11 files started mid-table, and "Number of comments ... 25" was found by no question about it;
Home Assistant's 806-line feature table the same). Only a table Markdown can say as well is converted: no table
inside a cell, after a blank line, at most 3 spaces in, outside code; a cell spanning rows or columns is said in
each place it covers (`_grid`). The page
keeps its number of lines (blank lines follow the table) where the HTML had as many lines as the table has rows;
a table with more rows (GitBook writes one on a single line) is widened before parsing (`widened`).
"""
from __future__ import annotations

import re

from . import fences
from .code_spans import CODE_SPAN
from .html_blocks import ALT

_OPEN = re.compile(r"^[ ]{0,3}<table\b", re.I)
# A table right under a tag line, however far in (Warp's docs: `<TabItem label="macOS">` over a one-line table
# indented four spaces, 3 tables cut mid-word into 6 chunks): HTML inside a tag's block, as the site renders it.
_TAG_LINE = re.compile(r"^[ \t]*</?[A-Za-z][^<>]*>[ \t]*$")
_INDENTED = re.compile(r"^[ \t]*<table\b", re.I)
_CLOSE = re.compile(r"</table\s*>[ \t]*$", re.I)
_BREAKS = re.compile(r"(?:</?br\s*/?>\s*)+|</li>\s*<li\b[^<>]*>|</p>\s*<p\b[^<>]*>", re.I)
_IMG = re.compile(r"<img\b[^<>]*>", re.I)
_OPTIONS = {"autolinks": False, "escape_asterisks": False, "escape_underscores": False, "escape_misc": False,
            "strip": ["img"]}


def convert(text: str) -> str:
    if "<table" not in text and "<TABLE" not in text:
        return text
    lines = text.splitlines(keepends=True)
    for n, end, table in reversed(_tables(lines, wide=False)):
        lines[n:end + 1] = [row + "\n" for row in table] + ["\n"] * (end + 1 - n - len(table))
    return "".join(lines)


def widened(text: str, line_of: list[int] | None = None) -> tuple[str, list[int] | None]:
    """`text` with each table that has more rows than lines as a pipe table, and the line of the page each line of
    the result comes from (`line_of` maps `text`'s own lines to the page's); (text, line_of) when there is none.
    GitBook writes a table whose columns were resized as one line of HTML: the EdgeTX manual's 8 tables (816 tags
    in 18 chunks) were cut between words, mid-cell and headerless. Done before parsing, with the pipeline's map
    of lines (as includes are: ingest/includes.py), so citations still point at the table's line."""
    if "<table" not in text and "<TABLE" not in text:
        return text, line_of
    lines = text.splitlines(keepends=True)
    found = _tables(lines, wide=True)
    if not found:
        return text, line_of
    origin = list(range(len(lines)))
    for n, end, table in reversed(found):
        lines[n:end + 1] = [row + "\n" for row in table]
        origin[n:end + 1] = [n + min(i, end - n) for i in range(len(table))]
    return "".join(lines), [line_of[i] for i in origin] if line_of else origin


def _tables(lines: list[str], wide: bool) -> list[tuple[int, int, list[str]]]:
    """(first line, last line, pipe-table lines) of each table Markdown can say: those with more rows than lines
    when `wide`, else those with no more. A table's `<tr>` count bounds its rows, so one that surely fits is never
    parsed for `widened` (convert parses it, as the page is read)."""
    out = []
    for n, end in fences.each_block(lines, _table_end):
        html = "".join(lines[n:end + 1])
        fits = html.lower().count("<tr") + 1 <= end + 1 - n
        table = None if wide and fits else _pipe_table(html)
        if table is not None and (len(table) > end + 1 - n) == wide:
            out.append((n, end, table))
    return out


def _table_end(lines: list[str], code: list[bool], n: int) -> int | None:
    return element_end(lines, code, n, _OPEN, _CLOSE, _INDENTED)


def element_end(lines: list[str], code: list[bool], n: int, opens: re.Pattern, closes: re.Pattern,
                indented: re.Pattern | None = None) -> int | None:
    """The line closing an HTML element (a table, a definition list) opened on line n, when one opens there: outside
    code, after a blank line (or, `indented`, right under a tag line), its HTML not broken by Markdown."""
    under_tag = indented is not None and n > 0 and _TAG_LINE.match(lines[n - 1]) and indented.match(lines[n])
    if code[n] or not (under_tag or opens.match(lines[n]) and not (n and lines[n - 1].strip())):
        return None
    for k in range(n, len(lines)):
        if code[k] or (k > n and not lines[k].strip() and not _html_goes_on(lines, k)):
            return None                 # a blank line ends the HTML block: the rest is Markdown
        if closes.search(lines[k]):
            return k
    return None


# CommonMark's HTML blocks of the 6th kind: a line opening with one of these tags starts one, even after a blank line
_BLOCK_TAG = re.compile(r"^[ ]{0,3}</?(?:address|article|aside|blockquote|caption|center|col|colgroup|dd|details|dir|"
                        r"div|dl|dt|figcaption|figure|footer|header|h[1-6]|hr|li|main|menu|nav|ol|p|section|summary|"
                        r"table|tbody|td|tfoot|th|thead|tr|ul)(?:\s|/?>|$)", re.I)


def _html_goes_on(lines: list[str], blank: int) -> bool:
    """Whether the table's HTML goes on after the blank line: the next line opens another HTML block, passed to the
    browser as it is, which lays the pieces out as one table. PX4's parameter reference leaves a blank line between
    the `<li>` of a cell's list: 75 of its 129 tables stayed raw HTML, 450 chunks of `<td style=...>`."""
    after = next((line for line in lines[blank + 1:] if line.strip()), "")
    return bool(_BLOCK_TAG.match(after))


def _pipe_table(html: str) -> list[str] | None:
    """The table's rows as pipe-table lines (header, separator, body), or None when Markdown cannot say it."""
    if html.lower().count("<table") > 1:
        return None
    from bs4 import BeautifulSoup  # (with markdownify) only for a page with a table
    trs = BeautifulSoup(html, "html.parser").find_all("tr")
    rows = _grid(trs)
    if len(rows) < 2:
        return None
    width = max(map(len, rows))
    rows = [r + [""] * (width - len(r)) for r in rows]
    own = [tr for tr in trs if tr.find(["th", "td"], recursive=False)]
    heads = next((n for n, tr in enumerate(own) if tr.find("td", recursive=False)), len(own))
    if 1 < heads < len(rows) == len(own):   # header rows over header rows ("Beep code" over "3.2"): one header
        rows[:heads] = [[" ".join(dict.fromkeys(r[c] for r in rows[:heads] if r[c])) for c in range(width)]]
    return ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width] + ["| " + " | ".join(r) + " |" for r in rows[1:]]


def _grid(trs: list) -> list[list[str]]:
    """The rows' cells where a browser lays them out. A cell spanning rows or columns is said in each place it
    covers (its value holds for each, and a piece of a cut table must still say it), but once in a row it spans
    whole: a group's label ("Date filters" over the rows of its group). BookStack's search filter table groups its
    rows so: kept as HTML, it was cut by lines into 4 chunks, two opening at `</td>`."""
    cells: dict[tuple[int, int], tuple[int, str]] = {}      # (row, column) -> (which cell, its text)
    starts: set[int] = set()        # the columns a cell starts in
    for r, tr in enumerate(trs):
        c = 0
        for n, cell in enumerate(tr.find_all(["th", "td"], recursive=False)):
            while (r, c) in cells:
                c += 1
            down, across = _span(cell, "rowspan", len(trs) - r), _span(cell, "colspan", _MAX_COLSPAN)
            text = _cell(cell)
            starts.add(c)
            for dr in range(down):
                for dc in range(across):
                    cells.setdefault((r + dr, c + dc), ((r, n), text))
            c += across
    # a column no cell starts in is one a span made up: a browser gives it no width (PrestaShop's `<th colspan="12">PHP
    # Version</th>` over 7 columns read as 5 more "PHP Version" columns over empty cells)
    columns = sorted(starts)
    width = len(columns)
    rows = []
    for r in range(len(trs)):
        row = [cells.get((r, c), (None, "")) for c in columns]
        if any(owner is not None for owner, _ in row):
            whole = width > 1 and len({owner for owner, _ in row}) == 1
            rows.append([text if not whole or c == 0 else "" for c, (_, text) in enumerate(row)])
    return rows


_MAX_COLSPAN = 1000         # as browsers cap it: a typo ("colspan=3000") makes no table of thousands of columns


def _span(cell, name: str, most: int) -> int:
    value = str(cell.get(name) or "1").strip()
    return max(1, min(int(value), most)) if value.isdigit() else 1


def _cell(cell) -> str:
    """A cell's content as one line of Markdown: line breaks and list items as "; ", a picture as its alt text
    (Home Assistant's feature table names its columns only with `<th><img alt="iOS" ...></th>`)."""
    from markdownify import markdownify
    inner = _IMG.sub(lambda m: (alt.group("alt") if (alt := ALT.search(m.group(0))) else ""), cell.decode_contents())
    inner = _BREAKS.sub("; ", inner)
    shown = " ".join(markdownify(inner, **_OPTIONS).split()).replace("|", "\\|")
    return fences.between(shown, (m.span() for m in CODE_SPAN.finditer(shown)), _escaped) if "<" in shown else shown


def _escaped(text: str) -> str:
    """Angle brackets of the cell's text as the entities it wrote: markdownify decodes them, and BookStack's search
    syntax table, `[&lt;name&gt;]`, became `[<name>]`, a tag a renderer drops (5 chunks). Code keeps them decoded."""
    return _ANGLED.sub(r"&lt;\1&gt;", text).replace("<", "&lt;")


_ANGLED = re.compile(r"<([^<>\n]*)>")
