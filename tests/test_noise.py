"""Index text, not noise (issue 14): pasted screenshots, minified JSON, long URLs, symbol runs and nested quotes
never become chunks; what was dropped is reported per file; a long changelog and normal pages are unchanged;
a split table repeats its header in every piece."""
from __future__ import annotations

import time
from collections import Counter

import pytest
from helpers import noisy_pages as pages

from ingest.chunking import chunk_document
from ingest.data_uris import drop_data_uris
from ingest.frontmatter import tags_of
from ingest.markdown import ParseError, parse
from ingest.noise import Limits, Skipped, Ticker, drop_noise, estimate_chunks
from ingest.words import searchable, word_share

SCREENSHOT = f"![Billing settings screen](data:image/png;base64,{pages.screenshot()})"


def chunks_of(text: str, embedder, limits: Limits | None = None):
    doc = parse(text, "docs/service/page.md")
    return drop_noise(chunk_document(doc, embedder.counter, 200, 24), doc.dropped, limits or Limits(500), "service")


def texts(chunks) -> list[str]:
    return [c.text for c in chunks]


def test_pasted_screenshot_gives_the_chunks_of_the_page_without_it(embedder):
    plain, _ = chunks_of(pages.article(), embedder)
    shot, note = chunks_of(pages.article(extra={2: SCREENSHOT}), embedder)
    assert len(shot) <= len(plain) + 1                     # was 2,623 chunks of base64
    placeholder = "[image: Billing settings screen]\n"
    assert [t.replace(placeholder, "").replace("\n\n\n", "\n\n") for t in texts(shot)] == texts(plain)
    assert sum(placeholder in t for t in texts(shot)) == 1
    assert "base64" not in "".join(texts(shot))
    assert note == {"data_uris": 1, "noise_chunks": 0, "bytes": len(SCREENSHOT), "reason": "1 data URI, 512 KB dropped"}


@pytest.mark.parametrize("markup, placeholder", [
    ('<img alt="Invoice list" src="data:image/png;base64,{b}" width="600">', "[image: Invoice list]"),
    ("![](data:image/jpeg;base64,{b})", "[image]"),
    ('![Logo](<data:image/svg+xml;base64,{b}> "our logo")', "[image: Logo]"),
    ("[download the sample](data:text/csv;base64,{b})", "download the sample"),
    ("[logo]: data:image/png;base64,{b}", "[logo]: [data]"),
])
def test_data_uris_become_placeholders_and_line_numbers_hold(markup, placeholder):
    blob = pages.screenshot(4000)
    text = f"# Page\n\nBefore.\n\n{markup.format(b=blob)}\n\nAfter the image.\n"
    cleaned, dropped = drop_data_uris(text)
    assert placeholder in cleaned and blob[:50] not in cleaned
    assert cleaned.count("\n") == text.count("\n")
    assert dropped["data URIs"] == 1 and dropped["bytes"] > 4000
    doc = parse(text, "p.md")
    assert doc.lines[6] == "After the image.\n"                # line 7 in the file is line 7 in the document


def test_minified_json_sample_is_not_indexed(embedder):
    plain, _ = chunks_of(pages.article(), embedder)
    json_page = pages.article(extra={3: "Example response:\n\n```json\n" + pages.minified_json() + "\n```"})
    kept, note = chunks_of(json_page, embedder)
    assert len(kept) <= len(plain) + 1                     # was 124 chunks, 121 of them JSON
    assert all(word_share(c.text) > 0.5 for c in kept)
    assert note["noise_chunks"] >= 1 and note["bytes"] > 25_000 and "chunk" in note["reason"]
    assert "Example response:" in "".join(texts(kept))


def test_long_urls_keep_host_and_path_and_chunk_like_prose(embedder):
    plain, _ = chunks_of(pages.article(), embedder)
    links = {i: f"Download: {pages.long_url(i)} or [the PDF]({pages.long_url(i + 9)})." for i in range(6)}
    kept, note = chunks_of(pages.article(extra=links), embedder)
    assert note is None and len(kept) == len(plain)         # was 18 chunks, 11 of them URL fragments
    seen = " ".join(searchable(c.text) for c in kept)
    assert seen.count("help quillhub example com billing invoices download pdf") == 6   # host + path, as words
    assert "utm_source" not in seen and "session" not in seen and "the PDF" in seen


def test_searchable_keeps_words_and_drops_data():
    sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    text = (f"<!-- TODO: check with legal -->Commit {sha} fixed it. Mail billing-team@quillhub.example.com or see "
            "/srv/kb/config/production/settings.toml.\n|---|---|\n>>>>>> quoted\n"
            "```python\nclient.invoices.list(customer_id=customer_id, status='open')\n```\n")
    seen = searchable(text)
    for gone in (sha, "TODO", "legal", "|---|", ">>>>"):
        assert gone not in seen, gone
    for kept in ("Commit", "fixed it", "billing team quillhub example com", "srv kb config production settings toml",
                 "quoted", "invoices", "customer", "open"):
        assert kept in seen, kept
    assert len(seen) <= len(text)


def test_a_sentence_of_chinese_japanese_or_korean_is_words_not_data(embedder):
    """Misskey's docs: a Japanese sentence is a run of 32 characters or more without a space, read as data (base64, a
    hash); 22 chunks of 6 pages went, a page's heading and intro among them. Control: base64 still goes."""
    ja = "Misskeyは分散型プラットフォームとして、他のサーバーと連合することができますが、連合を限定的にすることも可能です。"
    assert searchable(ja) == ja and searchable("한국어 문장입니다만공백이없이길게이어지는문장도있습니다그래서데이터처럼보입니다") != ""
    assert searchable("aGVsbG8gd29ybGQgdGhpcyBpcyBiYXNlNjQgZGF0YQ== x") == " x"      # can fail: kept as words
    kept, _ = chunks_of(f"# 連合モード\n\n{ja}\n\n## Setup\n\nOpen the control panel and pick a mode.\n", embedder)
    assert any(ja in t for t in texts(kept))


def test_searchable_leaves_a_headings_attribute_list_out():
    """Ente's help center ends 458 FAQ headings with their id ("### How do I install it? {#install-android}"):
    the id's words were indexed again as text. Controls: the same braces in prose and in code stay."""
    assert searchable("### How do I install it? {#install-android .faq}\n\nTap.") == "### How do I install it?\n\nTap."
    assert "{#x}" in searchable("Write {#x} to name it.") and "{#a}" in searchable("```\nlet x = {#a}\n```")


