"""MDX opening tags (and a <summary>) written over several lines, one attribute a line, read as one line
(ingest/mdx_blocks.py reads a component from its opening line). Val Town's docs: 91 in 15 files, 47 lost with
their titles and descriptions, 44 shown raw. The lines after the first are left blank, so citations keep the
file's own lines.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from . import fences, mdx_exports
from .line_ends import ending

_TAG_STARTS = re.compile(r"^[ \t]*<[A-Z][\w.]*(?:\s[^<>]*)?$")
TAG_LINES = 15
EXPRESSION_LINES = 80
_EXPRESSION = re.compile(r"\b[\w-]+=\{")


def joined(lines: list[str]) -> list[str]:
    """Lines with each opening tag written over several lines read as its first line, the others left blank
    (their newlines kept); fenced code as written."""
    out, fence, n = list(lines), "", 0
    while n < len(out):
        inner = out[n].lstrip(" ")
        if fence:
            fence = "" if fences.closes(inner, fence) else fence
        elif opened := fences.opening(inner):
            fence = opened
        elif (summary := _SUMMARY_OPENS.match(out[n])) or _TAG_STARTS.match(out[n].rstrip("\r\n")):
            last = _summary_end(out, n) if summary else tag_end(out, n)
            if last is not None:
                end = ending(out[n])
                out[n] = _without_jsx(" ".join(x.strip() for x in out[n:last + 1])) + end
                out[n + 1:last + 1] = [ending(x) for x in out[n + 1:last + 1]]
                n = last
        n += 1
    return out


# A <summary> whose title is on lines of its own (Betaflight's wiki: "<summary>", "CLI Copy/Paste", "</summary>")
# stayed raw in 21 chunks, its box untitled; read as one line, it titles its box as a one-line summary does.
_SUMMARY_OPENS = re.compile(r"^[ \t]*(?:<details\b[^>]*>[ \t]*)?<summary>(?!.*</summary>)", re.I)
SUMMARY_LINES = 4


def _summary_end(lines: list[str], n: int) -> int | None:
    return next((j for j in range(n + 1, min(n + SUMMARY_LINES, len(lines))) if "</summary>" in lines[j].lower()), None)


def _without_jsx(tag: str) -> str:
    """An opening tag with each attribute whose `{...}` value holds JSX emptied (`values={}`): markup of the
    tab bar, not text, and its `>`s would end the tag early."""
    out, at = [], 0
    for m in _EXPRESSION.finditer(tag):
        if m.start() < at:
            continue
        depth, j = 1, m.end()
        while j < len(tag) and depth:
            depth += {"{": 1, "}": -1}.get(tag[j], 0)
            j += 1
        if "<" in tag[m.end():j]:
            out.append(tag[at:m.end()] + "}")
            at = j
    return "".join(out) + tag[at:]


def tag_end(lines: list[str], n: int) -> int | None:
    """The line where the opening tag starting on line `n` ends: its first `>` outside quotes and `{...}`
    expressions, within TAG_LINES lines (EXPRESSION_LINES inside an expression); None when another tag starts
    first. Meshtastic's docs open <Tabs> with `values={[{label: (<><Icon ... /> Android</>), ...}]}` over 30
    lines: read up to its first `>`, the tag stayed raw in 35 chunks."""
    depth, quote = 0, ""
    for j in range(n, min(n + EXPRESSION_LINES, len(lines))):
        if depth == 0 and j >= n + TAG_LINES:
            return None
        line = lines[j].lstrip(" \t")[1:] if j == n else lines[j]
        for ch in line:
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "\"'`" and depth:
                quote = ch
            elif ch in "{}":
                depth += 1 if ch == "{" else -1
            elif depth == 0 and ch == ">":
                return j
            elif depth == 0 and ch == "<":
                return None
    return None


# A component whose text starts on its opening line and whose closing tag ends a later line of the same paragraph
# (Fumadocs' `<Callout type="info">For users on **Business plan**, ...` over `    Refer [here](...).</Callout>`) is
# read as a one-line component over the lines after it: NocoDB's docs, 13 such callouts shown raw in 14 chunks.
_TEXT_OPENS = re.compile(r"^[ \t]*<(?P<name>[A-Z][\w.]*)\b[^<>]*(?<!/)>(?P<text>.*\S.*)$")
TEXT_LINES = 12


def texts_closed(lines: list[str]) -> list[str]:
    """Lines with such a component's closing tag moved to the end of its opening line; fenced code as written."""
    out = list(lines)
    code = fences.code_lines(out)
    for n, line in enumerate(out):
        body = line.rstrip("\r\n")
        m = None if code[n] else _TEXT_OPENS.match(body)
        if not m or f"<{m['name']}" in m["text"] or f"</{m['name']}>" in m["text"]:
            continue
        close = f"</{m['name']}>"
        for k in range(n + 1, min(n + TEXT_LINES, len(out))):
            later = out[k].rstrip("\r\n")
            if not later.strip() or code[k] or f"<{m['name']}" in later:
                break
            if later.rstrip().endswith(close):
                out[n] = body + close + line[len(body):]
                out[k] = later.rstrip()[:-len(close)] + out[k][len(later):]
                break
    return out


