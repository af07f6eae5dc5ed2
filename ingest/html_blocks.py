"""HTML blocks as the site shows them, the number of lines kept; fenced code is left alone.

Callouts (`<div class="warning icon">`, `<section class="callout">`, `<aside class="note">`) become a bold title of
their kind over their body, the wrapper gone. Read as CommonMark, the wrapper is an HTML block that runs to the
next blank line, so the Markdown inside it stayed raw, and the tags were shown in answers: Fly.io's docs, 97 boxes
in 52 of 96 pages, raw tags in 99 chunks and 5 of 36 answers. Only a wrapper whose class names a box kind (or a
callout, untitled) is read; any other `<div>` stays as written. A body that already opens with its label
("**Important:** After you fork...") gets no second one.

A figure on one line (GitBook: `<figure><img src alt><figcaption>...</figcaption></figure>`) becomes its image and
caption in Markdown. As markup without words it was a chunk of its own, dropped as noise, and cut its section in
two: Open Collective's docs, 65 figures, 38 sections split (one into four one-sentence pieces); a caption was
shown as raw tags in 21 chunks.

An embed on one line (`<iframe src title>`: a video, a form) becomes a link to it, titled by its title or host:
dropped as markup, Lago's docs lost 4 demo videos and left "## Watch the demo video" an empty heading, shown bare
at the end of an answer. A `<head>` element (Docusaurus MDX: meta tags for the HTML head) shows nothing, as on the
site: its tags had been kept in 2 chunks and shown in an answer; nor does a `<script>` or `<style>` block (Vue's
`<script setup>` in VitePress pages, 10 of Koel's 39): its code had been stored in a section's chunk and shown in
citations, and an emptied one was reported as a dropped chunk of non-words.
"""
from __future__ import annotations

import re

from . import fences
from .headings import title_line
from .line_ends import ending

KINDS = ("note", "tip", "info", "important", "warning", "caution", "danger", "success", "error")
# markdownify's options for HTML a page writes inside its Markdown, read (ingest/html_deflists.py) or shown
# (app/html_markdown.py) as Markdown: nothing escaped, ATX headings, "-" bullets, pictures left to the callers
MARKDOWNIFY = {"autolinks": False, "escape_asterisks": False, "escape_underscores": False, "escape_misc": False,
               "heading_style": "ATX", "bullets": "-", "strip": ["img"]}
_UNTITLED = {"callout", "admonition", "alert", "notice", "hint", "box"}
_OPEN = re.compile(r"^(?P<indent>[ \t]*)<(?P<tag>div|section|aside|p)\b[^<>]*?\bclass=[\"'](?P<cls>[^\"']*)[\"']"
                   r"[^<>]*>(?P<rest>.*?)$", re.I)
_CLOSE = re.compile(r"^[ \t]*</(?:div|section|aside|p)>[ \t]*$", re.I)
_LABEL = re.compile(r"^\W*(\w+)")
_FIGURE = re.compile(r"^(?P<indent>[ \t]{0,3})<figure\b[^>]*>(?P<inner>.*)</figure>[ \t]*$", re.I)
_IMG = re.compile(r"<img\b[^>]*?\bsrc=[\"'](?P<src>[^\"']+)[\"'][^>]*>", re.I)
ALT = re.compile(r"\balt=(?P<q>[\"'])(?P<alt>.*?)(?P=q)", re.I)      # alt='the "continue" button' too
_CAPTION = re.compile(r"<figcaption\b[^>]*>(?P<caption>.*?)</figcaption>"
                      r"|<p\b[^>]*?\bclass=[\"'][^\"']*\bcaption\b[^\"']*[\"'][^>]*>(?P<p_caption>.*?)</p>",
                      re.I | re.S)
