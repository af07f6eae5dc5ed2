"""Chunking: every chunk fits the model window (counted by the model's own tokenizer), long sections are
split at block boundaries, tiny sections are merged, and no text is lost or reordered. Generated documents
are in test_chunker_properties.py."""
from __future__ import annotations

import re
import textwrap

import pytest
from helpers.chunks import written

from ingest import fences
from ingest.chunking import chunk_document
from ingest.markdown import clean_source as markdown_source
from ingest.markdown import parse
from ingest.words import MIN_WORD_SHARE, word_share

WORDS = ("refund invoice workspace certificate synchronisation administrator Quillhub SSO-104 "
         "error plan billing teammate webhook the a of to and is").split()


def _para(n_words: int, seed: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(n_words))


def _long_doc() -> str:
    paras = "\n\n".join(_para(45, s) + "." for s in range(8))
    items = "\n".join(f"{i}. Step {i}: {_para(12, i)}" for i in range(1, 30))
    rows = "\n".join(f"| SYNC-{400 + i} | {_para(10, i)} |" for i in range(25))
    code = "\n".join(f"kb ingest --config /srv/kb/config-{i}.toml --json  # {_para(6, i)}" for i in range(20))
    one_line = _para(400, 3)                                      # one very long line
    no_spaces = "x" * 3000                                        # a run with no spaces at all
    return (f"---\ntitle: Long guide\n---\n# Long guide\n\n{paras}\n\n## Steps\n{items}\n\n"
            f"## Error table\n| Code | Meaning |\n|---|---|\n{rows}\n\n## Commands\n```bash\n{code}\n```\n\n"
            f"## One long line\n{one_line}\n\n## Base64\n{no_spaces}\n")


def _model_tokens(embedder, text: str) -> int:
    """Word pieces as the model itself sees them, [CLS] and [SEP] excluded."""
    return len(embedder.model.tokenizer(text, add_special_tokens=False, truncation=False)["input_ids"])


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("max_tokens", [64, 200, 254])
def test_chunks_never_exceed_the_window(embedder, max_tokens):
    doc = parse(_long_doc(), "docs/long.md")
    chunks = chunk_document(doc, embedder.counter, max_tokens=max_tokens, min_tokens=24)
    assert len(chunks) > 5
    for c in chunks:
        n = _model_tokens(embedder, c.embed_text)
        assert n <= max_tokens, (n, c.heading_path, c.text[:80])
        assert c.embed_text.startswith(" > ".join(c.heading_path) + "\n")
        assert n <= c.tokens                      # the stored count is never an under-estimate



class WordCount:
    """Word pieces counted as words plus line breaks: windows a test can reason about, cut at every length."""
    def counts(self, texts):
        return [len(t.split()) + t.count("\n") for t in texts]

    def count(self, text):
        return self.counts([text])[0]

def test_long_section_is_split_at_block_boundaries(embedder):
    paras = [f"Begin{s} " + _para(40, s) + f" end{s}." for s in range(8)]
    text = "# Policies\n\n## Refunds\n" + "\n\n".join(paras) + "\n"
    doc = parse(text, "p.md")
    sec = next(s for s in doc.sections if s.anchor == "refunds")
    boundaries = {sec.start, *sec.block_starts, sec.end}
    chunks = [c for c in chunk_document(doc, embedder.counter, max_tokens=120, min_tokens=1) if c.anchor == "refunds"]
    assert len(chunks) >= 3
    for c in chunks:
        assert c.start_line - 1 in boundaries and c.end_line in boundaries
        # whole paragraphs only: every paragraph is either fully inside the chunk or absent from it
        for s in range(8):
            assert (f"Begin{s} " in c.text) == (f" end{s}." in c.text)


def test_a_paragraph_on_one_line_over_the_window_is_cut_between_sentences(fake_embedder):
    """CapRover's docs write a paragraph on one line; over the window it was cut by words ("DigitalOcean is" ended a
    chunk, "really beginner friendly" opened the next). It is cut between sentences; control: a sentence longer than
    the window is still cut by words, and every word is kept once."""
    sentences = [f"Sentence {n} says the droplet number {n} is really beginner friendly and cheap. " for n in range(12)]
    page = "# Hosting\n\n## DigitalOcean\n\n" + "".join(sentences).rstrip() + "\n"
    chunks = [c for c in chunk_document(parse(page, "do.md"), WordCount(), max_tokens=60, min_tokens=1)
              if c.anchor == "digitalocean"]
    assert len(chunks) > 2 and all(c.text.rstrip().endswith("cheap.") for c in chunks)      # can fail: mid-sentence
    assert " ".join(" ".join(c.text.split()) for c in chunks).count("Sentence") == 12
    long = "# H\n\n## S\n\n" + " ".join(f"word{n}" for n in range(150)) + ".\n"
    words = " ".join(c.text for c in chunk_document(parse(long, "l.md"), WordCount(), max_tokens=60, min_tokens=1))
    assert all(words.count(f"word{n} ") + words.count(f"word{n}.") == 1 for n in range(150))


def test_a_long_list_is_cut_between_its_items(embedder):
    """Klipper's docs wrap lines at 80 columns; a list over the window was cut line by line, so 111 chunks opened
    in the middle of an item ("immediately configure..." after a chunk ending "This command will"). Control: an item
    over the window alone is still cut (by line)."""
    items = [f"- `cmd{s}`: Begin{s} " + "\n  ".join(_para(12, s + k) for k in range(3)) + f" end{s}." for s in range(12)]
    items.append("- `huge`: HugeBegin " + "\n  ".join(_para(12, k) for k in range(30)) + " HugeEnd.")
    doc = parse("# Commands\n\n## Reference\n" + "\n".join(items) + "\n", "m.md")
    chunks = [c for c in chunk_document(doc, embedder.counter, max_tokens=120, min_tokens=1) if c.anchor == "reference"]
    assert len(chunks) >= 4
    for c in chunks:
        for s in range(12):
            assert (f"Begin{s} " in c.text) == (f" end{s}." in c.text), (s, c.text)
    assert not any("HugeBegin" in c.text and "HugeEnd" in c.text for c in chunks)


def test_a_lead_in_line_stays_with_the_block_it_announces(embedder):
    """Valetudo's docs: 20 chunks ended on "...the following:", the command or list it announced opening the next
    chunk, so an answer led by it showed nothing it announced. Control: a paragraph of two lines is never cut
    between its lines; it goes whole with the code under it (ingest/lead_ins.py), the text above it staying."""
    code = "```\n" + "\n".join(f"sudo step{k} --flag value{k}" for k in range(12)) + "\n```\n"
    text = ("# Install\n\n## Backup\n" + _para(70, 1) + ".\n\nTo back up the robot, run the following:\n\n" + code
            + "\n" + _para(70, 2) + ".\n\nIt ends with\ntwo lines:\n\n" + code)
    chunks = chunk_document(parse(text, "i.md"), embedder.counter, max_tokens=120, min_tokens=1)
    lead = next(c for c in chunks if "run the following:" in c.text)
    assert "sudo step0" in lead.text
    two = next(c for c in chunks if "two lines:" in c.text)
    assert "It ends with\ntwo lines:\n\n```\nsudo step0" in two.text
    assert any(_para(70, 2)[:30] in c.text for c in chunks)



def test_a_lead_in_wrapped_over_lines_stays_with_its_block(embedder):
    """dxw's playbook wraps at 80 columns: "Incidents for which reporting would be appropriate will\ninclude:" ended
    a chunk, its list opening the next (11 files). Control: a wrapped paragraph that does not end in a colon is
    packed as before, with the text above it."""
    items = "".join(f"- a case number {k} that counts\n" for k in range(6))
    text = ("# Incidents\n\n## Reporting\n" + _para(50, 1) + ".\n\nIncidents for which reporting would be\n"
            "appropriate will include:\n\n" + items + "\n" + _para(50, 2) + ".\n\nIt ends with\ntwo lines.\n\n" + items)
    chunks = chunk_document(parse(text, "i.md"), embedder.counter, max_tokens=120, min_tokens=1)
    lead = next(c for c in chunks if "will include:" in c.text)
    assert "a case number 0" in lead.text
    two = next(c for c in chunks if "two lines." in c.text)
    assert _para(70, 2)[:30] in two.text                     # can fail: any wrapped paragraph taken as a lead-in


