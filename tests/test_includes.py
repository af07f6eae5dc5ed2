"""Include directives (ingest/includes.py): a page is indexed with its partials' text where it pulls them in,
a partial is not indexed alone, citations keep the page's own line numbers, and editing a partial re-indexes
the pages that include it."""
from __future__ import annotations

from pathlib import Path

from conftest import write
from test_ingest import chunks_of

from ingest.includes import Scope, expand
from ingest.markdown import parse
from ingest.partials import partials
from ingest.pipeline import ingest

STEPS = "1. Hover over a topic.\n1. Click **Mute topic**.\n"


def _expanded(tmp_path: Path, page: str, text: str, files: dict[str, str]) -> tuple[str, list[int] | None]:
    for rel, body in files.items():
        write(tmp_path / rel, body)
    path = write(tmp_path / page, text)
    return expand(path.read_text(), path, Scope((tmp_path.resolve(),)))


def test_markdown_include_inline_and_alone_with_line_map(tmp_path):
    text, line_of = _expanded(tmp_path, "help/mute.md", "# Mute\n\n{!steps.md!}\n\n## After\n1. {!go-to.md!} **Settings**\n",
                              {"help/include/steps.md": STEPS, "help/include/go-to.md": "Go to the\n"})
    assert text == f"# Mute\n\n{STEPS}\n## After\n1. Go to the **Settings**\n"
    assert line_of == [0, 1, 2, 2, 3, 4, 5]        # the steps cite the directive's line (3rd)


def test_a_partials_own_front_matter_stays_out_and_a_rule_is_no_front_matter(tmp_path):
    text, _ = _expanded(tmp_path, "help/a.md", "# A\n\n{!steps.md!}\n",
                        {"help/include/steps.md": "---\ntitle: Steps\n---\n" + STEPS + "\n---\n\nAfter the rule.\n"})
    assert "title:" not in text and text.startswith(f"# A\n\n{STEPS}\n---\n\nAfter the rule.")
    # a partial that opens with a rule and has a setext heading further down has no front matter: nothing is cut
    rule = "---\nIntro text.\n\nLimits\n------\nTen per day.\n"
    text, _ = _expanded(tmp_path, "help/b.md", "# B\n\n{!rule.md!}\n", {"help/include/rule.md": rule})
    assert "Intro text." in text and "Limits" in text


def test_each_dialect_finds_its_partial(tmp_path):
    files = {"site/_includes/install/linux.md": "Run the installer.\n", "site/docs/_tab.mdx": "Tab text.\n"}
    pages = {
        "site/docs/a.md": '--8<-- "install/linux.md"\n',                      # pymdownx.snippets
        "site/docs/b.md": "{% include install/linux.md %}\n",                 # Jekyll: _includes/ above the page
        "site/docs/c.md": '{% include "../_includes/install/linux.md" %}\n',  # GitBook: relative path
        "site/docs/d.md": "```{include} ../_includes/install/linux.md\n```\n",  # MyST
        "site/docs/e.mdx": "import Tab from './_tab.mdx';\n\n<Tab />\n",      # MDX
        "site/docs/f.md": '{{< readfile file="../_includes/install/linux.md" >}}\n',  # Hugo
        "site/docs/g.md": "{{#include ../_includes/install/linux.md}}\n",    # mdBook
        "site/docs/h.md": "[linux](../_includes/install/linux.md ':include')\n",   # Docsify
    }
    for page, text in pages.items():
        got, _ = _expanded(tmp_path, page, text, files)
        assert ("Tab text." if page.endswith(".mdx") else "Run the installer.") in got, page


def test_a_site_absolute_import_finds_its_partial_in_a_copied_content_folder(tmp_path):
    """Immich's docs (Docusaurus) import '/docs/partials/_x.md', a path of the site's folders; with its docs/
    folder copied as the corpus nothing was found, the page lost its steps and the partial became a page."""
    files = {"kb/service/partials/_steps.md": "Run `docker compose up -d`.\n"}
    page = "import Steps from '/docs/partials/_steps.md';\n\n# Install\n\n<Steps />\n"
    got, _ = _expanded(tmp_path, "kb/service/install/compose.mdx", page, files)
    assert "Run `docker compose up -d`." in got
    got, _ = _expanded(tmp_path, "kb/service/install/other.mdx", page.replace("_steps", "_gone"), files)
    assert "<Steps />" in got                       # can fail: a tail no file has is still not found
    # Docusaurus' "@site/" alias is the site's folder (Meshtastic's docs: 7 imports in 6 pages found nothing)
    got, _ = _expanded(tmp_path, "kb/service/install/alias.mdx", page.replace("'/docs", "'@site/docs"), files)
    assert "Run `docker compose up -d`." in got


