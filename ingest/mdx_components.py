"""What a lone MDX component line shows (ingest/mdx_blocks.py finds the line): its title, a callout's kind, a card's
link and description, an API field's name and facts, text written inside it; a wrapper or placeholder shows nothing.
"""
from __future__ import annotations

import re

from . import html_blocks, page_titles
from .headings import title_line
from .link_targets import PAGE_EXTS, page_stem

VALUE = r"(?:\"([^\"]*)\"|'([^']*)'|\{[\"']([^\"']*)[\"']\})"      # an attribute's value: "x", 'x' or {"x"}
# A tab with no label shows its value (Docusaurus' <TabItem value>, Fumadocs' <Tab value>: Documenso's docs lost
# 248 of 267 tab labels in 47 files, so a group's tabs ran together)
TAB_VALUE = re.compile(r"\bvalue=" + VALUE)
# Cloudflare's <Details header="..."> (a question over its answer) names its title so.
# `children=` is the text itself, written as an attribute (NetBird's <Button children="Try NetBird Cloud" />: 9 of
# 10 such labels read "Button"). Medusa's <Details summaryContent="Example: ..."> lost its 12 titles.
TITLE_ATTR = re.compile(r"\b(title|label|header|question|children|summary|summaryContent)=" + VALUE)
# A card's link and description are what it shows (Starlight's <LinkCard title description href>, Mintlify's
# <Card href>); an embed with an address and no title (Val Town's <Val url="..." />) is kept as a link to it.
# (a video's address too: OpenReplay's <YoutubeVideo title description videoURL> kept its words and lost the video, 12
# pages)
# A page reference names its page so (Shopware's `<PageRef page="../performance/caches" />`: 15 cards in the pages
# read, 156 on the site, showed nothing or a bold title that went nowhere).
_HREF = re.compile(r"\b(?:href|url|video[Uu][Rr][Ll]|page)=" + VALUE)
_DESCRIPTION = re.compile(r"\bdescription=" + VALUE)
# a frame's caption is a sentence under its picture (Mintlify's <Frame caption="Use month view to pick dates">:
# Rallly's 5 were lost, and two tabs holding only a frame were bare titles)
_CAPTION = re.compile(r"\bcaption=" + VALUE)
# A card may say its page's name and address otherwise: Saleor's <CompactCard name="Apps Quickstart" description="..."
# link="/developer/..." /> (54 cards) kept only its description. Read so only with a description: `name=` alone names
# an icon or a field, `link=` alone a widget's target.
_CARD_NAME = re.compile(r"\bname=" + VALUE)
_CARD_LINK = re.compile(r"\b(?:link|to)=" + VALUE)
_SRC = re.compile(r"\bsrc=")
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")      # an embed with no title is named by its component, in words
# boxes whose component's name is their title; an untyped <Callout> (Fumadocs, Nextra) shows an icon, not its name
# (Dokploy's docs read "**Callout**" over 13 boxes in 11 pages)
_CALLOUTS = {"Note", "Warning", "Tip", "Info", "Check", "Danger", "Caution", "Important"}
_TYPED = {"Aside", "Admonition", "Callout"}          # Starlight's, Docusaurus's, Nextra's box of a given type
# Any other box names its kind so too (Railway's <Banner variant="warning">: 15 warnings in 23 files read as plain
# paragraphs, a data-loss warning among them); a value that is no box kind (variant="primary") gives no title.
_TYPE = re.compile(r"\b(?:type|variant|severity)=" + VALUE)
_KIND_NAMES = {"warn": "warning"}      # Fumadocs' <Callout type="warn">: "**Warn**" over 5 of NocoDB's boxes
def component(m: re.Match, end: str) -> tuple[str, bool]:
    """A component's line: its title (or a callout's name) as a bold line, text written inside it after the
    title; a wrapper or a placeholder with no title goes. Whether a body to dedent opens after it."""
    attrs = m.group("attrs")
    field = _field(attrs) if m.group("name").endswith("Field") else ""
    label = None if field else (TITLE_ATTR.search(attrs)
                                or (TAB_VALUE.search(attrs) if m.group("name").endswith("Tab") else None))
    title = field or (value(label) if label else "")
    if m.group("self") and label and label.group(1) not in ("title", "children"):
        if _SRC.search(attrs):      # a picture's label is its caption: Warp's <ImageGridItem src={x} label="Dracula" />
            return m.group("indent") + value(label) + end, False       # (39 theme names lost), one line of text
        title = ""                  # <PlanFeatureNote label=".." />: a widget's label (Plausible), not a step's title
    kind = _TYPE.search(attrs)
    if kind and m.group("name") not in _TYPED and (m.group("self") or value(kind).lower() not in html_blocks.KINDS):
        kind = None
    title = title or (_KIND_NAMES.get(value(kind).lower(), value(kind)).capitalize() if kind else "")  # **Danger**
    title = title or (m.group("name") if m.group("name") in _CALLOUTS else "")
    inline = (m.group("text") or "").strip()
    inline = "" if inline.startswith("{") and inline.endswith("}") else inline    # a JSX expression: no text
    # two on one line (NocoDB: `<Callout type="warning">...</Callout> <Callout type="info">...</Callout>`): one text
    inline = re.sub(rf"</{re.escape(m.group('name'))}>\s*<{re.escape(m.group('name'))}\b[^<>]*>", " ", inline)
    href, description = _HREF.search(attrs), _DESCRIPTION.search(attrs)
    if description and m.group("self") and not title and (card := _CARD_NAME.search(attrs)):
        title, href = value(card), href or _CARD_LINK.search(attrs)
    if href and (title or m.group("self")):
        title = f"[{title or _untitled_link(value(href), m.group('name'))}]({value(href)})"
    caption = None if description else _CAPTION.search(attrs)
    if href and inline and not title and "](" not in inline and value(href):
        # a button's label is a link (YunoHost's `<Button url="https://github.com/...">Report a bug</Button>`: 23
        # in 6 pages kept their words and lost where they lead, the Donate button among them)
        inline = f"[{inline}]({value(href)})"
    inline = inline or (value(description) if description else value(caption) if caption else "")
    opens = not m.group("self") and m.group("text") is None
    if not title:
        return (m.group("indent") + inline + end if inline else end), opens
    if field and not inline and opens:
        # a field's heading runs into its text, as a definition list's term does: fields pack while they fit
        # (ingest/block_titles.py), where each had been an item of its own (Unkey's docs: 193 chunks of one field,
        # trigger.dev's 237, cited as noise in 5 of 36 answers)
        return f"{m.group('indent')}**{title}**{end}", opens
    line = title_line(m.group("indent"), title, end)
    return (line[:len(line) - len(end)].rstrip() + " " + inline + end if inline else line), opens


