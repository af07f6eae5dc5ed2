"""Liquid output and tags that stand for a value the page itself gives: a path the site's address goes before, the
page's own front-matter value, a tag written as a link's target (ingest/templates.py blanks any other)."""
from __future__ import annotations

import functools
import re

from . import frontmatter, shortcodes

# Jekyll's `[here]({{ "devices/" | relative_url }})`: blanked, the LineageOS wiki had 647 links to nowhere in 357
# chunks (and 8 answers showed "[here]()")
_URL_FILTER = re.compile(r"\{\{-?\s*(['\"])([^'\"{}]*)\1\s*\|\s*(?:relative|absolute)_url\s*-?\}\}")
# The page's own front-matter value: Jekyll's `{{ page.title }}`, mkdocs-macros' `{{ page.meta.page_name }}`
# (Codacy's docs: "clones ... that the {{ page.meta.page_name }} adds" read "that the  adds" in 7 chunks)
_PAGE_VALUE = re.compile(r"\{\{-?\s*page\.(?:meta\.)?(\w+)\s*-?\}\}")
_TARGET_BEFORE = re.compile(r"\]\(\s*<?$|^[ \t]*\[[^\]\n]+\]:[ \t]*$", re.M)   # `[text](` or `[ref]: ` just before
# a filter that marks a page as Liquid where nothing else does
URL_FILTER_USE = r"\|\s*(?:relative|absolute)_url\s*-?\}\}"


def output(tag: str, text: str) -> str | None:
    """What a Liquid output tag (`{{ ... }}`) of the page `text` shows, where the page itself says; else None."""
    if url := _URL_FILTER.fullmatch(tag):
        return "/" + url.group(2).lstrip("/")       # a path the site's address goes before: the link's target
    if key := _PAGE_VALUE.fullmatch(tag):
        value = _page_data(text).get(key.group(1))
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return " ".join(str(value).split())
    return None


def target(tag: str, text: str, start: int) -> str | None:
    """The path a tag written as a link's target (or a reference definition's) stands for, or None: Eleventy's
    `[software]({% page "/software/" %})` (the TTS handbook: "[software]()" in 281 chunks, 5 of 36 answers)."""
    if _TARGET_BEFORE.search(text, max(start - 300, 0), start):
        return shortcodes.link_target(tag) or None
    return None


@functools.lru_cache(maxsize=4)
def _page_data(text: str) -> dict:
    """The page's front matter, read once per page (a str caches its own hash)."""
    return frontmatter.yaml_data(text)