def test_a_mintlify_snippet_tag_reads_its_file_in_the_snippets_folder(tmp_path):
    """Upstash's docs (Mintlify) write `<Snippet file="redis/ioredisnote.mdx" />` for `_snippets/redis/...`: 7 in 6
    pages were blanked and the note skipped as a partial no page includes. The name may leave out `.mdx`.
    Control: a snippet that is not there leaves the tag."""
    files = {"kb/service/_snippets/redis/ioredisnote.mdx": "<Note>\n  This example uses ioredis.\n</Note>\n"}
    for tag in ('<Snippet file="redis/ioredisnote.mdx" />', "<Snippet file='redis/ioredisnote' />"):
        got, origin = _expanded(tmp_path, "kb/service/redis/tutorials/app.mdx", f"# App\n\n{tag}\n\nMore.\n", files)
        assert "This example uses ioredis." in got and origin is not None, tag
    got, _ = _expanded(tmp_path, "kb/service/redis/app2.mdx", '<Snippet file="redis/gone.mdx" />\n', files)
    assert got == '<Snippet file="redis/gone.mdx" />\n'


def test_a_snippet_of_code_comes_into_its_fence(tmp_path):
    """Paperless-ngx's docs (pymdownx.snippets) pull a shell script into a fence; a .sh file was no partial, so
    the answer showed the `--8<--` line. Control: a binary file is still not pulled in."""
    files = {"docs/service/scripts/post.sh": "#!/usr/bin/env bash\necho \"consumed ${DOCUMENT_ID}\"\n",
             "docs/service/scripts/logo.png": "not text"}
    page = '# Scripts\n\n```bash\n--8<-- "./scripts/post.sh"\n```\n'
    got, _ = _expanded(tmp_path, "docs/service/advanced.md", page, files)
    assert '```bash\n#!/usr/bin/env bash\necho "consumed ${DOCUMENT_ID}"\n```' in got
    got, _ = _expanded(tmp_path, "docs/service/logo.md", page.replace("post.sh", "logo.png"), files)
    assert '--8<-- "./scripts/logo.png"' in got


def test_a_liquid_include_in_a_code_block_pulls_in_its_code_file(tmp_path):
    """Tandoor's docs (MkDocs, include-markdown): `{% include "./docker/plain/docker-compose.yml" %}` in a ~~~yaml
    fence, four Compose files of its install page indexed as that line. Control: outside code the same tag pulls in
    no YAML file (a page's text is Markdown)."""
    files = {"docs/install/docker/plain/docker-compose.yml": "services:\n  db_recipes:\n    image: postgres:16\n"}
    page = '# Docker\n\n~~~yaml\n{% include "./docker/plain/docker-compose.yml" %}\n~~~\n'
    got, _ = _expanded(tmp_path, "docs/install/docker.md", page, files)
    assert "~~~yaml\nservices:\n  db_recipes:\n    image: postgres:16\n~~~" in got          # can fail: the tag
    prose = '# Docker\n\n{% include "./docker/plain/docker-compose.yml" %}\n'
    got, _ = _expanded(tmp_path, "docs/install/prose.md", prose, files)
    assert "services:" not in got


def test_mdbook_includes_take_their_lines_or_anchor_and_hide_the_markers(tmp_path):
    """mdBook's `{{#include file:part}}` pulled in the whole file, with its ANCHOR marker lines, and
    `{{#title}}` was indexed as text (seen on a test book beside Anki's manual)."""
    steps = "1. Open Anki.\n2. Click Sync.\n3. Sign in.\n4. Wait.\n"
    fruit = "Intro.\n<!-- ANCHOR: fruit -->\nApples keep for a week.\n<!-- ANCHOR_END: fruit -->\nOutro.\n"
    files = {"book/src/snippets/steps.md": steps, "book/src/snippets/fruit.md": fruit}
    cases = {"{{#include snippets/steps.md:3:4}}": "3. Sign in.\n4. Wait.", "{{#include snippets/steps.md:2}}":
             "2. Click Sync.", "{{#include snippets/steps.md:3:}}": "3. Sign in.\n4. Wait.",
             "{{#include snippets/steps.md::2}}": "1. Open Anki.\n2. Click Sync.",
             "{{#include snippets/fruit.md:fruit}}": "Apples keep for a week.",
             "{{#include snippets/fruit.md}}": "Intro.\nApples keep for a week.\nOutro.",
             "{{#include snippets/steps.md}}": steps.strip()}            # can fail: no part is the whole file
    for directive, shown in cases.items():
        got, _ = _expanded(tmp_path, "book/src/sync.md", f"# Sync\n\n{directive}\n\nDone.\n", files)
        assert got == f"# Sync\n\n{shown}\n\nDone.\n", directive
    page = write(tmp_path / "book/src/title.md", "{{#title Widget setup}}\n# Widgets\n\nAdd a widget.\n")
    assert "Widget setup" not in "".join(parse(page.read_text(), "book/src/title.md").lines)