def test_a_block_that_fits_is_never_cut(embedder):
    table = "| Code | Meaning |\n|---|---|\n" + "\n".join(f"| E{i} | {_para(5, i)} |" for i in range(6)) + "\n"
    text = "# T\n\n## Errors\n" + _para(60, 1) + ".\n\n" + table + "\n" + _para(60, 2) + ".\n"
    chunks = chunk_document(parse(text, "t.md"), embedder.counter, max_tokens=110, min_tokens=1)
    assert len(chunks) >= 2
    assert sum(table in c.text for c in chunks) == 1


def test_a_short_section_stays_its_own_chunk_and_a_bare_heading_merges(embedder):
    """A section of one short sentence ("Card size: Defines the width of a card.") was folded into its
    neighbour and cited by the neighbour's heading, so no answer could point at it (the Obsidian help: 40 of
    1,653 sections). A heading with nothing under it but subsections still joins the next one."""
    text = "# FAQ\n\n" + "".join(f"## Question {i}\nShort answer {i}.\n\n" for i in range(6))
    doc = parse(text, "faq.md")
    chunks = chunk_document(doc, embedder.counter, max_tokens=200, min_tokens=24)
    assert [c.anchor for c in chunks] == [f"question-{i}" for i in range(6)]
    assert all(f"Short answer {i}." in chunks[i].text for i in range(6))
    assert chunks[0].text.startswith("# FAQ")                      # the bare title went with the first one
    guide = "# Guide\n\n## Setup\n\n### Step one\n" + _para(40, 3) + ".\n"
    [chunk] = chunk_document(parse(guide, "g.md"), embedder.counter, max_tokens=200, min_tokens=24)
    assert chunk.anchor == "step-one" and "## Setup" in chunk.text


def test_merging_never_exceeds_the_window(embedder):
    text = "# T\n\n## Big\n" + _para(150, 4) + "\n\n## Tiny\nok.\n"
    for c in chunk_document(parse(text, "t.md"), embedder.counter, max_tokens=160, min_tokens=24):
        assert _model_tokens(embedder, c.embed_text) <= 160


def test_every_character_appears_in_order(embedder):
    source = _long_doc()
    doc = parse(source, "docs/long.md")
    chunks = chunk_document(doc, embedder.counter, max_tokens=64, min_tokens=24)
    body = source.split("---\n", 2)[2]                           # without front matter
    joined, header = "".join(written(chunks)), "| Code | Meaning |\n|---|---|\n"
    assert joined.count(header) > 1                              # the split table repeats its header
    first = joined.index(header) + len(header)
    assert _squash(joined[:first] + joined[first:].replace(header, "")) == _squash(body)
    starts = [c.start_line for c in chunks]
    assert starts == sorted(starts)


def test_a_heading_is_never_left_alone(embedder):
    """A section whose heading + first block just overflow the budget must not yield a chunk holding only the
    heading (found on the bundled KB: '## Mobile apps (iOS and Android)' was cited as a whole answer)."""
    items = "\n".join(f"- **Item {i}:** {_para(14, i)}." for i in range(7))
    text = "# Apps\n\n## Mobile apps (iOS and Android)\n\n" + items + "\n\n## Next\nMore text here.\n"
    doc = parse(text, "apps.md")
    prefix = embedder.counter.count("Apps > Mobile apps (iOS and Android)\n")
    items_tokens = embedder.counter.count(items + "\n")
    max_tokens = prefix + items_tokens + 2          # the list alone fits, heading + list does not
    assert embedder.counter.count("## Mobile apps (iOS and Android)\n\n" + items + "\n") + prefix > max_tokens
    chunks = chunk_document(doc, embedder.counter, max_tokens=max_tokens, min_tokens=24)
    for c in chunks:
        body = [l for l in c.text.splitlines() if l.strip()]
        assert not all(l.startswith("#") for l in body), f"heading-only chunk: {c.text!r}"
        assert c.tokens <= max_tokens
    assert _squash("".join(c.text for c in chunks)) == _squash(text)


FEATURES = ("Single sign-on", "Directory sync", "Custom roles", "Audit log export", "Admin password reset",
            "Enterprise policies", "Event webhooks", "Data residency", "SCIM provisioning", "Priority support",
            "Uptime SLA", "Dedicated success manager")
FEATURE_HEADER = "|Enterprise feature|What it does|\n|--------------------------|------------------------|\n"
SHOWN_HEADER = "|Enterprise feature|What it does|\n|---|---|\n"     # as passages show it: no padding


def test_a_lead_in_over_faq_boxes_leaves_each_box_a_chunk_of_its_own():
    """Linkwarden's troubleshooting: "here are some of them:" over two <details> boxes made the first box's unit
    open with the lead-in, not a title, so the second box was packed with it and its answer cut off into the next
    chunk. Control: a box whose title is code alone still packs with its neighbour (a tab of one command)."""
    words = " It is caused by a missing package, and running the command below fixes it for every user."
    box = "<details>\n    <summary>`{0}`</summary>\n\n    The first paragraph of {0}.{1}\n\n    Second paragraph of {0}.{1}\n\n</details>\n\n"
    page = ("# Install\n\n### Troubleshooting\n\nThere are a few common issues, here are some of them:\n\n"
            + box.format("Type error", "") + box.format("upstream failed", words))
    chunks = chunk_document(parse(page, "install.md"), WordCount(), max_tokens=80, min_tokens=1)
    second = [c for c in chunks if "upstream failed" in c.text]
    assert len(second) == 1 and "Second paragraph of upstream failed" in second[0].text    # can fail: cut in two
    assert "Type error" not in second[0].text
    tabs = ("# Run\n\nRestart it with:\n\n**docker compose (Plugin)**\n\n```bash\ndocker compose restart\n```\n\n"
            "**docker-compose (Standalone)**\n\n```bash\ndocker-compose restart\n```\n")
    [one] = chunk_document(parse(tabs, "run.md"), WordCount(), max_tokens=80, min_tokens=1)
    assert "Standalone" in one.text


def test_a_tables_padding_is_not_shown(fake_embedder):
    """Linkwarden's and Karakeep's reference tables are padded to line up in the source: 0.32 and 0.28 of their
    passages' text was blanks and dashes, one answer 12.6 KB, half of it padding. A passage shows each row with
    single blanks and the separator three dashes to a column; its words and lines are the file's. Control: a table
    in a code block is shown as written."""
    page = ("# Settings\n\n| Variable                     | Default      | What it does                     |\n"
            "|:-----------------------------|:------------:|----------------------------------|\n"
            "| `NEXTAUTH_URL`               | none         | Where the app is reached         |\n\n"
            "```\n| kept    | as   |\n|---------|------|\n```\n")
    [chunk] = chunk_document(parse(page, "s.md"), fake_embedder.counter)
    assert chunk.text == ("# Settings\n\n| Variable | Default | What it does |\n|:---|:---:|---|\n"      # can fail
                          "| `NEXTAUTH_URL` | none | Where the app is reached |\n\n"
                          "```\n| kept    | as   |\n|---------|------|\n```\n")
    assert (chunk.start_line, chunk.end_line) == (1, 10)


