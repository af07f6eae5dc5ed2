"""A heading's title and the id it gives its section, read from the heading's text, and a box's title written as
a line of its own (the MkDocs and MDX block readers). Apart from ingest/markdown.py so that answers
(app/answer.py) can show a heading's title without loading a Markdown parser on the query path (markdown-it and
yaml: 87 ms of a cold start)."""
from __future__ import annotations

import html
import re

from .words import HTML_TAG

# `## Title {#id}`, `{: #id .class}`, `{ data-toc-label='Short' }` (kramdown, Pandoc, MkDocs attr_list): not
# part of the title, and the id is the anchor the site gives the section. Pi-hole's docs: "Allow only local
# requests {#local}" was the title and "allow-only-local-requests-local" the anchor of a section the site
# links as #local. A footnote mark ("[^guide]") is no part of a title either.
# An id runs to the next space: Immich's `{#ffmpeg.transcode}` (Docusaurus; Pandoc and attr_list read it alike)
# was id "ffmpeg" and class "transcode", so 11 sections were #ffmpeg, #ffmpeg-1, ... and links to them "broken".
# (each item atomic: with the blank between items optional, `{k0=v,k1=v,...}` split 2^n ways and a heading hung)
_HEADING_ATTRS = re.compile(r"\s*\{:?((?>\s*(?:#[^\s{}]+|\.[\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+)))+)\s*\}\s*$")
# `#id`, or attr_list's `id="x"` (Codacy's docs, MkDocs: 137 headings in 34 pages, 237 links to them "broken")
_ATTR_ID = re.compile(r"(?:^|\s)(?:#([^\s{}]+)|id=(?:\"([^\"]*)\"|'([^']*)'|([^\s{}\"']+)))")
_FOOTNOTE_MARK = re.compile(r"\[\^[^\]\s]+\]")


# GitBook writes a heading's id as an empty element in it: `## Editing <a href="#editing" id="editing"></a>`;
# shown, the title read "**In the GitBook app <a href=...></a>**", and its anchor was not the site's.
_EMPTY_ANCHOR = re.compile(r"\s*<a\b[^>]*?\bid=[\"']([^\"']+)[\"'][^>]*>\s*</a>\s*")
# A heading's permalink, a link that is only a sign: `<a class="anchor" href="#x">¶</a>` (Hugo and Sphinx
# themes), `[#](#x)`. Miniflux's docs: 183 headings in 23 pages read "Actions ¶", in 300 of 393 chunks' heading paths.
_SIGN = r"\s*(?:¶|§|#|🔗|⚓\ufe0e?|&para;|&#182;|&#[xX][bB]6;|&sect;|&#167;)?\s*"
PERMALINK = re.compile(rf"\s*(?:<a\b[^>]*>{_SIGN}</a>|\[{_SIGN}\]\(#[^)\s]*\))", re.I)
PERMALINK_SIGN = re.compile(_SIGN, re.I)


def without_attrs(line: str) -> str:
    """A heading's line as the site shows it: its attribute list (`{#id}`, `{: id="x" .wide}`) out, and an empty
    anchor element (GitBook's `<a href="#x" id="x"></a>`: in the text of 21 of Rocket.Chat's chunks and 113 of
    Hyperswitch's) too; both gave the section its anchor already."""
    body = line.rstrip("\r\n")
    m = _HEADING_ATTRS.search(body)
    shown = body[:m.start()] if m else body
    if "<a" in shown:
        shown = _EMPTY_ANCHOR.sub(" ", shown).rstrip()
    # a sign-less anchor before the words keeps the space it stood after (Passbolt's FAQ: `## <a name="translate"></a>
    # Translate passbolt` read "##Translate passbolt", no heading, in 3 chunks)
    shown = PERMALINK.sub(lambda m: " " if 0 < m.start() and m.end() < len(shown) and not shown[m.end()].isspace()
                          else "", shown)
    return shown + line[len(body):]


_SLUG_DROP = re.compile(r"[^\w\- ]", re.U)

# A setext heading: one line of text after a blank line (or the start), underlined with = or - (Anki's FAQ pages:
# a lead began "How many new cards per day?" over a row of dashes). Not a list item, quote or table row;
# group 2 is the title (group 1, empty, stands where an ATX pattern has its marks, so one function reads both).
SETEXT = re.compile(r"()(?:\A|(?<=\n\n))(?![ ]{0,3}(?:[-*+>|#]|\d+[.)])(?:\s|$))[ ]{0,3}(\S[^\n]*?)[ \t]*\n"
                    r"[ ]{0,3}(?:={2,}|-{2,})[ \t]*$", re.M)

# A line that is an ATX heading (its text may be empty): what sections are cut at
HEADING_LINE = re.compile(r"^ {0,3}#{1,6}(\s|$)")


