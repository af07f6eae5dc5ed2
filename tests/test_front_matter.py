"""Prose in front matter is indexed (issue 8, item 5): Jekyll FAQ accordions and descriptive keys become
sections with headings, anchors and the front-matter lines they come from; Hugo pages (YAML or TOML front
matter) too; which keys are read is configurable per corpus; a page with no text is skipped, not failed.
The pages are written in the style of real Jekyll and Hugo sites (invented content)."""
from __future__ import annotations

import pytest
from conftest import CONFIG, write
from helpers import noisy_pages as pages

from app.cli import main
from app.engine import KnowledgeBase
from ingest import frontmatter
from ingest.chunking import chunk_document
from ingest.config import ConfigError, load_config
from ingest.markdown import parse
from ingest.pipeline import ingest

JEKYLL_FAQ = """---
layout: help_topic
title: Library card help
permalink: /help/library-card/
description: >-
  Everything about getting, renewing and replacing a library card.
general_accordion:
  - title: How do I get a library card?
    content: >-
      Bring a photo ID and proof of address to any branch. Cards are free for residents and
      are ready the same day.
  - title: What if I lose my card?
    content: |
      Report it at once from **My account > Card** so nobody can borrow on it.

      A replacement costs two dollars at the front desk.
  - title: Can my child have a card?
    content: <p>Children under 13 can get a card with a parent or guardian present.</p>
---
"""

JEKYLL_LANDING = """---
layout: landing
title: Borrowing
lead: Borrow up to thirty items at a time, for three weeks, and renew each twice online.
intro: Holds are free; you get an email when an item is waiting for you at the branch you chose.
sidebar: borrowing
---
{% include topic_list.html %}
"""

HUGO_YAML = """---
title: "Opening hours"
linkTitle: "Hours"
weight: 20
description: >
  When each branch is open, including holidays.
summary: Branches close at 5 pm on the day before a public holiday.
---

## Weekdays

Every branch is open from 9 am to 8 pm, Monday to Friday.
"""

HUGO_TOML = """+++
title = "Study rooms"
weight = 30
description = "Book a quiet study room for up to four hours a day."
+++

## Booking a room

Rooms are booked online with your card number, up to a week ahead.
"""


def test_jekyll_faq_accordion_becomes_sections_citing_its_lines(embedder):
    doc = parse(JEKYLL_FAQ, "docs/service/library-card.md")
    assert [(s.heading_path, s.anchor) for s in doc.sections] == [
        (("Library card help",), ""),
        (("Library card help", "How do I get a library card?"), "how-do-i-get-a-library-card"),
        (("Library card help", "What if I lose my card?"), "what-if-i-lose-my-card"),
        (("Library card help", "Can my child have a card?"), "can-my-child-have-a-card"),
    ]
    chunks = chunk_document(doc, embedder.counter, 200, 8)
    file_lines = JEKYLL_FAQ.splitlines()
    lose = next(c for c in chunks if c.anchor == "what-if-i-lose-my-card")
    assert lose.text.startswith("## What if I lose my card?\n\nReport it at once")
    assert "A replacement costs two dollars" in lose.text and "content:" not in lose.text
    assert file_lines[lose.start_line - 1] == "  - title: What if I lose my card?"
    assert file_lines[lose.end_line - 1].strip() == "A replacement costs two dollars at the front desk."
    lead = next(c for c in chunks if c.anchor == "")
    assert file_lines[lead.start_line - 1].startswith("description:")


def test_a_faq_written_as_a_json_string_in_front_matter_is_one_section_per_question():
    """Buttondown's docs keep a page's FAQ as a JSON list inside a YAML string (`faqItems: >`): 103 questions in 32
    pages became one lead-in of raw JSON. Control: a string that only looks like a list stays a lead-in."""
    page = ('---\ntitle: Firewall\nfaqItems: >\n  [ { "question": "Some subscribers are still blocked!",\n'
            '  "answer": "Check the **allowlist** first." } ]\ndescription: "[Beta] Blocks spam sign-ups."\n---\n'
            '# Firewall\n\nIt blocks bots.\n')
    doc = parse(page, "docs/service/firewall.md")
    faq = next(s for s in doc.sections if s.anchor == "some-subscribers-are-still-blocked")
    assert "".join(faq.lines).startswith("## Some subscribers are still blocked!\n\nCheck the **allowlist** first.")
    lead = "".join(doc.sections[0].lines)
    assert "[Beta] Blocks spam sign-ups." in lead and "question" not in lead