# A figure written over lines (kramdown, Sphinx-like themes: `<div class="figure">` over its `<img>` and `<p
# class="caption">`): Node-RED's docs, 71 in 26 pages. The picture's line, blanked, split the HTML block: the opening
# tag was dropped as noise and the caption and a lone `</div>` were shown in 63 chunks.
_FIGURE_OPEN = re.compile(r"^(?P<indent>[ \t]{0,3})<(?P<tag>figure|div)\b(?P<attrs>[^<>]*)>[ \t]*$", re.I)
_FIGURE_CLASS = re.compile(r"\bclass=[\"'][^\"']*\bfigure\b", re.I)
_FIGURE_LINES = 8       # a figure's img, caption and wrapping lines; a longer element is no figure
_ANCHOR = re.compile(r"<a\b[^>]*?\bhref=[\"'](?P<href>[^\"']+)[\"'][^>]*>(?P<text>.*?)</a>", re.I)
# in a wrapper <div> or not (Datacoves' 10 Loom videos sit in a sizing <div>, all on one line)
_EMBED = re.compile(r"^(?P<indent>[ \t]{0,3})(?:<div\b[^<>]*>\s*)?<(?:iframe|video)\b(?P<attrs>[^<>]*)>"
                    r"(?:\s*</(?:iframe|video)>)?(?:\s*</div>)?[ \t]*$", re.I)
_ATTR = re.compile(r"\b(?P<name>src|title)=[\"'](?P<value>[^\"']*)[\"']", re.I)
# What shows nothing, to its closing tag: CommonMark's HTML block of kind 1 (script, style) and a lone <head>
_HIDDEN = re.compile(r"^[ \t]{0,3}<(?P<tag>script|style|svg)(?:[\s>]|$)|^[ \t]{0,3}<(?P<head>head)>[ \t]*$", re.I)
TAG = re.compile(r"<[^<>]+>")     # any tag, to leave its text (an HTML heading's, a callout's); no "<" inside,
                                  # so a line of many "<" and no ">" is read in linear time
# Inside a one-line box, what the site shows as no words: an icon font's glyph (its ligature's name is the element's
# text: `<i class="material-icons">info_outline</i>`) and the layout elements round the text (the LineageOS wiki's
# note box, 73 in its pages, read "info_outline Note: ..." inside two raw <div>s)
_ICON = re.compile(r"<(?P<t>i|span)\b[^<>]*\bclass=[\"'][^\"']*\b(?:material-icons|material-symbols[\w-]*|fa[srb]?)"
                   r"\b[^\"']*[\"'][^<>]*>[^<>]*</(?P=t)>", re.I)
_LAYOUT_TAG = re.compile(r"</?(?:div|span|p)\b[^<>]*>", re.I)
_PARAGRAPH_TAG = re.compile(r"^[ \t]*<(/?)p\b[^<>]*>[ \t]*$", re.I)
# A <div> alone on its line that is no box and ends its HTML block there (a blank line or a one-line embed follows:
# the rest is Markdown) is a layout wrapper the site shows as nothing, and so is its closing tag: Valetudo's
# `<div class="section-box">` round each install method left its tags in 8 chunks and a lone `</div>` in 17 and at
# the end of an answer; Home Assistant's `<div class='videoWrapper'>` round a video. One followed by more HTML stays
# as written, and so does what is inside it.
# `<center>` too: NocoDB's docs center 9 videos so, their <iframe> indented under it, and all 9 were lost (a section
# "Installation Video" left empty, "View the video below for a quick overview:" pointing at nothing).
_WRAPPER = re.compile(r"^[ \t]*<(?:div|center)\b[^<>]*>[ \t]*$", re.I)
_WRAPPER_END = re.compile(r"^[ \t]*</(?:div|center)>[ \t]*$", re.I)


def _wraps_markdown(following: list[str]) -> bool:
    """Whether what follows a wrapper's line is Markdown: a blank line, an embed, or a table (read as a pipe table
    after this: Node-RED's `<div style="float: right">` over its reference tables kept 6 in raw HTML blocks)."""
    nxt = following[0] if following else ""
    return (not nxt.strip() or bool((m := _EMBED.match(nxt.strip())) and _embed(m))
            or nxt.lstrip().lower().startswith("<table"))


