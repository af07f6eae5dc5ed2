"""A Mintlify site's docs.json says which pages are on its search (ingest/site_nav.py)."""
from __future__ import annotations

import json

from conftest import write

from ingest.pipeline import ingest

NAV = {"navigation": {"tabs": [{"tab": "Guides", "groups": [
    {"group": "Start", "pages": ["index", "guides/refunds", {"group": "More", "pages": ["guides/payouts.mdx"]}]},
    {"group": "Drafts", "hidden": True, "pages": ["guides/draft"]}]}]},
    "redirects": [{"source": "/guides/refund-guide", "destination": "/guides/refunds"}]}


def _page(title: str) -> str:
    return f"---\ntitle: {title}\n---\n\nHow {title.lower()} work, step by step, for every account.\n"


def test_pages_a_mintlify_site_redirects_or_leaves_unlisted_are_skipped(make_kb, fake_embedder):
    """Dodo Payments' docs kept 13 pages the site redirects away from (cited 20 times in 14 of 36 answers) and 10
    that no navigation entry lists, which Mintlify leaves out of its search. Listing a page brings it back.
    Controls: listed pages, nested groups and the home page are indexed; `seo.indexing: all` keeps every page."""
    files = {f"docs/service/{name}.mdx": _page(title) for name, title in [
        ("index", "Home"), ("guides/refunds", "Refunds"), ("guides/payouts", "Payouts"),
        ("guides/refund-guide", "Refund guide"), ("guides/draft", "Draft"), ("guides/old", "Old")]}
    files["docs/service/docs.json"] = json.dumps(NAV)
    files["docs/support/x.md"] = "# X\n\nSupport text that stays.\n"
    config = make_kb(files)
    summary = ingest(config, embedder=fake_embedder)
    skipped = {f["path"]: f["reason"] for f in summary["skipped"]}
    assert skipped == {
        "docs/service/guides/refund-guide.mdx": "redirect: docs.json sends its address to /guides/refunds",
        "docs/service/guides/draft.mdx": "hidden: no entry of docs.json's navigation lists it (the site leaves it "
                                         "out of search)",
        "docs/service/guides/old.mdx": "hidden: no entry of docs.json's navigation lists it (the site leaves it "
                                       "out of search)"}
    assert summary["corpora"]["service"]["added"] == 3           # can fail: listed pages left out too
    write(config.root / "docs/service/docs.json", json.dumps({**NAV, "seo": {"indexing": "all"}}))
    summary = ingest(config, embedder=fake_embedder)
    assert [f["path"] for f in summary["skipped"]] == ["docs/service/guides/refund-guide.mdx"]
    assert summary["corpora"]["service"]["added"] == 2


def test_a_navigation_that_lists_none_of_the_pages_leaves_none_out(make_kb, fake_embedder):
    """A docs.json whose navigation names no page beside it (another tool's file, a site in the making) is not read
    as the site's list: it would leave the whole corpus out."""
    files = {"docs/service/a.mdx": _page("Alpha"), "docs/service/b.mdx": _page("Beta"),
             "docs/service/docs.json": json.dumps({"navigation": [{"group": "X", "pages": ["elsewhere/page"]}]}),
             "docs/support/x.md": "# X\n\nSupport text that stays.\n"}
    summary = ingest(make_kb(files), embedder=fake_embedder)
    assert summary["skipped"] == [] and summary["corpora"]["service"]["added"] == 2


def test_pages_a_gitbook_or_mdbook_summary_does_not_list_are_skipped(make_kb, fake_embedder):
    """GitBook and mdBook build their site from the pages SUMMARY.md links to: Budibase's docs kept 67 of 154 pages
    it does not list (old copies beside their current pages), cited 37 times in 36 answers and leading 4.
    Controls: listed pages (a folder's README, a page linked with spaces escaped) are indexed; a SUMMARY.md that
    links to none of the pages beside it leaves none out."""
    files = {"docs/service/SUMMARY.md": ("# Summary\n\n* [Introduction](README.md)\n* [Deploy](deploy/README.md)\n"
                                         "  * [Docker](deploy/docker%20compose.md)\n* [Moved](https://example.com/x.md)\n"),
             "docs/service/README.md": "# Intro\n\nWhat the app does, for every team.\n",
             "docs/service/deploy/README.md": "# Deploy\n\nHow to deploy the app on a server.\n",
             "docs/service/deploy/docker compose.md": "# Docker\n\nRun the app with Docker Compose.\n",
             "docs/service/getting-started.md": "# Getting started (old)\n\nAn old copy of the introduction.\n",
             "docs/support/x.md": "# X\n\nSupport text that stays.\n",
             "docs/support/book/SUMMARY.md": "# Summary\n\n* [Elsewhere](../../other/page.md)\n",
             "docs/support/book/y.md": "# Y\n\nA page of a book whose summary lists none of its pages.\n"}
    summary = ingest(make_kb(files), embedder=fake_embedder)
    skipped = {f["path"]: f["reason"] for f in summary["skipped"]}
    assert skipped.get("docs/service/getting-started.md") == ("hidden: SUMMARY.md does not list it (the book's "
                                                              "site leaves it out)")
    assert summary["corpora"]["service"]["added"] == 3           # can fail: listed pages left out too
    assert "docs/support/book/y.md" not in skipped and summary["corpora"]["support"]["failed"] == 0