def test_a_split_table_under_a_blank_line_repeats_its_header_in_every_piece(fake_embedder):
    """A heading, a blank line, then a table too big for one chunk (the Bitwarden help center's Enterprise
    feature list) was cut by line: the header row went with the heading, the separator became a chunk of
    its own (dropped as noise: a long run of dashes) and the rows followed with no header. Every piece must
    be a table that reads alone, whatever stands between the heading and the table, with the heading (and
    an intro) in the first piece."""
    rows = "".join(f"|{name}|Turn on {name.lower()} for every member of the workspace from the Admin Console; "
                   f"changes apply within a minute. [Learn more](/help/{name.lower().replace(' ', '-')}/).|\n"
                   for name in FEATURES)
    intro = "Every feature below is on by default for new Enterprise workspaces.\n\n"
    text = ("---\ntitle: Enterprise plan features\n---\n\nQuillhub Enterprise adds these features to a workspace.\n\n"
            "## Administration\n\n" + FEATURE_HEADER + rows + "\n## Security\n\n" + intro + FEATURE_HEADER + rows)
    chunks = chunk_document(parse(text, "service/plans/enterprise-features.md"), fake_embedder.counter)
    for anchor, lead in (("administration", "## Administration\n\n"), ("security", "## Security\n\n" + intro)):
        pieces = [c for c in chunks if c.anchor == anchor]
        assert len(pieces) >= 3, [c.text[:60] for c in pieces]             # the table is split
        assert pieces[0].text.startswith(lead + SHOWN_HEADER + "|Single sign-on|")
        for c in pieces:
            assert c.text.count(SHOWN_HEADER) == 1, c.text[:120]          # its own header, once, never missing
            assert c.text.startswith(SHOWN_HEADER) or c is pieces[0]
            assert word_share(c.text) >= MIN_WORD_SHARE                     # no bare separator to drop as noise
        body = "".join(c.text.split(SHOWN_HEADER, 1)[1] for c in pieces)
        assert body.strip() == rows.strip()                                 # every row once, in order


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_the_pieces_of_a_split_table_are_never_packed_into_one_chunk(fake_embedder, gap):
    """The first piece of a split table also carries the heading, so it has less room for rows; the later
    pieces were packed to that smaller room too, so under a long heading two of them could fit one chunk and
    were joined, a second header in its middle (a 10-word heading over rows of 41 words)."""
    header, heading = "|Plan|Included|\n|-|-|\n", "## Which plans include single sign-on, SCIM provisioning and audit logs?"
    for width in range(8, 60, 3):
        rows = "".join(f"|Plan {i}|{_para(width, i)}|\n" for i in range(12))
        doc = parse("---\ntitle: Plans\n---\n" + heading + gap + header + rows, "plans.md")
        pieces = chunk_document(doc, fake_embedder.counter)
        assert len(pieces) >= 2 and pieces[0].text.startswith(heading + gap + header + "|Plan 0|")
        assert all(c.text.count(header) == 1 for c in pieces), (width, [c.text.count(header) for c in pieces])


def test_a_heading_over_markup_without_words_is_not_a_chunk(embedder):
    """DuckDuckGo's help pages include a footer whose Liquid loop leaves "###### Learn More" over an empty <ul>:
    40 identical chunks, cited 23 times in 15 of 36 answers, one answer that heading alone. Controls: bare
    headings listing settings (Mastodon's reference), a heading over its subsections, and an image stay."""
    page = ("# Removal\n\n## How long does it take?\n\nAbout a week for most sites.\n\n###### Learn More\n\n"
            '<ul class="footer-nav">\n\n</ul>\n\n## Can I get help?\n\nWrite to support.\n')
    anchors = [c.anchor for c in chunk_document(parse(page, "a.md"), embedder.counter, 200, 8)]
    assert "learn-more" not in anchors and "can-i-get-help" in anchors
    kept = ("# Config\n\n## SMTP\n\n#### `SMTP_SERVER`\n\n#### `SMTP_PORT`\n\n## Parent\n\n<br />\n\n### Child\n\n"
            "Child text here.\n\n## Pinout\n\n![Sonoff pinout](pinout.png)\n\n## Aaa\n```\n# a comment\n```\n\n"
            "## Bbb\n" + "0" * 32 + "\n")
    text = "".join(c.text for c in chunk_document(parse(kept, "b.md"), embedder.counter, 200, 8))
    # a code block of one "# ..." line is code, not a heading (hypothesis found it: tests/test_chunker_properties.py)
    # ... and so is a run of data under a heading ("0" * 32: the same test found it was dropped unreported)
    assert "SMTP_PORT" in text and "## Parent" in text and "pinout.png" in text and "# a comment" in text
    assert "0" * 32 in text


def test_a_section_left_to_write_is_not_a_chunk(fake_embedder):
    """FreshRSS' developer docs: four sections of one page are "> **TODO**", one cited as an answer; PX4's "Adding
    a New Tune" is "TBD.". Controls: a TODO with words of its own stays, and so does the text beside a placeholder."""
    page = ("# View files\n\n## Writing a URL\n\n> **TODO**\n\n## Adding a tune\n\nTBD.\n\n## Rebase\n\n"
            "**TODO:** Update this section. Squash and merge instead.\n\n## Icons\n\nUse the icon helper.\n")
    anchors = [c.anchor for c in chunk_document(parse(page, "v.md"), fake_embedder.counter, 200, 8)]
    assert "writing-a-url" not in anchors and "adding-a-tune" not in anchors           # can fail: kept
    assert "rebase" in anchors and "icons" in anchors


CLI_HELP = "".join(f"   --option-{i} string, -o{i} string  Set the {i}th custom path (defaults to the work path)\n"
                   for i in range(40))


def test_a_split_code_block_is_closed_and_reopened_in_every_piece(fake_embedder):
    """Forgejo's CLI reference (`forgejo --help` output, 114 of its 1,588 chunks): a piece cut from the middle
    of a code block had no opening fence, so its code read as prose, and its closing fence opened a block of
    the prose after it. Each piece is now a block of its own, under the same info string, and the lines it
    cites are the file's."""
    text = f"# CLI\n\n## forgejo admin\n\n```shellsession\n{CLI_HELP}```\n\nRun it as the `git` user.\n"
    chunks = chunk_document(parse(text, "admin/command-line.md"), fake_embedder.counter)
    code = [c for c in chunks if "--option" in c.text]
    assert len(code) > 2
    for c in code:
        assert c.text.count("```shellsession\n") == 1 and not fences.open_at_end(c.text), c.text
    lines = text.splitlines(keepends=True)
    for c in code[1:]:
        assert c.text.split("\n", 1)[1].startswith(lines[c.start_line - 1])      # after its reopened fence
    assert "".join(c.text for c in chunks).count("```\n") == len(code)           # each piece closes once


def test_a_code_line_longer_than_a_chunk_is_cut_into_blocks_that_each_close(fake_embedder):
    """Mastodon's API entities show JSON whose translated texts make lines longer than a chunk: cut inside such a
    line, the block was left open, and every piece after it read its code as prose (117 chunks of 5 pages)."""
    long = '    "hint": "' + "contenu particulièrement provocateur " * 120 + '",\n'
    json = '```json\n{\n  "rules": {\n' + long + '    "text": "Be kind"\n  },\n' + '  "id": 2,\n' * 40 + "}\n```\n"
    text = f"# Instance\n\n## Example\n\n{json}\nThe rules are shown at sign-up.\n"
    chunks = chunk_document(parse(text, "entities/Instance.md"), fake_embedder.counter)
    code = [c for c in chunks if "provocateur" in c.text or '"id"' in c.text]
    assert len(code) > 2 and all(c.text.count("```json\n") == 1 for c in code)     # can fail: prose after the cut
    assert not any(fences.open_at_end(c.text) for c in chunks)
    after = next(c.text for c in chunks if "The rules are shown" in c.text)
    assert after.rfind("```") < after.index("The rules are shown")           # the prose after the block is no code


def test_a_bold_title_stays_with_the_block_under_it(fake_embedder):
    """Kinde's FAQ pages (`<details><summary>`, read as a bold question over its answer): 51 chunks ended on a
    question whose answer opened the next chunk. A title line now goes with the block under it, as a heading
    does."""
    answer = "You can cancel at any time from the billing page; the plan stays active until the end of the period. "
    faq = "".join(f"**How do I cancel plan {i}?**\n\n{answer * 2}\n\n" for i in range(8))
    chunks = chunk_document(parse(f"# FAQ\n\n## Billing\n\n{faq}", "billing-faq.md"), fake_embedder.counter)
    assert len(chunks) > 2
    for c in chunks:
        assert not c.text.rstrip().endswith("?**"), c.text[-80:]
        assert c.text.count("**How do I cancel") == c.text.count("You can cancel") // 2, c.text


def test_a_labelled_question_goes_with_its_answer_each_pair_an_item(fake_embedder):
    """Seafile's Docker guides write their FAQ as "Q: ...?" over "A: ...": 6 questions ended a chunk whose answer
    opened the next, and one led an answer alone. Control: a "Q:" paragraph no "A:" answers is a paragraph."""
    answer = "Remove the data directories and start the installation again from the first step. "
    faq = "".join(f"Q: How do I start over after failure {i}?\n\nA: {answer * 2}\n\n" for i in range(8))
    chunks = chunk_document(parse(f"# FAQ\n\n## Docker\n\n{faq}", "faq.md"), fake_embedder.counter)
    assert len(chunks) > 2
    for c in chunks:
        assert c.text.count("Q: How do I") == c.text.count("A: Remove"), c.text
        assert not c.text.lstrip().startswith("A:"), c.text
    from ingest.block_titles import opens_titled, titled
    assert opens_titled("Q: Why?\n\nA: Because.\n") and not opens_titled("Q: Why?\n\nThe data: none.\n")
    units = [(0, 2, "Q: Why?\n\n"), (2, 4, "Because of the data: none.\n")]
    assert titled(units) == units                                          # can fail: joined anyway


