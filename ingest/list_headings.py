"""A heading written as a list item (`1. ### Where can I buy a voucher?`) is a section of the page, its item's body
the section's text; the number of lines is kept.

Goldmark (Hugo), markdown-it and CommonMark render it as a heading inside the item, with its own anchor: IVPN's
help center writes 94 FAQ questions so in 9 pages. Read as a list, each FAQ was one section under the page's title:
"what ports does WireGuard use" showed the whole FAQ (5,466 characters, the ports in item 5), and 19 chunks ended on
a question whose answer began the next. A level-1 heading stays in its item (it would take the page's title).
Outline apps (Logseq) indent an item's children with tabs: `- ## Usage` over `\t- Type /draw` (a tab is four
columns, so undedented the children were an indented code block: 567 of 927 chunks of Logseq's docs).
"""
from __future__ import annotations

import re

from . import fences

_ITEM_HEADING = re.compile(r"^( {0,3}(?:\d{1,9}[.)]|[-*+])[ \t]+)(#{2,6})[ \t]+(\S.*)$")


def convert(text: str) -> str:
    if "#" not in text:
        return text
    out: list[str] = []
    width = 0                       # how far the body of the current heading item is indented; 0 outside one
    first = False                   # its first line is still to come: it sets how far the body is in
    for line, code in fences.marked(text.splitlines(keepends=True)):
        body = line.rstrip("\r\n")
        lead = body[:len(body) - len(body.lstrip(" \t"))].expandtabs(4)   # an outline app indents with tabs
        indent = len(lead)
        if width and body.strip() and indent < width and not code:
            width = 0               # a line less indented than the item's text: the item has ended
        elif first and body.strip():
            width, first = min(indent, width + 3), False     # "1. " over a body four spaces in
        m = None if code else _ITEM_HEADING.match(body)
        if m and not (width and indent >= width):
            width, first = len(m.group(1).expandtabs(4)), True
            out.append(f"{m.group(2)} {m.group(3)}{line[len(body):]}")
        elif width:
            out.append(lead[min(width, indent):] + line.lstrip(" \t") if body.strip() else line)
        else:
            out.append(line)
    return "".join(out)
