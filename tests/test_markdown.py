"""Markdown parsing: front matter, heading sections with paths/anchors/line ranges, blocks kept intact,
template noise neutralised without shifting lines, malformed front matter refused with a reason."""
from __future__ import annotations

import re
import textwrap

import pytest

from app.tokens import tokenize
from ingest.chunking import chunk_document
from ingest.markdown import ParseError, parse, slugify
from ingest.words import searchable

GUIDE = textwrap.dedent("""\
    ---
    title: Billing guide
    audience: internal
    tags: [billing, invoices]
    ---
    # Billing guide

    Everything about paying us.

    ## Pay by card
    Steps to pay:

    1. Open **Settings > Billing**.
    2. Click *Pay now*.
       - a nested item stays with its list

    | Plan | Price |
    |------|-------|
    | Pro  | $10   |
    | Team | $20   |

    ```bash
    # not a heading: this is inside a code block
    kb ingest --json
    ```

    ## Pay by card
    A second heading with the same text.

    ### Sub: Details & more!
    The deepest section.

    ## Invoices
    Download invoices from the billing page.
    """)


@pytest.fixture(scope="module")
def counter():
    from ingest.chunking import TokenCounter
    from ingest.embedder import model_path
    return TokenCounter(model_path() / "tokenizer.json")


def _line_of(text: str, needle: str) -> int:
    """1-based line number of the first line that equals needle."""
    return text.splitlines().index(needle) + 1



def _shown(text: str) -> str:
    """clean_source(text), checked to keep the number of lines: citations point at the file's own lines."""
    from ingest.markdown import clean_source
    got = clean_source(text)
    assert got.count("\n") == text.count("\n")
    return got

def test_front_matter_is_read():
    doc = parse(GUIDE, "docs/billing.md")
    assert doc.title == "Billing guide"
    assert doc.meta["audience"] == "internal"
    assert doc.meta["tags"] == ["billing", "invoices"]


def test_a_front_matter_title_reads_as_the_site_renders_it():
    # the TTS handbook (Eleventy): "Logging in &amp; Networks" in 18 chunks' heading paths and 9 of 36 answers
    assert parse("---\ntitle: Logging in &amp; Networks\n---\ntext\n", "a.md").title == "Logging in & Networks"
    assert parse("---\ntitle: TTS <em>before</em> GSA\n---\ntext\n", "a.md").title == "TTS before GSA"
    assert parse("---\ntitle: GET /users/<id>\n---\ntext\n", "a.md").title == "GET /users/<id>"  # can fail: no tag


def test_title_falls_back_to_h1_then_file_name():
    assert parse("# The real title\n\ntext\n", "a/b.md").title == "The real title"
    assert parse("plain text only\n", "docs/how-to_pay.md").title == "How to pay"   # as sites show it (Polar)
    assert parse("plain text only\n", "docs/iOS-setup.md").title == "iOS setup"     # can fail: "IOS setup"
    # no H1: a page that starts at "## Scaling" is titled by it; several top-level headings are not a title
    doc = parse("## Scaling\n\nintro\n\n### More instances\n\ntext\n", "docs/scaling.md")
    assert doc.title == "Scaling" and doc.sections[-1].heading_path == ("Scaling", "More instances")
    assert parse("## Plans\n\na\n\n## Prices\n\nb\n", "docs/billing.md").title == "Billing"
    assert parse("intro\n\n### Only\n\nb\n", "docs/x-y.md").title == "X y"          # text before it
    # an image and a tag above the H1 are no text above it (Koel: 13 citations titled "what is koel")
    assert parse("![Home](home.webp)\n\n<br>\n\n# What Is Koel?\n\ntext\n", "what-is-koel.md").title == "What Is Koel?"
    assert parse("<p>Note that</p>\n\n# Creating it\n\ntext\n", "a-b.md").title == "A b"       # words in tags
    assert parse("## Plans\n\na\n\n## Prices\n\nb\n", "docs/docker-setup/index.md").title == "Docker setup"
    # the front page of a folder that holds a whole site is its home (filebrowser's: "Docs", "Src" in 15 answers)
    assert parse("text\n", "index.md").title == "Home" and parse("text\n", "src/docs/README.md").title == "Home"
    assert parse("text\n", "docs/billing/README.md").title == "Billing"           # can fail: every README "Home"
    # Grav: the file is the template, the folder the place and slug (Kavita's Calibre page, cited "Default")
    assert parse("## Plugin\n\na\n\n## Sync\n\nb\n", "pages/07.calibre/default.en.md").title == "Calibre"  # can fail
    assert parse("## Plugin\n\na\n\n## Sync\n\nb\n", "docs/default.md").title == "Default"      # no Grav folder
    # a file name written as a title (note vaults, wikis) stays the title
    assert parse("## Before you start\n\ntext\n", "vault/Set up Sync.md").title == "Set up Sync"


def test_a_deeper_heading_worded_like_the_title_is_its_own_section():
    # Chatwoot's "Enterprise Edition" page compares the editions under `### Enterprise Edition`: the page's title
    # heading is the title once, a section of that name further down is a section of the path
    page = ("---\ntitle: Enterprise Edition\n---\n## Choosing the right edition\n\n### Community Edition\n\nFree.\n\n"
            "### Enterprise Edition\n\n- All features without a subscription\n")
    paths = [s.heading_path for s in parse(page, "docs/enterprise-edition.md").sections]
    assert paths[-1] == ("Enterprise Edition", "Choosing the right edition", "Enterprise Edition")
    # can fail the other way: the H1 that repeats the title still appears once
    assert parse("# Plans\n\n## Prices\n\nb\n", "p.md").sections[-1].heading_path == ("Plans", "Prices")


def test_headings_become_sections_with_paths_anchors_and_lines():
    doc = parse(GUIDE, "docs/billing.md")
    got = [(s.heading_path, s.anchor, s.start + 1) for s in doc.sections]
    assert got == [
        (("Billing guide",), "billing-guide", _line_of(GUIDE, "# Billing guide")),
        (("Billing guide", "Pay by card"), "pay-by-card", _line_of(GUIDE, "## Pay by card")),
        (("Billing guide", "Pay by card"), "pay-by-card-1", _line_of(GUIDE, "A second heading with the same text.") - 1),
        (("Billing guide", "Pay by card", "Sub: Details & more!"), "sub-details--more",
         _line_of(GUIDE, "### Sub: Details & more!")),
        (("Billing guide", "Invoices"), "invoices", _line_of(GUIDE, "## Invoices")),
    ]
    # sections tile the body: each ends where the next starts, the last at the end of the file
    assert [s.end for s in doc.sections[:-1]] == [s.start for s in doc.sections[1:]]
    assert doc.sections[-1].end == len(GUIDE.splitlines())


@pytest.mark.parametrize("heading, slug", [
    ("Pay by card", "pay-by-card"),
    ("What's new in v2.0?", "whats-new-in-v20"),
    ("Sub: Details & more!", "sub-details--more"),
    ("SSO-104 error", "sso-104-error"),
    ("Ünïcode Straße", "ünïcode-straße"),
])
def test_slugify_is_github_style(heading, slug):
    assert slugify(heading) == slug


def test_duplicate_anchors_are_suffixed_in_order():
    doc = parse("# T\n\n## Setup\na\n\n## Setup\nb\n\n## Setup\nc\n", "t.md")
    assert [s.anchor for s in doc.sections if s.heading_path[1:] == ("Setup",)] == ["setup", "setup-1", "setup-2"]


def test_chunk_line_ranges_match_the_file_and_blocks_survive(counter):
    def unpad(m):
        return "---" if "-" in m.group() else " "
    doc = parse(GUIDE, "docs/billing.md")
    chunks = chunk_document(doc, counter, max_tokens=254, min_tokens=1)
    file_lines = GUIDE.splitlines(keepends=True)
    for c in chunks:
        assert 1 <= c.start_line <= c.end_line <= len(file_lines)
        # the same lines, a table's padding aside (passages show none: test_chunking)
        assert c.text == re.sub(r"(?<=\|) {2,}| {2,}(?=\|)|(?<=\|)-{4,}", unpad, "".join(file_lines[c.start_line - 1:c.end_line]))
    card = next(c for c in chunks if c.anchor == "pay-by-card")
    for block in ("1. Open **Settings > Billing**.\n2. Click *Pay now*.\n   - a nested item stays with its list\n",
                  "| Plan | Price |\n|---|---|\n| Pro | $10 |\n| Team | $20 |\n",
                  "```bash\n# not a heading: this is inside a code block\nkb ingest --json\n```\n"):
        assert block in card.text
    assert not any("not a heading" in " ".join(c.heading_path) for c in chunks)


@pytest.mark.parametrize("bad, reason", [
    ("---\ntitle: [unclosed\n---\n# X\n\ntext\n", "malformed YAML front matter"),
    ("---\ntitle: a: b: c\n---\n# X\n\ntext\n", "malformed YAML front matter"),
    ("---\n- just\n- a list\n---\n# X\n\ntext\n", "must be a YAML mapping"),
])
def test_malformed_front_matter_raises_parse_error_with_reason(bad, reason):
    with pytest.raises(ParseError, match=reason):
        parse(bad, "bad.md")


def test_front_matter_with_a_tab_at_the_end_of_a_line_is_read():
    """Dokploy's docs: `title: Watch Paths<tab>` failed its page ("found character '\\t' that cannot start any
    token"); the site's reader passes it. Blanks at a line's end are nothing; control: YAML broken otherwise still
    fails with its own reason (above)."""
    doc = parse("---\ntitle: Watch Paths\t\ndescription: Redeploy only when these paths change. \t\n---\n\nText.\n",
                "watch-paths.mdx")
    assert doc.title == "Watch Paths"                                  # can fail: malformed YAML front matter


def test_front_matter_with_tab_indented_entries_is_read():
    """Mastodon's docs (Hugo): `aliases: [` over tab-indented entries failed 23 pages, their bodies with them, as
    "malformed YAML front matter"; Hugo's Go YAML reads them. A tab that starts a line is indentation."""
    doc = parse('---\ntitle: Filter\naliases: [\n\t"/entities/filter",\n\t"/api/entities/Filter",\n]\n---\n\n'
                "Represents a user-defined filter.\n", "entities/Filter.md")
    assert doc.title == "Filter" and doc.meta["aliases"] == ["/entities/filter", "/api/entities/Filter"]


def test_front_matter_with_a_local_tag_is_read_and_a_python_tag_is_refused():
    """Marlin's docs (Jekyll): `requires: !PIDTEMPBED` failed its page ("could not determine a constructor for
    the tag"). A local tag is a value to the site's reader; a Python object tag is still refused."""
    doc = parse("---\ntitle: Bed temperature\nrequires: !PIDTEMPBED\nsee: !also [M303, M304]\n---\n\nText.\n",
                "_setting/temp_bed.md")
    assert doc.title == "Bed temperature" and doc.meta["see"] == ["M303", "M304"]   # can fail: no constructor
    with pytest.raises(ParseError, match="malformed YAML front matter"):
        parse("---\ntitle: X\nrun: !!python/object/apply:os.system [ls]\n---\n\nText.\n", "x.md")


def test_binary_content_is_refused():
    with pytest.raises(ParseError, match="binary"):
        parse("# T\n\x00\x01\n", "bin.md")


TEMPLATED = textwrap.dedent("""\
    import Tabs from '@theme/Tabs';
    import TabItem from '@theme/TabItem';

    # Cancel a subscription

    <% if plan.enterprise? %>
    Enterprise customers talk to their account manager.
    <% end %>
    <%# a comment that
        spans two lines %>

    <h2 id="cancel">Cancel <em>now</em></h2>
    Open Settings and click Cancel.

    ## After cancelling
    Your data stays for 30 days.
    """)


def test_erb_html_headings_and_mdx_imports_keep_line_numbers(counter):
    doc = parse(TEMPLATED, "docs/cancel.mdx")
    assert len(doc.lines) == len(TEMPLATED.splitlines())
    sections = {s.anchor: s for s in doc.sections}
    assert sections["cancel"].heading_path == ("Cancel a subscription", "Cancel now")    # its id is its anchor
    assert sections["cancel"].start + 1 == _line_of(TEMPLATED, '<h2 id="cancel">Cancel <em>now</em></h2>')
    assert sections["after-cancelling"].start + 1 == _line_of(TEMPLATED, "## After cancelling")
    assert doc.title == "Cancel a subscription"

    chunks = chunk_document(doc, counter, max_tokens=254, min_tokens=1)
    text = "".join(c.text for c in chunks)
    assert "import" not in text and "<%" not in text and "%>" not in text and "<h2" not in text
    assert "Enterprise customers talk to their account manager." in text
    after = next(c for c in chunks if c.anchor == "after-cancelling")
    file_lines = TEMPLATED.splitlines(keepends=True)
    assert after.text == "".join(file_lines[after.start_line - 1:after.end_line])
    cancel = next(c for c in chunks if c.anchor == "cancel")
    assert cancel.start_line == _line_of(TEMPLATED, '<h2 id="cancel">Cancel <em>now</em></h2>')
    assert "Open Settings and click Cancel." in cancel.text


# A page in the style of the Bitwarden help center (Jekyll, kramdown), where a tester found answers showing
# {{site.baseurl}}, {{ x | markdownify }}, {:target="\_blank"}, &rarr; and a script hidden in {% comment %}.
JEKYLL = textwrap.dedent("""\
    ---
    layout: article
    title: Schedule a Sync
    categories: [directory-connector]
    ---

    Sync from the CLI as an alternative to the Desktop Application's **Interval** setting.

    {% capture cap_cron %}
    ### Cron Permissions

    You need your Organization's [API Key]({{site.baseurl}}/article/public-api/#authentication){:target="\\_blank"},
    from **Settings** &rarr; **My Organization**. See [Change it]({{ site.url }}{{ site.baseurl }}/article/master-password/)
    and [Okta]({% link _articles/directory-connector/okta-directory.md %}).
    {:.note}

    {% comment %}
    ```
    #!/bin/bash
    export BW_CLIENTSECRET=$(cat .p0 | base64 -d)
    ```
    {% endcomment %}
    {% endcapture %}
    {{ cap_cron | markdownify }}

    ## Logs

    Output goes to `bwdc.log`&nbsp;in the working directory (Users &amp; Groups, Settings &rarr; Sync).
    {: .callout}
    """)


def test_jekyll_page_reads_as_rendered_and_keeps_its_lines(counter):
    doc = parse(JEKYLL, "kb/service/schedule-directory-sync.md")
    text = "".join(doc.lines)
    assert len(doc.lines) == len(JEKYLL.splitlines())
    assert [(s.heading_path[-1], s.start + 1) for s in doc.sections] == [
        ("Schedule a Sync", 6), ("Cron Permissions", _line_of(JEKYLL, "### Cron Permissions")),
        ("Logs", _line_of(JEKYLL, "## Logs"))]
    for noise in ("{{", "}}", "{%", "{:", "&rarr;", "&nbsp;", "&amp;", "BW_CLIENTSECRET", "#!/bin/bash"):
        assert noise not in text, noise
    assert ("[API Key](/article/public-api/#authentication),\nfrom **Settings** → **My Organization**. "
            "See [Change it](/article/master-password/)\nand [Okta](/_articles/directory-connector/okta-directory.md)."
            ) in text
    assert "Output goes to `bwdc.log`\xa0in the working directory (Users & Groups, Settings → Sync)." in text
    chunks = chunk_document(doc, counter, max_tokens=254, min_tokens=1)
    assert "**Settings** → **My Organization**" in next(c.text for c in chunks if c.anchor == "cron-permissions")


TEMPLATE_DOCS = textwrap.dedent("""\
    ---
    title: Writing templates
    ---
    # Writing templates

    Put `{{ site.baseurl }}`, `{% include note.html %}`, `{:target="_blank"}` or `&rarr;` in a page.

    ```liquid
    {% comment %} a note for editors {% endcomment %}
    [Home]({{ site.baseurl }}/){: .button} &rarr; {% raw %}{{ x }}{% endraw %}
    ```

    {% raw %}In a layout, {{ page.title }} prints the title.{% endraw %}

    A set {a, b}, the JSON {"plan": {"seats": 5}}, Rust's {:?}, a tag &lt;div&gt; and &amp;rarr; stay.
    """)


def test_template_syntax_in_code_and_raw_stays_as_written():
    """Can-fail controls: code shows the syntax itself, {% raw %} shows its contents, and braces in prose are
    not templates."""
    lines = parse(TEMPLATE_DOCS, "docs/templates.md").lines
    assert len(lines) == len(TEMPLATE_DOCS.splitlines())
    src = TEMPLATE_DOCS.splitlines(keepends=True)
    assert lines[5] == src[5]                                          # inline code
    assert lines[7:11] == src[7:11]                                    # the fenced block, comment and all
    assert lines[12] == "In a layout, {{ page.title }} prints the title.\n"
    assert lines[14] == src[14]                                        # braces and entities that are text


def test_a_jekyll_url_filter_on_a_path_is_the_links_target():
    # the LineageOS wiki: `[here]({{ "devices/" | relative_url }})` was "[here]()" in 357 chunks, 8 answers
    page = ("# Google Apps\n\nFind your device [here]({{ \"devices/\" | relative_url }}) and see "
            "[the FAQ]({{ '/faq.html' | absolute_url }}).\n\nThe [page]({{ page.url | relative_url }}) too.\n")
    text = _rendered(page, "pages/gapps.md")
    assert "[here](/devices/)" in text and "[the FAQ](/faq.html)" in text
    assert "relative_url" not in text and "[page]()" in text        # can fail: a variable's value is unknown


def test_fill_in_slots_stay_where_the_page_does_not_use_liquid():
    """{{name}} is a slot to fill in on a page without Liquid tags (knowledge/support/templates); on a
    Liquid page Jekyll renders it, so it goes."""
    slots = "---\ntitle: Incident report\n---\n**Incident lead:** {{name}} · **Start:** {{start}} &rarr; now\n"
    assert parse(slots, "t.md").lines[3] == "**Incident lead:** {{name}} · **Start:** {{start}} → now\n"
    jekyll = slots + "{% include footer.html %}\n"
    assert parse(jekyll, "t.md").lines[3] == "**Incident lead:**  · **Start:**  → now\n"


MKDOCS = textwrap.dedent("""\
    # Configuration

    Settings live in `pihole.toml`.

    !!! warning "Port 53 in use"
        Another DNS server holds the port.
        Stop it first:

        ```bash
        # free the port
        sudo systemctl stop systemd-resolved
        ```

    ## dns.port

    === "TOML"
        ```toml
        port = 53
        ```

    === "Environment (Docker Compose)"
        Set `FTLCONF_dns_port`.

        ??? note
            Nested, collapsed by default.

    Setext title
    ============

    ```markdown
    !!! note "shown as written"
        in a fence
    ```
    """)


def test_mkdocs_admonitions_and_tabs_read_as_titled_text_and_keep_their_lines(counter):
    """Pi-hole's docs (MkDocs Material): a box's or tab's body, indented by four spaces, was read as an
    indented code block and the marker line shown raw (`!!! warning "..."`, `=== "TOML"`) in answers."""
    doc = parse(MKDOCS, "docs/service/configuration.md")
    text = "".join(doc.lines)
    assert len(doc.lines) == len(MKDOCS.splitlines())
    assert "**Port 53 in use**  \nAnother DNS server holds the port.\nStop it first:\n\n```bash\n# free the port\n" in text
    assert '**TOML**  \n```toml\nport = 53\n```' in text and "**Note**  \nNested, collapsed by default." in text
    assert "!!!" not in text.split("```markdown")[0] and "===\"" not in text and '=== "' not in text
    assert 'Setext title\n============' in text                       # can fail: "===" alone is a heading rule
    assert '```markdown\n!!! note "shown as written"\n    in a fence\n```' in text      # and code stays code
    assert [s.heading_path[-1] for s in doc.sections] == ["Configuration", "dns.port", "Setext title"]
    chunks = chunk_document(doc, counter, max_tokens=254, min_tokens=1)
    assert any(c.text.startswith("## dns.port\n\n**TOML**") for c in chunks)


def test_a_heading_inside_a_mkdocs_box_is_the_boxs_not_a_section():
    """PhotoPrism's FAQ: `#### XMP`, indented in one question's box, headed the 8 questions after the box ("Media
    Library > XMP"); its attribute list is no words (Linuxserver's FAQ: "{ #lscr }" in 9 chunks). Controls: a heading
    inside a tab, or after the box, is a section; the lines keep their numbers."""
    page = ('# FAQ\n\n## Media\n\n??? question "Which sidecars?"\n    Three kinds.\n\n    #### XMP { #xmp } ####\n    Adobe\'s.\n\n'
            '??? question "Why is my video not indexed?"\n    Its codec.\n\n=== "Docker"\n    ### Compose\n    Up.\n\n'
            '## Later\n\nText.\n')
    doc = parse(page, "docs/service/faq.md")
    assert [s.heading_path[1:] for s in doc.sections][1:] == [("Media",), ("Media", "Compose"), ("Later",)]
    text = "".join(doc.lines)
    assert "**XMP**  \nAdobe's.\n\n**Why is my video not indexed?**  \nIts codec." in text
    assert len(doc.lines) == page.count("\n")
    # a box's first line, a heading repeating its title, says it once (Linuxserver's FAQ: 9 boxes said it twice)
    boxed = '# FAQ\n\n??? faq "What is lscr.io"\n\n    ##### What is lscr.io { #lscr }\n\n    A registry.\n'
    assert "".join(parse(boxed, "docs/service/faq.md").lines).count("What is lscr.io") == 1


def test_a_mkdocs_box_indented_by_tabs_is_a_box_and_its_code_closes():
    """Tube Archivist's docs indent 16 of 93 boxes' bodies with tabs: their lists showed as run-on text, and a
    `??? bug` box's tab-indented closing fence left code open over the next two sections, whose headings were lost.
    Control: a tab in code outside any box (a Makefile's recipe) stays a tab."""
    page = ('# Advanced\n\n## Reactivate\n\n??? bug "Videos"\n    ```bash\n\tcurl -X POST x\n\t```\n\n'
            '## Corrupted ES index reset\n\nStop all containers.\n\n!!! danger "Compatibility"\n\t- As Synology does\n'
            '\t- Second\n\n```make\nall:\n\techo hi\n```\n')
    doc = parse(page, "docs/advanced.md")
    assert [s.heading_path[-1] for s in doc.sections] == ["Advanced", "Reactivate", "Corrupted ES index reset"]
    text = "".join(doc.lines)
    assert "**Compatibility**  \n- As Synology does\n- Second\n" in text and "```bash\ncurl -X POST x\n```\n" in text
    assert "all:\n\techo hi\n" in text                             # can fail: every leading tab expanded
    assert len(doc.lines) == page.count("\n")                        # the file's lines stay


