"""Pages a Mintlify site keeps off its search, read from its `docs.json` (or the older `mint.json`):
- a page the site redirects away from (`"redirects": [{"source": "/guides/login", "destination": ...}]`) is not
  there any more: Dodo Payments' docs kept 13 such pages, cited 20 times in 14 of 36 answers;
- a page no navigation entry lists, or listed only under a `"hidden": true` group, is a hidden page, which
  Mintlify leaves out of its search unless `"seo": {"indexing": "all"}` (`indexHiddenPages` in mint.json)
  says otherwise: Dodo's 24 and Upstash's 18 were copies and drafts (Upstash's `common/help/account.mdx` copies
  its teams page, and took 2 of 6 "See also" places in an answer).
GitBook and mdBook build their site from the pages `SUMMARY.md` links to; a page it does not link is not on the
site (mdBook renders no such page, GitBook imports none): Budibase's docs kept 67 of 154 pages so, old copies
(`getting-started.md` beside `getting-started/README.md`, `deploy/` beside `publish/`), cited 37 times in 36 answers
and leading 4; Hyperswitch's 4 were "js (1).md"-style duplicates.
A navigation that names none of the pages beside it is not read as one (a partial layout, a different tool's
file), so it can never leave a whole corpus out. What a MkDocs nav titles a page is ingest/mkdocs_nav.py.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

from . import folders
from .mkdocs_nav import NavTitles

_FILES = ("docs.json", "mint.json")
_SUMMARY = "SUMMARY.md"
_PAGE_SUFFIXES = (".mdx", ".md")
_LINK = re.compile(r"\]\(\s*<?([^)\s>#?]+)")


class SiteNav:
    def __init__(self, roots: list[Path]):
        self.roots = [r.resolve() for r in roots]
        self._sites: dict[Path, _Site | None] = {}
        navs = NavTitles(roots)
        self.title = navs.title         # the title a MkDocs nav gives a page (ingest/mkdocs_nav.py)
        self._excluded = navs.excluded  # and the files its mkdocs.yml builds no page of

    def left_out(self, path: Path) -> str:
        """Why the site's navigation keeps the page at `path` off its search, or ""."""
        path = path.resolve()
        if rule := self._excluded(path):
            return f"excluded: the site's mkdocs.yml builds no page of it ({rule})"
        for folder in folders.up(path, self.roots):
            site = self._site(folder)
            if site is not None:
                return site.left_out(_page(path.relative_to(folder)))
        return ""

    def _site(self, folder: Path) -> _Site | None:
        if folder not in self._sites:
            self._sites[folder] = (next((s for name in _FILES if (s := _Site.read(folder / name))), None)
                                   or _Summary.read(folder / _SUMMARY))
        return self._sites[folder]


class _Site:
    def __init__(self, name: str, data: dict, pages: set[str]):
        self.name = name
        self.moved = {_page(str(r.get("source", ""))): str(r.get("destination", ""))
                      for r in data.get("redirects") or [] if isinstance(r, dict)}
        listed: set[str] = set()
        _walk(data.get("navigation"), listed, hidden=False)
        seo = data.get("seo") if isinstance(data.get("seo"), dict) else {}
        every = seo.get("indexing") == "all" or seo.get("indexHiddenPages") is True
        self.listed = None if every or not (listed & pages) else listed

    @classmethod
    def read(cls, file: Path) -> _Site | None:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        if not isinstance(data, dict) or "navigation" not in data:
            return None
        pages = {_page(p.relative_to(file.parent)) for p in file.parent.rglob("*") if p.suffix in _PAGE_SUFFIXES}
        return cls(file.name, data, pages)

    def left_out(self, page: str) -> str:
        if page in self.moved:
            return f"redirect: {self.name} sends its address to {self.moved[page] or 'another page'}"
        if self.listed is not None and page and page not in self.listed:     # the home page is never hidden
            return f"hidden: no entry of {self.name}'s navigation lists it (the site leaves it out of search)"
        return ""


class _Summary:
    """A GitBook or mdBook book's list of pages, its SUMMARY.md."""

    def __init__(self, listed: set[str]):
        self.listed = listed

    @classmethod
    def read(cls, file: Path) -> _Summary | None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        folder = file.parent.resolve()
        linked = {(folder / unquote(t)).resolve() for t in _LINK.findall(text) if t.endswith(_PAGE_SUFFIXES)}
        listed = {_page(p.relative_to(folder)) for p in linked if p.is_relative_to(folder) and p.is_file()}
        return cls(listed) if listed else None

    def left_out(self, page: str) -> str:
        if page and page != _page(_SUMMARY) and page not in self.listed:
            return f"hidden: {_SUMMARY} does not list it (the book's site leaves it out)"
        return ""


def _page(rel) -> str:
    """A page's site path: no leading slash, no .md/.mdx, "index" as its folder."""
    text = str(rel).replace("\\", "/").strip().strip("/")
    for suffix in _PAGE_SUFFIXES:
        text = text.removesuffix(suffix)
    return text.removesuffix("/index") if text != "index" else ""


def _walk(node, listed: set[str], hidden: bool) -> None:
    """Every page a navigation lists where it is shown: strings in `pages` lists and groups' `root` pages, not
    under an element marked `"hidden": true` (unless `"searchable": true`)."""
    if isinstance(node, list):
        for item in node:
            _walk(item, listed, hidden)
    elif isinstance(node, dict):
        hidden = hidden or (node.get("hidden") is True and node.get("searchable") is not True)
        for key, value in node.items():
            if key in ("pages", "root") and not hidden:
                for page in value if isinstance(value, list) else [value]:
                    if isinstance(page, str):
                        listed.add(_page(page))
            _walk(value, listed, hidden)
