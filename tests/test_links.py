"""Link check in `kb ingest`: relative links between the knowledge base's Markdown files that lead to a
missing file, a file no corpus ingests, or a missing section, each with its file and line; ingest still
succeeds. Real Chroma in a temp dir, the fake embedder (the model is not the point here)."""
from __future__ import annotations

from conftest import CONFIG, SMALL_CORPUS

from app.cli_output import summary_text
from ingest.links import links_of
from ingest.pipeline import ingest

LINKS = {"docs/service/billing.md": """
    ---
    title: Billing
    ---
    # Billing

    ## Refunds
    See [Refund policy](refunds.md#annual-plans) and [monthly](refunds.md#monthly-plans), the
    [old refund page](refund-policy.md) and [lifetime deals](refunds.md#lifetime-deals).

    | Topic | Where |
    | --- | --- |
    | Invites | [Invite](invite.md#invite-by-email), [SSO](../support/public/login.md#saml) |

    Jump to [Refunds](#refunds), [Taxes](#taxes), the [internal notes](../../notes/billing.md),
    [mail us](mailto:help@example.com), [the site](https://example.com/x.md#nope) or the
    [logo](logo.png). `[not a link](missing.md)`

    ```
    [not a link either](missing.md)
    ```
    """}


def test_links_are_read_from_tokens_with_their_line():
    text = "# T\n\nsee [a](a.md) and\n[b](b.md#x)\n\n`[c](c.md)`\n\n    [d](d.md)\n\n[e][ref]\n\n[ref]: e.md\n"
    assert links_of(text) == [(3, "a.md"), (4, "b.md#x"), (10, "e.md")]


def test_ingest_reports_broken_links_with_file_line_and_target_and_still_succeeds(make_kb, fake_embedder):
    config = make_kb({**SMALL_CORPUS, **LINKS}, CONFIG)
    (config.root / "notes").mkdir()
    (config.root / "notes/billing.md").write_text("# Notes\n")
    summary = ingest(config, embedder=fake_embedder)
    assert summary["ok"] and summary["corpora"]["service"]["added"] == 3
    found = {(b["path"], b["line"], b["target"], b["reason"]) for b in summary["broken_links"]}
    source = "docs/service/billing.md"
    assert found == {
        (source, 8, "refund-policy.md", "no such file"),
        (source, 8, "refunds.md#lifetime-deals", "no section with anchor #lifetime-deals"),
        (source, 12, "../support/public/login.md#saml", "no section with anchor #saml"),
        (source, 14, "#taxes", "no section with anchor #taxes"),
        (source, 14, "../../notes/billing.md", "not in the knowledge base (no corpus ingests it)"),
        (source, 16, "logo.png", "no such file"),
    }
    assert all(b["corpus"] == "service" for b in summary["broken_links"])
    assert summary["corpora"]["service"]["broken_links"] and not summary["corpora"]["support"]["broken_links"]
    text = summary_text(summary)
    assert f"BROKEN LINK {source}:8: refund-policy.md: no such file" in text
    assert text.splitlines()[-1].endswith("; 6 broken links listed above")      # counted, not left to the reader


def test_fixing_the_target_clears_the_report_without_reingesting_the_linking_file(make_kb, fake_embedder):
    config = make_kb({**SMALL_CORPUS, **LINKS}, CONFIG)
    ingest(config, embedder=fake_embedder)
    refunds = config.root / "docs/service/refunds.md"
    refunds.write_text(refunds.read_text() + "\n## Lifetime deals\nLifetime deals are not refunded.\n")
    summary = ingest(config, embedder=fake_embedder)
    assert summary["corpora"]["service"]["updated"] == 1            # refunds.md only; billing.md unchanged
    targets = {b["target"] for b in summary["broken_links"]}
    assert "refunds.md#lifetime-deals" not in targets and "refund-policy.md" in targets
    assert (config.cache_path / "links.json").exists()                 # what the next run reuses
    (config.root / "docs/service/invite.md").unlink()
    summary = ingest(config, embedder=fake_embedder)
    assert ("invite.md#invite-by-email", "no such file") in {(b["target"], b["reason"]) for b in summary["broken_links"]}


def test_kb_status_lists_the_broken_links_of_the_last_ingest(make_kb, fake_embedder, capsys):
    from app.cli import main
    config = make_kb({**SMALL_CORPUS, **LINKS}, CONFIG)
    ingest(config, embedder=fake_embedder)
    assert main(["status", "--config", str(config.file)]) == 0
    out = capsys.readouterr().out
    assert "  BROKEN LINK docs/service/billing.md:16: logo.png: no such file" in out
    # counted per corpus; ../../notes/billing.md (no such folder) is one of them: it used to open billing.md itself
    assert out.splitlines()[0].endswith("0 failed, 0 skipped, 6 broken links")
    assert "BROKEN LINK docs/service/billing.md:14: ../../notes/billing.md: no such file" in out


