"""What an inline tag shows in its place on the rendered page: an image's alt text, a badge's word, an icon's
name (ingest/templates.py finds the tags; this says what each one reads as)."""
from __future__ import annotations

import re

from .headings import attrs as heading_attrs
from .headings import slugify
from .html_blocks import ALT
from .mdx_components import CAMEL

_CELL = re.compile(r"<t[hd]\b|^[ \t]*\|", re.I)


def shown_alt(m: re.Match, text: str) -> str:
    """An image's alt text where it is all a table cell says (Home Assistant's companion docs head their feature
    table's columns with `<th><img alt="iOS" src="/assets/iOS.svg" /></th>`, and the columns had no names) or where
    it stands in a sentence (the Kavita wiki: "resume where you left off by clicking <img alt='the "continue"
    button' ...>. This will open..." read "by clicking\n. This will open")."""
    alt = ALT.search(m.group(0)) if m.group(0)[:4].lower() == "<img" else None     # not a linked picture
    if alt is None:
        return ""
    start, end = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end())
    line, after = text[start:m.start()], text[m.end():end if end >= 0 else len(text)]
    # words around it, not tags ("<div class="browser"><img alt="Enforce 2FA"></div>: a screenshot, Plausible), and
    # an alt of words, not a label ("logo" before a product's name, PX4)
    in_text = len(alt.group("alt").split()) > 1 and _WORD.search(_TAGS.sub("", line + " " + after))
    return alt.group("alt").strip() if _CELL.search(line) or in_text else ""


_WORD = re.compile(r"[^\W\d_]{2,}")
_TAGS = re.compile(r"<[^<>]*>")


# Plane's docs (VitePress) mark 87 headings in 63 of 121 pages with the plan they need (`<Badge text="Pro" />`):
# the tag was shown raw in passages and its word was never searched, so six answers did not say a feature is paid.
# a badge component named by its kind says it with no text: Bruno's `### Download Test Report <PremiumBadge noLink />`
# (11 paid features' headings read as free ones)
_BADGE = re.compile(r"<((?:[A-Z][a-z]\w*)?Badge)\b([^<>]*?)(?:/>|>([^<>\n]*)</\1\s*>)")
_BADGE_TEXT = re.compile(r"""\btext\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def badge(m: re.Match, text: str) -> str:
    """A badge as its word in brackets. At the end of a heading, the heading keeps the id the site gives it,
    made from its words without the badge's (an explicit `{#id}`)."""
    name, tag, inside = _BADGE.match(m.group(0)).groups()     # the alternative of _TEMPLATE that matched is this
    attr = _BADGE_TEXT.search(tag)
    label = " ".join(((attr.group(1) or attr.group(2)) if attr else inside or "").split())
    label = label or CAMEL.sub(" ", name[:-len("Badge")])
    start, end = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end())
    line, rest = text[start:end if end >= 0 else len(text)], text[m.end():end if end >= 0 else len(text)]
    shown = f"({label})" if label else ""
    if _HEADING_LINE.match(line) and not rest.strip() and "{#" not in line:
        return shown + heading_id(_BADGE.sub("", line))
    return shown


def heading_id(heading: str) -> str:
    """The explicit id (` {#id}`) a heading line is given from its words: a badge at its end is no part of it."""
    return f" {{#{slugify(heading_attrs(heading.lstrip(' #').strip())[0])}}}"


_HEADING_LINE = re.compile(r" {0,3}#{1,6}[ \t]")


def on_heading_line(text: str, at: int) -> bool:
    """Whether position `at` of the text is on an ATX heading's line."""
    return bool(_HEADING_LINE.match(text, text.rfind("\n", 0, at) + 1))
_ICON_SET = re.compile(r"^(?:material|octicons|simple|fontawesome-(?:solid|regular|brands))-|-(?:outline|fill|\d+)\b")


def icon_words(name: str) -> str:
    """An icon in a sentence as the control it stands for: "Click :material-delete-sweep:" is "Click [delete sweep]"
    (PhotoPrism's steps name their buttons so: 187 icons in 154 chunks; left out, "Click" said nothing, and with
    them their words went from the search). In a heading it decorates the title and goes."""
    words = _ICON_SET.sub("", name).replace("-", " ").strip()
    return f"[{words}]" if words else ""
