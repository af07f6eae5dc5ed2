"""HTML tables in Markdown pages read as pipe tables (ingest/html_tables.py)."""
from __future__ import annotations

from ingest.chunking import chunk_document
from ingest.markdown import parse

ROWS = "".join(f"  <tr>\n    <td>Tool {i}</td>\n    <td><code>.tool{i}.yml</code><br>or <code>tool{i}.toml</code></td>\n"
               f"    <td>Reads its configuration from the repository root and up to five folders below it.</td>\n"
               f"  </tr>\n" for i in range(60))
TABLE = ("# Tools\n\nThe files each tool reads:\n\n<table>\n  <thead>\n    <tr>\n      <th>Tool name</th>\n"
         "      <th>Files detected</th>\n      <th>Other info</th>\n    <tr>\n  </thead>\n  <tbody>\n"
         + ROWS + "  </tbody>\n</table>\n\nThat is all.\n")


def test_a_long_html_table_is_cut_between_rows_each_piece_under_its_header(embedder):
    """Codacy's docs: a 222-line HTML table (one cell per line) was cut by lines, 20 pieces in 11 files opening at
    a bare <tr> with no header, and the answer to "how many comments..." was in none a question found."""
    doc = parse(TABLE, "docs/tools.md")
    assert len(doc.lines) == TABLE.count("\n")                       # citations keep the file's lines
    pieces = [c.text for c in chunk_document(doc, embedder.counter) if "Tool 1" in c.text or "Tool 5" in c.text]
    assert len(pieces) > 1
    assert all("| Tool name | Files detected | Other info |\n|---|---|---|\n" in p for p in pieces)
    assert "| Tool 7 | `.tool7.yml`; or `tool7.toml` | Reads its configuration" in "".join(pieces)
    assert not any("<tr" in p or "<td" in p for p in pieces)


def test_an_html_table_markdown_cannot_say_stays_as_written():
    """Controls: a cell spanning columns, a table in code and one that opens inside a paragraph stay HTML."""
    span = "# T\n\n<table>\n<tr><th colspan=\"2\">Plan</th></tr>\n<tr><td>Free</td><td>0</td></tr>\n</table>\n"
    code = "# T\n\n```html\n<table>\n<tr><th>A</th></tr>\n<tr><td>1</td></tr>\n</table>\n```\n"
    glued = "# T\n\nSee:\n<table>\n<tr><th>A</th></tr>\n<tr><td>1</td></tr>\n</table>\n"
    for page in (span, code, glued):
        assert "".join(parse(page, "t.md").lines) == page           # can fail: converted anyway
    ok = "# T\n\n<table>\n<tr><th>A</th></tr>\n<tr><td>1</td></tr>\n</table>\n"
    assert "".join(parse(ok, "t.md").lines) == "# T\n\n| A |\n|---|\n| 1 |\n\n"


def test_a_picture_that_names_a_column_is_its_alt_text():
    """Home Assistant's companion docs name their feature table's columns only with `<th><img alt="iOS"></th>`."""
    page = ('# Features\n\n<table>\n<tr><th>Feature</th><th><img src="/a/ios.svg" alt="iOS" /></th></tr>\n'
            '<tr><td>Widgets</td><td>Yes</td></tr>\n</table>\n')
    assert "| Feature | iOS |\n|---|---|\n| Widgets | Yes |\n" in "".join(parse(page, "f.md").lines)
