"""The Request Map: every message, and every thread inside it, gets one of four buckets.

- how-do-i: usage guidance (setup, workflows, where is X);
- something-broke: errors, outages, missing data, failing integrations, things that did not happen as expected;
- account-and-money: billing, plan, refunds, failed payments, invoices, charge disputes;
- decision: which plan, fit, policy clarity, "do you integrate with".

The bucket comes from a small linear layer over the product's own sentence embeddings plus the wording cues,
trained on public customer-service intent data from several domains (none of them this product's) by
bench/train_request_map.py; the weights ship in app/request_map.npz (a few KB, numpy only at run time).
A message is cut at sentence and conjunction boundaries; neighbouring pieces about the same bucket are one
thread, so "My payment failed and now I can't log in." is two threads and a request told over two
sentences stays one.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .cues import cue_matches

BUCKETS = ("how-do-i", "something-broke", "account-and-money", "decision")
WORDS = {"how-do-i": "how do I", "something-broke": "something broke", "account-and-money": "account & money",
         "decision": "decision"}
WEIGHTS_FILE = Path(__file__).with_name("request_map.npz")
MAX_THREADS = 3
# Sentence ends, semicolons, and the joins people use between two requests. A piece needs 3+ words to stand alone.
_PIECE_SPLIT = re.compile(r"(?:[.?!;]+\s+|,?\s+(?:and (?:also|now|then)|and|but|also|plus|then|as well as|"
                          r"so now|and so)\s+)", re.IGNORECASE)
_MIN_WORDS = 3


def cue_features(text: str) -> list[float]:
    """The wording cues as two saturating counts (support-like, service-like)."""
    sup, ser = cue_matches(text)
    return [math.tanh(0.8 * len(sup)), math.tanh(0.8 * len(ser))]


def features(texts: list[str], vectors: np.ndarray) -> np.ndarray:
    """What the linear layer sees: the embedding and the two cue counts."""
    cues = np.asarray([cue_features(t) for t in texts], dtype=np.float32).reshape(len(texts), 2)
    return np.hstack([np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1), cues])


class BucketModel:
    """Softmax over W·x + b, with the temperature fitted when it was trained."""

    def __init__(self, path: Path = WEIGHTS_FILE):
        data = np.load(path)
        self.weights, self.bias = data["weights"], data["bias"]
        self.temperature = float(data["temperature"])
        names = tuple(str(b) for b in data["buckets"])
        if names != BUCKETS:
            raise ValueError(f"{path}: buckets {names} do not match {BUCKETS}")

    def proba(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        z = (features(texts, vectors) @ self.weights.T + self.bias) / self.temperature
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def default_model() -> BucketModel:
    return BucketModel()


def pieces(text: str) -> list[str]:
    """Candidate pieces of a message: sentences, cut again where a join word starts a new clause.
    A piece under 3 words stays with its neighbour, as written."""
    spans, start = [], 0
    for m in _PIECE_SPLIT.finditer(text):
        spans.append((start, m.start(), m.end()))
        start = m.end()
    spans.append((start, len(text), len(text)))
    out: list[tuple[int, int]] = []    # (start, end) of each piece in text
    for a, b, _ in spans:
        if not text[a:b].strip(" ,.;"):
            continue
        if out and (len(text[a:b].split()) < _MIN_WORDS or len(text[out[-1][0]:out[-1][1]].split()) < _MIN_WORDS):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return [text[a:b].strip(" ,.;") for a, b in out] or [text]


@dataclass
class Thread:
    text: str
    bucket: str
    confidence: float
    proba: np.ndarray           # over BUCKETS


def threads(text: str, piece_texts: list[str], proba: np.ndarray, whole: np.ndarray) -> list[Thread]:
    """Join neighbouring pieces whose buckets agree; `proba` has one row per piece, `whole` is the
    message's own row. One thread: the message as a whole decides its bucket."""
    groups: list[tuple[list[str], list[np.ndarray]]] = []
    for t, p in zip(piece_texts, proba):
        if groups and int(np.argmax(np.mean(groups[-1][1], axis=0))) == int(np.argmax(p)):
            groups[-1][0].append(t)
            groups[-1][1].append(p)
        else:
            groups.append(([t], [p]))
    if len(groups) > MAX_THREADS:    # too fragmented to be separate requests: read it as one
        groups = [(list(piece_texts), [whole])]
    if len(groups) <= 1:
        return [_thread(text, whole)]
    return [_thread(" ".join(ts), np.mean(ps, axis=0)) for ts, ps in groups]


def top(p: np.ndarray) -> tuple[str, float]:
    """The most likely bucket and its probability."""
    i = int(np.argmax(p))
    return BUCKETS[i], float(p[i])


def _thread(text: str, p: np.ndarray) -> Thread:
    return Thread(text, *top(p), p)


def support_lean(p: np.ndarray) -> float:
    """The router's bucket signal: log-odds that the request reports something broken, clipped to +-4."""
    broke = float(min(max(p[BUCKETS.index("something-broke")], 1e-6), 1 - 1e-6))
    return max(-4.0, min(4.0, math.log(broke / (1 - broke))))


def classify(texts: list[str], vectors: np.ndarray, model: BucketModel | None = None) -> list[str]:
    """The bucket of each text (no thread splitting): what the insight dashboard counts per message."""
    p = (model or default_model()).proba(texts, vectors)
    return [BUCKETS[i] for i in np.argmax(p, axis=1)]


# An account-and-money request that also reads as a failure ("my payment failed") belongs to both sides
# when p(something-broke) is at least this; 0.3 chosen a priori (a clear second), see bench/results/request_map.md.
BOTH_SHARE = 0.3


def side(p: np.ndarray, failure_words: bool = False) -> str:
    """The side a bucket distribution points to: something-broke -> support; how-do-i, decision and
    account-and-money -> service; account-and-money caused by a technical failure (a clear second
    something-broke, or failure wording such as "failed", "declined") -> both."""
    top = BUCKETS[int(np.argmax(p))]
    if top == "something-broke":
        return "support"
    if top == "account-and-money" and (failure_words or p[BUCKETS.index("something-broke")] >= BOTH_SHARE):
        return "both"
    return "service"