def test_a_headings_attribute_list_gives_its_anchor_not_its_title():
    """Pi-hole's docs: "Allow only local requests {#local}" was the section's title and
    "allow-only-local-requests-local" its anchor, where the site links it as #local."""
    doc = parse("# Page\n\n## Allow only local requests {#local}\nA.\n\n## Blocked CNAME { data-toc-label='CNAME' }\n"
                "B.\n\n## Via cloudflared[^guide]\nC.\n\n## A set {a, b}\nD.\n\n## Transcoding {#ffmpeg.transcode}\nE.\n"
                "\n## Styled {#tip .wide}\nF.\n\n## Tokens {: id=\"api-tokens\"}\nG.\n", "docs/service/page.md")
    assert [(s.heading_path[-1], s.anchor) for s in doc.sections[1:]] == [
        ("Allow only local requests", "local"), ("Blocked CNAME", "blocked-cname"), ("Via cloudflared", "via-cloudflared"),
        ("A set {a, b}", "a-set-a-b"),                               # can fail: braces that are no attribute list
        ("Transcoding", "ffmpeg.transcode"), ("Styled", "tip"),      # Immich: an id runs to the next space
        ("Tokens", "api-tokens")]                  # attr_list's id="x" (Codacy's docs: 137 headings in 34 pages)
    # the id is the anchor, not words a passage shows (the TTS handbook: `{#id}` in 8 chunks' text)
    assert "## Allow only local requests\n" in doc.lines and "## Tokens\n" in doc.lines
    assert "## A set {a, b}\n" in doc.lines                      # can fail: braces that are no attribute list


def test_a_gitbook_headings_id_element_gives_its_anchor_not_its_title():
    """GitBook's help center: `## In the GitBook app <a href="#editing" id="editing"></a>` was shown with the
    element in its title and anchored as the site does not; a zero-width space opened other titles. Control: a
    link in a heading is title text."""
    doc = parse('# Page\n\n## In the GitBook app <a href="#editing" id="editing"></a>\nA.\n\n## \u200bPrerequisites'
                '\nB.\n\n## See [the guide](g.md)\nC.\n', "docs/service/page.md")
    assert [(s.heading_path[-1], s.anchor) for s in doc.sections[1:]] == [
        ("In the GitBook app", "editing"), ("Prerequisites", "prerequisites"), ("See the guide", "see-the-guide")]


def test_mkdocs_includes_and_abbreviations_are_not_text():
    """Pi-hole's docs: `{!abbreviations.md!}` stayed in two API pages and the abbreviations page was indexed as
    a page of `*[DNS]: ...` lines, which the rendered site shows only as tooltips."""
    page = ('# API\n\nUse the API.\n\n{!abbreviations.md!}\n--8<-- "includes/x.md"\n*[API]: Application Programming'
            ' Interface\n* [Link](x.md)\n\n```\n*[API]: shown as written in code\n```\n')
    text = "".join(parse(page, "docs/service/api.md").lines)
    assert "{!" not in text and "--8<--" not in text and "Application Programming" not in text
    assert "* [Link](x.md)" in text and "*[API]: shown as written in code" in text   # can fail: a list, code
    assert text.count("\n") == page.count("\n")


def _rendered(page: str, path: str) -> str:
    """The page's lines as ingest reads them; their number never changes, so citations keep the file's lines."""
    text = "".join(parse(page, path).lines)
    assert text.count("\n") == page.count("\n")
    return text


def test_erb_shows_the_pages_own_title_and_its_warnings():
    """GOV.UK's tech-docs template (MoJ's Cloud Platform guide): `# <%= current_page.data.title %>` in 96 of 124
    pages was an empty H1 (890 of 1,179 chunks had an empty level in their heading path), and `warning_text`
    boxes were blanked (GOV.UK PaaS: 11). Controls: other Ruby goes; an unknown key leaves an empty heading."""
    page = ("---\ntitle: Cloud Platform CLI\nreview_in: 6 months\n---\n# <%= current_page.data.title %>\n\nIntro.\n\n"
            "## Install\n\n<%= warning_text('You\\'re on v6:\n run `cf v3-ssh`') %>\n\nPort <%= ENV[\"PORT\"] %>.\n"
            "\n## <%= current_page.data[:review_in] %> and <%= current_page.data.nothing %>\n\nText.\n")
    doc = parse(page, "docs/service/cli.html.md.erb")
    assert [(s.heading_path, s.anchor) for s in doc.sections] == [
        (("Cloud Platform CLI",), "cloud-platform-cli"), (("Cloud Platform CLI", "Install"), "install"),
        (("Cloud Platform CLI", "6 months and"), "6-months-and")]
    text = _rendered(page, "docs/service/cli.html.md.erb")
    assert "**Warning:** You're on v6: run `cf v3-ssh`\n\n" in text and "Port .\n" in text and "ENV" not in text


def test_erb_link_to_is_a_link():
    """GOV.UK Notify's docs list their clients as `<li><%= link_to 'Java', 'java.html' %></li>`: blanked, the list
    was empty. A link_to is its link; with an address in Ruby, its text. Control: other Ruby still goes."""
    from ingest.erb import render
    shown = render("<li><%= link_to 'Java', 'java.html' %></li>\n<li><%= link_to(\"Node.js\", \"node.html\", "
                   "class: \"x\") %></li>\n<%= link_to 'Home', root_path %> <%= ENV[\"PORT\"] %>\n")
    assert shown == "<li>[Java](java.html)</li>\n<li>[Node.js](node.html)</li>\nHome \n"


def test_erb_in_fenced_code_stays_as_written():
    # Chatwoot's Vue sample: `<%= htmlWebpackPlugin.options.title %>` in a fence had read "We're sorry but  doesn't
    # work". Control: the same tag in prose is blanked as before.
    page = "# Vue\n\n```html\n<strong>We're sorry but <%= htmlWebpackPlugin.options.title %> doesn't work</strong>\n```\n\n" \
           "Port <%= ENV[\"PORT\"] %>.\n"
    text = _rendered(page, "docs/vue.md")
    assert "sorry but <%= htmlWebpackPlugin.options.title %> doesn't" in text and "Port .\n" in text


def test_hugo_shortcodes_keep_the_text_the_page_shows():
    """Mastodon's docs (Hugo): blanked whole, shortcodes took the hosting providers' names, the "Removed" badge
    of a setting and every relref target with them. Controls: a closing tag and a shortcode alone on its line
    with nothing to show go; a shortcode in code stays as written; the lines keep their numbers."""
    page = ('# Hosting\n\nSome providers are:\n\n{{< caption-link url="https://masto.host" caption="Masto.host" >}}\n'
            '{{< hint style="warning" >}}\nBack up first.\n{{< /hint >}}\n{{< toc >}}\n\n'
            '#### `FETCH_REPLIES_ENABLED` {{%removed%}}\n\nSee [the settings]({{< relref "admin/config#web" >}}) '
            'and {{< page-ref page="user/signup" >}}.\n\n```\n{{< hint style="info" >}}\n```\n')
    doc = parse(page, "docs/service/hosting.md")
    text = "".join(doc.lines)
    assert "[Masto.host](https://masto.host)" in text and "**Warning**\nBack up first.\n\n" in text
    assert "`FETCH_REPLIES_ENABLED` (removed)" in text and "[the settings](admin/config#web)" in text
    assert "[user/signup](/user/signup)" in text and "toc" not in text and "{{< /hint" not in text
    assert '```\n{{< hint style="info" >}}\n```' in text and text.count("\n") == page.count("\n")
    assert [s.heading_path[-1] for s in doc.sections][-1] == "FETCH_REPLIES_ENABLED (removed)"


def test_a_docsy_code_tab_is_a_titled_code_block():
    """Navidrome's docs (Docsy): a tabpane with `lang="toml"` shows each tab as code; read as Markdown, a TOML comment
    "# https://www.navidrome.org/..." became the heading of 69 of the page's 78 chunks. A label written bold was made
    bold twice ("****Example**:**"), and `text=true` (tabs shown as Markdown) left a line "true". Controls: a tab
    naming no language and a text=true pane stay Markdown; the lines keep their numbers."""
    page = ('# Options\n\n{{< tabpane lang="toml">}}\n{{< tab header="**Example**:" disabled=true />}}\n'
            '{{< tab header="Windows" >}}\n# An example\nLogLevel = \'DEBUG\'\n{{< /tab >}}\n'
            '{{< tab header="macOS" lang="sh" >}}\n# macOS\n{{< /tab >}}\n{{< /tabpane >}}\n\n'
            '{{< tabpane >}}\n{{< tab header="Linux" >}}\nNo signing needed.\n{{< /tab >}}\n{{< /tabpane >}}\n\n'
            '{{< tabpane text=true >}}\n{{% tab header="Docker" lang="sh" %}}\nRun it.\n{{% /tab %}}\n{{< /tabpane >}}\n')
    doc = parse(page, "docs/service/options.md")
    text = "".join(doc.lines)
    assert len(doc.lines) == page.count("\n") and [s.heading_path for s in doc.sections] == [("Options",)]
    assert "**Example:**\n```toml title=\"Windows\"\n# An example\nLogLevel = 'DEBUG'\n```\n" in text
    assert '```sh title="macOS"\n# macOS\n```\n' in text
    assert "**Linux**\nNo signing needed.\n" in text and "**Docker**\nRun it.\n" in text and "true" not in text


def test_a_docsy_tab_keeps_its_header_and_a_one_line_wrapper_shows_only_its_text():
    """Codemagic's docs (Hugo, Docsy): 221 of 248 tab titles (`{{< tab header="macOS M2" >}}`) had gone, so three
    plans' terms ran together; a one-line `{{<notebox>}}...{{</notebox>}}` read "(notebox)" in 20 chunks.
    Control: a badge inside a line of text still shows its name."""
    from ingest.markdown import clean_source
    text = ('{{< tabpane >}}\n{{< tab header="macOS M2" >}}\nM2 terms.\n{{< /tab >}}\n{{< /tabpane >}}\n\n'
            '{{<notebox>}}**Note:** Teams is a paid feature.{{</notebox>}}\n\n`X_ENABLED` {{%removed%}}\n\n'
            '{{<notebox>}}**Warning:** Tokens are\ndeprecated.{{</notebox>}}\n')
    got = clean_source(text)
    assert "**macOS M2**\nM2 terms." in got and "notebox" not in got
    assert "\n**Note:** Teams is a paid feature.\n" in got and "`X_ENABLED` (removed)" in got
    # a box whose first line is a heading saying its title: the heading is the title (Codemagic: 133 such boxes
    # left a loose "Solution" line ending the section before). Control: another heading keeps the box's title.
    text = ('###### Cause\nNo key.\n\n{{<collapsible title="Solution" id="x" >}}\n###### Solution\nAdd it.\n'
            '{{< /collapsible >}}\n\n{{<collapsible title="More" >}}\n###### Other\nText.\n{{< /collapsible >}}\n')
    got = clean_source(text)
    assert got.count("Solution") == 1 and "\nMore\n###### Other" in got


def test_hugo_settings_tabs_and_callouts_show_what_the_page_shows():
    """Authelia's docs (Hugo, Doks): `{{< confkey type="duration" default="5 minutes" required="no" >}}` read
    "**Duration**" (144 of 204 defaults in no chunk), `{{< envTab "Docker" >}}` lost its title (40 tabs), a callout's
    title ran into its text as a plain line, `context="danger"` gave none, and a figure's `style="padding-right:
    10px"` read "**Padding right: 10px**". Control: a GitBook hint's style is still its title."""
    from ingest.markdown import clean_source
    text = ('{{< confkey type="duration" default="5 minutes" required="no" >}}\n\n{{< envTab "Docker" >}}\nRun it.\n'
            '{{< /envTab >}}\n\n{{< callout context="caution" title="Important Note" icon="x" >}}\nBack up.\n'
            '{{< /callout >}}\n\n{{< callout context="danger" >}}\nCareful.\n{{< /callout >}}\n\n'
            '{{< figure src="a.png" style="padding-right: 10px" >}}\n\n{{< hint style="warning" >}}\nStop.\n{{< /hint >}}\n')
    got = clean_source(text)
    assert "Type: duration, default: 5 minutes, required: no\n" in got and "**Docker**\nRun it." in got
    assert "**Important Note**\nBack up." in got and "**Danger**\nCareful." in got
    assert "adding" not in got and "**Warning**\nStop." in got            # can fail: a style read as a title


def test_a_details_component_with_a_header_keeps_its_question():
    """Cloudflare's Starlight docs write an FAQ item as `<Details header="...">`: read as the HTML wrapper, its
    question went and the answer stood alone. Control: a bare `<details>` wrapper still goes."""
    from ingest.markdown import clean_source
    text = '<Details header="How do I reset MFA?">\n\nOpen **Users**.\n\n</Details>\n\n<details>\nA2\n</details>\n'
    got = clean_source(text)
    assert got.startswith("**How do I reset MFA?**  \n\nOpen **Users**.\n") and "details" not in got.lower()
    assert got.count("\n") == text.count("\n")


def test_a_box_right_under_a_paragraph_line_starts_on_its_own_line():
    """Saleor's docs: `:::info` right under a paragraph's line opens a box on the site; its title read as the
    paragraph's last words ("get started for free. **Info**", 9 chunks). Controls: a box after a blank line and one
    under a heading are as before; the lines keep their numbers."""
    page = "# Start\n\nGet started for free.\n:::info\nSandboxes are free.\n:::\n\n:::tip\nAsk us.\n:::\n"
    text = _rendered(page, "docs/service/start.mdx")
    assert "Get started for free.  \n**Info**  \nSandboxes are free.\n" in text
    assert "\n\n**Tip**  \nAsk us.\n" in text and text.count("\n") == page.count("\n")


def test_an_mdx_code_block_is_mdx_not_code():
    """Docusaurus renders what a ```mdx-code-block fence holds: Invoice Ninja's 66 API tag pages showed
    `import DocCardList ...` as their code. Controls: another fence stays code; the lines keep their numbers."""
    page = ("# Tokens\n\nEndpoints for tokens.\n\n```mdx-code-block\nimport DocCardList from '@theme/DocCardList';\n\n"
            "<DocCardList items={items}/>\n```\n\n```mdx\nimport X from 'y';\n```\n")
    text = _rendered(page, "docs/service/tokens.tag.mdx")
    assert "DocCardList" not in text and "mdx-code-block" not in text and "```mdx\nimport X from 'y';\n```" in text
    assert text.count("\n") == page.count("\n")


def test_docusaurus_highlight_comments_are_not_code():
    """Saleor's docs: `// highlight-start` and the like, which Docusaurus never shows, were quoted in answers'
    code (20 chunks in 7 files). Controls: prose naming one stays, and so does a comment that says more."""
    page = ("# Code\n\n```ts\nconst a = 1;\n// highlight-next-line\nconst b = 2;\n  # highlight-start\nx\n"
            "<!-- highlight-end -->\n// highlight-start of the loop\n```\n\nWrite // highlight-next-line over it.\n")
    text = _rendered(page, "docs/service/code.mdx")
    assert "```ts\nconst a = 1;\n\nconst b = 2;\n\nx\n\n// highlight-start of the loop\n```" in text
    assert "Write // highlight-next-line over it." in text and text.count("\n") == page.count("\n")


def test_a_sites_own_magic_comments_go_and_a_line_marked_removed_goes_with_its_comment():
    """Flarum's upgrade guide (its docusaurus.config.js names them): `// remove-next-line` over the old driver line and
    `// insert-next-line` over the new showed both lines in 6 chunks, as if both belonged in config.php. Controls:
    a comment that is a plain word (`# front-end`) stays; lines keep their numbers."""
    page = ("# Upgrade\n\n```php\n// remove-next-line\n'driver' => 'mysql',\n// insert-next-line\n'driver' => 'mariadb',\n"
            "# front-end\n// insert-start\n'port' => 3306,\n// insert-end\n```\n")
    text = _rendered(page, "docs/service/update.md")
    assert "```php\n\n\n\n'driver' => 'mariadb',\n# front-end\n\n'port' => 3306,\n\n```" in text   # can fail: mysql
    assert text.count("\n") == page.count("\n")


def test_docusaurus_boxes_tabs_and_details_read_as_titled_text():
    """Jellyfin's docs (Docusaurus): `:::note` markers were shown in 12 of 72 answers, a tab's body indented
    inside <TabItem> was an indented code block holding the fence, and <details>/<summary> were shown raw.
    Controls: the same syntax inside fenced code stays as written; the lines keep their numbers."""
    page = ("# Logs\n\n:::caution[Slow]\nDebug logs are large.\n:::\n\n:::note\nCreate `logging.json`.\n:::\n\n"
            "<Tabs>\n  <TabItem value='music' label='Music'>\n    ```txt\n    Artist/cover.jpg\n    ```\n"
            "  </TabItem>\n</Tabs>\n\n<details>\n<summary>See details</summary>\nPort 8096 is HTTP.\n</details>\n\n"
            "<VideoHeader />\n\n```md\n:::tip\n<TabItem label='x'>\n```\n")
    text = _rendered(page, "docs/service/logs.mdx")
    assert "**Slow**  \nDebug logs are large.\n\n" in text and "**Note**  \nCreate `logging.json`.\n" in text
    assert "**Music**  \n```txt\nArtist/cover.jpg\n```\n" in text and "**See details**  \nPort 8096" in text
    assert "<Tabs>" not in text and "<details>" not in text and "VideoHeader" not in text
    assert "```md\n:::tip\n<TabItem label='x'>\n```" in text


def test_a_summary_followed_by_a_line_break_is_a_boxs_title():
    """The Vaultwarden wiki ends every `<summary>` line with `<br/>`: all 16 boxes stayed raw HTML, and none of
    its 38 proxy examples said which proxy it was for."""
    page = "# Proxy examples\n\n<details>\n<summary>Caddy 2.x</summary><br/>\n\nUse this Caddyfile.\n</details>\n"
    assert "**Caddy 2.x**  \n\nUse this Caddyfile.\n" in _rendered(page, "docs/service/proxy.md")


def test_mintlify_components_read_as_titled_text():
    """Formbricks' docs (Mintlify): <Step>, <Accordion> and <Tab> titles were never searched (290 of them),
    383 of 1,583 chunks showed the tags, and a fence right after <Tab title="Docker"> sat in an HTML block, so its
    bash comments became headings; the site numbers the steps of a <Steps> list, so the text does. Controls: a
    component in code stays as written; the lines keep their numbers."""
    page = ('# Upgrade\n\n<Steps>\n  <Step title="Back up">\n    Run the backup.\n  </Step>\n'
            '  <Step title="Publish" icon="x" />\n</Steps>\n\n<Note>\n  It takes a minute.\n</Note>\n\n'
            '<Warning>Do not skip versions.</Warning>\n\n<Tabs>\n<Tab title="Docker">\n```bash\n# Stop it\n'
            'docker compose down\n```\n</Tab>\n</Tabs>\n\n```mdx\n<Note>\n```\n')
    doc = parse(page, "docs/service/upgrade.mdx")
    text = "".join(doc.lines)
    assert "**1. Back up**  \nRun the backup.\n" in text and "**2. Publish**  \n" in text     # numbered, as shown
    assert "**Note**  \nIt takes a minute.\n" in text and "**Warning** Do not skip versions.\n" in text
    assert "**Docker**  \n```bash\n# Stop it\n" in text and "<Steps>" not in text and "</Tab>" not in text
    assert "```mdx\n<Note>\n```" in text and text.count("\n") == page.count("\n")
    assert [s.heading_path for s in doc.sections] == [("Upgrade",)]       # "# Stop it" is code


def test_a_component_whose_text_opens_on_its_tag_line_and_closes_later_reads_as_titled_text():
    """Fumadocs' callouts start their text on the opening line and close it at the end of a later one (NocoDB's docs:
    13 shown raw in 14 chunks, `<callout type="info">` in an answer); two may share a line; `type="warn"` read
    "**Warn**". Controls: the line count stays, and a component closed by a line of its own is unchanged."""
    from ingest.markdown import clean_source
    text = ('<Callout type="info">For users on **Business plan**, it is under **Settings**.\n'
            '    Refer [here](/docs/x#b) for more.</Callout>\n\n<Callout type="warning">**Irreversible.**</Callout> '
            '<Callout type="info">Only the **owner** can delete it.</Callout>\n\n<Callout type="warn">Careful.</Callout>\n\n'
            '<Note>\nA body.\n</Note>\n\n<Callout>\n**Suggestion:** use a VPS.\n</Callout>\n')
    got = clean_source(text)
    assert got.endswith("\n\n\n**Suggestion:** use a VPS.\n\n") and "Callout" not in got    # untyped: an icon (Dokploy)
    assert got.startswith("**Info** For users on **Business plan**, it is under **Settings**.\n    Refer [here](/docs/x#b) "
                          "for more.\n\n**Warning** **Irreversible.** Only the **owner** can delete it.\n\n"
                          "**Warning** Careful.\n")
    assert "<" not in got and got.count("\n") == text.count("\n") and "**Note**  \nA body.\n" in got


def test_a_list_after_a_component_keeps_its_nesting():
    """Dodo Payments' docs (Mintlify): a component's indented body is dedented, and the dedent stayed on after its
    closing tag, so every nested list after it was flattened (187 lines in 20 pages: the fee amounts under "Dodo
    Fees" read as sibling bullets). A closing tag ends it; inside an outer component, at the outer body's level."""
    page = ("# Fees\n\n<Note>\n  Fees change.\n</Note>\n\n* Dodo Fees\n  * 4% + 40c\n\n"
            "<Accordion title=\"Refunds\">\n  Text.\n  <Note>\n    Inner.\n  </Note>\n  * Window\n    * 30 days\n"
            "</Accordion>\n")
    text = "".join(parse(page, "docs/service/fees.mdx").lines)
    assert "* Dodo Fees\n  * 4% + 40c\n" in text
    assert "Inner.\n" in text and "\n* Window\n  * 30 days\n" in text       # can fail: nothing dedented at all


def test_an_api_field_shows_its_name_type_and_badges():
    """Mintlify's <ParamField query="paymentCurrency" type="string" required>: Dodo Payments' docs lost 262 of 337
    parameter names, so "what does paymentCurrency do" matched nothing by name. The site shows the name, its type
    and a required badge over the text. Controls: `required={false}` is no badge; a component without a name
    attribute keeps its own title."""
    page = ('# Checkout\n\n<ParamField query="paymentCurrency" type="string" required>\n  The currency.\n'
            '</ParamField>\n\n<ResponseField name="status" type="string" required={false} />\n\n'
            '<Accordion title="Why a field?">\n  Because.\n</Accordion>\n')
    text = "".join(parse(page, "docs/service/checkout.mdx").lines)
    assert "**`paymentCurrency` string, required**\nThe currency.\n" in text     # run into its text: fields pack
    assert "**`status` string**" in text and "**Why a field?**" in text and text.count("\n") == page.count("\n")


def test_pymdownx_blocks_read_as_titled_text():
    """RetroPie's docs (MkDocs Material, pymdownx.blocks): `/// info | Raspberry PI - DRM-enabled services` stayed raw
    in 17 chunks of 13 pages and an answer ended with `///`. A block is its title (or its kind, or an admonition's
    `type:`) over its body; option lines and closing lines go. Controls: code stays; the lines keep their numbers."""
    page = ("# Kodi\n\n/// info | Raspberry PI - DRM-enabled services\nNetflix needs Widevine.\n///\n\n"
            "/// admonition\n    type: warning\n\nBack up first.\n///\n\n/// html | div\nInside.\n///\n\n"
            "/// api-parameters\n`id`: the job.\n///\n\n/// api-spec | Response\n`ok`\n///\n\n"
            "```\n/// note | in code\n```\n")
    text = "".join(parse(page, "docs/service/kodi.md").lines)
    assert "Api-parameters" not in text and "\n`id`: the job.\n" in text                # can fail: its name shown
    assert "**Response**  \n`ok`" in text
    assert "**Raspberry PI - DRM-enabled services**  \nNetflix needs Widevine.\n\n" in text
    assert "**Warning**  \n\n\nBack up first.\n" in text and "type:" not in text and "**Html" not in text
    assert "```\n/// note | in code\n```" in text and text.count("\n") == page.count("\n")
    assert "\n///\n" not in text.split("```")[0]


