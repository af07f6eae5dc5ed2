"""The title a MkDocs site gives a page in its `mkdocs.yml` nav (`- 'Forgot Password Feature': 'u_e-forgot.md'`),
for a page that names none itself: MkDocs shows that title, not the file's name. mailcow's docs start 109 of 129
pages at an H2 and were cited by their file names ("U e mailcow ui forgot password.en"), in every "See also" and in
685 of 1,033 chunks' heading paths; Seafile's 5 such pages the same.

`mkdocs.yml` is looked for from the page's folder up to the folder above its corpus (it sits beside `docs/`); nav paths
are under its `docs_dir`. With the i18n plugin a page `x.en.md` is the nav's `x.md`. Tags the YAML of MkDocs sites
uses (`!!python/name:...`, `!ENV`) are read as nothing.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath

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

    def title(self, path: Path) -> str:
        """The nav's title for the page at `path`, or ""."""
        path = path.resolve()
        for folder in folders.up(path, self.roots, beyond=True):
            nav = self._nav(folder)
            if nav is not None:
                return nav.title(path)
        return ""

    def _nav(self, folder: Path) -> _Nav | None:
        if folder not in self._navs:
            self._navs[folder] = next((n for name in _FILES if (n := _Nav.read(folder / name))), None)
        return self._navs[folder]


class _Nav:
    def __init__(self, docs: Path, titles: dict[str, str]):
        self.docs, self.titles = docs, titles

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
        return cls((file.parent / str(data.get("docs_dir") or "docs")).resolve(), titles)

    def title(self, path: Path) -> str:
        return self.titles.get(page_key(path.relative_to(self.docs).as_posix()), "") \
            if path.is_relative_to(self.docs) else ""


def _walk(entries, titles: dict[str, str]) -> None:
    """Each `title: page` entry of a nav, however deep its sections."""
    for entry in entries if isinstance(entries, list) else []:
        for name, value in (entry.items() if isinstance(entry, dict) else []):
            if isinstance(value, str) and isinstance(name, str) and name.strip() and "://" not in value:
                titles.setdefault(page_key(value), " ".join(name.split()))
            else:
                _walk(value, titles)


def page_key(path: str) -> str:
    """A page's path as the nav names it: relative to docs_dir, without its extension or language."""
    path = path.strip()
    posix = PurePosixPath(path[2:] if path.startswith("./") else path)
    stem = str(posix.with_suffix("")) if posix.suffix.lower() in (".md", ".markdown") else str(posix)
    return LANGUAGE.sub("", stem)
