"""Which corpora a bench run covers: a corpus is (config file, queries file, gold root), read from a suite file.

A suite file (TOML, paths relative to it) holds `[[corpus]]` tables with name, config, queries, root and
optionally `sections = true` (queries carry section gold), `origin` (a line for the report) and
`more_queries = [files]` (more query lines, e.g. the unanswerable questions of bench/unanswerable.jsonl; lines
naming another corpus are skipped there too).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .run_queries import load_queries


class SuiteError(ValueError):
    """A suite file that cannot be used; the message names the file and the entry."""


@dataclass
class CorpusSpec:
    name: str
    config: Path
    queries_file: Path
    root: Path                  # gold paths are relative to this folder
    sections: bool = False
    origin: str = ""
    nested: bool = False        # gold relative to <root>/<query corpus>/ instead (one config, several corpora)
    match_corpus: bool = True   # skip query lines naming another corpus
    more_files: tuple[Path, ...] = ()   # more query files (unanswerable questions), same rules

    def queries(self) -> list[dict]:
        """The queries of this corpus: lines naming another corpus are skipped, lines naming none are kept."""
        qs = [q for f in (self.queries_file, *self.more_files) for q in load_queries(f)]
        return [q for q in qs if q.get("corpus", self.name) == self.name] if self.match_corpus else qs


def load_suite(path: Path, only: list[str] | None = None) -> list[CorpusSpec]:
    path = Path(path).resolve()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise SuiteError(f"{path}: {e}") from None
    specs = []
    for n, entry in enumerate(data.get("corpus", []), 1):
        missing = [k for k in ("name", "config", "queries", "root") if k not in entry]
        if missing:
            raise SuiteError(f"{path}: corpus #{n} lacks {', '.join(missing)}")
        spec = CorpusSpec(entry["name"], (path.parent / entry["config"]).resolve(),
                          (path.parent / entry["queries"]).resolve(), (path.parent / entry["root"]).resolve(),
                          bool(entry.get("sections", False)), entry.get("origin", ""),
                          more_files=tuple((path.parent / f).resolve() for f in entry.get("more_queries", [])))
        specs.append(spec)
    if not specs:
        raise SuiteError(f"{path}: no [[corpus]] entries")
    if only:
        unknown = set(only) - {s.name for s in specs}
        if unknown:
            raise SuiteError(f"{path}: no corpus named {', '.join(sorted(unknown))}")
        specs = [s for s in specs if s.name in only]
    for spec in specs:      # only the chosen ones: the development set lives beside the project (../shared)
        for file in (spec.config, spec.queries_file, spec.root, *spec.more_files):
            if not file.exists():
                raise SuiteError(f"{path}: corpus {spec.name!r}: {file} does not exist")
    return specs