def test_mdbook_includes_any_text_file_into_its_fence(tmp_path):
    """Lemmy's book pulls its whole configuration reference into a fence (```hjson then
    `{{#include ../../lemmy/config/defaults.hjson}}`, 38 of 38 directives in the book, 35 of 380 chunks): only
    Markdown and .txt targets were read, so the directive's line was indexed and shown, and settings such as
    `pool_size` were in no chunk. Controls: a binary file stays out, and other dialects still read text only."""
    files = {"book/config/defaults.hjson": "{\n  # Maximum number of database connections\n  pool_size: 30\n}\n",
             "book/src/main.rs": "// ANCHOR: run\nfn main() {}\n// ANCHOR_END: run\n",
             "book/config/logo.bin": "PNG\x00\x01\x02"}
    got, line_of = _expanded(tmp_path, "book/src/config.md", "# Config\n\n```hjson\n"
                             "{{#include ../config/defaults.hjson}}\n```\n\n{{#rustdoc_include main.rs:run}}\n", files)
    assert "  pool_size: 30\n}\n```" in got and "fn main() {}" in got and "ANCHOR" not in got
    assert line_of is not None and line_of[got.splitlines().index("  pool_size: 30")] == 3
    for directive in ("{{#include ../config/logo.bin}}", "{!../config/defaults.hjson!}"):
        assert _expanded(tmp_path, "book/src/other.md", f"# Other\n\n{directive}\n", files)[1] is None, directive


def test_a_github_docs_reusable_is_read_from_its_data_folder(tmp_path):
    """GitHub's docs name a shared snippet by its path under data/ in dots: 475 uses in 61 of 103 pages were
    blanked or shown as `**reusables.x.y**`, so steps went missing ("1, 2, 5") and the snippets, read as pages,
    led 8 of 36 answers. Control: a name with no such file stays as written (templates.py blanks it)."""
    files = {"docs/data/reusables/two_fa/recovery.md": "1. Open **Settings**.\n2. Click **Recover**.\n"}
    got, _ = _expanded(tmp_path, "docs/content/auth/recover.md",
                       "# Recover\n\n{% data reusables.two_fa.recovery %}\n3. Sign in.\n\n{% data reusables.x.y %}\n",
                       files)
    assert got == "# Recover\n\n1. Open **Settings**.\n2. Click **Recover**.\n3. Sign in.\n\n{% data reusables.x.y %}\n"


def test_a_middleman_partial_of_prose_is_read_and_one_of_navigation_is_not(tmp_path):
    """Fly.io's docs: 146 `<%= partial "..." %>` in 50 pages were blanked; the flyctl install page kept only "Next
    steps". Middleman reads `docs/x` from `docs/_x.html.erb` (or .html.md, .html.markerb...), site-absolute or
    from the page's folder. Control: a partial of navigation code (Ruby and tags, no words) stays out."""
    files = {"kb/partials/docs/_volumes_access.html.erb": "Mount the volume at the path in `fly.toml`.\n",
             "kb/volumes/partials/_intro.html.md": "Volumes are local storage for Machines.\n",
             "kb/partials/_accordion_nav.html.erb": "<% nav.each do |n| %>\n<dl><dt><%= nav_link n %></dt></dl>\n"
                                                     "<% end %>\n"}
    page = ('# Volumes\n\n<%= partial "partials/intro" %>\n\n## Access a volume\n\n'
            '<%= partial "/docs/partials/docs/volumes_access" %>\n\n<%= partial "/docs/partials/accordion_nav", '
            'locals: { nav: @nav } %>\n')
    got, _ = _expanded(tmp_path, "kb/volumes/manage.html.markerb", page, files)
    assert got.startswith("# Volumes\n\nVolumes are local storage for Machines.\n\n## Access a volume\n\n"
                          "Mount the volume at the path in `fly.toml`.\n\n<%= partial")


def test_a_hugo_shortcode_whose_template_is_markdown_is_read(tmp_path):
    """Upsun's docs (Hugo): a shortcode is a template in layouts/shortcodes/, and 47 uses in 28 pages name one in
    Markdown (`{{% source-integration/requirements %}}`: a "Before you begin" list; `{{< lets_encrypt_limitations
    >}}`, which the page introduces with "the following limitations apply."). Blanked, the text was lost and the
    templates were indexed as pages. Control: a shortcode with no Markdown template stays as written."""
    files = {"site/layouts/shortcodes/source-integration/requirements.md": "- A GitHub account\n- A project\n",
             "site/layouts/shortcodes/limits.md": "At most 100 hostnames per certificate.\n"}
    page = ("# TLS\n\nThe following limitations apply.\n\n{{< limits >}}\n\n## Before you begin\n\n"
            "{{% source-integration/requirements %}}\n\n{{< note >}}\nBack up.\n{{< /note >}}\n")
    got, _ = _expanded(tmp_path, "site/content/https.md", page, files)
    assert "apply.\n\nAt most 100 hostnames per certificate.\n\n## Before" in got
    assert "begin\n\n- A GitHub account\n- A project\n\n{{< note >}}" in got


