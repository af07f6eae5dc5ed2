"""Reference-style links (`[text][ref]`, `[ref][]`, `[ref]` with `[ref]: /help/x` defined elsewhere on the page)
as inline links, and the definitions gone: a chunk is read alone, so a link whose definition sits at the end of
the page lost its target, and the definitions were shown as text under the last section (Zulip's help center:
52 chunks, 3 of 36 answers printed them; Home Assistant's docs the same). Code is left alone; the number of
lines is kept.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt

from .code_spans import code_spans, outside
from .frontmatter import yaml_lines

_MD = MarkdownIt("commonmark")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.M)
# Link text may hold a code span or go on to the next line (not over a blank one): Semaphore's docs, 47 links in 25
# files ("[`sem-version` utility][sem-version]", "[this\nguide instead][x]") had become "[text][ref](url)".
_REFERENCE = re.compile(r"\[((?:[^\[\]\n]|\n(?![ \t]*\n)|\[[^\[\]\n]*\])+)\](?:\[([^\]\n]*)\]|(?![(:\[]))")


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def defines(text: str) -> bool:
    """Whether the text holds a link reference definition (`[ref]: /help/x`)."""
    return bool(_DEFINITION.search(text))


def inline(text: str) -> str:
    """The text with every defined reference link written inline and its definition lines blank."""
    if not _DEFINITION.search(text):
        return text
    env: dict = {}
    _MD.parse(text, env)
    refs = {_label(k): v for k, v in env.get("references", {}).items()}
    if not refs:
        return text
    lines = text.splitlines(keepends=True)
    for ref in refs.values():
        for n in range(*ref["map"]):
            lines[n] = "\n" if lines[n].endswith("\n") else ""
    # not in the front matter: GOV.UK's developer docs list `related_repos: [content-tagger]` there and define the
    # name as a link below; written as a link it was no YAML, and 2 pages failed
    n = yaml_lines(lines)
    text = "".join(lines[n:])
    out, pos = ["".join(lines[:n])], 0
    for m in outside(_REFERENCE, text, code_spans(text)[0], whole=False):
        ref = refs.get(_label(m.group(2) or m.group(1)))
        if ref is None:
            continue
        out += [text[pos:m.start()], f"[{m.group(1)}]({ref['href']})"]
        pos = m.end()
    return "".join(out) + text[pos:]