def test_a_lead_in_over_a_tab_title_stays_with_the_tab(fake_embedder):
    """Upstash's docs: "Here the list of regions currently supported:" over a tab titled **Amazon Web Services**
    ended one chunk and the tab's table of regions opened the next, no "AWS" in it (12 chunks of 10 pages). A
    lead-in and a title together announce the block under them. Control: the paragraph above keeps its chunk."""
    rows = "".join(f"| Region {i} in the east | us-east-{i} |\n" for i in range(30))
    intro = "Select the read regions where your clients read the database. " * 12
    text = (f"# Global Database\n\n## Regions\n\n{intro}\n\nHere the list of regions currently supported:\n\n"
            f"**Amazon Web Services**\n\n| Region | Code |\n|---|---|\n{rows}")
    chunks = chunk_document(parse(text, "globaldatabase.mdx"), fake_embedder.counter)
    [lead] = [c for c in chunks if "Here the list" in c.text]
    assert "**Amazon Web Services**" in lead.text and "| us-east-0 |" in lead.text, lead.text[-200:]
    assert intro.strip() in chunks[0].text and "Here the list" not in chunks[0].text


@pytest.mark.parametrize("bold", ["**", "__"])
def test_a_bold_lead_in_stays_with_its_list_however_bold_is_written(fake_embedder, bold):
    """NewPipe's docs write `__The Parts of a Service:__` over the list of parts: it ended one chunk and the list,
    which says which parts are optional, was a chunk of 17 words. Control: the `**` form, as before."""
    intro = "Every service implements a set of extractors and link handlers for its kinds of content. " * 8
    parts = "".join(f"- [Part {i}](#part-{i}) _(optional)_\n" for i in range(6))
    text = f"# Implement a service\n\n## Parts\n\n{intro}\n\n{bold}The Parts of a Service:{bold}\n\n{parts}"
    chunks = chunk_document(parse(text, "03_Implement_a_service.md"), fake_embedder.counter)
    [lead] = [c for c in chunks if "The Parts of a Service" in c.text]
    assert "[Part 0]" in lead.text and "The Parts" not in chunks[0].text, [c.text[-80:] for c in chunks]


def test_each_box_tab_or_faq_item_is_a_chunk_of_its_own(fake_embedder):
    """Koel's troubleshooting page: 8 `::: details` items under one heading were packed 2-3 to a chunk, so an error
    named word for word ("Class 'Pusher' not found") matched a chunk about two other errors too weakly to be
    answered, and the answer printed 9 items. An item (a block opening with a title line) no longer shares a
    chunk with another; text before the first stays with it. Control: a section of prose with one box is one
    chunk."""
    items = "".join(f"::: details You get error E{i}\nSet `FIX_{i}=1` in your `.env` and restart.\n:::\n\n"
                    for i in range(4))
    text = f"# Troubleshooting\n\n## Common issues\n\nFirst check the logs.\n\n{items}"
    chunks = [c for c in chunk_document(parse(text, "troubleshooting.md"), fake_embedder.counter, min_tokens=1)
              if "Common issues" in c.heading_path]
    assert [c.text.count("You get error") for c in chunks] == [1, 1, 1, 1]
    assert "First check the logs." in chunks[0].text and "FIX_0" in chunks[0].text
    # items right under the heading: the first one goes with the heading and is an item all the same (Hoppscotch's
    # FAQ: 8 of 11 <Accordion> items shared a chunk)
    under = chunk_document(parse(f"# FAQ\n\n## Billing\n\n{items}", "faq.md"), fake_embedder.counter, min_tokens=1)
    assert [c.text.count("You get error") for c in under if "Billing" in c.heading_path] == [1, 1, 1, 1]
    prose = "# Sync\n\n## Pause\n\nPause from the menu.\n\n:::tip\nIt resumes at login.\n:::\n\nOr quit the app.\n"
    assert len([c for c in chunk_document(parse(prose, "sync.md"), fake_embedder.counter, min_tokens=1)
                if "Pause" in c.heading_path]) == 1


def test_tabs_that_are_a_title_over_code_alone_share_a_chunk(fake_embedder):
    """mailcow's docs give each command twice, as MkDocs tabs ("docker compose (Plugin)" and "docker-compose
    (Standalone)"): as items of their own, 73 chunks held one tab, a title over a command, and 81 pairs were cut
    apart. A tab with no words of its own outside its code packs with the item before it. Control: tabs (or boxes)
    with words of their own are still items apart (Koel's errors, above)."""
    pair = ('=== "docker compose (Plugin)"\n\n    ```bash\n    docker compose restart {s}-mailcow\n    ```\n\n'
            '=== "docker-compose (Standalone)"\n\n    ```bash\n    docker-compose restart {s}-mailcow\n    ```\n\n')
    page = "# Restart\n\n## Services\n\n" + "".join(pair.format(s=s) for s in ("sogo", "postfix", "dovecot"))
    chunks = [c.text for c in chunk_document(parse(page, "restart.md"), fake_embedder.counter, min_tokens=1)]
    for s in ("sogo", "postfix", "dovecot"):
        assert any(f"docker compose restart {s}" in t and f"docker-compose restart {s}" in t for t in chunks), s
    worded = page.replace("    ```bash\n    docker-compose", "    Run it from the mailcow folder.\n\n    ```bash\n"
                                                          "    docker-compose")
    chunks = [c.text for c in chunk_document(parse(worded, "restart.md"), fake_embedder.counter, min_tokens=1)]
    assert not any("docker compose restart sogo" in t and "docker-compose restart sogo" in t for t in chunks)


def test_a_box_inside_an_item_stays_with_the_item(fake_embedder):
    """Dodo Payments' FAQ (Mintlify): a <Check> or <Note> inside an <Accordion> opened with its kind as a title line
    and was kept apart as an item of its own: 100 lone boxes in 26 pages, the fix for error 401 cut from its
    question. A box titled by its kind goes on with its item; control: two items still never share a chunk."""
    items = "".join(f"**Q{i}: Why do I get error 40{i}?**  \nA: The key is for the wrong mode.\n\n"
                    f"**Check**  \nSet `environment=\"live_mode\"` for key {i}.\n\n" for i in range(3))
    chunks = [c for c in chunk_document(parse(f"# FAQ\n\n## Errors\n\n{items}", "faq.mdx"), fake_embedder.counter,
                                        min_tokens=1) if "Errors" in c.heading_path]
    assert [c.text.count("**Q") for c in chunks] == [1, 1, 1]
    assert all("**Check**" in c.text and "live_mode" in c.text for c in chunks)


def test_the_steps_of_a_procedure_share_chunks(fake_embedder):
    """Polar's docs (Mintlify): each <Step> is numbered and titled ("**1. Tell us where you're going**") and was kept
    apart as an item: 38 of 39 step chunks held one step, and "how do I migrate away" showed step 1 of 5. Steps pack
    while they fit; control: the same titles unnumbered (FAQ items) still never share a chunk."""
    steps = "".join(f"**{i}. Do step {i}**  \nRun the command for step {i} and wait.\n\n" for i in range(1, 5))
    chunks = [c for c in chunk_document(parse(f"# Migrate\n\n## How it works\n\n{steps}", "m.mdx"),
                                        fake_embedder.counter, min_tokens=1) if "How it works" in c.heading_path]
    assert len(chunks) == 1 and chunks[0].text.count("**") == 8
    items = steps.replace("**1. ", "**").replace("**2. ", "**").replace("**3. ", "**").replace("**4. ", "**")
    chunks = [c for c in chunk_document(parse(f"# Migrate\n\n## How it works\n\n{items}", "m.mdx"),
                                        fake_embedder.counter, min_tokens=1) if "How it works" in c.heading_path]
    assert len(chunks) == 4                                  # can fail: unnumbered titles are items


