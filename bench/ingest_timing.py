"""Time the ingest the way an operator meets it: full build, no-op re-run, one file edited, then restored."""
from __future__ import annotations

import resource
import time
from pathlib import Path

from ingest.config import Config
from ingest.embedder import Embedder
from ingest.pipeline import discover, ingest

EDIT = "\n\nBenchmark edit: this paragraph was appended to time a one-file re-ingest.\n"


def _totals(summary: dict) -> dict:
    keys = ("added", "updated", "removed", "unchanged", "failed", "chunks_added", "chunks_removed")
    return {k: sum(r.get(k, 0) for r in summary["corpora"].values()) for k in keys}


def _timed(config: Config, embedder: Embedder, log=None) -> dict:
    def progress(corpus, done, total, path):
        if log and (done % 50 == 0 or done == total):
            log(f"ingest: {corpus} {done}/{total} files")
    t = time.perf_counter()
    summary = ingest(config, embedder=embedder, progress=progress)
    seconds = time.perf_counter() - t
    return {"seconds": round(seconds, 3), **_totals(summary), "failures": summary["failed"]}


def _file_to_edit(config: Config) -> Path:
    """The middle file of the first corpus that has any (a corpus may be empty: techqa's service side)."""
    for corpus in config.corpora.values():
        files = discover(config, corpus).files
        if files:
            return files[len(files) // 2]
    raise ValueError(f"{config.file}: no corpus has a file to edit")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run(config: Config, embedder: Embedder, log=print) -> dict:
    log("ingest: full build ...")
    full = _timed(config, embedder, log)
    log(f"ingest: {full['chunks_added']} chunks in {full['seconds']:.1f} s; no-op re-run ...")
    noop = _timed(config, embedder)
    path = _file_to_edit(config)
    before = path.read_bytes()
    path.write_bytes(before + EDIT.encode())
    log(f"ingest: one file edited ({config.rel(path)}) ...")
    one = _timed(config, embedder)
    path.write_bytes(before)
    restore = _timed(config, embedder)        # queries run against the unedited corpus
    built = full["chunks_added"]
    return {
        "full": full, "noop": noop, "one_file": one, "restore": restore, "edited_file": config.rel(path),
        "chunks": built, "files": full["added"] + full["updated"],
        "chunks_per_s": round(built / full["seconds"], 2) if built else None,
        "full_s": full["seconds"], "noop_s": noop["seconds"], "one_file_s": one["seconds"],
        "one_file_chunks_reembedded": one["chunks_added"], "peak_rss_mb": peak_rss_mb(),
    }
