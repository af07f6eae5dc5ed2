"""HTML inside Markdown, shown as Markdown. Streamlit escapes HTML (it would need unsafe_allow_html), so a
docs page's `<pre><code>caddy run</code></pre>`, `<kbd>Ctrl</kbd>` or `<a href="...">` was shown as its tags
(Caddy's docs write every command that way). Known elements become Markdown with markdownify; anything else
in angle brackets ("GET /pki/ca/<id>", a placeholder) stays as written. Display only: the UI and the CLI's
answer for people (`kb ask` without --json; One Login's docs had shown `<br>` and `<ul><li>` in 12 of 35 answers);
the API and --json return passages as written."""
from __future__ import annotations

import re

from markdownify import markdownify

from ingest import fences
from ingest.code_spans import CODE_SPAN
from ingest.html_blocks import MARKDOWNIFY

# Elements docs pages put in Markdown; a placeholder like <id> or <your-domain> is not one of them.
_TAGS = ("pre|code|kbd|samp|var|b|strong|i|em|u|s|del|ins|mark|small|sub|sup|a|span|div|p|aside|section|"
         "details|summary|blockquote|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|th|td|figure|figcaption|center|"
         "font|abbr|cite|q|h[1-6]")
_ELEMENT = re.compile(rf"<({_TAGS})\b[^<>]*>.*?</\1\s*>|<hr\b[^<>]*/?>", re.I | re.S)
# converted alone, markdownify drops the line break itself; `</br>` is one too, as browsers read it (GL.iNet's
# manual: 16 in 3 files shown raw)
_BREAK = re.compile(r"</?br\s*/?>", re.I)
_IMAGE = re.compile(r"<img\b[^<>]*>", re.I)     # left out, as embedded images are (links.wikilinks)


def outside_code(markdown: str, change) -> str:
    """change() applied outside code, fenced (ingest/fences.py) or inline, which stays as written. A backtick
    written `\\`` opens no code span (Standard Notes' docs: 6 table rows showed `<br></br>` and `<kbd>` raw).
    A table row's HTML is written as Markdown first, the row whole: between its code spans a `<br />` did not
    know it was in a row and ended it (Traefik's options tables: `` `http.redirections.`<br />`entryPoint.to` ``
    in 312 chunks)."""
    def prose(text: str) -> str:
        text = _ROW.sub(_row, text) if "<" in text else text
        return fences.between(text, (m.span() for m in CODE_SPAN.finditer(text)), change)
    return fences.outside(markdown, prose)


def _row(m: re.Match) -> str:
    row = m.group(0)
    return fences.between(row, (c.span() for c in CODE_SPAN.finditer(row)), _in_row) if "<" in row else row


def readable(markdown: str) -> str:
    r"""Markdown with its HTML elements, outside code, written as Markdown, images it cannot show as their alt
    text (Chatwoot's docs: `![inbox_settings](./images/business-hours-setting.png)` in 3 of 36 answers) and a
    backslash line break as the break a terminal shows (MultiSafepay's docs: a trailing `\` in 8 of 36 answers)."""
    if "<" not in markdown and "![" not in markdown and "\\\n" not in markdown:
        return markdown
    return outside_code(markdown, _for_terminal)


_HARD_BREAK = re.compile(r"\\$", re.M)


def _for_terminal(text: str) -> str:
    text = _HARD_BREAK.sub("", without_local_images(text))
    return as_markdown(text) if "<" in text else text


# An image the app cannot load: a path on the docs site or beside the page, which the app does not serve. Actual
# Budget's docs hold 270 (`![](/img/x.png)`) in 162 of 769 chunks: each showed as a broken image. Its alt text
# stays ("[image: alt]", as a data URI's does at ingest); an image on the web stays as it is. A path in angle
# brackets may hold spaces (GitBook's `![](<../.gitbook/assets/image (90).png>)`: AppFlowy's docs, 30 in 22 chunks).
_LOCAL_IMAGE = re.compile(r"!\[([^\]\n]*)\]\((?!<?https?://)(?:<[^<>\n]*>|[^)\s]+)(?:\s+\"[^\"\n]*\")?\)")


def without_local_images(text: str) -> str:
    """`text` (outside code) with each image it cannot load as "[image: alt]", or nothing without alt text."""
    return _LOCAL_IMAGE.sub(lambda m: f"[image: {m.group(1).strip()}]" if m.group(1).strip() else "", text)


_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)          # a table row: a line break would end it


def as_markdown(text: str) -> str:
    """`text` (Markdown outside code) with its HTML elements written as Markdown. In a table row they stay on
    its line: GOV.UK Pay's docs put `<br>` and `<ul><li>` in cells of 158 of 689 chunks, and as line breaks
    they ended the rows, 228 of 591 falling out of their tables as loose text."""
    text = _ROW.sub(lambda m: _in_row(m.group(0)), _IMAGE.sub("", _SELF_LINK.sub(r"\2", text)))
    text = _ELEMENT.sub(lambda m: _convert(m.group(0)), _BREAK.sub("  \n", text))
    return _STRAY.sub("", text) if "<" in text else text


# A tag left without its partner once a passage is cut out of its page (`</div>`, `</li>`, `<li ...>`), or of an
# element that shows no words of its own (`<button>`, `<nav>` around a question or a breadcrumb): VA.gov's pages,
# written in HTML, showed such tags in 17 of 36 answers for people. A placeholder (<id>) is no such tag.
_STRAY = re.compile(rf"</?(?:{_TAGS}|button|nav|header|footer|main|article|label|form|hr)\b[^<>]*>", re.I)


# a link to its own id is the row's permalink, its text the name it holds: Traefik's options tables write each
# option `<a id="opt-x" href="#opt-x" title="#opt-x">x</a>` (2,750 rows), shown as links leading nowhere
_SELF_LINK = re.compile(r"<a\b(?=[^<>]*\bid=[\"']([^\"'<>]+)[\"'])(?=[^<>]*\bhref=[\"']#\1[\"'])[^<>]*>(.*?)</a\s*>",
                        re.I | re.S)
_BREAKS = re.compile(r"(?:</?br\s*/?>\s*)+|</li>\s*<li\b[^<>]*>", re.I)       # line breaks, list items
_LIST_TAGS = re.compile(r"</?(?:ul|ol|li)\b[^<>]*>", re.I)


def _in_row(row: str) -> str:
    row = _LIST_TAGS.sub("", _BREAKS.sub("; ", _SELF_LINK.sub(r"\2", row)))
    return _ELEMENT.sub(lambda m: " ".join(_convert(m.group(0)).split()).replace("|", "\\|"), row)


def _convert(fragment: str) -> str:
    out = markdownify(fragment, **MARKDOWNIFY)
    block = fragment.lstrip().lower().startswith(("<pre", "<div", "<p", "<aside", "<section", "<details",
                                                  "<blockquote", "<ul", "<ol", "<dl", "<table", "<figure"))
    return f"\n\n{out.strip()}\n\n" if block else out     # blank lines around a block: Markdown needs them
