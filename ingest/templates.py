"""Template syntax as a reader of the rendered page sees it: Liquid comments and output, kramdown attribute
lists, HTML comments and entities, MkDocs includes and abbreviation definitions, Hugo shortcodes and GitBook
blocks (the text they show: ingest/shortcodes.py), neutralised outside code (docs about templates show the syntax
itself) without changing the number of lines, so citations keep pointing at the file's own lines
(ingest/markdown.py).
"""
from __future__ import annotations

import html
import re

from . import fences, liquid_raw, liquid_values, self_links, shortcodes, tag_text
from .code_spans import blank_keep_lines, code_spans, merged, outside, overlaps
from .html_blocks import ALT

# What a reader of the rendered page never sees, removed outside code only (docs about templates show the
# syntax itself). Seen on the Bitwarden help center (Jekyll): [Change it]({{site.baseurl}}/article/x/),
# {{ mobile_info | markdownify }}, [link](url){:target="\_blank"}, "Settings &rarr; My Organization", and a
# bash script hidden in {% comment %} (schedule-directory-sync.md). {% raw %} shows its contents as written.
# Kagi's help center (VitePress): an image's attribute list `![x](a.png){data-zoomable}` (markdown-it-attrs, 74
# chunks), `<a name="x"></a>` ending the section before a heading (46) and `<video ... />` (21), shown raw.
# Immich's docs (MDX): `<img src={require('./x.webp').default} ... />` over several lines in 22 chunks.
_EMOJI_MARKS = {"white_check_mark": "✅", "heavy_check_mark": "✔️", "ballot_box_with_check": "☑️", "x": "❌",
                "heavy_multiplication_x": "✖️", "negative_squared_cross_mark": "❎"}