def _kind(classes: str) -> str | None:
    """The box's kind ("Warning"), "" for an untitled callout, None for a wrapper that is no box. A class in parts
    names its kind too where another part names a box (USWDS's `usa-alert usa-alert-warning`, Bootstrap's
    `alert alert-info`, BEM's `callout--danger`: VA.gov's 29 alert boxes in 24 pages had stayed raw HTML)."""
    words = classes.lower().split()
    parts = {p for w in words for p in re.split(r"[-_]+", w)}
    found = next((k for k in KINDS if k in words), None) or (
        next((k for k in KINDS if k in parts), None) if _UNTITLED & parts else None)
    return found.capitalize() if found else ("" if _UNTITLED & (set(words) | parts) else None)


def _labelled(body: str, kind: str) -> bool:
    """Whether the body's first words already name the box ("**Note**:", "<b>Warning: ..."), or a kind of box
    (documentation-theme-jekyll's `alert-info` box opens "<b>Note:</b>": the site shows no "Info")."""
    m = _LABEL.match(TAG.sub("", body))
    return bool(m) and m.group(1).lower() in (kind.lower(), *KINDS)


def _figure(indent: str, inner: str) -> str:
    """A figure as `![alt](<src>) caption`; its caption's links stay links, other tags go."""
    img, caption = _IMG.search(inner), _CAPTION.search(inner)
    said = (caption.group("caption") or caption.group("p_caption") or "") if caption else ""
    text = _ANCHOR.sub(lambda a: f"[{a.group('text').strip()}]({a.group('href')})", said)
    text = " ".join(TAG.sub(" ", text).split())
    alt = ALT.search(img.group(0)) if img and not text else None      # a caption says it for all to see
    image = f"![{alt.group('alt') if alt else ''}](<{img.group('src')}>)" if img else ""
    return indent + " ".join(x for x in (image, text) if x)


def _figure_end(lines: list[str], n: int) -> int | None:
    """The closing line of a figure opened alone on line n and holding a picture, else None."""
    m = _FIGURE_OPEN.match(lines[n].rstrip("\r\n"))
    if not m or m.group("tag").lower() == "div" and not _FIGURE_CLASS.search(m.group("attrs")):
        return None
    close = f"</{m.group('tag').lower()}>"
    k = next((k for k in range(n + 1, min(n + _FIGURE_LINES, len(lines))) if lines[k].strip().lower() == close
              or not lines[k].strip()), None)
    return k if k is not None and lines[k].strip() and _IMG.search("".join(lines[n + 1:k])) else None


def _embed(m: re.Match) -> str | None:
    """A one-line embed as a link to what it shows; None when it names no web address."""
    attrs = {a.group("name").lower(): a.group("value").strip() for a in _ATTR.finditer(m.group("attrs"))}
    src = attrs.get("src", "")
    if not src.startswith(("https://", "http://", "//")):
        return None
    src = "https:" + src if src.startswith("//") else src
    title = attrs.get("title") or src.split("/")[2]
    return f"{m.group('indent')}[{title}](<{src}>)"


def _placed(indent: str, lines: list[str], n: int) -> bool:
    """Whether a box opened at `indent` is markup, not code: at most 3 spaces in, or inside a list item. IVPN's help
    center: 39 boxes indented inside steps in 25 pages had been HTML blocks that cut their step's chunk in two and
    left a stray `</div>` in 41 chunks."""
    return len(indent.expandtabs(4)) <= 3 or fences.in_item(lines, n, len(indent))


def _callout(m: re.Match, kind: str, next_text: str, end: str) -> tuple[str, bool]:
    """A callout's opening line as its title (and its text, where it is written on that line), and whether the
    line closes it too."""
    rest = m.group("rest")
    one_line = re.search(rf"</{m.group('tag')}>[ \t]*$", rest, re.I)
    inner = (rest[:one_line.start()] if one_line else rest)
    inner = _LAYOUT_TAG.sub("", _ICON.sub("", inner)).strip() if one_line else inner.strip()
    title = "" if not kind or _labelled(inner or next_text, kind) else kind
    if inner:
        return (f"{m.group('indent')}**{title}:** " if title else m.group("indent")) + inner + end, bool(one_line)
    return title_line(m.group("indent"), title, end), bool(one_line)


