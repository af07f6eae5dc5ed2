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
    """Controls: a table inside a cell, a table in code and one that opens inside a paragraph stay HTML."""
    nested = ("# T\n\n<table>\n<tr><th>Plan</th></tr>\n<tr><td><table><tr><td>0</td></tr></table></td></tr>\n"
              "</table>\n")
    code = "# T\n\n```html\n<table>\n<tr><th>A</th></tr>\n<tr><td>1</td></tr>\n</table>\n```\n"
    glued = "# T\n\nSee:\n<table>\n<tr><th>A</th></tr>\n<tr><td>1</td></tr>\n</table>\n"
    for page in (nested, code, glued):
        assert "".join(parse(page, "t.md").lines) == page           # can fail: converted anyway
    ok = "# T\n\n<table>\n<tr><th>A</th></tr>\n<tr><td>1</td></tr>\n</table>\n"
    assert "".join(parse(ok, "t.md").lines) == "# T\n\n| A |\n|---|\n| 1 |\n\n"


def test_a_table_whose_html_goes_on_after_a_blank_line_is_one_table():
    """PX4's parameter reference leaves a blank line between the `<li>` of a cell's list; each piece after it opens
    another HTML block and the browser lays them out as one table, but 75 of 129 tables were kept as raw HTML, 450
    chunks of `<td style=...>`. Control: Markdown after the blank line ends the HTML, and the table stays as written."""
    page = ("# P\n\n<table>\n<thead><tr><th>Name</th><th>Values</th></tr></thead>\n<tbody>\n"
            "<tr><td>gnss.dyn_model</td><td><ul>\n<li>0: Automotive</li>\n\n<li>1: Sea</li>\n</ul></td></tr>\n"
            "</tbody></table>\n\nAfter.\n")
    lines = parse(page, "t.md").lines
    assert len(lines) == page.count("\n")
    assert "".join(lines).startswith("# P\n\n| Name | Values |\n|---|---|\n| gnss.dyn_model | ")
    assert "1: Sea |" in "".join(lines) and "<li>" not in "".join(lines) and "After.\n" in lines
    prose = "# P\n\n<table>\n<tr><th>A</th></tr>\n<tr><td>1</td></tr>\n\nMarkdown *here*\n</table>\n"
    assert "".join(parse(prose, "t.md").lines) == prose             # can fail: converted anyway


def test_cells_spanning_rows_or_columns_are_said_where_they_apply():
    """BookStack's search filter table labels its groups of rows with `<td colspan="3">`: kept as HTML, it was cut by
    lines into 4 chunks, two opening at `</td>`. A label spanning its row is said once; a value spanning rows or
    part of a row is said in each place it covers, so a piece of the cut table still says it."""
    page = ('# Filters\n\n<table>\n<tr><th>Syntax</th><th>Example</th><th>Meaning</th></tr>\n'
            '<tr><td colspan="3">Date filters</td></tr>\n'
            '<tr><td rowspan="2">{updated_after:date}</td><td>{updated_after:2024-01-01}</td><td>Changed after it</td>'
            '</tr>\n<tr><td>{updated_after:today}</td><td>Changed today</td></tr>\n'
            '<tr><td>{is_restricted}</td><td colspan="2">Has its own permissions</td></tr>\n</table>\n')
    assert "".join(parse(page, "f.md").lines) == (
        "# Filters\n\n| Syntax | Example | Meaning |\n|---|---|---|\n| Date filters |  |  |\n"
        "| {updated_after:date} | {updated_after:2024-01-01} | Changed after it |\n"
        "| {updated_after:date} | {updated_after:today} | Changed today |\n"
        "| {is_restricted} | Has its own permissions | Has its own permissions |\n\n")
    beeps = ('# Beeps\n\n<table>\n<tr><th rowspan="2">Name</th><th colspan="2">Beep code</th></tr>\n'
             '<tr><th>3.2</th><th>4.0</th></tr>\n<tr><td>NOGYRO</td><td>1</td><td>2</td></tr>\n</table>\n')
    assert "| Name | Beep code 3.2 | Beep code 4.0 |\n|---|---|---|\n| NOGYRO | 1 | 2 |\n" in "".join(
        parse(beeps, "b.md").lines)      # Betaflight's arming table: header rows over header rows are one header


def test_a_span_wider_than_the_table_makes_no_columns():
    """PrestaShop's PHP table heads 7 columns with `<th colspan="12">PHP Version</th>`: read as 13 columns, five more
    "PHP Version" headers stood over empty cells. A browser gives a column no cell starts in no width. Control: a
    span over columns other rows fill is said in each (above)."""
    page = ('# PHP\n\n<table>\n<tr><th></th><th colspan="12">PHP Version</th></tr>\n'
            '<tr><th>PrestaShop</th><th>7.1</th><th>7.2</th></tr>\n<tr><td>1.7</td><td>Yes</td><td>No</td></tr>\n</table>\n')
    assert "| PrestaShop | PHP Version 7.1 | PHP Version 7.2 |\n|---|---|---|\n| 1.7 | Yes | No |\n" in "".join(
        parse(page, "php.md").lines)                            # can fail: 13 columns


