"""Chroma storage: one chunk collection per corpus plus a manifest collection. This module owns the schema.

Chunk record   id "<source-hash>:<version>:<n>", metadata: corpus, source, title, section, anchor,
               start_line, end_line, audience, version, chunk, content_hash, tags, heading_path,
               head_vector (the heading path's own vector, packed: ingest/head_vectors.py), and, packed
               alike, question_vector where the chunk's own heading is a question and own_vector (its heading
               path below the title) where that is neither the title alone nor the question alone.
Manifest       "file:<corpus>:<source>" -> which version of a file is live (the atomic switch), and
               "state:<corpus>" -> a generation that changes on every switch, plus the last ingest summary.
               Every switch also counts a sequence number up (`seq`, on the state and the switched file's
               record; `retired_seq` on the state for the last removal), so a reader asks only for the file
               records switched since the number it last read (Store.files_since), not the whole list.
Keeping the manifest in Chroma means an embedded store and a Chroma server behave the same.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import time
import uuid
from pathlib import Path

from .change_hint import ChangeHint
from .chroma_client import StoreError, open_client, writing  # noqa: F401  StoreError: raised by both
from .config import Config

CHUNKS_PREFIX = "kb_"
MANIFEST = "kb_manifest"
_DUMMY = [1.0]          # manifest records carry no meaning in their vector
_BATCH = 1000
READ_PAGE = 5000        # chunks per read: far under SQLite's variable limit, few enough round trips
log = logging.getLogger(__name__)


def source_key(source: str) -> str:
    return hashlib.sha1(source.encode()).hexdigest()[:12]


def chunk_id(source: str, version: str, n: int) -> str:
    return f"{source_key(source)}:{version}:{n}"


def _writes(method):
    """A Store method that writes: its failure is a StoreError that says why (chroma_client.writing)."""
    @functools.wraps(method)
    def wrapped(self, *args, **kwargs):
        with writing(self.config):
            return method(self, *args, **kwargs)
    return wrapped


class Store:
    def __init__(self, config: Config, create: bool = False):
        self.config = config
        self.client = open_client(config, create)
        self._collections: dict[str, object] = {}
        self._seen: dict[str, str] | None = None
        self._states: dict[str, dict] | None = None
        self._hint = None if config.store_url else ChangeHint(config.store_path)
        self._token: tuple | None = None

    def _collection(self, name: str):
        if name not in self._collections:
            self._collections[name] = self.client.get_or_create_collection(
                name, embedding_function=None, metadata={"hnsw:space": "cosine"})
        return self._collections[name]

    def chunks(self, corpus: str):
        return self._collection(CHUNKS_PREFIX + corpus)

    @property
    def manifest(self):
        return self._collection(MANIFEST)

    # -- read side --------------------------------------------------------------------------------
    def generations(self) -> dict[str, str]:
        """One cheap read that tells a reader whether anything was switched since it last looked.
        Embedded store: when they moved, the client is re-opened, so this process sees what another
        process wrote (an embedded client keeps its own vector index and caches, which go stale).
        Embedded store: not read again while nothing was committed to it (ingest/change_hint.py)."""
        token = self._hint.token() if self._hint else None      # before the read: a commit after it shows next time
        if token is not None and token == self._token and self._seen is not None:
            return dict(self._seen)
        ids = [f"state:{c}" for c in self.config.corpora]
        got = self.manifest.get(ids=ids, include=["metadatas"])
        generations = {m["corpus"]: m.get("generation", "") for m in got["metadatas"]}
        if self._seen is not None and generations != self._seen:
            self.reopen()
        self._seen, self._token = generations, token
        self._states = {m["corpus"]: m for m in got["metadatas"]}
        return dict(generations)

    def reopen(self) -> None:
        """Embedded only: close this client and open a new one. Chroma shares one system per folder in a
        process and stops it when its last client closes, so the new client starts from what is on disk;
        while another client in this process (an ingest) still holds it, the shared system stays, which is
        right: what this process wrote, it sees."""
        if self.config.store_url:
            return
        log.debug("re-opening the embedded Chroma client at %s", self.config.store_path)
        self.close()
        self.client = open_client(self.config, create=False)

    def close(self) -> None:
        self._collections = {}
        self.client.close()
        if self._hint:
            self._hint.close()

    def states(self) -> dict[str, dict]:
        ids = [f"state:{c}" for c in self.config.corpora]
        got = self.manifest.get(ids=ids, include=["metadatas"])
        return {m["corpus"]: m for m in got["metadatas"]}

    def live_files(self, corpus: str) -> dict[str, dict]:
        """source -> manifest record of the live version."""
        got = self._paged(self.manifest, ["metadatas"], where={"$and": [{"kind": "file"}, {"corpus": corpus}]})
        return {m["source"]: m for m in got["metadatas"]}

    def file_seq(self, corpus: str) -> tuple[int | None, int]:
        """(the corpus's switch sequence number, the number of its last removal); None for a store written
        before sequence numbers (readers then read the whole file list)."""
        # the state records of the last generations() read: the generation a reader is loading (a switch
        # after it moves the generation, and the reader's check after loading reads again)
        states = self._states if self._states is not None else self.states()
        state = states.get(corpus, {})
        return state.get("seq"), state.get("retired_seq", -1)

    def files_since(self, corpus: str, seq: int) -> dict[str, str]:
        """source -> live version of the files switched after sequence number `seq` (a filtered read)."""
        where = {"$and": [{"kind": "file"}, {"corpus": corpus}, {"seq": {"$gt": seq}}]}
        return {m["source"]: m["version"] for m in self._paged(self.manifest, ["metadatas"], where=where)["metadatas"]}

    def live_versions(self, corpus: str) -> dict[str, str]:
        """source -> version of its live file record."""
        return {s: m["version"] for s, m in self.live_files(corpus).items()}

    def live_chunks(self, corpus: str) -> list[tuple[str, str, dict, list[float]]]:
        """(id, text, metadata, vector) of every chunk of a live file version: what readers may use."""
        live = self.live_versions(corpus)
        got = self.snapshot(corpus, ["documents", "metadatas", "embeddings"])
        rows = zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"])
        return [(i, t, m, v) for i, t, m, v in rows if m is not None and live.get(m["source"]) == m["version"]]

    def derived(self, name: str) -> tuple[str, str] | None:
        """(key, payload) of data derived from the index and stored beside it (e.g. router calibration)."""
        got = self.manifest.get(ids=[f"derived:{name}"], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        return got["metadatas"][0].get("key", ""), got["documents"][0]

    @_writes
    def save_derived(self, name: str, key: str, payload: str) -> None:
        self.manifest.upsert(ids=[f"derived:{name}"], embeddings=[_DUMMY], documents=[payload],
                             metadatas=[{"kind": "derived", "name": name, "key": key}])

    def snapshot(self, corpus: str, include: list[str]) -> dict:
        """Every chunk of a corpus (read again on a record deleted meanwhile, see _retried)."""
        return self._retried(lambda: self._read_pages(corpus, include))

    def get(self, corpus: str, **kwargs) -> dict:
        """A filtered read of a corpus's chunks (`Collection.get` arguments, `ids` in batches and results in
        pages of READ_PAGE, see _paged), retried like snapshot()."""
        return self._retried(lambda: self._paged(self.chunks(corpus), **kwargs))

    def _retried(self, read):
        """A Chroma server (1.5.9) can fail a read with "Error finding id" when a record is deleted while
        the read runs (an ingest in another process), and an embedded client opened before another process
        deleted records fails the same way until re-opened; read again."""
        for attempt in range(6):
            try:
                return read()
            except Exception as e:  # chromadb.errors.InternalError
                if "Error finding id" not in str(e) or attempt == 5:
                    raise
                time.sleep(0.05 * (attempt + 1))
                self.reopen()       # embedded: the error sticks to a stale client until it is re-opened

    def _read_pages(self, corpus: str, include: list[str]) -> dict:
        """Every chunk of a corpus, in pages (see _paged)."""
        return self._paged(self.chunks(corpus), include)

    @staticmethod
    def _paged(col, include: list[str] | None = None, ids: list[str] | None = None, where: dict | None = None) -> dict:
        """One get() returning 50k records failed in embedded Chroma 1.5.9 with "too many SQL variables"
        (bench/scale.py at 100k chunks), and so does one passing that many ids: ids go in batches and
        results come in pages of READ_PAGE. A switch while paging is caught by the caller's generation
        check, as for a single read."""
        include = ["metadatas", "documents"] if include is None else include
        out = {"ids": [], **{k: [] for k in include}}

        def add(got):
            for k in out:
                out[k].extend(got[k] if got[k] is not None else [])
            return len(got["ids"])
        if ids is not None:
            for i in range(0, len(ids), READ_PAGE):
                add(col.get(ids=ids[i:i + READ_PAGE], where=where, include=include))
            return out
        offset = 0
        while add(col.get(where=where, include=include, limit=READ_PAGE, offset=offset)) == READ_PAGE:
            offset += READ_PAGE
        return out

    def is_empty(self) -> bool:
        return all(self.chunks(c).count() == 0 for c in self.config.corpora)

    # -- write side -------------------------------------------------------------------------------
    @_writes
    def write_chunks(self, corpus: str, ids, embeddings, documents, metadatas) -> None:
        col = self.chunks(corpus)
        for i in range(0, len(ids), _BATCH):
            s = slice(i, i + _BATCH)
            col.upsert(ids=ids[s], embeddings=embeddings[s], documents=documents[s], metadatas=metadatas[s])

    @_writes
    def switch(self, corpus: str, source: str, record: dict) -> None:
        """Make `record["version"]` the live version of a file: one upsert, with a new generation."""
        state = self._state_meta(corpus)
        file_meta = {**record, "kind": "file", "corpus": corpus, "source": source, "seq": state["seq"]}
        self.manifest.upsert(ids=[f"file:{corpus}:{source}", f"state:{corpus}"],
                             embeddings=[_DUMMY, _DUMMY], documents=[source, corpus],
                             metadatas=[file_meta, state])

    @_writes
    def retire(self, corpus: str, source: str) -> None:
        """Take a file out of the live set (its chunks are deleted after). Like switch(), one upsert that
        also moves the generation, so a reader never keeps serving a removed file after a crash here."""
        file_id = f"file:{corpus}:{source}"
        state = self._state_meta(corpus)
        state["retired_seq"] = state["seq"]
        self.manifest.upsert(ids=[file_id, f"state:{corpus}"], embeddings=[_DUMMY, _DUMMY],
                             documents=[source, corpus],
                             metadatas=[{"kind": "retired", "corpus": corpus, "source": source}, state])
        self.manifest.delete(ids=[file_id])

    @_writes
    def delete_versions(self, corpus: str, source: str, keep: str | None = None) -> None:
        where = {"source": source} if keep is None else {"$and": [{"source": source}, {"version": {"$ne": keep}}]}
        self.chunks(corpus).delete(where=where)

    @_writes
    def sweep(self, corpus: str, live: dict[str, str]) -> int:
        """Delete chunks whose (source, version) is not live: what a crash mid-ingest leaves behind."""
        got = self._read_pages(corpus, ["metadatas"])
        stale = [i for i, m in zip(got["ids"], got["metadatas"]) if live.get(m["source"]) != m["version"]]
        for i in range(0, len(stale), _BATCH):
            self.chunks(corpus).delete(ids=stale[i:i + _BATCH])
        return len(stale)

    @_writes
    def save_run(self, corpus: str, summary: dict, failed: list[dict]) -> None:
        meta = self._state_meta(corpus, keep_generation=True)
        meta.update(last_ingest=time.strftime("%Y-%m-%dT%H:%M:%S%z"), summary=json.dumps(summary),
                    failed=json.dumps(failed))
        self.manifest.upsert(ids=[f"state:{corpus}"], embeddings=[_DUMMY], documents=[corpus], metadatas=[meta])

    def _state_meta(self, corpus: str, keep_generation: bool = False) -> dict:
        got = self.manifest.get(ids=[f"state:{corpus}"], include=["metadatas"])
        meta = dict(got["metadatas"][0]) if got["metadatas"] else {"kind": "state", "corpus": corpus}
        if not keep_generation or "generation" not in meta:
            meta["generation"] = uuid.uuid4().hex
            meta["seq"] = int(meta.get("seq", 0)) + 1
        return meta

    # -- the ingest lease lives in ingest/lease.py; these two keep the Store the one handle writers use ----
    def acquire_lease(self, holder: str, ttl_s: float = 120.0, settle_s: float = 0.5) -> None:
        from .lease import acquire
        acquire(self, holder, ttl_s, settle_s)

    def release_lease(self, holder: str) -> None:
        from .lease import release
        release(self, holder)


def store_exists(config: Config) -> bool:
    return bool(config.store_url) or Path(config.store_path).exists()