def test_kb_status_says_when_no_page_is_public(make_kb, fake_embedder, capsys):
    """GOV.UK's developer docs, internal throughout: 36 of 36 questions asked as a customer (the default) found
    nothing, and nothing said why. Control: a knowledge base with one public page gets no such line."""
    from app.cli import main
    internal = CONFIG.replace('audience = "public"', 'audience = "internal"')
    config = make_kb({"docs/service/a.md": "# A\n\nHow to rotate the keys.\n", "docs/support/b.md": "# B\n\nText.\n"},
                     internal)
    ingest(config, embedder=fake_embedder)
    assert main(["status", "--config", str(config.file)]) == 0
    assert "no public page: a customer's question" in capsys.readouterr().out
    config = make_kb({"docs/service/a.md": "# A\n\nHow to rotate the keys.\n"}, CONFIG)
    ingest(config, embedder=fake_embedder)
    assert main(["status", "--config", str(config.file)]) == 0
    assert "no public page" not in capsys.readouterr().out


# Docs sites link pages as their URLs look (written for this test after the styles of Caddy, Middleman,
# MkDocs and Docusaurus sites): read as file paths, each was reported broken and opened "Article not found".
SITE = ["docs/service/directives/uri.md", "docs/service/directives/rewrite.md", "docs/service/guides/deploy.md",
        "docs/service/sync/index.md", "docs/support/faq.md", "docs/service/a/setup.md", "docs/service/b/setup.md",
        "docs/service/a/sso.mdx", "docs/service/b/sso.mdx"]


def test_a_link_resolves_to_the_page_a_docs_site_serves_for_it():
    from ingest.link_targets import Targets
    t = Targets(SITE)
    uri = "docs/service/directives/uri.md"
    assert t.find(uri, "rewrite") == "docs/service/directives/rewrite.md"          # extensionless sibling
    assert t.find(uri, "../rewrite/") == "docs/service/directives/rewrite.md"      # from the page's URL folder
    assert t.find(uri, "../sync/") == "docs/service/sync/index.md"                 # a folder's index page
    assert t.find(uri, "deploy.html") == "docs/service/guides/deploy.md"           # flat .html URL, other folder
    assert t.find(uri, "faq.md") == "docs/support/faq.md"                          # root-relative, one such name
    assert t.find(uri, "../a/sso") == "docs/service/a/sso.mdx"   # Mintlify: an .mdx page, two of that name
    assert t.find(uri, "setup") is None                       # can-fail controls: two files of that name,
    assert t.find(uri, "pricing") is None                     # and none at all
    assert t.find(uri, "") == uri
    fly = Targets(["docs/about/pricing.html.markerb", "docs/apps/deploy.html.md"])   # Middleman's markerb pages
    assert fly.page("docs/apps/deploy.html.md", "/docs/about/pricing/#machines") == \
        "docs/about/pricing.html.markerb"
    assert fly.find("docs/apps/deploy.html.md", "../about/pricing.html") == "docs/about/pricing.html.markerb"



def test_a_link_finds_its_page_under_another_corpus_folder_and_a_name_only_where_the_folders_agree():
    """Zed's manual split into service and support folders: `./linux.md` from service/installation.md is
    support/linux.md (two files have that name), and `./extensions/themes.md` (not in the knowledge base) opened
    the one themes.md, another page. Controls: without the corpus folders, the name alone stays ambiguous."""
    from ingest.link_targets import Targets
    files = ["kb/service/installation.md", "kb/service/themes.md", "kb/support/linux.md",
             "kb/support/development/linux.md", "kb/support/ai/overview.md", "kb/service/ai/overview.md",
             "kb/service/guides/ai/overview.md"]
    t = Targets(files, ["kb/service", "kb/support"])
    assert t.find("kb/service/installation.md", "./linux.md") == "kb/support/linux.md"
    assert t.find("kb/service/installation.md", "./extensions/themes.md") is None
    assert t.find("kb/service/installation.md", "themes.md") == "kb/service/themes.md"
    assert t.find("kb/support/linux.md", "./installation.md") == "kb/service/installation.md"
    assert t.find("kb/service/installation.md", "./ai/overview.md") == "kb/service/ai/overview.md"   # own first
    assert Targets(files).find("kb/service/installation.md", "./linux.md") is None
    # Docusaurus reads `docs/guides/ai/overview.md` from the site's folder too, above the corpus folder here
    assert t.find("kb/service/guides/x.md", "docs/guides/ai/overview.md") == "kb/service/guides/ai/overview.md"


