"""Link targets a repository ignores: pages a site generates when it is built (a command-line reference written
by a script, listed in a .gitignore), so a link to one is not broken. Kopia's docs link its CLI reference 70 times
(`Reference/Command-Line/.gitignore`: `Common/`, `Advanced/`), all 70 reported as "no such file", 77 reports in all.
Hugo lowercases its URLs, so a link's folders are matched to the folders on disk without regard to case."""
from __future__ import annotations

from pathlib import Path

import pathspec


class Ignored:
    def __init__(self, root: Path):
        self.root = root
        self._specs: dict[Path, pathspec.GitIgnoreSpec | None] = {}

    def __call__(self, written: str) -> bool:
        """Whether a .gitignore in a folder on the way to `written` (a path from the config's folder) names it."""
        parts = [p for p in written.split("/") if p not in ("", ".")]
        if ".." in parts:
            return False
        folder = self.root
        for i, part in enumerate(parts):
            spec = self._spec(folder)
            rest = "/".join(parts[i:]).lower()
            if spec is not None and (spec.match_file(rest) or spec.match_file(rest + "/")):   # a folder's page too
                return True
            folder = _child(folder, part)
            if folder is None:
                return False
        return False

    def _spec(self, folder: Path) -> pathspec.GitIgnoreSpec | None:
        if folder not in self._specs:
            try:
                lines = (folder / ".gitignore").read_text(encoding="utf-8").lower().splitlines()
            except (OSError, UnicodeDecodeError):
                lines = []
            self._specs[folder] = pathspec.GitIgnoreSpec.from_lines(lines) if lines else None
        return self._specs[folder]


def _child(folder: Path, name: str) -> Path | None:
    """The folder under `folder` named `name`, in any case, or None."""
    exact = folder / name
    if exact.is_dir():
        return exact
    try:
        return next((c for c in folder.iterdir() if c.is_dir() and c.name.lower() == name.lower()), None)
    except OSError:
        return None
