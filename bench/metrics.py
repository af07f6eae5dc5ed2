"""Pure metric functions over per-query records. No I/O, so each can be checked by hand.

A record (one labelled query, scored) has: id, corpus, audience, gold_route, gold (list of files),
gold_sides ({file: side}), route (predicted label), cited (distinct cited files, in order),
cited_sides ({file: side}), answered, latency_ms, leak.
"""
from __future__ import annotations

import math
from collections import Counter

ONE_SIDED = ("service", "support")
# A query's "route" may be "-": its corpus has one side only (techqa), so routing it proves nothing and it is
# left out of the route figures; it counts everywhere else as an answerable query.
UNJUDGED = "-"


def distinct(items: list[str]) -> list[str]:
    """Remove repeats, keep the first occurrence."""
    return list(dict.fromkeys(items))


def hit_at_k(ranked: list[str], gold: list[str], k: int) -> int:
    return int(any(r in set(gold) for r in distinct(ranked)[:k]))


def reciprocal_rank(ranked: list[str], gold: list[str], k: int = 10) -> float:
    for rank, r in enumerate(distinct(ranked)[:k], 1):
        if r in set(gold):
            return 1.0 / rank
    return 0.0


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least p% of values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(p / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def route_scores(records: list[dict]) -> dict:
    """exact on answerable queries; wrong-side and hedge on one-sided queries (route "-": not judged)."""
    answerable = [r for r in records if r["gold_route"] not in ("none", UNJUDGED)]
    one_sided = [r for r in records if r["gold_route"] in ONE_SIDED]
    return {
        "exact": mean([float(r["route"] == r["gold_route"]) for r in answerable]), "n_exact": len(answerable),
        "wrong": mean([float(r["route"] in ONE_SIDED and r["route"] != r["gold_route"]) for r in one_sided]),
        "hedge": mean([float(r["route"] == "both") for r in one_sided]), "n_one_sided": len(one_sided),
    }


def both_sides_share(records: list[dict]) -> tuple[float | None, int]:
    """For gold route `both`: share whose cited files include a gold file from each side."""
    both = [r for r in records if r["gold_route"] == "both"]
    ok = [len({r["gold_sides"][f] for f in r["cited"] if f in r["gold_sides"]}) >= 2 for r in both]
    return mean([float(x) for x in ok]), len(both)


def retrieval_scores(records: list[dict], k_mrr: int = 10) -> dict:
    answerable = [r for r in records if r["gold_route"] != "none"]
    return {
        "hit1": mean([hit_at_k(r["cited"], r["gold"], 1) for r in answerable]),
        "hit5": mean([hit_at_k(r["cited"], r["gold"], 5) for r in answerable]),
        "mrr": mean([reciprocal_rank(r["cited"], r["gold"], k_mrr) for r in answerable]),
        "n": len(answerable),
    }


def no_answer_scores(records: list[dict]) -> dict:
    """Abstaining (answered == False) is the prediction 'no answer in the docs'.
    Precision is None when the system never abstains."""
    abstained = [r for r in records if not r["answered"]]
    none = [r for r in records if r["gold_route"] == "none"]
    return {
        "precision": mean([float(r["gold_route"] == "none") for r in abstained]),
        "recall": mean([float(not r["answered"]) for r in none]),
        "abstained": len(abstained), "n_none": len(none),
    }


def latency_scores(values: list[float]) -> dict:
    return {"p50_ms": percentile(values, 50), "p95_ms": percentile(values, 95),
            "max_ms": max(values) if values else None, "n": len(values)}


def summarise(records: list[dict]) -> dict:
    both, n_both = both_sides_share(records)
    return {
        "n": len(records), "route": route_scores(records), "retrieval": retrieval_scores(records),
        "both_sides": both, "n_both": n_both, "no_answer": {**no_answer_scores(records),
                                                            "answered_rate": answered_rate(records)},
        "sections": section_scores(records), "side_loss": side_loss_scores(records),
        "leaks": sum(1 for r in records if r["leak"]),
        "latency": latency_scores([r["latency_ms"] for r in records if r.get("latency_ms") is not None]),
    }


def breakdown(records: list[dict], key: str) -> dict[str, dict]:
    groups: dict[str, list[dict]] = {}
    for r in records:
        groups.setdefault(str(r.get(key)), []).append(r)
    return {name: summarise(rs) for name, rs in sorted(groups.items())}


def classification(gold: list[str], predicted: list[str]) -> dict:
    """Router-only scores for one-sided gold labels; predicting `both` counts as wrong and as a hedge."""
    classes = sorted(set(gold))
    confusion = Counter(zip(gold, predicted))
    recall = {c: mean([float(p == c) for g, p in zip(gold, predicted) if g == c]) for c in classes}
    return {
        "n": len(gold), "accuracy": mean([float(g == p) for g, p in zip(gold, predicted)]),
        "recall": recall, "balanced_accuracy": mean(list(recall.values())),
        "hedge": mean([float(p == "both") for p in predicted]),
        "wrong_side": mean([float(p in ONE_SIDED and p != g) for g, p in zip(gold, predicted)]),
        "confusion": {g: {p: confusion[(g, p)] for p in sorted(set(predicted) | set(classes))} for g in classes},
    }


def section_scores(records: list[dict]) -> dict:
    """For queries with section gold ('file#anchor'): is the lead citation a gold section, and is one in the top 5."""
    rs = [r for r in records if r.get("gold_sections")]
    lead = [r["cited_sections"][0] if r["cited_sections"] else None for r in rs]
    return {"hit1": mean([float(first in r["gold_sections"]) for first, r in zip(lead, rs)]),
            "hit5": mean([float(any(s in r["gold_sections"] for s in r["cited_sections"][:5])) for r in rs]),
            "n": len(rs)}


def side_loss(record: dict, k: int = 5) -> bool | None:
    """A gold file ranked in the other side's top k but not among the citations shown (None: not measured)."""
    other = record.get("other_side_top")
    if other is None or not record["gold"]:
        return None
    return any(g in other[:k] and g not in record["cited"] for g in record["gold"])


def side_loss_scores(records: list[dict]) -> dict:
    measured = [x for x in (side_loss(r) for r in records) if x is not None]
    return {"rate": mean([float(x) for x in measured]), "count": sum(measured), "n": len(measured)}


def answered_rate(records: list[dict]) -> float | None:
    """Share of answerable queries that got an answer (the other half of the abstention trade-off)."""
    return mean([float(r["answered"]) for r in records if r["gold_route"] != "none"])


def baseline_target(best: float | None, factor: float = 1.05, cap: float = 0.98) -> float | None:
    """The bar a retrieval score must clear: factor x the better baseline, but never above cap."""
    return None if best is None else min(cap, factor * best)