def test_searchable_reads_windows_variables_as_names():
    """Anki's manual: the only command of its Windows debugging section, %LocalAppData%\\Programs\\Anki\\
    anki-console.bat, was a 32+ character run with a part holding '%', dropped whole, and the code block with it
    as noise: the answer said "paste the following command" and showed none."""
    seen = searchable(r"%LocalAppData%\Programs\Anki\anki-console.bat")
    assert "LocalAppData Programs Anki anki console bat" in " ".join(seen.split())
    assert word_share("```\n%LocalAppData%\\Programs\\Anki\\anki-console.exe\n```") > 0.5
    assert searchable("x%2Fq9ZkT%3D%2Bv8Qw%2FjH7%3Dk2LmP0%2B") == ""      # can fail: percent-encoded data stays out


def test_a_url_with_escaped_characters_is_words_not_data():
    """Jitsi's handbook shows its people-search request alone in a fence, `...&queryTypes=[%22conferenceRooms%22]`:
    the escaped quotes made a part of neither letters nor digits, the run was dropped as data, and the block with
    it ("The request is in the following format:" and nothing after it)."""
    block = ("```\nhttps://api.example.com/testpath/searchpeople?query=testroomname&queryTypes=[%22conferenceRooms%22]"
             "&jwt=somejwt\n```\n")
    assert word_share(block) > 0.5 and "conferenceRooms" in searchable(block)


def test_words_joined_by_plus_in_a_query_are_words_and_base64_is_not():
    """ntfy's docs: `curl "ntfy.sh/mywebhook/publish?message=Webhook+triggered&priority=high"`, alone in its tab,
    was dropped as data: a URL without its scheme, and "Webhook+triggered" one part that is no word. Control:
    base64 with a "+" between random runs stays out."""
    block = '```\ncurl "ntfy.sh/mywebhook/publish?message=Webhook+triggered&priority=high&tags=warning,skull"\n```\n'
    assert word_share(block) > 0.5 and "Webhook triggered" in searchable(block)          # can fail: 0.04
    assert searchable("aGVsbG8gd29ybGQgdGhpcyBp+cyBiYXNlNjQgZGF0YSBtb3JlIGRhdGE=") == ""


def test_searchable_keeps_long_names_joined_from_words():
    """Prometheus' runbooks: alert names of 32+ characters (NodeHighNumberConntrackEntriesUsed) were dropped as
    data, and 20 chunks with them."""
    for name in ("NodeHighNumberConntrackEntriesUsed", "KubePersistentVolumeFillingUp/KubePersistentVolumeInodesFillingUp",
                 "prometheusOperatorReconcileErrorsHigh"):
        assert searchable(name).split() == name.split("/"), name
    assert searchable("aGVsbG8gd29ybGQgdGhpcyBpcyBiYXNlNjQgZGF0YQ==") == ""     # can fail: base64 stays out


def test_searchable_reads_a_backslash_escape_as_its_character():
    """LibreELEC's docs (GitBook) escape Markdown characters in prose: `x86\\_64`, `KEY\\_OK`, `\\(or files\\)` in 60
    of 501 chunks; "x86_64" was two terms in the index and one in a question. Control: a backslash before a
    letter (a Windows path) stays."""
    seen = searchable(r"Use x86\_64 and KEY\_OK \(or files\) from C:\Users\kodi")
    assert "x86_64" in seen and "KEY_OK" in seen and "(or files)" in seen and "\\Users" in seen


def test_searchable_keeps_html_tags_in_code_as_written():
    """Umami's docs: `<button data-umami-event="Signup button">` in an ```html block was searched as "Sign up" only,
    and `data-website-id` was searchable in 2 of the 12 chunks that show it. In code a tag is content; in prose it
    is still markup (control)."""
    text = ('Add <b>this</b> to the page:\n\n```html\n<button id="signup" data-umami-event="Signup button">Sign up'
            '</button>\n```\n')
    shown = searchable(text)
    assert "data-umami-event" in shown and "<b>" not in shown and "Add  this" in shown


def test_searchable_keeps_a_config_line_whose_parts_lead_with_digits():
    """LibreELEC's docs: `Options=username=nasuser1,password=123nas,rw,vers=2.1`, a step of a how-to, was dropped
    as data ("123nas" leads with digits)."""
    assert searchable("Options=username=nasuser1,password=123nas,rw,vers=2.1").split() == [
        "Options", "username", "nasuser1", "password", "123nas", "rw", "vers", "2", "1"]
    assert searchable("q9ZkT3vB8Qw1jH7k2LmP0xYt5RsN4uVe") == ""      # can fail: random letters and digits stay out