def test_a_link_to_a_file_is_the_files_before_the_page_urls_folder():
    """BTCPay's docs split into service and support: support/FAQ/Stores.md links `../Wallet.md#settings`, the
    Wallet page kept with the help docs, and opened support/FAQ/Wallet.md, the Wallet FAQ, read from the page's
    URL folder (17 of 554 links). Control: an extensionless link still reads from the URL folder first."""
    from ingest.link_targets import Targets
    files = ["kb/support/FAQ/Stores.md", "kb/support/FAQ/Wallet.md", "kb/service/Wallet.md",
             "kb/support/FAQ/Stores/tips.md", "kb/service/FAQ/tips.md"]
    t = Targets(files, ["kb/service", "kb/support"])
    assert t.find("kb/support/FAQ/Stores.md", "../Wallet.md") == "kb/service/Wallet.md"
    assert t.find("kb/support/FAQ/Stores.md", "./Wallet.md") == "kb/support/FAQ/Wallet.md"
    assert t.find("kb/support/FAQ/Stores.md", "tips") == "kb/support/FAQ/Stores/tips.md"      # can fail



def test_a_link_to_a_folder_is_the_page_urls_in_either_corpus():
    """Forgejo's docs: `../installation/binary/` from admin/actions/registration.md meant the runner's install page
    beside it on the site (admin/actions/installation/binary), not the server's one folder up; `../troubleshooting/`
    from a service page was a support page at the same place (21 of 45 broken-link reports were false)."""
    from ingest.link_targets import Targets
    files = ["kb/support/admin/actions/registration.md", "kb/support/admin/installation/binary.md",
             "kb/support/admin/actions/installation/binary.md", "kb/service/user/actions/overview.md",
             "kb/support/user/actions/troubleshooting.md"]
    t = Targets(files, ["kb/service", "kb/support"])
    assert t.find("kb/support/admin/actions/registration.md", "../installation/binary/") == \
        "kb/support/admin/actions/installation/binary.md"
    assert t.find("kb/service/user/actions/overview.md", "../troubleshooting/") == \
        "kb/support/user/actions/troubleshooting.md"
    assert t.find("kb/support/admin/actions/registration.md", "../installation/binary.md") == \
        "kb/support/admin/installation/binary.md"                       # can fail: a file link is the file's


def test_a_site_absolute_link_resolves_by_the_tail_of_its_path():
    """Caddy and Jekyll pages link "/docs/caddyfile/directives/encode": the site's prefix is no folder here."""
    from ingest.link_targets import Targets
    t = Targets(SITE)
    assert t.find_absolute("/docs/directives/rewrite") == "docs/service/directives/rewrite.md"
    assert t.find_absolute("/site/guides/deploy.html") == "docs/service/guides/deploy.md"
    assert t.find_absolute("/help/sync/") == "docs/service/sync/index.md"
    assert t.find_absolute("/a/setup") == "docs/service/a/setup.md"            # the folder tells them apart
    assert t.find_absolute("/setup") is None and t.find_absolute("/pricing") is None     # can fail
    assert t.find_absolute("/guides/rewrite") is None      # guides/ holds pages, none named rewrite


def test_a_site_absolute_link_finds_a_page_whose_path_has_spaces():
    """Val Town's docs (Starlight) serve "guides/GitHub Sync/github-actions.mdx" at /guides/github-sync/github-actions/:
    6 of 185 such links led nowhere. Control: a link to another folder is still nothing."""
    from ingest.link_targets import Targets
    t = Targets(["docs/guides/GitHub Sync/github-actions.mdx", "docs/reference/File IO.mdx", "docs/index.mdx"])
    assert t.find_absolute("/guides/github-sync/github-actions/") == "docs/guides/GitHub Sync/github-actions.mdx"
    assert t.find_absolute("/reference/file-io") == "docs/reference/File IO.mdx"
    assert t.find_absolute("/guides/github-sync/gitlab-actions/") is None        # can fail


