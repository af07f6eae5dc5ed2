"""The title a MkDocs site gives a page in its `mkdocs.yml` nav (`- 'Forgot Password Feature': 'u_e-forgot.md'`),
for a page that names none itself: MkDocs shows that title, not the file's name. mailcow's docs start 109 of 129
pages at an H2 and were cited by their file names ("U e mailcow ui forgot password.en"), in every "See also" and in
685 of 1,033 chunks' heading paths; Seafile's 5 such pages the same.

`mkdocs.yml` is looked for from the page's folder up to the folder above its corpus (it sits beside `docs/`); nav paths
are under its `docs_dir`. With the i18n plugin a page `x.en.md` is the nav's `x.md`. Tags the YAML of MkDocs sites
uses (`!!python/name:...`, `!ENV`) are read as nothing.

A file the site's `exclude_docs` (gitignore patterns) or its `exclude` plugin (`glob:` as fnmatch reads them,
`regex:`) leaves out is built into no page: Traefik's docs exclude `**/include-*.md`, snippets other pages pull in,
and 6 of them (code alone, titled by their file names) were indexed as pages, one leading an answer.
"""
from __future__ import annotations

import fnmatch
import html
import re
from pathlib import Path, PurePosixPath

import pathspec
import yaml

from . import folders
from .link_targets import LANGUAGE

_FILES = ("mkdocs.yml", "mkdocs.yaml")
class _Lenient(yaml.SafeLoader):
    """A safe loader that reads any tag it does not know as null."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
_Lenient.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


class NavTitles:
    def __init__(self, roots: list[Path]):
        self.roots = [r.resolve() for r in roots]
        self._navs: dict[Path, _Nav | None] = {}

    def excluded(self, path: Path) -> str:
        """Why the site's mkdocs.yml builds no page of the file at `path`, or ""."""
        nav, path = self._site_of(path)
        return nav.excludes(path) if nav else ""

    def title(self, path: Path) -> str:
        """The nav's title for the page at `path`, or ""."""
        nav, path = self._site_of(path)
        return nav.title(path) if nav else ""

    def _site_of(self, path: Path) -> tuple[_Nav | None, Path]:
        """The mkdocs.yml nearest above the page (read), and the page's resolved path."""
        path = path.resolve()
        return next((n for f in folders.up(path, self.roots, beyond=True) if (n := self._nav(f))), None), path

    def _nav(self, folder: Path) -> _Nav | None:
        if folder not in self._navs:
            self._navs[folder] = next((n for name in _FILES if (n := _Nav.read(folder / name))), None)
        return self._navs[folder]


class _Nav:
    def __init__(self, docs: Path, titles: dict[str, str], excluded: list = ()):
        self.docs, self.titles, self.excluded = docs, titles, list(excluded)

    @classmethod
    def read(cls, file: Path) -> _Nav | None:
        try:
            data = yaml.load(file.read_text(encoding="utf-8"), Loader=_Lenient)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return None
        if not isinstance(data, dict):
            return None
        titles: dict[str, str] = {}
        _walk(data.get("nav"), titles)
        return cls((file.parent / str(data.get("docs_dir") or "docs")).resolve(), titles, _exclusions(data))

    def title(self, path: Path) -> str:
        return self.titles.get(page_key(path.relative_to(self.docs).as_posix()), "") \
            if path.is_relative_to(self.docs) else ""

    def excludes(self, path: Path) -> str:
        """The rule of mkdocs.yml that leaves the page out of the site, or ""."""
        if not self.excluded or not path.is_relative_to(self.docs):
            return ""
        rel = path.relative_to(self.docs).as_posix()
        return next((rule for rule, test in self.excluded if test(rel)), "")


def _exclusions(data: dict) -> list:
    """(rule, test of a path under docs_dir) for each way mkdocs.yml leaves files out of the site."""
    out = []
    if isinstance(docs := data.get("exclude_docs"), str) and docs.strip():
        spec = pathspec.GitIgnoreSpec.from_lines(docs.splitlines())
        out.append(("exclude_docs", spec.match_file))
    for plugin in data.get("plugins") or []:
        options = plugin.get("exclude") if isinstance(plugin, dict) else None
        if not isinstance(options, dict):
            continue
        for g in options.get("glob") or []:
            out.append((f"the exclude plugin's glob {g!r}", lambda rel, g=str(g): fnmatch.fnmatch(rel, g)))
        for r in options.get("regex") or []:
            try:
                pattern = re.compile(str(r))
            except re.error:
                continue
            out.append((f"the exclude plugin's regex {r!r}", lambda rel, p=pattern: bool(p.match(rel))))
    return out


def _walk(entries, titles: dict[str, str]) -> None:
    """Each `title: page` entry of a nav, however deep its sections."""
    for entry in entries if isinstance(entries, list) else []:
        for name, value in (entry.items() if isinstance(entry, dict) else []):
            if isinstance(value, str) and isinstance(name, str) and name.strip() and "://" not in value:
                titles.setdefault(page_key(value), shown_title(name))
            else:
                _walk(value, titles)


_TAG = re.compile(r"<[^<>]*>")


def shown_title(name: str) -> str:
    """A nav entry's title as MkDocs shows it: HTML in it is markup, its entities characters (Pi-hole's
    `'The &nbsp<samp>pihole</samp>&nbsp Command'` was the title of 25 chunks, in 12 of 36 answers)."""
    return " ".join(html.unescape(_TAG.sub("", name)).split())


def page_key(path: str) -> str:
    """A page's path as the nav names it: relative to docs_dir, without its extension or language."""
    path = path.strip()
    posix = PurePosixPath(path[2:] if path.startswith("./") else path)
    stem = str(posix.with_suffix("")) if posix.suffix.lower() in (".md", ".markdown") else str(posix)
    return LANGUAGE.sub("", stem)
