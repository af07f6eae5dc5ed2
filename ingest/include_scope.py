"""Where an include directive's target is looked for (ingest/includes.py): beside the page, in each folder above it
up to the config's folder, then in each corpus path of the scope; in a folder's include folders first."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import frontmatter

# looked in before the folder itself: generators read partials from these (Zulip's {!x.md!} only from include/,
# where a page of the same name sits one folder up: the page was pulled in instead of its partial)
INCLUDE_DIRS = ("include", "includes", "_includes", "snippets", "_snippets", "partials", "_partials", "")
TEXT_SUFFIXES = {".md", ".markdown", ".mdx", ".txt"}
MAX_BYTES = 1_000_000           # one partial; larger is not a partial
# Docusaurus' alias for the site's folder: "@site/docs/blocks/_x.mdx" (Meshtastic's docs: 7 imports in 6 pages
# found nothing, so those pages lost their tables and the partials were indexed as pages), and VitePress' "@/" for
# its source folder.
_SITE_ALIAS = re.compile(r"^@(?:site)?/")


@dataclass(frozen=True)
class Scope:
    """Where targets may be read from: the config's folder and the corpus paths. A scope lives for one ingest
    run and remembers what each name found from each page: Upsun's 125 pages name 1,639 Hugo shortcodes, each
    looked up in up to ~80 folders (9.4 s resolving every candidate path, 1.6 s resolving found ones only,
    0.6 s remembering them)."""
    roots: tuple[Path, ...]
    found: dict = field(default_factory=dict, compare=False, repr=False)     # (target, page) -> file or None
    data: dict = field(default_factory=dict, compare=False, repr=False)      # data file -> what its YAML holds
    pages: dict = field(default_factory=dict, compare=False, repr=False)     # page -> its front matter

    def read_data(self, path: Path):
        """A data file's YAML, read once per run (None when it does not read or parse)."""
        if path not in self.data:
            try:
                self.data[path] = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                self.data[path] = None
        return self.data[path]

    def page_meta(self, page: Path) -> dict:
        """A page's front matter, read once per run: what a Liquid partial's `page.x` reads, for each of its tags."""
        if page not in self.pages:
            try:
                self.pages[page] = frontmatter.meta(page.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError):
                self.pages[page] = {}
        return self.pages[page]

    def allows(self, path: Path) -> bool:
        return any(path.is_relative_to(r) for r in self.roots)

    def find(self, target: str, page: Path, suffixes: set[str] | None = TEXT_SUFFIXES) -> Path | None:
        """The file `target` names, of one of `suffixes` (None: any file that reads as text)."""
        target = target.split("#")[0].strip()
        if not target or "://" in target or suffixes is not None and Path(target).suffix.lower() not in suffixes:
            return None
        target = _SITE_ALIAS.sub("/", target)
        parts = target.lstrip("/").split("/")
        # A site-absolute target names the site's folders, which a copied content folder may not have: Immich's
        # "/docs/partials/_x.md" with docs/ as the corpus found nothing (19 imports in 6 pages), and its partials
        # were indexed as pages. Its tails are tried too, longest first, as the link check does (link_targets).
        tails = ["/".join(parts[i:]) for i in range(len(parts) if target.startswith("/") else 1)]
        key = (target, page)
        if key not in self.found:
            self.found[key] = next((found for tail in tails if (found := self._find(tail, page))), None)
        return self.found[key]

    def _find(self, target: str, page: Path) -> Path | None:
        folders = [f for f in (page.parent, *page.parent.parents) if self.allows(f) or f == page.parent]
        for folder in [*folders, *(r for r in self.roots if r not in folders)]:   # then each corpus's own
            for sub in INCLUDE_DIRS:
                found = ((folder / sub) if sub else folder) / target
                if not found.is_file():         # one stat before resolving: most names are not there
                    continue
                found = found.resolve()
                if found != page.resolve() and self.allows(found) and found.stat().st_size <= MAX_BYTES:
                    return found
        return None


def scope_for(config, corpus) -> Scope:
    """A corpus's pages read partials under the config's folder, in its own paths and in public corpora's (a
    support page may pull in a partial kept with the help docs; an internal partial never reaches another
    corpus's pages by this search)."""
    public = (p for c in config.corpora.values() if c is not corpus and c.audience == "public" and not c.internal
              for p in c.roots)
    return Scope((config.root, *corpus.roots, *public))