def test_a_github_docs_variable_is_its_value_in_the_data_folder(tmp_path):
    """GitHub's docs write product and plan names as `{% data variables.product.prodname_dotcom %}`: 784 blanked in 70
    of 103 pages ("to pay for  is declined"). Controls: a missing key or file stays as written (then blanked); a
    value that is no text (a list) too."""
    files = {"docs/data/variables/product.yml": "prodname_dotcom: 'GitHub'\nplans:\n  pro: >-\n    GitHub\n    Pro\n"
                                                "list: [a, b]\n"}
    page = ("# Billing\n\nIf the card you use to pay for {% data variables.product.plans.pro %} is declined, "
            "{% data variables.product.prodname_dotcom %} retries.\n{% data variables.product.nope %} "
            "{% data variables.product.list %} {% data variables.missing.x %}\n")
    got, line_of = _expanded(tmp_path, "docs/content/billing/declined.md", page, files)
    assert "to pay for GitHub Pro is declined, GitHub retries.\n{% data variables.product.nope %}" in got
    assert got.endswith("{% data variables.product.list %} {% data variables.missing.x %}\n") and line_of
    files["docs/data/variables/product.yml"] += "quoted: \"GitHub's app\"\n"
    front = ("---\nintro: 'Pay for {% data variables.product.prodname_dotcom %}, not {% data variables.product.quoted %}'"
             "\n---\n")                  # front matter: a value that would end the quoted string stays as written
    got = _expanded(tmp_path, "docs/content/billing/x.md", front + page, files)[0]
    assert got.startswith("---\nintro: 'Pay for GitHub, not {% data variables.product.quoted %}'\n---\n")


def test_missing_cyclic_and_outside_targets_are_left_alone(tmp_path):
    write(tmp_path.parent / "secret.md", "outside\n")
    text = "{!nowhere.md!}\n{% include note.html %}\n{!../secret.md!}\n{!self.md!}\n"
    got, line_of = _expanded(tmp_path, "docs/self.md", text, {})
    assert (got, line_of) == (text, None)           # templates.py blanks them, as before


def test_partials_are_files_with_no_title_that_a_page_includes(tmp_path):
    write(tmp_path / "docs/include/steps.md", STEPS)
    write(tmp_path / "docs/shared.md", "# Shared page\n\nWhole page.\n")
    page = write(tmp_path / "docs/page.md", "# Page\n\n{!steps.md!}\n{!shared.md!}\n")
    found = partials([page, tmp_path / "docs/include/steps.md", tmp_path / "docs/shared.md"],
                     Scope((tmp_path.resolve(),)))
    assert found == {(tmp_path / "docs/include/steps.md").resolve(): page}   # a titled page stays a page


FILES = {
    "docs/service/mute.md": "# Mute a topic\n\nMuting hides a topic.\n\n## Steps\n\n{!mute-steps.md!}\n\n## Undo\n\nUnmute it.\n",
    "docs/service/include/mute-steps.md": STEPS,
}


def test_ingest_indexes_the_partial_in_its_page_and_not_alone(make_kb, fake_embedder):
    config = make_kb(FILES)
    summary = ingest(config, embedder=fake_embedder)
    assert summary["ok"]
    [skipped] = summary["corpora"]["service"]["skipped"]
    assert skipped["path"] == "docs/service/include/mute-steps.md"
    assert skipped["reason"] == "partial: no title of its own, included by docs/service/mute.md"
    chunks = [c for c in chunks_of(config).values() if c["source"] == "docs/service/mute.md"]
    steps = next(c for c in chunks if "Click **Mute topic**" in c["text"])
    assert (steps["start_line"], steps["end_line"]) == (5, 8)   # its heading to the blank line after the directive
    undo = next(c for c in chunks if c["anchor"] == "undo")
    assert undo["start_line"] == 9                  # lines after the directive are the file's own

    write(config.root / "docs/service/include/mute-steps.md", STEPS + "1. Pick **Muted**.\n")
    again = ingest(config, embedder=fake_embedder)
    assert again["corpora"]["service"]["updated"] == 1      # the page that includes it
    assert any("Pick **Muted**" in c["text"] for c in chunks_of(config).values())


def test_a_file_in_an_include_folder_that_no_page_includes_is_not_a_page(make_kb, fake_embedder):
    """DuckDuckGo's help pages (Jekyll): _includes files no page used were indexed as pages titled by their file
    names, and cited 5 times. Control: a page in a folder merely named like one (`include/`) is a page."""
    files = {**FILES, "docs/service/_includes/contact-footer.md": "Write to us at help@example.com any time.\n",
             "docs/service/include/faq.md": "# FAQ\n\nAnswers to common questions about topics.\n"}
    summary = ingest(make_kb(files), embedder=fake_embedder)
    reasons = {s["path"]: s["reason"] for s in summary["corpora"]["service"]["skipped"]}
    assert reasons["docs/service/_includes/contact-footer.md"] == "partial: in an include folder, included by no page"
    assert "docs/service/include/faq.md" not in reasons