def test_a_longer_dash_line_opening_a_page_is_a_rule_not_front_matter():
    """RetroPie's RetroAchievements page opens with a 23-dash rule over its logo: taken for front matter, the page
    failed as malformed YAML. Only `---` opens front matter (Jekyll, Hugo, MkDocs). Control: `---` still does."""
    doc = parse("-----------------------\n![RA](https://x.org/logo.png)\n-----------------------\nAchievements "
                "for old games.\n\n## Setup\n\nLog in.\n", "docs/service/RetroAchievements.md")
    assert "Achievements for old games." in "".join(doc.lines) and doc.meta == {}
    assert parse("---\ntitle: T\n---\n\nText.\n", "a.md").meta == {"title": "T"}


def test_a_component_with_an_arrow_function_or_a_children_label_shows_its_text():
    """NetBird's docs: `onClick={() => window.open("...")}` ended the tag at its "=>" (21 chunks showed
    `window.open(...)}>Use NetBird`), and `<Button children="Try NetBird Cloud" />` read "Button" (9 of 10). A quoted
    value may hold ">" too (Dokploy's `<ImageZoom alt="... under Settings > Deployments" />`, raw in an answer)."""
    page = ('# Cloud\n\n<Button className="b" onClick={() => window.open("https://x.io/p")}>Use NetBird</Button>\n\n'
            '<Button href="https://app.x.io/install" children="Try NetBird Cloud" />\n\n'
            '<ImageZoom src="/c.png" alt="Concurrency under Settings > Deployments" width={1600} className="r"/>\n')
    text = "".join(parse(page, "docs/service/cloud.mdx").lines)
    assert "Use NetBird" in text and "window.open" not in text and "ImageZoom" not in text
    assert "[Try NetBird Cloud](https://app.x.io/install)" in text


def test_a_vitepress_raw_container_shows_what_it_holds_and_no_title():
    """Nginx Proxy Manager's docs: `::: raw` round a screenshot gallery read "**Raw**" in 4 chunks and an answer, as
    if it were a box. It shows its contents, as `::: v-pre` does; control: `::: warning` is a box."""
    from ingest.markdown import clean_source
    got = clean_source("::: raw\nThe dark mode.\n:::\n\n::: v-pre\n`{{ x }}` stays.\n:::\n\n::: warning\nBack up.\n:::\n")
    assert "Raw" not in got and "V pre" not in got and "The dark mode." in got             # can fail: a title
    assert "**Warning**" in got


def test_vue_components_in_kebab_case_read_like_their_capitalised_kind():
    """VuePress 1 writes `<code-group>` / `<code-block title="PHP">` (GC Notify's client examples): read as an HTML
    block, each tag swallowed the fence opener under it, so 6 blocks' fences paired up wrongly and the tags showed.
    Controls: a plain HTML element stays as written, and so does a kebab-case tag in code."""
    page = ('# Clients\n\n<code-group>\n<code-block title="PHP">\n```php\nrequire "autoload.php";\n```\n'
            '</code-block>\n</code-group>\n\n<span class="x">\nKept.\n</span>\n\n```html\n<code-group>\n```\n')
    doc = parse(page, "docs/service/clients.md")
    text = "".join(doc.lines)
    assert "**PHP**  \n```php\nrequire \"autoload.php\";\n```\n" in text and "</code-block>" not in text
    assert '<span class="x">' in text and "```html\n<code-group>\n```" in text
    assert text.count("\n") == page.count("\n")


def test_a_faq_items_question_attribute_is_its_title():
    """Frigate's docs: 82 of 87 `<FaqItem question="...">` lost their question, so answers showed an answer with no
    question over it and an error quoted word for word found nothing. Control: a widget's `id` is no title."""
    text = _rendered('# FAQ\n\n<FaqItem id="black" question="My live view is black. Why?">\nCheck the stream.\n'
                     '</FaqItem>\n', "docs/service/live.mdx")
    assert "**My live view is black. Why?**  \nCheck the stream.\n" in text and "black\"" not in text


def test_cards_written_over_several_lines_keep_their_title_link_and_description():
    """Val Town's docs (Starlight): 91 opening tags written one attribute a line; 47 were lost with their titles
    and descriptions ("What kinds of triggers can a val have?" got "There are 3 types of triggers: [1]" and no
    types), 44 shown raw; an embed's address went too. Controls: a one-line card, a widget's label, a tag in code."""
    page = ('# Vals\n\n<CardGrid>\n  <LinkCard\n    title="HTTP"\n    description="Triggered by https requests"\n'
            '    href="/vals/http"\n  />\n</CardGrid>\n\n<Val\n  url="https://val.example/embed/hono"\n  height="240px"\n/>\n\n'
            '<Card title="Cron" href="/vals/cron" />\n\n<PlanFeatureNote label="Business" />\n\n```mdx\n<LinkCard\n  title="x"\n/>\n```\n'
            '<Aside type="danger">\nDeleting a val is final.\n</Aside>\n')
    text = _rendered(page, "docs/service/vals.mdx")
    assert "**[HTTP](/vals/http)** Triggered by https requests\n" in text and "LinkCard" not in text.split("```")[0]
    assert "[Val](https://val.example/embed/hono)" in text and "**[Cron](/vals/cron)**" in text
    assert "Business" not in text and '```mdx\n<LinkCard\n  title="x"\n/>\n```' in text
    assert "**Danger**  \nDeleting a val is final.\n" in text           # a box named by its type, as :::danger is
    # Saleor's <CompactCard name="..." description="..." link="..." /> (54 cards) kept only its description. Controls:
    # an icon's name= and a widget's link= with no description are no card
    page = ('# Recipes\n\n<CompactCard\n    name="Apps Quickstart"\n    description="Learn how to create apps."\n'
            '    link="/apps/quickstart"\n/>\n\n<Icon name="play" />\n\n<Button link="/buy" />\n')
    text = _rendered(page, "docs/service/recipes.mdx")
    assert "**[Apps Quickstart](/apps/quickstart)** Learn how to create apps.\n" in text
    assert "play" not in text and "[Button](/buy)" not in text and "buy" not in text


def test_a_page_reference_is_a_link_named_by_its_title_or_its_page():
    """Shopware's docs (VitePress): `<PageRef page="../performance/caches" />` showed nothing (87 on the site) and
    one with a title showed it bold, going nowhere (69). Control: an embed on the web is named by its component."""
    page = ('# Redis\n\nUse it for caches.\n\n<PageRef page="../performance/caches" />\n\n'
            '<PageRef page="https://github.com/x/fastly" title="Fastly VCL snippets" target="_blank" />\n\n'
            '<PageRef page="./performing-updates.md#step-2" />\n\n<VideoEmbed url="https://youtu.be/x" />\n')
    text = _rendered(page, "docs/service/redis.md")
    assert "[Caches](../performance/caches)" in text and "[Fastly VCL snippets](https://github.com/x/fastly)" in text
    assert "[Performing updates](./performing-updates.md#step-2)" in text and "[Video embed](https://youtu.be/x)" in text


def test_a_pictures_label_is_its_caption_and_an_untitled_embed_is_named_in_words():
    """Warp's docs (Starlight): `<ImageGridItem src={x} label="Dracula" />` lost 39 theme names ("Warp ships with
    these themes:" and nothing); 81 `<VideoEmbed url="..." />` read "[VideoEmbed](url)". Control: a widget's label
    with no picture still shows nothing (Plausible's `<PlanFeatureNote label="Business" />`)."""
    page = ('# Themes\n\nWarp ships with these themes:\n\n<ImageGrid>\n  <ImageGridItem src={dark} label="Warp Dark" />\n'
            '  <ImageGridItem src={dracula} label="Dracula" />\n</ImageGrid>\n\n<VideoEmbed url="https://youtu.be/x" />\n\n'
            '<PlanFeatureNote label="Business" />\n')
    text = _rendered(page, "docs/service/themes.mdx")
    assert "Warp Dark\nDracula" in text and "[Video embed](https://youtu.be/x)" in text
    assert "Business" not in text                              # can fail: every label shown


def test_a_later_tabs_title_is_not_read_into_the_list_before_it():
    """Warp's docs (Starlight): after `</TabItem>`, the next tab's title kept the tag's two-space indent, so under a
    list it was read as part of the list's last item (44 tabs in 18 pages; "where are the warp logs on Linux"
    showed the macOS tab). Control: the first tab's title, and the number of lines, as before."""
    from markdown_it import MarkdownIt

    from ingest.markdown import clean_source
    text = ('# Logs\n\n<Tabs>\n  <TabItem label="macOS">\n    - Open Finder.\n    - Go to the logs.\n  </TabItem>\n'
            '  <TabItem label="Linux">\n    The logs are in `~/.local/state`.\n  </TabItem>\n</Tabs>\n')
    got = clean_source(text)
    assert "\n**macOS**  \n- Open Finder." in got and "\n**Linux**  \nThe logs are in" in got
    assert got.count("\n") == text.count("\n")
    tokens = MarkdownIt("commonmark").parse(got)
    assert any(t.type == "paragraph_open" and t.level == 0 and t.map[0] == got.split("\n").index("**Linux**  ")
               for t in tokens)                                  # can fail: a paragraph inside the list item


def test_a_tab_bar_whose_labels_are_jsx_reads_as_its_tabs():
    """Meshtastic's docs open <Tabs> with `values={[{label: (<><Icon ... /> Android</>), value: ...}]}` over 30
    lines; read up to its first `>`, the tag stayed raw in 35 chunks of 31 files (one answer was the whole tag).
    Control: a `<` at the tag's own level (a stray tag start in text) still stops it."""
    tabs = ('# Remote admin\n\n<Tabs\n  groupId="settings"\n  values={[\n    {\n      label: (\n        <>\n'
            '          <Icon icon="mdi:android" style={{ marginRight: "0.25rem" }} /> Android\n        </>\n'
            '      ),\n      value: "android",\n    },\n  ]}>\n<TabItem value="android" label="Android">\n\n'
            'Open the app and tap Settings.\n\n</TabItem>\n</Tabs>\n')
    text = _rendered(tabs, "docs/service/admin.mdx")
    assert "Icon" not in text and "groupId" not in text and "Open the app and tap Settings." in text
    assert len(text.splitlines()) == len(tabs.splitlines())
    stray = "# T\n\n<Note\nwith a <b>bold</b> word and no end\n\nText.\n"
    assert "with a <b>bold</b> word" in _rendered(stray, "docs/service/t.mdx")


def test_myst_directives_roles_and_targets_read_as_the_page_renders():
    """Canonical's Multipass docs (Sphinx, MyST): tab sets were code blocks, `:sync:` and `{ref}` showed raw,
    and a `(label)=` line above a title was a chunk of its own that ranked first and left the answer empty.
    Controls: a code directive stays code, the same syntax inside a plain fence stays as written, a name that is
    no directive we know (R Markdown's ```{r}) stays code, and the lines keep their numbers."""
    page = ("(install-guide)=\n# Install\n\n`````{tab-set}\n````{tab-item} Windows\n:sync: win\n\nRun the installer."
            "\n\n```{code-block} powershell\n:caption: PowerShell\nwinget install frob\n```\n````\n`````\n\n"
            ":::{admonition} Before you start\n:class: warning\nBack up. See {ref}`the guide <backup-guide>`, "
            "{ref}`dns-problems` and press {kbd}`Ctrl+C`.\n:::\n\n```{toctree}\n:hidden:\nrestore\n```\n\n"
            "```md\n```{note}\n(x)=\n```\n\n```{r}\n:x: <- 1\n```\n")
    doc = parse(page, "docs/service/install.md")
    text = "".join(doc.lines)
    assert "**Windows**  \n\n\nRun the installer.\n\n```powershell\n\nwinget install frob\n```\n" in text
    assert "**Before you start**  \n\nBack up. See the guide, dns problems and press `Ctrl+C`.\n\n" in text
    assert "(install-guide)=" not in text and "toctree" not in text and "restore" not in text
    assert "```md\n```{note}\n(x)=\n```" in text and text.count("\n") == page.count("\n")
    assert "```{r}\n:x: <- 1\n```" in text and doc.title == "Install"     # R Markdown's code: not a directive


def test_a_placeholder_in_inline_code_is_no_myst_role():
    """listmonk's docs (MkDocs): "`https://.../realms/{realm}` (replace `{realm}` with ...)" read as the role
    `{realm}` over the next code span, and the answer gave a wrong Keycloak URL. Control: a role after code
    on the same line is still read."""
    page = ("# OIDC\n\n- **Provider URL**: `https://kc.example.com/realms/{realm}` (replace `{realm}` with yours)\n"
            "\nRun `make` then see {ref}`the guide <guide>`.\n")
    text = _rendered(page, "docs/service/oidc.md")
    assert "`https://kc.example.com/realms/{realm}` (replace `{realm}` with yours)\n" in text
    assert "Run `make` then see the guide.\n" in text


def test_gitbook_blocks_keep_their_titles():
    """GitBook's help center: `{% tab title="Safari" %}` was blanked with every tag, so Safari's steps read as
    everyone's and "hard refresh in Safari" found nothing. Controls: closing tags and a content-ref (its body
    holds the link) go; a Liquid tag inside a line is no badge; code keeps the syntax."""
    page = ('# Refresh\n\n{% tabs %}\n{% tab title="Safari" %}\nEmpty the cache first.\n{% endtab %}\n{% endtabs %}\n\n'
            '{% hint style="info" %}\nIt helps.\n{% endhint %}\n\n{% content-ref url="cache.md" %}\n[cache.md](cache.md)\n'
            '{% endcontent-ref %}\n\n{% embed url="https://example.com/v" %}\n\nOn {% if x %}a{% endif %} page.\n\n'
            '```\n{% tab title="Safari" %}\n```\n')
    text = _rendered(page, "docs/service/refresh.md")
    assert "**Safari**\nEmpty the cache first.\n" in text and "**Info**\nIt helps.\n" in text
    assert "\n[cache.md](cache.md)\n\n" in text and "[https://example.com/v](https://example.com/v)" in text
    assert "On a page." in text and "endtab" not in text and "(if)" not in text
    assert '```\n{% tab title="Safari" %}\n```' in text


def test_a_gitbook_page_card_links_relative_to_its_page():
    """Budibase's docs (GitBook): `{% page-ref page="fields.md" %}` was linked "/fields.md", from the site's root, and
    `page="./"` (the folder's own page) read "[./](./)". Control: Hugo's page-ref names a page from the root."""
    page = '# Forms\n\n{% page-ref page="fields.md" %}\n\n{% page-ref page="./" %}\n\n{{< page-ref page="user/signup" >}}\n'
    text = _rendered(page, "docs/service/forms/README.md")
    assert "[fields.md](fields.md)\n" in text and "[This section](./)\n" in text
    assert "[user/signup](/user/signup)" in text


def test_a_gitbook_file_block_is_a_link_to_its_file():
    """The EdgeTX manual (GitBook): `{% file src=".gitbook/assets/x.pdf" %}` is a download card; blanked, its 3
    translated manuals kept their captions and lost the files. Control: the caption stays under the link."""
    page = ('# Manuals\n\n{% file src=".gitbook/assets/Benutzerhandbuch Farbe.pdf" %}\nUser Manual in German\n'
            '{% endfile %}\n')
    text = _rendered(page, "docs/service/manuals.md")
    assert ("[Benutzerhandbuch Farbe.pdf](<.gitbook/assets/Benutzerhandbuch Farbe.pdf>)\nUser Manual in German\n"
            in text)


def test_hugos_details_shortcode_is_titled_by_its_summary():
    """darktable's manual: Hugo's own `{{< details summary="Technical information" >}}` lost its title on 81 module
    pages, and 147 chunks were untitled runs of its terms. Control: the closing tag shows nothing."""
    page = ('# AgX\n\n{{< details summary="Technical information" class="technical-info" >}}\n\ndescription\n'
            ': applies a tone mapping curve.\n\n{{< /details >}}\n')
    text = "".join(parse(page, "docs/service/agx.md").lines)
    assert "**Technical information**\n\n**description**\napplies a tone mapping curve.\n" in text
    assert "details" not in text


def test_a_tag_argument_with_escaped_quotes_is_read_whole():
    """Buttondown's docs (Markdoc): `query="{\\"page\\": \\"2\\"}"` was cut at its first escaped quote, and "page\\"
    shown as the tag's text in 42 chunks; a title with an escaped quote was cut there. Control: a plain title."""
    page = ('# Pages\n\n{% snippets method="GET" query="{\\"page\\": \\"2\\"}" /%}\n\n'
            '{% tab title="The \\"Fancy\\" mode" %}\nPick it.\n{% endtab %}\n\n{% tab title="Plain" %}\nOr this.\n'
            '{% endtab %}\n')
    text = _rendered(page, "docs/service/pages.mdoc")
    assert "page\\" not in text and "**The \"Fancy\" mode**\nPick it." in text and "**Plain**\nOr this." in text


def test_a_sites_own_liquid_conditions_and_dotted_names_show_no_words():
    """GitHub's docs: `{% ifversion fpt %}` showed its argument ("TOTP applicationfpt", 94 chunks in 50 of 103
    pages) and `{% data variables.product.prodname_dotcom %}`-style names with no underscore showed as bold dotted
    names. Branches within a line are each shown, apart ("GitHub Enterprise Cloud / GitHub", not glued). Control:
    a tag's words still show."""
    page = ('# 2FA\n\nUse a TOTP application{% ifversion fpt or ghec %} or a passkey{% elsif ghes > 3.2 %} or a key'
            '{% endif %}.\n\n{% data variables.product.product-name %}\n\nWhen an {% term automation %} runs.\n')
    text = _rendered(page, "docs/service/2fa.md")
    assert "Use a TOTP application or a passkey / or a key.\n" in text and "fpt" not in text and "ghes" not in text
    assert "variables" not in text and "When an automation runs." in text


def test_liquid_tags_keep_the_words_they_show():
    """Home Assistant's docs (Jekyll): "When an {% term automation %} is run" read "When an  is run" (235 tags in
    48 pages), `{% details "Title" %}` and `{% important %}` lost their titles, and a tag holding inline code
    (`{% term "`configuration.yaml`" %}`) stayed as written. Controls: logic, includes, icons and a name that is
    no words (`{% my developer_tools %}`) show nothing; a tag in code stays as written."""
    page = ('# Automations\n\nWhen an {% term automation %} runs, edit {% term "`configuration.yaml`" %}.\n\n'
            '{% details "Restore a backup" %}\nUpload it.\n{% enddetails %}\n\n{% important %}\nBack up first.\n'
            '{% endimportant %}\n\nClick {% icon "mdi:dots-vertical" %} in {% my developer_tools %}'
            '{% if x %}{% endif %}.\n\n`{% term automation %}`\n')
    text = _rendered(page, "docs/service/automations.md")
    assert "When an automation runs, edit `configuration.yaml`.\n" in text
    assert "**Restore a backup**\nUpload it.\n" in text and "**Important**\nBack up first.\n" in text
    assert "Click  in .\n" in text and "`{% term automation %}`" in text
    table = '| Plan | Sync |\n|---|---|\n| Free | {% icon "mdi:close" %} |\n| Pro | <i class="fa fa-check"></i> |\n'
    assert "| Free | ✗ |\n| Pro | ✓ |" in _rendered(table, "docs/service/plans.md")    # a comparison table's marks


def test_a_liquid_tag_over_a_blank_line_is_still_a_tag():
    """AntennaPod's docs write `{% include image.html alt= "` over a comment, the text and a blank line: the indented
    text after the blank read as code inside the tag, and 9 of its 13 image tags were shown as written. Control: a
    tag written in a code block stays."""
    page = ('# Beta\n\nJoin the beta.\n\n{% include image.html\n   alt= "\n     <!-- mdpo-enable-next-line -->\n'
            '     Confirmation window\n\n     "\n   file="beta.png"\n%}\n\nThen wait.\n\n```liquid\n{% include x.html\n'
            '%}\n```\n')
    text = _rendered(page, "docs/service/beta.md")
    assert "image.html" not in text and "Confirmation window" not in text and "Then wait." in text
    assert "{% include x.html\n%}" in text


def test_a_template_variable_opening_a_links_address_is_the_site_root():
    """openHAB's docs (VuePress) link `[Blockly Reference]({{base}}/configuration/blockly/)`: 209 such links in 52
    files were shown raw and reported broken. Controls: a fill-in slot in text and a link written in code stay."""
    page = "# Rules\n\nSee the [Blockly Reference]({{base}}/configuration/blockly/) for {{name}}. `[x]({{base}}/y)`\n"
    text = _rendered(page, "docs/service/rules.md")
    assert "[Blockly Reference](/configuration/blockly/)" in text
    assert "for {{name}}." in text and "`[x]({{base}}/y)`" in text


def test_an_include_whose_file_is_not_indexed_still_shows_its_content():
    """An include of a file outside the indexed folders (a theme's `_includes`) shows the text its tag gives:
    Passbolt's `{% include messages/notice.html content="..." link="..." %}` read as its link alone. Control: a
    reference's `ref=` stays a link."""
    page = ('# API\n\n{% include messages/notice.html\n    content="The csrfToken cookie is not returned in\n    Step 5."'
            '\n    link="https://help.example.com/x"\n%}\n\nSee {{< ref path="a.md" content="x" >}}.\n')
    text = _rendered(page, "docs/service/api.md")
    assert "The csrfToken cookie is not returned in Step 5. [https://help.example.com/x](https://help.example.com/x)" in text
    assert "See a.md." in text


def test_a_hugo_shortcode_holding_inline_code_is_read_as_its_card():
    """Mastodon's docs: `{{< page-relref ref="methods/statuses#create" caption="POST /api/v1/statuses (`scheduled_at`
    parameter)" >}}` was shown raw in 11 chunks (the code in its caption took the shortcode for code). Control: a
    shortcode written in code stays as written."""
    page = ('# Scheduled statuses\n\nSee also {{< page-relref ref="methods/statuses#create" caption="POST '
            '/api/v1/statuses (`scheduled_at` parameter)" >}} for this.\n\nWrite `{{< ref "x" >}}` in code.\n')
    text = _rendered(page, "docs/service/scheduled.md")
    assert "{{<" not in text.split("Write")[0]                      # can fail: shown raw
    assert "POST /api/v1/statuses (`scheduled_at` parameter)" in text and '`{{< ref "x" >}}`' in text


