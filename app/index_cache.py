"""A reader's derived indexes persisted in the cache folder from config, one file per corpus.

A new process loads the file instead of reading every chunk from Chroma and tokenising it again (100k
chunks: minutes). The file is never trusted as it is: it records the manifest generation and the live
version of every file it holds, and the reader brings it up to date through corpus_index.update(), which
reads only the files whose version moved. A file of another schema or another store is ignored. Writes
are atomic (temp file + rename), so readers racing to save are safe. The folder holds derived data only
(like the ONNX export), written by this program; deleting it costs one slow start.
"""
from __future__ import annotations

import os
import pickle
import tempfile
import threading
from pathlib import Path


def file_for(cache: Path, corpus: str) -> Path:
    return Path(cache) / "index" / f"{corpus}.pkl"


def load(cache: Path | None, corpus: str, store_id: str, schema: int) -> dict | None:
    """The saved fields of a corpus, or None when there is none for this store and schema."""
    if cache is None:
        return None
    try:
        with open(file_for(cache, corpus), "rb") as f:
            data = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError):
        return None
    if not isinstance(data, dict) or data.get("schema") != schema or data.get("store") != store_id:
        return None
    return data


def save(cache: Path | None, corpus: str, store_id: str, schema: int, fields: dict) -> bool:
    """False when the cache folder cannot be written (the reader still works, only its next start is slower)."""
    if cache is None:
        return False
    target = file_for(cache, corpus)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump({"schema": schema, "store": store_id, **fields}, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(tmp, 0o644)          # other readers (another user, a server) load it too
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        return False
    return True


_saving: list[threading.Thread] = []
_saving_lock = threading.Lock()


def save_later(cache: Path | None, corpus: str, store_id: str, schema: int, fields: dict) -> None:
    """Save off the question's path. Not a daemon: a one-shot `kb ask` prints its answer, then the
    interpreter waits for the save before it exits."""
    thread = threading.Thread(target=save, args=(cache, corpus, store_id, schema, fields),
                              name=f"index-cache-{corpus}")
    thread.start()
    with _saving_lock:
        _saving[:] = [t for t in _saving if t.is_alive()] + [thread]


def wait_saved() -> None:
    """Block until the saves started in this process are written (after an ingest; tests, benches)."""
    while True:
        with _saving_lock:
            if not _saving:
                return
            thread = _saving.pop()
        thread.join()