def test_a_vitepress_home_page_is_its_hero_and_feature_cards():
    """Nginx Proxy Manager's home page (VitePress, `layout: home`) is all front matter: a `hero` mapping and
    `features` cards ({title, details}); skipped as empty, it lost the only line saying its certificates cost
    nothing. Control: the hero's `name` (the product's) and a card's icon and link are no text."""
    page = ("---\nlayout: home\nhero:\n  name: Nginx Proxy Manager\n  tagline: Expose your services easily and "
            "securely\n  image:\n    src: /logo.svg\n  actions:\n    - text: Get Started\n      link: /guide/\n"
            "features:\n  - title: Free SSL\n    details: Free SSL certificates from Let's Encrypt at no cost to you.\n"
            "    icon: lock\n    link: /guide/#ssl\n---\n")
    doc = parse(page, "docs/service/index.md")
    shown = "".join("".join(s.lines or []) for s in doc.sections)
    assert "Expose your services easily and securely" in shown                    # can fail: no text to index
    assert "## Free SSL\n\nFree SSL certificates from Let's Encrypt at no cost to you." in shown
    assert "Nginx Proxy Manager" not in shown and "lock" not in shown and "Get Started" not in shown
    # the hero's name titles the page, as the site shows it (Pixelfed's home page was cited by its folder, "Src")
    assert doc.title == "Nginx Proxy Manager"                                     # can fail: "Service"


def test_a_front_matter_list_of_links_is_no_faq():
    """The TTS handbook's `questions:` is its layout's "Questions?" box (a channel, an address, a link): the link
    item (`text: Book office hours`, `url: ...`) made 25 chunks in 24 pages, cited in 4 of 30 answers. Control: a
    question with an answer and a link stays a section."""
    page = ("---\ntitle: Travel guide\nquestions:\n  - travel\n  - text: Book office hours\n"
            "    url: https://calendar.example.gov/x\n  - question: Who books flights?\n    answer: You do, in Concur.\n"
            "    link: https://concur.example.gov\n---\n# Travel guide\n\nPlan your trip.\n")
    doc = parse(page, "docs/service/travel.md")
    shown = "".join("".join(s.lines or []) for s in doc.sections)
    assert "Book office hours" not in shown
    assert "## Who books flights?\n\nYou do, in Concur." in shown          # can fail: every item dropped


def test_front_matter_keys_are_configurable():
    assert len(parse(JEKYLL_FAQ, "a.md", front_matter_keys=()).sections) == 0
    only_description = parse(JEKYLL_FAQ, "a.md", front_matter_keys=("description",))
    assert [s.heading_path for s in only_description.sections] == [("Library card help",)]
    custom = parse("---\ntitle: T\ntagline: Free to join, free to borrow.\n---\n", "a.md", front_matter_keys=("tag*",))
    assert "".join(custom.sections[0].lines) == "Free to join, free to borrow.\n"
    twice = parse("---\ntitle: T\nlead: Scrapes fail.\ndescription: Scrapes fail.\nsummary: Check the target.\n---\n",
                  "a.md")                      # Prometheus' runbooks: one text as `lead` and `description`
    assert "".join("".join(s.lines) for s in twice.sections) == "Scrapes fail.\n\nCheck the target.\n"
    stop = parse("---\ntitle: T\ndescription: Questions on OIDC\nsummary: Questions on OIDC.\n---\n", "a.md")
    assert "".join("".join(s.lines) for s in stop.sections) == "Questions on OIDC\n"     # Authelia: 40 pages


def test_a_description_that_repeats_the_title_is_no_lead_in():
    """Standard Notes' docs: 23 of 82 pages' descriptions said the title again, a lead-in that opened answers with
    the title twice; a page of nothing else was indexed. Control: a description that says more stays."""
    doc = parse("---\ntitle: Two-Factor Authentication\ndescription: Two-factor authentication.\n---\n\n"
                "Turn it on under Settings.\n", "2fa.md")
    assert not any(s.lead_in for s in doc.sections) and len(doc.sections) == 1
    assert parse("---\ntitle: Template\ndescription: template\n---\n", "template.md").sections == []
    more = parse("---\ntitle: Two-Factor Authentication\ndescription: How to turn on two-factor authentication.\n"
                 "---\n\nText.\n", "2fa.md")
    assert "How to turn on" in "".join(more.sections[0].lines)           # can fail: every description dropped
    # one word is a label or an address, no lead-in (AppFlowy's `description: help-wanted`, a bare URL)
    for label in ("help-wanted", "https://github.com/AppFlowy-IO/plugins"):
        doc = parse(f"---\ntitle: Requirements\ndescription: {label}\n---\n\nText.\n", "req.md")
        assert not any(s.lead_in for s in doc.sections)                             # can fail: a chunk "help-wanted"