def test_a_link_finds_a_page_whose_name_or_folder_has_a_docusaurus_number_prefix():
    """Docusaurus serves guide/07_coupons.md at guide/coupons and guide/08_addons/overview.md at guide/addons/overview:
    on Lago's docs 33 links were reported broken. Controls: a date and a version keep their digits."""
    from ingest.link_targets import Targets
    t = Targets(["d/guide/06_customers/management.md", "d/guide/07_coupons.md", "d/guide/08_addons/overview.md",
                 "d/guide/09_events/overview.md", "d/blog/2021-01-01-launch.md", "d/notes/1.2-notes.md"])
    src = "d/guide/06_customers/management.md"
    assert t.find(src, "../coupons") == "d/guide/07_coupons.md"
    assert t.find(src, "../addons/overview") == "d/guide/08_addons/overview.md"
    assert t.find_absolute("/docs/guide/addons/overview") == "d/guide/08_addons/overview.md"
    assert t.find(src, "../07_coupons.md") == "d/guide/07_coupons.md"          # as written still works
    assert t.find(src, "../../blog/01-01-launch") is None                       # can fail: a date is no prefix
    assert t.find(src, "../../notes/notes") is None                             # nor a version


def test_a_numbered_page_beside_the_link_or_served_as_a_folder_is_found():
    """YunoHost's docs (Docusaurus): `./doc` in 50.packaging/05.structure.mdx means 30.doc.mdx beside it, but another
    10.doc.mdx a level up made the name ambiguous, and it was reported broken. Misskey's (Nuxt): `../resources/
    glossary/` read "glossary" as a folder, 14 reports. Control: two pages of the name elsewhere stay ambiguous."""
    from ingest.link_targets import Targets
    t = Targets(["d/dev/10.doc.mdx", "d/dev/50.packaging/30.doc.mdx", "d/dev/50.packaging/05.structure.mdx",
                 "d/2.users/4.resources/glossary.md", "d/2.users/2.onboarding/3.join.md", "d/a/x.md", "d/b/x.md"])
    assert t.find("d/dev/50.packaging/05.structure.mdx", "./doc") == "d/dev/50.packaging/30.doc.mdx"   # can fail
    assert t.find("d/dev/20.intro.mdx", "./doc") == "d/dev/10.doc.mdx"
    assert t.find("d/2.users/2.onboarding/3.join.md", "../resources/glossary/") == "d/2.users/4.resources/glossary.md"
    assert t.find("d/dev/10.doc.mdx", "./x") is None


def test_a_link_finds_a_grav_page_by_its_folders_slug():
    """Grav serves "04.guides/01.opds/default.en.md" at guides/opds: the Kavita wiki's "./opds" and "../opds" links
    were 22 of its 30 reported broken. Control: a page named "default" outside a numbered folder is a page."""
    from ingest.link_targets import Targets
    t = Targets(["p/04.guides/01.opds/default.en.md", "p/04.guides/02.proxy/default.md",
                 "p/04.guides/02.proxy/04.caddy/default.md", "p/themes/default.md"])
    assert t.find("p/04.guides/02.proxy/default.md", "./caddy") == "p/04.guides/02.proxy/04.caddy/default.md"
    assert t.find("p/04.guides/02.proxy/04.caddy/default.md", "../../opds") == "p/04.guides/01.opds/default.en.md"
    assert t.find("p/04.guides/02.proxy/default.md", "../opds") == "p/04.guides/01.opds/default.en.md"   # can fail
    assert t.find("p/04.guides/01.opds/default.en.md", "../../themes/default") == "p/themes/default.md"


def test_a_link_to_a_pages_old_address_is_not_broken(make_kb, fake_embedder):
    """Codemagic's docs (Hugo) link `../teams/teams` where teams.md declares `aliases: [/teams/teams]`: the site
    redirects it, and 126 of 170 "no such file" reports were such links. jekyll-redirect-from's `redirect_from`
    and Hugo's TOML front matter the same. Control: a path no page declares is still broken."""
    files = {**SMALL_CORPUS,
             "docs/service/getting-started/teams.md": "---\ntitle: Teams\naliases:\n  - /teams/teams\n---\n"
                                                      "Invite people to your team.\n",
             "docs/service/old.md": "+++\ntitle = \"Machine types\"\naliases = [\"/specs/machine-type\"]\n+++\n"
                                    "Machines come in three sizes.\n",
             "docs/service/jekyll.md": "---\ntitle: Plans\nredirect_from: /pricing/\n---\nThe plans.\n",
             "docs/service/billing/billing.md": "# Billing\n\nEach [team](../teams/teams), [specs](../specs/machine-type/)"
                                                ", [pricing](../pricing) and [nothing](../teams/nope).\n"}
    config = make_kb(files, CONFIG)
    summary = ingest(config, embedder=fake_embedder)
    assert {b["target"] for b in summary["broken_links"] if b["path"] == "docs/service/billing/billing.md"} == {
        "../teams/nope"}


