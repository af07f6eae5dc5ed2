"""The Request Map: every message, and every thread inside it, gets one of four buckets.

- how-do-i: usage guidance (setup, workflows, where is X);
- something-broke: errors, outages, missing data, failing integrations, things that did not happen as expected;
- account-and-money: billing, plan, refunds, failed payments, invoices, charge disputes;
- decision: which plan, fit, policy clarity, "do you integrate with".

The bucket comes from a small linear layer over the product's own sentence embeddings plus the wording cues,
blended with the buckets of the nearest training intents (one mean vector per intent), trained on public
customer-service intent data from several domains (none of them this product's) by bench/train_request_map.py;
the weights and intent vectors ship in app/request_map.npz (0.35 MB, numpy only at run time).
How a message comes apart into threads, each classified here, is app/threads.py.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from .cues import bucket_cues, cue_matches

BUCKETS = ("how-do-i", "something-broke", "account-and-money", "decision")
WORDS = {"how-do-i": "how do I", "something-broke": "something broke", "account-and-money": "account & money",
         "decision": "decision"}
WEIGHTS_FILE = Path(__file__).with_name("request_map.npz")
def cue_features(text: str) -> list[float]:
    """The wording cues as saturating counts: support-like, service-like, then how-do-i, account-and-money
    and decision wording (app/cues.py)."""
    sup, ser = cue_matches(text)
    return [math.tanh(0.8 * len(sup)), math.tanh(0.8 * len(ser)),
            *(math.tanh(0.8 * n) for n in bucket_cues(text).values())]


N_CUES = 5


def features(texts: list[str], vectors: np.ndarray) -> np.ndarray:
    """What the linear layer sees: the embedding and the cue counts."""
    cues = np.asarray([cue_features(t) for t in texts], dtype=np.float32).reshape(len(texts), N_CUES)
    return np.hstack([np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1), cues])


def unit(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


def centroid_proba(vectors: np.ndarray, centroids: np.ndarray, buckets: np.ndarray, k: int,
                   temperature: float) -> np.ndarray:
    """Bucket distribution from the k nearest training intents (k = 0: all), each weighted by
    exp(cosine / temperature): a message close to a known kind of request takes that request's bucket."""
    sims = unit(vectors) @ centroids.T
    if 0 < k < sims.shape[1]:
        idx = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        sims, labels = np.take_along_axis(sims, idx, axis=1), buckets[idx]
    else:
        labels = np.broadcast_to(buckets, sims.shape)
    w = np.exp((sims - sims.max(axis=1, keepdims=True)) / temperature)
    p = np.stack([(w * (labels == j)).sum(axis=1) for j in range(len(BUCKETS))], axis=1)
    return p / p.sum(axis=1, keepdims=True)


class BucketModel:
    """Softmax over W·x + b (temperature fitted when it was trained), blended with the nearest training
    intents' buckets (centroid_proba); the blend share was chosen by leave-one-domain-out."""

    def __init__(self, path: Path = WEIGHTS_FILE, arrays: dict | None = None):
        data = arrays if arrays is not None else np.load(path)
        self.weights, self.bias = data["weights"], data["bias"]
        self.temperature = float(data["temperature"])
        # stored as float16 (half the file); kept as float32, as the product with a question casts it anyway:
        # 0.60 -> 0.13 ms a question, identical probabilities
        self.centroids = np.asarray(data["centroids"], dtype=np.float32)
        self.centroid_buckets = np.asarray(data["centroid_buckets"])
        self.k, self.centroid_temperature = int(data["k"]), float(data["centroid_temperature"])
        self.blend, self.power = float(data["blend"]), float(data["power"])
        self.side_band = (float(data["side_lo"]), float(data["side_hi"]))
        names = tuple(str(b) for b in data.get("buckets", BUCKETS))
        if names != BUCKETS:
            raise ValueError(f"{path}: buckets {names} do not match {BUCKETS}")

    def proba(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        x = features(texts, vectors)
        if x.shape[1] != self.weights.shape[1]:
            raise ValueError(f"the request classifier was trained on {self.weights.shape[1]} features, this code "
                             f"makes {x.shape[1]}: rebuild it with python -m bench.train_request_map")
        z = (x @ self.weights.T + self.bias) / self.temperature
        z = np.exp(z - z.max(axis=1, keepdims=True))
        linear = z / z.sum(axis=1, keepdims=True)
        if not self.blend:
            return sharpen(linear, self.power)
        near = centroid_proba(np.asarray(vectors).reshape(len(texts), -1), self.centroids, self.centroid_buckets,
                              self.k, self.centroid_temperature)
        return sharpen((1 - self.blend) * linear + self.blend * near, self.power)


def sharpen(p: np.ndarray, power: float) -> np.ndarray:
    """p ** power, renormalised: the calibration of the blend, fitted when the classifier is trained."""
    q = np.power(np.maximum(p, 1e-12), power)
    return q / q.sum(axis=-1, keepdims=True)


@lru_cache(maxsize=1)
def default_model() -> BucketModel:
    return BucketModel()


def top(p: np.ndarray) -> tuple[str, float]:
    """The most likely bucket and its probability."""
    i = int(np.argmax(p))
    return BUCKETS[i], float(p[i])


def support_lean(p: np.ndarray) -> float:
    """The router's bucket signal: log-odds that the request reports something broken, clipped to +-4."""
    broke = float(min(max(p[BUCKETS.index("something-broke")], 1e-6), 1 - 1e-6))
    return max(-4.0, min(4.0, math.log(broke / (1 - broke))))


BROKE = BUCKETS.index("something-broke")
MONEY = BUCKETS.index("account-and-money")


def sides(p: np.ndarray, band: tuple[float, float], failure_words: np.ndarray | None = None) -> np.ndarray:
    """The side of each row of bucket probabilities, from p(something-broke) with an abstain band (lo, hi):
    support at or above hi; both above lo, or when the top bucket is something-broke without reaching hi;
    service below. An account-and-money request worded as a failure ("my payment failed") is both. The band
    is chosen when the classifier is trained (leave-one-domain-out over its training domains: the highest side
    exact with wrong side <= 0.03) and ships with it."""
    lo, hi = band
    p = np.atleast_2d(p)
    broke, top = p[:, BROKE], p.argmax(axis=1)
    words = np.zeros(len(p), dtype=bool) if failure_words is None else np.asarray(failure_words, dtype=bool)
    unsure = (broke > lo) | (top == BROKE) | ((top == MONEY) & words)
    return np.where(broke >= hi, "support", np.where(unsure, "both", "service"))


def side(p: np.ndarray, failure_words: bool = False, band: tuple[float, float] | None = None) -> str:
    """The side one bucket distribution points to (see sides); the band defaults to the shipped classifier's."""
    return str(sides(p, band or default_model().side_band, np.asarray([failure_words]))[0])
