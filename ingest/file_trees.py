"""File trees drawn by components as the nested list they show: Mintlify's `<Tree>` of `<Tree.Folder name="x">` and
`<Tree.File name="y" />`, Fumadocs' `<Files>` of `<Folder>` and `<File>`.

Read as components they showed nothing: Bruno's docs draw a collection's layout so (11 trees in 9 pages), and "the
structure might look like this:" was followed by nothing where the site shows where `.env` goes. Each folder is an
item ending in "/", its entries one level in; the number of lines stays.
"""
from __future__ import annotations

import re

from . import fences
from .line_ends import ending
from .mdx_components import VALUE, value

_GROUP = re.compile(r"^[ \t]*<(/?)(?:Tree|Files)>[ \t]*$")
_ENTRY = re.compile(r"^[ \t]*<(?:Tree\.)?(?P<kind>Folder|File)\b(?P<attrs>[^<>]*?)(?P<self>/?)>[ \t]*$")
_CLOSE = re.compile(r"^[ \t]*</(?:Tree\.)?Folder>[ \t]*$")
_NAME = re.compile(r"\bname=" + VALUE)


def convert(text: str) -> str:
    if "<Tree" not in text and "<Files" not in text:
        return text
    lines = text.splitlines(keepends=True)
    code = fences.code_lines(lines)
    depth = None                                # folders open in the tree being read; None outside a tree
    for n, line in enumerate(lines):
        body = line.rstrip("\r\n")
        if code[n]:
            continue
        if group := _GROUP.match(body):
            depth = None if group.group(1) else 0
            lines[n] = ending(line)
        elif depth is not None and (m := _ENTRY.match(body)):
            name = _NAME.search(m.group("attrs"))
            shown = value(name) if name else ""
            folder = m.group("kind") == "Folder"
            lines[n] = "  " * depth + f"- {shown}{'/' if folder else ''}" + ending(line)
            depth += 1 if folder and not m.group("self") else 0
        elif depth is not None and _CLOSE.match(body):
            depth = max(0, depth - 1)
            lines[n] = ending(line)
    return "".join(lines)