def test_a_link_to_a_docusaurus_id_is_its_page(make_kb, fake_embedder):
    """Docusaurus serves a page whose front matter says `id: notifications-basic` at that id in its folder: Home
    Assistant's companion docs link `../notifications/notifications-basic` (basic.md), 48 such links, 5 reported
    broken. Controls: an id names a page of its own folder only, and a path no page has is still broken."""
    files = {**SMALL_CORPUS,
             "docs/service/notifications/basic.md": "---\nid: notifications-basic\n---\n# Basic\n\nSend one.\n",
             "docs/service/setup/setup.md": "# Setup\n\nSee [channels](../notifications/notifications-basic), "
                                            "[same](../notifications/notifications-basic#basic), [wrong folder]"
                                            "(../setup/notifications-basic) and [none](../notifications/nope).\n"}
    summary = ingest(make_kb(files, CONFIG), embedder=fake_embedder)
    assert {b["target"] for b in summary["broken_links"] if b["path"] == "docs/service/setup/setup.md"} == {
        "../setup/notifications-basic", "../notifications/nope"}


def test_a_docsify_section_link_is_checked_for_its_anchor(make_kb, fake_embedder):
    """Docsify links a section as `overview.md?id=advanced-features`: a dead one went unreported (GuestBell).
    Control: a live one is not reported."""
    files = {**SMALL_CORPUS, "docs/service/overview.md": "# Overview\n\n## Advanced\n\nExpert mode.\n",
             "docs/service/keys.md": "# Keys\n\nEnable [it](overview.md?id=advanced) or [that](overview.md?id=gone).\n"}
    config = make_kb(files, CONFIG)
    summary = ingest(config, embedder=fake_embedder)
    assert [(b["target"], b["reason"]) for b in summary["broken_links"] if b["path"] == "docs/service/keys.md"] == [
        ("overview.md?id=gone", "no section with anchor #gone")]


def test_a_link_to_a_page_the_i18n_plugin_names_by_language_is_not_broken(make_kb, fake_embedder):
    """mailcow's docs (MkDocs, i18n plugin): `[Apple](client-apple.md)` serves `client-apple.en.md`; 38 of 39 reports
    were such links. Control: a link to a page no language of which exists is still reported."""
    files = {**SMALL_CORPUS, "docs/service/client-apple.en.md": "# Apple\n\n## Mail\n\nAdd the account.\n",
             "docs/service/client.en.md": "# Clients\n\nSee [Apple](client-apple.md#mail) or [Nokia](client-nokia.md)"
                                           ".\n"}
    summary = ingest(make_kb(files, CONFIG), embedder=fake_embedder)
    assert [(b["target"], b["reason"]) for b in summary["broken_links"]] == [("client-nokia.md", "no such file")]


def test_ingest_reports_only_the_links_no_docs_site_could_serve(make_kb, fake_embedder):
    files = {**SMALL_CORPUS, "docs/service/directives/rewrite.md": "# Rewrite\n\n## Syntax\nrewrite [to]\n",
             "docs/service/directives/uri.md": "# Uri\n\nUnlike [rewrite](rewrite#syntax), see [the guide](deploy.html)"
                                               " and [gone](redirect), [wrong](rewrite#options), [with a query]"
                                               "(../directives/rewrite/?v=2#syntax), [gone too](redirect?v=2), "
                                               "[a tab](rewrite#__tabbed_1_2), [a note](#fn:1), [words](rewrite#:~:"
                                               "text=to), [in](rewrite#syntax:~:text=to), [out](rewrite#x:~:text=a).\n",
             "docs/service/guides/deploy.md": "# Deploy\n\nDeploy with the command line tool and a config.\n"}
    config = make_kb(files, CONFIG)
    summary = ingest(config, embedder=fake_embedder)
    found = {(b["target"], b["reason"]) for b in summary["broken_links"]}
    # a page's query is not part of its path (Meshtastic's docs: 16 such links were "no such file"), and ids the
    # renderer makes (MkDocs Material's tabs, footnotes: Tasmota's docs) are no missing sections, nor a text fragment
    # (`#:~:text=`: Navidrome's docs, 5 of 6 reports); the anchor before one is checked
    assert found == {("redirect", "no such file"), ("rewrite#options", "no section with anchor #options"),
                     ("redirect?v=2", "no such file"), ("rewrite#x:~:text=a", "no section with anchor #x")}