def test_an_mdx_file_named_with_an_underscore_is_not_a_page(make_kb, fake_embedder):
    """Docusaurus routes no file or folder whose name starts with `_`: ZMK's `_footnotes/*.mdx`, imported by a
    script, were indexed as 9 pages titled "globe" and the like. Control: Jekyll's `_posts` (Markdown) are pages."""
    files = {**FILES, "docs/service/_footnotes/globe.mdx": "Available worldwide with a few exceptions.\n",
             "docs/service/_base.mdx": "# Base\n\nShared settings for every board we ship.\n",
             "docs/service/_posts/2024-01-02-launch.md": "# Launch\n\nWe launched the board in January.\n",
             "docs/service/_posts/2.4/release-tests.md.md": "# Tests\n\nClick join and check the audio works.\n"}
    summary = ingest(make_kb(files), embedder=fake_embedder)
    reasons = {s["path"]: s["reason"] for s in summary["corpora"]["service"]["skipped"]}
    why = "partial: an MDX file the site never routes (its name or folder starts with _)"
    assert {k: v for k, v in reasons.items() if "_" in k} == {
        "docs/service/_footnotes/globe.mdx": why, "docs/service/_base.mdx": why,
        # BigBlueButton's docs: Jekyll publishes no post without a date in its name
        "docs/service/_posts/2.4/release-tests.md.md": "unpublished: a Jekyll post's file name must start with its "
                                                       "date (YYYY-MM-DD-)"}


def test_a_link_to_a_heading_a_partial_brings_is_not_broken(make_kb, fake_embedder):
    """Home Assistant's docs: 35 of 54 broken-link reports pointed at headings pulled in from `_includes/`.
    Control: an anchor neither the page nor its partial has is still reported; editing the partial to add it
    clears the report though the page itself is unchanged (its anchors are not cached)."""
    files = {**FILES, "docs/service/include/mute-steps.md": STEPS + "\n### Bulk mute\n\nSelect many.\n",
             "docs/service/links.md": "# Links\n\nSee [bulk](mute.md#bulk-mute) and [later](mute.md#unmute-all).\n"}
    config = make_kb(files)
    summary = ingest(config, embedder=fake_embedder)
    assert [b["target"] for b in summary["broken_links"]] == ["mute.md#unmute-all"]
    write(config.root / "docs/service/include/mute-steps.md", STEPS + "\n### Bulk mute\n\n### Unmute all\n\nAll.\n")
    assert ingest(config, embedder=fake_embedder)["broken_links"] == []


def test_a_partial_wins_over_a_page_of_the_same_name_and_any_corpus_may_use_it(tmp_path):
    """Zulip's help center: `recent.md` the page is `# Recent` + `{!recent.md!}`, the partial in include/. Looked up
    beside the page first, the directive found the page itself (left unexpanded, the page skipped as
    navigation) or, from another page, pulled in the whole page with its "Related articles". A support page
    including a partial kept under the service corpus's include/ found nothing."""
    files = {"kb/service/include/recent.md": "Recent shows your conversations.\n",
             "kb/service/recent.md": "# Recent\n\n{!recent.md!}\n\n## Related articles\n"}
    text, _ = _expanded(tmp_path, "kb/service/recent.md", "# Recent\n\n{!recent.md!}\n", files)
    assert text == "# Recent\n\nRecent shows your conversations.\n"
    text, _ = _expanded(tmp_path, "kb/service/start.md", "# Start\n\n{!recent.md!}\n", files)
    assert "Related articles" not in text and "Recent shows your conversations." in text
    scope = Scope((tmp_path.resolve(), (tmp_path / "kb/service").resolve(), (tmp_path / "kb/support").resolve()))
    page = write(tmp_path / "kb/support/fix.md", "# Fix\n\n{!recent.md!}\n")
    assert "Recent shows your conversations." in expand(page.read_text(), page, scope)[0]


def test_a_support_page_reads_a_partial_of_the_public_help_docs_but_not_of_an_internal_corpus(make_kb, fake_embedder):
    """Zulip's help center split into two corpora: 27 directives of 11 support pages named partials kept in the
    service corpus's include/ and were blanked. Control: a public page never pulls an internal corpus's
    partial by this search (the support corpus is internal in this config)."""
    files = {"docs/service/include/steps.md": STEPS, "docs/support/include/secret.md": "Use the break-glass login.\n",
             "docs/support/fix.md": "# Fix\n\n{!steps.md!}\n", "docs/service/help.md": "# Help\n\nText.\n\n{!secret.md!}\n"}
    config = make_kb(files)
    summary = ingest(config, embedder=fake_embedder)
    chunks = chunks_of(config).values()
    assert any("Click **Mute topic**" in c["text"] for c in chunks if c["source"] == "docs/support/fix.md")
    assert not any("break-glass" in c["text"] for c in chunks if c["source"] == "docs/service/help.md")
    assert {s["path"] for s in summary["corpora"]["service"]["skipped"]} == {"docs/service/include/steps.md"}