def test_definition_list_terms_share_chunks(fake_embedder):
    """darktable's manual (Hugo): a definition list's term is a bold line run into its definition, and each was kept
    apart as an item of its own: 1,046 of 2,631 chunks were one term, "how to save my module settings as a preset"
    showed "update preset [name]" alone. Terms pack while they fit; control: FAQ items (a title line with a break,
    or alone over a blank line) still never share a chunk (test_each_box_tab_or_faq_item_is_a_chunk_of_its_own)."""
    terms = "".join(f"preset action {i}\n: Apply the action number {i} to the selected preset.\n\n" for i in range(6))
    chunks = [c for c in chunk_document(parse(f"# Presets\n\n## Actions\n\n{terms}", "presets.md"),
                                        fake_embedder.counter, min_tokens=1) if "Actions" in c.heading_path]
    assert len(chunks) == 1 and chunks[0].text.count("**preset action") == 6


def test_fields_named_in_code_share_chunks(fake_embedder):
    """Unkey's and trigger.dev's docs (Mintlify): each <ParamField> read as an item of its own, a chunk each (193 and
    237 chunks of one field), cited as noise in 5 of 36 answers. Fields pack while they fit; control: titled items
    that are no field still never share a chunk."""
    fields = "".join(f'<ParamField body="--flag-{i}" type="string">\nWhat flag {i} sets for the command.\n</ParamField>\n\n'
                     for i in range(5))
    chunks = [c for c in chunk_document(parse(f"# update\n\n## Flags\n\n{fields}", "update.mdx"),
                                        fake_embedder.counter, min_tokens=1) if "Flags" in c.heading_path]
    assert len(chunks) == 1 and chunks[0].text.count("**`--flag-") == 5             # can fail: five chunks
    items = "".join(f'<Accordion title="Question {i}">\nAnswer {i}.\n</Accordion>\n\n' for i in range(3))
    chunks = [c for c in chunk_document(parse(f"# FAQ\n\n## Items\n\n{items}", "faq.mdx"),
                                        fake_embedder.counter, min_tokens=1) if "Items" in c.heading_path]
    assert len(chunks) == 3


def test_a_gitbook_figure_is_its_image_and_caption_and_never_cuts_its_section(fake_embedder):
    """Open Collective's docs (GitBook): a figure is one line of HTML. As markup without words it was a chunk of
    its own, dropped as noise, cutting its section in two (65 figures, 38 sections split, one into four
    one-sentence pieces); a caption was shown as raw tags. Now it reads `![](<src>) caption`."""
    figure = ('<figure><img src="../.gitbook/assets/image (69).png" alt=""><figcaption><p>The <a href="https://x.org">'
              'ledger</a> view</p></figcaption></figure>')
    bare = '<figure><img src="../.gitbook/assets/image (70).png" alt="Ledger"><figcaption></figcaption></figure>'
    text = (f"# Ledger\n\n## Refund a contribution\n\nOpen the transaction in the ledger.\n\n{bare}\n\n"
            f"Click **Refund** and confirm.\n\n{figure}\n\nThe contributor is notified by email.\n")
    chunks = chunk_document(parse(text, "contributions-in-the-ledger.md"), fake_embedder.counter)
    [refund] = [c for c in chunks if "Refund a contribution" in c.text]
    assert "Click **Refund** and confirm." in refund.text and "notified by email" in refund.text
    assert "![Ledger](<../.gitbook/assets/image (70).png>)" in refund.text
    assert "![](<../.gitbook/assets/image (69).png>) The [ledger](https://x.org) view" in refund.text
    assert "<fig" not in refund.text


def test_a_figure_over_lines_is_its_image_and_caption(fake_embedder):
    """Node-RED's docs (kramdown): `<div class="figure">` over its `<img>` and `<p class="caption">`, 71 in 26 pages.
    The picture's line, blanked, split the HTML block: the opening tag was dropped as noise and the caption and a
    lone `</div>` shown in 63 chunks. Control: a `<div>` of another class is not read as a figure."""
    text = ('# Debug\n\n## Sidebar\n\n<div style="width: 300px" class="figure align-right">\n  <img src="../i/debug.png" '
            'alt="Debug sidebar">\n  <p class="caption">Debug messages Sidebar</p>\n</div>\n\nThe sidebar shows '
            'messages.\n\n<div class="other">\n  <img src="x.png">\n</div>\n')
    doc = parse(text, "debug.md")
    shown = "".join(doc.lines)
    assert shown.count("\n") == text.count("\n")
    assert "![](<../i/debug.png>) Debug messages Sidebar\n\n\n\n\nThe sidebar" in shown
    assert "x.png" not in shown or "![](<x.png>)" not in shown         # can fail: every div read as a figure
    [chunk] = [c for c in chunk_document(doc, fake_embedder.counter) if "Sidebar" in c.heading_path]
    assert "caption" not in chunk.text and "</div>\n\nThe sidebar" not in chunk.text


def test_an_element_marked_markdown_shows_its_markdown_and_no_tags(fake_embedder):
    """Mainsail's docs (MkDocs Material's md_in_html): 91 `<figure markdown="span">` over an image and a caption in
    42 of 99 pages, read as an HTML block to the next blank line, left tags in 77 chunks and 7 of 36 answers. The
    tags go, a caption is its text, a grid of cards keeps its list and loses its indent. Controls: `markdown="0"`,
    an element left open and one inside a code block stay as written; the page keeps its number of lines."""
    text = textwrap.dedent("""\
        # Power

        ## Turn the printer on

        Click the power button in the panel.

        <figure markdown="span">
        ![The power panel](../images/power.png)
        <figcaption>The <b>power</b> panel</figcaption>
        </figure>

        <div class="grid cards" markdown>
          <div class="card" markdown>
          - **Shelly** plugs
          - **Tasmota** plugs
          </div>
        </div>

        <div markdown="0">
        *raw*
        </div>

        ```html
        <figure markdown>
        ![kept](k.png)
        </figure>
        ```

        <figure markdown>
        ![open](o.png)
        """)
    doc = parse(text, "power.md")
    [chunk] = [c for c in chunk_document(doc, fake_embedder.counter, min_tokens=1) if "Turn the printer on" in c.text]
    assert "![The power panel](../images/power.png)\nThe power panel\n" in chunk.text       # can fail: raw tags
    assert "\n- **Shelly** plugs\n- **Tasmota** plugs\n" in chunk.text and "card" not in chunk.text
    assert '<div markdown="0">\n*raw*\n</div>' in chunk.text
    assert "```html\n<figure markdown>\n![kept](k.png)\n</figure>\n```" in chunk.text
    assert "<figure markdown>\n![open](o.png)" in chunk.text
    assert len(markdown_source(text).splitlines()) == len(text.splitlines())


def test_a_code_blocks_opening_line_is_never_the_last_line_of_a_chunk():
    """IVPN's setup guides: a long step cut by lines right after its code block's opening line left an empty block
    closing one chunk ("```" over "```") and the code in the next. The opening line goes with the line under it,
    and so does a lead-in on a line of its own over it (headscale's, Woodpecker's and mailcow's docs: 28 chunks
    ended on "...the following command:"); control: an ordinary line may end a piece."""
    from ingest.line_cuts import Piece
    from ingest.line_cuts import with_openers as _with_openers

    pieces = [Piece(0, 1, "10. Use one of these.\n", 8), Piece(1, 2, "    ```\n", 2), Piece(2, 3, "    ca1.gw\n", 5)]
    got = _with_openers(pieces, 20, set(), WordCount())
    assert [p.text for p in got] == ["10. Use one of these.\n", "    ```\n    ca1.gw\n"] and got[1].tokens == 7
    assert [p.text for p in _with_openers(pieces, 6, set(), WordCount())] == [p.text for p in pieces]    # too big
    longer = [*pieces, Piece(3, 4, "    ca2.gw\n", 5)]      # only the opening line joins: the code after stays cut
    assert [p.text for p in _with_openers(longer, 20, set(), WordCount())][1:] == ["    ```\n    ca1.gw\n", "    ca2.gw\n"]
    # a closing line reads the same and opens nothing: the prose under it stays apart (Saleor's error codes)
    assert [p.text for p in _with_openers(pieces, 20, {1}, WordCount())] == [p.text for p in pieces]
    # a lead-in ending the piece before, on a line of its own, goes with the block it announces; the text above stays
    lead = [Piece(0, 3, "Set it up.\n\n2. Run the following:\n", 9), Piece(3, 4, "    ```\n", 2),
            Piece(4, 5, "    make\n", 1)]
    assert [p.text for p in _with_openers(lead, 20, set(), WordCount())] == [
        "Set it up.\n\n", "2. Run the following:\n    ```\n    make\n"]      # can fail: the lead-in left behind
    wrapped = [Piece(0, 2, "It is set up with\nthe following:\n", 7), *lead[1:]]
    assert _with_openers(wrapped, 20, set(), WordCount())[0].text == wrapped[0].text   # a paragraph's last line stays


