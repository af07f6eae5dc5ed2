"""GitHub's alerts and Obsidian's callouts (`> [!WARNING]`, `> [!tip]- Custom title`) as a bold title inside
their quote: the sites render a titled box, CommonMark a quote opening with "[!WARNING]", which answers showed as
written. Fenced code is left alone (docs about alerts show the syntax); the number of lines stays.
"""
from __future__ import annotations

import re

from . import fences
from .headings import title_line

_ALERT = re.compile(r"^(?P<quote>[ \t]*(?:>[ \t]?)+)\[!(?P<kind>[A-Za-z][\w-]*)\][+-]?[ \t]*(?P<title>.*?)[ \t]*$")


def convert(text: str) -> str:
    if "[!" not in text:
        return text
    out, fence = [], ""
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if fence:
            fence = "" if fences.closes(body.lstrip(" "), fence) else fence
        elif opened := fences.opening(body.lstrip(" ")):
            fence = opened
        elif m := _ALERT.match(body):
            title = m.group("title") or m.group("kind").replace("-", " ").capitalize()
            line = title_line(m.group("quote"), title, line[len(body):])
        out.append(line)
    return "".join(out)
