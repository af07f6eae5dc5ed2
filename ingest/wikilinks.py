"""Obsidian's own syntax (Foam and Dendron share the links; GitHub wikis write them text first) as the vault
shows it, outside code, the number of lines kept: a wikilink is a Markdown link showing its text, an embedded
image or icon and a block id show nothing, a `%%comment%%` is hidden. Read as CommonMark, Obsidian's help vault printed
`[[Page#Heading|text]]` in 23 of 36 answers (the CLI, JSON and HTTP), searched the hidden target's words (2,187
words in 353 chunks), and ended paragraphs with `^block-id` (16 chunks). The app's pages read passages the same
way (app/ui/links.py)."""
from __future__ import annotations

import re
from urllib.parse import quote

from .code_spans import blank_keep_lines, code_spans, outside
from .headings import slugify

# [[Page]], [[Page#Heading]], [[Page|shown text]], [[Note#^block]], ![[image.png]] (an embed); not `[[1]](url)`, a
# Markdown link whose text is "[1]" (AdGuard's docs: stored as "[1](1)(https://...)" and reported broken)
WIKILINK = re.compile(r"(!?)\[\[([^\[\]|#\n]*)(?:#\^?([^\[\]|\n]*))?(?:\|([^\[\]\n]*))?\]\](?!\()")
_MEDIA = re.compile(r"\.(png|jpe?g|gif|svg|webp|bmp|mp3|mp4|ogg|webm|pdf)$", re.I)
_SYNTAX = re.compile(WIKILINK.pattern
                     + r"|(?P<block>(?m:(?:(?<=\S)[ \t]+|^)\^[A-Za-z0-9][\w-]*[ \t]*$))"    # a block's id
                     + r"|(?P<comment>%%.*?%%)", re.S)


def shown(m: re.Match, gollum: bool | None = None) -> str:
    """What a wikilink shows: its text, else "Page › Heading", else the page; an embedded image or file,
    nothing. `gollum`: the page's links put their text first (None: this link's own shape decides)."""
    embed, page, heading, text = m.group(1), m.group(2).strip(), (m.group(3) or "").strip(), m.group(4)
    if embed and _MEDIA.search(page):
        return ""
    if text and text.strip():
        return page if _text_first(m, gollum) else text.strip()
    if heading and not m.group(0).count("#^"):
        return f"{page} › {heading}" if page else heading
    return page


_SLUG = re.compile(r"[^\s]+[-_][^\s]+")


def _order(m: re.Match) -> int:
    """+1 when `[[left|right]]` can only be GitHub's (gollum's) order, `[[text|Page-Name]]`: the right side reads
    as a page (an anchor, a file name, a slug beside words); -1 when only Obsidian's, `[[Page#Heading|text]]` or
    `[[page-name|Some words]]`; 0 when either could be."""
    left, heading, right = m.group(2).strip(), m.group(3), (m.group(4) or "").strip()
    if not right:
        return 0
    if heading is not None:
        return -1
    if "#" in right or right.lower().endswith((".md", ".markdown")):
        return 1
    slug_right, slug_left = bool(_SLUG.fullmatch(right)), bool(_SLUG.fullmatch(left))
    return 1 if slug_right and not slug_left and " " not in right else -1 if slug_left and " " in right else 0


def _text_first(m: re.Match, gollum: bool | None) -> bool:
    """Whether this link is read in gollum's order. The page's other links decide where this one's shape does
    not (the Vaultwarden wiki: `[[DATA_FOLDER|Changing-persistent-data-location]]`, `[[extract the pre-built
    binaries|Pre-built binaries]]`); read in Obsidian's order, its 90 such links showed the page's slug instead
    of the sentence's words ("register even if disable-registration-of-new-users")."""
    if not m.group(4) or not m.group(4).strip() or m.group(3) is not None:
        return False
    own = _order(m)
    return own > 0 if own or gollum is None else gollum


def as_link(m: re.Match, gollum: bool | None = None) -> str:
    """A wikilink as the Markdown link the vault or wiki renders: its text (shown) to its page and section, so
    the link check reads it and a page made of them is navigation (a GitHub wiki's `_Sidebar.md` of `[[Page]]`
    lines was 9 chunks, cited in 9 of 36 answers). An embed is its content, not a link: its text."""
    text = shown(m, gollum)
    page, heading, right = m.group(2).strip(), (m.group(3) or "").strip(), (m.group(4) or "").strip()
    if m.group(1) or not text:
        return text
    if _text_first(m, gollum):
        page, _, heading = right.partition("#")                 # gollum's order: the right side is the target
    section = "" if not heading or "#^" in m.group(0) else "#" + slugify(heading)
    return f"[{text}]({quote(page.strip())}{section})" if page.strip() or section else text


def render(text: str) -> str:
    """The text with Obsidian's syntax as the vault shows it, outside code."""
    if "[[" not in text and "%%" not in text and "^" not in text:
        return text
    found = list(outside(_SYNTAX, text, code_spans(text)[0]))
    votes = sum(_order(m) for m in found if m.group(2) is not None)
    gollum = votes > 0 if votes else None           # a page writes its links one way
    out, pos = [], 0
    for m in found:
        part = blank_keep_lines(m) if m.group("comment") else "" if m.group("block") else as_link(m, gollum)
        out += [text[pos:m.start()], part]
        pos = m.end()
    return "".join(out) + text[pos:]