# A component handed its entries as data, `<CardList items={[{title: "...", text: "...", href: "..."}, ...]} />`,
# shows them as a list of cards: read as a tag, Medusa's 85 of 91 card texts (13 pages) and 16 of 17 prerequisites
# were lost. Each entry becomes a list item on one of the tag's lines: "- [title](href): text".
_ITEMS_TAG = re.compile(r"^[ \t]*<[A-Z][\w.]*\s+items=\{\[")
_NAME_KEYS, _TEXT_KEYS, _LINK_KEYS = ("title", "label", "name"), ("text", "description"), ("href", "link", "url")


def item_lists(lines: list[str]) -> list[str]:
    """Lines with each such component's entries as list items in its lines (the rest left blank)."""
    return written_tags(lines, _ITEMS_TAG, lambda tag: ["- " + e for e in _entries(mdx_exports.block_end(tag, 0)[1])])


def written_tags(lines: list[str], opening: re.Pattern, items: Callable[[str], list[str]],
                 end: Callable[[list[str], int], int | None] = tag_end) -> list[str]:
    """Lines with each self-closing component whose first line `opening` matches (outside code) written over by
    `items(tag)`, the tag's text (`_written_over`). A component that is not self-closing is a wrapper holding its own
    text (<Tabs items>), and stays; so does one with no items. `end`: where the tag that opens on a line ends."""
    out = list(lines)
    if not any(opening.match(line) for line in out):
        return out
    code = fences.code_lines(out)
    for n in range(len(out)):
        if code[n] or not opening.match(out[n]) or (last := end(out, n)) is None \
                or not out[last].rstrip().endswith("/>"):
            continue
        if found := items("".join(out[n:last + 1])):
            _written_over(out, n, last, found)
    return out


def closing_quote(text: str, at: int) -> int:
    """Where the string opening at `at` (its quote) ends: its closing quote, an escaped quote being in it; -1 for
    nowhere."""
    i = at + 1
    while i < len(text) and text[i] != text[at]:
        i += 2 if text[i] == "\\" else 1
    return i if i < len(text) else -1


def _written_over(lines: list[str], n: int, last: int, items: list[str]) -> None:
    """Lines n..last (a component's tag) as `items`, one a line at the tag's indentation, the rest left blank;
    nothing written when they do not fit."""
    if len(items) > last + 1 - n:
        return
    indent = lines[n][:len(lines[n]) - len(lines[n].lstrip())]
    for k in range(n, last + 1):
        lines[k] = (indent + items[k - n] if k - n < len(items) else "") + ending(lines[k])


def _entries(pairs: list[tuple[str, str]]) -> list[str]:
    """Each entry's words: its name linked where it has a link, then its text."""
    groups: list[dict[str, str]] = []
    for key, value in pairs:
        if not groups or key in groups[-1]:
            groups.append({})
        groups[-1][key] = " ".join(value.split())
    out = []
    for g in groups:
        name = next((g[k] for k in _NAME_KEYS if g.get(k)), "")
        text = next((g[k] for k in _TEXT_KEYS if g.get(k)), "")
        link = next((g[k] for k in _LINK_KEYS if g.get(k)), "")
        head = name or text
        if head:
            out.append((f"[{head}]({link})" if link else head) + (f": {text}" if name and text else ""))
    return out
