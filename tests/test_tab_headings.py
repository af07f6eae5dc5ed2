"""Tab groups whose tabs hold headings (ingest/tab_headings.py): each tab's title is a heading, so a heading inside
one tab no longer heads the tabs after it."""
from __future__ import annotations

from ingest.markdown import parse


def _paths(page: str, path: str = "docs/service/proxy.md") -> list[tuple[str, ...]]:
    return [s.heading_path[1:] for s in parse(page, path).sections if len(s.heading_path) > 1]


def test_a_gitbook_tab_holding_headings_makes_each_tab_a_section():
    """Overseerr's docs: "### SSL", inside the Nginx Proxy Manager tab, headed the Subdomain and Subfolder tabs'
    configurations in 6 chunks. Controls: a tab group with no heading inside keeps its bold titles, a heading after
    the group keeps its level, and a `#` comment in a tab's code is no heading."""
    page = ('# Reverse Proxy\n\n## Nginx\n\n{% tabs %}\n{% tab title="SWAG" %}\nUse SWAG.\n```sh\n# not a heading\n```\n'
            '{% endtab %}\n\n{% tab title="Nginx Proxy Manager" %}\nAdd a proxy host.\n\n### Details\n\nPort 5055.\n\n'
            '### SSL\n\nRequest a certificate.\n{% endtab %}\n\n{% tab title="Subdomain" %}\nserver {}\n{% endtab %}\n'
            '{% endtabs %}\n\n### Logs\n\nSee logs.\n\n## Docker\n\n{% tabs %}\n{% tab title="Docker CLI" %}\nRun it.\n'
            '{% endtab %}\n{% tab title="Compose" %}\nCompose it.\n{% endtab %}\n{% endtabs %}\n')
    doc = parse(page, "docs/service/proxy.md")
    assert [s.heading_path[1:] for s in doc.sections if len(s.heading_path) > 1] == [
        ("Nginx",), ("Nginx", "SWAG"), ("Nginx", "Nginx Proxy Manager"), ("Nginx", "Nginx Proxy Manager", "Details"),
        ("Nginx", "Nginx Proxy Manager", "SSL"), ("Nginx", "Subdomain"), ("Nginx", "Logs"), ("Docker",)]
    text = "".join(doc.lines)
    assert "**Docker CLI**\nRun it." in text and "**Compose**\nCompose it." in text
    assert "# not a heading" in text and "{%" not in text
    assert len(doc.lines) == page.count("\n")


def test_vuepress_and_vitepress_tabs_holding_headings_are_sections():
    """Pterodactyl's docs (VuePress' tabs plugin, `:::: tab "Nginx With SSL"`): every tab's "### Enabling
    Configuration" was cited as the first tab's, 17 chunks, and the titles kept their quotes. A `::: tip` inside a
    tab stays a box; VitePress' `== Label` tabs and vuepress-theme-hope's `@tab` read the same way."""
    page = ('# Webserver\n\n::::: tabs\n:::: tab "Nginx With SSL"\nPaste this.\n\n::: tip\nA tip.\n:::\n\n'
            '### Enabling Configuration\n\nLink it.\n::::\n:::: tab "Apache"\nPaste that.\n\n### Enabling Configuration\n\n'
            'Enable it.\n::::\n:::::\n\n## After\n\nDone.\n')
    assert _paths(page) == [("Nginx With SSL",), ("Nginx With SSL", "Enabling Configuration"), ("Apache",),
                            ("Apache", "Enabling Configuration"), ("After",)]
    text = "".join(parse(page, "docs/service/web.md").lines)
    assert "**Tip**  \nA tip." in text and '"' not in text and "::" not in text
    for marker in ("== ", "@tab "):
        page = (f"# Sync\n\n:::tabs\n{marker}Cloud\nSign in.\n\n### Keys\n\nAdd a key.\n{marker}Self-hosted\n"
                "Run the server.\n:::\n")
        assert _paths(page) == [("Cloud",), ("Cloud", "Keys"), ("Self-hosted",)], marker


def test_a_heading_that_repeats_its_tabs_title_is_not_a_section_under_it():
    """Plane's docs: `== Bitbucket Cloud {#bitbucket-cloud}` over a paragraph and "#### Bitbucket Cloud" read
    "Bitbucket Cloud > Bitbucket Cloud". The tab's own id is the section's anchor (the page's intro links to it).
    Control: another heading in the tab is a section under it."""
    page = ("# Bitbucket\n\n:::tabs key:edition\n== Bitbucket Cloud {#bitbucket-cloud}\n\nRegister a consumer.\n\n"
            "#### Bitbucket Cloud\n\n1. Log in.\n\n#### Scopes\n\nPick them.\n== Data Center\n\n#### Data Center\n\nRun it.\n"
            ":::\n")
    doc = parse(page, "docs/service/bitbucket.md")
    assert [(s.heading_path[1:], s.anchor) for s in doc.sections][1:] == [
        (("Bitbucket Cloud",), "bitbucket-cloud"), (("Bitbucket Cloud", "Scopes"), "scopes"),
        (("Data Center",), "data-center")]
    assert "1. Log in." in "".join(doc.lines)


def test_mintlify_tabs_holding_headings_are_sections_and_their_jsx_indent_goes():
    """Bruno's docs (Mintlify): `<Tab title="macOS">` over an indented "### Direct Download" read as the bold tab
    title after the heading, and three sections were "Installation Options > Direct Download" (13 tabs in 5 pages).
    Controls: tabs with no heading inside keep their bold titles; a nested group is its own; lines stay."""
    page = ('# Download\n\n## Installation Options\n\n<Tabs>\n  <Tab title="macOS">\n    ### Direct Download\n\n'
            '    Get the app.\n\n    ```bash\n    brew install bruno\n    ```\n  </Tab>\n  <Tab title="Linux">\n'
            '    ### Direct Download\n\n    Get the package.\n\n    <Tabs>\n      <Tab title="apt">\n        sudo apt x\n'
            '      </Tab>\n    </Tabs>\n  </Tab>\n</Tabs>\n\n## Nightly\n\n<Tabs>\n  <Tab title="App">\n    Nightly app.\n'
            '  </Tab>\n</Tabs>\n')
    doc = parse(page, "docs/service/download.mdx")
    assert [s.heading_path[1:] for s in doc.sections if len(s.heading_path) > 1] == [
        ("Installation Options",), ("Installation Options", "macOS"), ("Installation Options", "macOS", "Direct Download"),
        ("Installation Options", "Linux"), ("Installation Options", "Linux", "Direct Download"), ("Nightly",)]
    text = "".join(doc.lines)
    assert "```bash\nbrew install bruno\n```" in text and "**apt**" in text and "**App**" in text
    assert len(doc.lines) == page.count("\n")