def test_a_liquid_tags_unquoted_words_are_its_label_whole():
    # Segment's docs: `{% faqitem Can I still invite people? %}` read "**Can**" in 30 of 30 questions, and
    # `{% codeexampletab React Native %}` "**React**"; a tab named by a file (`package.json`) had no label
    page = ("# SSO\n\n{% faqitem Can I still invite people outside the organization? %}\nYes.\n{% endfaqitem %}\n\n"
            "{% codeexampletab React Native %}\nnpm i\n{% endcodeexampletab %}\n\n{% codeexampletab package.json %}\n"
            "{}\n{% endcodeexampletab %}\n\nEdit {% my developer_tools %} now.\n")
    text = _rendered(page, "docs/sso.md")
    assert "**Can I still invite people outside the organization?**\nYes." in text
    assert "**React Native**\nnpm i" in text and "**package.json**" in text
    assert "Edit  now." in text                     # can fail: a name that is no words still shows nothing


def test_liquid_raw_tags_in_code_show_nothing_on_a_liquid_page():
    # Segment's docs (Jekyll): `{% raw %}` round a sample's {{ }} was shown in 4 chunks; Jekyll reads Liquid first
    page = ("---\ntitle: Install\n---\n{% include note.md %}\n\n```js\n{% raw %}const t = `{{ name }}`;{% endraw %}\n```\n")
    assert "```js\nconst t = `{{ name }}`;\n```" in _rendered(page, "docs/install.md")
    plain = "# Jekyll tips\n\n```liquid\n{% raw %}{{ page.title }}{% endraw %}\n```\n"
    assert "{% raw %}{{ page.title }}{% endraw %}" in _rendered(plain, "docs/tips.md")    # can fail: no Liquid page


def test_an_image_shortcode_is_its_picture_with_its_alt_text():
    # the TTS handbook (Eleventy): `{% image "_img/login.png" "Ent login screen" %}`, 40 in 12 pages, showed nothing
    text = _rendered('# Log in\n\n{% image "_img/login.png" "Ent login screen" %}\n\n{% image x %}\n', "a.md")
    assert "![Ent login screen](_img/login.png)" in text and "{%" not in text   # can fail: no path, no alt: nothing


def test_a_page_variable_shows_the_pages_own_front_matter_value():
    # Codacy's docs (mkdocs-macros): "clones ... that the {{ page.meta.page_name }} adds" read "that the  adds" in
    # 7 chunks; Jekyll writes {{ page.title }}
    page = ("---\ntitle: Commits\npage_name: commit\n---\n# {{ page.title }}\n\nClones the {{ page.meta.page_name }} "
            "adds.\n\nA {{ page.nothing }} value.\n")
    text = _rendered(page, "docs/commits.md")
    assert "# Commits\n" in text and "Clones the commit adds." in text
    assert "A  value." in text                       # can fail: a key the page lacks shows nothing, as before


def test_a_component_round_words_on_one_line_shows_its_words():
    # ReadMe's `<Glossary>issuer</Glossary>`: raw in 445 chunks of MultiSafepay's docs and 6 of 36 answers
    page = ('# Statuses\n\nThe <Glossary>issuer</Glossary> declined. See <Link href="/docs/refunds">refunds</Link>.\n\n'
            '`<Glossary>raw</Glossary>`\n')
    text = _rendered(page, "docs/statuses.mdx")
    assert "The issuer declined. See [refunds](/docs/refunds).\n" in text
    assert "`<Glossary>raw</Glossary>`" in text                 # can fail: code shows the markup as written


def test_an_attribute_list_alone_under_what_it_styles_shows_nothing():
    # GL.iNet's manual (MkDocs attr_list): `{class="glboxshadow"}` under an image, 6 lines of one answer
    page = '# Static IP\n\n![set ip](img/ip.png)\n{class="glboxshadow" width="560"}\n\nSets {x, y}.\n\n```\n{.a}\n```\n'
    text = _rendered(page, "docs/ip.md")
    assert "glboxshadow" not in text and "Sets {x, y}." in text and "```\n{.a}\n```" in text   # can fail: code, braces


def test_reference_links_are_written_inline_and_their_definitions_go():
    """Zulip's help center and Home Assistant's docs: definitions at the end of a page (`[d]: /help/x`) were shown
    as text under its last section (52 chunks), and a chunk read alone kept `[the docs][d]` without a target.
    Controls: code keeps both forms; brackets with no definition stay; the lines keep their numbers."""
    page = ('# Mute\n\nSee [the docs][d], [Foo], [bar][] and [no such].\n\n```\n[d]: in code\n[Foo]\n```\n\n'
            '[d]: /help/x "T"\n[foo]: <https://a.b>\n[bar]: /bar\n')
    text = _rendered(page, "docs/service/mute.md")
    assert "See [the docs](/help/x), [Foo](https://a.b), [bar](/bar) and [no such].\n" in text
    assert "```\n[d]: in code\n[Foo]\n```" in text and "/help/x \"T\"" not in text and "[bar]: /bar" not in text
    # link text holding code or going on to the next line (Semaphore: 47 links had become "[text][ref](url)")
    page = "# Go\n\nThe [`sem` tool][sem] and [this\nguide][env], not `[sem][env]`.\n\n[sem]: /sem\n[env]: /env\n"
    text = _rendered(page, "docs/service/go.md")
    assert "The [`sem` tool](/sem) and [this\nguide](/env), not `[sem][env]`." in text


def test_a_reference_name_in_the_front_matter_stays_as_written():
    """GOV.UK's developer docs list `related_repos: [content-tagger]` in front matter and define the name as a link
    below: written inline there it was no YAML, and 2 pages failed to ingest. Control: the body's link is inline."""
    page = ("---\ntitle: Taxonomy\nrelated_repos: [content-tagger]\n---\n\n# Taxonomy\n\nSee [content-tagger].\n\n"
            "[content-tagger]: https://content-tagger.example/\n")
    doc = parse(page, "docs/service/taxonomy.html.md")
    assert doc.meta["related_repos"] == ["content-tagger"]
    assert "See [content-tagger](https://content-tagger.example/)." in "".join(doc.lines)


def test_footnotes_are_numbered_as_the_site_shows_them():
    """Jitsi's handbook: its browser table read "Chrome [^1]" and the note "[^1]: This also applies ..." in
    answers. Marks and notes are numbered in order of first use; a mark in a heading goes. Controls: code keeps
    the syntax, a mark with no note stays, the lines keep their numbers."""
    page = ("# Browsers\n\n## Desktop [^b]\n\n| Browser | Notes |\n|---|---|\n| Chrome [^b] | ok |\n\n"
            "Class components[^a] and [^none], `[^a]`. Pick a user[^a]: any.\n\n```\n[^b]: in code\n```\n\n"
            "[^a]: React's older style.\n[^b]: Also Chromium browsers,\n    such as Brave.\n\n///Footnotes Go Here///\n")
    doc = parse(page, "docs/service/browsers.md")
    text = "".join(doc.lines)
    assert len(doc.lines) == page.count("\n")
    assert "## Desktop\n" in text and [s.heading_path[-1] for s in doc.sections][-1] == "Desktop"
    # superscripts, not "[1]": an answer's citations are numbered so (Paperless-ngx: "Office documents[1]" in an
    # answer whose [1] was its FAQ)
    assert "| Chrome ¹ | ok |" in text and "Class components² and [^none], `[^a]`." in text
    assert "Pick a user²: any." in text         # a colon after a mark (headscale's docs: 4 chunks kept "user[^1]:")
    assert "```\n[^b]: in code\n```" in text
    assert "² React's older style.\n¹ Also Chromium browsers,\n    such as Brave.\n" in text
    assert tokenize([searchable("Class components² and more")]) == [["class", "compon", "more"]]   # no mark searched
    assert "///" not in text                    # Python-Markdown's place marker (Pi-hole's regex tutorial) shows nothing


def test_mkdocs_icons_read_as_the_controls_they_stand_for_and_emoji_marks_as_marks():
    """PhotoPrism's docs (MkDocs Material): "Click :material-delete-sweep:", 187 icons in 154 chunks, showed raw;
    HedgeDoc's feature table marks 141 cells `:ballot_box_with_check:`, 9 word pieces each. An icon in a heading
    decorates it and goes. Controls: code and colons between words or digits stay."""
    page = ("# Edit\n\n### :material-magnify: Search\n\n"
            "Click :material-pencil: to edit, :octicons-heart-fill-24:{ .heart } to like.\n\n| Feature | 1.x |\n|---|---|\n"
            "| Tables | :ballot_box_with_check: |\n| Emoji | :x: |\n| Check | :material-check: |\n\n"
            "Use `:x:` or std::x::y at 10:30:45.\n")
    text = _rendered(page, "docs/service/edit.md")
    assert "Click [pencil] to edit, [heart] to like." in text and "| Tables | ☑️ |" in text and "| Emoji | ❌ |" in text
    assert "###  Search\n" in text and [s.heading_path[-1] for s in parse(page, "docs/a.md").sections][1] == "Search"
    assert "| Check | ✓ |" in text and "Use `:x:` or std::x::y at 10:30:45." in text


def test_an_icon_component_named_by_its_alt_text_reads_as_its_control():
    """Medusa's docs: "click the <InlineIcon Icon={EllipsisHorizontal} alt="three-dots" /> icon" was shown raw (132
    in 39 pages, 7 of 19 answers). Controls: an icon with no alt text goes; code keeps the tag."""
    page = ('# Orders\n\n2. Click the <InlineIcon Icon={EllipsisHorizontal} alt="three-dots" /> icon.\n\n'
            '<Icon icon="mdi:docker" />\n\n`<InlineIcon alt="x" />`\n')
    text = _rendered(page, "docs/service/orders.mdx")
    assert "2. Click the [three dots] icon.\n" in text and "<Icon" not in text and '`<InlineIcon alt="x" />`' in text
    # Astro's: `name` is the icon's, and `is:inline` an attribute (Homebox: 6 raw before the versions they mark)
    page = '# Tips\n\n<Icon name="fluent-emoji-flat:label" is:inline="true"/> 0.7.0 adds labels.\n'
    assert "<Icon" not in _rendered(page, "docs/service/tips.mdx")                         # can fail: kept raw
    page = '# Tips\n\nClick the <Icon name="gear" alt="gear" /> button.\n'
    assert "Click the [gear] button." in _rendered(page, "docs/service/tips.mdx")      # can fail: alt lost
    # openHAB's VuePress pages: an inline picture component, its `:src` a Vue expression (3 chunks raw)
    page = '# Rules\n\nClick <InlineImage alt="Duplicate Rule" :src="require(\'./images/dup.png\')" /> to copy.\n'
    assert "Click [Duplicate Rule] to copy." in _rendered(page, "docs/service/rules.md")


def test_an_icon_fonts_empty_element_goes():
    """Zulip's help center: "Click on the **ellipsis** (<i class="zulip-icon zulip-icon-more"></i>)" in 111
    chunks, shown raw by the CLI and as "()" by the app. Controls: an element with text and code stay."""
    page = '# Menu\n\nClick the **ellipsis** (<i class="icon more"></i>), then <span class="k">Save</span>.\n\n`<i class="a"></i>`\n'
    text = _rendered(page, "docs/service/menu.md")
    assert 'Click the **ellipsis** , then <span class="k">Save</span>.\n' in text and '`<i class="a"></i>`' in text


def test_a_highlights_element_goes_and_its_text_stays():
    """LibreELEC's docs (GitBook): coloured text is `<mark style="color:red;">**...**</mark>`, shown raw in 3 of 30
    answers and cut to `<mark style="color:red;" Recommendation` in snippets. Control: the same in code stays."""
    page = '# 4K\n\n<mark style="color:red;">**Keep 1080p**</mark> and <font color="red">this</font>.\n\n`<mark>x</mark>`\n'
    text = _rendered(page, "docs/service/4k.md")
    assert "**Keep 1080p** and this.\n" in text and "`<mark>x</mark>`" in text


def test_a_table_of_contents_marker_goes():
    """BTCPay Server's docs (VuePress): `[[toc]]` on 15 pages was read as a wikilink, shown as `[toc](toc)` and
    reported as 15 broken links. Controls: in a sentence and in code it stays."""
    page = "# A\n\n[[toc]]\n\n## B\n\n[TOC]\n\n[[_TOC_]]\n\nSee [[toc]] here.\n\n```\n[[toc]]\n```\n"
    text = _rendered(page, "docs/service/a.md")
    assert "toc" not in text.lower().split("see")[0] and "See [toc](toc) here." in text and "```\n[[toc]]\n```" in text


def test_a_badge_is_its_word_and_its_heading_keeps_the_sites_anchor():
    """Plane's docs (VitePress): `<Badge text="Pro" />` on 87 headings in 63 pages was shown raw and never searched,
    so answers did not say a feature is paid. Controls: a badge inside a heading changes its anchor, as the
    site's does not know; code stays."""
    page = ('# Integrations\n\n## GitLab <Badge text="Pro" type="tip"/>\n\nConnect it <Badge type="info">Business'
            '</Badge> now.\n\n## Jira <Badge text=\'Pro\'/> sync\n\n`<Badge text="x"/>`\n')
    doc = parse(page, "docs/service/integrations.md")
    assert [(s.heading_path[-1], s.anchor) for s in doc.sections[1:]] == [("GitLab (Pro)", "gitlab"),
                                                                          ("Jira (Pro) sync", "jira-pro-sync")]
    text = _rendered(page, "docs/service/integrations.md")
    assert "Connect it (Business) now." in text and '`<Badge text="x"/>`' in text and "<Badge" not in text[:-25]


def test_a_badge_component_named_by_its_kind_says_it():
    """Bruno's docs (Mintlify): `### Download Test Report <PremiumBadge noLink />` on 11 paid features' headings
    read "Download Test Report", so answers presented them as free. Controls: the anchor is the site's; a
    component whose name only ends in the letters (`<UBadge>`) shows its text."""
    page = "# Reports\n\n### Download Test Report <PremiumBadge noLink />\n\nExport it as <UBadge>HTML</UBadge>.\n"
    doc = parse(page, "docs/service/reports.mdx")
    assert [(s.heading_path[-1], s.anchor) for s in doc.sections[1:]] == [
        ("Download Test Report (Premium)", "download-test-report")]               # can fail: no plan said
    assert "Export it as HTML." in _rendered(page, "docs/service/reports.mdx")


def test_vitepress_tabs_are_titled_and_their_wrapper_goes():
    """Plane's docs (vitepress-plugin-tabs): `:::tabs key:x` became a bold "Key:github-edition" and 15 `== Label`
    lines stayed raw, so steps ran on under the previous tab's name. Controls: a box inside a tab keeps its
    title; `==` outside tabs is text."""
    page = ("# GitLab\n\n:::tabs key:gitlab-edition\n== GitLab Cloud {#cloud}\nSteps for cloud.\n\n::: tip\nA tip.\n"
            ":::\n\n== GitLab Self-managed\nSteps for self-managed.\n:::\n\n== not a tab\n")
    text = _rendered(page, "docs/service/gitlab.md")
    assert "Key" not in text and "**GitLab Cloud**  \nSteps for cloud." in text and "**Tip**  \nA tip." in text
    assert "**GitLab Self-managed**  \nSteps" in text and "\n== not a tab\n" in text and ":::" not in text


def test_an_html_heading_in_indented_code_is_code():
    """Joplin's FAQ quotes a 403 page in an indented code block; its `<h1>Forbidden</h1>` became a section of its
    own, cutting the fix off its question. Control: an HTML heading in the text is a heading."""
    page = "# FAQ\n\n## WebDAV fails\n\nThe server says:\n\n    <html>\n    <h1>Forbidden</h1>\n    </html>\n\n" \
           "Enter the correct WebDAV URL.\n\n<h2>Sync</h2>\n\nText.\n"
    doc = parse(page, "docs/support/faq.md")
    assert [s.anchor for s in doc.sections] == ["faq", "webdav-fails", "sync"]


def test_a_heading_written_without_its_space_is_a_heading():
    """GOV.UK Pay's docs (Redcarpet): `##Send card details` headings were paragraphs, a page had no section at all
    and six email templates showed as raw "###Payment failed". Controls: one `#` (a channel) and code stay."""
    page = "# A\n\n##User lifecycle\n\nText.\n\n###\u00a0CF emails\n\nx\n\n#general is a channel\n\n```\n##not\n```\n"
    doc = parse(page, "docs/service/a.md")
    assert [s.anchor for s in doc.sections] == ["a", "user-lifecycle", "cf-emails"]
    assert "#general is a channel" in "".join(doc.lines) and "```\n##not\n```" in "".join(doc.lines)


# Lines that made a pattern try exponentially (or cubically) many ways before failing; each read at once now. A
# regex audit of every pattern of ingest/ and app/ (stop 45) found them after CapRover's page hung ingest for good.
_SLOW_LINES = {
    "attribute list over an identifier": ".then(function(){\n  return dockerUpdateObjectWithAVeryLongNameIndeed;\n",
    "heading attributes": "## The `{" + ",".join(f"k{i}=v" for i in range(24)) + "}` form\n\ntext\n",
    "component attributes": "<Card " + " ".join(f'a{i}="v"' for i in range(30)) + " /> and more\n",
    "shortcode path": '{{< button href="' + "." * 60 + 'x" >}}\n',
    "sequence diagram": "```mermaid\nsequenceDiagram\nAlice->>" + " " * 3000 + "Bob\n```\n",
    "shortcode blanks": "{{% note" + " " * 5000 + "x %}}\n",
    "include blanks": "{!" + " " * 5000 + "x\n",
    "tag openers without a close": "<h2>" + "<" * 200000 + "</h2>\n\ntext\n",
}


@pytest.mark.parametrize("name", list(_SLOW_LINES))
def test_pathological_lines_are_read_in_linear_time(name):
    """CapRover's pre-deploy script page: a JavaScript example's `){` over a long identifier made the attribute-list
    pattern try 2^n splits, and ingest never finished (killed after 28 minutes, no file named). The audit's other
    cases likewise. Each is parsed in a fresh process, so a hang fails the test instead of stopping the run."""
    import subprocess
    import sys
    code = "import sys\nfrom ingest.markdown import parse\nparse(sys.stdin.read(), 'x.md')\n"
    subprocess.run([sys.executable, "-c", code], input=_SLOW_LINES[name], text=True, check=True,
                   timeout=60)     # can fail: hours at these lengths