def test_a_description_the_page_says_word_for_word_is_no_lead_in():
    """Karakeep's generated API pages: 45 of 84 pages' descriptions were their first paragraph again, a second
    passage of the same text. Control: a description the page says only in part stays."""
    page = ("---\ntitle: Add a bookmark to a list\ndescription: \"Add a bookmark to a manual list. It is idempotent.\"\n"
            "---\n\n# Add a bookmark to a list\n\nAdd a bookmark to a *manual* list.\nIt is idempotent.\n\n## Request\n\nA body.\n")
    assert not any(s.lead_in for s in parse(page, "api/add.md").sections)      # can fail: the description twice
    part = page.replace("It is idempotent.\n\n", "\n")
    assert any(s.lead_in for s in parse(part, "api/add.md").sections)


def test_hugo_pages_yaml_and_toml(embedder):
    doc = parse(HUGO_YAML, "docs/service/hours.md")
    assert doc.title == "Opening hours"
    assert "".join(doc.sections[0].lines).startswith("When each branch is open, including holidays.\n\n"
                                                     "Branches close at 5 pm")
    assert [s.anchor for s in doc.sections] == ["", "weekdays"]
    toml = parse(HUGO_TOML, "docs/service/rooms.md")
    assert toml.title == "Study rooms" and toml.meta["weight"] == 30
    chunks = chunk_document(toml, embedder.counter, 200, 8)
    text = "".join(c.text for c in chunks)
    assert "Book a quiet study room" in text and "+++" not in text and "weight = 30" not in text
    assert chunks[0].start_line == 1 and chunks[-1].text.strip().endswith("up to a week ahead.")


def test_front_matter_under_blank_lines_is_front_matter():
    """Hugo reads front matter after blank lines (Navidrome's usage index: its YAML was indexed as a section
    'title: "Usage"linkTitle...'). Controls: the body keeps its line numbers; a rule over a setext heading is no
    front matter."""
    page = '\n\n---\ntitle: "Usage"\nweight: 6\n---\n\n# Usage\n\nPlay music.\n'
    doc = parse(page, "docs/service/usage.md")
    assert doc.meta == {"title": "Usage", "weight": 6} and "weight" not in "".join(doc.lines[6:])
    assert doc.lines[9] == "Play music.\n" and len(doc.lines) == page.count("\n")
    toml = parse('\n+++\ntitle = "Rooms"\n+++\nBook one.\n', "docs/service/rooms.md")
    assert toml.title == "Rooms" and toml.lines[4] == "Book one.\n"
    rule = parse("\n---\nNews\n---\n\nToday.\n", "docs/service/news.md")
    assert rule.meta == {} and [s.heading_path for s in rule.sections][-1] == ("News",)


def test_toml_between_dash_lines_is_read_as_toml():
    """Sites moved from Hugo keep TOML between `---` lines, which VitePress renders over (Pixelfed's 6 admin pages,
    the whole troubleshooting side, failed as "front matter must be a YAML mapping"). Controls: YAML still wins
    where it is a mapping; a YAML list is no TOML either and stays a clear error."""
    page = ('---\ntitle = "Troubleshooting"\nsummary = "Things going wrong"\nweight = 50\n[menu]\n[menu.docs]\n'
            'parent = "admin"\n---\n\n## Horizon is not working\n\nRestart the queue workers.\n')
    doc = parse(page, "admin/troubleshooting.md")     # can fail: ParseError, the page lost
    assert doc.title == "Troubleshooting" and doc.meta["menu"]["docs"]["parent"] == "admin"
    text = "".join(line for s in doc.sections for line in (s.lines or doc.lines)[s.start:s.end])
    assert "Restart the queue workers." in text and "weight = 50" not in text
    assert [s.anchor for s in doc.sections][-1] == "horizon-is-not-working"
    assert frontmatter.meta(page)["weight"] == 50       # a section's cascade or old addresses read it alike
    assert parse("---\ntitle: A = B\n---\nText.\n", "x.md").meta == {"title": "A = B"}
    with pytest.raises(ValueError, match="must be a YAML mapping"):
        parse("---\n- just\n- a list\n---\n# X\n", "x.md")