def slugify(text: str) -> str:
    """GitHub-style anchor: lowercase, punctuation dropped, spaces to hyphens."""
    return _SLUG_DROP.sub("", text.strip().lower()).replace(" ", "-")


def attrs(text: str) -> tuple[str, str]:
    """(the heading's title, its explicit id or "")."""
    element = _EMPTY_ANCHOR.search(text)
    text = (text[:element.start()] + " " + text[element.end():] if element else text).replace("\u200b", "")
    text = PERMALINK.sub("", text)
    m = _HEADING_ATTRS.search(text)
    found = _ATTR_ID.search(m.group(1)) if m else None
    title = _FOOTNOTE_MARK.sub("", text[:m.start()] if m else text).strip()
    own = next((g for g in found.groups() if g), "") if found else ""
    return title or text.strip(), own or (element.group(1) if element else "")


_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_BOLD = re.compile(r"(\*\*|__)(?P<inner>.+)\1|<(strong|b)>(?P<tag_inner>.+)</\3>", re.I)


def title_line(indent: str, title: str, end: str) -> str:
    """A box's or tab's title as a line of its own, bold; two trailing spaces make a Markdown line break, so
    the body starts on the next line. No title: the line goes (its newline stays). A title already bold stays
    bold once, an image in it is its alt text (Home Assistant's companion docs: `<summary>**Android**</summary>`
    had read "****Android****" in 5 chunks, `:::note ![iOS](/assets/iOS.svg)` "**![iOS](...)**" in 4; Coolify's
    `::: warning **Note**` "****Note****" in 6, `<summary><strong>Windows</strong>` "**<strong>Windows</strong>**")."""
    title = _IMAGE.sub(r"\1", title).strip()
    title = (m.group("inner") or m.group("tag_inner")).strip() if (m := _BOLD.fullmatch(title)) else title
    return f"{indent}**{title}**  {end}" if title else end


# A site's name after a separator: the browser tab's title ("Voucher cards FAQ - IVPN Help"), not the page's.
_SITE_SUFFIX = re.compile(r"\s+[-|·–—]\s+\S.*")


def front_matter_title(title: str) -> str:
    """A front-matter title as the site renders it, as HTML (the TTS handbook: "Logging in &amp; Networks" and
    "<em>before</em>" in 18 chunks' heading paths and 9 of 36 answers)."""
    return html.unescape(HTML_TAG.sub("", title))


def shown_title(title: str, h1s: list[str]) -> str:
    """The page's title as the page shows it: its one H1 where the front-matter title is that H1 and a site's name
    after a separator (IVPN's help center: 169 of 223 titles end " - IVPN Help", cited "X - IVPN Help › X")."""
    if len(h1s) == 1 and title.startswith(h1s[0]) and _SITE_SUFFIX.fullmatch(title[len(h1s[0]):]):
        return h1s[0]
    return title


_A_OPEN, _A_CLOSE = re.compile(r"<a\b", re.I), re.compile(r"</a\s*>", re.I)


def inline_text(token) -> str:
    """A heading's words as the site shows them: an image is its alt text, as Docusaurus and GitHub read it
    (Home Assistant's companion docs, `## ![Android](/assets/android.svg)` in 13 headings of 5 pages: titled by
    the Markdown itself, or "Alarm Stream" for the site's "Android Alarm Stream", and 11 anchors not the site's)."""
    parts: list[str] = []
    images: set[int] = set()    # which parts are an image's alt text
    link = None                 # where the words of the link being read start
    for c in token.children or []:
        if c.type == "link_open" or c.type == "html_inline" and _A_OPEN.match(c.content):
            link = len(parts)
        elif (c.type == "link_close" or c.type == "html_inline" and _A_CLOSE.match(c.content)) and link is not None:
            if PERMALINK_SIGN.fullmatch("".join(parts[link:])):
                del parts[link:]        # a permalink's sign (PERMALINK_SIGN)
            link = None
        elif c.type in ("text", "code_inline", "image"):
            images |= {len(parts)} if c.type == "image" else set()
            parts.append(c.content)
    return _without_echo(parts, images) or token.content.strip()


def _without_echo(parts: list[str], images: set[int]) -> str:
    """The heading's words without an image whose alt text the words after it repeat: Servarr's wiki heads sections
    `## ![Absolute mapping](/a.svg) Absolute mapping`, titled "Absolute mapping Absolute mapping" in 2 answers."""
    for i in images:
        if i < len(parts) and " ".join(parts[i].split()).lower() == " ".join("".join(parts[i + 1:]).split()).lower():
            parts = parts[:i] + parts[i + 1:]
            break
    return "".join(parts).strip()