def test_a_middleman_partial_of_link_definitions_is_read_so_the_pages_links_resolve(tmp_path):
    """GOV.UK One Login's docs end every page with `<%= partial "partials/links" %>`, a file of `[ref]: /x`
    definitions only. Read as navigation (no words), it was blanked and 126 links in 76 chunks of 15 pages stayed
    `[text][ref]`. Control: a partial of navigation code is still blanked."""
    files = {"src/partials/_links.erb": "[integrate.client-id]: /before-integrating/set-up-your-service/\n",
             "src/partials/_nav.erb": "<% nav.each do |n| %>\n<li><%= link_to n %></li>\n<% end %>\n"}
    page = ('# Integrate\n\nSee [guidance on your client ID][integrate.client-id].\n\n<%= partial "partials/nav" %>\n'
            '<%= partial "partials/links" %>\n')
    got, _ = _expanded(tmp_path, "src/integrate.html.md.erb", page, files)
    assert "[integrate.client-id]: /before-integrating" in got and '<%= partial "partials/nav" %>' in got
    shown = "".join(parse(got, "integrate.html.md.erb").lines)
    assert "[guidance on your client ID](/before-integrating/set-up-your-service/)" in shown


def test_a_vuepress_content_include_is_read_and_its_file_is_a_partial(tmp_path):
    """VuePress 1 pulls one page into another with `<Content :page-key="...relativePath === 'en/_x.md'...">`,
    relative to the docs' source folder. GC Notify's docs: 4 in 2 pages showed the raw tag (its `=>` also broke
    the tag's removal), and the partials were indexed as untitled pages cited in 3 of 36 answers."""
    files = {"src/en/_arg_template_id.md": "1. Sign in.\n2. Go to **Templates**.\n3. Copy the template ID.\n"}
    tag = "<Content :page-key=\"$site.pages.find(p => p.relativePath === 'en/_arg_template_id.md').key\"/>"
    got, _ = _expanded(tmp_path, "src/en/send.md", f"# Send\n\n## template_id\n\n{tag}\n\n## Next\n", files)
    assert got == "# Send\n\n## template_id\n\n" + files["src/en/_arg_template_id.md"] + "\n## Next\n"
    write(tmp_path / "src/en/send.md", f"# Send\n\n{tag}\n")
    found = partials([tmp_path / "src/en/send.md", tmp_path / "src/en/_arg_template_id.md"],
                     Scope((tmp_path.resolve(),)))
    assert (tmp_path / "src/en/_arg_template_id.md") in found


def test_a_jekyll_site_setting_shows_its_value(tmp_path):
    """cloud.gov's docs (Jekyll): 41 `{{ site.x }}` in 17 pages were blanked; the Contact page read
    "Email [****]()." for `[**{{site.support_email_address}}**]({{site.support_email}})`. A `site.data.` key reads
    `_data/`. Controls: a missing key and a filtered value (`| relative_url`) stay for the template rule."""
    files = {"site/_config.yml": "support_email: mailto:support@cloud.gov\nsupport_email_address: support@cloud.gov\n"
                                 "baseurl: /docs\n",
             "site/_data/plans.yml": "pico:\n  price: $10 a month\n",
             "site/_data/devices/oriole.yml": "name: Pixel 6\nvendor: Google\n"}
    page = ("# Contact\n\nEmail [**{{site.support_email_address}}**]({{ site.support_email }}).\n"
            "Pico costs {{ site.data.plans.pico.price }}. {{ site.nothing }} {{ site.baseurl | relative_url }}\n"
            "[Quotas]({{site.baseurl}}/quotas/)\nThe {{ site.data.devices.oriole.name }} works.\n")
    got, _ = _expanded(tmp_path, "site/_pages/contact.md", page, files)
    assert "Email [**support@cloud.gov**](mailto:support@cloud.gov)." in got
    assert "Pico costs $10 a month. {{ site.nothing }} {{ site.baseurl | relative_url }}" in got
    assert "[Quotas]({{site.baseurl}}/quotas/)" in got      # the site's address: a site-absolute link (templates)
    assert "The Pixel 6 works." in got          # a data folder's file (the LineageOS wiki's devices)


NOTE_BOX = ('<div class="alert alert-info" role="alert"><div class="alert-icon"><i class="material-icons">info_outline'
            '</i></div><div class="alert-text" markdown="span"><b>Note:</b> {{include.content}}</div></div>\n')


