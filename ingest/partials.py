"""Partials: files other pages include that are no page of their own (no title), so they are not indexed
alone; each is named with the first page that includes it."""
from __future__ import annotations

import re
from pathlib import Path

from . import includes

_TITLE = re.compile(r"^(?:#[ \t]+\S|title:[ \t]*\S|\S.*\n=+[ \t]*$)", re.M)
_CUES = tuple(c.encode() for c in includes.TEXT_CUES)


def is_partial_text(text: str) -> bool:
    """No title of its own: not a page a reader opens, only text other pages pull in."""
    return not _TITLE.search(text[:4000])


def partials(files: list[Path], scope: includes.Scope) -> dict[Path, Path]:
    """Files some other file includes and that have no title of their own -> the first file including them."""
    out: dict[Path, Path] = {}
    for page in files:
        try:
            raw = page.read_bytes()
        except OSError:
            continue
        if not any(c in raw for c in _CUES):
            continue
        for target in includes.targets(raw.decode("utf-8", "replace"), page, scope):
            if target not in out and target != page.resolve():
                text = includes.read(target)
                if text is not None and is_partial_text(text):
                    out[target] = page
    return out


def every_partial(config, files_of) -> dict[Path, Path]:
    """partials() over every corpus, each page searching its own corpus's scope; files_of(corpus) -> its files."""
    out: dict[Path, Path] = {}
    for corpus in config.corpora.values():
        out.update(partials(files_of(corpus), includes.scope_for(config, corpus)))
    return out