# Mintlify's API fields (<ParamField query="currency" type="string" required>, <ResponseField name="id">) show
# their name, type and badges over the text: Dodo Payments' docs lost 262 of 337 parameter names (14 pages).
_FIELD_NAME = re.compile(r"\b(?:path|query|body|header|name|param)=" + VALUE)
_FIELD_FACTS = (("type", re.compile(r"\btype=" + VALUE)), ("default", re.compile(r"\bdefault=" + VALUE)))
_REQUIRED = re.compile(r"\brequired(?![\w=-])")


def _untitled_link(href: str, name: str) -> str:
    """The words of a link that gives none: the page it opens, by its file's name ("../performance/caches" is
    "Caches"), or for an address on the web or a file the component's name in words ("Video embed")."""
    page = page_stem(href.split("#")[0].rstrip("/").rsplit("/", 1)[-1], PAGE_EXTS)
    if "://" in href or not page or "." in page:        # a file (a video, a schema) is no page of the site
        return CAMEL.sub(" ", name).capitalize()
    return page_titles.slug_title(page)


def _field(attrs: str) -> str:
    """An API field's heading line, "`name` type, required, default: x", or "" for a component that names none."""
    name = _FIELD_NAME.search(attrs)
    if not name or not value(name):
        return ""
    facts = [(f"default: {value(m)}" if key == "default" else value(m))
             for key, pattern in _FIELD_FACTS if (m := pattern.search(attrs)) and value(m)]
    facts += ["required"] if _REQUIRED.search(attrs) else []
    return f"`{value(name)}`" + (" " + ", ".join(facts) if facts else "")


def value(m: re.Match) -> str:
    return next((g for g in m.groups()[-3:] if g), "")
