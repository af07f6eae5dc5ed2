"""Load and validate config.toml. Every path in it is relative to the config file's folder.

A wrong config stops with a ConfigError naming the file and the key, before anything is changed.
"""
from __future__ import annotations

import fnmatch
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import settings

KINDS = ("service", "support")
AUDIENCES = ("public", "internal")
DEFAULT_INCLUDE = settings.schema("corpora")["include"].default
DEFAULT_FRONT_MATTER_KEYS = tuple(settings.schema("corpora")["front_matter_keys"].default)


class ConfigError(ValueError):
    """The config file is missing, unreadable or wrong; the message names the file and key."""


@dataclass(frozen=True)
class Corpus:
    name: str
    description: str
    paths: tuple[Path, ...]
    audience: str
    public: tuple[str, ...] = ()
    internal: tuple[str, ...] = ()
    include: tuple[str, ...] = tuple(DEFAULT_INCLUDE)
    exclude: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    max_chunks_per_file: int | None = None          # None: the [chunking] limit
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS
    url_base: str = ""            # public URL of the corpus folder: documents link there instead of the app
    audience_key: str = "audience"      # the front-matter key that sets a page's audience; "" for none
    files: tuple[Path, ...] = ()        # files `paths` lists one by one: taken whatever include and exclude say
    listed: frozenset[str] = frozenset()     # the same, as cited (relative to the config folder)

    @property
    def roots(self) -> tuple[Path, ...]:
        """The folders the corpus reads from: its folders, and the folder of each file it lists."""
        return self.paths + tuple(dict.fromkeys(f.parent for f in self.files if f.parent not in self.paths))

    def takes(self, rel_path: str) -> bool:
        """Whether a file (relative to the config folder) under the corpus's folders is one of its files, by
        `include` (its name) and `exclude` (its path), as ingest/files.discover selects them, or one it lists."""
        if rel_path.replace("\\", "/") in self.listed:
            return True
        return self.includes(rel_path.replace("\\", "/").rsplit("/", 1)[-1]) and not self.excludes(rel_path)

    def includes(self, name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, g) for g in self.include)

    def excludes(self, rel_path: str) -> bool:
        return any(path_matches(rel_path, g) for g in self.exclude)

    def audience_for(self, rel_path: str) -> str:
        """Audience of a file from globs (relative to the config folder), else the corpus default."""
        if any(path_matches(rel_path, g) for g in self.internal):
            return "internal"
        if any(path_matches(rel_path, g) for g in self.public):
            return "public"
        return self.audience


def path_matches(rel_path: str, glob: str) -> bool:
    """Whether a path (relative to the config folder) matches a path glob; a glob without "/" matches a file name
    in any folder, as in .gitignore: `exclude = ["migrate-to-3.md"]` beside `include = ["migrate-to-3.md"]` (file
    name globs) matched nothing under `src/docs/`, and the page was refused as belonging to both corpora."""
    name = rel_path.rsplit("/", 1)[-1]
    return fnmatch.fnmatchcase(rel_path, glob) or "/" not in glob and fnmatch.fnmatchcase(name, glob)


@dataclass(frozen=True)
class Config:
    file: Path
    root: Path
    store_path: Path | None
    store_url: str | None
    corpora: dict[str, Corpus]
    chunk_max_tokens: int = 200
    chunk_min_tokens: int = 24
    max_chunks_per_section: int = settings.schema("chunking")["max_chunks_per_section"].default
    max_chunks_per_file: int | None = None
    max_file_mb: float = settings.schema("chunking")["max_file_mb"].default
    router: dict = field(default_factory=dict)
    retrieval: dict = field(default_factory=dict)
    log_path: Path | None = None
    log_retention_days: int = 90
    ui: dict = field(default_factory=dict)
    api: dict = field(default_factory=dict)
    answer: dict = field(default_factory=dict)
    keys_path: Path | None = None
    cache: Path | None = None

    @property
    def cache_path(self) -> Path:
        """Derived files a reader can rebuild (query encoder, persisted indexes): `store.cache`, else a
        folder next to an embedded store, else .kb/cache for a Chroma server."""
        if self.cache:
            return self.cache
        if self.store_path:
            return self.store_path.with_name(self.store_path.name + "-cache")
        return self.root / ".kb" / "cache"

    def rel(self, path: Path) -> str:
        """A path as cited: relative to the config folder, POSIX separators."""
        return Path(os.path.relpath(path, self.root)).as_posix()

    def corpus_roots(self) -> list[str]:
        """Every corpus folder as cited (`rel`): where a link between them is resolved (ingest/link_targets.py)."""
        return [self.rel(p) for c in self.corpora.values() for p in c.roots]


