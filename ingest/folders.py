"""The folders a page's site files are looked for in: its own and those above it, up to its corpus folder (a
SUMMARY.md or docs.json, a Hugo section's _index.md), or one above (a mkdocs.yml sits beside `docs/`)."""
from __future__ import annotations

from pathlib import Path


def up(path: Path, roots: list[Path], beyond: bool = False) -> list[Path]:
    """`path`'s folder and those above it, nearest first, up to the first of `roots` it is under (and that root's
    parent, `beyond`); [] when it is under none. `path` and `roots` are resolved."""
    root = next((r for r in roots if path.is_relative_to(r)), None)
    if root is None:
        return []
    last = root.parent if beyond else root
    out, folder = [], path.parent
    while True:
        out.append(folder)
        if folder == last or folder == folder.parent:
            return out
        folder = folder.parent