def test_a_code_block_takes_the_paragraph_above_it_along():
    """Tandoor's docs: "3. Stop the tandoor application" ended a chunk and its `docker compose down` opened the next
    with four more steps; with only a lead-in ending in ":" kept with its block, 292 of 18,856 chunks of 19 corpora
    ended on the prose of the code block opening the next. Controls: the text above the step stays where it was; a
    block of data takes no words along (it is dropped as noise)."""
    steps = "".join(f"{n}. Step number {n} of the upgrade\n\n```bash\ncommand-{n} --flag value\n```\n\n" for n in range(1, 8))
    chunks = chunk_document(parse("# Upgrade\n\nIntro words here.\n\n" + steps, "u.md"), WordCount(), max_tokens=40,
                            min_tokens=1)
    assert len(chunks) > 2 and "Intro words here." in chunks[0].text
    for n in range(1, 8):       # can fail: steps 2, 4 and 6 ended the chunk before their command's
        assert f"{n}. Step number {n}" in next(c.text for c in chunks if f"command-{n} " in c.text)
    data = "```\n" + "\n".join(["0x1f 0x2e 0x3d 0x4c 0x5b 0x6a 0x79 0x88"] * 6) + "\n```\n"
    page = "# Dump\n\n" + "Words of the page about the dump. " * 4 + "\n\nThe dump of the device.\n\n" + data
    kept = [c for c in chunk_document(parse(page, "d.md"), WordCount(), max_tokens=40, min_tokens=1) if not c.is_noise]
    assert any("The dump of the device." in c.text for c in kept)


def test_a_title_over_a_lead_in_and_its_code_goes_with_them():
    """Uptime Kuma's wiki: "- <details><summary>Nginx</summary>" over "With SSL:" and a long config, the title ended
    the chunk before (raw HTML, then "- **Nginx**"), and the config's chunk never said Nginx; FreshRSS' "1. **Configure
    Caddyfile:**" and Homebox's step titles so too. Control: a step of prose over a lead-in stays where it was (only
    titles go along with a lead-in of the block's own)."""
    conf = "".join(f"    proxy_set_header X-Header-{i} value{i};\n" for i in range(12))
    page = ("# Reverse proxy\n\nSome words about proxies in front of the app, and why.\n\n"
            f"- <details><summary>Nginx</summary>\n\n  With SSL:\n  ```nginx\n  server {{\n{conf}  }}\n  ```\n  </details>\n")
    chunks = chunk_document(parse(page, "proxy.md"), WordCount(), max_tokens=60, min_tokens=1)
    assert not any("<details>" in c.text or "<summary>" in c.text for c in chunks)
    config = next(c for c in chunks if "With SSL:" in c.text)
    assert config.text.startswith("- **Nginx**") and "**Nginx**" not in chunks[0].text    # can fail: title left behind
    step = page.replace("- <details><summary>Nginx</summary>", "- Open the server's settings and pick the proxy")
    chunks = chunk_document(parse(step, "proxy.md"), WordCount(), max_tokens=60, min_tokens=1)
    assert not next(c for c in chunks if "With SSL:" in c.text).text.startswith("- Open")


def test_a_code_block_longer_than_a_chunk_starts_a_chunk_of_its_own():
    """Gotify's config reference: a chunk of prose ended on "```yml" over "server:", and the 6 chunks after it held
    the settings under that key without it (84 code blocks of 19 corpora cut after 2 lines or fewer at a chunk's
    end). A block longer than a chunk starts one, with the paragraph above it. Controls: a heading over the block
    goes with it; a short block still shares its chunk."""
    keys = "".join(f"  key{i}: {i} # what setting number {i} does\n" for i in range(30))
    prose = "".join(f"Sentence {i} about where the server looks for its config files.\n" for i in range(3))
    page = f"# Config\n\n## Config File\n\n{prose}\nAn example:\n\n```yml\nserver:\n{keys}```\n"
    chunks = chunk_document(parse(page, "config.md"), WordCount(), max_tokens=80, min_tokens=1)
    first = next(c for c in chunks if "server:" in c.text)
    assert "key0: 0" in first.text and first.text.startswith("An example:")          # can fail: "server:" alone
    bare = chunk_document(parse(f"# Config\n\n## Config File\n\n```yml\nserver:\n{keys}```\n", "c.md"), WordCount(),
                          max_tokens=80, min_tokens=1)
    assert "## Config File\n\n```yml\nserver:" in bare[0].text or "## Config File\n\n```yml\nserver:" in bare[1].text
    short = chunk_document(parse(f"# Config\n\n{prose}\n```yml\nserver:\n  port: 80\n```\n", "s.md"), WordCount(),
                           max_tokens=80, min_tokens=1)
    assert len(short) == 1


def test_a_piece_that_opens_inside_a_list_item_reopens_its_code_blocks():
    """Seafile's Helm guide: a piece that opened with a list item's indented text over an indented block (the item's
    first line in the piece before) did not read the block as code, so the piece cut inside it neither closed nor
    reopened its fence, and the next showed log lines as prose (4 of the page's chunks)."""
    sh = "".join(f"    run step {n}\n" for n in range(6))
    log = "".join(f"    2025-02-13 line {n} of the log output\n" for n in range(12))
    page = ("# Install\n\n1. Start it with the following steps and commands:\n\n    ```sh\n" + sh + "    ```\n\n"
            "    **Success**\n    You can check the output of the server now:\n\n    ```log\n" + log + "    ```\n")
    chunks = chunk_document(parse(page, "i.md"), WordCount(), max_tokens=60, min_tokens=1)
    assert len(chunks) > 2
    for c in chunks:            # can fail: two pieces showed log lines with no fence
        assert not fences.open_at_end(c.text) and ("line" not in c.text or "    ```log\n" in c.text)


def test_a_lists_last_item_that_announces_the_block_after_the_list_goes_with_it(fake_embedder):
    """mailcow's docs end a list of steps with "4. Restart SOGo and Memcached:" over a tab group of commands after the
    list: 11 such lead-ins ended a chunk and their command opened the next, a chunk of one tab. At every window the
    lead-in is with its command now. Control: a list whose last item ends in a full stop keeps it."""
    steps = "".join(f"{i}. Step {i} of the restore copies the backup of the user's files into place again.\n"
                    for i in range(1, 9))
    tabs = ('=== "docker compose (Plugin)"\n\n    ```bash\n    docker compose restart sogo-mailcow\n    ```\n\n'
            '=== "docker-compose (Standalone)"\n\n    ```bash\n    docker-compose restart sogo-mailcow\n    ```\n')
    page = f"# Restore\n\n## SOGo\n\n{steps}9. Restart SOGo and Memcached:\n\n{tabs}"
    for window in range(60, 240, 4):
        chunks = chunk_document(parse(page, "restore.md"), fake_embedder.counter, max_tokens=window)
        lead = next(c for c in chunks if "9. Restart SOGo" in c.text)
        assert "docker compose restart" in lead.text, window                   # can fail: cut from its command
        assert all(f"{i}. Step {i}" in "".join(c.text for c in chunks) for i in range(1, 9))
    from ingest.block_titles import titled
    units = [(0, 2, "1. One.\n2. Restart it.\n\n"), (2, 4, "**Tab**\n\nRun make to build it all again.\n")]
    assert titled(units) == units                                                  # can fail: moved anyway


def test_a_lead_in_and_a_tab_title_that_end_a_chunk_go_with_the_command_in_the_next(fake_embedder):
    """mailcow's docs: "To reset custom defined thresholds, run:" over a tab's title ("**docker compose (Plugin)**")
    ended 6 chunks, the command opening the next, when the command did not fit after them. At every window they
    now open the command's chunk wherever they fit in it. Control: "Example response:" over minified JSON stays
    with the text (tests/test_noise.py), and every line of the page is still there."""
    prose = "".join(f"Each user can change the spam rating {i} of their own mailbox in the UI.\n\n" for i in range(6))
    sql = ('    docker compose exec mysql-mailcow mysql -umailcow -p$DBPASS mailcow -e "delete from filterconf where '
           "option = 'highspamlevel' or option = 'lowspamlevel';\"\n")
    tab = ('!!! warning\n    Existing settings of users will not be overwritten!\n\nTo reset custom defined thresholds, '
           'run:\n=== "docker compose (Plugin)"\n\n    ```bash\n'
           f'    source mailcow.conf\n{sql}    # or:\n{sql}    ```\n')
    page = f"# Rspamd\n\n## Thresholds\n\n{prose}{tab}"
    opener = "To reset custom defined thresholds, run:\n**docker compose (Plugin)**  \n\n"
    moved = 0
    for window in range(100, 260, 4):
        chunks = chunk_document(parse(page, "rspamd.md"), fake_embedder.counter, max_tokens=window)
        for c, after in zip(chunks, chunks[1:]):
            if c.text.endswith(opener):                                     # left behind only where no room
                assert fake_embedder.counter.count(opener) + after.tokens > window, window   # can fail
        moved += any(c.text.startswith(opener) for c in chunks)
        assert "".join(c.text for c in chunks).count("spam rating") == 6
    assert moved


