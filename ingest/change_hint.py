"""Has anything been written to an embedded store since we last looked? SQLite's `data_version`, in microseconds.

A reader asks the manifest for the corpora's generations before every question (`Store.generations`): a Chroma
read of 1.1-1.7 ms, a tenth of a warm answer (bench.scale, 1k-100k chunks). An embedded Chroma keeps all it
serves (the manifest included) in one SQLite file, and every write, from this process or another, is a commit
to it. `PRAGMA data_version` (https://sqlite.org/pragma.html#pragma_data_version) on a connection of our own
changes whenever another connection has committed, so while it and the file's identity stand still, the
generations cannot have moved and the last read still holds. It only says "maybe changed", never "unchanged"
wrongly: any doubt (no file yet, an error, a file replaced) means "read again". A Chroma server has no file
here and is asked every time.
"""
from __future__ import annotations

import logging
import os
import sqlite3
import threading
from pathlib import Path

CHROMA_DB = "chroma.sqlite3"        # embedded Chroma's one database file (chromadb 1.x)
log = logging.getLogger(__name__)


class ChangeHint:
    """token() is equal between two calls only if nothing was committed to the store's database in between."""

    def __init__(self, store_path: Path):
        self.db = Path(store_path) / CHROMA_DB
        self._lock = threading.Lock()      # readers of one Store may sit in several threads (kb app, kb serve)
        self._conn: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None
        self._opened = 0                   # data_version counts per connection: a new one must not match an old token

    def token(self) -> tuple | None:
        """(device, inode, connection number, data_version) of the database now; None when that cannot be told."""
        with self._lock:
            try:
                st = os.stat(self.db)
                identity = (st.st_dev, st.st_ino)
                if self._conn is None or identity != self._identity:     # first look, or the file was replaced
                    self._open(identity)
                return (*identity, self._opened, self._version())
            except (OSError, sqlite3.Error) as e:
                log.debug("no change hint from %s: %s", self.db, e)
                self._close()
                return None

    def _version(self) -> int:
        # fetchall: the statement runs to its end, so no read lock outlives the call (a writer would wait for it)
        return self._conn.execute("PRAGMA data_version").fetchall()[0][0]

    def _open(self, identity: tuple[int, int]) -> None:
        self._close()
        # read-only, autocommit: it never writes and never holds a transaction open against a writer
        # (as_uri escapes a folder name holding "?" or "#")
        self._conn = sqlite3.connect(self.db.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None,
                                     check_same_thread=False)
        self._identity, self._opened = identity, self._opened + 1

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn, self._identity = None, None

    def close(self) -> None:
        with self._lock:
            self._close()