def test_malformed_toml_front_matter_is_a_clear_error():
    with pytest.raises(ValueError, match="malformed TOML front matter"):
        parse('+++\ntitle = "unclosed\n+++\n# Body\n', "x.md")


FILES = {
    "docs/service/library-card.md": JEKYLL_FAQ,
    "docs/service/borrowing.md": JEKYLL_LANDING,
    "docs/service/hours.md": HUGO_YAML,
    "docs/service/rooms.md": HUGO_TOML,
    "docs/service/title-only.md": "---\ntitle: Coming soon\nlayout: page\n---\n",
    "docs/service/invoices.md": pages.article(extra={2: f"![Billing screen](data:image/png;base64,"
                                                        f"{pages.screenshot(200_000)})"}),
    "docs/service/bomb.md": pages.yaml_bomb(),
    "docs/support/public/quotes.md": pages.nested_quotes(1.05),
    "docs/support/runbooks/card-printer.md": "# Card printer\n\n## Jammed printer\nOpen the side door and pull "
                                             "the card out gently, then press Reset.\n",
}


@pytest.mark.slow
def test_ingest_indexes_front_matter_and_skips_empty_pages(make_kb, embedder, capsys, monkeypatch):
    config = make_kb(FILES, CONFIG.replace('audience = "internal"\n',
                                           'audience = "internal"\nfront_matter_keys = []\nmax_chunks_per_file = 50\n'))
    notes: list[str] = []
    summary = ingest(config, embedder=embedder, note=notes.append)
    assert summary["ok"], summary["failed"]                  # an empty page is not a failure
    assert {f["path"]: f["reason"].split(" (")[0] for f in summary["skipped"]} == {
        "docs/service/title-only.md": "empty: no text to index",
        "docs/support/public/quotes.md": "empty: no text to index"}
    assert [(d["path"], d["reason"]) for d in summary["dropped"]][:1] == [
        ("docs/service/invoices.md", "1 data URI, 195 KB dropped")]
    assert summary["corpora"]["service"]["added"] == 6 and summary["corpora"]["service"]["failed"] == 0
    assert notes == ["ingest: support docs/support/public/quotes.md: 1.0 MB, chunking"]

    kb = KnowledgeBase(config, embedder=embedder)
    r = kb.ask("I lost my library card, what should I do?")
    top = r["citations"][0]
    assert (top["source"], top["anchor"]) == ("docs/service/library-card.md", "what-if-i-lose-my-card")
    r = kb.ask("How many items can I borrow at a time?")
    assert r["citations"][0]["source"] == "docs/service/borrowing.md"
    status = kb.status()
    assert [f["path"] for f in status["service"]["summary"]["skipped"]] == ["docs/service/title-only.md"]

    # The CLI says the same, and `kb status` lists the skipped page.
    monkeypatch.setattr("app.engine.query_encoder", lambda *a, **k: embedder)
    monkeypatch.setattr("ingest.pipeline.Embedder", lambda *a, **k: embedder)
    write(config.root / "docs/service/title-only.md", "---\ntitle: Still coming\n---\n")
    capsys.readouterr()
    assert main(["ingest", "--config", str(config.file)]) == 0
    out = capsys.readouterr().out
    assert "SKIPPED docs/service/title-only.md: empty: no text to index" in out
    assert main(["status", "--config", str(config.file)]) == 0
    out = capsys.readouterr().out
    assert "1 skipped" in out and "SKIPPED docs/service/title-only.md" in out


GCODE = """---
title: Model Predictive Temp. Control
author: CRCinAU
brief: Set MPC values for a hotend.
codes: [ M306 ]
notes:
- View current values with `M306` and no parameters.
- Most printers have 30 or 40 watt heaters.
- M306
parameters:
- tag: P
  description: Heater power in watts and nothing else.
---
"""


def test_a_page_skipped_as_empty_names_the_front_matter_keys_that_hold_its_text(make_kb, fake_embedder):
    """Marlin's docs (Jekyll) keep each G-code's summary, notes and parameters in front matter: 3 pages were
    skipped as "empty: no text to index (only front matter or blank)", with no word of where the text was.
    Controls: a title, an author and one-word values are no text; keys named in the config are read, so the page
    is indexed and says notes as a list."""
    config = make_kb({"docs/service/M306.md": GCODE, "docs/support/x.md": "# X\n\nSome support text here.\n"})
    reason = ingest(config, embedder=fake_embedder)["skipped"][0]["reason"]
    assert reason == ("empty: no text to index (only front matter or blank); its front matter holds text under "
                      "`brief`, `notes`, `parameters`: name them in corpora.service.front_matter_keys to index it")
    doc = parse(GCODE, "M306.md", front_matter_keys=("brief", "notes"))
    assert "".join(doc.sections[0].lines) == ("Set MPC values for a hotend.\n\n- View current values with `M306` "
                                              "and no parameters.\n- Most printers have 30 or 40 watt heaters.\n")


