"""Docsify's own Markdown as its site shows it: a `?> tip` or `!> warning` paragraph is its text (the marker is
styling), and a tab of the docsify-tabs plugin, a heading of bold text between `<!-- tabs:start -->` and
`<!-- tabs:end -->` (`#### **SSH**`), is the tab's title, not a section. GuestBell's docs open 37 paragraphs in 22
of 34 pages so ("!> If your card was declined..." was an answer as written); on Datacoves' docs each tab label
was a section of its own, an empty chunk, and showed raw in a lead answer. The number of lines stays.
"""
from __future__ import annotations

import re

from . import fences
from .headings import title_line

_TIP = re.compile(r"^(?P<indent>[ \t]{0,3})[?!]>[ \t]+")
_TABS = re.compile(r"^[ \t]*<!--[ \t]*tabs:(start|end)[ \t]*-->[ \t]*$")
_TAB = re.compile(r"^(?P<indent>[ \t]*)#{1,6}[ \t]+\*\*(?P<label>[^*\n]+)\*\*[ \t]*$")


def convert(text: str) -> str:
    if "?>" not in text and "!>" not in text and "tabs:start" not in text:
        return text
    out, fence, tabs = [], "", False
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if fence:
            fence = "" if fences.closes(body.lstrip(" "), fence) else fence
        elif opened := fences.opening(body.lstrip(" ")):
            fence = opened
        elif m := _TABS.match(body):
            tabs = m.group(1) == "start"
        elif tabs and (m := _TAB.match(body)):
            line = title_line(m.group("indent"), m.group("label"), line[len(body):])
        elif m := _TIP.match(body):
            line = m.group("indent") + line[m.end():]
        out.append(line)
    return "".join(out)