def test_the_answers_patterns_read_pathological_lines_in_linear_time():
    """The read path's heading and snippet patterns, on the audit's lines: headings only, a heading's blank tail, a
    line of dashes (each minutes or more before)."""
    import subprocess
    import sys
    code = ("from app import answer, blocks, escalation\n"
            "blocks._HEADINGS_ONLY.fullmatch('# ' * 40 + '\\nx')\nblocks.HEADING.search('# a' + ' ' * 20000 + 'x')\n"
            "escalation._SECTION.match('# a' + ' ' * 20000 + 'x')\nanswer._SNIPPET_MARKUP.findall('-' * 20000 + '0')\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert "![x](y.png) wide\n" in _rendered("# M\n\n![x](y.png){.a #b width=\"5\"} wide\n", "m.md")


def test_attribute_lists_link_targets_and_media_elements_go():
    """Kagi's help center (VitePress): `{data-zoomable}` after 74 images, `<a name>` before 46 headings and 21
    `<video>` elements were shown raw. Controls: a heading's id element gives its section's anchor (and then goes
    from its line: GitBook's `<a href="#x" id="x"></a>` was in the text of 21 of Rocket.Chat's chunks), a
    placeholder in braces in prose, and code stay as written."""
    page = ('# Maps\n\n![WebGL](./webgl.png){data-zoomable} then ![x](y.png){.wide #fig-1 width="50%"}\n\n'
            '<video src="./a.mp4" width="450" autoplay muted />\n\nSet `{data-zoomable}` and {username}.\n\n'
            '<a name="features"></a>\n\n## Editing <a id="editing"></a>\n\n<iframe src="https://v.example">\n'
            '</iframe>\nDone.\n\n<div class="browser">\n    <video src="b.mp4" />\n</div>\n\n```html\n<div class="x">\n</div>\n```\n')
    text = _rendered(page, "docs/service/maps.md")
    assert "![WebGL](./webgl.png) then ![x](y.png)\n" in text and "<video" not in text and "<iframe" not in text
    assert "Set `{data-zoomable}` and {username}.\n" in text and '<a name="features">' not in text
    assert "## Editing\n" in text and "\nDone.\n" in text and "browser" not in text
    assert [s.anchor for s in parse(page, "docs/service/maps.md").sections][-1] == "editing"
    assert '```html\n<div class="x">\n</div>\n```' in text
    assert text.count("\n") == page.count("\n")


def test_images_and_widgets_written_as_jsx_go():
    """Immich's docs (MDX): `<img src={require('./x.webp').default} ... />` over several lines stayed in 22
    chunks, and an inline `<Icon path={mdiCloudOffOutline} size={1} />` in a sentence. Controls: a component
    with text of its own, a placeholder in prose and code stay as written."""
    page = ("# Partner sharing\n\n## Sharing with a partner\n\n<img\n  src={require('./img/p1.webp').default}\n"
            "  alt=\"Add partner\"\n  className=\"border rounded-xl\"\n/>\n\nTap <Icon path={mdiCloudOff} size={1} /> "
            "to stop. <Badge text=\"Beta\" /> Use <uuid> here.\n<p align=\"center\"><img src=\"a.png\"></p>\n\n"
            "```jsx\n<img src={x} />\n```\n")
    text = _rendered(page, "docs/service/partner.mdx")
    assert "<img" not in text.split("```jsx")[0] and "require" not in text and "Icon" not in text
    assert "Tap  to stop. (Beta) Use <uuid> here." in text
    assert "```jsx\n<img src={x} />\n```" in text and "align" not in text
    # Meshtastic titles pages '# <Icon icon="mdi:docker" style={{ marginRight: "0.5rem" }} /> Docker'
    doc = parse('# <Icon icon="mdi:docker" style={{ marginRight: "0.5rem" }} height="2rem" /> Docker\n\nRun it.\n',
                "docs/service/docker.mdx")
    assert doc.title == "Docker"
    # Fumadocs' OpenAPI pages: the expression's strings hold braces (Memos: raw in 51 chunks); `{don't}` still goes
    page = ('# Get memo\n\nGets a memo.\n\n<APIPage document={"./openapi.yaml"} operations={[{"path":'
            '"/api/v1/memos/{memo}","method":"get"}]} />\n\n' "See <Note msg={don't} /> this.\n")
    text = _rendered(page, "docs/service/get.mdx")
    assert "APIPage" not in text and "Gets a memo." in text                     # can fail: kept raw
    assert "See  this." in text


def test_github_alerts_and_obsidian_callouts_read_as_titled_quotes():
    """`> [!WARNING]` (GitHub) and `> [!tip]- Title` (Obsidian) render as titled boxes; as CommonMark, the quote
    opened with "[!WARNING]", shown as written. Control: the syntax in code stays."""
    page = "# Page\n\n> [!WARNING]\n> Back up first.\n\n> [!tip]- Sync tip\n> Body.\n\n```md\n> [!NOTE]\n```\n"
    text = _rendered(page, "docs/service/page.md")
    assert "> **Warning**  \n> Back up first.\n" in text and "> **Sync tip**  \n> Body.\n" in text
    assert "```md\n> [!NOTE]\n```" in text


def test_tab_macros_alone_on_a_line_read_as_titles():
    """Zulip's help center: {start_tabs}, {tab|desktop-web} and {settings_tab|profile} were in 306 chunks and 18
    of 36 lead passages as written. Control: the same line in code stays."""
    page = "# Mute\n\n{start_tabs}\n\n{tab|desktop-web}\n\n{settings_tab|profile}\n\n1. Mute.\n\n{end_tabs}\n\n```\n{tab|x}\n```\n"
    text = _rendered(page, "docs/service/mute.md")
    assert "\n**Desktop web**\n\n**Settings tab: profile**\n\n1. Mute.\n" in text
    assert "start_tabs" not in text and "end_tabs" not in text and "```\n{tab|x}\n```" in text


def test_a_heading_inside_a_question_box_is_no_section():
    """GitBook's Git Sync troubleshooting page: "#### Still facing errors?" inside one <details> box became a
    section, and every later box of the page was cited under it. Controls: a box whose <summary> holds a heading
    is a collapsed section and keeps its headings (Plausible's docs); a box never closed leaves the page alone."""
    page = ("# Troubleshooting\n\n### Common issues\n\n<details>\n<summary>I have a sync error</summary>\n\n"
            "#### Still facing errors?\nContact us.\n\n</details>\n\n<details>\n<summary>Redirects fail</summary>\n"
            "Check the file.\n</details>\n")
    titles = lambda text: [s.heading_path[-1] for s in parse(text, "docs/support/t.md").sections]   # noqa: E731
    assert titles(page) == ["Troubleshooting", "Common issues"]
    assert "**Still facing errors?**  \nContact us." in _rendered(page, "docs/support/t.md")
    section_box = page.replace("<summary>I have a sync error</summary>", "<summary>\n\n## Advanced\n\n</summary>")
    assert "Still facing errors?" in titles(section_box) and "Advanced" in titles(section_box)
    assert "Still facing errors?" in titles(page.replace("</details>\n", ""))


def test_a_link_line_above_the_title_is_navigation_not_a_section():
    """Kagi's help center: 18 pages open with a back-link above their H1 ("Not your browser/OS? Return to the hub
    page for setting Kagi as the default search engine."); indexed under the page's title, it led "set kagi as
    default in librewolf" over the steps. Controls: text above an H2 is an introduction, and two paragraphs
    above an H1 are text."""
    nav = "> Not your browser? Return to [the hub page](../hub.md) for setting Kagi as default.\n\n"
    doc = parse(nav + "# LibreWolf\n\n1. Open settings.\n", "docs/service/librewolf.md")
    assert [s.anchor for s in doc.sections] == ["librewolf"]
    intro = parse(nav + "## Steps\n\n1. Open settings.\n", "docs/service/librewolf.md")
    assert [s.anchor for s in intro.sections] == ["", "steps"]
    text = parse("Kagi is a search engine.\n\nSee [plans](p.md) for prices.\n\n# Kagi\n\nBody.\n", "k.md")
    assert [s.anchor for s in text.sections] == ["", "kagi"]
    # AntennaPod's contribute page: four sentences with links on one line above the H1 are its text
    para = ("The site was built by [Anxhelo](https://lushka.al). Now we can grow! Do you know [Jekyll](https://j.com)? "
            "Then help us [here](https://forum.x.org).\n\n# Get in touch\n\nBody.\n")
    assert [s.anchor for s in parse(para, "docs/service/website.md").sections] == ["", "get-in-touch"]


def test_a_redirect_line_above_the_title_is_navigation_and_the_h1_titles_the_page():
    """PX4's developer guide (GitBook): 139 pages open with `!REDIRECT "https://..."` above their H1; 127 were titled
    by their file names ("Dev env mac"), and the line was a chunk of its own in 136 and opened an answer. Control:
    an address in two paragraphs above the H1 is text."""
    doc = parse('!REDIRECT "https://docs.px4.io/main/en/dev_setup/dev_env_mac.html"\n\n# Development Environment on '
                'MacOS\n\nInstall Homebrew first.\n', "en/setup/dev_env_mac.md")
    assert doc.title == "Development Environment on MacOS" and [s.anchor for s in doc.sections] == [
        "development-environment-on-macos"]
    text = parse("Get it at https://x.io today.\n\nIt is free.\n\n# Kagi\n\nBody.\n", "k.md")
    assert [s.anchor for s in text.sections] == ["", "kagi"]                 # can fail: dropped as navigation


def test_imports_and_html_headings_in_code_stay_as_written():
    """Val Town's docs (Starlight): the MDX import rule removed 125 `import ... from` lines inside code blocks of
    39 files, leaving 8 blocks empty ("How do I import zod?" showed an empty block). Control: an MDX page's own
    import outside code still goes."""
    page = ('import { Card } from "@astrojs/starlight/components";\n\n# Imports\n\n```ts\n'
            'import { z } from "npm:zod";\n<h2>Title</h2>\n```\n\nDone.\n')
    text = _rendered(page, "docs/service/imports.mdx")
    assert text.startswith("\n\n# Imports") and '```ts\nimport { z } from "npm:zod";\n<h2>Title</h2>\n```' in text


def test_obsidian_links_embeds_block_ids_and_comments_read_as_the_vault_shows_them():
    """Obsidian's help vault: `[[Page#Heading|text]]` printed raw in 23 of 36 answers, with its hidden target
    searched; `^block-id` ended 16 chunks' paragraphs; an icon embed showed as written. Controls: the syntax in
    code stays, a footnote mark is not a block id, and the lines keep their numbers."""
    page = ("# Sync\n\nOpen [[Settings#Sync|sync settings]] or [[Vaults]], see [[Plans#Pricing]].\n"
            "- ![[lucide-x.svg#icon]] **Highlighter**\n\nUp to 50 MB per file. ^publish-media-limit\n\n"
            "%% hidden\nnote %%\nA claim.[^1]\n\n`[[Page]]` and\n```md\n[[Code]] ^id\n```\n")
    text = _rendered(page, "docs/service/Sync.md")
    assert "Open [sync settings](Settings#sync) or [Vaults](Vaults), see [Plans › Pricing](Plans#pricing).\n" in text
    assert "-  **Highlighter**\n" in text
    assert "Up to 50 MB per file.\n" in text and "hidden" not in text and "A claim.[^1]\n" in text
    assert "`[[Page]]` and\n```md\n[[Code]] ^id\n```\n" in text


def test_a_heading_written_as_a_list_item_is_a_section_with_its_items_body():
    """IVPN's help center writes its FAQs as `1. ### Question?` over an indented answer (94 questions in 9 pages);
    read as a list, each FAQ was one section, and "what ports does WireGuard use" showed all of it. Controls: a
    level-1 heading stays in its item, and so does a heading item in code; the lines keep their numbers."""
    page = ("# Voucher FAQ\n\n1. ### Where can I buy a voucher?\n    On Amazon US.\n\n    - Or in the shop.\n\n"
            "2. ### How do I redeem it?\n    Click **Redeem**.\n\n        ```\n        code\n        ```\n\n"
            "- # Not a section\n\n```\n1. ### Example\n```\n")
    doc = parse(page, "docs/service/voucher-faq.md")
    assert [s.heading_path[-1] for s in doc.sections] == ["Voucher FAQ", "Where can I buy a voucher?",
                                                          "How do I redeem it?"]
    text = "".join(doc.lines)
    assert "### Where can I buy a voucher?\nOn Amazon US.\n\n- Or in the shop.\n" in text
    assert "Click **Redeem**.\n\n    ```\n    code\n    ```\n" in text
    assert "- # Not a section\n" in text and "```\n1. ### Example\n```" in text
    assert text.count("\n") == page.count("\n")


def test_a_title_that_is_the_h1_and_the_sites_name_is_the_h1():
    """IVPN's help center: 169 of 223 front-matter titles are the browser tab's ("Voucher cards FAQ - IVPN Help") over
    the page's own `# Voucher cards FAQ`; citations read "Voucher cards FAQ - IVPN Help › Voucher cards FAQ".
    Controls: a title that is the H1 whole ("Comms lead role - PaaS Incidents", GOV.UK PaaS), and one that only
    starts like the H1, stay."""
    page = "---\ntitle: {t}\n---\n# {h}\n\nText.\n\n## Buy\n\nAt Amazon.\n"
    got = parse(page.format(t="Voucher cards FAQ - IVPN Help", h="Voucher cards FAQ"), "docs/service/v.md")
    assert got.title == "Voucher cards FAQ" and got.sections[-1].heading_path == ("Voucher cards FAQ", "Buy")
    assert parse(page.format(t="Comms lead role - PaaS Incidents", h="Comms lead role - PaaS Incidents"),
                 "docs/support/c.md").title == "Comms lead role - PaaS Incidents"
    assert parse(page.format(t="Refunds and credits", h="Refunds"), "docs/service/r.md").title == "Refunds and credits"


def test_a_link_whose_text_is_in_brackets_is_no_wikilink():
    """AdGuard's docs cite sources as `([[1]](https://...), [[2]](https://...))`, read as wikilinks: stored as
    "[1](1)(https://...)" and reported as 2 broken links. Control: a wikilink stays a wikilink."""
    page = "# Rules\n\nSee ([[1]](https://w3c.example/7211), [[2]](https://w3c.example/6399)) and [[Filters]].\n"
    assert "See ([[1]](https://w3c.example/7211), [[2]](https://w3c.example/6399)) and [Filters](Filters).\n" in \
        _rendered(page, "docs/service/rules.md")


def test_github_wiki_links_put_their_text_first():
    """GitHub's wikis (gollum) write `[[text|Page-Name]]`: read in Obsidian's order, the Vaultwarden wiki's 90 such
    links showed the slug ("register even if disable-registration-of-new-users"). Where a link's own shape does
    not tell, the page's other links do. Control: a vault's page in Obsidian's order stays."""
    page = ("# Registration\n\nUsers register even if [[registration is disabled|Disable-registration-of-new-users]] "
            "(see [[the admin page|Enabling-admin-page#secure-the-admin_token]], [[DATA_FOLDER|Changing-data-location]]"
            " and [[extract the binaries|Pre-built binaries]]).\n")
    assert ("register even if [registration is disabled](Disable-registration-of-new-users) (see [the admin page]"
            "(Enabling-admin-page#secure-the-admin_token), [DATA_FOLDER](Changing-data-location) and [extract the "
            "binaries](Pre-built%20binaries)).") in _rendered(page, "docs/service/Registration.md")
    vault = "# Sync\n\nOpen [[Settings#Sync|sync settings]], [[Sync|set up sync]] or [[my-note|My Note]].\n"
    assert "Open [sync settings](Settings#sync), [set up sync](Sync) or [My Note](my-note).\n" in \
        _rendered(vault, "docs/service/Sync.md")                      # can fail: Obsidian's order


def test_a_title_is_an_h1_that_opens_the_page_and_a_titled_file_name_keeps_its_hyphens():
    """Obsidian's "Basic formatting syntax" shows HTML heading examples halfway down: all 40 chunks were titled
    "This is a heading 1". "2-factor authentication.md" was titled "2 factor authentication". Control: an H1
    that opens the page is its title."""
    assert parse("## Headings\n\nText.\n\n<h1>This is a heading 1</h1>\n", "Basic formatting syntax.md").title == \
        "Basic formatting syntax"
    assert parse("## Set up\n\nText.\n", "2-factor authentication.md").title == "2-factor authentication"
    assert parse("# Scaling apps\n\nText.\n\n## More\n", "scaling.md").title == "Scaling apps"
    # a GitHub wiki's page is titled by its file name, dots and all: an H1 under text is a section (Vaultwarden)
    assert parse("Note that run creates it.\n\n# Creating the Container\n\nRun it.\n",
                 "Starting-a-Container.md").title == "Starting a Container"
    assert parse("Text.\n\n## Set up\n", "Caddy-2.x-with-Cloudflare-DNS.md").title == "Caddy 2.x with Cloudflare DNS"
    assert parse("> See [the hub](hub.md).\n\n# Set Kagi as default\n\nSteps.\n", "x.md").title == \
        "Set Kagi as default"                                         # can fail: a banner above the H1 is no text


def test_a_notice_box_above_the_h1_leaves_it_the_pages_title():
    """Shopware's docs open 20 pages with a `::: warning` box over their H1: 11 were titled by their file names
    ("Branding" for "Branding Customization"). Control: a paragraph above the H1 still makes it a section."""
    for box in ("::: warning\nAll changes go in your layer.\n:::\n", "> [!NOTE]\n> All changes go in your layer.\n",
                "!!! note\n    All changes go in your layer.\n", ":::tip Careful\nAll changes go in your layer.\n:::\n"):
        doc = parse(box + "\n# Branding Customization\n\n## Favicon\n\nPut it there.\n", "branding.md")
        assert doc.title == "Branding Customization", box
        first = doc.sections[0]
        assert first.anchor == "" and "All changes go in your layer." in "".join(doc.lines[first.start:first.end])
    assert parse("All changes go in your layer.\n\n# Branding Customization\n\nText.\n", "branding.md").title == \
        "Branding"                                                          # can fail: text above the H1


def test_a_wiki_page_of_several_h1s_is_titled_by_its_name():
    """WeKan's wiki: Backup.md holds 17 H1s, one per platform, and its chunks read "Backup Sandstorm › Restore
    Docker"; API/Cards.md, User.md and Boards.md were all "Disclaimer". Control: a page whose file name is a slug
    keeps its first H1, as MkDocs and Docusaurus title it."""
    doc = parse("# Backup Sandstorm\n\nDo it.\n\n# Restore Docker\n\nAnd this.\n", "docs/Backup/Backup.md")
    assert doc.title == "Backup"
    assert [s.heading_path for s in doc.sections] == [("Backup", "Backup Sandstorm"), ("Backup", "Restore Docker")]
    doc = parse("# Backup Sandstorm\n\nDo it.\n\n# Restore Docker\n\nAnd this.\n", "docs/backup.md")
    assert doc.title == "Backup Sandstorm"                                # can fail: a slug's page keeps its H1
    # NewPipe's docs (MkDocs): "00_Prepare_everything.md", numbered as sites order pages, is titled by its first H1
    doc = parse("# Before You Start\n\nRead this.\n\n# Setting Up\n\nInstall.\n", "docs/00_Prepare_everything.md")
    assert doc.title == "Before You Start"


def test_mdbook_admonish_boxes_read_as_titled_text():
    """Anki's manual (mdbook-admonish): 11 boxes showed as code in answers, with their ```admonish caution line,
    and an author's title="..." was never shown or searched. Controls: code inside a box stays code, the same
    syntax inside a fence stays as written, and the lines keep their numbers."""
    page = ('# Profiles\n\n```admonish caution\nOnly a single profile can be synced.\n```\n\n'
            '~~~admonish tip title="Back up your profile first" collapsible=true\nUse **File > Backup**.\n'
            '```bash\nanki --profile x\n```\n~~~\n\n```admonish\nA plain note.\n```\n\n'
            '````md\n```admonish info\nshown as written\n```\n````\n')
    text = _rendered(page, "docs/service/profiles.md")
    assert len(text.splitlines()) == len(page.splitlines())
    assert "**Caution**  \nOnly a single profile can be synced.\n\n" in text
    assert "**Back up your profile first**  \nUse **File > Backup**.\n```bash\nanki --profile x\n```\n\n" in text
    assert "**Note**  \nA plain note.\n" in text
    assert "````md\n```admonish info\nshown as written\n```\n````" in text     # can fail: code stays code


MDX_FAQ = '''---
title: FAQs
---

import { FaqAccordion } from "/src/components/FaqAccordion";

export const Faq = {
  firmware: [
    {
      title:
        "Can I update my node's firmware over the mesh?",
      content: `No, updates over LoRa are not supported.

#### Options
Flash it over USB instead.`,
    },
    { title: 'Which version should I use?', content: "The beta, for most people." },
  ],
};

export const Card = ({ title, to }) => (
  <Link to={to} style={{ display: "flex" }}>
    <strong>{title}</strong> don't
  </Link>
);

## Firmware

<FaqAccordion faq={Faq.firmware} />

A line about it.
export const notCode = "an export inside a paragraph is text";
'''


def test_an_mdx_export_wrapped_after_its_equals_sign_is_one_statement():
    """NetBird's docs (Prettier wraps long lines): `export const description =` over its string on the next line was
    read as a one-line statement, so the string was page text above the H1: 77 of 293 pages were titled by their
    file names, the H1 a subsection. Controls: a one-line export ends on its line; the H1 is the title."""
    page = ('export const description =\n  "Start here to troubleshoot NetBird."\n\n# Troubleshooting\n\nText.\n\n'
            "export const x = 1\n\nMore text.\n")
    doc = parse(page, "docs/support/troubleshooting.mdx")
    text = "".join(doc.lines)
    assert doc.title == "Troubleshooting" and "Start here" not in text and "export" not in text
    assert "More text." in text and text.count("\n") == page.count("\n")


def test_a_buttons_label_is_a_link_and_a_jsx_space_is_a_space():
    """YunoHost's docs (Docusaurus): `<Button url="...">Report a bug</Button>` kept its words and lost where it leads
    (23 in 6 pages), and `{' '}` between buttons was shown as written. Controls: a component's text without an
    address stays text; code shows the syntax."""
    page = ('# Help\n\n<div>\n  <Button url="https://github.com/y/issues" border="none"><FAIcon icon="fa-bug"/> Report a bug'
            "</Button>\n  {' '}\n  <Button url=\"/community/chat\">Contact us</Button>\n</div>\n\n"
            "Click <Button url=\"/x\">here</Button>, a{' '}b.\n\n<Note>Just text.</Note>\n\n`{' '}`\n")
    got = _shown(page)
    assert "Report a bug](https://github.com/y/issues)" in got and "[Contact us](/community/chat)" in got
    assert "Click [here](/x), a b." in got and "{' '}" not in got.replace("`{' '}`", "")   # can fail: shown raw
    assert "Just text." in got and "](" not in got.split("Just text.")[0].rsplit("\n", 2)[-1]
    assert "`{' '}`" in got


def test_a_file_tree_component_is_the_nested_list_it_draws():
    """Bruno's docs (Mintlify): `<Tree>` of `<Tree.Folder>` and `<Tree.File />` showed nothing, so "the structure
    might look like this:" was followed by nothing (11 trees in 9 pages); Fumadocs' `<Files>` the same. Controls:
    the lines stay; a tree in code is shown as written."""
    page = ('# Env\n\nThe structure:\n\n<Tree>\n  <Tree.Folder name="collection" defaultOpen>\n'
            '    <Tree.Folder name="api">\n      <Tree.File name="a.bru" />\n    </Tree.Folder>\n'
            '    <Tree.File name=".env" />\n  </Tree.Folder>\n</Tree>\n\n<Files>\n  <Folder name="app">\n'
            '    <File name="page.tsx" />\n  </Folder>\n</Files>\n\n```mdx\n<Tree.File name="x" />\n```\n')
    got = _shown(page)
    assert "- collection/\n  - api/\n    - a.bru\n\n  - .env\n" in got                  # can fail: nothing shown
    assert "- app/\n  - page.tsx\n" in got and '```mdx\n<Tree.File name="x" />\n```' in got
    assert "".join(parse(page, "env.mdx").lines).count("\n") == page.count("\n")


def test_a_video_components_title_links_to_its_video():
    """OpenReplay's docs (Astro MDX): `<YoutubeVideo title="Watch how to track state with Redux" description="..."
    videoURL="..." />` kept its words and lost the video (12 pages). Control: a picture's address is no link."""
    page = ('# Redux\n\n<YoutubeVideo title="Watch how to track state" description="Follow this video tutorial."'
            ' videoURL="https://www.youtube.com/watch?v=abc" />\n\n<Logo title="OpenReplay" imageUrl="/logo.png" />\n')
    got = _shown(page)
    assert "**[Watch how to track state](https://www.youtube.com/watch?v=abc)** Follow this video tutorial." in got
    assert "/logo.png" not in got


def test_an_empty_anchor_before_a_headings_words_leaves_a_heading():
    """Passbolt's FAQ (Jekyll): `## <a name="translate"></a>Translate passbolt` lost the space after its marks and read
    "##Translate passbolt", literal text in 3 chunks. Controls: a permalink sign after the words goes whole."""
    page = '# FAQ\n\n## <a name="translate"></a>Translate passbolt\n\nUse CrowdIn.\n\n## Actions <a href="#a">¶</a>\n\nX.\n'
    text = "".join(parse(page, "docs/service/faq.md").lines)
    assert "\n## Translate passbolt\n" in text and "\n## Actions\n" in text                      # can fail: "##T"


def test_a_components_text_written_as_a_string_expression_is_that_string_as_code():
    """Novu's docs (Fumadocs): `<Method href="/platform/inbox">{`<Inbox />`}</Method>` was raw in 46 chunks of 19
    pages (the template string's backticks read as a code span, so no rule reached it). Control: code keeps it."""
    page = ('# Inbox\n\nUse the <Method href="/platform/inbox">{`<Inbox />`}</Method> component or <Code>{"npm i"}</Code>.'
            '\n\n```mdx\n<Method>{`x`}</Method>\n```\n')
    got = _shown(page)
    assert "Use the [`<Inbox />`](/platform/inbox) component or `npm i`." in got                 # can fail: raw
    assert "```mdx\n<Method>{`x`}</Method>\n```" in got


def test_mdx_exports_one_after_another_are_one_block_of_statements():
    """YunoHost's docs: four `export const styleX = {...}` in a row over a table; the three after the first were
    shown as text (the line before them is no blank). Control: an `export` line inside a paragraph is text."""
    page = ("# Summary\n\nexport const a = {\n  x: 'center',\n};\nexport const b = {\n  y: 'green',\n};\n"
            "export const c = 1\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nA line,\nexport default nothing here.\n")
    text = "".join(parse(page, "docs/service/methods.mdx").lines)
    assert "export const" not in text and "green" not in text and "| 1 | 2 |" in text   # can fail: b and c shown
    assert "export default nothing here." in text and text.count("\n") == page.count("\n")


def test_an_mdx_export_is_not_text_and_its_faq_items_are_sections():
    """Meshtastic's FAQ page holds its questions in `export const Faq = {...}`, shown by a component: it was
    15 chunks of raw JavaScript, and a `#### Privileges` inside a string read as a heading of the page. The
    statement is blanked (lines kept) and its {title, content} items are sections, as the page shows them.
    Controls: a component's JSX with an apostrophe in it goes too; an `export` line inside a paragraph stays."""
    doc = parse(MDX_FAQ, "kb/support/faq.mdx")
    assert len(doc.lines) == len(MDX_FAQ.splitlines(keepends=True))
    text = "".join(doc.lines[3:])
    assert "title:" not in text and "content:" not in text and "<strong>" not in text
    assert [s.anchor for s in doc.sections][:4] == ["can-i-update-my-nodes-firmware-over-the-mesh", "options",
                                                    "which-version-should-i-use", "firmware"]
    assert "No, updates over LoRa are not supported." in text and "The beta, for most people." in text
    assert 'export const notCode = "an export inside a paragraph is text";' in text


def test_definition_lists_read_as_terms_over_their_definitions():
    """Paperless-ngx's configuration reference (MkDocs def_list) writes each setting as a heading over `: ...`:
    the colon stayed, and every later paragraph of a definition, indented four spaces, showed as code (155 of
    701 chunks). Kramdown, Pandoc, MyST and Hugo read the same syntax (Mastodon's, Multipass' docs). Controls:
    a box inside a definition is still a box, a colon line in code stays, and lines keep their numbers."""
    page = ("# Configuration\n\n#### `PAPERLESS_DBHOST`\n\n: Hostname of the database server. Required\n"
            "when the engine is `postgresql`.\n\n    Defaults to `localhost`.\n\n    !!! warning\n"
            "        MariaDB has caveats.\n\nCreate\n: Transformed into a status\n\nText after the list.\n\n"
            "```yaml\n: not a definition\n    indented\n```\n")
    text = _rendered(page, "docs/service/configuration.md")
    assert "\nHostname of the database server. Required\nwhen the engine" in text and "\n: Hostname" not in text
    assert "\nDefaults to `localhost`.\n" in text and "**Warning**" in text and "MariaDB has caveats." in text
    assert "**Create**\nTransformed into a status\n" in text and "\nText after the list.\n" in text
    assert "```yaml\n: not a definition\n    indented\n```" in text
    sections = parse(page, "docs/service/configuration.md").sections
    assert [s.anchor for s in sections] == ["configuration", "paperless_dbhost"]


def test_a_definition_lists_term_of_html_alone_is_not_made_bold():
    """Healthchecks' docs: each check state is an icon (`<span class="status ic-new"></span>`) over its definition,
    and the empty bold term read "****" in 3 of 36 answers. Control: a term of words is still bold."""
    page = ('# Intro\n\nStates:\n\n<span class="status ic-new"></span>\n:   **New**. No pings yet.\n\n'
            'Grace time\n:   How long to wait.\n')
    text = _rendered(page, "docs/service/intro.md")
    assert "****" not in text and "**New**. No pings yet." in text
    assert "**Grace time**" in text                                      # can fail: no term bold


def test_a_loose_definition_lists_terms_are_bold_and_run_into_their_definitions():
    """Zettlr's settings reference (Pandoc's loose form, a blank line between term and `: `) kept its 89 terms as
    plain paragraphs. The term is bold and moves one line down, run into its definition (a term over a blank line
    would read as an item title and take a chunk each: test_definition_list_terms_share_chunks). Controls: the last
    line of a paragraph is no term, and neither is a heading over a definition."""
    page = ("# Settings\n\nDark mode\n\n: Controls whether the app uses a dark theme.\n\nA paragraph that ends\n"
            "on this line\n\n: a definition of nothing\n\n#### `THEME`\n\n: The theme's name.\n")
    text = _rendered(page, "docs/service/settings.md")
    assert "\n**Dark mode**\nControls whether the app uses a dark theme.\n" in text
    assert "\non this line\n\na definition of nothing" in text and "**on this line**" not in text    # can fail
    assert "**`THEME`**" not in text and "The theme's name." in text
    assert [s.anchor for s in parse(page, "docs/service/settings.md").sections] == ["settings", "theme"]


def test_kramdown_extension_markers_go_and_their_html_stays():
    """DuckDuckGo's help pages (Jekyll, kramdown) put lists in table cells as `{::nomarkdown}<ul>...</ul>{:/}`:
    the markers showed in every passage of the page. Controls: a comment extension hides its text, and Rust's
    `{:?}` in prose and code stays."""
    page = ("# Parameters\n\n| Setting | Values |\n| --- | --- |\n| Safe Search | {::nomarkdown}<ul><li>1 for On</li>"
            "</ul>{:/} |\n\n{::comment}\nfor editors\n{:/comment}\nPrint it with {:?} or `{:?}`.\n")
    text = _rendered(page, "docs/service/params.md")
    assert "| Safe Search | <ul><li>1 for On</li></ul> |" in text and "{::" not in text and "{:/" not in text
    assert "for editors" not in text and "Print it with {:?} or `{:?}`." in text


def test_an_html_boxs_indented_body_and_its_paragraph_tags_read_as_its_text():
    """Passbolt's notice include: `<div class="message notice">` over `    <p markdown="1">` and the text indented 4
    spaces showed the `<p>` and the text as code (47 chunks of 43 pages). Controls: a `<p class>` box closes at its
    own `</p>`; a box inside a list item keeps the item's indentation (below)."""
    page = ('# Keys\n\n<div class="message notice">\n    <p markdown="1">\n    <b>Warning:</b> Revocation is not '
            'implemented.\n    </p>\n    <a href="/x" class="button">Read more</a>\n</div>\n\n<p class="warning">\n'
            'Do not.\n</p>\n\nEnd.\n')
    got = _shown(page)
    assert "\n<b>Warning:</b> Revocation is not implemented.\n" in got and "<p" not in got   # can fail: code
    assert "\n<a href=\"/x\" class=\"button\">Read more</a>\n" in got and "</div>" not in got
    assert "**Warning**  \nDo not.\n" in got and got.count("\n") == page.count("\n")


def test_html_callouts_read_as_the_box_the_site_shows():
    """Fly.io's docs: 97 `<div class="warning icon">` boxes in 52 of 96 pages. As an HTML block the Markdown inside
    stayed raw and the tags were shown in 5 of 36 answers. Railway's `<Banner variant="warning">` read as a plain
    paragraph. A box gets its kind as a bold title unless its body already opens with it; a wrapper that is no
    box (control) gets no title; the number of lines stays."""
    text = ('<div class="warning icon">\nAlways provision **two volumes** per app.\n</div>\n\n'
            '<div class="important">\n**Important:** A fork does not sync.\n</div>\n\n'
            '<div class="note icon">**Note**: `fly vol` is an alias.</div>\n\n'
            '<section class="callout">\nFor Launch apps, see [volumes](/docs/apps/volume-storage/).\n</section>\n\n'
            '<Banner variant="danger">\nBack up before `pg_resetwal`.\n</Banner>\n\n<Banner variant="primary">\nBeta.\n'
            '</Banner>\n\n<div class="grid">\nTwo columns.\n</div>\n')
    got = _shown(text)
    assert got.startswith("**Warning**  \nAlways provision **two volumes** per app.\n\n\n")
    assert "\n\n**Important:** A fork does not sync.\n\n" in got and got.count("Important") == 1
    assert "\n**Note**: `fly vol` is an alias.\n" in got
    assert "\nFor Launch apps, see [volumes](/docs/apps/volume-storage/).\n" in got and "section" not in got
    assert "**Danger**  \nBack up before `pg_resetwal`." in got and "**Primary**" not in got
    assert "\nTwo columns.\n" in got and "Grid" not in got      # a wrapper: no title (its lines go, as MDX's do)


def test_a_paragraph_classed_as_a_box_reads_as_the_box():
    """Miniflux's docs: `<p class="warning">Internet Explorer ... not supported.</p>`, 10 notes in 9 pages, stayed raw
    tags in the index and in answers while its `<div class="...">` notes read as boxes. Control: a paragraph whose
    class names no box stays as written."""
    got = _shown('<p class="warning">Internet Explorer is not supported.</p>\n\n<p class="info">\nSystemd reads '
                 '`/etc/miniflux.conf`.\n</p>\n\n<p class="lead">A lead.</p>\n')
    assert got.startswith("**Warning:** Internet Explorer is not supported.\n\n**Info**  \nSystemd reads ")
    assert got.count("<p") == 1 and '<p class="lead">A lead.</p>\n' in got


def test_an_html_definition_list_reads_as_bold_terms_each_entry_a_block_on_its_lines(fake_embedder):
    """Miniflux's configuration reference is one `<dl>` of 87 options over 456 lines: raw HTML in 15 chunks, 11
    opening mid-entry, and an answer about one option was 271 lines of tags. Each term is now a bold line over its
    definition, where the element stood, and a long list is cut between entries. Controls: a list inside the list,
    and one whose HTML a Markdown paragraph breaks, stay as written."""
    entry = ('    <dt id="{k}"><a href="#{k}"><code>{k}</code></a></dt>\n    <dd>\n        <p>Sets {k} for the '
             'feed poller and the cleanup jobs that run each night.</p>\n        <p><em>Default is {n}.</em></p>\n'
             '    </dd>\n')
    page = "# Config\n\n## Options\n\n<dl class=\"configs\">\n" + "".join(
        entry.format(k=f"OPT_{n}", n=n) for n in range(30)) + "</dl>\n\nDone.\n"
    got = _shown(page)
    assert "<d" not in got and "</p>" not in got and got.endswith("\n\nDone.\n")
    lines = got.splitlines()
    at = lines.index("**`OPT_3`**  ")
    assert page.splitlines()[at].strip().startswith('<dt id="OPT_3">')           # on its element's line
    assert lines[at + 2:at + 4] == ["Sets OPT_3 for the feed poller and the cleanup jobs that run each night.",
                                    "*Default is 3.*"]
    chunks = chunk_document(parse(page, "docs/config.md"), fake_embedder.counter)
    for c in chunks:
        assert c.text.count("**`OPT_") == c.text.count("*Default is"), c.text        # never cut inside an entry
    nested = "<dl>\n<dt>A</dt>\n<dd><dl><dt>B</dt><dd>b</dd></dl></dd>\n</dl>\n"
    broken = "<dl>\n<dt>A</dt>\n\nMarkdown *here*\n<dd>a</dd>\n</dl>\n"
    for kept in (nested, broken):
        assert _shown(kept) == kept                                                   # can fail: read anyway


def test_an_outline_apps_heading_item_with_tab_indented_children_is_a_section_of_list_text():
    """Logseq's docs: `- ## Usage` over `\t- Type /draw` (a tab is four columns): the children, undedented, were an
    indented code block in 567 of 927 chunks. Its block properties (`description:: ...`) are no meta-data: read so,
    117 pages opened with ": ..." and the other properties were lost. Control: Python-Markdown's meta-data stays."""
    page = "type:: [[Feature]]\ndescription:: Paid sync.\n\n- ## Usage\n\t- Type `/draw` to draw.\n\t\t- A child.\n"
    doc = parse(page, "pages/Draw.md")
    assert "".join(doc.lines).endswith("## Usage\n- Type `/draw` to draw.\n    - A child.\n")
    assert doc.meta == {} and doc.title == "Draw" and "description:: Paid sync." in "".join(doc.lines)
    assert parse("title: Sync\ndescription: Paid sync.\n\nText.\n", "s.md").title == "Sync"    # can fail


def test_a_box_inside_a_list_item_reads_as_the_box_and_one_indented_in_code_stays():
    """IVPN's help center: 39 `<div markdown="1" class="notice">` boxes indented inside steps in 25 pages were HTML
    blocks that cut their step's chunk in two and left a stray `</div>` in 41 chunks. Control: the same lines under
    a paragraph, four spaces in, are an indented code block and stay as written."""
    box = '    <div markdown="1" class="notice notice--info">\n    Only your account ID is used.\n    </div>\n'
    got = _shown("1.  Enter your account ID.\n\n" + box + "\n2.  Click Apply.\n")
    assert "Enter your account ID.\n\n    **Info**  \n    Only your account ID is used.\n\n\n2.  Click Apply." in got
    assert _shown("Write this:\n\n" + box) == "Write this:\n\n" + box


def test_an_embed_is_a_link_to_it_and_a_head_element_shows_nothing():
    """Lago's docs: 4 demo videos as one-line `<iframe>`s were dropped as markup, leaving "## Watch the demo video"
    an empty heading shown bare at the end of an answer; Docusaurus's `<head>` meta tags were kept in 2 chunks.
    Controls: an embed of a local path stays as written, a `<header>` is no `<head>`; the number of lines stays."""
    from ingest.markdown import clean_source
    text = ('## Watch the demo video\n<iframe width="100%" src="https://www.youtube.com/embed/Zh7" title="Demo of '
            'Lago" allowfullscreen></iframe>\n\n<iframe src="//player.vimeo.com/video/42"></iframe>\n\n'
            '<head>\n  <meta property="og:image" content="x.png" />\n</head>\n\n<iframe src="/forms/a.html">\n\n'
            '<header>\nKept.\n</header>\n')
    got = _shown(text)
    assert "\n[Demo of Lago](<https://www.youtube.com/embed/Zh7>)\n" in got
    assert "\n[player.vimeo.com](<https://player.vimeo.com/video/42>)\n" in got
    wrapped = '<div style="position: relative;"><iframe src="https://www.loom.com/embed/x" title="Demo"></iframe></div>\n'
    assert clean_source(wrapped) == "[Demo](<https://www.loom.com/embed/x>)\n"     # Datacoves: 10 Loom videos
    assert "meta" not in got and "head>" not in got.replace("header>", "")
    assert '<iframe src="/forms/a.html">' in got and "<header>\nKept.\n</header>" in got
    # NocoDB centers 9 videos, the <iframe> indented under <center>: all 9 had been lost. Control: a <center> round
    # more HTML stays as written.
    centered = ('## Installation Video\n<center>\n    <iframe src="https://www.youtube.com/embed/Ak" allowFullScreen >'
                '</iframe>\n</center>\n\n<center>\n<b>Centered</b>\n</center>\n')
    assert clean_source(centered) == ("## Installation Video\n\n[www.youtube.com](<https://www.youtube.com/embed/Ak>)"
                                      "\n\n\n<center>\n<b>Centered</b>\n</center>\n")


def test_a_script_or_style_block_shows_nothing():
    """VitePress pages hold Vue's `<script setup>` and `<style>` (10 of Koel's 39): the code was stored in a
    section's chunk and shown in citations. Controls: a script left open stays as written (nothing after it is
    blanked), and one in a code block is code; the number of lines stays."""
    text = ("Reload Koel.\n\n<script lang=\"ts\" setup>\nimport config from '../config'\n\nonMounted(() => {\n"
            "  window.createLemonSqueezy()\n})\n</script>\n\n<style lang=\"postcss\" module>\nol img { margin: 0 }\n"
            "</style>\n\n```html\n<script>\nshown()\n</script>\n```\n\n<SCRIPT>\nleft open\n\nThe end.\n")
    got = _shown(text)
    assert "createLemonSqueezy" not in got and "margin" not in got and "postcss" not in got
    assert "```html\n<script>\nshown()\n</script>\n```" in got and "left open" in got and "The end." in got


def test_hugo_highlight_and_mermaid_shortcodes_are_code_blocks():
    """Codemagic's docs (Hugo): 900 `{{< highlight >}}` blocks in 151 files read as prose; a shell comment in one
    (`# Pods for Runner`) became a heading that 389 chunks carried in their heading path. Controls: a stray fence
    inside the code does not end the block, and the shortcode shown inside a code block stays as written."""
    text = ("# iOS\n\n## Pods fail\n\n{{< highlight bash \"style=paraiso-dark\">}}\n# Pods for Runner\nplatform :ios\n"
            "```\n{{< /highlight >}}\n\n## M2\n\nPick another instance.\n\n{{< mermaid >}}\ngraph TD; A-->B\n"
            "{{< /mermaid >}}\n\n```\n{{< highlight go >}}\nx := 1\n{{< /highlight >}}\n```\n")
    doc = parse(text, "ios.md")
    assert [s.heading_path for s in doc.sections] == [("iOS",), ("iOS", "Pods fail"), ("iOS", "M2")]
    got = _shown(text)
    assert "\n````bash\n# Pods for Runner\nplatform :ios\n```\n````\n" in got
    assert "\nDiagram:\n- A → B\n" in got         # a mermaid block, read as a list (ingest/mermaid.py)
    assert "```\n{{< highlight go >}}\nx := 1\n{{< /highlight >}}\n```" in got
    # in a list item, and closed together with its tab (Codemagic: 6 more blocks)
    listed = ("1. Add:\n\n    {{< highlight INI >}}\n      a=1\n    {{< /highlight >}}\n\n{{< highlight yaml >}}\nb: 2\n"
              "{{< /highlight >}}{{< /tab >}}\n")
    assert _shown(listed) == "1. Add:\n\n    ```INI\n      a=1\n    ```\n\n```yaml\nb: 2\n```\n"
    # Jekyll's own tag (Node-RED's docs: 28 blocks in 3 pages read as prose, "# comment" lines as headings)
    jekyll = ("Return it:\n\n{% highlight javascript linenos %}\n// # keep\nreturn msg;\n{% endhighlight %}\n\n"
              "```\n{% highlight js %}\nx\n{% endhighlight %}\n```\n")
    assert _shown(jekyll) == ("Return it:\n\n```javascript\n// # keep\nreturn msg;\n```\n\n"
                              "```\n{% highlight js %}\nx\n{% endhighlight %}\n```\n")


def test_an_inline_hugo_code_shortcode_is_a_code_span_and_a_version_badge_its_version():
    """PrestaShop's docs (Hugo): `{{< code >}}[1|5]{{< /code >}}` in a table cell lost its code, and its `|` split
    the cell (20 cells in 7 pages); `Starting from {{< minver v="8.0" >}}, the setting` read "Starting from  , the
    setting" (77 lines in 38 pages). Controls: code shows the shortcode as written; an icon's name is no version."""
    page = ("# Filters\n\n| Key | Value |\n| --- | --- |\n| **filter[field]** | {{< code >}}[1|5]{{< /code >}} |\n\n"
            "Use {{< code >}}a|b{{< /code >}}. Starting from {{< minver v=\"8.0\" >}}, the setting works. "
            "{{< icon \"fa-desktop\" >}}\n\n```\n{{< code >}}x{{< /code >}}\n```\n")
    got = _shown(page)
    assert "| **filter[field]** | `[1\\|5]` |\n" in got and "Use `a|b`." in got      # can fail: "| [1|5] |"
    assert "Starting from 8.0, the setting" in got and "fa-desktop" not in got
    assert "```\n{{< code >}}x{{< /code >}}\n```" in got


def test_a_liquid_box_of_a_kind_is_titled_by_its_title_or_its_kind():
    """Marlin's docs (Jekyll): `{% panel info Step Calculator %}` read "**info Step Calculator**" and `{% alert error
    MINTEMP %}` "**error MINTEMP**" (12 boxes). Controls: a box of a kind alone is that kind; a tag's words that
    start with no kind stay whole; inline, a tag's word is text."""
    page = ("# Steps\n\n{% panel info Step Calculator %}\nUse it.\n{% endpanel %}\n\n{% alert error MINTEMP %}\nCold."
            "\n{% endalert %}\n\n{% panel info %}\nX.\n{% endpanel %}\n\n{% faqitem Info about the fan %}\nY.\n"
            "{% endfaqitem %}\n\nWhen an {% term automation %} runs.\n")
    got = _shown(page)
    assert "**Step Calculator**\nUse it." in got and "**MINTEMP**\nCold." in got     # can fail: "**info Step ..."
    assert "**Info**\nX." in got and "**Info about the fan**" in got and "When an automation runs." in got


def test_an_mdx_comment_shows_nothing_and_a_tab_with_only_a_value_shows_it():
    """Documenso's docs (Fumadocs MDX): 177 `{/* prettier-ignore */}` in 63 files were in 174 chunks, one answer's
    whole body; 248 of 267 tab labels (`<Tab value="...">`) were lost, so a group's tabs ran together. Controls:
    a comment in code stays, a label wins over a value; the number of lines stays."""
    text = ("### Enable 2FA\n\n{/* prettier-ignore */}\nOpen **Security**.\n\n{/*\n  two lines\n*/}\n\n"
            "<Tabs items={['One session', 'All']}>\n<Tab value=\"One session\">\nClick **Revoke**.\n</Tab>\n</Tabs>\n\n"
            "<Tabs>\n<TabItem value=\"apple\" label=\"Apple\">\nAn apple.\n</TabItem>\n</Tabs>\n\n"
            "```mdx\n{/* shown */}\n```\n")
    got = _shown(text)
    assert "prettier" not in got and "two lines" not in got and "```mdx\n{/* shown */}\n```" in got
    assert "**One session**  \nClick **Revoke**." in got and "**Apple**  \nAn apple." in got and "apple**" not in got


def test_an_mdx_comment_holding_code_shows_nothing():
    """Betaflight's board pages: `{/* the `BETAFPVG473` target is ... */}` was shown in 2 chunks: the code span inside
    kept the comment from being read as one. Control: a comment written in inline code is the syntax shown."""
    got = _shown("# Board\n\n{/* Identity: the `BETAFPVG473` target is\nBETAFPV's first */}\nIt has a G473.\n\n"
                 "Write `{/* note */}` to hide a note.\n")
    assert "Identity" not in got and "It has a G473." in got
    assert "`{/* note */}`" in got                          # can fail: a comment in code removed


def test_an_mdx_import_over_several_lines_goes():
    """Documenso's landing page opens `import {` with one icon a line and `} from 'lucide-react';`: kept as text, it
    was in 4 chunks. Controls: the same import in a code block is code, and an `import {` nothing closes stays."""
    from ingest.markdown import clean_source
    text = ("import {\n  BookOpenIcon,\n  CodeIcon,\n} from 'lucide-react';\n\n# Docs\n\nText.\n\n```js\nimport {\n"
            "  a,\n} from 'b';\n```\n\nimport {\nnever closed\n")
    got = clean_source(text)
    assert got.count("\n") == text.count("\n") and "Icon" not in got
    assert "```js\nimport {\n  a,\n} from 'b';\n```" in got and "import {\nnever closed" in got


def test_a_heading_inside_steps_is_a_subsection_of_the_procedure():
    """Documenso's docs (Fumadocs): a step is its heading inside <Steps>, in 30 of 88 blocks at the procedure's own
    level, so the steps were the procedure's siblings and "Enable 2FA" kept none. A step's heading is numbered, as
    the site shows it, its anchor its title's (answers grow a lead to the steps around it: app/growth.step_runs).
    Controls: a heading after the block keeps its level, and a deeper step heading stays as written."""
    text = ("# Security\n\n### Enable 2FA\n\n<Steps>\n  <Step>\n    ### Open setup\n\n    Click **Enable 2FA**.\n\n"
            "  </Step>\n  <Step>\n    #### Scan the code\n\n    Scan it.\n  </Step>\n</Steps>\n\n### Disable 2FA\n\nClick.\n")
    sections = parse(text, "security.mdx").sections
    assert [s.heading_path for s in sections][1:] == [
        ("Security", "Enable 2FA"), ("Security", "Enable 2FA", "1. Open setup"),
        ("Security", "Enable 2FA", "2. Scan the code"), ("Security", "Disable 2FA")]
    assert [s.anchor for s in sections][2:4] == ["open-setup", "scan-the-code"]
    untitled = ("# Send\n\n<Steps>\n<Step>\nPick a file.\n\n### Not a title\n\nMore.\n</Step>\n</Steps>\n\n"
                "## Failed to get private key\n\nRe-create it.\n")
    assert [s.heading_path[-1] for s in parse(untitled, "send.mdx").sections][1:] == [
        "Not a title", "Failed to get private key"]         # can fail: "None. Failed to get private key"


def test_a_tab_title_the_heading_under_it_repeats_is_not_shown():
    """Hoppscotch's docs (Mintlify): `<Tab title="Proxy">` over `## Proxy` left "**Proxy**" ending the section
    before (4 of 9 tabs), shown at the end of another answer. Control: a heading that says something else keeps
    the tab's title; the number of lines stays."""
    from ingest.markdown import clean_source
    text = ('Intro.\n\n<Tabs>\n  <Tab title="Proxy">\n    ## Proxy\n\n    Set it.\n  </Tab>\n'
            '  <Tab title="Agent">\n    ## Install the agent\n\n    Run it.\n  </Tab>\n</Tabs>\n')
    got = clean_source(text)
    assert got.count("\n") == text.count("\n") and got.count("Proxy") == 1 and "## Agent\n### Install" in got
    assert [s.heading_path[1:] for s in parse(text, "interceptor.mdx").sections][-3:] == [
        ("Proxy",), ("Agent",), ("Agent", "Install the agent")]           # a tab holding headings (tab_headings)


def test_a_components_title_over_a_heading_goes_under_it():
    """Polar's changelog (Mintlify): `<Update label="2026-07-28">` over `## Per-customer discount limits` made the
    date a bold line ending the entry before (33 of 34 dates). The title goes under the heading, in its section;
    the number of lines stays. Control: a title with text under it stays where it is."""
    from ingest.markdown import clean_source
    text = ('# Changelog\n\n<Update label="2026-07-28">\n## Discount limits\n\nCap each customer.\n</Update>\n\n'
            '<Update label="2026-07-21">\n## Embed hosts\n\nAllow hosts.\n</Update>\n\n<Accordion title="Why?">\n'
            'Because.\n</Accordion>\n')
    got = clean_source(text)
    assert got.count("\n") == text.count("\n")
    assert "## Discount limits\n**2026-07-28**" in got and "## Embed hosts\n**2026-07-21**" in got
    assert "**Why?**  \nBecause." in got or "**Why?**\nBecause." in got            # can fail: moved for no heading
    doc = parse(text, "changelog.mdx")
    own = {s.heading_path[-1]: "".join(doc.lines[s.start:s.end]) for s in doc.sections}
    assert "2026-07-21" not in own["Discount limits"] and "2026-07-21" in own["Embed hosts"]


def test_a_summary_written_over_three_lines_titles_its_box():
    """Betaflight's wiki: `<summary>`, "CLI Copy/Paste" and `</summary>` on lines of their own stayed raw in 21
    chunks, the box untitled. Controls: the number of lines stays, and a one-line summary reads as before."""
    from ingest.markdown import clean_source
    text = "# Presets\n\n<details>\n<summary>\nCLI Copy/Paste\n</summary>\n\nPaste it.\n</details>\n"
    got = clean_source(text)
    assert "**CLI Copy/Paste**" in got and "summary>" not in got and got.count("\n") == text.count("\n")
    one = clean_source("# P\n\n<details><summary>CLI Copy/Paste</summary>\n\nPaste it.\n</details>\n")
    assert "**CLI Copy/Paste**" in one and "summary>" not in one


def test_an_mdx_page_has_no_indented_code():
    """MDX has no indented code blocks: Hoppscotch's paragraphs indented under a heading were 4 code-block chunks,
    one an answer's lead shown as code. Controls: the same text in a .md page is code, and a fence keeps its
    indentation."""
    text = "# Helm\n\n#### Helm 3\n    Helm is a package manager.\n\n    It installs charts.\n\n```bash\n    kept\n```\n"
    mdx = "".join(parse(text, "helm.mdx").lines)
    assert "\nHelm is a package manager.\n\nIt installs charts.\n" in mdx and "```bash\n    kept\n```" in mdx
    assert "\n    Helm is a package manager." in "".join(parse(text, "helm.md").lines)


def test_a_premonition_box_is_a_titled_quote():
    # Segment's docs (Jekyll Premonition): `> warning "Title"` and `> info ""` in 567 chunks, 7 of 36 answers
    page = ('# Workspaces\n\n> warning "Tracking Plans do not transfer"\n> Deleting a workspace deletes them.\n\n'
            '> info ""\n> Plain note.\n\n> He wrote:\n> note "x"\n')
    text = _rendered(page, "docs/workspaces.md")
    assert "> **Tracking Plans do not transfer**  \n> Deleting" in text and "> **Info**  \n> Plain note." in text
    assert '> note "x"' in text                                 # can fail: a line inside a quote is no marker


def test_a_docsify_alert_keeps_its_text_as_the_body_under_its_kind():
    """Datacoves' docs (Docsify flexible alerts): `>[!ATTENTION]Text` was read as an Obsidian title, so 106 alerts in
    62 pages became a bold line with no label; `[!NOTE|label:X]` names its own label. Control: Obsidian's
    lower-case kind keeps the text as its title."""
    from ingest.markdown import clean_source
    text = (">[!ATTENTION]Repo access is required.\n\n> [!NOTE|label:Heads up]\n> Read this.\n\n"
            "> [!tip]- My title\n> body\n")
    got = clean_source(text)
    assert got.startswith(">**Attention:** Repo access is required.\n") and "> **Heads up**  \n> Read this." in got
    assert "> **My title**  \n> body" in got and got.count("\n") == text.count("\n")


def test_docsify_tips_and_tabs_read_as_the_site_shows_them():
    """GuestBell's Docsify pages open 37 paragraphs with `?>` / `!>` (an answer read "!> If your card was
    declined..."); docsify-tabs labels (`#### **SSH**` between the tabs comments) were sections of their own.
    Controls: a bold heading outside the tabs stays a heading, a marker in code stays; the lines keep their
    numbers."""
    from ingest.markdown import clean_source
    text = ("?> An **Expert mode** feature.\n\n!> If your card was declined, retry.\n\n<!-- tabs:start -->\n\n"
            "#### **SSH**\n\nUse a key.\n\n<!-- tabs:end -->\n\n#### **Outside**\n\n```\n?> code\n```\n")
    got = clean_source(text)
    assert got.startswith("An **Expert mode** feature.\n\nIf your card was declined, retry.\n")
    assert "**SSH**  \n\nUse a key." in got and "#### **Outside**" in got and "?> code" in got
    assert got.count("\n") == text.count("\n")


def test_code_at_the_margin_of_an_indented_box_keeps_its_indentation():
    """Semaphore's FAQ: a `<details>` body indented two spaces holds YAML fences at the margin; dedented with the
    body, 69 lines in 5 blocks lost their indentation ("commands:\\n- >-\\nif [ ..."), and the heading after the
    box was filed under the box before. `!!!warning "..."` (no space, as Python-Markdown allows) stayed raw."""
    from ingest.markdown import clean_source
    text = ("<details>\n  <summary>Click for details</summary>\n  <p>Use this:</p>\n```yml\ncommands:\n  - >-\n"
            "    if true;\n```\n  </p>\n</details>\n### Why are tags kept?\n\nBecause.\n\n!!!warning \"Careful\"\n"
            "    Back up first.\n")
    got = clean_source(text)
    assert "```yml\ncommands:\n  - >-\n    if true;\n```" in got and "**Careful**" in got and "!!!" not in got
    assert [s.heading_path[-1] for s in parse(text, "faq.md").sections][-1] == "Why are tags kept?"


def test_nuxt_content_mdc_components_read_as_the_site_shows_them():
    """Directus's docs (Nuxt Content, MDC): 649 `::callout` openers and 639 `::` closers were text in 569 chunks; a
    props block's `label:` became a setext heading (52 sections no page has); a `::faq`'s items one section;
    `:icon{...}` the words of 71 chunks; a tab's body indented under it was code. An icon in a sentence is the control
    it names ("click  in the dashboard header" in 61 chunks), a card nested in a grid reads its props (25 had read
    "**U page card**" over a setext heading), `:cta-cloud` alone on its line goes. Controls: a Docusaurus box (three
    colons, no attributes) and code keep their own reading; `10:30{x}` is no component; the lines keep their count."""
    from ingest.markdown import clean_source
    text = ("# SDK\n\n::callout{icon=\"i-lucide-info\"}\nClick :icon{name=\"ms:edit\"} to edit (:badge[Beta]{c=\"g\"}).\n"
            "::\n\n::tabs\n  ::div{class=\"pr-6\"}\n  ---\n  label: Create client with token\n  ---\n  Import it.\n\n"
            "  ```js\n  const a = 1;\n    nested();\n  ```\n  ::\n::\n\n::faq\n---\nitems:\n  - label: How am I paid?\n"
            "    content: By invoice.\n---\n::\n\n:::card{title=\"Quickstart\" to=\"/quickstart\"}\nGet going.\n:::\n\n"
            ":::tip\nA Docusaurus box.\n:::\n\nAt 10:30{x}, `:icon{y}`.\n\n:cta-cloud\n\n::u-page-grid\n  :::u-page-card\n"
            "  ---\n  title: Hooks\n  to: '/hooks'\n  ---\n  Run code on events.\n  :::\n::\n")
    got = clean_source(text)
    assert got.count("\n") == text.count("\n") and "::" not in got.replace("10:30", "")
    assert "\nClick [edit] to edit (Beta).\n" in got and "icon" not in got.split("At")[0]     # can fail: "Click  to"
    assert "cta" not in got and "**[Hooks](/hooks)**" in got and "title:" not in got
    assert "**Create client with token**" in got and "label:" not in got
    assert "\nImport it.\n\n```js\nconst a = 1;\n  nested();\n```\n" in got
    assert "**How am I paid?** By invoice." in got and "**[Quickstart](/quickstart)**  \nGet going." in got
    assert "**Tip**  \nA Docusaurus box." in got and "At 10:30{x}, `:icon{y}`." in got
    headings = [s.heading_path for s in parse(text, "sdk.md").sections]
    assert headings == [("SDK",)]


def test_layout_wrappers_and_inline_svg_show_nothing():
    """Valetudo's docs wrap each install method in `<div class="section-box">` (its tags in 8 chunks, a lone `</div>`
    in 17 and at the end of an answer); its 404 page is an inline SVG logo, 6 KB of path data in a chunk. Controls:
    a wrapper followed by more HTML stays as written with its closing tag, and so does one in code."""
    page = ('# Dreame\n\n<div class="section-box">\n\n## UART shell\n\nConnect the adapter.\n\n</div>\n\n'
            '<svg width="5" viewBox="0 0 5 5">\n<path d="m156.11 81.6q-7.5-16.2"/>\n</svg>\n\n'
            '<div class="grid">\nTwo columns.\n</div>\n\n```html\n<div class="x">\n\n</div>\n```\n')
    text = _rendered(page, "docs/service/dreame.md")
    assert "section-box" not in text and "<svg" not in text and "m156" not in text
    assert "## UART shell\n\nConnect the adapter.\n" in text
    assert '<div class="grid">\nTwo columns.\n</div>\n' in text and '```html\n<div class="x">\n\n</div>\n```' in text
    # a wrapper over a table: the table is read as a pipe table (Node-RED's floated reference tables, 6 left raw)
    floated = ('# Groups\n\n<div style="width: 400px; float: right">\n<table class="action-ref">\n <tr><th>Reference'
               '</th><th></th></tr>\n <tr><td>Key</td><td><code>Ctrl-c</code></td></tr>\n</table>\n</div>\n\nCopy it.\n')
    text = _rendered(floated, "docs/service/groups.md")
    assert "| Key | `Ctrl-c` |" in text and "<div" not in text and "</div>" not in text


def test_a_video_in_a_wrapper_is_a_link_and_a_linked_picture_goes():
    """Home Assistant's companion docs put a video in `<div class='videoWrapper'>` over three lines: the wrapper
    stayed round the link, and the answer showed "[www.youtube-nocookie.com]()". Valetudo's and Klipper's
    `[<img src=...>](url)` left an empty link "[](url)" in 7 chunks. Control: a picture's alt text in Markdown stays."""
    page = ("# Links\n\n<div class='videoWrapper'>\n<iframe src=\"https://www.youtube-nocookie.com/embed/x\" "
            "title=\"Universal links\"></iframe>\n</div>\n\nGet it [<img src=\"b.png\" height=60>](https://shop.example)"
            " today, or ![Shop](s.png).\n")
    text = _rendered(page, "docs/service/links.md")
    assert "[Universal links](<https://www.youtube-nocookie.com/embed/x>)\n" in text and "videoWrapper" not in text
    assert "[](" not in text and "Get it  today, or ![Shop](s.png)." in text


def test_a_heading_that_holds_a_picture_is_titled_by_its_alt_text():
    """Home Assistant's companion docs: `## ![Android](/assets/android.svg)` titled its section with the Markdown
    itself (anchor #androidassetsandroidsvg) and `### ![Android](...) Alarm Stream` lost the platform ("Alarm
    Stream"; the site's anchor is #android-alarm-stream): 13 headings, 11 anchors not the site's."""
    doc = parse("# Critical\n\n## ![Android](/assets/android.svg)\n\nText.\n\n### ![Android](/a.svg) Alarm Stream\n\n"
                "More.\n", "docs/service/critical.md")
    assert [(s.heading_path[-1], s.anchor) for s in doc.sections[1:]] == [
        ("Android", "android"), ("Android Alarm Stream", "android-alarm-stream")]


def test_a_box_title_already_bold_or_a_picture_reads_once():
    """`<summary>**Android**</summary>` read "****Android****" (5 chunks) and `:::note ![iOS](/assets/iOS.svg)`
    "**![iOS](/assets/iOS.svg)**" (4 boxes) on Home Assistant's companion docs."""
    page = ("# Notes\n\n<details>\n<summary>**Android**</summary>\n\nTurn it on.\n\n</details>\n\n"
            ":::note ![iOS](/assets/iOS.svg)\nOnly on iPhone.\n:::\n\n<details>\n<summary><strong>Windows</strong>"
            "</summary>\n\nUse WSL.\n\n</details>\n")
    text = _rendered(page, "docs/service/notes.md")
    assert "**Android**  \n" in text and "****" not in text and "**iOS**  \n" in text
    assert "**Windows**  \n" in text and "<strong>" not in text


def test_a_liquid_box_tag_shows_its_kind_as_a_title():
    """Valetudo's docs (Eleventy): `{% alert "warning" %}Some information...{% endalert %}` read "warningSome
    information" in 7 chunks, and a box alone on its line a lowercase "**note**" (18). Control: another tag's
    argument is still its text."""
    page = ('# MQTT\n\n{% alert "warning" %}Some information may differ.\n\n{% endalert %}\n\n{% alert "note" %}\n'
            'A note body.\n{% endalert %}\n\nWhen an {% term automation %} runs.\n')
    text = _rendered(page, "docs/service/mqtt.md")
    assert "**Warning:** Some information may differ.\n" in text and "**Note**" in text
    assert "When an automation runs." in " ".join(text.split(" "))


def test_a_tab_is_titled_by_the_label_its_page_lists_for_its_value():
    """ZMK's docs list tab labels with their values, in `<Tabs values={[...]}>` or in a component the page exports
    (`export const PinTabs = (props) => <Tabs values={[{label: "Tester Shield", value: "shield"}, ...]}>`): 64 chunks
    titled a tab by its value ("**shield**", "**win**"). Control: a value no list labels is still its own title."""
    page = ('# Pins\n\nexport const PinTabs = (props) => (\n  <Tabs values={[ { label: "Tester Shield", value: "shield" },'
            ' { value: "multi", label: "Multimeter" } ]}>\n    {props.children}\n  </Tabs>\n);\n\n<PinTabs>\n'
            '<TabItem value="shield">\n\nUse the shield.\n\n</TabItem>\n<TabItem value="multi">\n\nUse a meter.\n\n'
            '</TabItem>\n<TabItem value="other">\n\nOther.\n\n</TabItem>\n</PinTabs>\n')
    text = _rendered(page, "docs/service/pins.mdx")
    assert "**Tester Shield**  \n" in text and "**Multimeter**  \n" in text and "**other**  \n" in text
    assert "**shield**" not in text


VA_FAQ = """\
---
title: Sign-in FAQ
---

<div itemscope itemtype="http://schema.org/FAQPage">
  <article class="usa-content">
    <h1>Questions about signing in</h1>
    <div class="row">
      <h4>Signing in</h4>
      <ul class="usa-accordion">
        <li itemscope itemtype="http://schema.org/Question">
          <button class="usa-button-unstyled usa-accordion-button" aria-controls="faq-0">How do I sign in? </button>
          <div id="faq-0" class="usa-accordion-content">
            <p>Use your <strong>DS Logon</strong> account.</p>
            <pre>
  keep   this
# not a heading
            </pre>
          </div>
        </li>
        <li itemscope itemtype="http://schema.org/Question">
          <button class="usa-accordion-button" aria-controls="faq-1">What if I forgot my password?</button>
          <div id="faq-1" class="usa-accordion-content">
            <p>Reset it from the sign-in page.</p>
          </div>
        </li>
      </ul>
    </div>
  </article>
</div>

    <h2>Code</h2>
"""


def test_an_html_heading_written_over_several_lines_is_a_section():
    """The TTS handbook's USWDS accordion: `<h3 class="usa-accordion__heading">` over a `<button` whose attributes
    and text take 7 lines: 11 step titles were no sections, their markup shown in 11 chunks. Control: a heading
    with no words (an icon) is no section, nor is a lead paragraph styled as one (USAJOBS' 24-75 word leads)."""
    step = ('<h3 class="usa-accordion__heading">\n<button\n  class="usa-accordion__button"\n  aria-expanded="false"\n'
            '  type="button"\n>\n{title}\n</button>\n</h3>\n\n<div class="usa-accordion__content" markdown=1>\n'
            '{body}\n</div>\n\n')
    page = ("# Playbook\n\n## Steps\n\n" + step.format(title="Step 1: Join the bureau", body="Fill in the form.")
            + step.format(title="Step 2: Decide", body="Ask your lead.") + "<h3>\n<i class='icon'></i>\n</h3>\n\n"
            + '<h2 class="lead">\n  It is the policy of the government to hire on merit.\n</h2>\n')
    doc = parse(page, "docs/playbook.md")
    assert [s.heading_path[-1] for s in doc.sections] == ["Playbook", "Steps", "Step 1: Join the bureau", "Step 2: Decide"]
    assert len(doc.lines) == page.count("\n") and not any("<button" in line for line in doc.lines)


def test_a_page_written_in_html_has_its_headings_and_accordion_questions_as_sections():
    """VA.gov's FAQ pages are HTML without a blank line: one raw block, so its `<h4>`s (58 in 21 pages) were no
    sections, the 117 questions of its accordions (`<button class="usa-accordion-button">`) sat in the middle of
    chunks and answers grown to their block ran to 1,000 words; its lines, 20 spaces deep, read as code. Controls:
    `<pre>` keeps its spaces and its `# comment` is no heading, and an HTML heading in an indented code block stays
    code."""
    doc = parse(VA_FAQ, "pages/sign-in-faq.md")
    assert [s.heading_path[1:] for s in doc.sections if s.anchor] == [
        ("Questions about signing in",), ("Questions about signing in", "Signing in"),
        ("Questions about signing in", "Signing in", "How do I sign in?"),
        ("Questions about signing in", "Signing in", "What if I forgot my password?")]
    text = "".join(doc.lines)
    assert text.count("\n") == VA_FAQ.count("\n")
    assert "\n<p>Use your <strong>DS Logon</strong> account.</p>\n" in text and "\n  keep   this\n" in text
    assert "\n    <h2>Code</h2>\n" in text
    first = next(s for s in doc.sections if s.anchor == "how-do-i-sign-in")
    assert "".join(doc.lines[first.start:first.end]).startswith("##### How do I sign in?\n")


def test_a_box_whose_class_names_its_kind_in_parts_is_titled():
    """VA.gov's USWDS alerts (`<div class="usa-alert usa-alert-info">`, 29 in 24 pages) and Bootstrap's `alert
    alert-warning` stayed raw HTML: only a class that is a kind word was read. Control: a class that only contains a
    kind word, with no part naming a box (`note-list`), stays as written."""
    page = ('# Apply\n\n<div class="usa-alert usa-alert-info">\n\nEnrollment is open until March.\n\n</div>\n\n'
            '<div class="alert alert-warning">\n\nBring your ID.\n\n</div>\n\n<div class="note-list">\nA list.\n</div>\n')
    text = _rendered(page, "docs/service/apply.md")
    assert "**Info**  \n" in text and "**Warning**  \n" in text and "usa-alert" not in text
    assert '<div class="note-list">\nA list.\n</div>\n' in text


def test_a_heading_inside_a_tab_does_not_head_the_tabs_after_it():
    """ZMK's docs: `#### Acquiring tester firmware` inside the Tester Shield tab headed the Multimeter and Visual
    Inspection tabs after it (11 chunks in 3 pages); the site shows those tabs as its siblings. Control: tabs with
    no heading in them keep their bold titles."""
    page = ('# Hardware\n\n## Testing pins\n\n<Tabs>\n<TabItem value="shield" label="Tester Shield">\n\nUse the shield.'
            '\n\n#### Acquiring tester firmware\n\nFlash it.\n\n</TabItem>\n<TabItem value="meter" label="Multimeter">\n\n'
            'Use a meter.\n\n</TabItem>\n</Tabs>\n\n## Next\n\n<Tabs>\n<TabItem value="a" label="Linux">\n\nRun it.\n\n'
            '</TabItem>\n<TabItem value="b" label="macOS">\n\nOpen it.\n\n</TabItem>\n</Tabs>\n')
    doc = parse(page, "docs/service/hardware.mdx")
    assert [s.heading_path[1:] for s in doc.sections if len(s.heading_path) > 1] == [
        ("Testing pins",), ("Testing pins", "Acquiring tester firmware"), ("Testing pins", "Multimeter"), ("Next",)]
    assert "**Linux**  \n" in "".join(doc.lines) and "**macOS**  \n" in "".join(doc.lines)


def test_a_picture_that_is_all_a_table_cell_says_is_its_alt_text():
    """Home Assistant's companion docs head their feature table's columns with `<th><img alt="iOS" ... /></th>`:
    the columns had no names. So is one in a sentence, as a screen reader reads it (the Kavita wiki: "resume where
    you left off by clicking <img alt='the "continue" button'>. This will open..." read "by clicking\n. This will
    open"). Control: a picture alone on its line still shows nothing."""
    page = ('# Features\n\n<table>\n<tr><th>Feature</th><th><img alt="iOS" src="/assets/iOS.svg" /></th></tr>\n'
            '</table>\n\n| Feature | <img alt="Android" src="a.svg"> |\n|---|---|\n| Widgets | yes |\n\n'
            'Resume by clicking\n<img alt=\'the "continue" button\' src="c.png" />. This opens it.\n\n'
            '<img alt="logo" src="l.png">\n')
    text = _rendered(page, "docs/service/features.md")
    assert "<th>iOS</th>" in text and "| Feature | Android |" in text and "logo" not in text
    assert 'Resume by clicking\nthe "continue" button. This opens it.' in text          # can fail: the alt lost


def test_a_one_line_box_shows_its_text_without_icon_or_layout_tags():
    # the LineageOS wiki's note (documentation-theme-jekyll): "Info" over "info_outline Note: ..." inside raw <div>s
    page = ('# Gapps\n\n<div class="alert alert-info" role="alert"><div class="alert-icon"><i class="material-icons">'
            'info_outline</i></div><div class="alert-text" markdown="span"><b>Note:</b> Reset first.</div></div>\n')
    text = _rendered(page, "gapps.md")
    assert "\n<b>Note:</b> Reset first.\n" in text and "info_outline" not in text and "**Info:**" not in text
    # can fail: a box whose text names no kind is titled by its class
    assert "**Warning:** Reset first." in _rendered('<div class="alert alert-warning">Reset first.</div>\n', "a.md")


def test_a_tag_written_as_a_links_target_is_that_target():
    # the TTS handbook (Eleventy): `[software]({% page "/software/" %})` read "[software]()" in 281 chunks, and
    # reference definitions to such tags ran together into one broken link
    page = ('# Equipment\n\nSee the [software]({% page "/software/" %}) page.\n\n[Travel][guide-2] next.\n\n'
            '[guide-2]: {% page "/travel-guide/2/" %}\n\nAsk {% slack_channel "people-ops" %} first.\n')
    text = _rendered(page, "pages/equipment.md")
    assert "[software](/software/)" in text and "[Travel](/travel-guide/2/) next" in text
    assert "Ask people-ops first." in text                  # can fail: a tag elsewhere shows its words, no target


def test_mermaid_diagrams_read_as_lists_in_pages_hugo_shortcodes_and_list_items():
    """Saleor's docs: 89 chunks were Mermaid source, and one answer's lead was a flowchart's `A{...} -->|No|`.
    Hugo's `{{< mermaid >}}` and a diagram inside a list item are read too (ingest/mermaid.py)."""
    page = ("# Flow\n\n1. Check:\n\n   ```mermaid\n   graph TD\n     A[Paid?] -->|No| B[Retry]\n   ```\n\n"
            "{{< mermaid >}}\nsequenceDiagram\n  App->>API: refund\n{{< /mermaid >}}\n")
    text = _rendered(page, "docs/service/flow.md")
    assert "   Diagram:\n\n   - Paid? — No → Retry\n" in text and "- App → API: refund\n" in text
    assert "```" not in text and "-->" not in text


def test_a_mermaid_diagram_in_a_div_is_read_as_the_diagram():
    """PrestaShop's docs (Hugo): `<div class='mermaid'>` over a state diagram showed the element and its source in
    8 chunks of 5 pages, one an answer's lead. Controls: lines stay; the element in code is shown as written."""
    page = ("# Steps\n\n<div class='mermaid'>\nstateDiagram-v2\n    [*] --> UpgradeNow\n    UpgradeNow --> Download\n"
            "</div>\n\nText.\n\n```html\n<div class=\"mermaid\">\ngraph TD; A-->B\n</div>\n```\n")
    text = _rendered(page, "docs/service/steps.md")
    assert "- Start → UpgradeNow\n- UpgradeNow → Download\n" in text and "stateDiagram" not in text  # can fail
    assert '```html\n<div class="mermaid">\ngraph TD; A-->B\n</div>\n```' in text
    assert "".join(parse(page, "docs/service/steps.md").lines).count("\n") == page.count("\n")


def test_wikijs_boxes_tabsets_classes_and_image_sizes_read_as_the_site_shows_them():
    """Wiki.js's docs: `*(since v2.5)*{.caption}` kept its class words (14 chunks; they cost a passage its rank),
    `### Tab {.tabset}` put "Tab" in 122 chunks' heading paths, 147 `{.is-warning}` boxes read as plain quotes and
    `![x](a.png =500x)` showed raw. Controls: a heading's id after no space stays its anchor, a quote with no
    class stays a plain quote, and code keeps the syntax."""
    page = ("# Install\n\n## Database\n\n- FIDO2 *(Yubikey 5)*{.caption}\n- Pick one of these.{.is-info}\n\n"
            "> Do not upgrade from 1.x.\n> Migrate instead.\n{.is-danger}\n\n> Just a quote.\n\n"
            "### Tab {.tabset}\n\n#### MySQL{#my-sql}\n\n![Logo](/logo.png =500x)\n\n```md\n> x\n{.is-info}\n*a*{.b}\n```\n")
    doc = parse(page, "docs/service/install.md")
    text = "".join(doc.lines)
    assert text.count("\n") == page.count("\n")
    assert "- FIDO2 *(Yubikey 5)*\n- Pick one of these.\n" in text and "![Logo](/logo.png)\n" in text
    assert "> **Danger:** Do not upgrade from 1.x.\n> Migrate instead.\n" in text and "\n> Just a quote.\n" in text
    assert "```md\n> x\n{.is-info}\n*a*{.b}\n```" in text and "{.is-danger}" not in text and "Tab" not in text
    assert [(s.heading_path, s.anchor) for s in doc.sections][-1] == (("Install", "Database", "MySQL"), "my-sql")


def test_wikijs_attributes_after_a_blank_end_of_line_and_an_icon_its_heading_repeats_go():
    """Servarr's wiki (Wiki.js): 228 quote lines end "... this {.is-warning}" and 397 list items "- Discord
    {#discord}", shown as written in 8 of 36 answers, and `## ![Absolute mapping](/a.svg) Absolute mapping` was
    titled "Absolute mapping Absolute mapping". Controls: a heading's id stays its anchor, an icon the heading does
    not repeat is its alt text (Home Assistant's "Android Alarm Stream"), code keeps the syntax."""
    page = ("# Sonarr\n\n> Many providers do not support this {.is-warning}\n\n> One\n> two {.is-info}\n\n"
            "- Discord {#discord}\n- Aria2{#aria2}\n\n## ![Absolute mapping](/a.svg) Absolute mapping\n\n"
            "## ![Android](/b.svg) Alarm Stream {#alarm}\n\n```\n> x {.is-info}\n```\n")
    doc = parse(page, "docs/service/sonarr.md")
    text = "".join(doc.lines)
    assert "> **Warning:** Many providers do not support this\n" in text and "> **Info:** One\n> two\n" in text
    assert "- Discord\n- Aria2\n" in text and "```\n> x {.is-info}\n```" in text
    assert [(s.heading_path[-1], s.anchor) for s in doc.sections][1:] == [
        ("Absolute mapping", "absolute-mapping"), ("Android Alarm Stream", "alarm")]


def test_jekyll_raw_tags_in_code_go_and_numbered_file_names_lose_their_number():
    """Metabase's docs (Jekyll): `WHERE category = {% raw %}{{cat}}{% endraw %}` was shown in 20 chunks of 7 pages
    whose only Liquid was that pair (pasted, the query fails); 12 pages without a title were cited by file name with
    its order number, "02 setting up email". Controls: a fill-in slot with no Liquid on its page stays, and a
    file name that is only a number keeps it."""
    page = "Intro.\n\n```sql\nWHERE category = {% raw %}{{cat}}{% endraw %}\n```\n"
    assert "WHERE category = {{cat}}\n" in _rendered(page, "docs/service/02-setting-up-email.md")
    assert parse(page, "docs/service/02-setting-up-email.md").title == "Setting up email"
    assert "Dear {{name}}," in _rendered("Dear {{name}},\n", "docs/support/reply.md")
    assert parse("Not found.\n", "docs/service/404.md").title == "404"


def test_an_html_headings_id_is_its_sections_anchor():
    """Metabase's troubleshooting guide: `<h2 id="cant-sync-fingerprint-scan">` sections (25 in 6 pages) were cited
    at a slug of their words, where the site's links land nowhere. Control: one with no id takes its words' slug."""
    doc = parse('# T\n\n<h2 id="cant-sync">Metabase can\'t sync</h2>\n\nText.\n\n<h3 class="x">Other</h3>\n\nMore.\n',
                "docs/support/sync.md")
    assert [(s.heading_path[-1], s.anchor) for s in doc.sections][1:] == [("Metabase can't sync", "cant-sync"),
                                                                          ("Other", "other")]


def test_a_headings_permalink_sign_is_no_part_of_its_title():
    """Miniflux's docs: `<h2 id="actions">Actions <a class="anchor" href="#actions">¶</a></h2>`, 183 headings in 23
    pages, read "Actions ¶" in the heading paths of 300 of 393 chunks and in every answer's titles; Sphinx and
    Hugo themes write the same link in Markdown headings, and Duplicati's to its old site's address (258 chunks). Controls:
    a link with words in a heading is its text, and code keeps the sign."""
    doc = parse('# T\n\n<h2 id="actions">Actions <a class="anchor" href="#actions" title="Permalink">¶</a></h2>\n\n'
                'A.\n\n## Setup <a class="headerlink" href="#setup">&para;</a>\n\nB.\n\n## Keys [#](#keys)\n\nC.\n\n'
                '## See <a href="#x">the guide</a>\n\nD.\n\n### License[¶](https://prev-docs.example.com/intro/#license) <a href="#license" id="license"></a>\n'
                '\nMIT.\n\n```md\n## X [¶](https://a.b/#x)\n```\n', "docs/service/page.md")
    assert [(s.heading_path[-1], s.anchor) for s in doc.sections[1:]] == [
        ("Actions", "actions"), ("Setup", "setup"), ("Keys", "keys"), ("See the guide", "see-the-guide"),
        ("License", "license")]
    text = "".join(doc.lines)
    assert "&para;" not in text and "[#]" not in text and "### License\n" in text    # can fail: Duplicati's old URL
    assert text.count("¶") == 1                                                       # code keeps it


def test_a_linked_picture_in_html_is_a_link_named_by_its_alt_text():
    """listmonk's docs: 8 hosting buttons `<a href="..."><img alt="Deploy to Elestio" .../></a>` were left as empty
    `<a href>` elements, the providers' names gone. Control: with no alt text the link shows its address."""
    text = _rendered('# Hosting\n\n<a href="https://dash.elest.io/x"><img src="b.png" alt="Deploy to Elestio" /></a>\n'
                     '<br />\nOr <a href="https://x.io"><img src="c.png"></a>.\n', "docs/service/hosting.md")
    assert "[Deploy to Elestio](https://dash.elest.io/x)\n" in text and "Or [https://x.io](https://x.io).\n" in text


def test_an_mdx_pages_metadata_title_fills_its_heading_expression():
    """Medusa's docs (Next.js MDX): `export const metadata = { title: ... }` over `# {metadata.title}` titled all
    1,256 chunks of 99 pages "{metadata.title}"; with the titles, 26 of 30 questions were answered, not 17.
    Controls: an expression naming no exported string stays, and so does one in code."""
    page = ("export const metadata = {\n  title: `Edit an Order’s Items`,\n}\n\n# {metadata.title}\n\nSee {props.x}.\n"
            "\n```jsx\n<h1>{metadata.title}</h1>\n```\n")
    doc = parse(page, "docs/service/edit/page.mdx")
    assert doc.title == "Edit an Order’s Items" and doc.sections[0].anchor == "edit-an-orders-items"
    text = "".join(doc.lines)
    assert "See {props.x}." in text and "<h1>{metadata.title}</h1>" in text and text.count("\n") == page.count("\n")


def test_a_component_handed_its_entries_as_data_shows_them_as_a_list():
    """Medusa's docs: `<CardList items={[{href, title, text}, ...]} />` and `<Prerequisites items>` lost 85 of 91
    card texts and 16 of 17 prerequisites. Controls: <Tabs items> (a wrapper, its labels plain strings) stays
    for the tab reading, and the lines keep their numbers."""
    page = ('# Recipe\n\n<Prerequisites items={[\n  {\n    text: "Medusa installed.",\n    link: "/install"\n  },\n]} />\n\n'
            '<CardList items={[\n  {\n    href: "/modules",\n    title: "Create a Module",\n    text: "Learn how.",\n'
            '    icon: AcademicCapSolid,\n  },\n]} />\n\n<Tabs items={["npm", "yarn"]}>\n<Tab>npm i</Tab>\n</Tabs>\n')
    text = _rendered(page, "docs/service/recipe.mdx")
    assert "- [Medusa installed.](/install)\n" in text and "- [Create a Module](/modules): Learn how.\n" in text
    assert "AcademicCapSolid" not in text and "npm i" in text


def test_a_details_components_summary_attribute_titles_its_box():
    """Medusa's docs: `<Details summaryContent="Example: Add customer to VIP group">` lost all 12 of its titles,
    the bodies kept. Control: a box with no title attribute has no title line."""
    page = ('# A\n\n<Details summaryContent="Example: Add customer to VIP group">\n\nCreate the group.\n\n</Details>\n\n'
            '<Details>\n\nNo title.\n\n</Details>\n')
    text = _rendered(page, "docs/service/a.mdx")
    assert "**Example: Add customer to VIP group**  \n\nCreate the group.\n" in text and "<Details" not in text


def test_markdoc_tags_show_their_heading_badge_and_api_operation():
    """Cal.com's docs (Markdoc): `{% pageLink heading="..." %}` cards read as their address (22), a plan badge
    `{% label type="paid" /%}` showed nothing (13 pages), and `{% openapidoc method path %}` only the reference's
    address (67 tags). Controls: the badged heading keeps the site's anchor; a bare label stays nothing."""
    page = ('# Guide\n\n## SSO {% label type="paid" /%}\n\nSet it up {% label /%}.\n\n{% pageLink\n  href="/quick-start"\n'
            '  heading="Want to jump right in?" %}\n  Quick Start\n{% /pageLink %}\n\n'
            '{% openapidoc method="GET" url="https://api.cal.com/docs" path="/payments/{id}" /%}\n')
    doc = parse(page, "docs/service/guide.mdoc")
    text = "".join(doc.lines)
    assert "## SSO (Paid)\n" in text and "Set it up .\n" in text
    assert "[Want to jump right in?](/quick-start)" in text and "`GET /payments/{id}`" in text
    assert [(s.heading_path[-1], s.anchor) for s in doc.sections][1] == ("SSO (Paid)", "sso")


def test_a_markdoc_table_is_a_pipe_table():
    """Cal.com's docs: `{% table %}` with a list item per cell and `---` between rows read as loose bullets and
    rules (8 tables, shown so in 2 answers; a long table's later chunks had no header). Controls: the lines keep
    their numbers, and the same syntax in code stays as written."""
    page = ("# Workflows\n\n{% table %}\n* VARIABLE\n* Description\n---\n* {EVENT_NAME}\n* The event type name\n---\n"
            "* {EVENT_DATE}\n* The event date,\n  in the attendee's zone\n{% /table %}\n\n"
            "```md\n{% table %}\n* a\n{% /table %}\n```\n")
    text = _rendered(page, "docs/service/workflows.mdoc")
    assert ("| VARIABLE | Description |\n| --- | --- |\n| {EVENT_NAME} | The event type name |\n"
            "| {EVENT_DATE} | The event date, in the attendee's zone |\n") in text
    assert "```md\n{% table %}\n* a\n{% /table %}\n```" in text


def test_an_inline_svg_shows_its_label_and_never_its_drawing():
    """Vikunja's docs: two hosting buttons `<a href><svg aria-label="Deploy with Zenith" ...><path d="M161.8...">`
    inside a <div> made 60 of a page's 101 chunks (23 KB of path data), shown in its answer. Controls: an SVG
    with no label shows nothing, and one in code stays."""
    page = ('# Hosting\n\n<a href="https://zenith.hosting/x"><svg role="img" aria-label="Deploy with Zenith" width="9">'
            '<path d="M161.803-7.694c-.567 1.2"/></svg></a>\n\nAn icon <svg viewBox="0 0 9 9">\n<path d="M1 1"/>\n</svg> here.'
            '\n\n```html\n<svg><path d="M0"/></svg>\n```\n')
    text = _rendered(page, "docs/service/hosting.mdx")
    assert '<a href="https://zenith.hosting/x">Deploy with Zenith</a>' in text and "M161" not in text
    assert "An icon \n\n here." in text and '```html\n<svg><path d="M0"/></svg>\n```' in text
    # an <a> whose address is a JSX expression is its text (Vikunja: `<a href={VIKUNJA_CLOUD_LINK}>`, 3 answers)
    assert "Try Vikunja Cloud." in _rendered("# A\n\nTry <a href={CLOUD_LINK}>Vikunja Cloud</a>.\n", "docs/a.mdx")


def test_keyboard_keys_are_shown_as_keys():
    """pymdownx.keys: Fluidd's shortcut table showed `++shift+c++` raw (40 lines of 5 pages), where the site shows
    Shift+C. Controls: C++ and g++ stay, so do keys in code."""
    page = "# Keys\n\n| ++shift+c++ | Cancel print |\n\nPress ++ctrl+alt+page-up++ or ++f5++; C++ and g++ build. `++esc++`\n"
    text = _rendered(page, "keys.md")
    assert "| Shift+C | Cancel print |" in text and "Press Ctrl+Alt+Page Up or F5;" in text     # can fail: raw
    assert "C++ and g++ build. `++esc++`" in text


def test_grav_notices_notes_and_summary_divider_read_as_the_site_shows_them():
    """The Kavita wiki (Grav): 68 chunks of 37 pages held notices as bang paragraphs ("! **Note**: No software
    supports RAR5"), its Learn theme's notes read as three nested quotes, and its FAQ's summary dividers ended 4
    of 36 answers with "=== [1]". Controls: an MkDocs box (`!!! note` over an indented body), an image, a setext
    underline and code stay as written."""
    page = ("# FAQ\n\n! **Note**: No software supports RAR5.\n! Use CBZ.\n\n!! # Not Supported\n\n"
            ">>>**IMPORTANT**: upgrade two versions at a time.\n\n===\n\n## Next\n\n!!! note \"Tip\"\n    Indented.\n\n"
            "![shot](a.png)\n\nTitle\n===\n\n```\n! not a notice\n===\n```\n\n!!! note \"Community Edition only\"\n")
    text = _rendered(page, "faq.md")
    assert "> **Note**: No software supports RAR5.\n> Use CBZ.\n" in text            # can fail: bangs kept
    assert "> # Not Supported\n" in text and "> **IMPORTANT**: upgrade" in text
    assert "\n===\n\n## Next" not in text and "Title\n===\n" in text
    assert "```\n! not a notice\n===\n```" in text and "![shot](a.png)" in text
    assert "> note" not in text and "Indented." in text and "Community Edition only" in text


def test_a_heading_with_no_words_is_no_section():
    """Moonraker's docs open steps with a bare "##" line: 119 chunks' heading paths held an empty step, cited as
    "Installation ›  > Retrieving the API Key", and the "##" stayed in the text. Control: a heading of a picture
    is titled by its alt text and stays a section."""
    page = "# Install\n\nIntro.\n\n##\n\nText here.\n\n### Retrieving the key\n\nMore.\n\n## ![Logo](a.png)\n\nz\n"
    doc = parse(page, "docs/service/install.md")
    assert [s.heading_path for s in doc.sections] == [("Install",), ("Install", "Retrieving the key"),
                                                      ("Install", "Logo")]                 # can fail: an empty step
    assert "\n##\n" not in "".join(doc.lines) and "Text here." in "".join(doc.lines)


def test_a_component_body_indented_with_tabs_is_dedented():
    """linkding's and Homebox's docs (Starlight) indent <Card> bodies with tabs: `\t\tOptimized for readability` stayed
    indented under its title, shown as code in 22 lines. Control: a tab in code stays."""
    page = ('# Home\n\n<CardGrid>\n\t<Card title="Focused" icon="focus">\n\t\tOptimized for readability.\n\t</Card>\n'
            '</CardGrid>\n\n```make\nall:\n\tgo build\n```\n')
    text = "".join(parse(page, "docs/service/index.mdx").lines)
    assert "**Focused**  \nOptimized for readability.\n" in text                              # can fail: tabs kept
    assert "all:\n\tgo build\n" in text


def test_a_frames_caption_is_a_sentence_under_its_picture():
    """Rallly's docs (Mintlify): `<Frame caption="Use month view to pick dates">` lost its caption (5 in 4 files), and
    two tabs holding only a frame were bare titles. Control: a frame without a caption leaves nothing."""
    page = ('# Create\n\n<Tabs>\n  <Tab title="Month view">\n    <Frame caption="Use month view to pick dates">\n'
            '      <img src="/a.png" alt="Month view"/>\n    </Frame>\n  </Tab>\n</Tabs>\n\n<Frame>\n'
            '  <img src="/b.png" alt="Poll created"/>\n</Frame>\n\nText after.\n')
    text = "".join(parse(page, "docs/service/create.mdx").lines)
    assert "**Month view**  \nUse month view to pick dates\n" in text                   # can fail: caption lost
    assert "Poll created" not in text and "<Frame" not in text and "Text after." in text


def test_shiki_notation_comments_in_code_are_not_shown():
    """Vendure's docs: 1,041 `// [!code highlight]` comments in 356 chunks of 70 pages, printed in answers; the site's
    highlighter takes them out. Control: the same words outside code stay."""
    page = ("# Migrations\n\n```ts\nsynchronize: false, // [!code highlight]\nconst a = 1 // [!code ++]\n"
            "<div/> <!-- [!code --] -->\n```\n\nWrite `// [!code highlight]` after a line.\n")
    text = "".join(parse(page, "docs/service/migrations.mdx").lines)
    assert "synchronize: false,\nconst a = 1\n<div/>\n```" in text                         # can fail: kept
    assert "Write `// [!code highlight]` after a line." in text and text.count("\n") == page.count("\n")



def test_a_div_alone_on_its_line_wraps_its_body_as_tabs_do():
    """Open WebUI's quick start: `<div className='mt-5'>` inside each of 14 nested tabs stayed raw, and the guide it
    holds, pulled in 10 spaces deep, kept 2 of them: its headings were text in ~85 chunks. Controls: a div with text
    on its line stays as written, and one whose attributes take lines of their own (Open WebUI's brand page) shows
    no attribute lines."""
    page = ("# Quick Start\n\n<Tabs>\n  <TabItem value=\"docker\" label=\"Docker\">\n    <div className='mt-5'>\n"
            "      ### 1. Pull the image\n\n      Pull it.\n    </div>\n  </TabItem>\n</Tabs>\n\n"
            "<div align=\"center\">Logo</div>\n\n### Icon\n\n<div\n  style={{\n    padding: '2rem',\n  }}\n>\n  <img\n"
            "    alt=\"Open WebUI icon\"\n  />\n</div>\n\n- Primary icon\n")
    doc = parse(page, "docs/service/index.mdx")
    text = "".join(doc.lines)
    assert [s.heading_path[1:] for s in doc.sections][1:] == [("1. Pull the image",), ("Icon",)]  # can fail: as text
    assert "className" not in text and "\nPull it.\n" in text and '<div align="center">Logo</div>' in text
    assert "padding" not in text and "- Primary icon" in text      # can fail: attributes on lines of their own



def test_steps_whose_title_size_is_a_heading_level_are_numbered_headings():
    """Mintlify's `<Steps titleSize="h3">` shows its steps' titles as h3 headings with ids (Unkey's quickstarts: 35
    chunks of 9 pages were all "Prerequisites", the steps bold lines under it, and a link to one step's id was
    reported broken). Controls: steps with no size stay bold numbered lines, and a <Step> may give its own size."""
    page = ('# Quickstart\n\n## Prerequisites\n\n- Bun\n\n<Steps titleSize="h3">\n<Step title="Create a project">\n'
            'Run `bun init`.\n</Step>\n<Step title="Install the SDK">\nRun `bun add`.\n</Step>\n</Steps>\n\n<Steps>\n'
            '<Step title="Plain">\nText.\n</Step>\n<Step titleSize="h2" title="Own size">\nMore.\n</Step>\n</Steps>\n')
    doc = parse(page, "docs/service/quickstart.mdx")
    assert [(s.heading_path[1:], s.anchor) for s in doc.sections][2:] == [
        (("Prerequisites", "1. Create a project"), "create-a-project"),        # can fail: bold lines
        (("Prerequisites", "2. Install the SDK"), "install-the-sdk"), (("2. Own size",), "own-size")]
    assert "**1. Plain**  \nText." in "".join(doc.lines)
