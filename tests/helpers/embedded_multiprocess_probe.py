"""Probe: does a long-lived embedded Chroma reader see what another process writes later?

    .venv/bin/python tests/helpers/embedded_multiprocess_probe.py

Process A opens a PersistentClient on a fresh folder holding 50 vectors and queries. Process B then
replaces them with 50 new ones (upsert new ids, delete old ids). A queries again with the same client,
then again after SharedSystemClient.clear_system_cache() and a new client. With Chroma 1.5.9 the
second query returns the deleted ids with None documents and metadata (a stale in-memory vector index),
and only the re-opened client sees the new vectors. Prints one line per query and a verdict.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile

CHILD = r'''
import sys, chromadb
from chromadb.config import Settings
c = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))
col = c.get_or_create_collection("probe", embedding_function=None)
r = sys.argv[2]
col.upsert(ids=[f"{r}-{i}" for i in range(50)], embeddings=[[float(i), 1.0, 0.5] for i in range(50)],
           documents=[f"{r}-{i}" for i in range(50)])
if len(sys.argv) > 3:
    col.delete(ids=[f"{sys.argv[3]}-{i}" for i in range(50)])
'''


def main() -> int:
    import chromadb
    from chromadb.api.client import SharedSystemClient
    from chromadb.config import Settings
    path = tempfile.mkdtemp(prefix="probe-")
    subprocess.run([sys.executable, "-c", CHILD, path, "old"], check=True)

    def query(label):
        c = chromadb.PersistentClient(path=path, settings=Settings(anonymized_telemetry=False))
        q = c.get_or_create_collection("probe", embedding_function=None).query(
            query_embeddings=[[3.0, 1.0, 0.5]], n_results=3, include=["documents"])
        print(f"{label:38} ids={q['ids'][0]} documents={q['documents'][0]}")
        return q
    query("reader, before the other process wrote")
    subprocess.run([sys.executable, "-c", CHILD, path, "new", "old"], check=True)
    stale = query("same reader, after it wrote")
    SharedSystemClient.clear_system_cache()
    fresh = query("re-opened client")
    ok_stale = all(i.startswith("new") for i in stale["ids"][0]) and None not in stale["documents"][0]
    ok_fresh = all(i.startswith("new") for i in fresh["ids"][0])
    print("verdict:", "long-lived reader is current" if ok_stale else "long-lived reader is STALE",
          "| re-opened reader is current" if ok_fresh else "| re-opened reader is STALE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
