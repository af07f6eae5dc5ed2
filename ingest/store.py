"""Chroma storage: one chunk collection per corpus plus a manifest collection. This module owns the schema.

Chunk record   id "<source-hash>:<version>:<n>", metadata: corpus, source, title, section, anchor,
               start_line, end_line, audience, version, chunk, content_hash, tags.
Manifest       "file:<corpus>:<source>" -> which version of a file is live (the atomic switch), and
               "state:<corpus>" -> a generation that changes on every switch, plus the last ingest summary.
Keeping the manifest in Chroma means an embedded store and a Chroma server behave the same.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

from .config import Config

CHUNKS_PREFIX = "kb_"
MANIFEST = "kb_manifest"
_DUMMY = [1.0]          # manifest records carry no meaning in their vector
_BATCH = 1000


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says which and why."""


def source_key(source: str) -> str:
    return hashlib.sha1(source.encode()).hexdigest()[:12]


def chunk_id(source: str, version: str, n: int) -> str:
    return f"{source_key(source)}:{version}:{n}"


def _client(config: Config, create: bool):
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
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"store path {path} cannot be created: {e.strerror}") from None
    if create and not os.access(path, os.W_OK):
        raise StoreError(f"store path {path} is not writable")
    return chromadb.PersistentClient(path=str(path), settings=settings)


class Store:
    def __init__(self, config: Config, create: bool = False):
        self.config = config
        self.client = _client(config, create)
        self._collections: dict[str, object] = {}

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
        """One cheap read that tells a reader whether anything was switched since it last looked."""
        ids = [f"state:{c}" for c in self.config.corpora]
        got = self.manifest.get(ids=ids, include=["metadatas"])
        return {m["corpus"]: m.get("generation", "") for m in got["metadatas"]}

    def states(self) -> dict[str, dict]:
        ids = [f"state:{c}" for c in self.config.corpora]
        got = self.manifest.get(ids=ids, include=["metadatas"])
        return {m["corpus"]: m for m in got["metadatas"]}

    def live_files(self, corpus: str) -> dict[str, dict]:
        """source -> manifest record of the live version."""
        got = self.manifest.get(where={"$and": [{"kind": "file"}, {"corpus": corpus}]}, include=["metadatas"])
        return {m["source"]: m for m in got["metadatas"]}

    def is_empty(self) -> bool:
        return all(self.chunks(c).count() == 0 for c in self.config.corpora)

    # -- write side -------------------------------------------------------------------------------
    def write_chunks(self, corpus: str, ids, embeddings, documents, metadatas) -> None:
        col = self.chunks(corpus)
        for i in range(0, len(ids), _BATCH):
            s = slice(i, i + _BATCH)
            col.upsert(ids=ids[s], embeddings=embeddings[s], documents=documents[s], metadatas=metadatas[s])

    def switch(self, corpus: str, source: str, record: dict) -> None:
        """Make `record["version"]` the live version of a file: one upsert, with a new generation."""
        file_meta = {**record, "kind": "file", "corpus": corpus, "source": source}
        state = self._state_meta(corpus)
        self.manifest.upsert(ids=[f"file:{corpus}:{source}", f"state:{corpus}"],
                             embeddings=[_DUMMY, _DUMMY], documents=[source, corpus],
                             metadatas=[file_meta, state])

    def retire(self, corpus: str, source: str) -> None:
        """Take a file out of the live set (its chunks are deleted after)."""
        self.manifest.delete(ids=[f"file:{corpus}:{source}"])
        self.manifest.upsert(ids=[f"state:{corpus}"], embeddings=[_DUMMY], documents=[corpus],
                             metadatas=[self._state_meta(corpus)])

    def delete_versions(self, corpus: str, source: str, keep: str | None = None) -> None:
        where = {"source": source} if keep is None else {"$and": [{"source": source}, {"version": {"$ne": keep}}]}
        self.chunks(corpus).delete(where=where)

    def sweep(self, corpus: str, live: dict[str, str]) -> int:
        """Delete chunks whose (source, version) is not live: what a crash mid-ingest leaves behind."""
        got = self.chunks(corpus).get(include=["metadatas"])
        stale = [i for i, m in zip(got["ids"], got["metadatas"]) if live.get(m["source"]) != m["version"]]
        for i in range(0, len(stale), _BATCH):
            self.chunks(corpus).delete(ids=stale[i:i + _BATCH])
        return len(stale)

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
        return meta

    # -- a lease so two ingests never write at once (works for embedded and server mode) -----------
    def acquire_lease(self, holder: str, ttl_s: float = 120.0) -> None:
        now = time.time()
        got = self.manifest.get(ids=["lease"], include=["metadatas"])
        if got["metadatas"]:
            m = got["metadatas"][0]
            if m["holder"] != holder and m["expires"] > now:
                raise StoreError(f"another ingest is running ({m['holder']}, since "
                                 f"{time.strftime('%H:%M:%S', time.localtime(m['since']))}); try again when it ends")
        since = got["metadatas"][0]["since"] if got["metadatas"] and got["metadatas"][0]["holder"] == holder else now
        self.manifest.upsert(ids=["lease"], embeddings=[_DUMMY], documents=["lease"],
                             metadatas=[{"kind": "lease", "holder": holder, "since": since, "expires": now + ttl_s}])

    def release_lease(self, holder: str) -> None:
        got = self.manifest.get(ids=["lease"], include=["metadatas"])
        if got["metadatas"] and got["metadatas"][0]["holder"] == holder:
            self.manifest.delete(ids=["lease"])


def store_exists(config: Config) -> bool:
    return bool(config.store_url) or Path(config.store_path).exists()