def test_a_code_blocks_closing_line_is_never_the_first_line_of_a_chunk():
    """Standard Notes' docs: a step's code block cut right before its closing line left an empty block opening the
    next chunk ("```javascript" over "```"). The closing line goes with the line above it, even over budget (a
    fence's room is kept free in every chunk); control: a bare fence line that opens a block stays where it is."""
    from ingest.line_cuts import Piece
    from ingest.line_cuts import closing_lines as _closing_lines
    from ingest.line_cuts import with_closers as _with_closers
    lines = ["1. Call it:\n", "   ```javascript\n", "   run();\n", "   ```\n", "\n", "```\n", "x\n", "```\n"]
    assert _closing_lines(lines, 10) == {13, 17}
    pieces = [Piece(10, 11, lines[0], 4), Piece(11, 12, lines[1], 3, False, True), Piece(12, 13, lines[2], 4, False, True),
              Piece(13, 14, lines[3], 2, False, True), Piece(14, 15, lines[4], 0),
              Piece(15, 16, lines[5], 2, False, True), Piece(16, 17, lines[6], 1, False, True),
              Piece(17, 18, lines[7], 2, False, True)]
    got = _with_closers(pieces, {13, 17})
    assert [p.text for p in got] == [lines[0], lines[1], "   run();\n   ```\n", "\n", "```\n", "x\n```\n"]
    assert got[2].tokens == 6 and (got[2].start, got[2].end) == (12, 14)


def test_blank_lines_above_a_closing_line_go_with_it_and_no_chunk_is_an_empty_block():
    """Seafile's docs: an Apache config whose last line is blank, cut right before that line, left a chunk of an
    empty block ("```" over a blank line over "```"), cited as the section's last passage. The blank lines go
    with the closing line, which goes with the code above it. Control: every length of block, none empty."""
    for n in range(10, 80):
        code = "".join(f"    Setting{i} value{i} another{i}\n" for i in range(n))
        page = f"# T\n\n## Configure\n\nCreate a host:\n\n```\n{code}</IfModule>\n\n```\n\n## Next\n\nMore text.\n"
        chunks = chunk_document(parse(page, "t.md"), WordCount(), max_tokens=60, min_tokens=5)
        assert not [c.text for c in chunks if c.text.replace("```", "").strip() == ""], n     # can fail: 10, 23, ...
        assert "</IfModule>" in "".join(c.text for c in chunks)


def test_a_box_title_inside_a_list_item_never_ends_a_chunk():
    """Seafile's docs: a box inside a step (MkDocs `!!! success "Cluster init mode"`, four spaces in), the step cut
    by lines, ended a chunk on the box's title and opened the next with its body: 7 boxes in 6 pages. The title goes
    with what is under it, at every cut. Control: the step's text is all there, in order."""
    for n in range(4, 40):
        lead = "".join(f"    Step line {i} says what to do.\n" for i in range(n))
        page = (f"# T\n\n## Deploy\n\n1. Start it:\n\n{lead}\n    !!! success \"Init mode\"\n\n"
                "        Because init mode is on, the server writes its configuration files first.\n\n2. Done.\n")
        chunks = chunk_document(parse(page, "t.md"), WordCount(), max_tokens=60, min_tokens=5)
        assert not [c for c in chunks if c.text.rstrip().endswith("**Init mode**")], n     # can fail: cut after the title
        joined = "".join(c.text for c in chunks)
        assert joined.index("Step line 0") < joined.index("**Init mode**") < joined.index("Because init mode")


def test_a_code_block_under_a_wrapped_item_paragraph_is_closed_and_reopened_where_it_is_cut():
    """headscale's docs: a step's paragraph wrapped onto an indented second line, over a code block four spaces in;
    the block was not read as one (the line above it opens no item), so a cut inside it left the first piece's
    fence open and the next piece's closing fence bare (4 cuts in 4 pages). Control: the same block under a
    paragraph outside any list is an indented code block, and its backticks are text."""
    code = "".join(f"        key{i}: value{i} for the server\n" for i in range(30))
    page = ("# T\n\n## Setup\n\n1. Provide the connection parameters either via a file or\n   via environment "
            f"variables:\n\n    ```yaml\n    cli:\n{code}    ```\n\n1. Test it.\n")
    chunks = chunk_document(parse(page, "t.md"), WordCount(), max_tokens=60, min_tokens=5)
    cut = [c.text for c in chunks if "key" in c.text]
    assert len(cut) > 1
    assert all(t.count("```") % 2 == 0 for t in cut), cut                          # can fail: a piece left open
    from ingest.fences import in_item
    lines = ["Text\n", "\n", "    ```\n"]
    assert not in_item(lines, 2, 4)


def test_a_bare_heading_over_its_subsections_folds_into_the_first_however_long_its_path(fake_embedder):
    """PX4's developer guide: "### Black Magic / Dronecode Probe" over its "####" subsections was a chunk of its
    own (its heading path over the 24 word pieces under which a chunk folds) and led "flashing with black magic
    probe: Error erasing flash" with a title over nothing; Seafile's docs held 33 such chunks. Controls: the page's
    own title heading stays a chunk (a runbook's alert name finds its page), and a heading with text stays citable."""
    page = ("# STM32 Bootloader\n\n## Flashing the Bootloader\n\n### Black Magic / Dronecode Probe\n\n"
            "#### Using the right serial port\n\nPick the first of the two ports the probe opens.\n\n"
            "### J-Link\n\nInstall the J-Link tools.\n\n#### Prerequisites\n\nA J-Link probe.\n")
    chunks = chunk_document(parse(page, "boot.md"), fake_embedder.counter, min_tokens=1)
    anchors = [c.anchor for c in chunks]
    assert "black-magic--dronecode-probe" not in anchors                                # can fail: kept alone
    probe = next(c for c in chunks if c.anchor == "using-the-right-serial-port")
    assert probe.text.startswith("## Flashing the Bootloader\n\n### Black Magic / Dronecode Probe\n\n#### Using")
    assert "j-link" in anchors and "stm32-bootloader" in anchors                       # text of its own; the title
    # a thematic break under it is no text (Uptime Kuma's "## REST API Endpoints" over `---`)
    ruled = page.replace("### Black Magic / Dronecode Probe\n\n", "### Black Magic / Dronecode Probe\n\n---\n\n")
    assert "black-magic--dronecode-probe" not in [c.anchor for c in chunk_document(parse(ruled, "boot.md"),
                                                                                   fake_embedder.counter, min_tokens=1)]
    # and so is the element that draws one (Insomnia's FAQ: "## General Questions" over `<hr>`)
    html = page.replace("### Black Magic / Dronecode Probe\n\n", "### Black Magic / Dronecode Probe\n\n<hr/>\n\n")
    assert "black-magic--dronecode-probe" not in [c.anchor for c in chunk_document(parse(html, "boot.md"),
                                                                                   fake_embedder.counter, min_tokens=1)]


def test_a_tiny_piece_of_a_cut_code_block_folds_back_without_its_repeated_fences(embedder):
    """Found by the property test (tests/test_chunker_properties.py, max 64 / min 48 word pieces; this is its page):
    the last piece of a cut code block, under min_tokens, was folded into the piece before it with the fence closed
    and reopened in the middle ("...# a comment\n````\n````\nx = compute(y)\n````"), so the chunk read as two blocks
    and the page as written had stray backticks. Control: every other character of the page, in order."""
    text = PROPERTY_PAGE
    chunks = chunk_document(parse(text, "docs/x.md"), embedder.counter, max_tokens=64, min_tokens=48)
    assert not any("````\n````" in c.text for c in chunks)
    assert re.sub(r"\s+", "", "".join(written(chunks))) == re.sub(r"\s+", "", text)