def test_searchable_keeps_names_with_a_run_of_digits_inside():
    """ZMK's docs: the only fix for a faulty oscillator, `CONFIG_CLOCK_CONTROL_NRF_K32SRC_RC=y` alone in its fence, was
    dropped as data with its chunk ("K32SRC" holds digits between letters); "nrf52840" (five digits) in 14 names.
    Klipper's, a device path with a USB id ("1a86")."""
    assert searchable("CONFIG_CLOCK_CONTROL_NRF_K32SRC_RC=y").split() == [
        "CONFIG", "CLOCK", "CONTROL", "NRF", "K32SRC", "RC", "y"]
    assert "nrf52840" in searchable("boards/nice_nano_nrf52840_zmk.overlay").split()
    assert word_share("```ini\nCONFIG_CLOCK_CONTROL_NRF_K32SRC_RC=y\n```") > 0.5
    # Klipper's FAQ: the serial port it tells you to look for, a block of its own
    assert "1a86" in searchable("/dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0").split()
    assert searchable("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == ""   # can fail: a hash


def test_a_link_with_a_hash_in_its_path_is_words():
    """Chatwoot's only pointer to its database pool setting, a GitHub link pinned to a commit alone in its fence,
    was dropped as a chunk of non-words: the 40-character hash made the whole URL one data run."""
    link = "https://github.com/chatwoot/chatwoot/blob/0fd6b1b5e4e2a4e4b1a0c1c0d6a0e9b1c2d3e4f5/config/database.yml#L7"
    assert {"chatwoot", "config", "database", "yml"} <= set(searchable(link).split())
    assert word_share(f"```\n{link}\n```\n") > 0.5
    assert "0fd6b1b5" not in searchable(link)                 # can fail: the hash itself is still data


def test_changelog_of_3000_short_entries_is_indexed_whole(embedder):
    kept, note = chunks_of(pages.changelog(3000), embedder)
    assert note is None                                     # nothing in a changelog is noise
    joined = "".join(texts(kept))
    assert all(f"(#{10000 + i})" in joined for i in range(0, 3000, 97))
    assert 150 <= len(kept) <= 300                          # ~45,000 word pieces in chunks of at most 200


def test_over_the_chunk_limit_is_refused_with_its_count(embedder):
    with pytest.raises(Exception, match=r"would make [\d,]+ chunks, over the limit of 100 per file") as e:
        chunks_of(pages.changelog(3000), embedder, Limits(500, per_file=100))
    assert not isinstance(e.value, Skipped)                  # a failure the owner must act on, not "empty"


def test_a_manual_in_one_file_is_indexed_and_a_log_is_refused(embedder):
    """The limit is per heading section: a file of many short sections (a manual kept in one file, here a
    changelog of 12,000 entries, about 800 chunks) was refused at 500 chunks per file; a log is one section."""
    manual = pages.changelog(12000)
    kept, note = chunks_of(manual, embedder)
    assert len(kept) > 500 and note is None
    estimate_chunks(parse(manual, "docs/service/page.md"), embedder.counter, 200, Limits(500), "service")
    log = pages.server_log(20000)
    message = r"section 'worker.log' would make (about )?[\d,]+ chunks, over the limit of 500 per section"
    with pytest.raises(ParseError, match=message):
        chunks_of(log, embedder)
    with pytest.raises(ParseError, match=message):
        estimate_chunks(parse(log, "docs/service/worker.md"), embedder.counter, 200, Limits(500), "service")


@pytest.mark.slow
def test_deeply_nested_quotes_do_not_flood_the_index(embedder):
    """4.5 MB of `>>>>... x` made about 24,000 chunks and a 10-minute ingest; now a few seconds, and reported."""
    with pytest.raises(Skipped, match=r"empty: no text to index \(\d\d+ chunks of non-words, 4.5 MB dropped\)"):
        chunks_of(pages.nested_quotes(4.5), embedder)


def test_a_page_of_only_noise_is_skipped_as_empty(embedder):
    lines = "\n".join(pages.screenshot(20_000)[i:i + 76] for i in range(0, 20_000, 76))
    with pytest.raises(Skipped, match="empty: no text to index .*chunk of non-words"):
        chunks_of("-----BEGIN CERTIFICATE-----\n" + lines + "\n-----END CERTIFICATE-----\n", embedder)


def test_prose_next_to_a_data_block_is_kept(embedder):
    lines = "\n".join(pages.screenshot(20_000)[i:i + 76] for i in range(0, 20_000, 76))
    kept, note = chunks_of("# Certificates\n\nUpload the PEM file your provider gave you.\n\n" + lines + "\n",
                           embedder)
    assert [c.text.strip() for c in kept] == ["# Certificates\n\nUpload the PEM file your provider gave you."]
    assert note["noise_chunks"] == 1


def test_prose_after_a_data_block_in_a_list_item_is_kept(embedder):
    """Saleor's error codes: in a long list item, the line under a character set's closing fence was joined to it as
    if the fence opened a block, took its verdict and was dropped with it ("Header values: Must only contain
    printable ASCII characters ..."). Control: the character sets, no words and longer than a short example
    (pieces.EXAMPLE_LINES), still go."""
    charset = "".join(chr(c) for c in range(33, 127) if chr(c) != "`")
    charset = "\n    ".join([charset] * 4)
    item = ("- **Restrictions**: " + "Each header is checked before the webhook is saved. " * 20 + "\n"
            f"  - **Header keys**: Must only contain printable ASCII characters from this set:\n"
            f"    ```\n    {charset}\n    ```\n"
            f"  - **Header values**: Must only contain printable characters, spaces and tabs from this set:\n"
            f"    ```\n    {charset} \\t\n    ```\n"
            "  - Find the exact validation error message in the background worker logs.\n")
    kept, note = chunks_of("# Headers\n\n" + item, embedder)
    text = "".join(texts(kept))
    assert "Header values**: Must only contain printable" in text and "Find the exact validation" in text
    assert charset not in text and note["noise_chunks"] == 2


def test_placeholders_in_angle_brackets_are_words_and_html_tags_are_not(embedder):
    """Caddy's profiling docs: "<live objects> <live memory> @ <addresses...>" read as HTML tags left its code
    block with no words, dropped as noise from the index and from the answer that quoted it."""
    block = "```\n<live objects> <live memory> [<allocations>: <allocation memory>] @ <addresses...>\n```\n"
    page = ("# Memory profiles\n\n" + "Heap profiles track allocations on the heap of the process. " * 30
            + "\n\nThe first line format is as follows:\n\n" + block + "\nIn the example above, one allocation.\n")
    kept, note = chunks_of(page, embedder)
    assert note is None and "<live objects> <live memory>" in "".join(texts(kept))
    assert "live objects" in searchable(block) and "cf push <APP_NAME>" in searchable("cf push <APP_NAME>")
    seen = searchable('<div class="tip">Run <code>cf push</code> in <TabItem value="cli">a shell</TabItem></div>')
    assert "div" not in seen and "class" not in seen and "TabItem" not in seen and "Run" in seen   # can fail


def test_yaml_alias_bomb_in_front_matter_is_parsed_safely():
    started = time.perf_counter()
    doc = parse(pages.yaml_bomb(), "docs/service/bomb.md")
    assert doc.title == "Alias bomb" and tags_of(doc.meta) == ""
    assert [s.lines for s in doc.sections] == [None]          # the aliased lists are not read as prose
    assert time.perf_counter() - started < 30                 # a hang guard, not a speed check (~0.01 s)


def test_ticker_says_something_every_interval_and_for_large_files():
    lines: list[str] = []
    ticker = Ticker(lines.append, every_s=0)
    ticker.tick("service", 120, 400, 2300)
    ticker.large_file("service", "docs/service/big.md", 3 * 1024 * 1024)
    ticker.large_file("service", "docs/service/small.md", 10_000)
    assert lines[0].startswith("ingest: service 120/400 files, 2,300 chunks, ")
    assert lines[1:] == ["ingest: service docs/service/big.md: 3.0 MB, chunking"]
    quiet = Ticker(lines.append)                               # default: a line a minute, not every file
    quiet.tick("service", 1, 400, 0)
    assert len(lines) == 2


def test_split_table_repeats_its_header_in_every_piece(embedder):
    rows = "\n".join(f"| SYNC-{400 + i} | Calendar sync stopped for shared calendar number {i}; reconnect the "
                     f"account under Settings > Integrations. |" for i in range(40))
    header = "| Code | Meaning |\n|---|---|\n"
    text = f"# Sync errors\n\n## Error codes\n{header}{rows}\n\n## After the table\nSome closing words here.\n"
    doc = parse(text, "docs/support/sync.md")
    chunks = chunk_document(doc, embedder.counter, 200, 24)
    table = [c for c in chunks if "SYNC-" in c.text]
    assert len(table) >= 3
    for c in table:
        assert header in c.text                              # the passage shown reads alone
        assert "| Code | Meaning |" in c.embed_text            # so does what is embedded (|---| is layout)
        assert embedder.counter.count(c.embed_text) <= 200
    assert "## Error codes\n" + header in table[0].text
    assert all(c.text.startswith(header) for c in table[1:])
    # every row exactly once, in order, and each piece's lines point at its rows in the file
    got = [line for c in table for line in c.text.splitlines() if line.startswith("| SYNC-")]
    assert got == rows.splitlines()
    file_lines = text.splitlines()
    for c in table[1:]:
        assert file_lines[c.start_line - 1].startswith("| SYNC-") and c.text.endswith(file_lines[c.end_line - 1] + "\n")


def test_normal_pages_are_unchanged(embedder):
    """The bundled KB: no chunk is dropped as noise and every passage is stored as written."""
    from conftest import ROOT
    files = sorted((ROOT / "knowledge").rglob("*.md"))
    counts = Counter()
    for f in files:
        text = f.read_text(encoding="utf-8")
        doc = parse(text, str(f))
        chunks = chunk_document(doc, embedder.counter, 200, 24)
        kept, note = drop_noise(chunks, doc.dropped, Limits(500), "service")
        counts["chunks"] += len(chunks)
        assert note is None and len(kept) == len(chunks), f
    assert counts["chunks"] > 100


def test_a_command_full_of_ids_is_kept_and_tab_markup_is_not(embedder):
    """Bitwarden's help center: "bw get item <uuid> | jq ... | bw edit item <uuid>" after "as in the following
    example:" has a word share of 0.18, and at the old bar (0.25) it was dropped, so the answer ended on the
    lead-in. Markup between tabs (`</div>` and the next tab's `<div>`: 0 words) still goes: a layout wrapper's lines
    are blanked before chunking (ingest/html_blocks.py), so no chunk of them is left to drop."""
    uuid, other = "7ac9cae8-5067-4faf-b6ab-acfd00e2c328", "3d9cecac-71a2-4637-9341-acf000eedf04"
    intro = "Your organization can also move several items at once from the web vault. " * 5 + "\n\n"
    intro = intro * 4 + "Use the `bw edit` command to change the folder of an item, as in the following example:\n\n"
    command = f"```\nbw get item {uuid} | jq '.folderId=\"{other}\"' | bw encode | bw edit item {uuid}\n```\n"
    tabs = '\n  </div>\n  <div class="tab-pane" id="cli" role="tabpanel" aria-labelledby="cliab">\n\n'
    kept, note = chunks_of(f"# Folders\n\n{intro}{command}{tabs}{intro}", embedder)
    assert any("bw edit item" in t for t in texts(kept))
    assert not any("tab-pane" in t or "</div>" in t for t in texts(kept))   # can fail: junk stays out


def test_an_html_comment_is_neither_indexed_nor_reported_as_noise(embedder):
    """Pi-hole's docs open 22 pages with `<!-- markdownlint-disable -->`; each was reported as a chunk of
    non-words dropped. The rendered page does not show a comment, so it goes before chunking, quietly."""
    page = pages.article() + "\n<!-- markdownlint-disable MD033 -->\n\nMore text.\n\n<!-- TODO: screenshots -->\n"
    page += "\n```html\n<!-- a comment shown as an example -->\n```\n"
    kept, note = chunks_of(page, embedder)
    assert note is None and "markdownlint" not in "".join(texts(kept))
    assert "<!-- a comment shown as an example -->" in "".join(texts(kept))     # can fail: code stays as written


def test_a_footnote_is_text_and_a_link_definition_is_markup():
    """Pi-hole's docs: "[^guide]: Guide based on this guide by Ben Dews" was read as a link definition, so its
    words were left out and the chunk dropped as noise."""
    assert word_share("[^guide]: Guide based on [this guide by Ben Dews](https://bendews.com/posts/x/)\n") > 0.5
    assert word_share("[guide]: https://bendews.com/posts/implement-dns-over-https/\n") == 0.0   # can fail


def test_a_code_block_or_table_cut_by_line_keeps_every_line(fake_embedder):
    """A list item whose code block and table are too big for one chunk is cut by line. Each line was judged
    alone: a line of the udev rule with no word left (`RUN+="/usr/bin/..."`) and a table's separator row were
    packed apart and dropped as noise, so the rule lost its 4th line and the table no longer rendered
    (Jellyfin's docs). A block is judged whole. Control: a data block (base64) is still dropped, whole."""
    rule = ('   ACTION=="add|bind", ATTR{vendor}=="0x10de", ATTR{class}=="0x03[0-9]*", \\\n'
            '       RUN+="/usr/bin/nvidia-modprobe", \\\n       RUN+="/usr/bin/nvidia-modprobe -m"\n')
    steps = "".join(f"   Then check step {i} of the container and its devices before you restart the service.\n"
                    for i in range(40))
    table = "   | Card | Sessions |\n   |-----------------------------|------------------------------|\n" + "".join(
        f"   | GeForce model {i} | {i} sessions at once |\n" for i in range(3))
    data = pages.screenshot(size=900)
    blob = "   ```\n" + "".join(f"   {data[i:i + 76]}\n" for i in range(0, len(data), 76)) + "   ```\n"
    text = (f"# GPU\n\n## Podman\n\n1. Create the rule:\n\n{steps}\n   ```shell\n{rule}   ```\n\n"
            f"2. The limits:\n\n{steps}\n{table}\n3. The key:\n\n{blob}")
    kept, note = chunks_of(text, fake_embedder)
    shown = "".join(texts(kept))
    assert rule in shown and table.replace(table.splitlines()[1], "   |---|---|") in shown     # no padding shown
    assert data[:76] not in shown and data[-40:] not in shown and note and note["noise_chunks"] >= 1


def test_a_page_of_links_only_is_navigation_and_skipped(fake_embedder):
    """GitBook's SUMMARY.md (the site's navigation) was indexed as "Table of contents" and cited in 5 of 37
    answers. Controls: a page with a sentence among its links, and a stub with two links, are pages."""
    nav = "# Table of contents\n\n* [Welcome](README.md)\n\n## Account\n\n* [Billing](billing.md)\n" \
          "  * [Invoices](billing/invoices.md)\n* [Plans](plans.md)\n"
    with pytest.raises(Skipped, match=r"navigation: only links to other pages \(4 links\)"):
        chunks_of(nav, fake_embedder)
    parts = "# Summary\n\n[Getting help](help.md)\n\n---\n\n# Cards\n\n- [Card template](template.md)\n" \
            "- [Reversed cards](reversed.md)\n\n---\n"          # mdBook's parts (Anki's FAQ book)
    with pytest.raises(Skipped, match=r"navigation: only links to other pages \(3 links\)"):
        chunks_of(parts, fake_embedder)
    assert chunks_of(nav + "\nBilling questions go to the account owner.\n", fake_embedder)[0]
    assert chunks_of("# Moved\n\n* [Billing](billing.md)\n* [Plans](plans.md)\n", fake_embedder)[0]
    # Metabase's troubleshooting index ends each link with a full stop: still links alone
    with pytest.raises(Skipped, match=r"navigation: only links to other pages \(3 links\)"):
        chunks_of("# Troubleshooting\n\n- [Running the JAR](./running.html).\n- [Docker](docker.md).\n"
                  "- [Sync](sync.md).\n", fake_embedder)
    # Docsify's _sidebar.md labels its groups in bold: still navigation (2 of its chunks had been kept, one cited)
    sidebar = "- **Getting Started**\n  - [Admin](admin/)\n  - [Users](users.md)\n- **How-tos**\n  - [Git](git.md)\n"
    with pytest.raises(Skipped, match=r"navigation: only links to other pages \(3 links\)"):
        chunks_of(sidebar, fake_embedder)
    # links that all lead off the site are the page's content (Datacoves' SSH keys page was skipped)
    keys = ("# SSH keys\n\n## User keys\n\n- [GitHub](https://docs.github.com/keys)\n- [GitLab](https://docs.gitlab.com"
            "/ssh)\n\n## Deploy keys\n\n- [Bitbucket](https://support.atlassian.com/access-keys)\n")
    assert chunks_of(keys, fake_embedder)[0]


def test_a_page_of_headings_only_is_empty_and_skipped(fake_embedder):
    """Docsify's folder pages are their title alone (`# Airflow Reference`): the whole answer to "my airflow keeps
    shutting down" was "**Airflow Reference** [1]" (Datacoves: 3 such pages, cited 5 times). Control: a heading
    with a sentence under it is a page."""
    with pytest.raises(Skipped, match=r"empty: only headings"):
        chunks_of("# Airflow Reference\n\n## Operators\n", fake_embedder)
    assert chunks_of("# Airflow Reference\n\nOperators and their settings.\n", fake_embedder)[0]


def test_a_page_that_says_it_is_blank_is_skipped(fake_embedder):
    """Node-RED's docs keep 8 placeholder pages reading "*This page left intentionally blank*"; indexed, one was
    cited as "[6] Settings". Control: a page that says more is a page."""
    with pytest.raises(Skipped, match=r"empty: a page left blank on purpose"):
        chunks_of("# Settings\n\n*This page left intentionally blank*\n", fake_embedder)
    assert chunks_of("# Settings\n\nThis page is intentionally left blank until 2.0 ships the editor.\n",
                     fake_embedder)[0]


def test_an_address_alone_in_its_paragraph_stays_with_its_text(embedder):
    """Kagi's help center: the Tor address, a paragraph of its own, read as data (its host has no words) and was
    dropped, so "What is Kagi's onion address?" was answered "...the following Onion link:" and nothing after.
    Control: a real data blob is still dropped."""
    onion = "http://kagi2pv5fvzjoa4xqxo3cbyfcz5c7btyakxezgfbwtyutumdxa5vqqd.onion/"
    page = (f"# Tor\n\nYou can access Kagi via the following Onion link:\n\n{onion}\n\n"
            "Then sign in with your usual account and search as you always do.\n")
    kept, note = chunks_of(page, embedder)
    assert onion in "".join(texts(kept)) and note is None
    blob = "\n\n" + "Zm9vYmFyYmF6cXV4" * 40 + "\n"
    _, note = chunks_of(page + blob, embedder)
    assert note and note["noise_chunks"] == 1                   # can fail: the blob is not a link


def test_a_short_example_a_lead_in_announces_stays_with_it(embedder):
    """Firefly III's docs: "This is a typical signature string:" over a one-line code block of a timestamp and a
    hash was a chunk of its own, dropped as non-words, and the answer ended at the colon. Control: a long dump
    under the same lead-in is still dropped."""
    sig = "t=1610738765,v1=d62463af1dcdcc7b5a2db6cf6b1e01d985c31685ee75d01a4f40754dbb4cf396"
    page = ("# Webhooks\n\n## Signature\n\nThis is a typical signature string:\n\n```\n" + sig + "\n```\n\n"
            "The signature comes in two parts, a timestamp and a versioned signature hash of the request body.\n")
    kept, note = chunks_of(page, embedder)
    assert sig in "".join(texts(kept)) and note is None
    dump = "\n".join("Zm9vYmFyYmF6cXV4" * 4 for _ in range(12))
    _, note = chunks_of(page.replace(sig, dump), embedder)
    assert note and note["noise_chunks"] == 1                   # can fail: 12 lines are no short example


def test_an_announced_example_that_does_not_fit_its_lead_ins_chunk_joins_it(embedder):
    """Portainer's docs: "It will look like the following:" ended a box whose text filled its chunk, and the Edge ID
    under it, `73149964-56f4-473b-81b3-5ecdc397e490` in inline code, made a chunk of its own, dropped as non-words.
    Controls: the same line after a sentence that ends is noise; the chunk is its lead-in's."""
    uuid = "`73149964-56f4-473b-81b3-5ecdc397e490`"
    fill = " ".join(["You can find the Edge IDs for your Edge environments under **Environments**."] * 14)
    page = f"# Edge\n\n## Type\n\n{fill} It will look like the following:\n\n{uuid}\n\n## Next\n\nMore text here.\n"
    kept, note = chunks_of(page, embedder)
    assert note is None and any(uuid in t and "the following:" in t for t in texts(kept))     # can fail: dropped
    _, note = chunks_of(page.replace("the following:", "the following."), embedder)
    assert note and note["noise_chunks"] == 1


def test_a_short_block_that_ends_a_sentence_left_open_stays_with_it(embedder):
    """Seafile's docs: "In the database, its format is" over `PBKDF2SHA256$iterations$salt$hash`, the answer to how
    passwords are stored, was dropped as non-words. Control: after a sentence that ends, the same block is noise."""
    page = ("# Security\n\n## Passwords\n\nUser login passwords are stored in hash form only. In the database, its "
            "format is\n\n```\nPBKDF2SHA256$iterations$salt$hash\n```\n\nThe record is divided into 4 parts by the "
            "$ sign.\n")
    kept, note = chunks_of(page, embedder)
    assert "PBKDF2SHA256$iterations$salt$hash" in "".join(texts(kept)) and note is None
    _, note = chunks_of(page.replace("its format is", "its format is below."), embedder)
    assert note and note["noise_chunks"] == 1                   # can fail: kept after a full stop too


def test_a_table_of_contents_is_not_indexed(embedder):
    """Kagi's FAQ: a section of links to the page's own sections was cited under "See also" in 5 of 36 answers.
    Control: a list of links to other pages answers "do you integrate with Slack?" and stays."""
    toc = "".join(f"- [{q}](#{q.lower()})\n" for q in ("Billing", "Privacy", "Search", "Teams"))
    body = "".join(f"## {q}\n\n{q} questions are answered here in some detail for every plan.\n\n"
                   for q in ("Billing", "Privacy", "Search", "Teams"))
    kept, note = chunks_of(f"# FAQ\n\n## Table of contents\n\n{toc}\n{body}", embedder)
    assert not any("](#" in t for t in texts(kept)) and "1 table of contents" in note["reason"]
    others = toc.replace("](#", "](integrations/")
    kept, note = chunks_of(f"# FAQ\n\n## Integrations\n\n{others}\n{body}", embedder)
    assert any("](integrations/" in t for t in texts(kept)) and note is None


def test_two_links_to_the_pages_own_sections_are_its_contents(embedder):
    """PrestaShop's FAQ pages open with two or three links to their own questions: cited as noise in 6 of 36
    answers. Controls: one such link is a pointer the text may need; two links to other pages stay."""
    body = "".join(f"## {q}\n\n{q} questions are answered here in some detail for every plan.\n\n"
                   for q in ("Billing", "Privacy"))
    two = "- [Lost access after upgrading](#billing)\n- [Upgrade fails](#privacy)\n"
    kept, note = chunks_of(f"# Upgrade FAQ\n\n{two}\n{body}", embedder)
    assert not any("](#" in t for t in texts(kept)) and "table of contents" in note["reason"]  # can fail: kept
    kept, _ = chunks_of(f"# Upgrade FAQ\n\n- [Lost access after upgrading](#billing)\n\n{body}", embedder)
    assert any("](#billing)" in t for t in texts(kept))
    kept, _ = chunks_of(f"# Upgrade FAQ\n\n{two.replace('](#', '](pages/')}\n{body}", embedder)
    assert any("](pages/billing)" in t for t in texts(kept))


def _stored(make_kb, embedder, files: dict[str, str], source: str) -> tuple[list[str], dict]:
    """The texts stored for `source` once `files` are ingested, and the ingest's summary."""
    from ingest.pipeline import ingest
    from ingest.store import Store
    config = make_kb(files)
    summary = ingest(config, embedder=embedder)
    got = Store(config).chunks("service").get(include=["documents", "metadatas"])
    return [t for t, m in zip(got["documents"], got["metadatas"]) if m["source"] == source], summary


def test_a_list_of_links_to_other_pages_is_navigation_not_a_passage(make_kb, fake_embedder):
    """MoJ's Cloud Platform guide: its contents page was 23 chunks of link lists under headings, cited in 10 of
    36 answers; BTCPay's FAQ index was cited in 7. Controls: a list whose pages the knowledge base does not have,
    or that leads off the site, stays (it is the only text about them); so does the page's own text."""
    index = ("# User guide\n\nEverything about the platform.\n\n## Databases\n\n- [Relational](rds.md)\n"
             "- [Redis](redis.md)\n- [OpenSearch](search.md)\n\n## Elsewhere\n\n- [Kafka](kafka.md)\n"
             "- [MQ](mq.md)\n- [SQS](sqs.md)\n\n## Upstream\n\n- [RDS](https://aws.amazon.com/rds/)\n"
             "- [Redis](redis.md)\n- [OpenSearch](search.md)\n")
    targets = {f"docs/service/{name}.md": f"# {name}\n\nHow to use {name} on the platform.\n"
               for name in ("rds", "redis", "search")}
    kept, summary = _stored(make_kb, fake_embedder, {"docs/service/index.md": index, **targets}, "docs/service/index.md")
    assert not any("[Relational](rds.md)" in t for t in kept)
    assert any("[Kafka](kafka.md)" in t for t in kept) and any("aws.amazon.com" in t for t in kept)
    assert any("Everything about the platform." in t for t in kept)
    assert any("1 list of links to other pages" in d["reason"] for d in summary["dropped"])


def test_a_list_of_links_under_underlined_headings_is_navigation_too(make_kb, fake_embedder):
    """Kanboard's docs underline their headings (setext): its index's "Using Kanboard" over a row of dashes and
    its links was kept as text, cited in 1 of 36 answers. Control: a link list under an underlined heading whose
    pages the knowledge base does not have stays."""
    index = ("Documentation\n=============\n\nEverything about the board.\n\nUsing Kanboard\n--------------\n\n"
             "- [Relational](rds.md)\n- [Redis](redis.md)\n- [OpenSearch](search.md)\n\nElsewhere\n---------\n\n"
             "- [Kafka](kafka.md)\n- [MQ](mq.md)\n- [SQS](sqs.md)\n")
    targets = {f"docs/service/{name}.md": f"# {name}\n\nHow to use {name} on the board.\n"
               for name in ("rds", "redis", "search")}
    kept, _ = _stored(make_kb, fake_embedder, {"docs/service/index.md": index, **targets}, "docs/service/index.md")
    assert not any("[Relational](rds.md)" in t for t in kept)
    assert any("[Kafka](kafka.md)" in t for t in kept)                # can fail: every list dropped


def test_a_table_of_contents_beside_the_pages_text_goes_and_the_text_stays(make_kb, fake_embedder):
    """BookStack's debugging page: its 9-link contents shared a chunk with the first sentence and showed under the
    answer; Segment's docs hold 21 such chunks, Codacy's 16. Controls: two links to the page's sections stay (a
    pointer, not contents), and so do a list a lead-in announces (Plausible's four stages of SSO setup) and links among
    the items of a list (Kopia's storage locations)."""
    page = ("# Debugging\n\nBelow you can find details on how to debug the app.\n\n- [Debug view](#debug-view)\n"
            "- [Logs](#logs)\n  - [Email](#email)\n\nSee [Logs](#logs) or [Email](#email) first.\n\n"
            "- [Install](install.md)\n- [Upgrade](upgrade.md)\n- [Backup](backup.md)\n\nIt has three stages:\n\n"
            "1. [Debug view](#debug-view)\n2. [Logs](#logs)\n3. [Email](#email)\n\nWe store in:\n\n- [S3](#s3)\n"
            "  - any S3 API\n- [Azure](#azure)\n- [B2](#b2)\n- [GCS](#gcs)\n- [Drive](#drive)\n  - experimental\n\n"
            "## Debug view\n\nTurn it on.\n"
            "\n## Logs\n\nRead them.\n\n## Email\n\nTest it.\n")
    targets = {f"docs/service/{n}.md": f"# {n}\n\nHow to {n} the app on a server.\n" for n in ("install", "upgrade", "backup")}
    texts, summary = _stored(make_kb, fake_embedder, {"docs/service/debug.md": page, **targets}, "docs/service/debug.md")
    kept = "\n".join(texts)
    assert "- [Debug view](#debug-view)" not in kept and "- [Logs](#logs)" not in kept
    assert "how to debug the app." in kept and "See [Logs](#logs) or [Email](#email) first." in kept
    assert "three stages:\n\n1. [Debug view](#debug-view)\n2. [Logs](#logs)" in kept   # can fail: an announced list
    assert "Turn it on." in kept and "- [B2](#b2)\n" in kept          # can fail: links among a list's items (Kopia)
    assert any("table of contents" in d["reason"] for d in summary["dropped"])


def test_a_labelled_table_of_contents_goes_with_its_label(make_kb, fake_embedder):
    """Miniflux's FAQ and API reference open with "Table of Contents:" over links to their sections: a label ending
    in ":" read as a lead-in announcing a list of the text's own, so 5 pages kept their contents (cited 3 times).
    Controls: the page's text stays, and so does a list a real lead-in announces."""
    toc = "".join(f"- [{q}?](#{q.lower()})\n" for q in ("Why", "Which", "How"))
    page = (f"# FAQ\n\nTable of Contents:\n\n{toc}\n## Why\n\nBecause.\n\n## Which\n\nThis one.\n\n## How\n\n"
            f"Like so. It has three steps:\n\n{toc}")
    alone = f"# API\n\nThe API answers in JSON.\n\n**On this page**\n\n{toc}\n## Why\n\nBecause.\n"
    texts, summary = _stored(make_kb, fake_embedder, {"docs/service/faq.md": page, "docs/service/api.md": alone},
                             "docs/service/faq.md")
    kept = "\n".join(texts)
    assert "Table of Contents" not in kept and kept.count("- [Why?](#why)") == 1 and "Because." in kept
    assert "three steps:\n\n- [Why?](#why)" in kept                                # can fail: an announced list
    texts, _ = _stored(make_kb, fake_embedder, {"docs/service/api.md": alone}, "docs/service/api.md")
    assert "On this page" not in "\n".join(texts) and "answers in JSON" in "\n".join(texts)


def test_a_see_also_of_one_or_two_links_to_other_pages_is_not_stored(make_kb, fake_embedder):
    """Codacy's docs end 38 pages with "See also" and one or two links: cited 20 times in 13 of 36 answers, the
    whole lead of 2 ("- [Changing your plan and billing](...)"). Control: the page's own text stays, and so does a
    page that is one link (a stub, reported as what it is)."""
    from ingest.pipeline import ingest
    from ingest.store import Store
    page = "# Seats\n\nEvery member who commits takes a paid seat.\n\n## See also\n\n- [Billing](billing.md)\n"
    config = make_kb({"docs/service/seats.md": page, "docs/service/moved.md": "# Moved\n\n[Billing](billing.md)\n",
                      "docs/service/billing.md": "# Billing\n\nChange your plan on the billing page.\n"})
    summary = ingest(config, embedder=fake_embedder)
    got = Store(config).chunks("service").get(include=["documents", "metadatas"])
    kept = [t for t, m in zip(got["documents"], got["metadatas"]) if m["source"] == "docs/service/seats.md"]
    assert not any("[Billing](billing.md)" in t for t in kept) and any("takes a paid seat" in t for t in kept)
    assert any("1 list of links to other pages" in d["reason"] for d in summary["dropped"])
    assert "docs/service/moved.md" in {m["source"] for m in got["metadatas"]}    # can fail: a stub page dropped


def test_links_under_a_numbered_steps_heading_are_the_step(make_kb, fake_embedder):
    """WeKan's Docker production guide: "## 4. Configure webserver as a front-end proxy" over links to its Caddy,
    Nginx and Apache pages went as navigation, and the steps jumped from 2 to 5. Control: the same links under a
    heading that is no step still go."""
    from ingest.pipeline import ingest
    from ingest.store import Store
    page = ("# Production\n\n## 1. Install Docker\n\nInstall it with your package manager first.\n\n"
            "## 2. Configure a proxy\n\n- [Caddy](caddy.md)\n- [Nginx](nginx.md)\n\n## Proxies\n\n- [Caddy](caddy.md)\n"
            "- [Nginx](nginx.md)\n\n## 3. Launch\n\nRun `docker compose up -d` as the wekan user.\n")
    config = make_kb({"docs/service/prod.md": page, "docs/service/caddy.md": "# Caddy\n\nProxy with Caddy like so.\n",
                      "docs/service/nginx.md": "# Nginx\n\nProxy with Nginx like so.\n"})
    ingest(config, embedder=fake_embedder)
    got = Store(config).chunks("service").get(include=["documents", "metadatas"])
    kept = {m["anchor"] for t, m in zip(got["documents"], got["metadatas"])
            if m["source"] == "docs/service/prod.md" and "[Caddy](caddy.md)" in t}
    assert kept == {"2-configure-a-proxy"}                   # can fail: "proxies" kept too, or the step dropped


def test_a_list_of_pages_each_with_what_it_holds_is_navigation_too(make_kb, fake_embedder):
    """Documenso's docs end 106 pages with "See Also" lists of "- [Page](...) - what it holds"; Zettlr's welcome
    page is 3 chunks of "[**Page**](page.md): what it holds", cited in 8 of 36 answers over the pages they describe.
    Controls: one such line stays (it can be a section's answer), and so does a list leading off the site.
    Under "See Also" one is a pointer too: filebrowser's 24 CLI pages end so, cited in 8 of 36 answers."""
    page = ("# Welcome\n\nZettlr is a writing tool for academics and authors.\n\n## Contents\n\n"
            "[**File Manager**](./files.md): Describes the file manager and how it shows your files.\n\n"
            "[**Exporting**](export.md) \u2014 How exporting works and how to use it.\n\n"
            "## Backups\n\n- [Backups](backups.md) - Automated backup strategies\n\n"
            "## See Also\n\n* [files](files.md)\t - Generate the autocompletion script for the shell\n\n"
            "## Storage\n\n- [Backups](backups.md): where the nightly copies of your vault are kept\n\n"
            "## Upstream\n\n- [Pandoc](https://pandoc.org/) - the converter behind every export\n"
            "- [Citeproc](https://citeproc.org/) - formats citations\n")
    targets = {f"docs/service/{name}.md": f"# {name}\n\nHow {name} works in the app.\n"
               for name in ("files", "export", "backups")}
    texts, summary = _stored(make_kb, fake_embedder, {"docs/service/index.md": page, **targets}, "docs/service/index.md")
    kept = "\n".join(texts)
    assert "Describes the file manager" not in kept and "How exporting works" not in kept
    assert "Automated backup strategies" in kept             # can fail: one line with what it holds is no list
    assert "autocompletion script" not in kept               # can fail: one entry under "See Also" kept
    assert "where the nightly copies" in kept and "pandoc.org" in kept and "a writing tool" in kept
    assert any("2 lists of links to other pages" in d["reason"] for d in summary["dropped"])


def test_a_list_cut_over_chunks_is_kept_or_dropped_whole():
    """Saleor's security page lists its cleaner's settings under a lead-in, each "[`SETTING` (docs)](...) - what it
    does"; the last item, a chunk of its own, was dropped as a list of pages, and with it that EDITOR_JS_LISTS_MAX_DEPTH
    defaults to 10. Controls: a list of page links alone under its heading still goes, whole."""
    from ingest.chunking import Chunk
    from ingest.noise import _lists_pages
    path = ("Security", "Cleaning")
    chunks = [Chunk("## Cleaning\n\nConfigured through these settings:\n\n- [`A` (docs)](conf.md#a) - allowed tags.\n",
                    path, "cleaning", 1, 5),
              Chunk("- [`B` (docs)](conf.md#b) - the [`rel`](https://mdn.dev/rel) values.\n", path, "cleaning", 6, 6),
              Chunk("- [`DEPTH` (docs)](conf.md#depth) - list depth, defaults to 10.\n", path, "cleaning", 7, 7),
              Chunk("## See also\n\n- [Payments](pay.md) - how payments work\n", ("Security", "See also"), "see-also",
                    9, 11),
              Chunk("- [Refunds](refunds.md) - how refunds work\n", ("Security", "See also"), "see-also", 12, 12)]
    dropped = _lists_pages(chunks, pages=lambda target: not target.startswith("http"))
    assert [c.start_line for c in dropped] == [9, 12]


def test_link_cards_to_other_pages_are_navigation_however_they_are_chunked(make_kb, fake_embedder):
    """Mintlify's <Card href> shows a bold link over what its page holds, and a box is a chunk of its own: Polar's
    "Next steps" were three chunks, two holding one card each, and Hoppscotch's index pages led 4 of 36 answers.
    The section's cards count together. Controls: one card under its own heading stays, and so do cards leading
    off the site."""
    page = ("# Orders\n\nAn order is created for every purchase.\n\n## Next steps\n\n<CardGroup cols={2}>\n"
            '  <Card title="Refunds" icon="arrow" href="/refunds">\n    How to refund an order, fully or partly.\n'
            '  </Card>\n  <Card title="Invoices" icon="file" href="/invoices">\n    Download an invoice as a PDF.\n'
            '  </Card>\n</CardGroup>\n\n## Tax\n\n<Card title="Tax rates" href="/tax">\n'
            "  Which rate applies in each country.\n</Card>\n\n## Elsewhere\n\n<CardGroup>\n"
            '  <Card title="Stripe" href="https://stripe.com/docs">\n    The processor behind every charge.\n  </Card>\n'
            '  <Card title="Wise" href="https://wise.com/">\n    Payouts in local currency.\n  </Card>\n</CardGroup>\n')
    targets = {f"docs/service/{name}.mdx": f"# {name}\n\nHow {name} work for a merchant.\n"
               for name in ("refunds", "invoices", "tax")}
    texts, summary = _stored(make_kb, fake_embedder, {"docs/service/orders.mdx": page, **targets},
                             "docs/service/orders.mdx")
    kept = "\n".join(texts)
    assert "How to refund an order" not in kept and "Download an invoice" not in kept
    assert "Which rate applies" in kept                 # can fail: one card under its heading is no list
    assert "The processor behind" in kept and "Payouts in local" in kept and "created for every purchase" in kept
    assert any("list of links to other pages" in d["reason"] for d in summary["dropped"])


def test_a_grid_of_cards_a_paragraph_leads_into_is_kept_whole(make_kb, fake_embedder):
    """Formbricks' "An end-to-end XM Suite": "the full experience-management loop ... in one platform:" over three
    cards, Ask, Analyze and Act; the first shared the paragraph's chunk and stayed, the other two went as links to
    other pages, so answers showed one part of three (17 of its 39 cards with text went so). Control: a grid alone
    under its heading is still navigation, whole (test_link_cards_to_other_pages_are_navigation_however_they_are_chunked)."""
    cards = "".join(f'  <Card title="{t}" href="/{t.lower()}">\n    {what}\n  </Card>\n' for t, what in (
        ("Ask", "Collect feedback with link, website and in-app surveys."),
        ("Analyze", "Unify feedback from every source into one store."),
        ("Act", "Turn responses into action with workflows.")))
    page = ("# What is it\n\nAn open-source survey platform.\n\n## The loop\n\nIt covers the full experience-management "
            f"loop in one platform:\n\n<CardGroup cols={{3}}>\n{cards}</CardGroup>\n")
    targets = {f"docs/service/{t}.mdx": f"# {t}\n\nAll about {t}.\n" for t in ("ask", "analyze", "act")}
    texts, _ = _stored(make_kb, fake_embedder, {"docs/service/intro.mdx": page, **targets}, "docs/service/intro.mdx")
    kept = "\n".join(texts)
    assert "Collect feedback" in kept and "Unify feedback" in kept and "Turn responses" in kept    # can fail: 1 of 3


def test_an_image_named_by_its_file_gives_no_words():
    """Zettlr's manual: 107 of 147 images have their file name as alt text, which put "preferences languagetool png"
    in the words of 97 chunks. Control: an alt text that describes the picture stays searchable."""
    from ingest.words import searchable
    assert "languagetool" not in searchable("Set it up:\n\n![preferences_languagetool.png](../img/x.png)\n")
    assert "Screenshot of the LanguageTool settings" in searchable("![Screenshot of the LanguageTool settings](x.png)")
    assert "file.png" in searchable("[file.png](file.png)")      # can fail: a link's text is no image's alt
