"""Opening Chroma: a server named by `store.url`, else an embedded store in `store.path`, with the errors a user
can act on. ingest/store.py builds the schema on the client this returns."""
from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from .config import Config


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says which and why."""


def open_client(config: Config, create: bool):
    import chromadb
    from chromadb.config import Settings
    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    if config.store_url:
        url = urlparse(config.store_url)
        try:
            client = chromadb.HttpClient(host=url.hostname, port=url.port or (443 if url.scheme == "https" else 80),
                                         ssl=url.scheme == "https", settings=settings)
            client.heartbeat()
        except Exception as e:  # connection refused, DNS, TLS: all mean the same thing to a user
            raise StoreError(f"cannot reach the Chroma server at {config.store_url}: {e}") from None
        return client
    path = config.store_path
    if not create and not path.exists():
        raise StoreError(f"no index at {path}: run `kb ingest` first")
    ensure_folder(path)
    if create and not os.access(path, os.W_OK):
        raise StoreError(f"store path {path} is not writable")
    return _persistent(path, settings)


def ensure_folder(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"store path {path} cannot be created: {e.strerror}") from None


def _persistent(path: Path, settings):
    """An embedded client, retried when another process is creating the same new store: both run its first
    migration and the second fails with "table collections already exists" (two `kb ingest` started at once
    on a fresh store: one crashed in a clean-clone CI run of tests/test_concurrency.py)."""
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient
    for attempt in range(4):            # then a fifth try, whose error is raised
        try:
            return chromadb.PersistentClient(path=str(path), settings=settings)
        except Exception as e:  # chromadb.errors.InternalError
            if "already exists" not in str(e):
                raise
            # Chroma caches the system before starting it: drop the half-started one, or the retry reuses it
            SharedSystemClient._identifier_to_system.pop(str(path), None)
            time.sleep(0.2 * (attempt + 1))
    return chromadb.PersistentClient(path=str(path), settings=settings)


# Less room than this on the store's disk, and a failed write is a full disk: Chroma reports one as "Error in
# compaction: Failed to apply logs to the metadata segment" (an ingest stopped so mid-run, on a machine whose
# disk other jobs had filled; the CLI printed Chroma's traceback).
LOW_DISK_BYTES = 64 * 1024 * 1024


@contextmanager
def writing(config: Config) -> Iterator[None]:
    """A failed write to the store as a StoreError that says why, a full disk first."""
    from chromadb.errors import ChromaError
    try:
        yield
    except (ChromaError, OSError, sqlite3.Error) as e:
        raise StoreError(_write_failed(config, e)) from e


def _write_failed(config: Config, error: Exception) -> str:
    where = config.store_url or str(config.store_path)
    free = None if config.store_url else _free(config.store_path)
    if getattr(error, "errno", None) == errno.ENOSPC or (free is not None and free < LOW_DISK_BYTES):
        room = f" ({free / 1024 / 1024:.0f} MB free)" if free is not None else ""
        return (f"could not write to the store at {where}: its disk is full{room}. What was written before stays "
                "as it was; free some space and run `kb ingest` again to finish")
    return f"could not write to the store at {where}: {error}"


def _free(path: Path) -> int | None:
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return None