# Derived from the settings table (ingest/settings.py): table -> {key: type}.
_TOP = set(settings.tables())
_STORE, _CORPUS, _CHUNKING, _ROUTER, _RETRIEVAL, _LOG, _UI, _API, _ANSWER = (
    {name: st.type for name, st in settings.schema(t).items()}
    for t in ("store", "corpora", "chunking", "router", "retrieval", "log", "ui", "api", "answer"))
_ROUTER_WEIGHTS = {k: float for k in settings.ROUTER_WEIGHTS}
_ROUTER_EXAMPLES = {k: list for k in settings.ROUTER_EXAMPLES}


def _check_keys(table: dict, schema: dict | set, where: str, file: Path) -> None:
    for key, value in table.items():
        if key not in schema:
            allowed = ", ".join(sorted(schema))
            raise ConfigError(f"{file}: unknown key '{where}{key}' (allowed here: {allowed})")
        if isinstance(schema, dict):
            want = schema[key]
            ok = isinstance(value, want) or (want is float and isinstance(value, int))
            if not ok or (want is not bool and isinstance(value, bool)):
                article = "an" if want.__name__[0] in "aeiou" else "a"
                raise ConfigError(f"{file}: '{where}{key}' must be {article} {want.__name__}, got {value!r}")
            if want is list and not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{file}: '{where}{key}' must be a list of strings")


def _check_bounds(table: dict, name: str, file: Path) -> None:
    for key, value in table.items():
        rule = settings.schema(name)[key].minimum
        if rule and (value < 0 or (value == 0 and rule == "positive")):
            raise ConfigError(f"{file}: '{name}.{key}' must be {'zero or more' if rule == 'zero' else 'positive'}, "
                              f"got {value!r}")


def _load_corpus(name: str, table: dict, root: Path, file: Path) -> Corpus:
    where = f"corpora.{name}."
    if name not in KINDS:
        raise ConfigError(f"{file}: unknown corpus 'corpora.{name}' (corpora are {', '.join(KINDS)})")
    if not isinstance(table, dict):
        raise ConfigError(f"{file}: 'corpora.{name}' must be a table")
    _check_keys(table, _CORPUS, where, file)
    for key in ("description", "paths"):
        if key not in table:
            raise ConfigError(f"{file}: missing key '{where}{key}'")
    if not table["paths"]:
        raise ConfigError(f"{file}: '{where}paths' is empty")
    paths, files = [], []
    for p in table["paths"]:
        full = (root / p).resolve()
        if not full.exists():
            raise ConfigError(f"{file}: '{where}paths' entry '{p}' does not exist ({full})")
        # a file listed is taken as named (Servarr's wiki keeps its Sonarr home page beside the sonarr/ folder; three
        # testers of new sites listed such a page and were refused)
        (paths if full.is_dir() else files).append(full)
    if table.get("max_chunks_per_file", 1) <= 0:
        raise ConfigError(f"{file}: '{where}max_chunks_per_file' must be positive, "
                          f"got {table['max_chunks_per_file']!r}")
    if pathlike := [g for g in table.get("include", ()) if "/" in str(g)]:
        # a name glob with a folder in it matches no file: Traefik's `include = ["security/*.md"]` left its support
        # side without those 11 pages, and ingest said nothing
        raise ConfigError(f"{file}: '{where}include' matches file names, not paths: {pathlike[0]!r} can never "
                          f"match; choose folders with '{where}paths' (or leave out with '{where}exclude', whose "
                          "globs are paths relative to the config's folder)")
    audience = table.get("audience", "public")
    if audience not in AUDIENCES:
        raise ConfigError(f"{file}: '{where}audience' must be one of {AUDIENCES}, got {audience!r}")
    return Corpus(
        name=name, description=table["description"], paths=tuple(paths), audience=audience, files=tuple(files),
        listed=frozenset(Path(os.path.relpath(f, root)).as_posix() for f in files),
        public=tuple(table.get("public", ())), internal=tuple(table.get("internal", ())),
        include=tuple(table.get("include", DEFAULT_INCLUDE)), exclude=tuple(table.get("exclude", ())),
        examples=tuple(table.get("examples", ())), max_chunks_per_file=table.get("max_chunks_per_file"),
        front_matter_keys=tuple(k.lower() for k in table.get("front_matter_keys", DEFAULT_FRONT_MATTER_KEYS)),
        url_base=table.get("url_base", ""), audience_key=table.get("audience_key", "audience"),
    )


def _check_overlap(corpora: dict[str, Corpus], file: Path) -> None:
    """Folders two corpora share are refused unless one of them narrows what it takes (`include`, `exclude`): a
    site that keeps its troubleshooting page beside its how-to pages is split by file names. Then every file must
    still belong to one corpus, which ingest checks on the files themselves (files.shared)."""
    seen: list[tuple[Path, Corpus]] = []
    for corpus in corpora.values():
        for p in (*corpus.paths, *corpus.files):
            for other, owner in seen:
                if (p == other or p.is_relative_to(other) or other.is_relative_to(p)) and not (
                        _narrowed(corpus) or _narrowed(owner)):
                    raise ConfigError(
                        f"{file}: corpora paths overlap: '{p}' ({corpus.name}) and '{other}' ({owner.name}); "
                        "a file must belong to exactly one corpus (or narrow one with include or exclude)")
            seen.append((p, corpus))


