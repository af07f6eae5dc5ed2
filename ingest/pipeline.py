"""Incremental ingest: find files, skip unchanged ones, (re)embed changed ones, switch them live, drop deleted ones.

Per file, in this order: write the new version's chunks, switch the manifest to the new version (one
upsert), delete the old version's chunks. Readers only trust chunks whose version the manifest calls
live, so a crash at any point leaves the old or the new file visible, never both; the next run sweeps
what a crash left behind. A file that fails keeps its previous live version.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import html_tables, includes, partials
from .cascade import Cascades
from .chunking import EMBED_FORMAT, chunk_document
from .config import AUDIENCES, Config, Corpus
from .embedder import Embedder
from .files import EmptyFile, Found, NotText, discover, is_page, left_out, read_text, shared, unserved
from .frontmatter import tags_of, unread
from .hidden_pages import hidden, not_found
from .lease import Lease, locked_store, new_holder
from .link_targets import Targets
from .links import check_links
from .markdown import ParseError, parse
from .noise import Limits, Skipped, Ticker, drop_noise, estimate_chunks
from .records import Prepared, records
from .site_nav import SiteNav
from .store import Store

EMBED_BATCH_CHUNKS = 64          # embed several small files together: far better throughput
log = logging.getLogger(__name__)
Progress = Callable[[str, int, int, str], None]   # (corpus, done, total, path)
Note = Callable[[str], None]                      # a progress line for people (stderr)


@dataclass
class CorpusReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: int = 0
    chunks_added: int = 0
    chunks_removed: int = 0
    swept: int = 0
    failures: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)   # fine files with nothing to index: not failures
    dropped: list[dict] = field(default_factory=list)   # per file: noise left out of the index
    note: str = ""                                      # why nothing was found, when nothing was

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


class Ingestor:
    def __init__(self, config: Config, store: Store | None = None, embedder: Embedder | None = None,
                 progress: Progress | None = None, note: Note | None = None):
        self.config = config
        holder = new_holder()
        self.store = store or locked_store(config, holder)
        self.embedder = embedder or Embedder()
        self.progress = progress or (lambda *a: None)
        self.ticker = Ticker(note)
        self._skipped_before: dict[str, dict] = {}      # path -> {"version", "reason"} of the last run
        self.lease = Lease(self.store, holder)
        self.found: dict[str, list[Path]] = {}          # corpus -> files discovered this run (for the link check)
        self.scope = includes.Scope((config.root,))
        self.partials: dict[Path, Path] | None = None   # partial -> a page including it, every corpus (includes.py)
        self.targets: Targets | None = None              # every corpus's files, to resolve links against
        self._discovered: dict[str, Found] = {}
        self.cascades = Cascades([p for c in config.corpora.values() for p in c.roots])
        self.site_nav = SiteNav([p for c in config.corpora.values() for p in c.roots])

    def _discover(self, corpus: Corpus) -> Found:
        """discover() once per corpus and run: the partials pass reads every corpus's files before ingesting."""
        if corpus.name not in self._discovered:
            self._discovered[corpus.name] = discover(self.config, corpus)
        return self._discovered[corpus.name]

    def _version(self, rel: str, text: str, audience: str, keys: tuple[str, ...], *more: str) -> str:
        """A hash of everything a file's chunks come from; `more`: what else decides (included as a partial,
        hidden by a section's cascade)."""
        h = hashlib.sha256()
        for part in (self.embedder.model_id, EMBED_FORMAT, str(self.config.chunk_max_tokens),
                     str(self.config.chunk_min_tokens), ",".join(keys), audience, rel, text, *more):
            h.update(part.encode("utf-8", "surrogatepass") + b"\x00")
        return h.hexdigest()[:16]

    def _pages(self, rel: str):
        """Whether a link in `rel` leads to another page of the knowledge base (ingest/noise.py)."""
        def other_page(href: str) -> bool:
            found = self.targets.page(rel, href) if self.targets is not None else None
            return found is not None and found != rel
        return other_page

    def _prepare(self, corpus: Corpus, path: Path, live: dict[str, dict]) -> Prepared | None:
        """None when the file is unchanged; raises ParseError when it is unusable."""
        rel = self.config.rel(path)
        try:
            raw = read_text(path, self.config.max_file_mb)
        except NotText as e:
            if is_page(path.name):
                raise
            raise Skipped(f"not a page: {e}; include matched a file of no page kind") from None
        text, line_of = includes.expand(raw, path, self.scope)
        including = (self.partials or {}).get(path.resolve())
        inherited = self.cascades.for_page(path)
        off_nav, nav_title = self.site_nav.left_out(path), self.site_nav.title(path)
        version = self._version(rel, text, corpus.audience_for(rel), corpus.front_matter_keys,
                                *(["partial"] if including else []), *([repr(inherited)] if inherited else []),
                                *([off_nav] if off_nav else []), *([f"nav: {nav_title}"] if nav_title else []))
        if live.get(rel, {}).get("version") == version:
            return None
        before = self._skipped_before.get(rel, {})
        if before.get("version") == version:       # skipped last time and unchanged: not worth parsing again
            raise Skipped(before["reason"], version)
        if including:
            raise Skipped(f"partial: no title of its own, included by {self.config.rel(including)}", version)
        if why := unserved(rel):
            raise Skipped(why, version)
        if off_nav:
            raise Skipped(off_nav, version)
        self.ticker.large_file(corpus.name, rel, len(text))
        text, line_of = html_tables.widened(text, line_of)      # only for a file to read again (tables are parsed)
        doc = parse(text, rel, corpus.front_matter_keys, nav_title)
        why = hidden({**inherited, **doc.meta})
        if why:
            raise Skipped(f"hidden: its front matter keeps it out of the site's search ({why})", version)
        if why := not_found(rel, doc.meta):
            raise Skipped(f"not-found page: the site shows it only for a missing address ({why})", version)
        key = corpus.audience_key
        audience = doc.meta.get(key, corpus.audience_for(rel)) if key else corpus.audience_for(rel)
        if audience not in AUDIENCES:
            # Kinde's docs write the reader they address (`audience: developers`): 112 of 113 pages failed, and the
            # owner had no way but editing every page. A wrong value is not guessed at: it may mean internal.
            raise ParseError(f"front matter '{key}' must be public or internal, got {audience!r}; if the site uses "
                             f"'{key}' for something else, set corpora.{corpus.name}.audience_key = \"\" (or to "
                             "the key that holds public | internal)")
        limits = Limits(self.config.max_chunks_per_section,
                        corpus.max_chunks_per_file or self.config.max_chunks_per_file)
        estimate_chunks(doc, self.embedder.counter, self.config.chunk_max_tokens, limits, corpus.name)
        chunks = chunk_document(doc, self.embedder.counter, self.config.chunk_max_tokens,
                                self.config.chunk_min_tokens)
        try:
            chunks, noise = drop_noise(chunks, doc.dropped, limits, corpus.name, self._pages(rel))
        except Skipped as e:
            keys = unread(doc.meta, corpus.front_matter_keys) if str(e).startswith("empty") else []
            hint = (f"; its front matter holds text under {', '.join(f'`{k}`' for k in keys)}: name "
                    f"{'it' if len(keys) == 1 else 'them'} in corpora.{corpus.name}.front_matter_keys to index it"
                    if keys else "")
            raise Skipped(str(e) + hint, version) from None
        if line_of:                                 # included text cites the line of its directive
            chunks = [replace(c, start_line=line_of[c.start_line - 1] + 1, end_line=line_of[c.end_line - 1] + 1)
                      for c in chunks]
        return Prepared(rel, version, doc.title, audience, tags_of(doc.meta), chunks,
                        int(live[rel].get("chunks", 0)) if rel in live else None, noise)

    def _commit(self, corpus: str, batch: list[Prepared], report: CorpusReport) -> None:
        """Embed a batch of files together, then switch each file live one at a time."""
        for p, ids, vectors, metas in records(corpus, batch, self.embedder):
            n = len(p.chunks)
            self.lease.renew()
            self.store.write_chunks(corpus, ids, vectors, [c.text for c in p.chunks], metas)
            self.store.switch(corpus, p.source, {"version": p.version, "chunks": n, "title": p.title,
                                                 "audience": p.audience, "model": self.embedder.model_id,
                                                 "ingested_at": time.time()})
            self.store.delete_versions(corpus, p.source, keep=p.version)
            report.chunks_added += n
            if p.replaces is None:
                report.added += 1
            else:
                report.updated += 1
                report.chunks_removed += p.replaces

    def _skip(self, corpus: str, rel: str, e: Skipped, live: dict[str, dict], report: CorpusReport) -> None:
        """A file with nothing to index: reported, and an earlier version of it leaves the index."""
        report.skipped.append({"path": rel, "reason": str(e), "version": e.version})
        if rel in live:
            self.store.retire(corpus, rel)
            self.store.delete_versions(corpus, rel)
            report.removed += 1
            report.chunks_removed += int(live[rel].get("chunks", 0))

    def ingest_corpus(self, corpus: Corpus) -> CorpusReport:
        report = CorpusReport()
        discovered = self._discover(corpus)
        files, refused = discovered.files, discovered.refused
        self.found[corpus.name] = files
        self.scope = includes.scope_for(self.config, corpus)
        if self.partials is None:   # once a run, over every corpus: a page of one may include a partial of another
            self.partials = partials.every_partial(self.config, lambda c: self._discover(c).files)
        if self.targets is None:    # where links lead: every corpus's files
            self.targets = Targets([self.config.rel(p) for c in self.config.corpora.values()
                                    for p in self._discover(c).files], self.config.corpus_roots())
        report.failures.extend(refused)
        report.note = "" if refused else left_out(corpus, discovered)
        live = self.store.live_files(corpus.name)
        last = json.loads(self.store.states().get(corpus.name, {}).get("summary", "{}"))
        self._skipped_before = {f["path"]: f for f in last.get("skipped", []) if f.get("version")}
        batch: list[Prepared] = []
        seen: set[str] = set()
        for done, path in enumerate(files, 1):
            rel = self.config.rel(path)
            seen.add(rel)
            self.progress(corpus.name, done, len(files), rel)
            # files done before this one, chunks of them (written or waiting for the batch): "1/2 files, 0 chunks"
            # while the first file's 25 chunks waited read as if nothing had been indexed (Overseerr's docs)
            self.ticker.tick(corpus.name, done - 1, len(files), report.chunks_added + sum(len(p.chunks) for p in batch))
            try:
                prepared = self._prepare(corpus, path, live)
            except Skipped as e:
                self._skip(corpus.name, rel, e, live, report)
                continue
            except EmptyFile as e:
                if rel in live:         # indexed before: a save cut short, so its previous version stays
                    report.failures.append({"path": rel, "reason": f"{e}; its previous version is kept"})
                else:                   # a placeholder page (Frigate's empty api.md had made ingest exit 1)
                    report.skipped.append({"path": rel, "reason": f"empty: {e}"})
                continue
            except ParseError as e:
                report.failures.append({"path": rel, "reason": str(e)})
                continue
            if prepared is None:
                report.unchanged += 1
                continue
            if prepared.noise:
                report.dropped.append({"path": rel, **prepared.noise})
            batch.append(prepared)
            if sum(len(p.chunks) for p in batch) >= EMBED_BATCH_CHUNKS:
                self._commit(corpus.name, batch, report)
                batch = []
        if batch:
            self._commit(corpus.name, batch, report)
        # Live files the config no longer selects leave the index, whether deleted, excluded, moved out of
        # `paths` or refused (a symlink now pointing outside): the live set is exactly what the config selects.
        for source in sorted(set(live) - seen):
            log.info("removing %s from %s: no longer selected by the config", source, corpus.name)
            self.store.retire(corpus.name, source)
            self.store.delete_versions(corpus.name, source)
            report.removed += 1
            report.chunks_removed += int(live[source].get("chunks", 0))
        live_now = {s: m["version"] for s, m in self.store.live_files(corpus.name).items()}
        report.swept = self.store.sweep(corpus.name, live_now)
        report.failed = len(report.failures)
        if files and not live_now:
            # its files found, none indexed: every question routed here finds nothing (Pixelfed's support side,
            # its 6 pages failed, answered from service without a word)
            none = (f"none of its {len(files)} file{'' if len(files) == 1 else 's'} is indexed (see FAILED "
                    "and SKIPPED below): this side answers nothing until one is")
            report.note = f"{report.note}; {none}" if report.note else none
        return report

    def run(self) -> dict:
        started = time.perf_counter()
        reports = {}
        self._discovered, self.partials, self.targets = {}, None, None    # a run sees the files as they are now
        with self.lease:
            shared(self.config, {name: self._discover(c).files for name, c in self.config.corpora.items()})
            for name, corpus in self.config.corpora.items():
                t = time.perf_counter()
                report = self.ingest_corpus(corpus)
                reports[name] = {**report.as_dict(), "seconds": round(time.perf_counter() - t, 3)}
            # Links may cross corpora, so they are checked once all files are known. Reported, never failed
            # on: a broken link is the owner's to fix, and the rest is still worth serving.
            links = check_links(self.config, self.found)
            for name, summary in reports.items():
                summary["broken_links"] = links[name]
                self.store.save_run(name, {k: v for k, v in summary.items() if k != "failures"},
                                    summary["failures"])
        failed = [dict(f, corpus=c) for c, r in reports.items() for f in r["failures"]]
        skipped = [dict(f, corpus=c) for c, r in reports.items() for f in r["skipped"]]
        dropped = [dict(f, corpus=c) for c, r in reports.items() for f in r["dropped"]]
        broken = [dict(f, corpus=c) for c, r in reports.items() for f in r["broken_links"]]
        return {"corpora": reports, "failed": failed, "skipped": skipped, "dropped": dropped,
                "broken_links": broken, "ok": not failed,
                "seconds": round(time.perf_counter() - started, 3)}


def ingest(config: Config, progress: Progress | None = None, embedder: Embedder | None = None,
           note: Note | None = None) -> dict:
    """Bring the store in line with the files on disk; returns the summary. `note` gets progress lines."""
    ingestor = Ingestor(config, embedder=embedder, progress=progress, note=note)
    try:
        return ingestor.run()
    finally:
        ingestor.store.close()      # the last client on an embedded folder stops Chroma's system for it
