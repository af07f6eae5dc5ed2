"""Front matter a Hugo section passes down: `cascade:` in a folder's `_index.md` applies to every page under it,
the nearest folder's value winning (Hugo's rule). Read here for what keeps a page out of the site's search
(hidden_pages.hidden): Codemagic's docs hide their 24 titled partials by one cascade in `partials/_index.md`."""
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
            self._of[folder] = cascaded(_meta(folder / _INDEX))
        return self._of[folder]


def _meta(index: Path) -> dict:
    try:
        return frontmatter.meta(index.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}


def cascaded(meta: dict) -> dict:
    """What a Hugo section's front matter passes down to every page under it (`cascade:` as a table, or the items
    of a list that target no subset of pages)."""
    value = meta.get("cascade")
    if isinstance(value, list):
        return {k: v for item in value if isinstance(item, dict) and not (item.get("_target") or item.get("target"))
                for k, v in item.items()}
    return value if isinstance(value, dict) else {}
