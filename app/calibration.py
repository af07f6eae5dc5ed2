"""The router's calibration: example-question vectors and the collections' usual evidence gap.

Computed at ingest time and stored beside the index (a manifest record keyed by the generations it was
measured on, the example texts and the model), so every reader of one store routes with the same numbers
and none pays for them at start. A reader whose key does not match (its config lists other examples, or
an older ingest) measures them itself; the measurement is deterministic, so readers still agree.
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging

import numpy as np

from ingest.config import Config
from ingest.embedder import Embedder
from ingest.store import Store

from .retrieval import AUDIENCE_LEVEL, Retriever
from .route_examples import DEFAULT_EXAMPLES
from .router import Router

log = logging.getLogger(__name__)
RECORD = "router-calibration"
SIDES = ("service", "support")


def example_texts(config: Config) -> dict[str, list[str]]:
    """The shipped example questions of each side, the corpora's own examples and descriptions, and
    `[router.examples]`."""
    examples = {side: list(DEFAULT_EXAMPLES[side]) for side in SIDES}
    for name, corpus in config.corpora.items():
        examples[name] += [*corpus.examples, corpus.description]
    extra = config.router.get("examples", {})
    for side in examples:
        examples[side] += list(extra.get(side, []))
    return examples


def _hash(obj) -> str:
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False).encode()).hexdigest()[:24]


def key(generations: dict[str, str], examples: dict[str, list[str]], model_id: str) -> str:
    """What a whole calibration depends on; the example vectors alone depend on examples_key()."""
    return _hash([sorted(generations.items()), examples_key(examples, model_id)])


def examples_key(examples: dict[str, list[str]], model_id: str) -> str:
    return _hash([examples, model_id])


def evidence_offset(retriever: Retriever, vectors: dict[str, np.ndarray], audience: str,
                    products: dict | None = None) -> float:
    """The best-support-minus-best-service gap typical of these two collections (as this audience sees
    them), measured on the example questions of both sides: a bigger collection matches everything a
    little better, and evidence is read relative to that. 0 when a collection is empty."""
    if not all(retriever.chunk_count(c) for c in SIDES):
        return 0.0
    gaps = []
    for vecs in vectors.values():
        tops = {c: retriever.views[c].vectors[AUDIENCE_LEVEL[audience]].best(vecs, products) for c in SIDES}
        gaps.append(float(np.mean(tops["support"] - tops["service"])))
    return float(np.mean(gaps))


def measure(retriever: Retriever, examples: dict[str, list[str]], embedder: Embedder,
            known: list[dict]) -> dict:
    """Embedding the examples is the costly part (70 questions, 0.3-4 s): reuse vectors of the same examples
    and model from `known` calibrations (the stored one, the previous snapshot's). The offsets are a few
    matrix products over the current index."""
    ek = examples_key(examples, embedder.model_id)
    vectors = next((c["vectors"] for c in known if c and c.get("examples_key") == ek), None)
    if vectors is None:
        vectors = {side: np.asarray(embedder.embed(qs), dtype=np.float32) for side, qs in examples.items()}
    products: dict = {}            # both audiences read one product of the examples with each segment
    offsets = {audience: evidence_offset(retriever, vectors, audience, products) for audience in AUDIENCE_LEVEL}
    return {"vectors": vectors, "offsets": offsets, "examples_key": ek}


def _encode(cal: dict) -> str:
    vecs = {s: {"shape": list(v.shape), "b64": base64.b64encode(v.astype(np.float32).tobytes()).decode()}
            for s, v in cal["vectors"].items()}
    return json.dumps({"vectors": vecs, "offsets": cal["offsets"], "examples_key": cal["examples_key"]})


def _decode(payload: str) -> dict:
    data = json.loads(payload)
    vectors = {s: np.frombuffer(base64.b64decode(v["b64"]), dtype=np.float32).reshape(v["shape"])
               for s, v in data["vectors"].items()}
    return {"vectors": vectors, "offsets": data["offsets"], "examples_key": data["examples_key"]}


def stored_for(store: Store, generations: dict[str, str], config: Config, model_id: str) -> bool:
    """Whether the store already holds the calibration for these generations (no snapshot needed)."""
    stored = store.derived(RECORD)
    return bool(stored) and stored[0] == key(generations, example_texts(config), model_id)


def load_or_measure(store: Store, retriever: Retriever, generations: dict[str, str], config: Config,
                    embedder: Embedder, previous: dict | None = None) -> tuple[dict, str, bool]:
    """(calibration, its key, whether it was read from the store). `previous`: the last snapshot's."""
    examples = example_texts(config)
    k = key(generations, examples, embedder.model_id)
    stored, decoded = store.derived(RECORD), None
    if stored:
        try:
            decoded = _decode(stored[1])
        except (ValueError, KeyError) as e:    # a damaged record is measured again, never trusted
            log.warning("stored router calibration unreadable (%s); measuring it again", e)
        if decoded and stored[0] == k:
            return decoded, k, True
    log.info("measuring the router calibration (no stored one for this index and these examples)")
    return measure(retriever, examples, embedder, [decoded, previous]), k, False


def save(store: Store, k: str, cal: dict) -> None:
    store.save_derived(RECORD, k, _encode(cal))


def build_router(config: Config, cal: dict) -> Router:
    return Router(config.router, cal["vectors"], cal["offsets"])
