"""pymdownx's generic blocks (MkDocs Material's newer syntax) as plain Markdown: `/// note | Title` ... `///`
becomes a bold title line over its body, option lines (`    type: warning`, `    open: True`) and the closing
line go; the number of lines stays. Read as CommonMark they were text: RetroPie's docs showed `/// info | ...`
in 17 chunks of 13 pages and ended an answer with `///`, the box's body run into the text around it.

Blocks that name a kind (`note`, `warning`, `admonition` with `type:`), `details` and `tab` are titled by their
title, else by their kind; `html`, `caption` and `define` are wrappers and show no title, and so is a kind a site
defines for itself without a title: Moonraker's `/// api-parameters` and `/// collapse-code` showed as
"**Api-parameters**" and "**Collapse-code**" 322 times (its mkdocs.yml titles the first "Parameters"). Fenced code
is left alone.
"""
from __future__ import annotations

import re

from . import fences
from .headings import title_line

_OPEN = re.compile(r"^(?P<indent>[ \t]{0,3})(?P<fence>/{3,})[ \t]*(?P<name>[A-Za-z][\w-]*)"
                   r"(?:[ \t]*\|[ \t]*(?P<title>.*?))?[ \t]*$")
_CLOSE = re.compile(r"^[ \t]{0,3}(?P<fence>/{3,})[ \t]*$")
_OPTION = re.compile(r"^[ ]{4,}[\w-]+:")          # a block's YAML options, indented under its first line
_TYPE = re.compile(r"^[ ]{4,}type:[ \t]*['\"]?(?P<kind>[\w-]+)")
_UNTITLED = {"html", "caption", "define", "figure-caption", "table-caption"}
# pymdownx's own blocks and MkDocs Material's admonition kinds: a name outside these is the site's own
_KINDS = {"admonition", "details", "tab", "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint",
          "important", "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention",
          "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite", "new", "settings"}


def convert(text: str) -> str:
    """The text with every `///` block as a bold title line over its body (lines kept)."""
    if "///" not in text:
        return text
    lines = text.splitlines(keepends=True)
    out = list(lines)
    opened: list[str] = []                      # the fences of the blocks open here, innermost last
    options = None                              # (index of the opening line, its title) while options go on
    for n, (line, code) in enumerate(fences.marked(lines)):
        body = line.rstrip("\r\n")
        if code:
            options = None
            continue
        if options is not None and _OPTION.match(body):
            if (kind := _TYPE.match(body)) and not options[1]:
                out[options[0]] = _titled(lines[options[0]], kind.group("kind"))
            out[n] = line[len(body):]
            continue
        options = None
        if (m := _CLOSE.match(body)) and m.group("fence") in opened:
            del opened[len(opened) - 1 - opened[::-1].index(m.group("fence")):]
            out[n] = line[len(body):]
        elif m := _OPEN.match(body):
            opened.append(m.group("fence"))
            name, title = m.group("name").lower(), (m.group("title") or "").strip()
            label = title or (name if name in _KINDS else "")
            out[n] = _titled(line, label) if label and name not in _UNTITLED else line[len(body):]
            options = (n, title)
    return "".join(out)


def _titled(line: str, title: str) -> str:
    body = line.rstrip("\r\n")
    indent = body[:len(body) - len(body.lstrip(" \t"))]
    return title_line(indent, title[:1].upper() + title[1:], line[len(body):])
