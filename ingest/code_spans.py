"""Where code is in a page (fenced and indented blocks, inline code spans) and its YAML front matter: the regions
that template, link and wiki-link passes leave as written (docs about templates show the syntax itself).
"""
from __future__ import annotations

import re
from bisect import bisect_right

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

_MD = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)     # an inline code span


def blank_keep_lines(match: re.Match) -> str:
    """A match replaced by its newlines alone, so the lines after it keep their numbers."""
    return "\n" * match.group(0).count("\n")


def code_spans(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character ranges of code (blocks, and inline code found in the source of the blocks markdown-it saw
    it in), merged and sorted, and of the YAML front matter."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    spans, front = [], []
    for t in _MD.parse(text):
        if t.map is None:
            continue
        a, b = starts[t.map[0]], starts[min(t.map[1], len(starts) - 1)]
        if t.type in ("fence", "code_block"):
            spans.append((a, b))
        elif t.type == "front_matter":
            front.append((a, b))
        elif t.type == "inline" and any(c.type == "code_inline" for c in t.children or []):
            spans += [m.span() for m in CODE_SPAN.finditer(text, a, b)]
    return merged(spans), front


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Whether [a, b) touches one of the merged, sorted spans."""
    i = bisect_right(spans, (a, float("inf"))) - 1
    return any(s < b and a < e for s, e in spans[max(i, 0):i + 2])


def outside(pattern: re.Pattern, text: str, keep: list[tuple[int, int]], whole: bool = True):
    """Matches of `pattern`, left to right, that do not touch `keep` (with whole=False: do not start in it)."""
    m = pattern.search(text)
    while m:
        if overlaps(keep, m.start(), m.end() if whole else m.start() + 1):
            m = pattern.search(text, m.start() + 1)
        else:
            yield m
            m = pattern.search(text, m.end())