def _closing(m: re.Match, lines: list[str]) -> str:
    """The closing tag of the element opened on the first line, or "" when it is left open (then shown as written,
    not the rest of the page blanked)."""
    tag = f"</{(m.group('tag') or m.group('head')).lower()}>"
    return tag if tag in "".join(lines).lower() else ""


def convert(text: str) -> str:
    if not any(x in text for x in ("class=", "<figure", "<iframe", "<video", "<head>", "<script", "<style", "<svg",
                                   "<div", "</div")):
        return text
    lines = text.splitlines(keepends=True)
    out, fence, depth, hidden = [], "", 0, ""       # hidden: the closing tag of what is being blanked
    wrappers = 0                                    # layout <div>s blanked and not yet closed
    box_indent: int | None = None                   # how far the open box's body is indented past its tag
    box_at = 0                                      # and how far in its tag is
    paragraphs = 0                                  # <p> elements open inside it
    figure_end = -1                                 # the last line of a figure read from its first
    for n, line in enumerate(lines):
        end = ending(line)
        body = line[:len(line) - len(end)]
        if fence:
            fence = "" if fences.closes(body.lstrip(" "), fence) else fence
        elif hidden or (m := _HIDDEN.match(body)) and (hidden := _closing(m, lines[n:])):
            line, hidden = end, "" if hidden in body.lower() else hidden
        elif opened := fences.opening(body.lstrip(" ")):
            fence = opened
        elif n <= figure_end:
            line = end
        elif m := _FIGURE.match(body):
            line = _figure(m.group("indent"), m.group("inner")) + end
        elif (k := _figure_end(lines, n)) is not None:
            line, figure_end = _figure(_FIGURE_OPEN.match(body).group("indent"), "".join(lines[n + 1:k])) + end, k
        elif (m := _EMBED.match(body.lstrip() if wrappers else body)) and (link := _embed(m)):
            line = link + end                       # under a wrapper however far in: the wrapper made it HTML
        elif ((m := _OPEN.match(body)) and (kind := _kind(m.group("cls"))) is not None
              and _placed(m.group("indent"), lines, n)):
            line, closed = _callout(m, kind, next((x for x in lines[n + 1:n + 3] if x.strip()), ""), end)
            depth += 0 if closed else 1
            if not closed and depth == 1:
                box_indent, box_at = None, len(m.group("indent").expandtabs(4))
        elif depth and (p := _PARAGRAPH_TAG.match(body)) and (not p.group(1) or paragraphs):
            line, paragraphs = end, paragraphs + (-1 if p.group(1) else 1)     # a <p> round the box's text: layout
        elif depth and _CLOSE.match(body):
            line, depth = end, depth - 1
        elif depth and body.strip():
            # a box's body as the site shows it: HTML's indentation is none, but left here it made the text code
            # (Passbolt's notice include, `<div class="message notice">` over `    <p markdown="1">`: 47 chunks)
            lead = len(body) - len(body.lstrip(" "))
            shift = box_indent = max(0, lead - box_at) if box_indent is None else box_indent     # in from the box's
            line = line[min(shift, lead):]
        elif _WRAPPER_END.match(body) and (wrappers or n and not lines[n - 1].strip()):
            line, wrappers = end, max(wrappers - 1, 0)      # after a blank line: an HTML block showing nothing
        elif _WRAPPER.match(body) and _placed(body[:len(body) - len(body.lstrip())], lines, n) \
                and _wraps_markdown(lines[n + 1:n + 2]):
            line, wrappers = end, wrappers + 1
        out.append(line)
    return "".join(out)
