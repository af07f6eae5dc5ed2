"""The router alone over a labelled file ({"query", "route", "intent"?} per line), in-process."""
from __future__ import annotations

import time
from collections import Counter

from app.engine import KnowledgeBase

from . import metrics


def run(kb: KnowledgeBase, items: list[dict], log=print) -> dict:
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