_LIQUID_BLOCK = re.compile(r"\{%-?\s*(comment|raw)\s*-?%\}(.*?)\{%-?\s*end\1\s*-?%\}", re.DOTALL)
# An attribute list's item (markdown-it-attrs, attr_list): a class, an id, or a key with a value (optional inline)
_ATTR_VALUE = r"(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'{}]+)"
_ATTR_ITEM = r"(?:[.#][\w-]+|[A-Za-z_][\w:-]*(?:=" + _ATTR_VALUE + r")?)"
# a JSX expression's piece: a quoted string (which may hold braces), another character, or a quote never closed
_JS = r"\"[^\"\n]*\"|'[^'\n]*'|[^{}\n\"']|[\"'](?=[^\"'\n]*$)"
_BLOCK_ATTR_ITEM = r"(?:[.#][\w-]+|[A-Za-z_][\w:-]*=" + _ATTR_VALUE + r")"
_TEMPLATE = re.compile(
    r"\{%-?\s*link\s+(?P<link>[^\s%]+)\s*-?%\}"          # Jekyll {% link _articles/x.md %}: a link target
    r"|(?P<tag>\{%.*?%\}|\{\{[<%].*?[>%]\}\})"            # Jekyll {% include %}, Hugo {{< shortcode >}}
    r"|\{\{#title\s[^}\n]*\}\}"                          # mdBook's page title for the browser tab
    # a template variable opening a link's address is the site's root: openHAB's VuePress pages link
    # `[Blockly Reference]({{base}}/configuration/blockly/)`, 209 times in 52 files, shown raw and reported broken
    r"|(?<=\]\()(?P<base>(?:\{\{[^{}\n]*\}\})+)(?=/)"
    r"|(?P<out>\{\{[^\n]*?\}\})"                        # Liquid {{ output }}, on Liquid pages only
    r"|\{::comment\}.*?\{:/comment\}|\{::[a-z]+\b[^{}\n]*?/?\}|\{:/[a-z]*\}"   # kramdown's {::nomarkdown}..{:/}
    r"|(?P<ial>\{:(?:\s*[.#A-Za-z][^{}\n]*)?\})"           # kramdown {: .class}, {:target=..}; not Rust's {:?}
    r"|(?P<ent>&(?:#\d+|#[xX][\da-fA-F]+|[A-Za-z][A-Za-z\d]*);)"
    r"|(?P<comment><!--.*?-->)"                            # Pi-hole's <!-- markdownlint-disable -->: reported as noise
    r"|\{/\*.*?\*/\}"          # an MDX comment: Documenso's 177 {/* prettier-ignore */} were in 174 chunks, 4 answers
    r"|(?P<jsx_space>\{(?P<space_quote>[\"'])[ \t]*(?P=space_quote)\})"    # JSX's written space: {' '}
    r"|\(?<(?P<empty>i|span)\b[^<>\n]*>[ \t]*</(?P=empty)>\)?"    # an icon font's empty element (Zulip: 111 chunks)
    r"|</?(?:mark|font)\b[^<>\n]*>"          # a highlight: its text stays (GitBook's <mark style="color:red;">)
    # MkDocs Material's icons (`:material-cog:`, `:octicons-heart-fill-24:`: PhotoPrism's docs, 191 in 67 pages) and
    # the emoji a table marks with (`:ballot_box_with_check:`: 141 in HedgeDoc's feature table, 9 word pieces each)
    r"|(?<![\w:])(?P<icon>:(?:(?:material|octicons|fontawesome|simple)-[a-z0-9-]+|" + "|".join(_EMOJI_MARKS) +
    r"):)(?![\w:])(?:\{[ \t]*[.#][^{}\n]*\})?"      # with its attribute list: `:octicons-heart-24:{ .heart }`
    r"|(?P<anchor><a\s+(?:name|id)=[\"'][^\"'<>\n]*[\"']\s*>[ \t]*</a>)"     # <a name="x"></a>: a link target
    # a picture that is a link's only content is the link, named by its alt text (listmonk's 8 "Deploy to ..."
    # hosting buttons had left 8 empty `<a href>` elements)
    r"|<a\s[^<>]*?\bhref=[\"'](?P<img_href>[^\"'<>\s]+)[\"'][^<>]*>[ \t]*(?P<img_tag><img\b[^<>]*>)[ \t]*</a\s*>"
    # an inline SVG picture inside a line or a link shows its label, if any, and never its drawing: Vikunja's two
    # hosting buttons `<a href><svg aria-label=...><path d="M161.8...">` made 60 of a page's 101 chunks (23 KB)
    r"|<svg\b(?P<svg_attrs>[^<>]*)>.*?</svg\s*>"
    r"|(?P<media><(?P<tag_m>video|audio|iframe)\b[^<>]*?(?:/>|>.*?</(?P=tag_m)\s*>)|<img\b[^<>]*>"  # no text
    r"|\[[ \t]*<img\b[^<>]*>[ \t]*\]\([^()\s]*\))"   # a linked picture: "[](url)" left (Valetudo: 9 in 5 chunks)
    # an icon component named by its alt text is the control it shows, as an MkDocs icon is: Medusa's "click the
    # <InlineIcon Icon={EllipsisHorizontal} alt="three-dots" /> icon" (132 in 39 pages), koel's <InterfaceIcon>,
    # and a plain <Icon alt="gear" />
    # (and an inline picture component: openHAB's `<InlineImage alt="Duplicate Rule button" :src="require(...)" />`)
    r"|<(?:Icon|[A-Z][\w.]*(?:Icon|Image))\b[^<>]*?\balt=[\"'](?P<icon_alt>[^\"'<>]*)[\"'][^<>]*/>"
    # without one it is a picture, whatever it names (Homebox's `<Icon name="fluent-emoji-flat:label" is:inline />`
    # before a version in 6 lines: its `name` is the icon's, not words)
    r"|<(?:Icon|[A-Z][\w.]*Icon)\b[^<>\n]*/>"
    r"|(?P<badge><(?P<badge_name>(?:[A-Z][a-z]\w*)?Badge)\b[^<>]*?(?:/>|>[^<>\n]*</(?P=badge_name)\s*>))"   # "(Pro)"
    # a component round words on one line shows them (ReadMe's `<Glossary>issuer</Glossary>`: raw in 445 chunks of
    # MultiSafepay's docs and 6 of 36 answers); one with an address is a link (`<Link href="/x">text</Link>`); an
    # <a> whose address is a JSX expression is its text (Vikunja's `<a href={VIKUNJA_CLOUD_LINK}>`: raw in 3 answers)
    r"|<(?P<jsx>[A-Z][\w.]*|a(?=\s[^<>\n]*\bhref=\{))\b(?P<jsx_attrs>[^<>\n]*)>(?P<jsx_text>[^<>\n]+)</(?P=jsx)\s*>"
    # <Icon path={mdiX} size={1} />, <Icon icon="mdi:docker" style={{ margin: 0 }} /> (Meshtastic's headings: 24
    # chunks' titles showed the tag): a widget with no text; one with a text attribute (<Badge text="Beta" />) stays
    # (an expression's strings may hold braces: Fumadocs' `<APIPage operations={[{"path":"/memos/{memo}"}]} />`
    # stayed raw in 51 chunks of Memos' API pages)
    r"|<[A-Z][\w.]*(?:\s+(?!(?:text|label|title|description|alt|caption|content|value|name)=)[\w:-]+"
    r"(?:=(?:\{(?:" + _JS + r"|\{(?:" + _JS + r")*\})*\}|\"[^\"\n]*\"|'[^'\n]*'))?)*\s*/>"
    # markdown-it-attrs after a link, an image or emphasis (Wiki.js: `*(since v2.5)*{.caption}` in 14 chunks, whose
    # class words cost one answer's passage its rank: cosine 0.430 with them, 0.537 without), or ending a line
    # (`database.{.is-info}`: the paragraph's)
    # (items apart by blanks, as the syntax has them: with none required, `){` over a long identifier in a JavaScript
    # example split it into items 2^n ways, and CapRover's pre-deploy script page never finished ingesting)
    r"|(?<=[)*_`])(?P<attrs>\{\s*" + _ATTR_ITEM + r"(?:\s+" + _ATTR_ITEM + r")*\s*\})"
    r"|(?P<imsize>!\[[^\]\n]*\]\([^()\s]+)[ \t]+=\d*x\d*\)"   # an image's size (Wiki.js: `(/a.png =500x)`, 30 chunks)
    # (after a blank too, and an id: Servarr's wiki ends 228 lines "... this {.is-warning}" and 397 list items
    # "- Discord {#discord}", shown as written in 8 of 36 answers; a heading's stays, for its anchor)
    r"|(?P<line_attrs>(?m:(?<=\S)[ \t]*\{\s*[.#][\w-]+(?:\s+[.#][\w-]+)*\s*\}(?=[ \t]*$)))"
    # attr_list's block form, alone on the line under what it styles (GL.iNet's manual: `{class="glboxshadow"}`
    # under an image, shown in 6 lines of an answer); a class, an id or a key=value pair, nothing else
    r"|(?m:^[ \t]*\{\s*" + _BLOCK_ATTR_ITEM + r"(?:\s+" + _BLOCK_ATTR_ITEM + r")*\s*\}[ \t]*$)"
    # MkDocs includes: {!abbreviations.md!}, --8<-- "x.md" (possessive: a run of blanks after "{!" was cubic)
    r"|\{!\s*+(?:[^!\s][^!\n]*+)?(?<=[^!\n])\s*+!\}|(?m:^[ \t]*--8<--[^\n]*$)"
    r"|(?m:^\*\[[^\]\n]+\]:[^\n]*$)"                             # an abbreviation's definition: a tooltip, not text
    r"|(?im:^[ \t]*(?:\[\[_?toc_?\]\]|\[toc\])[ \t]*$)"        # [[toc]] (VuePress), [TOC], [[_TOC_]]: a contents box
    r"|(?m:^[ \t]*\{(?P<macro>[a-z][a-z_]*(?:\|[\w -]+)*)\}[ \t]*$)"   # {start_tabs}, {tab|mobile}
    # pymdownx.keys: `++ctrl+alt+del++` is shown as the keys Ctrl+Alt+Del (Fluidd's docs: 40 lines of 5 pages raw)
    r"|(?<![\w+])\+\+(?P<keys>[A-Za-z0-9][\w-]*(?:\+[A-Za-z0-9][\w-]*)*)\+\+(?![\w+])", re.DOTALL)