def _narrowed(corpus: Corpus) -> bool:
    return bool(corpus.exclude) or tuple(corpus.include) != tuple(DEFAULT_INCLUDE)


def _check_api(api: dict, answer: dict, file: Path) -> None:
    if api.get("mcp_audience", "agent") not in ("customer", "agent"):
        raise ConfigError(f"{file}: 'api.mcp_audience' must be customer or agent, got {api['mcp_audience']!r}")
    mode = answer.get("mode", "extractive")
    if mode not in ("extractive", "llm"):
        raise ConfigError(f"{file}: 'answer.mode' must be extractive or llm, got {mode!r}")
    if mode == "llm":
        for key in ("base_url", "model"):
            if key not in answer:
                raise ConfigError(f"{file}: missing key 'answer.{key}' (needed when answer.mode = \"llm\")")
    if not answer.get("base_url", "http://").startswith(("http://", "https://")):
        raise ConfigError(f"{file}: 'answer.base_url' must start with http:// or https://, got {answer['base_url']!r}")


def _parse(data: dict, file: Path) -> Config:
    root = file.parent.resolve()
    _check_keys(data, _TOP, "", file)
    store = data.get("store", {})
    if not isinstance(store, dict):
        raise ConfigError(f"{file}: 'store' must be a table")
    _check_keys(store, _STORE, "store.", file)
    if "path" in store and "url" in store:
        raise ConfigError(f"{file}: set either 'store.path' or 'store.url', not both")
    if "url" in store and not store["url"].startswith(("http://", "https://")):
        raise ConfigError(f"{file}: 'store.url' must start with http:// or https://, got {store['url']!r}")
    store_path = None if "url" in store else root / store.get("path", settings.schema("store")["path"].default)

    corpora_table = data.get("corpora")
    if not isinstance(corpora_table, dict) or not corpora_table:
        raise ConfigError(f"{file}: missing table 'corpora' (define [corpora.service] and [corpora.support])")
    corpora = {name: _load_corpus(name, t, root, file) for name, t in corpora_table.items()}
    for kind in KINDS:
        if kind not in corpora:
            raise ConfigError(f"{file}: missing table 'corpora.{kind}'")
    _check_overlap(corpora, file)

    sections = {}
    for key, schema in (("chunking", _CHUNKING), ("router", _ROUTER), ("retrieval", _RETRIEVAL),
                        ("log", _LOG), ("ui", _UI), ("api", _API), ("answer", _ANSWER)):
        table = data.get(key, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{file}: '{key}' must be a table")
        _check_keys(table, schema, f"{key}.", file)
        _check_bounds(table, key, file)
        sections[key] = {**settings.defaults(key), **table}
    _check_keys(sections["router"].get("weights", {}), _ROUTER_WEIGHTS, "router.weights.", file)
    _check_keys(sections["router"].get("examples", {}), _ROUTER_EXAMPLES, "router.examples.", file)
    _check_api(sections["api"], sections["answer"], file)
    chunking, log = sections["chunking"], sections["log"]
    max_tokens = chunking["max_tokens"]
    if max_tokens > 254:
        raise ConfigError(f"{file}: 'chunking.max_tokens' must be at most 254 (the model window is 256)")
    return Config(
        file=file.resolve(), root=root, store_path=store_path, store_url=store.get("url"), corpora=corpora,
        chunk_max_tokens=max_tokens, chunk_min_tokens=chunking["min_tokens"],
        max_chunks_per_section=chunking["max_chunks_per_section"],
        max_chunks_per_file=chunking.get("max_chunks_per_file"), max_file_mb=chunking["max_file_mb"],
        router=sections["router"], retrieval=sections["retrieval"],
        log_path=root / log.get("path", settings.schema("log")["path"].default),
        log_retention_days=log["retention_days"], ui=sections["ui"],
        api=sections["api"], answer=sections["answer"],
        keys_path=root / sections["api"].get("keys_path", settings.schema("api")["keys_path"].default),
        cache=(root / store["cache"]) if "cache" in store else None,
    )


def load_config(path: str | os.PathLike | None = None) -> Config:
    """Read a config file (default: ./config.toml, or $KB_CONFIG) and validate it."""
    file = Path(path or os.environ.get("KB_CONFIG") or "config.toml")
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{file}: config file not found") from None
    except OSError as e:
        raise ConfigError(f"{file}: cannot read config file: {e.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{file}: not valid TOML: {e}") from None
    return _parse(data, file)
