"""MDX `export` statements are JavaScript, not text; a list of {title, content} items in one is a FAQ.

An MDX page may declare data or components over many lines (`export const Faq = { general: [ {title: "...",
content: `...`}, ... ] }`), which the page renders through a component (`<FaqAccordion faq={Faq.general} />`).
Read as Markdown, such a block was indexed raw: Meshtastic's FAQ page was 15 chunks of JavaScript, two
`#### Privileges` lines inside a string read as headings, and the raw text led 6 of 36 answers. The block is
blanked (the line count kept); the items it holds, with the keys a front-matter FAQ uses
(ingest/frontmatter.py), are written where it was as one `## question` section each, as the page shows them.
"""
from __future__ import annotations

import re
import textwrap

from . import fences
from .frontmatter import ITEM_BODY, ITEM_TITLE

_START = re.compile(r"export\s+(?:const|let|var|function|default|async\s+function)\b")
# A line ending so goes on to the next: Prettier wraps a long `export const description = "..."` after the `=`
# (NetBird's docs: 77 of 293 pages showed the string as text, titled by their file names, the H1 a subsection).
_GOES_ON = ("=", "=>", "+", "(", ",", "?", ":")
_TOKEN = re.compile(r"""(?P<key>[A-Za-z_$][\w$]*)\s*:|(?P<quote>["'`])|(?P<open>[{\[(])|(?P<close>[}\])])""")


def _string(text: str, at: int, quote: str) -> tuple[str | None, int]:
    """The string literal opening at `at` (its quote) and where it ends (after the closing quote). A quote
    whose line ends first is no string (an apostrophe in a component's JSX text): (None, after it)."""
    out, i = [], at + 1
    while i < len(text) and text[i] != quote:
        if text[i] == "\n" and quote != "`":
            return None, at + 1
        if text[i] == "\\" and i + 1 < len(text):
            i += 1
        out.append(text[i])
        i += 1
    return "".join(out), i + 1


def block_end(text: str, start: int) -> tuple[int, list[tuple[str, str]]]:
    """Where the statement starting at `start` ends (after its line), and the (key, string) pairs in it."""
    depth, i, pairs, key = 0, start, [], None
    opened = False
    while i < len(text):
        m = _TOKEN.search(text, i)
        line_end = text.find("\n", i)
        line_end = len(text) if line_end < 0 else line_end
        if opened and depth == 0 and (m is None or m.start() > line_end):
            return line_end + 1, pairs          # balanced and the line is done
        if not opened and depth == 0 and (m is None or m.start() > line_end):
            if text[i:line_end].rstrip().endswith(_GOES_ON) and line_end < len(text):
                i = line_end + 1                # `export const description =` over its string (NetBird's docs)
                continue
            return line_end + 1, pairs          # a one-line statement without brackets
        if m is None:
            return len(text), pairs
        if m.group("key"):
            key, i = m.group("key"), m.end()
            continue
        if m.group("quote"):
            value, i = _string(text, m.start(), m.group("quote"))
            if key is not None and value is not None:
                pairs.append((key, value))
            key = None
            continue
        depth += 1 if m.group("open") else -1
        opened = True
        key, i = None, m.end()
    return len(text), pairs


def _items(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(question, answer) for each title key followed by a body key."""
    out, title = [], None
    for key, value in pairs:
        if key.lower() in ITEM_TITLE:
            title = " ".join(value.split())
        elif key.lower() in ITEM_BODY and title and value.strip():
            out.append((title, textwrap.dedent(value.strip("\n")).strip()))
            title = None
    return out


def _replacement(block: str, items: list[tuple[str, str]]) -> str:
    """The block's items as Markdown sections in as many lines as it had (blank when they would not fit)."""
    lines = block.count("\n")
    text = "".join(f"## {q}\n\n{a}\n\n" for q, a in items)
    return text + "\n" * (lines - text.count("\n")) if items and text.count("\n") <= lines else "\n" * lines


def _opens_paragraph(text: str, at: int) -> bool:
    """MDX reads a statement only at a paragraph's start: one inside a `<pre>` example (GitBook) is code.
    `at` starts a line; the line before it must be blank."""
    if at == 0:
        return True
    previous = text[text.rfind("\n", 0, at - 1) + 1:at - 1]
    return not previous.strip()


def convert(text: str) -> str:
    """Every multi-line or data `export` statement outside code blanked, its FAQ items written in its place, and
    the page's `{name.key}` expressions that name one of its strings filled in."""
    if "export" not in text:
        return text
    values: dict[str, str] = {}
    text = fences.outside(text, lambda part: _convert(part, values))
    return fences.outside(text, lambda part: _EXPRESSION.sub(lambda m: values.get(m.group(1), m.group(0)), part)) \
        if values else text


# Next.js's metadata export names a page's title, and the page shows it with an expression: Medusa's docs open
# `export const metadata = { title: `Edit an Order's Items` }` over `# {metadata.title}`, and all 1,256 chunks of
# 99 pages were titled "{metadata.title}" (with the titles filled in, 26 of 30 questions answered, not 17).
_EXPRESSION = re.compile(r"\{\s*([A-Za-z_$][\w$]*\.[A-Za-z_$][\w$]*)\s*\}")
_CONST = re.compile(r"export\s+const\s+([A-Za-z_$][\w$]*)\s*=")


def _convert(text: str, values: dict[str, str]) -> str:
    out, i = [], 0
    for m in re.finditer(r"^export\b", text, re.M):
        # one right after another's last line is part of the same block of statements (YunoHost's docs: four
        # `export const styleX = {...}` in a row, and the three after the first shown as text)
        follows = bool(out) and m.start() == i
        if m.start() < i or not _START.match(text, m.start()) or not (follows or _opens_paragraph(text, m.start())):
            continue
        end, pairs = block_end(text, m.start())
        if name := _CONST.match(text, m.start()):
            for key, value in pairs:
                values.setdefault(f"{name.group(1)}.{key}", " ".join(value.split()))
        out.append(text[i:m.start()])
        out.append(_replacement(text[m.start():end], _items(pairs)))
        i = end
    out.append(text[i:])
    return "".join(out)
