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
    out, tabs = [], False
    for line, code in fences.marked(text.splitlines(keepends=True)):
        if not code:
            line, tabs = _line(line, tabs)
        out.append(line)
    return "".join(out)


def _line(line: str, tabs: bool) -> tuple[str, bool]:
    """A line outside code as shown, and whether a tab group is open after it."""
    body = line.rstrip("\r\n")
    if m := _TABS.match(body):
        return line, m.group(1) == "start"
    if tabs and (m := _TAB.match(body)):
        return title_line(m.group("indent"), m.group("label"), line[len(body):]), tabs
    if m := _TIP.match(body):
        return m.group("indent") + line[m.end():], tabs
    return line, tabs