def test_a_jekyll_site_link_is_checked_for_its_anchor_only(make_kb, fake_embedder):
    """The Bitwarden help center links [x]({{site.baseurl}}/article/x/#id). Read as written, each such link was
    "no such file" (93 of its 166 reports); it is the site-absolute /article/x/#id, whose anchor is checked
    where the page is ours, and which is left alone where it is not (the site has other pages)."""
    page = ("---\nlayout: article\ntitle: Sync\n---\nSee [change]({{site.baseurl}}/article/master-password/"
            "#change-your-master-password){:target=\"\\_blank\"}, [reset]({{site.baseurl}}/article/master-password/"
            "#reset) and [install]({{ site.baseurl }}/article/install-on-premise/).\n")
    assert links_of(page) == [(5, "/article/master-password/#change-your-master-password"),
                              (5, "/article/master-password/#reset"), (5, "/article/install-on-premise/")]
    files = {**SMALL_CORPUS, "docs/service/sync.md": page, "docs/service/account/master-password.md":
             "---\ntitle: Master password\n---\n## Change your master password\n\nOpen **Settings**.\n"}
    summary = ingest(make_kb(files, CONFIG), embedder=fake_embedder)
    assert [(b["path"], b["target"], b["reason"]) for b in summary["broken_links"]] == [
        ("docs/service/sync.md", "/article/master-password/#reset", "no section with anchor #reset")]


def test_an_anchor_the_page_defines_by_an_element_or_a_target_is_not_broken(make_kb, fake_embedder):
    """Jellyfin's docs: `#why-updates-needed` was reported broken; the page defines it with
    `<Link id="why-updates-needed"/>`. `<a name="x">` and MyST's `(x)=` define anchors too, and Sphinx links
    `[text](x)` to a target wherever it is (Multipass docs: all 173 reports were such links). A GitBook heading's
    id element keeps its title's slug too (its pages link both). Controls: an anchor and a label nothing defines,
    and the slug of a heading whose `{#id}` replaced it, are still reported."""
    files = {**SMALL_CORPUS,
             "docs/service/updates.md": '# Updates\n\n<Link id="why-updates-needed"/>\nUpdate often.\n\n'
                                        '<a name="old-style"></a>\nOld.\n\n(myst-label)=\n## Later\nText.\n',
             "docs/service/sphinx.md": "# Sphinx\n\nSee [later](myst-label) and [nothing](no-such-label).\n",
             "docs/service/gitbook.md": '# GB\n\n## Table of contents <a href="#toc" id="toc"></a>\nT.\n\n'
                                        "## Profile move {#move}\nM.\n\n[toc](#table-of-contents), [by id](#toc), "
                                        "[move](#move), [slug](#profile-move).\n",
             "docs/service/links.md": "# Links\n\n[why](updates.md#why-updates-needed), [old](updates.md#old-style),"
                                      " [myst](updates.md#myst-label), [gone](updates.md#nowhere).\n"}
    summary = ingest(make_kb(files, CONFIG), embedder=fake_embedder)
    assert sorted((b["target"], b["reason"]) for b in summary["broken_links"]) == [
        ("#profile-move", "no section with anchor #profile-move"),      # {#move} replaces the slug, as Hugo does
        ("no-such-label", "no such file"), ("updates.md#nowhere", "no section with anchor #nowhere")]


def test_wiki_links_are_links_a_sidebar_of_them_is_navigation_and_a_missing_page_is_reported(make_kb, fake_embedder):
    """A GitHub wiki (Vaultwarden's): its `[[Page]]` links were never checked, a real broken one went unreported,
    and `_Sidebar.md`, made of them, was indexed and cited in 9 of 36 answers. Control: a wiki link to a page
    that exists, by its title with spaces or by its slug, is not broken."""
    files = {**SMALL_CORPUS,
             "docs/service/Set up Sync.md": "# Set up Sync\n\n## Encryption\n\nEvery vault is encrypted end to end.\n",
             "docs/service/Running-with-docker.md": "# Running with docker\n\nRun the image with a volume.\n",
             "docs/service/Home.md": "# Home\n\nRead [[Set up Sync#Encryption]], [[run it|Running-with-docker]] and "
                                     "[[Running with systemd-docker|Running-with-systemd-docker]].\n",
             "docs/service/_Sidebar.md": "* [[Home]]\n* [[Set up Sync]]\n* [[Running with docker|Running-with-docker]]\n"}
    summary = ingest(make_kb(files, CONFIG), embedder=fake_embedder)
    assert [(b["path"], b["target"], b["reason"]) for b in summary["broken_links"]] == [
        ("docs/service/Home.md", "Running-with-systemd-docker", "no such file")]
    [sidebar] = [s for s in summary["corpora"]["service"]["skipped"] if s["path"] == "docs/service/_Sidebar.md"]
    assert sidebar["reason"].startswith("navigation: ")


