"""A throwaway copy of the benchmark corpus and config, so the bench can edit a file and own its store.

The copy mirrors absolute paths under the temp dir (/a/b/x.md -> TMP/mirror/a/b/x.md) and the config is
written at its mirrored place, so every relative path and audience glob in it means the same thing.
The store and the question log are pointed into the temp dir.
"""
from __future__ import annotations

import json
import os
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ingest.config import Config, load_config


def dump_toml(data: dict, prefix: str = "") -> str:
    """Minimal TOML writer for a config: strings, numbers, booleans, lists and nested tables."""
    def value(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        raise TypeError(f"cannot write {type(v).__name__} to TOML")

    scalars = [f"{json.dumps(k)} = {value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    lines = ([f"[{prefix}]"] if prefix and scalars else []) + scalars
    out = "\n".join(lines) + ("\n\n" if lines else "")
    for k, v in data.items():
        if isinstance(v, dict):
            out += dump_toml(v, f"{prefix}.{json.dumps(k)}" if prefix else json.dumps(k))
    return out


def _copy_tree(src: Path, dst: Path) -> None:
    """Copy contents only, not modes: the source may be read-only and the copy must be editable."""
    for dirpath, _, filenames in os.walk(src):
        target = dst / Path(dirpath).relative_to(src)
        target.mkdir(parents=True, exist_ok=True)
        for name in filenames:
            shutil.copyfile(Path(dirpath) / name, target / name)


@dataclass
class Workspace:
    tmp: Path
    original: Config
    config_file: Path            # the temp config, for `kb ask --config`

    @property
    def mirror(self) -> Path:
        return self.tmp / "mirror"

    def mirrored(self, path: Path) -> Path:
        return self.mirror / Path(path).resolve().relative_to("/")

    def unmirrored(self, path: Path) -> Path:
        """A path inside the copy -> the original path it stands for (anything else is returned as is)."""
        path = Path(os.path.normpath(path))
        return Path("/") / path.relative_to(self.mirror) if path.is_relative_to(self.mirror) else path

    def source_to_original(self, source: str) -> Path:
        """A cited `source` (relative to the temp config's folder) -> the original file."""
        return self.unmirrored(self.config_file.parent / source)

    def config(self) -> Config:
        return load_config(self.config_file)


def create(config_path: Path, tmp: Path) -> Workspace:
    original = load_config(config_path)
    ws = Workspace(tmp, original, Path())
    for corpus in original.corpora.values():
        for p in corpus.paths:
            _copy_tree(p, ws.mirrored(p))
    data = tomllib.loads(Path(config_path).read_text(encoding="utf-8"))
    data["store"] = {"path": str(tmp / "store")}
    data["log"] = {**data.get("log", {}), "path": str(tmp / "questions.sqlite")}
    ws.config_file = ws.mirrored(original.file)
    ws.config_file.parent.mkdir(parents=True, exist_ok=True)
    ws.config_file.write_text(dump_toml(data), encoding="utf-8")
    return ws
