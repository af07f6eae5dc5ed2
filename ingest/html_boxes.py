"""HTML callouts (`<div class="warning icon">`, `<section class="callout">`, `<aside class="note">`) as the box the
site shows: a bold title of its kind over its body, the wrapper gone. Read as CommonMark, the wrapper is an HTML
block that runs to the next blank line, so the Markdown inside it stayed raw, and the tags were shown in answers:
Fly.io's docs, 97 boxes in 52 of 96 pages, raw tags in 99 chunks and 5 of 36 answers.

Only a wrapper whose class names a box kind (or a callout, untitled) is read; any other `<div>` stays as written.
A body that already opens with its label ("**Important:** After you fork...") gets no second one. Fenced code is
left alone; the number of lines stays.
"""
from __future__ import annotations

import re

from . import fences
from .headings import title_line

KINDS = ("note", "tip", "info", "important", "warning", "caution", "danger", "success", "error")
_UNTITLED = {"callout", "admonition", "alert", "notice", "hint", "box"}
_OPEN = re.compile(r"^(?P<indent>[ \t]{0,3})<(?P<tag>div|section|aside)\b[^<>]*?\bclass=[\"'](?P<cls>[^\"']*)[\"']"
                   r"[^<>]*>(?P<rest>.*?)$", re.I)
_CLOSE = re.compile(r"^[ \t]*</(?:div|section|aside)>[ \t]*$", re.I)
_LABEL = re.compile(r"^\W*(\w+)")


def _kind(classes: str) -> str | None:
    """The box's kind ("Warning"), "" for an untitled callout, None for a wrapper that is no box."""
    words = classes.lower().split()
    found = next((k for k in KINDS if k in words), None)
    return found.capitalize() if found else ("" if _UNTITLED & set(words) else None)


def _labelled(body: str, kind: str) -> bool:
    """Whether the body's first words already name the box ("**Note**:", "<b>Warning: ...")."""
    m = _LABEL.match(re.sub(r"<[^>]+>", "", body))
    return bool(m) and m.group(1).lower() == kind.lower()


def convert(text: str) -> str:
    if "class=" not in text:
        return text
    lines = text.splitlines(keepends=True)
    out, fence, depth = [], "", 0
    for n, line in enumerate(lines):
        end = line[len(line.rstrip("\r\n")):]
        body = line[:len(line) - len(end)]
        if fence:
            fence = "" if fences.closes(body.lstrip(" "), fence) else fence
        elif opened := fences.opening(body.lstrip(" ")):
            fence = opened
        elif (m := _OPEN.match(body)) and (kind := _kind(m.group("cls"))) is not None:
            rest = m.group("rest")
            one_line = re.search(rf"</{m.group('tag')}>[ \t]*$", rest, re.I)
            inner = rest[:one_line.start()] if one_line else rest
            after = inner.strip() or next((x for x in lines[n + 1:n + 3] if x.strip()), "")
            title = "" if not kind or _labelled(after, kind) else kind
            if inner.strip():
                line = (f"{m.group('indent')}**{title}:** " if title else m.group("indent")) + inner.strip() + end
            else:
                line = title_line(m.group("indent"), title, end)
            depth += 0 if one_line else 1
        elif depth and _CLOSE.match(body):
            line, depth = end, depth - 1
        out.append(line)
    return "".join(out)
