"""Front matter a Hugo section passes down: `cascade:` in a folder's `_index.md` applies to every page under it,
the nearest folder's value winning (Hugo's rule). Read here for what keeps a page out of the site's search
(frontmatter.hidden): Codemagic's docs hide their 24 titled partials by one cascade in `partials/_index.md`."""
from __future__ import annotations

from pathlib import Path

from . import folders, frontmatter

_INDEX = "_index.md"


class Cascades:
    def __init__(self, roots: list[Path]):
        self.roots = [r.resolve() for r in roots]
        self._of: dict[Path, dict] = {}         # folder -> what its _index.md cascades (its own, not inherited)

    def for_page(self, path: Path) -> dict:
        """What the sections above `path` cascade to it, within its corpus folder."""
        path = path.resolve()
        out: dict = {}
        for folder in folders.up(path, self.roots):
            own = self._own(folder) if folder / _INDEX != path else {}
            out = {**own, **out}                # a nearer folder's key wins
        return out

    def _own(self, folder: Path) -> dict:
        if folder not in self._of:
            self._of[folder] = frontmatter.cascade(_meta(folder / _INDEX))
        return self._of[folder]


def _meta(index: Path) -> dict:
    try:
        return frontmatter.meta(index.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}