def test_a_faq_pages_question_is_its_title_where_it_has_none():
    """Misskey's contact FAQ (Nuxt Content): `question: I cannot sign in to my account` and no title; its 7 pages were
    titled from their file names ("Cannot login to the account"). Control: a title wins."""
    asked = parse("---\nquestion: I cannot sign in to my account\n---\n\nAsk your server's admin.\n",
                  "contact-faq/1.cannot-login-to-the-account.md")
    assert asked.title == "I cannot sign in to my account"                       # can fail: the file's name
    titled = parse("---\ntitle: Sign-in\nquestion: Why can't I sign in?\n---\n\nText.\n", "faq/sign-in.md")
    assert titled.title == "Sign-in"


def test_a_page_that_empties_leaves_the_index(make_kb, embedder):
    config = make_kb({"docs/service/hours.md": HUGO_YAML, "docs/support/x.md": "# X\n\nSome support text here.\n"})
    assert ingest(config, embedder=embedder)["ok"]
    write(config.root / "docs/service/hours.md", "---\ntitle: Opening hours\n---\n")
    summary = ingest(config, embedder=embedder)
    assert summary["ok"] and summary["corpora"]["service"]["removed"] == 1
    assert KnowledgeBase(config, embedder=embedder).status()["service"]["files"] == 0


def test_limits_come_from_config(make_kb, embedder):
    config = make_kb({"docs/service/changelog.md": pages.changelog(3000), "docs/support/x.md": "# X\n\nSome text.\n"},
                     CONFIG + "\n[chunking]\nmax_chunks_per_file = 20\nmax_file_mb = 0.05\n")
    assert (config.max_chunks_per_file, config.max_file_mb) == (20, 0.05)
    summary = ingest(config, embedder=embedder)
    assert [f["reason"] for f in summary["failed"]] == ["file is 0.1 MB, over the 0.05 MB limit (chunking.max_file_mb)"]
    write(config.root / "config.toml", CONFIG + "\n[chunking]\nmax_chunks_per_file = 20\n")
    summary = ingest(load_config(config.root / "config.toml"), embedder=embedder)
    assert len(summary["failed"]) == 1
    assert summary["failed"][0]["reason"].startswith("would make ")
    assert "over the limit of 20 per file (chunking.max_chunks_per_file or corpora.service.max_chunks_per_file)" \
        in summary["failed"][0]["reason"]
    write(config.root / "docs/service/changelog.md", pages.changelog(300))     # 12 sections of 1-2 chunks
    write(config.root / "docs/service/worker.md", pages.server_log(400))       # one section of about 35
    write(config.root / "config.toml", CONFIG + "\n[chunking]\nmax_chunks_per_section = 20\n")
    summary = ingest(load_config(config.root / "config.toml"), embedder=embedder)
    assert [(f["path"], f["reason"].split(" would")[0]) for f in summary["failed"]] == [
        ("docs/service/worker.md", "section 'worker.log'")]
    assert "over the limit of 20 per section (chunking.max_chunks_per_section)" in summary["failed"][0]["reason"]


@pytest.mark.parametrize("extra, message", [
    ("max_chunks_per_file = 0\n", "'corpora.service.max_chunks_per_file' must be positive"),
    ("front_matter_keys = \"description\"\n", "'corpora.service.front_matter_keys' must be a list"),
])
def test_bad_corpus_keys_are_named(make_kb, extra, message):
    config = make_kb({})
    write(config.root / "config.toml", CONFIG.replace('audience = "public"\n', 'audience = "public"\n' + extra))
    with pytest.raises(ConfigError, match=message):
        load_config(config.root / "config.toml")