PROPERTY_PAGE = ("# Title Aaa\n\n## Aaa\n```\n# not a heading\n# not a heading\n# not a heading\n```\n\n```\n# not a heading\n# not a heading\n# not a heading\n# not a heading\n# not a heading\n# not a heading\n```\n\n### Vkt Brfgdhucip Lllctqaaaa Iaaajhaaaa Aaaaam Aaarrq\n```python\n" + "# a comment\n" * 45 + "```\n\na a a refund 0000000000000000000000000000000000 a a a a a a a a a a a a a a refund\na\na a a\na a a a a aaa a a aaa aa a a a a\n\n````\n# a comment\n# a comment\n# a comment\n# a comment\n# a comment\n# a comment\n    print(i, 'café')\n# a comment\n    print(i, 'café')\n    print(i, 'café')\n# a comment\nx = compute(y)\n# a comment\n    print(i, 'café')\n    print(i, 'café')\nfor i in range(3):\nx = compute(y)\n    print(i, 'café')\n# a comment\n# a comment\n# a comment\nx = compute(y)\n````\n\n```\nprint('hi')\nprint('hi')\nprint('hi')\n# not a heading\n```\n\n")


def test_a_passage_shows_no_run_of_blank_lines_but_code_keeps_its_own(embedder):
    """Blanked markup leaves its lines (citations keep the file's numbers): the LineageOS wiki had 726 chunks with 3
    or more blank lines in a row, and Invoice Ninja's answers 3-4 between paragraphs. Control: code as written."""
    page = ("# Setup\n\nFirst step.\n{% include nothing.html %}\n{% comment %}\nhidden\n{% endcomment %}\n\n\n"
            "Second step.\n\n```sh\nmake\n\n\n\nmake install\n```\n\n\n\n")
    chunks = chunk_document(parse(page, "docs/setup.md"), embedder.counter)
    text = "".join(c.text for c in chunks)
    assert "First step.\n\nSecond step." in text and "make\n\n\n\nmake install" in text
    assert text.endswith("```\n\n") and chunks[-1].end_line == page.count("\n")     # lines still cited whole


def test_a_passage_that_ends_a_block_keeps_its_blank_line_where_markup_was_blanked(embedder):
    """The EdgeTX manual (GitBook): a chunk ending in a box whose `{% endhint %}` line was blanked lost its last blank
    line with the run, so answers read it as cut mid-block and glued the next paragraph on (app/blocks._continues:
    55 of 281 seams). Control: the next chunk's text follows as its own block."""
    from app.blocks import _continues
    box = "{% hint style=\"info\" %}\n" + "The module options are described on the protocol page. " * 14 + \
        "\n{% endhint %}\n\n"
    page = "# Setup\n\n## Model\n\n" + box + "**Receiver number** - " + "A number the receiver binds to. " * 20 + "\n"
    chunks = chunk_document(parse(page, "setup.md"), embedder.counter)
    assert len(chunks) == 2 and chunks[0].text.endswith("page. \n\n"), [c.text[-30:] for c in chunks]
    assert not _continues(chunks[0].text, chunks[1].text)


def test_a_loose_list_item_keeps_its_title_with_its_text(embedder):
    """dxw's playbook writes each principle as "3. **Take ownership**", a blank line and its text indented under it;
    cut line by line, 14 chunks ended on a title and 45 opened with an item's text and no title. Control: the
    paragraph after the list, not indented, is no part of the last item, nor an indented block after a paragraph."""
    items = [f"{s}. **Principle {s}**\n\n   Begin{s} {_para(40, s)} end{s}.\n" for s in range(1, 9)]
    doc = parse("# Leadership\n\n## Principles\n\n" + "\n".join(items) + "\nAfterwards " + _para(20, 9) + ".\n", "l.md")
    chunks = [c for c in chunk_document(doc, embedder.counter, max_tokens=120, min_tokens=1) if c.anchor == "principles"]
    assert len(chunks) >= 3
    for c in chunks:
        for s in range(1, 9):
            assert (f"**Principle {s}**" in c.text) == (f"Begin{s} " in c.text), (s, c.text)
    from ingest.line_cuts import _goes_on
    assert _goes_on("3. **Own it**\n\n", "   Leaders welcome it.\n")
    assert not _goes_on("3. **Own it**\n\n", "Afterwards, a paragraph.\n")       # can fail: not indented
    assert not _goes_on("A paragraph.\n\n", "    indented code\n")               # can fail: no item above


def test_a_heading_alone_whose_section_goes_on_in_the_next_chunk_is_no_chunk(fake_embedder):
    """wallabag's docs: "Notable commands" over a dash line (a setext heading) was a chunk of its own, its lead-in
    and list too long to join it (48 chunks of 3 files); "## Recommended CSP policy" over a long policy (Seafile)
    ended the intro's chunk instead. The next chunk is cited by that heading and embedded under its path. Every
    window from 150 to 300 word pieces is tried, so some cut falls there. Controls: a heading over nothing, its
    sibling next, stays; the list is all kept."""
    items = "".join(f" - `command:{n}`: may be helpful when task {n} of the admin is missing.\n" for n in range(12))
    for heading in ("Notable commands\n----------------\n", "## Notable commands\n"):
        page = f"# Console\n\nThe commands of the app.\n\n{heading}\nFrom Symfony:\n\n{items}\n## Other\n\nMore.\n"
        for window in range(150, 301, 2):
            chunks = chunk_document(parse(page, "console.md"), fake_embedder.counter, max_tokens=window)
            assert not any(c.text.rstrip().endswith(("---", "## Notable commands")) for c in chunks), window  # can fail
            listed = "".join(c.text for c in chunks if c.anchor == "notable-commands")
            assert all(f"`command:{n}`" in listed for n in range(12))
            assert next(c for c in chunks if c.anchor == "notable-commands").heading_path == ("Console", "Notable commands")
    bare = "# Console\n\n## Notable commands\n\n## Other\n\nMore.\n"
    assert "notable-commands" in [c.anchor for c in chunk_document(parse(bare, "c.md"), fake_embedder.counter)]


def test_a_list_item_goes_with_its_sub_items():
    """FreshRSS' docs: "If you get *FAIL 64-bit or GMP extension!*" ended a chunk and its fix (`sudo apt install
    php-gmp`, a sub-item) was the next; the Kavita wiki's "4. Disable Gatekeeper" so over its command. Every window
    from 40 to 90 words is tried, so some cut falls there. Control: the items are all kept, in order."""
    items = "".join(f"* If you get error number {n} from the server, then the check failed for reason {n}.\n"
                    f"\t* The fix for error {n}: run `fix-{n}` on the server.\n" for n in range(6))
    page = f"# API\n\n## Fix server configuration\n\n{items}"
    for window in range(40, 91, 3):
        chunks = chunk_document(parse(page, "api.md"), WordCount(), max_tokens=window, min_tokens=1)
        for n in range(6):
            assert f"error number {n} " in next(c.text for c in chunks if f"`fix-{n}`" in c.text), window  # can fail
        assert "".join(c.text for c in chunks).count("`fix-") == 6


def test_a_comment_over_several_lines_of_code_is_not_cut(fake_embedder):
    """Moonraker's configuration reference: each option of an ini block is described by a run of `#` lines, and
    40 of 268 chunks opened inside one ("#   is locked out." after a chunk ending "before an IP address").
    Control: a comment run longer than a chunk is still cut."""
    options = "".join(f"option_{i}:\n#   Option {i} sets how many retries the {i}th worker makes before an IP\n"
                      f"#   address is locked out for the rest of the day. The default is {i}.\n" for i in range(40))
    text = f"# Config\n\n## Authorization\n\n```ini\n[authorization]\n{options}```\n"
    chunks = chunk_document(parse(text, "configuration.md"), fake_embedder.counter)
    code = [c for c in chunks if "option_" in c.text]
    assert len(code) > 2
    for c in code[1:]:
        first = c.text.split("\n", 2)[1]                                          # after its reopened fence
        assert not first.startswith("#   address"), c.text                         # can fail: cut inside
    long = "# C\n\n```sh\n" + "".join(f"# step {i} of a comment that goes on and on\n" for i in range(200)) + "```\n"
    assert len(chunk_document(parse(long, "c.md"), fake_embedder.counter)) > 1
