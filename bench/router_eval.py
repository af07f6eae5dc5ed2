"""The router alone over a labelled file ({"query", "route", "intent"?} per line), in-process."""
from __future__ import annotations

import time
from collections import Counter

from app.engine import MAX_PARTS, KnowledgeBase, QuestionError, clean_question
from app.threads import pieces

from . import metrics


class PrimedEmbedder:
    """Wraps the embedder with a cache filled in large batches beforehand: one-at-a-time embedding of
    thousands of queries is what makes this run slow (it dominates route() on a busy machine).
    A text not primed is embedded as usual, so the results never depend on guessing right."""

    def __init__(self, inner, batch: int = 256):
        self.inner, self.batch, self.cache = inner, batch, {}

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def prime(self, texts: list[str]) -> None:
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        for i in range(0, len(todo), self.batch):
            part = todo[i:i + self.batch]
            self.cache.update(zip(part, self.inner.embed(part)))

    def embed(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in texts if t not in self.cache]
        if missing:
            self.cache.update(zip(missing, self.inner.embed(missing)))
        return [self.cache[t] for t in texts]


def texts_to_prime(query: str) -> list[str]:
    """What route() will embed for a query: the cleaned text and its pieces (as the engine splits it)."""
    try:
        text = clean_question(query)
    except QuestionError:
        return []
    parts = pieces(text)[:MAX_PARTS]
    return [text, *parts] if len(parts) > 1 else [text]


def run(kb: KnowledgeBase, items: list[dict], log=print) -> dict:
    """kb should be built on a PrimedEmbedder; its cache is filled here first."""
    if isinstance(kb.embedder, PrimedEmbedder):
        t = time.perf_counter()
        kb.embedder.prime([t for item in items for t in texts_to_prime(item["query"])])
        log(f"router: {len(kb.embedder.cache)} texts embedded in batches in {time.perf_counter() - t:.0f} s")
    kb.route("warm-up: load the indexes and the router's example vectors")
    predicted, ms = [], []
    for n, item in enumerate(items, 1):
        t = time.perf_counter()
        predicted.append(kb.route(item["query"])["route"]["label"])
        ms.append((time.perf_counter() - t) * 1000)
        if n % 500 == 0:
            log(f"router: {n}/{len(items)}")
    gold = [item["route"] for item in items]
    scores = metrics.classification(gold, predicted)
    scores["latency"] = metrics.latency_scores(ms)
    scores["by_intent"] = _by_intent(items, predicted)
    scores["examples_wrong"] = _wrong_examples(items, predicted)
    return scores


def _wrong_examples(items: list[dict], predicted: list[str], per_intent: int = 3) -> list[dict]:
    """A few misrouted queries of each intent (the file is in source order, grouped by intent)."""
    shown: Counter = Counter()
    out = []
    for item, p in zip(items, predicted):
        key = item.get("intent") or "-"
        if p != item["route"] and shown[key] < per_intent:
            shown[key] += 1
            out.append({"query": item["query"], "intent": key, "gold": item["route"], "predicted": p})
    return out


def _by_intent(items: list[dict], predicted: list[str]) -> dict[str, dict]:
    """Per intent: count, gold route and accuracy, worst first, so a tuner sees which kinds go wrong."""
    total, right = Counter(), Counter()
    for item, p in zip(items, predicted):
        key = item.get("intent") or "-"
        total[key] += 1
        right[key] += p == item["route"]
    gold = {item.get("intent") or "-": item["route"] for item in items}
    rows = {k: {"n": total[k], "route": gold[k], "accuracy": right[k] / total[k]} for k in total}
    return dict(sorted(rows.items(), key=lambda kv: kv[1]["accuracy"]))
