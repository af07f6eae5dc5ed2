"""A reader's derived indexes persisted in the cache folder from config, one folder per corpus.

A new process loads them instead of reading every chunk from Chroma and tokenising it again (100k chunks:
minutes). `index/<corpus>/base-<id>/` holds a base segment as numpy arrays (vectors, term counts, term
columns, and texts with metadata as one JSON blob), opened as read-only memory maps, so a start reads only
what questions touch; it is written once, when a full read or a compaction makes a new base.
`index/<corpus>/current.pkl` is small and rewritten after every change: which base, its dead rows, the
delta segment, the vocabulary, the manifest generation and the live version of every file. The copy is
never trusted as it is: the reader brings it up to date through corpus_index.update(), which reads only
the files whose version moved. A copy of another schema or another store is ignored. Writes are atomic
(temp file or folder + rename), so readers racing to save are safe. The folder holds derived data only
(like the ONNX export), written by this program; deleting it costs one slow start.
"""
from __future__ import annotations

import json
import os
import pickle
import shutil
import tempfile
import threading
from pathlib import Path

import numpy as np

from .segment import LEVELS, Segment, StoredRows
from .term_index import TermCounts, TermIndex

KEEP_BASES = 2                    # other readers may still be opening the previous base
_ARRAYS = ("matrix", "indptr", "terms", "counts", "col_indptr", "col_rows", "col_tf", "lengths", "offsets", "public",
           "question_rows", "question_matrix",
           *(f"df_{level}" for level in LEVELS))
_ERRORS = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError, KeyError)


def folder_for(cache: Path, corpus: str) -> Path:
    return Path(cache) / "index" / corpus


def _segment(d: dict) -> Segment:
    return Segment(d["ids"], d["texts"], d["metas"], d["matrix"], TermCounts(d["indptr"], d["terms"], d["counts"]))


def _segment_fields(seg: Segment) -> dict:
    return {"ids": seg.ids, "texts": seg.texts, "metas": seg.metas, "matrix": np.ascontiguousarray(seg.matrix),
            "indptr": seg.terms.indptr, "terms": seg.terms.terms, "counts": seg.terms.counts}


def _load_base(folder: Path) -> Segment:
    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
    with open(folder / "ids.pkl", "rb") as f:
        ids = pickle.load(f)
    blob = np.load(folder / "rows.npy", mmap_mode="r")
    counts = TermCounts(arrays["indptr"], arrays["terms"], arrays["counts"])
    columns = TermIndex(counts, 0, (arrays["col_indptr"], arrays["col_rows"], arrays["col_tf"]), arrays["lengths"])
    columns.dfs = {level: np.asarray(arrays[f"df_{level}"]) for level in LEVELS}
    rows = StoredRows(blob, arrays["offsets"])
    seg = Segment(ids, rows.column(0), rows.column(1), arrays["matrix"], counts, columns)
    seg.__dict__["public"] = np.asarray(arrays["public"])      # the cached properties, without decoding metadata
    seg.__dict__["questions"] = (np.asarray(arrays["question_rows"]), np.asarray(arrays["question_matrix"]))
    return seg


def _rows_blob(seg: Segment) -> tuple[np.ndarray, np.ndarray]:
    parts = [json.dumps([t, m], ensure_ascii=False).encode() for t, m in zip(seg.texts, seg.metas)]
    offsets = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in parts], out=offsets[1:])
    return np.frombuffer(b"".join(parts), dtype=np.uint8), offsets


def load(cache: Path | None, corpus: str, store_id: str, schema: int) -> dict | None:
    """The saved fields of a corpus (base and delta as segments), or None when there is none for this
    store and schema, or it cannot be read."""
    if cache is None:
        return None
    folder = folder_for(cache, corpus)
    try:
        with open(folder / "current.pkl", "rb") as f:
            data = pickle.load(f)
        if not isinstance(data, dict) or data.get("schema") != schema or data.get("store") != store_id:
            return None
        data["base"] = _load_base(folder / f"base-{data['base_id']}")
        data["delta"] = _segment(data["delta"])
    except _ERRORS:
        return None
    return data


def _write_base(folder: Path, seg: Segment, vocab_size: int) -> None:
    if folder.exists():
        return
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".base-"))
    try:
        index = seg.index(vocab_size)
        for level in LEVELS:
            visible = seg.visible(level)
            index.level(np.flatnonzero(visible), (level, visible))       # fills index.dfs
        columns = {**index.arrays(), **{f"df_{level}": index.dfs[level] for level in LEVELS}}
        blob, offsets = _rows_blob(seg)
        arrays = {"matrix": np.ascontiguousarray(seg.matrix, dtype=np.float32), "indptr": seg.terms.indptr,
                  "terms": seg.terms.terms, "counts": seg.terms.counts, **columns, "rows": blob, "offsets": offsets,
                  "public": seg.public, "question_rows": seg.questions[0], "question_matrix": seg.questions[1]}
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", np.asarray(array))
        with open(tmp / "ids.pkl", "wb") as f:
            pickle.dump(list(seg.ids), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o755)          # other readers (another user, a server) load it too
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _prune(folder: Path, keep: str) -> None:
    bases = sorted((p for p in folder.glob("base-*") if p.name != keep), key=lambda p: p.stat().st_mtime)
    for old in bases[:max(len(bases) - (KEEP_BASES - 1), 0)]:
        shutil.rmtree(old, ignore_errors=True)


def save(cache: Path | None, corpus: str, store_id: str, schema: int, fields: dict, base: Segment,
         vocab_size: int) -> bool:
    """False when the cache folder cannot be written (the reader still works, only its next start is slower)."""
    if cache is None:
        return False
    folder = folder_for(cache, corpus)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_base(folder / f"base-{fields['base_id']}", base, vocab_size)
        data = {"schema": schema, "store": store_id, **fields, "delta": _segment_fields(fields["delta"])}
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(tmp, 0o644)
            os.replace(tmp, folder / "current.pkl")
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        _prune(folder, f"base-{fields['base_id']}")
    except OSError:
        return False
    return True


_saving: list[threading.Thread] = []
_saving_lock = threading.Lock()
_write_lock = threading.Lock()          # one save at a time per process, in the order they were asked for


def _save_in_order(*args) -> None:
    with _write_lock:
        save(*args)


def save_later(cache: Path | None, corpus: str, store_id: str, schema: int, fields: dict, base: Segment,
               vocab_size: int) -> None:
    """Save off the question's path. Not a daemon: a one-shot `kb ask` prints its answer, then the
    interpreter waits for the save before it exits."""
    thread = threading.Thread(target=_save_in_order, args=(cache, corpus, store_id, schema, fields, base, vocab_size),
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