def test_a_wikis_sidebar_and_footer_are_never_pages(make_kb, fake_embedder):
    """Uptime Kuma's wiki links its pages by full address in `_Sidebar.md` (so no list of the site's own pages:
    7 chunks, cited in 10 of 36 answers, leading one) and ends every page with `_Footer.md`'s "Edit this page".
    Control: a page named like them but not them is a page."""
    wiki = "https://github.com/example/app/wiki/"
    files = {**SMALL_CORPUS, "docs/service/_Sidebar.md": f"## Features\n\n- [Badge]({wiki}Badge)\n- [Status]({wiki}S)\n",
             "docs/service/_Footer.md": "[Edit this page](https://github.com/example/app-wiki)\n",
             "docs/service/Sidebar-Widgets.md": "# Sidebar widgets\n\nPin a widget to the sidebar.\n"}
    summary = ingest(make_kb(files, CONFIG), embedder=fake_embedder)
    skipped = {s["path"]: s["reason"] for s in summary["corpora"]["service"]["skipped"]}
    assert skipped["docs/service/_Sidebar.md"].startswith("navigation: a wiki's sidebar")      # can fail: indexed
    assert "docs/service/_Footer.md" in skipped and "docs/service/Sidebar-Widgets.md" not in skipped


def test_a_link_written_as_the_sites_own_url_is_checked(make_kb, fake_embedder):
    """Joplin's help links its own pages as https://joplinapp.org/help/... (63 of 95 such links lead to pages of the
    knowledge base), and Plane's 31 of 39: none was checked, so 3 broken anchors went unreported. Controls: a
    page of the site the knowledge base lacks, another site, and a working link are not reported."""
    config_text = CONFIG.replace('paths = ["docs/service"]', 'paths = ["docs/service"]\nurl_base = "https://help.example/docs/"')
    pages = {"docs/service/sync.md": "# Sync\n\n## Targets\n\nDropbox and WebDAV.\n",
             "docs/service/faq.md": "# FAQ\n\nSee [targets](https://help.example/docs/sync#targets), "
                                    "[gone](https://help.example/docs/sync#encryption), "
                                    "[pricing](https://help.example/pricing/) and [x](https://other.example/sync#a).\n"}
    summary = ingest(make_kb(pages, config_text), embedder=fake_embedder)
    found = {(b["target"], b["reason"]) for b in summary["broken_links"]}
    assert found == {("https://help.example/docs/sync#encryption", "no section with anchor #encryption")}


def test_a_jekyll_post_is_named_without_its_date():
    """HealthCare.gov's content (Jekyll): `_posts/articles/0001-02-01-do-i-qualify-for-medicaid.md` is the page
    /do-i-qualify-for-medicaid/; with the date kept, 921 of 978 links led nowhere, and 117 pages without a title
    were called "0001 02 01 texas". Control: a dated file outside `_posts` keeps its date."""
    from ingest.link_targets import Targets
    from ingest.markdown import parse
    post = "docs/service/_posts/articles/0001-02-01-do-i-qualify-for-medicaid.md"
    t = Targets([post, "docs/service/_posts/states/0001-02-01-texas.md", "docs/service/notes/2013-06-06-log.md"])
    assert t.page("docs/service/notes/2013-06-06-log.md", "/do-i-qualify-for-medicaid/") == post
    assert parse("Some help.\n", "docs/service/_posts/states/0001-02-01-texas.md").title == "Texas"
    assert parse("Some notes.\n", "docs/service/notes/2013-06-06-log.md").title == "2013 06 06 log"


def test_a_markdoc_page_is_a_page_and_read_by_default():
    """Buttondown's docs are Markdoc (`.mdoc`): read only after `include = ["*.mdoc"]`, and then 3 links to pages
    that exist were reported broken ("fancy-mode: no such file")."""
    from ingest.config import DEFAULT_INCLUDE
    from ingest.link_targets import Targets
    t = Targets(["docs/service/pages/fancy-mode.mdoc", "docs/service/pages/email-archives.mdoc"])
    assert t.find("docs/service/pages/email-archives.mdoc", "fancy-mode") == "docs/service/pages/fancy-mode.mdoc"
    assert t.page("docs/service/pages/email-archives.mdoc", "/fancy-mode") == "docs/service/pages/fancy-mode.mdoc"
    assert "*.mdoc" in DEFAULT_INCLUDE