# {{name}} is also a fill-in slot (the bundled incident templates): output tags go only where the page uses
# Liquid ({% tags %} or Jekyll's variables), as a Jekyll site then renders them all.
_LIQUID_PAGE = re.compile(r"(?<!\{)\{%|\{\{-?\s*(?:site|page|include|layout|jekyll)\."
                          r"|" + liquid_values.URL_FILTER_USE)
_ENTITY_NEXT = re.compile(r"#?\w+;")
_MD_SYNTAX = set("<>&\"'*_`[]()#!|\\~")   # entities kept as written: decoded they could become markup
_MDX_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.DOTALL)


def _mdx_comments(text: str, code: list[tuple[int, int]]) -> str:
    """MDX comments opened outside code blanked, with any code span inside them: Betaflight's board pages hide notes
    naming a target in backticks (`{/* the `BETAFPVG473` target is ... */}`), shown in 2 chunks."""
    out, pos = [], 0
    for m in outside(_MDX_COMMENT, text, code, whole=False):
        out += [text[pos:m.start()], blank_keep_lines(m)]
        pos = m.end()
    return "".join(out) + text[pos:]


def _liquid_blocks(text: str, code: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """{% comment %} blocks blanked, {% raw %} tags dropped; the new text and where raw contents now are.
    A block opened inside code is the syntax shown; one opened outside may hold code (a hidden script)."""
    out, raw, pos, size = [], [], 0, 0
    for m in outside(_LIQUID_BLOCK, text, code, whole=False):
        if m.group(1) == "raw":
            lead = "\n" * text.count("\n", m.start(), m.start(2))
            part = lead + m.group(2) + "\n" * text.count("\n", m.end(2), m.end())
            start = size + m.start() - pos + len(lead)
            raw.append((start, start + len(m.group(2))))
        else:
            part = blank_keep_lines(m)
        out += [text[pos:m.start()], part]
        size += m.start() - pos + len(part)
        pos = m.end()
    return "".join(out) + text[pos:], raw


def _macro(text: str) -> str:
    """A macro alone on a line (Zulip's help center: {start_tabs}, {tab|desktop-web}, {settings_tab|profile}):
    a tab's label as its bold title, another macro with arguments as its name and arguments, one without: gone."""
    name, *values = text.split("|")
    if not values:
        return ""
    label = ", ".join(v.replace("-", " ").replace("_", " ").strip() for v in values)
    return f"**{label.capitalize()}**" if name == "tab" else f"**{name.replace('_', ' ').capitalize()}: {label}**"


def _template_sub(m: re.Match, text: str, liquid_page: bool) -> str:
    if m.group("jsx_space"):
        return " "
    if m.group("keys"):
        return "+".join(k.replace("-", " ").title() for k in m.group("keys").split("+"))
    if m.group("link"):
        return "/" + m.group("link").lstrip("/")
    if m.group("ent"):
        ch = html.unescape(m.group(0))
        if ch == "&":
            return m.group(0) if _ENTITY_NEXT.match(text, m.end()) else ch   # "&amp;rarr;" stays as written
        return m.group(0) if ch in _MD_SYNTAX else ch
    if m.group("base"):
        return ""
    if m.group("out") and not liquid_page:
        return m.group(0)
    if m.group("out") and (value := liquid_values.output(m.group(0), text)) is not None:
        return value
    if m.group("empty"):
        return shortcodes.icon_mark(m.group(0))     # <i class="fa fa-check"></i>: a mark; other icons go
    if m.group("icon"):
        name = m.group("icon").strip(":")
        return (_EMOJI_MARKS.get(name) or shortcodes.icon_mark(name)
                or ("" if tag_text.on_heading_line(text, m.start()) else tag_text.icon_words(name)))
    if (m.group("anchor") or m.group("ial") or m.group("line_attrs")) and tag_text.on_heading_line(text, m.start()):
        return m.group(0)                           # a heading's id (element or {: #id}) gives its section's anchor
    if m.group("badge"):
        return tag_text.badge(m, text)
    if m.group("jsx"):
        href = _HREF.search(m.group("jsx_attrs"))
        return f"[{m.group('jsx_text')}]({href.group(2)})" if href else m.group("jsx_text")
    if m.group("media") and (alt := tag_text.shown_alt(m, text)):
        return alt
    if m.group("svg_attrs") is not None:
        label = _SVG_LABEL.search(m.group("svg_attrs")) or _SVG_TITLE.search(m.group(0))
        return (label.group(1).strip() if label else "") + "\n" * m.group(0).count("\n")
    if (alt := m.group("icon_alt")) is not None:
        return f"[{' '.join(alt.replace('-', ' ').split())}]" if alt.strip() else ""
    if href := m.group("img_href"):
        alt = ALT.search(m.group("img_tag"))
        return f"[{(alt.group('alt').strip() if alt else '') or href}]({href})"
    if m.group("imsize"):
        return m.group("imsize") + ")"
    if m.group("macro"):
        return _macro(m.group("macro"))
    if m.group("tag") and (target := liquid_values.target(m.group(0), text, m.start())):
        return target
    if m.group("tag"):
        start, end = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end())
        before, after = text[start:m.start()].strip(), text[m.end():end if end >= 0 else len(text)].strip()
        if before and after and _ELSE.match(m.group(0)):
            # branches within a line, each shown ("GitHub Enterprise Cloud / GitHub", not glued)
            return ("" if text[m.start() - 1].isspace() else " ") + "/" + ("" if text[m.end()].isspace() else " ")
        stop = text.find("\n\n", m.end())
        if after and _wraps(m.group(0), text[m.end():stop if stop >= 0 else len(text)]):
            return blank_keep_lines(m)              # {{<notebox>}}**Note:** ...{{</notebox>}}: its text shows
        shown = shortcodes.render(m.group(0), bool(before or after))
        if shown and not before and not after and _titled_below(shown, text, m.end()):
            shown = ""
        if shown.startswith("(") and not after and tag_text.on_heading_line(text, m.start()) and "{#" not in before:
            shown += tag_text.heading_id(before)           # a badge: the heading keeps its id
        return shown + blank_keep_lines(m)
    return blank_keep_lines(m)