def test_a_picture_that_names_a_column_is_its_alt_text():
    """Home Assistant's companion docs name their feature table's columns only with `<th><img alt="iOS"></th>`."""
    page = ('# Features\n\n<table>\n<tr><th>Feature</th><th><img src="/a/ios.svg" alt="iOS" /></th></tr>\n'
            '<tr><td>Widgets</td><td>Yes</td></tr>\n</table>\n')
    assert "| Feature | iOS |\n|---|---|\n| Widgets | Yes |\n" in "".join(parse(page, "f.md").lines)


def test_a_cells_escaped_angle_brackets_stay_escaped_and_its_code_shows_them():
    """BookStack's search syntax table writes `[&lt;name&gt;]`: converted, it read `[<name>]`, a tag a renderer drops
    (5 chunks). Controls: code keeps its brackets, a lone ">" stays."""
    page = ('# Search\n\n<table>\n<tr><th>Type</th><th>Syntax</th><th>Example</th></tr>\n'
            '<tr><td>Tags</td><td>[&lt;name&gt;] <code>&lt;=</code></td><td>[attendees>5]</td></tr>\n</table>\n')
    text = "".join(parse(page, "search.md").lines)
    assert "| Tags | [&lt;name&gt;] `<=` | [attendees>5] |" in text            # can fail: [<name>]


def test_a_table_written_on_one_line_is_widened_and_cites_its_line(make_kb, fake_embedder):
    """GitBook writes a table whose columns were resized as one line of HTML: the EdgeTX manual's 8 tables (816 tags
    in 18 chunks) stayed raw and were cut between words, mid-cell, headerless. It becomes a pipe table before
    parsing, and every piece still cites the table's line and the lines after it keep theirs. Control: a table
    indented in a list item stays as written."""
    from test_ingest import chunks_of

    from ingest.pipeline import ingest
    rows = "".join(f"<tr><td>S{i}</td><td>Sensor number {i} of the receiver telemetry</td></tr>" for i in range(60))
    page = (f"# Sensors\n\nThe sensors:\n\n<table><thead><tr><th>Name</th><th>Description</th></tr></thead><tbody>"
            f"{rows}</tbody></table>\n\nThe end of the page.\n\n1. Step\n\n    <table><tr><td>a</td></tr>"
            f"<tr><td>b</td></tr></table>\n")
    config = make_kb({"docs/service/sensors.md": page, "docs/support/x.md": "# X\n\nSupport text.\n"})
    ingest(config, embedder=fake_embedder)
    chunks = [c for c in chunks_of(config).values() if c["source"] == "docs/service/sensors.md"]
    table = [c for c in chunks if "| S" in c["text"]]
    assert len(table) > 1 and all(c["text"].count("| Name | Description |") == 1 for c in table)
    assert all(c["start_line"] <= 5 <= c["end_line"] or c["start_line"] == 5 for c in table)
    assert all(c["end_line"] <= 5 for c in table if "The end of the page" not in c["text"])
    end = next(c for c in chunks if "The end of the page" in c["text"])
    assert end["end_line"] >= 7 and "<table><tr><td>a</td>" in "".join(c["text"] for c in chunks)
    assert "<td>S" not in "".join(c["text"] for c in chunks)


def test_a_one_line_table_right_under_a_tab_is_widened():
    """Warp's docs (Starlight): `<TabItem label="macOS">` over a one-line table indented four spaces; the table was
    left raw and cut mid-word into 6 chunks. Controls: a table indented four spaces after a blank line is indented
    code in a Markdown page and stays as written; the number of lines keeps the map."""
    from ingest import html_tables
    rows = "".join(f"<tr><td><code>CTRL-{k}</code></td><td>Shortcut {k}</td></tr>" for k in "ABCDEF")
    table = f"<table><thead><tr><th>Key</th><th>What</th></tr></thead><tbody>{rows}</tbody></table>"
    page = f'# Keys\n\n<Tabs>\n  <TabItem label="macOS">\n    {table}\n  </TabItem>\n</Tabs>\n'
    text, line_of = html_tables.widened(page)
    assert "| `CTRL-A` | Shortcut A |" in text and "<td>" not in text and line_of[text.split("\n").index("| Key | What |")] == 4
    code = f"# Keys\n\nText.\n\n    {table}\n"
    assert html_tables.widened(code)[0] == code                 # can fail: indented code read as a table
