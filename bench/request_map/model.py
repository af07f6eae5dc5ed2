"""Training pieces shared by bench/train_request_map.py and the leave-one-domain-out report:
load the labelled rows, embed them with the product's model (cached under bench/out/), fit the linear layer."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from app.requests import BUCKETS, features

HERE = Path(__file__).parent
DATA = HERE / "data.jsonl"
CACHE = HERE.parent / "out" / "request_map_vectors.npz"
# L2 strengths tried by the inner leave-one-domain-out (on training domains only).
L2_GRID = (1e-5, 1e-4, 1e-3)
MAX_ITER = 300
PER_INTENT = 60


def load() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]


def vectors(texts: list[str], embedder=None) -> np.ndarray:
    """Embeddings of texts, cached per text under bench/out/ (the model is fixed by the product)."""
    cached: dict[str, np.ndarray] = {}
    if CACHE.exists():
        data = np.load(CACHE)
        cached = dict(zip(data["texts"].tolist(), data["vectors"]))
    todo = [t for t in dict.fromkeys(texts) if t not in cached]
    if todo:
        if embedder is None:
            from ingest.embedder import Embedder
            embedder = Embedder()
        cached.update(zip(todo, np.asarray(embedder.embed(todo), dtype=np.float32)))
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        np.savez(CACHE, texts=np.asarray(list(cached)), vectors=np.asarray(list(cached.values())))
    return np.asarray([cached[t] for t in texts], dtype=np.float32)


def sample_weights(domains: list[str], buckets: list[str]) -> np.ndarray:
    """Every domain counts the same, and within the training set every bucket counts the same:
    a big domain must not decide the buckets, nor a common bucket swamp a rare one."""
    per_domain, per_bucket = Counter(domains), Counter(buckets)
    w = np.asarray([1.0 / (per_domain[d] * per_bucket[b]) for d, b in zip(domains, buckets)])
    return w / w.sum()


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Weighted multinomial logistic regression by L-BFGS (scipy, installed with sentence-transformers)."""
    from scipy.optimize import minimize
    k, d = len(BUCKETS), x.shape[1]
    onehot = np.eye(k)[y]

    def loss(theta):
        W, b = theta[:k * d].reshape(k, d), theta[k * d:]
        z = x @ W.T + b
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        g = (np.exp(logp) - onehot) * w[:, None]
        value = -np.sum(w * (logp * onehot).sum(axis=1)) + 0.5 * l2 * np.sum(W * W)
        return value, np.concatenate([(g.T @ x + l2 * W).ravel(), g.sum(axis=0)])

    res = minimize(loss, np.zeros(k * d + k), jac=True, method="L-BFGS-B", options={"maxiter": MAX_ITER})
    return res.x[:k * d].reshape(k, d).astype(np.float32), res.x[k * d:].astype(np.float32)


def softmax(z: np.ndarray) -> np.ndarray:
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The softmax temperature that minimises log-loss on held-out logits (a 1-d grid is enough)."""
    grid = np.exp(np.linspace(np.log(0.25), np.log(4.0), 41))
    losses = [-np.mean(np.log(softmax(logits / t)[np.arange(len(y)), y] + 1e-12)) for t in grid]
    return float(grid[int(np.argmin(losses))])


class Dataset:
    def __init__(self, rows: list[dict], vecs: np.ndarray):
        self.rows = rows
        self.x = features([r["text"] for r in rows], vecs).astype(np.float64)   # one dtype: no copy per step
        self.y = np.asarray([BUCKETS.index(r["bucket"]) for r in rows])
        self.domain = np.asarray([r["domain"] for r in rows])
        # Training keeps at most PER_INTENT rows of an intent (the first ones, in file order): the two big
        # sets would otherwise make every fit slow without adding kinds of request.
        seen: Counter = Counter()
        keep = []
        for r in rows:
            seen[(r["domain"], r["intent"])] += 1
            keep.append(seen[(r["domain"], r["intent"])] <= PER_INTENT)
        self.trainable = np.asarray(keep)

    def fit_on(self, mask: np.ndarray, l2: float):
        mask = mask & self.trainable
        w = sample_weights(list(self.domain[mask]), [BUCKETS[i] for i in self.y[mask]])
        return fit(self.x[mask], self.y[mask], w, l2)

    def choose(self, domains: list[str]) -> tuple[float, float]:
        """L2 strength and temperature by leave-one-domain-out within `domains` only."""
        best = None
        for l2 in L2_GRID:
            logits, ys = [], []
            for held in domains:
                train = np.isin(self.domain, [d for d in domains if d != held])
                test = self.domain == held
                W, b = self.fit_on(train, l2)
                logits.append(self.x[test] @ W.T + b)
                ys.append(self.y[test])
            # balanced accuracy per held-out domain, averaged: every domain and bucket counts the same
            score = np.mean([_balanced(lg.argmax(1), yy) for lg, yy in zip(logits, ys)])
            if best is None or score > best[0]:
                best = (score, l2, np.vstack(logits), np.concatenate(ys))
        _, l2, logits, ys = best
        return l2, fit_temperature(logits, ys)


def _balanced(pred: np.ndarray, gold: np.ndarray) -> float:
    return float(np.mean([np.mean(pred[gold == k] == k) for k in np.unique(gold)]))