def test_an_unchanged_empty_page_is_not_parsed_again(make_kb, embedder, monkeypatch):
    """A skipped page has no live version; its last skip is remembered so a no-op ingest stays a no-op."""
    from ingest import pipeline
    config = make_kb({"docs/service/soon.md": "---\ntitle: Coming soon\n---\n",
                      "docs/support/x.md": "# X\n\nSome support text.\n"})
    first = ingest(config, embedder=embedder)
    parsed: list[str] = []
    real = pipeline.parse
    monkeypatch.setattr(pipeline, "parse", lambda text, rel, *a: parsed.append(rel) or real(text, rel, *a))
    second = ingest(config, embedder=embedder)
    assert second["skipped"] == first["skipped"] != [] and parsed == []
    write(config.root / "docs/service/soon.md", "---\ntitle: Coming soon\ndescription: Opening in May.\n---\n")
    third = ingest(config, embedder=embedder)
    assert parsed == ["docs/service/soon.md"] and third["skipped"] == []
    assert third["corpora"]["service"]["added"] == 1


STUB = """---
title: Trash
description: Manage deleted photos and recovery
search: false
head:
    - - meta
      - name: robots
        content: noindex
---

# Trash

The **Trash** guide has moved to [Deleting photos](deleting.md), with how to restore a photo.
"""


def test_a_page_its_site_keeps_out_of_search_is_skipped_and_leaves_the_index(make_kb, fake_embedder):
    """Ente's help center (VitePress) marks its 15 "this page has moved" stubs `search: false` with a robots
    noindex; indexed, they led 3 of 36 answers with a link to the page that answers. Drafts are not published
    either. Control: `draft: false` and a robots value without noindex are indexed."""
    files = {"docs/service/trash.md": STUB,
             "docs/service/deleting.md": "---\ndraft: false\nrobots: index, follow\n---\n# Deleting photos\n\n"
                                         "Restore a photo from the trash within 30 days.\n",
             "docs/service/next.md": "---\ntitle: Next release\ndraft: true\n---\nWhat the next release brings.\n",
             "docs/support/x.md": "---\nnoindex: true\n---\n# X\n\nSome support text here.\n",
             "docs/support/y.md": "# Y\n\nMore support text here.\n"}
    config = make_kb(files)
    write(config.root / "docs/service/trash.md", STUB.replace("search: false\n", "").replace("noindex", "index"))
    summary = ingest(config, embedder=fake_embedder)
    assert summary["corpora"]["service"]["added"] == 2              # the stub, not yet hidden, is indexed
    write(config.root / "docs/service/trash.md", STUB)
    summary = ingest(config, embedder=fake_embedder)
    assert summary["ok"] and summary["corpora"]["service"]["removed"] == 1
    assert {f["path"]: f["reason"] for f in summary["skipped"]} == {
        "docs/service/trash.md": "hidden: its front matter keeps it out of the site's search (search: false)",
        "docs/service/next.md": "hidden: its front matter keeps it out of the site's search (draft: true)",
        "docs/support/x.md": "hidden: its front matter keeps it out of the site's search (noindex)"}
    status = KnowledgeBase(config, embedder=fake_embedder).status()
    assert (status["service"]["files"], status["support"]["files"]) == (1, 1)


def test_a_page_hugo_never_lists_is_skipped_by_its_own_or_its_sections_build_options(make_kb, fake_embedder):
    """Codemagic's docs (Hugo) keep a 404 page (`_build: {list: never}`) and, by a cascade in partials/_index.md,
    24 titled partials out of every page list, so out of the site's search; indexed, the partials were cited 41
    times in 27 of 91 answers. Editing the cascade brings them back. Controls: a page outside that section and
    `render: always` alone are indexed; the section's own _index.md is not under its cascade."""
    index = "---\ntitle: Partials\ncascade:\n  _build:\n    list: never\n    render: always\n---\nShared parts.\n"
    files = {"docs/service/partials/_index.md": index,
             "docs/service/partials/teams-note.md": "---\ntitle: Teams note\n---\nTeams is a paid feature.\n",
             "docs/service/404.md": "---\ntitle: Not found\n_build:\n  list: never\n  render: always\n---\nNot found\n",
             "docs/service/teams.md": "---\ntitle: Teams\nbuild:\n  render: always\n---\nInvite people to a team.\n",
             "docs/support/y.md": "# Y\n\nMore support text here.\n"}
    config = make_kb(files)
    summary = ingest(config, embedder=fake_embedder)
    hidden = "hidden: its front matter keeps it out of the site's search (build: list never)"
    assert {f["path"]: f["reason"] for f in summary["skipped"]} == {
        "docs/service/partials/teams-note.md": hidden, "docs/service/404.md": hidden}
    assert summary["corpora"]["service"]["added"] == 2              # teams.md and the section's own page
    write(config.root / "docs/service/partials/_index.md", index.replace("never", "always"))
    summary = ingest(config, embedder=fake_embedder)
    assert summary["corpora"]["service"]["added"] == 1 and len(summary["skipped"]) == 1