_HREF = re.compile(r"\b(?:href|to|url)=([\"'])([^\"'\s]+)\1")
_ELSE = re.compile(r"\{%-?\s*els(?:e|if|eif)\b")


_HUGO_NAME = re.compile(r"\{\{[<%]\s*([\w.-]+)")
_NEXT_HEADING = re.compile(r"\n*[ ]{0,3}#{1,6}[ \t]+([^\n]*)")


def _titled_below(shown: str, text: str, end: int) -> bool:
    """Whether the heading right under a shortcode alone on its line says what its title says: Codemagic's
    `{{<collapsible title="Solution">}}` over `###### Solution` (133 in 22 files) left a loose "Solution" line
    ending the section before, shown over the heading in 41 of 55 answers."""
    m = _NEXT_HEADING.match(text, text.find("\n", end) + 1 if "\n" in text[end:] else len(text))
    return bool(m) and m.group(1).strip(" #*").lower() == shown.strip("* ").lower()


def _wraps(tag: str, after: str) -> bool:
    """Whether a Hugo shortcode with text after it is closed later in its paragraph: a wrapper, not a badge (one
    alone on its line opens a block: a tab, a box). On Codemagic's docs `{{<notebox>}}**Note:** Teams is a paid
    feature{{</notebox>}}` read "(notebox)**Note:** ..." in 20 chunks of 18 files (3 closed on a later line)."""
    name = _HUGO_NAME.match(tag)
    return bool(name) and re.search(r"\{\{[<%]\s*/\s*" + re.escape(name.group(1)) + r"\s*[>%]\}\}", after) is not None


