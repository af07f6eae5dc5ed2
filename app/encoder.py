"""Question embeddings without torch: the ONNX export of the chunk vectors' model, run by ONNX Runtime.

`import sentence_transformers` alone took 5-9 s here (torch, transformers, sklearn); onnxruntime and
tokenizers (both installed through chromadb) import in a fraction of a second. The encoder is used only
when the exported file says it comes from the same model as the ingest's embedder; otherwise the torch
Embedder answers and writes the export for the next process.
"""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from ingest import onnx_export
from ingest.embedder import Embedder, model_id_for, model_path


class OnnxEncoder:
    """Same interface as ingest.embedder.Embedder for reading: embed(), embed_one(), model_id."""

    def __init__(self, onnx_file: Path, tokenizer_file: Path, model_id: str, max_tokens: int = 256):
        self.onnx_file, self.tokenizer_file = Path(onnx_file), Path(tokenizer_file)
        self.model_id = model_id
        self.max_tokens = max_tokens
        self._lock = threading.Lock()
        self._session = None

    def load(self) -> None:
        """Tokenizer and ONNX session, once (safe from several threads)."""
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer
            tok = Tokenizer.from_file(str(self.tokenizer_file))
            tok.enable_truncation(self.max_tokens)
            tok.no_padding()        # the file may pad to a fixed length; texts are padded per group in embed_array
            opts = ort.SessionOptions()
            # A question is a few short texts: one thread is as fast idle and much faster on a busy machine
            # (the same finding as the torch embedder: 28 ms vs 173 ms with other processes running).
            opts.intra_op_num_threads = 1
            opts.inter_op_num_threads = 1
            opts.log_severity_level = 3
            self.tokenizer = tok
            self._session = ort.InferenceSession(str(self.onnx_file), opts, providers=["CPUExecutionProvider"])

    def embed(self, texts: list[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()

    def embed_array(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        self.load()
        encoded = self.tokenizer.encode_batch(list(texts))
        out = np.zeros((len(texts), 0), dtype=np.float32)
        for group in _by_length([len(e.ids) for e in encoded]):
            width = max(len(encoded[i].ids) for i in group)
            ids = np.zeros((len(group), width), dtype=np.int64)
            mask = np.zeros((len(group), width), dtype=np.int64)
            for row, i in enumerate(group):
                n = len(encoded[i].ids)
                ids[row, :n], mask[row, :n] = encoded[i].ids, 1
            (vectors,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})   # thread-safe in ORT
            if not out.shape[1]:
                out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            out[group] = vectors
        return out

    def embed_one(self, text: str) -> list[float]:
        return self.embed([text])[0]


def _by_length(lengths: list[int], slack: float = 1.25) -> list[list[int]]:
    """Indexes grouped so no text in a group is padded past `slack` times its length. A question and its
    pieces (the Request Map embeds both) padded to the question's length took 15.5 ms a question here,
    grouped 13.3 ms (60 bench questions, 2.2 texts each, same run); the question alone takes 7.4 ms."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and lengths[i] <= slack * lengths[groups[-1][0]]:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


class ExportingEmbedder(Embedder):
    """The torch fallback for a reader with no current export: the first question loads torch anyway,
    so it also writes the export, and the next process starts without torch."""

    def __init__(self, cache: Path | None):
        super().__init__()
        self.cache = cache

    def embed(self, texts: list[str]) -> list[list[float]]:
        out = super().embed(texts)
        if self.cache is not None and not getattr(self, "_exported", False):
            self._exported = True
            onnx_export.ensure(self, self.cache)
        return out


def query_encoder(cache: Path | None, path: Path | None = None):
    """The fastest encoder that produces the chunk vectors' model: ONNX when exported, else torch."""
    path = Path(path) if path else model_path()
    model_id = model_id_for(path)
    if cache is not None and onnx_export.is_current(cache, model_id, path):
        info = onnx_export.read_info(cache) or {}
        # Loading it in a thread while chromadb imports was tried: no gain on 2 busy cores (1.6-1.7x either way).
        return OnnxEncoder(onnx_export.encoder_dir(cache) / onnx_export.ONNX_NAME, path / "tokenizer.json",
                           model_id, info.get("max_tokens", 256))
    return ExportingEmbedder(cache)

