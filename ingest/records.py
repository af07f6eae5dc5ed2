"""What the store keeps for each chunk of a prepared file: its id, vector, text and metadata, heading vectors
included (app/ranking reads them to match a question against a section's headings)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import head_vectors
from .chunking import Chunk
from .embedder import Embedder
from .store import chunk_id


@dataclass
class Prepared:
    source: str
    version: str
    title: str
    audience: str
    tags: str
    chunks: list[Chunk]
    replaces: int | None             # chunks of the version it replaces; None for a new file
    noise: dict | None = None        # what was dropped from this file and why


def records(corpus: str, batch: list[Prepared], embedder: Embedder) -> Iterator[tuple[Prepared, list, list, list]]:
    """Per file of the batch: (the file, its chunks' ids, vectors, metadata). The batch is embedded together:
    several small files in one call embed far faster than one by one."""
    vectors = embedder.embed([c.embed_text for p in batch for c in p.chunks])
    heads = sorted({head_vectors.heading_text(c.heading_path) for p in batch for c in p.chunks})
    head_of = dict(zip(heads, map(head_vectors.pack, embedder.embed(heads))))
    owns = sorted({t for p in batch for c in p.chunks for t in (head_vectors.question_text(c.heading_path),
                                                                 head_vectors.own_text(c.heading_path)) if t})
    own_of = dict(zip(owns, map(head_vectors.pack, embedder.embed(owns)))) if owns else {}
    at = 0
    for p in batch:
        n = len(p.chunks)
        metas = [{"corpus": corpus, "source": p.source, "title": p.title, "section": c.section,
                  "anchor": c.anchor, "start_line": c.start_line, "end_line": c.end_line,
                  "audience": p.audience, "version": p.version, "chunk": i, "tags": p.tags,
                  "content_hash": c.content_hash, "heading_path": head_vectors.heading_text(c.heading_path),
                  head_vectors.KEY: head_of[head_vectors.heading_text(c.heading_path)],
                  **_heading_fields(c, own_of), **({"lead_in": True} if c.lead_in else {})}
                 for i, c in enumerate(p.chunks)]
        yield p, [chunk_id(p.source, p.version, i) for i in range(n)], vectors[at:at + n], metas
        at += n


def _heading_fields(chunk: Chunk, own_of: dict[str, str]) -> dict[str, str]:
    """The vectors of the chunk's question heading and of its heading path below the title as metadata fields,
    where it has them (Chroma stores no None)."""
    q, own = head_vectors.question_text(chunk.heading_path), head_vectors.own_text(chunk.heading_path)
    fields = {head_vectors.QUESTION_KEY: own_of[q]} if q else {}
    return {**fields, head_vectors.OWN_KEY: own_of[own]} if own else fields
