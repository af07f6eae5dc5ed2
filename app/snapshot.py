"""One immutable snapshot per manifest generation: the retriever's views and the calibrated router.

A question works on one snapshot from start to end. When the generation moves (an ingest here or in
another process), the next question builds a new snapshot, reusing the views of corpora that did not
move, and swaps it in whole under a lock; questions already running finish on the old one. Nothing in a
snapshot changes after it is built, so readers need no lock to use one.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from ingest.config import Config
from ingest.embedder import Embedder
from ingest.store import Store, StoreError

from . import calibration
from .retrieval import Retriever
from .router import Router

log = logging.getLogger(__name__)


class NoIndexError(RuntimeError):
    """Nothing has been ingested yet (or the store cannot be read)."""


@dataclass(frozen=True)
class Snapshot:
    generations: dict[str, str]
    retriever: Retriever
    router: Router
    calibration: dict               # example vectors and evidence offsets (app/calibration.py)
    calibration_key: str
    calibration_stored: bool        # read from the store (True) or measured by this reader (False)


class Snapshots:
    """Holds the current snapshot of one store and replaces it when the manifest generation moves."""

    def __init__(self, config: Config, embedder: Embedder, settings: dict):
        self.config, self.embedder, self.settings = config, embedder, settings
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._current: Snapshot | None = None

    @property
    def store(self) -> Store:
        with self._lock:
            return self._open()

    def _open(self) -> Store:
        if self._store is None:
            try:
                self._store = Store(self.config)
            except StoreError as e:
                raise NoIndexError(str(e)) from None
        return self._store

    def current(self) -> Snapshot:
        """The snapshot of the store's current generation; NoIndexError before the first ingest."""
        with self._lock:
            store = self._open()
            try:
                generations = store.generations()
                snap = self._current
                if snap is None or snap.generations != generations:
                    snap = self._current = self._build(store, generations, snap)
            except StoreError as e:
                raise NoIndexError(str(e)) from None
        if not any(snap.retriever.chunk_count(c) for c in self.config.corpora):
            where = self.config.store_url or self.config.store_path
            raise NoIndexError(f"the index at {where} is empty: run `kb ingest` first")
        return snap

    def _build(self, store: Store, generations: dict[str, str], previous: Snapshot | None) -> Snapshot:
        t = time.perf_counter()
        for _ in range(3):   # a file switched between reading the manifest and the chunks: load again
            retriever = Retriever.load(store, self.settings, generations, previous.retriever if previous else None)
            latest = store.generations()
            if latest == generations:
                break
            generations = latest
        cal, key, stored = calibration.load_or_measure(store, retriever, generations, self.config, self.embedder,
                                                       previous.calibration if previous else None)
        snap = Snapshot(dict(generations), retriever, calibration.build_router(self.config, cal), cal, key, stored)
        log.info("snapshot for generations %s built in %.0f ms (calibration %s)", generations,
                 (time.perf_counter() - t) * 1000, "stored" if stored else "measured")
        return snap

    def save_calibration(self) -> None:
        """Store the calibration this process measured, so other readers need not (called after ingest)."""
        with self._lock:
            store = self._open()
            if calibration.stored_for(store, store.generations(), self.config, self.embedder.model_id):
                return                           # a no-op ingest: nothing to read or measure
        snap = self.current()
        if not snap.calibration_stored:
            with self._lock:
                calibration.save(self._open(), snap.calibration_key, snap.calibration)