def test_a_jekyll_include_shows_the_text_its_tag_gives(tmp_path):
    """documentation-theme-jekyll's boxes (the LineageOS wiki): `{% include alerts/note.html content="..." %}` is an
    HTML file showing `{{include.content}}`; 71 of 73 such notes written in pages were lost. A tag written over two
    lines is one tag. Control: an HTML include the tag gives no text (the site's footer) stays unread."""
    page = ('# Google Apps\n\n{% include alerts/note.html content="If you reboot first, you must factory reset." %}\n\n'
            '{% include alerts/note.html\n   content="Use the recovery linked above." %}\n\n{% include footer.html %}\n')
    files = {"wiki/_includes/alerts/note.html": NOTE_BOX, "wiki/_includes/footer.html": "<footer>{{ site.title }}</footer>\n"}
    text, line_of = _expanded(tmp_path, "wiki/pages/gapps.md", page, files)
    assert "<b>Note:</b> If you reboot first, you must factory reset.</div></div>\n" in text
    assert "<b>Note:</b> Use the recovery linked above.</div>" in text and "{% include alerts" not in text
    assert "{% include footer.html %}" in text                  # can fail: layout HTML read as the page's text
    assert line_of[text.splitlines().index("{% include footer.html %}")] == 7     # the lines after keep their place


FLOATER = ('{%- if include.type == "youtube" -%}\n  <iframe title="Filament sensor video" src="//youtube.com/embed/'
           '{{ include.videoid }}"></iframe>\n{%- elsif include.type == "video" -%}\n  <video src="{{ include.src }}">'
           '</video>\n{%- else -%}\n  {%- if include.link -%}<a href="{{ include.link }}">{%- endif -%}\n'
           '  <img src="{{ include.src }}" alt="{{ include.alt }}">\n  {%- if include.link -%}</a>{%- endif -%}\n'
           '{%- endif -%}\n')


def test_a_jekyll_includes_conditions_on_its_own_parameters_pick_one_branch():
    """Marlin's docs: `{% include media_floater.html alt="Motherboard" src="..." %}` is an image unless `type` names a
    video; every branch was shown, "[Filament sensor video](<https://youtube.com/embed/?autoplay=0>)" and an empty
    link in 25 chunks. Controls: a condition on a parameter given a variable's value, or on anything but the
    include's parameters, is left as written."""
    from ingest.liquid_include import filled
    got = "".join(filled(FLOATER.splitlines(keepends=True), "media_floater.html", ' alt="Motherboard" src="/a/mb.jpg" '))
    assert '<img src="/a/mb.jpg" alt="Motherboard">' in got and "video" not in got and "href" not in got  # can fail
    video = "".join(filled(FLOATER.splitlines(keepends=True), "media_floater.html", ' type="youtube" videoid="x1" '))
    assert "embed/x1" in video and "<img" not in video
    linked = "".join(filled(FLOATER.splitlines(keepends=True), "media_floater.html", ' src="/a.jpg" link=page.url '))
    assert "{%- if include.link -%}" in linked and "<img" in linked and "embed" not in linked


def test_an_html_includes_condition_against_nothing_is_whether_given_and_its_blank_lines_go():
    """Passbolt's notice.html: `{% if include.ask != %}` over a button, and the blank line a branch not taken left
    ended the `<div>`'s HTML block, so its `<p markdown="1">` and text showed raw (47 chunks). Control: given, the
    button shows."""
    from ingest.liquid_include import filled
    notice = ('<div class="message notice">\n    <p markdown="1">\n    {{ include.content }}\n    </p>\n'
              '    {% if include.ask != %}\n    <a href="{{ include.link }}">{{ include.ask }}</a>\n    {% endif %}\n</div>\n')
    got = "".join(filled(notice.splitlines(keepends=True), "messages/notice.html", ' content="Back up first." '))
    assert got == '<div class="message notice">\n    <p markdown="1">\n    Back up first.\n    </p>\n</div>\n'
    asked = "".join(filled(notice.splitlines(keepends=True), "messages/notice.html", ' content="X." ask="More" link="/m" '))
    assert '<a href="/m">More</a>' in asked and "{%" not in asked                              # can fail: tags kept


def test_a_jekyll_partials_condition_on_the_pages_front_matter_picks_its_branch(tmp_path):
    """Passbolt's release partials hold `{% if page.product == 'pro' %}` round Pro-only lines; every branch was kept, and
    16 Community Edition pages listed Pro features (Google SSO, LDAP sync). Control: a page value its front matter
    does not give (`page.url`, which Jekyll computes) is left as written."""
    partial = ("### Added\n{% if page.product == 'pro' %}- Google single sign-on\n{% endif %}- Export\n"
               "{% if page.product == 'ce' %}- Community line\n{% endif %}{% if page.url %}- By address{% endif %}\n")
    files = {"site/_includes/releases/v4000.md": partial}
    ce, _ = _expanded(tmp_path, "site/_releases/ce.md", "---\ntitle: v4.0.0\nproduct: ce\n---\n\n"
                      "{% include releases/v4000.md %}\n", files)
    assert "- Export\n- Community line\n" in ce and "Google" not in ce                       # can fail: both kept
    assert "{% if page.url %}- By address{% endif %}" in ce
    pro, _ = _expanded(tmp_path, "site/_releases/pro.md", "---\ntitle: v4.0.0\nproduct: pro\n---\n\n"
                       "{% include releases/v4000.md %}\n", files)
    assert "- Google single sign-on\n- Export\n" in pro and "Community" not in pro


