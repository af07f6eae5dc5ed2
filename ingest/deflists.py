"""Definition lists (Python-Markdown's def_list, kramdown, Pandoc, PHP Markdown Extra) as plain Markdown: the
term a bold line, the `: ` that opens its definition dropped, and the definition's later paragraphs, indented
four spaces under it, dedented; the number of lines stays, so citations keep the file's own lines.

Read as CommonMark, `: ` stayed in the text and every paragraph after the first was an indented code block:
Paperless-ngx's configuration reference (MkDocs) writes each setting as a heading over a definition, 193 of
them in 179 of 701 chunks, 155 of which showed the setting's explanation as code.
"""
from __future__ import annotations

import re

from . import fences
from .html_blocks import TAG

_DEFINITION = re.compile(r"^ {0,3}:[ \t]+(?=\S)")
_TERM = re.compile(r"^ {0,3}(?![#>|*+-]|\d+[.)]|\*\*)(\S.*?)[ \t]*$")      # plain text, not a heading or list item
_INDENT = "    "


def _term_above(out: list[str]) -> int | None:
    """Where the term of a definition starting now is: the last non-blank line, one blank line at most above."""
    for back in (1, 2):
        if len(out) >= back and out[-back].strip():
            return len(out) - back
    return None


def _lone(out: list[str], term: int) -> bool:
    """Whether a term with a blank line under it (a loose list: Pandoc, PHP Markdown Extra) is a line of its own, not
    the end of a paragraph. Zettlr's settings reference, 89 terms so, kept them as plain paragraphs."""
    return term == len(out) - 2 and (term == 0 or not out[term - 1].strip()) and not _DEFINITION.match(out[term])


def _bold_term(line: str) -> str:
    """A term's line bold; a term that is only HTML (an icon: Healthchecks' `<span class="status ic-new"></span>`
    over each state's definition) has no words to make bold, and stays as written (it read "****" in 3 answers)."""
    body = line.rstrip("\r\n")
    m = _TERM.match(body)
    if not m or m.group(1).startswith(":") or not TAG.sub("", m.group(1)).strip():
        return line
    return f"**{m.group(1)}**{line[len(body):]}"


def convert(text: str) -> str:
    """The text with each definition list's terms bold and definitions as plain, dedented paragraphs."""
    if "\n:" not in text and not text.startswith(":"):
        return text
    lines, out, fence, i = text.splitlines(keepends=True), [], "", 0
    while i < len(lines):
        line = lines[i]
        inner = line.lstrip(" ")
        if fence:
            fence = "" if fences.closes(inner, fence) else fence
        elif len(line) - len(inner) <= 3 and (opened := fences.opening(inner)):
            fence = opened
        elif (m := _DEFINITION.match(line)) and (term := _term_above(out)) is not None:
            if term == len(out) - 1 and not _DEFINITION.match(lines[i - 1]):
                out[term] = _bold_term(out[term])
            elif _lone(out, term) and (bold := _bold_term(out[term])) != out[term]:
                out[term:] = [out[term + 1], bold]      # the term run into its definition, one line down
            out.append(line[m.end():])
            i = _body(lines, i + 1, out)
            continue
        out.append(line)
        i += 1
    return "".join(out)


def _body(lines: list[str], i: int, out: list[str]) -> int:
    """The definition's continuation from line `i`, dedented into `out`: lines indented four spaces (or a tab),
    blank lines, and lines running on from its first paragraph. Returns the first line after it."""
    lazy = True
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            lazy = False
        elif line.startswith(_INDENT) or line.startswith("\t"):
            line = line[len(_INDENT):] if line.startswith(_INDENT) else line[1:]
        elif not lazy or _DEFINITION.match(line):
            break
        out.append(line)
        i += 1
    return i