# A Liquid tag or a Hugo shortcode: code inside its arguments is part of the tag. A tag may run over lines, and
# over a blank one: AntennaPod writes `{% include image.html alt= "` over a comment, the text and a blank line, and
# the indented text after the blank read as a code block, so 9 of its 13 image tags were shown as written.
_TAG = re.compile(r"\{%[^%]*%\}|\{\{[<%][^\n]*?[>%]\}\}")
_SVG_LABEL = re.compile(r"""\baria-label=["']([^"']*)["']""", re.I)
_SVG_TITLE = re.compile(r"<title>([^<>]*)</title>", re.I)
def _outside_tags(code: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Code spans, less those inside a Liquid tag or a Hugo shortcode: `{% term "`configuration.yaml`" %}` is a tag
    with code in its argument (Home Assistant: 55 of them stayed as written in the text; Mastodon's docs: 15
    `{{< page-relref caption="POST /api/v1/statuses (`scheduled_at` parameter)" >}}` cards shown raw)."""
    tags = [m.span() for m in _TAG.finditer(text)]
    return [(a, b) for a, b in code if not any(s < a and b < e for s, e in tags)]


# A component whose text is a string written as an expression shows that string, as code: Novu's `<Method
# href="/platform/inbox">{`<Inbox />`}</Method>`, raw in 46 chunks of 19 pages (read before code spans are found: the
# template string's backticks read as one).
_JSX_STRING = re.compile(r"<(?P<name>[A-Z][\w.]*)\b(?P<attrs>[^<>\n]*)>\{\s*(?P<q>[`\"'])(?P<text>[^`\"'\n]+)"
                         r"(?P=q)\s*\}</(?P=name)\s*>")


def _jsx_string(m: re.Match) -> str:
    href, code = _HREF.search(m.group("attrs")), f"`{m.group('text')}`"
    return f"[{code}]({href.group(2)})" if href else code


def strip_templates(text: str) -> str:
    """Liquid, Hugo and kramdown syntax and HTML entities as a reader of the rendered page sees them,
    outside code; the number of lines is kept. In YAML front matter only tags go, as before (it is data)."""
    if "}</" in text:
        text = fences.outside(text, lambda part: _JSX_STRING.sub(_jsx_string, part))
    text = self_links.named(text)
    if not _TEMPLATE.search(text):
        return text
    code, front = code_spans(text)
    uncommented = _mdx_comments(text, code)
    if uncommented != text:
        text = uncommented
        code, front = code_spans(text)
    cleaned, raw = _liquid_blocks(text, code)
    if cleaned != text:
        code, front = code_spans(cleaned)          # a comment can hide an unclosed fence
    keep = merged(_outside_tags(code, cleaned) + raw)
    liquid_page = any(True for _ in outside(_LIQUID_PAGE, cleaned, keep)) or liquid_raw.escapes(cleaned)
    out, pos, media = [], 0, False
    for m in outside(_TEMPLATE, cleaned, keep):
        if not m.group("tag") and overlaps(front, *m.span()):
            continue
        out += [cleaned[pos:m.start()], _template_sub(m, cleaned, liquid_page)]
        pos, media = m.end(), media or bool(m.group("media"))
    text = "".join(out) + cleaned[pos:]
    if liquid_page:
        text = liquid_raw.unwrapped(text)
    return _without_empty_wrappers(text) if media else text


# What held only a video is left empty: Plausible's `<div class="browser"><video ...></video></div>`.
_EMPTY_WRAPPER = re.compile(r"<(div|p|figure|center)\b[^<>]*>\s*</\1\s*>", re.IGNORECASE)


def _without_empty_wrappers(text: str) -> str:
    code = code_spans(text)[0]
    return _EMPTY_WRAPPER.sub(lambda m: m.group(0) if overlaps(code, *m.span()) else blank_keep_lines(m), text)


