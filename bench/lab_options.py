"""Named ranking options for bench.ranking_lab: chunk score vectors -> (hit@1, hit@5, RR) of the files."""
from __future__ import annotations

import numpy as np

from .lab_rankers import minmax, ranks, rrf
from .ranking_lab import file_ranks, score

DEPTH = 30


def _rank_by(lab, fused: np.ndarray, allowed: np.ndarray, gold: set[str], chunks: int | None = None):
    order = [i for i in np.argsort(-fused, kind="stable") if allowed[i] and fused[i] > 0]
    return score(file_ranks(order[:chunks] if chunks else order, lab.sources), gold)


def baseline_rows(lab, comp, allowed, gold) -> dict:
    """The bench's baselines: the top 5 chunks of one signal, audience-filtered, as distinct files."""
    dense = comp["dense"] + 2.0    # cosine may be negative; keep every allowed chunk rankable
    return {"baseline_dense": _rank_by(lab, dense, allowed, gold, chunks=5),
            "baseline_bm25": _rank_by(lab, comp["body"], allowed, gold, chunks=5),
            "dense_5files": _rank_by(lab, dense, allowed, gold),
            "bm25_5files": _rank_by(lab, comp["body"], allowed, gold)}


def _rrf(signals: dict[str, float], k: float, depth: int = DEPTH):
    def fn(lab, comp, allowed, gold):
        lists = [(ranks(comp[s] + (2.0 if s == "dense" else 0.0), allowed, depth), w) for s, w in signals.items()]
        return _rank_by(lab, rrf(lists, k), allowed, gold)
    return fn


def _combsum(signals: dict[str, float], depth: int = DEPTH):
    def fn(lab, comp, allowed, gold):
        fused = sum(w * minmax(comp[s] + (2.0 if s == "dense" else 0.0), allowed, depth) for s, w in signals.items())
        return _rank_by(lab, fused + 1e-9 * (comp["dense"] + 2.0), allowed, gold)
    return fn


OPTIONS = {}
for k in (10, 30, 60):
    for w in (0.5, 1.0, 2.0):
        OPTIONS[f"rrf_k{k}_bm25w{w}"] = _rrf({"dense": 1.0, "body": w}, k)
    OPTIONS[f"rrf_k{k}_dense_body_head"] = _rrf({"dense": 1.0, "body": 1.0, "head": 1.0}, k)
    OPTIONS[f"rrf_k{k}_dense_body_file"] = _rrf({"dense": 1.0, "body": 1.0, "file": 1.0}, k)
    OPTIONS[f"rrf_k{k}_dense_body_head_file"] = _rrf({"dense": 1.0, "body": 1.0, "head": 1.0, "file": 1.0}, k)
OPTIONS["rrf_k60_bm25w1_depth100"] = _rrf({"dense": 1.0, "body": 1.0}, 60, depth=100)
for w in (0.5, 1.0, 2.0):
    OPTIONS[f"combsum_bm25w{w}"] = _combsum({"dense": 1.0, "body": w})
OPTIONS["combsum_dense_body_head"] = _combsum({"dense": 1.0, "body": 1.0, "head": 1.0})
OPTIONS["combsum_dense_body_file"] = _combsum({"dense": 1.0, "body": 1.0, "file": 1.0})
OPTIONS["combsum_dense_body_head_file"] = _combsum({"dense": 1.0, "body": 1.0, "head": 1.0, "file": 1.0})
OPTIONS["combsum_dense_body_head0.5_file0.5"] = _combsum({"dense": 1.0, "body": 1.0, "head": 0.5, "file": 0.5})