MKDOCS = """site_name: Mail
docs_dir: service
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - i18n
nav:
  - 'Home': 'index.md'
  - 'Mailboxes':
    - 'Forgot Password Feature': 'u_e-forgot.md'
    - 'Install': './install.md'
    - 'The &nbsp<samp>pihole</samp>&nbsp Command': 'pihole-command.md'
"""


def test_a_mkdocs_nav_titles_the_pages_that_name_no_title_of_their_own(make_kb, fake_embedder):
    """mailcow's docs start 109 of 129 pages at an H2 and name them in mkdocs.yml's nav; they were cited by their file
    names ("U e forgot.en", the i18n plugin's language suffix kept) in every "See also" and in 685 of 1,033 chunks'
    heading paths. Controls: a page's own H1 stays its title, a page the nav leaves out is named by its file without
    the language, and a new nav title re-reads the page."""
    from ingest.store import Store
    files = {"docs/mkdocs.yml": MKDOCS,
             "docs/service/u_e-forgot.en.md": "## Configuration\n\nUsers reset their own password by email.\n",
             "docs/service/install.en.md": "# Install mail\n\nRun the installer on a fresh server.\n",
             "docs/service/other_page.en.md": "Text of a page the nav does not list, about quotas.\n",
             "docs/service/pihole-command.md": "## Update\n\nRun `pihole -up` to update.\n",
             "docs/support/x.md": "# X\n\nSupport text that stays.\n"}
    config = make_kb(files)
    assert ingest(config, embedder=fake_embedder)["ok"]

    def titles():
        got = Store(config).chunks("service").get(include=["metadatas"])["metadatas"]
        return {m["source"].rsplit("/", 1)[-1]: m["title"] for m in got}
    assert titles() == {"u_e-forgot.en.md": "Forgot Password Feature", "install.en.md": "Install mail",
                        "other_page.en.md": "Other page",                  # can fail: "U e forgot.en"
                        "pihole-command.md": "The pihole Command"}         # Pi-hole's: its HTML had been the title
    write(config.root / "docs/mkdocs.yml", MKDOCS.replace("Forgot Password Feature", "Reset your password"))
    assert ingest(config, embedder=fake_embedder)["corpora"]["service"]["updated"] == 1
    assert titles()["u_e-forgot.en.md"] == "Reset your password"


def test_files_a_mkdocs_site_excludes_are_no_pages(make_kb, fake_embedder):
    """Traefik's mkdocs.yml excludes `**/include-*.md` (snippets other pages pull in) with the exclude plugin; 6 were
    indexed as pages titled by their file names, one leading an answer. MkDocs' own `exclude_docs` takes gitignore
    patterns. Controls: the other pages stay, and an excluded snippet a page includes is still read in that page."""
    yml = ('site_name: Proxy\ndocs_dir: service\nexclude_docs: |\n  drafts/\n  *.wip.md\nplugins:\n  - search\n'
           '  - exclude:\n      glob:\n        - "**/include-*.md"\n')
    files = {"docs/mkdocs.yml": yml,
             "docs/service/ops/dashboard.md": '# Dashboard\n\nTurn it on.\n\n--8<-- "ops/include-example.md"\n',
             "docs/service/ops/include-example.md": "```yaml\napi:\n  dashboard: true\n```\n",
             "docs/service/ops/include-other.md": "# Other\n\nA snippet nothing includes, about retries.\n",
             "docs/service/drafts/new.md": "# New\n\nNot written yet, about routers.\n",
             "docs/service/routers.wip.md": "# Routers\n\nHalf done, about routers.\n",
             "docs/service/routers.md": "# Routers\n\nA router matches requests.\n",
             "docs/support/x.md": "# X\n\nSupport text that stays.\n"}
    summary = ingest(make_kb(files), embedder=fake_embedder)
    skipped = {s["path"].split("service/")[1]: s["reason"] for s in summary["skipped"] if "service/" in s["path"]}
    assert skipped["ops/include-other.md"] == ("excluded: the site's mkdocs.yml builds no page of it (the exclude "
                                               "plugin's glob '**/include-*.md')")              # can fail: a page
    assert skipped["drafts/new.md"].endswith("(exclude_docs)") and skipped["routers.wip.md"].endswith("(exclude_docs)")
    assert summary["corpora"]["service"]["added"] == 2                # dashboard.md (with its snippet), routers.md
