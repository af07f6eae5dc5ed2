"""A lease so two ingests never write at once, in embedded and server mode alike.

The holder is "<hostname>:<pid>:<nonce>". A lease whose holder ran on this host and is gone (kill -9,
power cut of a container) counts as expired at once, so a re-run never waits for the TTL. Two processes
that read "free" at the same moment both write; each then re-reads after a pause and only the last writer
goes on. In embedded mode an OS lock on a file in the store folder also serialises ingests strictly (the
kernel frees it when the holder dies).
"""
from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from pathlib import Path

from .chroma_client import ensure_folder
from .store import _DUMMY, Store, StoreError

log = logging.getLogger(__name__)
RENEW_EVERY_S = 20.0          # well inside the 120 s TTL, so a slow embedding batch never loses the lease


def new_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def current(store: Store) -> dict | None:
    got = store.manifest.get(ids=["lease"], include=["metadatas"])
    return dict(got["metadatas"][0]) if got["metadatas"] else None


def lock_folder(store_path: Path, holder: str) -> int:
    """The OS lock on the embedded store's ingest.lock (its descriptor); StoreError when another ingest has it.
    The ingest takes it before it opens Chroma (pipeline.Ingestor): a second ingest that opened the folder first
    and only then met the lock could crash on SQLite's "database is locked" while the first one wrote (seen once
    under load in tests/test_concurrency.py) instead of being refused."""
    import fcntl
    ensure_folder(store_path)
    fd = os.open(Path(store_path) / "ingest.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        other = os.pread(fd, 200, 0).decode(errors="replace").strip() or "unknown holder"
        os.close(fd)
        raise StoreError(f"another ingest is running ({other}); try again when it ends") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, holder.encode(), 0)
    return fd


def _lock_file(store: Store, holder: str) -> None:
    if store.config.store_url or getattr(store, "_lock_fd", None) is not None:
        return
    store._lock_fd = lock_folder(store.config.store_path, holder)


def _unlock_file(store: Store) -> None:
    fd = getattr(store, "_lock_fd", None)
    if fd is not None:
        store._lock_fd = None
        os.close(fd)        # closing releases the flock


def acquire(store: Store, holder: str, ttl_s: float = 120.0, settle_s: float = 0.5) -> None:
    """Take the lease or renew our own; StoreError when another live ingest holds it."""
    _lock_file(store, holder)
    try:
        now = time.time()
        m = current(store)
        renewing = m is not None and m["holder"] == holder
        if m and not renewing and m["expires"] > now and holder_alive(m["holder"]) is not False:
            raise StoreError(f"another ingest is running ({m['holder']}, since "
                             f"{time.strftime('%H:%M:%S', time.localtime(m['since']))}); try again when it ends")
        if m and not renewing:
            log.info("taking over an expired or orphaned ingest lease from %s", m["holder"])
        since = m["since"] if renewing else now
        store.manifest.upsert(ids=["lease"], embeddings=[_DUMMY], documents=["lease"],
                              metadatas=[{"kind": "lease", "holder": holder, "since": since, "expires": now + ttl_s}])
        if not renewing:
            time.sleep(settle_s)            # let a simultaneous starter's write land, then see who won
            m = current(store)
            if not m or m["holder"] != holder:
                raise StoreError(f"another ingest is running ({m['holder'] if m else 'unknown holder'}, "
                                 "started at the same moment); try again when it ends")
    except BaseException:
        if getattr(store, "_lock_fd", None) is not None and not getattr(store, "_leased", False):
            _unlock_file(store)
        raise
    store._leased = True


def release(store: Store, holder: str) -> None:
    try:
        m = current(store)
        if m and m["holder"] == holder:
            store.manifest.delete(ids=["lease"])
    finally:
        store._leased = False
        _unlock_file(store)


class Lease:
    """The ingest's lease: taken on enter, renewed at most every RENEW_EVERY_S, released on exit."""

    def __init__(self, store: Store, holder: str | None = None):
        self.store, self.holder = store, holder or new_holder()
        self._at = 0.0

    def __enter__(self) -> Lease:
        self.store.acquire_lease(self.holder)
        self._at = time.monotonic()
        return self

    def renew(self) -> None:
        if time.monotonic() - self._at > RENEW_EVERY_S:
            self.store.acquire_lease(self.holder)
            self._at = time.monotonic()

    def __exit__(self, *exc) -> None:
        self.store.release_lease(self.holder)


def holder_alive(holder: str) -> bool | None:
    """Whether a lease holder "<host>:<pid>:<nonce>" still runs: True/False on this host, None elsewhere."""
    rest = holder.split(":")
    try:
        host, pid = ":".join(rest[:-2]), int(rest[-2])
    except (ValueError, IndexError):
        return None
    if host != socket.gethostname():
        return None
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:   # a killed child its parent has not reaped yet is a zombie: it holds nothing
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def locked_store(config, holder: str) -> Store:
    """The store, opened for writing only once this process holds the embedded folder's ingest lock."""
    if config.store_url:
        return Store(config, create=True)
    fd = lock_folder(config.store_path, holder)
    try:
        store = Store(config, create=True)
    except BaseException:
        os.close(fd)
        raise
    store._lock_fd = fd         # the lease keeps it and releases it with the lease
    return store
