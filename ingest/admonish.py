"""mdBook's admonitions (the mdbook-admonish preprocessor) as plain Markdown: a fenced block whose info string is
`admonish [kind] [title="..."] [collapsible=true]` becomes a bold title line over its body, as MkDocs' and
Docusaurus' boxes do (ingest/mkdocs_blocks.py, ingest/mdx_blocks.py); the number of lines stays.

Read as CommonMark such a box is a code block: on Anki's manual, 11 boxes in 6 files ("Only a single profile can
be synced to an AnkiWeb account") showed as code in answers, with the ```` ```admonish caution ```` line, and an
author's title was never shown or searched. Code inside a box stays code.
"""
from __future__ import annotations

import re

from . import fences
from .headings import title_line

_OPEN = re.compile(r"(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})admonish(?:[ \t]+(?P<info>.*?))?[ \t]*$")
_TITLE = re.compile(r"""\btitle=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S+))""")
_KIND = re.compile(r"[A-Za-z][\w-]*(?=\s|$)")


def title(info: str) -> str:
    """The box's title: its `title=` value (an empty one means no title bar), else its kind ("Note" by default)."""
    m = _TITLE.search(info)
    if m:
        return next(v for v in m.group("dq", "sq", "bare") if v is not None)
    kind = _KIND.match(info.strip())
    return (kind.group(0) if kind else "note").replace("-", " ").capitalize()


def convert(text: str) -> str:
    """The text with every admonish box as a bold title line over its body; its closing fence goes."""
    if "admonish" not in text:
        return text
    out: list[str] = []
    stack: list[tuple[str, bool]] = []      # (fence, is a box) of each open block
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        end = line[len(body):]
        if stack and fences.closes(body, stack[-1][0]):
            out.append(end if stack.pop()[1] else line)
        elif stack and not stack[-1][1]:                 # inside code: as written
            out.append(line)
        elif box := _OPEN.match(body):
            stack.append((box.group("fence"), True))
            out.append(title_line(box.group("indent"), title(box.group("info") or ""), end))
        else:
            if opened := fences.opening(body):
                stack.append((opened, False))
            out.append(line)
    return "".join(out)