def test_a_jekyll_html_include_that_shows_words_is_read(tmp_path):
    """Segment's docs: `{% include content/discards.html %}`, a table of 2,958 words of discard reasons, and the
    TTS handbook's "Software must be approved" box on 7 pages were blanked with their tags. Controls: an include of
    layout (navigation of template values) and a form stay unread."""
    files = {"site/_includes/content/discards.html": "<table><tr><td>Filtered</td><td>The event was blocked by a "
                                                     "destination filter you set.</td></tr></table>\n",
             "site/_includes/nav.html": "<nav>{% for p in site.pages %}<a href='{{ p.url }}'>{{ p.title }}</a>"
                                        "{% endfor %}</nav>\n",
             "site/_includes/search.html": "<h3>Search Jobs</h3>\n<form><label>Keywords for the job you want</label>"
                                           "<input name='k'><button>Search</button></form>\n"}
    page = ("# Overview\n\n{% include content/discards.html %}\n\n{% include nav.html %}\n\n"
            "{% include search.html page=page.name %}\n")
    text, _ = _expanded(tmp_path, "site/docs/overview.md", page, files)
    assert "blocked by a destination filter" in text
    assert "{% include nav.html %}" in text                      # can fail: layout read as the page's text
    assert "{% include search.html" in text                      # a form: a widget (USAJOBS' job search)


def test_mkdocs_include_markdown_reads_the_part_between_its_markers(tmp_path):
    """Codacy's docs (mkdocs-include-markdown-plugin): `{%` alone on a line, then `include-markdown "x.md"
    start="<!--a-start-->" end="<!--a-end-->"` and `%}`: 52 such tags in 35 pages (3,700 words) were blanked, and the
    partials, all their notices run together, led answers as pages of their own. Control: the other part stays out."""
    files = {"docs/assets/includes/paid.md": "<!--private-start-->\nPrivate repositories need a paid plan.\n"
                                             "<!--private-end-->\n\n<!--coverage-start-->\nCoverage is Pro.\n"
                                             "<!--coverage-end-->\n"}
    page = ('# Repositories\n\n{%\n    include-markdown "../assets/includes/paid.md"\n    start="<!--private-start-->"\n'
            '    end="<!--private-end-->"\n%}\n\nAdd one from the list.\n')
    text, line_of = _expanded(tmp_path, "docs/orgs/repos.md", page, files)
    assert text == "# Repositories\n\nPrivate repositories need a paid plan.\n\nAdd one from the list.\n"
    assert "Coverage" not in text and line_of == [0, 1, 2, 7, 8]


def test_vitepress_imports_show_a_file_as_code_and_a_page_as_text(tmp_path):
    """Pixelfed's docs (VitePress): 26 `<<< @/snippets/activitypub/x.json` lines were indexed as written under
    "Click to expand", never the JSON the site shows. `@/` is the source folder; a region and a language in braces
    are read, highlighted lines are not shown, and a file with no suffix is code too. Controls: a `<<<` line in code
    stays; a missing file stays as written."""
    files = {"docs/snippets/actor.json": '{\n  "type": "Person"\n}\n',
             "docs/snippets/app.js": "// #region setup\nconst app = create()\n// #endregion setup\napp.run()\n",
             "docs/parts/basics.md": "Install it first.\n", "docs/snippets/Caddyfile": "example.com {\n  reverse_proxy :80\n}\n"}
    page = ("# Actors\n\n<<< @/snippets/actor.json{2}\n\n<<< @/snippets/Caddyfile{2}\n\n<<< ../snippets/app.js#setup{ts} [app.js]\n\n"
            "<!--@include: ../parts/basics.md-->\n\n```md\n<<< @/snippets/actor.json\n```\n\n<<< @/snippets/none.json\n")
    text, line_of = _expanded(tmp_path, "docs/spec/actors.md", page, files)
    assert '```json\n{\n  "type": "Person"\n}\n```\n' in text                      # can fail: the line kept
    assert "**app.js**\n\n```ts\nconst app = create()\n```\n" in text and "app.run()" not in text
    assert "Install it first.\n" in text and "@include" not in text
    assert "```\nexample.com {\n  reverse_proxy :80\n}\n```\n" in text           # a file with no suffix (Pterodactyl)
    assert "```md\n<<< @/snippets/actor.json\n```" in text and "<<< @/snippets/none.json" in text
    assert line_of[text.splitlines().index('  "type": "Person"')] == 2              # cites the `<<<` line