GUIDE = """---
title: Export from Authy
description: Move your 2FA codes out of Authy into Ente Auth
---

# Exporting your codes out of Authy

Authy has no export button, so the codes are moved with a helper tool.

## Steps

1. Install the tool.
2. Sign in to Authy with it and save the codes.
"""


def test_a_description_that_leads_an_answer_opens_the_pages_text(embedder):
    """Ente's help center: a page's front-matter description, a chunk of its own, was the whole answer ("Guide
    for exporting your 2FA codes out from Ente Auth [1]"): the page's H1, not its title, opens its sections, so
    the description is a section of its own. Marked at ingest, it now leads with the page's first text after it.
    Controls: the section after that (## Steps) stays out, and an ordinary chunk does not grow so."""
    from app import answer as answers
    from app.retrieval import Hit
    chunks = chunk_document(parse(GUIDE, "kb/service/authy.md"), embedder.counter, 200, 8)
    assert [c.lead_in for c in chunks] == [True, False, False]
    hits = [Hit(f"k:v1:{i}", "service", c.text, {"source": "kb/service/authy.md", "title": "Export from Authy",
                                                  "section": c.section, "anchor": c.anchor, "audience": "public",
                                                  "start_line": c.start_line, "end_line": c.end_line,
                                                  "heading_path": " > ".join(c.heading_path),
                                                  **({"lead_in": True} if c.lead_in else {})}, dense=0.9, score=0.9)
            for i, c in enumerate(chunks)]
    by_id = {h.id: h for h in hits}
    neighbour = lambda hit, step: by_id.get(f"k:v1:{int(hit.id.rsplit(':', 1)[1]) + step}")   # noqa: E731
    text, [c] = answers.compose([(None, hits[0])], [hits[0]], neighbour=neighbour)
    assert "Move your 2FA codes" in text and "Authy has no export button" in text and "Install the tool" not in text
    assert c["lines"] == [3, 9]
    text, _ = answers.compose([(None, hits[1])], [hits[1]], neighbour=neighbour)
    assert "Install the tool" not in text
    # DuckDuckGo's pages often open with their description's sentence: shown once, from the page's lines
    said = hits[1].text.replace("Authy has no export button", "Move your 2FA codes out of Authy into Ente Auth. It")
    hits[1] = by_id[hits[1].id] = Hit(hits[1].id, "service", said, hits[1].meta, dense=0.9, score=0.9)
    text, [c] = answers.compose([(None, hits[0])], [hits[0]], neighbour=neighbour)
    assert text.count("Move your 2FA codes") == 1 and c["lines"][0] == hits[1].meta["start_line"]
    # Ente's page: the H1 is a chunk of its own over "## Overview"; the answer goes on to the first text
    hits[1] = by_id[hits[1].id] = Hit(hits[1].id, "service", "# Exporting your codes out of Authy\n",
                                      {**hits[1].meta, "end_line": hits[1].meta["start_line"]}, dense=0.9)
    hits[2] = by_id[hits[2].id] = Hit(hits[2].id, "service", "## Overview\n\nThe export is encrypted.\n\n"
                                      "More about keys.\n", hits[2].meta, dense=0.9)
    text, _ = answers.compose([(None, hits[0])], [hits[0]], neighbour=neighbour)
    assert "The export is encrypted." in text and "More about keys" not in text


def test_meta_data_lines_opening_a_page_are_its_front_matter(make_kb, fake_embedder):
    """Tasmota's docs (MkDocs, Python-Markdown meta-data): 16 pages open with `description: ...` lines and no
    `---` above them; the line was shown as the page's text, or, over a `---`, read as a setext heading with a
    made-up anchor; 10 `redirect:` stubs were citable pages. Controls: a page opening "Note: ..." is text."""
    page = "description: Control heating and cooling as a true HVAC unit\n---\n\n## Typical setup\n\nWire it.\n"
    doc = parse(page, "docs/service/thermostat.md")
    assert doc.meta == {"description": "Control heating and cooling as a true HVAC unit"}
    assert [s.anchor for s in doc.sections] == ["", "typical-setup"] and len(doc.lines) == page.count("\n")
    note = "Note: the relay must be rated for the load.\n\n## Wiring\n\nWire it.\n"
    assert parse(note, "docs/service/relay.md").meta == {} and "Note: the relay" in "".join(
        parse(note, "docs/service/relay.md").lines)
    files = {"docs/service/upgrade.md": "redirect: upgrading.md\n", "docs/service/upgrading.md": "# Upgrading\n\nRun it.\n",
             "docs/support/x.md": "# X\n\nSome support text here.\n"}
    summary = ingest(make_kb(files), embedder=fake_embedder)
    assert {f["path"]: f["reason"] for f in summary["skipped"]} == {
        "docs/service/upgrade.md": "hidden: its front matter keeps it out of the site's search (redirect)"}