def _stored(make_kb, embedder, files: dict[str, str], name: str) -> tuple[dict, list[tuple[str, dict]]]:
    """The ingest's summary, and the (text, metadata) of each service chunk of the file whose path ends with `name`."""
    from ingest.store import Store
    config = make_kb(files, CONFIG)
    summary = ingest(config, embedder=embedder)
    got = Store(config).chunks("service").get(include=["documents", "metadatas"])
    return summary, [(t, m) for t, m in zip(got["documents"], got["metadatas"]) if m["source"].endswith(name)]


def test_a_link_to_its_own_id_is_stored_as_its_name_and_the_id_still_resolves(make_kb, fake_embedder):
    """Traefik's options tables open each of 2,750 rows with `<a id="opt-x" href="#opt-x" title="#opt-x">x</a>`: 44%
    of the characters of 772 chunks, two or three rows a chunk. Controls: a link to the id from another page is not
    broken; the tag in code stays."""
    row = '| <a id="opt-port" href="#opt-port" title="#opt-port">`port`</a> | The port to listen on. |\n'
    files = {"docs/service/options.md": f"# Options\n\n| Field | Description |\n|---|---|\n{row}\n"
                                        'Written `<a id="y" href="#y">y</a>` in code.\n',
             "docs/service/guide.md": "# Guide\n\nSet the [port](options.md#opt-port) first.\n"}
    summary, mine = _stored(make_kb, fake_embedder, files, "options.md")
    assert summary["broken_links"] == []
    text = "\n".join(t for t, _ in mine)
    assert "| `port` | The port to listen on. |" in text                                # can fail: tag kept
    assert '`<a id="y" href="#y">y</a>`' in text


def test_a_headings_link_to_an_anchor_of_its_page_is_shown_as_its_words(make_kb, fake_embedder):
    """Paperless-ngx heads its 180 settings ``#### [`PAPERLESS_URL=<url>`](#PAPERLESS_URL) {#PAPERLESS_URL}``: 9 of 36
    answers showed the title as a bold link going nowhere. Controls: the anchor is the id's, links to it resolve, a
    heading's link to another page and a link in the text stay, and so does the syntax in code."""
    files = {"docs/service/configuration.md": "# Configuration\n\n#### [`PAPERLESS_URL=<url>`](#PAPERLESS_URL) "
                                              "{#PAPERLESS_URL}\n\nThe site's URL; see [paths](#paths).\n\n"
                                              "## [Paths](#paths)\n\nWhere files go.\n\n## [Guide](guide.md)\n\n"
                                              "Read it.\n\n```md\n## [Kept](#kept)\n```\n",
             "docs/service/guide.md": "# Guide\n\nSet the [URL](configuration.md#PAPERLESS_URL) first.\n"}
    summary, mine = _stored(make_kb, fake_embedder, files, "configuration.md")
    assert summary["broken_links"] == []
    text = "\n".join(t for t, _ in mine)
    assert "#### `PAPERLESS_URL=<url>`\n" in text and "## Paths\n" in text          # can fail: links kept
    assert "see [paths](#paths)" in text and "## [Guide](guide.md)" in text and "## [Kept](#kept)" in text
    assert {m["anchor"] for _, m in mine} >= {"PAPERLESS_URL", "paths"}


def test_a_link_to_a_page_the_repository_ignores_is_no_broken_link(make_kb, fake_embedder):
    """Kopia's docs link their command-line reference 70 times; the reference is written when the site is built and
    its folders are in `Reference/Command-Line/.gitignore` (`Common/`, `Advanced/`): 70 of 77 reports were "no such
    file". Hugo lowercases URLs, so the link's folders match the folders on disk in any case. Control: a missing page
    the .gitignore does not name is still reported."""
    files = {"docs/service/guide.md": "# Guide\n\nSee [verify](../service/reference/command-line/common/snapshot-verify/)"
                                      " and [gone](../service/reference/command-line/gone/), [all](reference/command-line/common/#x).\n",
             "docs/service/Reference/Command-Line/.gitignore": "Common/\nflags.md\n",
             "docs/service/Reference/Command-Line/index.md": "# CLI\n\nThe commands.\n"}
    summary = ingest(make_kb(files, CONFIG), embedder=fake_embedder)
    targets = {b["target"] for b in summary["broken_links"]}
    assert "../service/reference/command-line/gone/" in targets
    assert not any("snapshot-verify" in t or "common/#x" in t for t in targets)   # can fail: no such file
