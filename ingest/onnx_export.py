"""Export the packaged sentence-transformers model to ONNX once, so readers embed questions without torch.

The graph holds the whole sentence-transformers pipeline after tokenisation (BERT, mean pooling over the
attention mask, L2 normalisation), so the ONNX output is the chunk vectors' model exactly (cosine > 0.9999
against torch, tested). It is written during `kb ingest` (torch is loaded there anyway) into the cache
folder from config, next to a small JSON naming the model it came from; a reader uses it only when that
matches its own model. Nothing is downloaded.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
import warnings
from pathlib import Path

from .embedder import model_id_for

log = logging.getLogger(__name__)

ONNX_NAME = "query-encoder.onnx"
INFO_NAME = "query-encoder.json"
FORMAT = 1            # bump when the graph's inputs or outputs change


def encoder_dir(cache: Path) -> Path:
    return Path(cache) / "encoder"


def model_stamp(model_dir: Path) -> dict:
    """What identifies the weights cheaply (a stat, no hashing): a reader checks it before trusting the file."""
    weights = Path(model_dir) / "model.safetensors"
    st = weights.stat()
    return {"weights": str(weights), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "format": FORMAT}


def read_info(cache: Path) -> dict | None:
    try:
        return json.loads((encoder_dir(cache) / INFO_NAME).read_text())
    except (OSError, ValueError):
        return None


def is_current(cache: Path, model_id: str, model_dir: Path) -> bool:
    info = read_info(cache)
    return (info is not None and info.get("model_id") == model_id and info.get("stamp") == model_stamp(model_dir)
            and (encoder_dir(cache) / ONNX_NAME).is_file())


def export(embedder, cache: Path) -> Path:
    """Write the ONNX graph of `embedder`'s model (an ingest.embedder.Embedder) into `cache`; atomic."""
    import torch

    st = embedder.model
    bert = st[0].auto_model.eval()

    class Pooled(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask):
            tokens = self.bert(input_ids=input_ids, attention_mask=attention_mask)[0]
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    out_dir = encoder_dir(cache)
    out_dir.mkdir(parents=True, exist_ok=True)
    ids = torch.ones((2, 8), dtype=torch.long)
    fd, tmp = tempfile.mkstemp(dir=out_dir, suffix=".onnx.tmp")
    os.close(fd)
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")     # tracer warnings about shape-dependent branches: none matter here
            torch.onnx.export(Pooled().eval(), (ids, torch.ones_like(ids)), tmp, dynamo=False,
                              input_names=["input_ids", "attention_mask"], output_names=["embedding"],
                              dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                                            "attention_mask": {0: "batch", 1: "seq"}, "embedding": {0: "batch"}},
                              opset_version=17)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out_dir / ONNX_NAME)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    info = {"model_id": embedder.model_id, "stamp": model_stamp(embedder.path),
            "max_tokens": st.max_seq_length}
    tmp_info = out_dir / (INFO_NAME + ".tmp")
    tmp_info.write_text(json.dumps(info))
    os.replace(tmp_info, out_dir / INFO_NAME)
    return out_dir / ONNX_NAME


def ensure(embedder, cache: Path | None) -> Path | None:
    """Export unless a current file is there. A cache that cannot be written only costs readers speed."""
    if cache is None or embedder.model_id != model_id_for(embedder.path):
        return None                  # not the packaged model (a test's fake): its vectors are not the model's
    if is_current(cache, embedder.model_id, embedder.path):
        return encoder_dir(cache) / ONNX_NAME
    try:
        return export(embedder, cache)
    except Exception as e:  # noqa: BLE001 - an export that fails (no `onnx`, no disk) only costs readers speed
        log.warning("query encoder not exported (%s); readers embed questions with torch", e)
        return None