def test_a_site_whose_audience_key_means_its_readers_says_how_to_ingest_it(make_kb, fake_embedder):
    """Kinde's docs (Astro Starlight) write the reader a page addresses (`audience: developers`): 112 of 113 pages
    failed, exit 1, and the owner's only way out was editing every page. The error now names the setting;
    `audience_key = ""` reads the corpus's audience instead. A wrong value is never guessed at (it may mean
    internal): control, the default key still refuses it."""
    pages = {"docs/service/sdk.md": "---\ntitle: SDK\naudience: developers\n---\n# SDK\n\nInstall the SDK.\n",
             "docs/support/runbook.md": "---\naudience: internal\n---\n# Runbook\n\nRestart the worker.\n"}
    config = make_kb(pages)
    summary = ingest(config, embedder=fake_embedder)
    [failed] = summary["failed"]
    assert failed["reason"] == ("front matter 'audience' must be public or internal, got 'developers'; if the site "
                                "uses 'audience' for something else, set corpora.service.audience_key = \"\" (or "
                                "to the key that holds public | internal)")
    write(config.root / "config.toml", CONFIG.replace('audience = "public"\n', 'audience = "public"\naudience_key = ""\n'))
    summary = ingest(load_config(config.root / "config.toml"), embedder=fake_embedder)
    assert summary["ok"] and summary["corpora"]["service"]["added"] == 1
    kb = KnowledgeBase(load_config(config.root / "config.toml"), embedder=fake_embedder)
    assert [c["source"] for c in kb.ask("install the SDK", audience="customer")["citations"]] == ["docs/service/sdk.md"]


def test_a_sites_not_found_page_is_skipped(make_kb, fake_embedder):
    """Valetudo's docs (Eleventy) have `404.md` with `permalink: /404.html`: an inline SVG logo and "Page not found",
    served only for a missing address, was cited for "why is there no https". Control: a page whose permalink or
    name only contains 404 is indexed."""
    files = {"docs/service/404.md": "---\ntitle: Not found\n---\n# Page not found\n\nTry the search box instead.\n",
             "docs/service/missing.md": "---\npermalink: /404.html\n---\n# Lost?\n\nThis page does not exist.\n",
             "docs/service/errors.md": "---\npermalink: /errors/404-pages/\n---\n# Error 404 pages\n\nWhy a 404 shows.\n",
             "docs/support/http-404.md": "# HTTP 404\n\nThe app answers 404 when a file is gone.\n"}
    summary = ingest(make_kb(files), embedder=fake_embedder)
    assert summary["ok"] and {f["path"]: f["reason"] for f in summary["skipped"]} == {
        "docs/service/404.md": "not-found page: the site shows it only for a missing address (named 404)",
        "docs/service/missing.md": "not-found page: the site shows it only for a missing address "
                                   "(permalink: /404.html)"}
    assert (summary["corpora"]["service"]["added"], summary["corpora"]["support"]["added"]) == (1, 1)


@pytest.mark.parametrize("meta, why", [
    ("search: exclude", "search: exclude"),                  # the LineageOS wiki's unknown-device page led 2 answers
    ("search_exclude: true", "search: exclude"),             # just-the-docs
    ("unlisted: true", "unlisted: true"),                    # Docusaurus: out of its search and sitemap
    ("hidden: true", "hidden: true"),                        # Segment's layout, ReadMe: out of their search
    ("privacy:\n  view: anyone_with_link", "privacy: anyone with the link"),     # ReadMe (MultiSafepay: 16 pages)
    ("privacy:\n  view: public", None),
    ("noIndex: true", "noindex"),                            # GitBook (Hyperswitch: 4 pages indexed all the same)
    ("search: true", None), ("unlisted: false", None)])      # can fail: a page the site's search lists
def test_the_ways_a_site_keeps_a_page_out_of_its_search(meta, why):
    from ingest.hidden_pages import hidden
    assert hidden(parse(f"---\ntitle: X\n{meta}\n---\nText.\n", "x.md").meta) == why
