"""Named ranking options for bench.ranking_lab: chunk score vectors -> one fused score per chunk."""
from __future__ import annotations

import os
import re

import numpy as np

from .lab_rankers import minmax, ranks, rrf
from .ranking_lab import file_ranks, score

DEPTH = 30
# cosine may be negative; shift so every allowed chunk is rankable
SHIFT = {n: 2.0 for n in ("dense", "hpath", "hlast", "htitle", "dense_max_hpath", "dense_max_hlast",
                          "dense_mean_hpath", "dense_qmax_hlast", "dense_qmax_hpath", "qhlast", "dense_uqmax_hlast",
                          "mean_hpath_uqmax_hlast", "dense_tqmax_hlast", "dense_tq_hlast_uq_hpath")}


def _s(comp, name):
    return comp[name] + SHIFT.get(name, 0.0)


def _rank_by(lab, fused: np.ndarray, allowed: np.ndarray, gold: set[str], chunks: int | None = None):
    order = [i for i in np.argsort(-fused, kind="stable") if allowed[i] and fused[i] > 0]
    return score(file_ranks(order[:chunks] if chunks else order, lab.sources), gold)


def baseline_rows(lab, comp, allowed, gold) -> dict:
    """The bench's baselines: the top 5 chunks of one signal, audience-filtered, as distinct files."""
    return {"baseline_dense": _rank_by(lab, _s(comp, "dense"), allowed, gold, chunks=5),
            "baseline_bm25": _rank_by(lab, comp["body"], allowed, gold, chunks=5),
            "dense_5files": _rank_by(lab, _s(comp, "dense"), allowed, gold),
            "bm25_5files": _rank_by(lab, comp["body"], allowed, gold)}


def rrf_of(signals: dict[str, float], k: float, depth: int = DEPTH):
    def fused(lab, comp, allowed):
        return rrf([(ranks(_s(comp, s), allowed, depth), w) for s, w in signals.items()], k)
    return fused


def combsum_of(signals: dict[str, float], depth: int = DEPTH):
    def fused(lab, comp, allowed):
        out = sum(w * minmax(_s(comp, s), allowed, depth) for s, w in signals.items())
        return out + 1e-9 * _s(comp, "dense")
    return fused


def zscore(scores: np.ndarray, allowed: np.ndarray, depth: int | None) -> np.ndarray:
    """Scores standardised over the allowed chunks (or over the top `depth` of them): how far a chunk stands
    out from the rest for this question. Parameter-free; chunks outside the top `depth` get the lowest z."""
    seen = scores[allowed]
    if depth:
        seen = np.sort(seen)[::-1][:depth]
    sd = seen.std() or 1.0
    z = (scores - seen.mean()) / sd
    if depth:
        z = np.where(scores >= seen[-1], z, (seen[-1] - seen.mean()) / sd)
    return np.where(allowed, z, -1e9)


def zsum_of(signals: dict[str, float], depth: int | None = None):
    def fused(lab, comp, allowed):
        out = sum(w * zscore(_s(comp, s), allowed, depth) for s, w in signals.items())
        return out - out[allowed].min() + 1e-6 if allowed.any() else out
    return fused


def file_boost(inner, weight: float = 0.5):
    """Add to each chunk `weight` x the best fused score among the other chunks of its file."""
    def fused(lab, comp, allowed):
        f = inner(lab, comp, allowed)
        best: dict[str, list[float]] = {}
        for i in np.flatnonzero(allowed & (f > 0)):
            best.setdefault(lab.sources[i], []).append(f[i])
        second = {s: sorted(v, reverse=True)[1] if len(v) > 1 else 0.0 for s, v in best.items()}
        return f + weight * np.asarray([second.get(s, 0.0) for s in lab.sources])
    return fused


def evaluated(fn):
    return lambda lab, comp, allowed, gold: _rank_by(lab, fn(lab, comp, allowed), allowed, gold)


FUSED = {}
for k in (10, 30, 60):
    for w in (0.5, 1.0, 2.0):
        FUSED[f"rrf_k{k}_bm25w{w}"] = rrf_of({"dense": 1.0, "body": w}, k)
    FUSED[f"rrf_k{k}_dense_body_head"] = rrf_of({"dense": 1.0, "body": 1.0, "head": 1.0}, k)
    FUSED[f"rrf_k{k}_dense_body_file"] = rrf_of({"dense": 1.0, "body": 1.0, "file": 1.0}, k)
    FUSED[f"rrf_k{k}_dense_bodyhead2"] = rrf_of({"dense": 1.0, "body_head2": 1.0}, k)
    FUSED[f"rrf_k{k}_dense_fuzzy"] = rrf_of({"dense": 1.0, "body_fuzzy": 1.0}, k)
FUSED["rrf_k60_dense_body_file0.5"] = rrf_of({"dense": 1.0, "body": 1.0, "file": 0.5}, 60)
FUSED["rrf_k60_dense_body_head0.5"] = rrf_of({"dense": 1.0, "body": 1.0, "head": 0.5}, 60)
FUSED["rrf_k60_bm25w1_depth100"] = rrf_of({"dense": 1.0, "body": 1.0}, 60, depth=100)
FUSED["rrf_k60_bm25w1_depth10"] = rrf_of({"dense": 1.0, "body": 1.0}, 60, depth=10)
FUSED["rrf_k60_bm25w1_fileboost0.5"] = file_boost(rrf_of({"dense": 1.0, "body": 1.0}, 60))
FUSED["rrf_k60_bm25w0.5_fileboost0.5"] = file_boost(rrf_of({"dense": 1.0, "body": 0.5}, 60))
for w in (0.5, 1.0, 2.0):
    FUSED[f"combsum_bm25w{w}"] = combsum_of({"dense": 1.0, "body": w})
FUSED["combsum_bm25w1_depth100"] = combsum_of({"dense": 1.0, "body": 1.0}, depth=100)
FUSED["combsum_dense_bodyhead2"] = combsum_of({"dense": 1.0, "body_head2": 1.0})
FUSED["combsum_dense_body_head"] = combsum_of({"dense": 1.0, "body": 1.0, "head": 1.0})
FUSED["combsum_dense_body_file"] = combsum_of({"dense": 1.0, "body": 1.0, "file": 1.0})
FUSED["combsum_dense_body_file0.5"] = combsum_of({"dense": 1.0, "body": 1.0, "file": 0.5})
FUSED["combsum_dense_fuzzy"] = combsum_of({"dense": 1.0, "body_fuzzy": 1.0})
FUSED["combsum_bm25w1_fileboost0.5"] = file_boost(combsum_of({"dense": 1.0, "body": 1.0}))

for depth in (None, 30, 100):
    FUSED[f"zsum_depth{depth}"] = zsum_of({"dense": 1.0, "body": 1.0}, depth)
    FUSED[f"zsum_bodyhead2_depth{depth}"] = zsum_of({"dense": 1.0, "body_head2": 1.0}, depth)
FUSED["zsum_bm25w0.5_depthNone"] = zsum_of({"dense": 1.0, "body": 0.5})

for k in (30, 60):
    FUSED[f"rrf_k{k}_bm25w1_depth100_bodyhead2"] = rrf_of({"dense": 1.0, "body_head2": 1.0}, k, depth=100)
    FUSED[f"rrf_k{k}_bm25w1_depth60"] = rrf_of({"dense": 1.0, "body": 1.0}, k, depth=60)
    FUSED[f"rrf_k{k}_bm25w1_depth200"] = rrf_of({"dense": 1.0, "body": 1.0}, k, depth=200)
FUSED["rrf_k60_bm25w0.5_depth100"] = rrf_of({"dense": 1.0, "body": 0.5}, 60, depth=100)
FUSED["rrf_k60_dense_bm25_zsum_depth100"] = lambda lab, comp, allowed: rrf(
    [(ranks(_s(comp, "dense"), allowed, 100), 1.0), (ranks(comp["body"], allowed, 100), 1.0),
     (ranks(zsum_of({"dense": 1.0, "body_head2": 1.0}, 100)(lab, comp, allowed), allowed, 100), 1.0)], 60)

# multi-field dense: a vector of the heading path (or last heading, or title) beside the body's
for k in (60,):
    for h in ("hpath", "hlast", "htitle"):
        FUSED[f"rrf_k{k}_dense_body_{h}"] = rrf_of({"dense": 1.0, "body": 1.0, h: 1.0}, k, depth=100)
        FUSED[f"rrf_k{k}_dense_body_{h}0.5"] = rrf_of({"dense": 1.0, "body": 1.0, h: 0.5}, k, depth=100)
    for m in ("dense_max_hpath", "dense_max_hlast", "dense_mean_hpath"):
        FUSED[f"rrf_k{k}_{m}_body"] = rrf_of({m: 1.0, "body": 1.0}, k, depth=100)
        FUSED[f"rrf_k{k}_{m}_bodyhead2"] = rrf_of({m: 1.0, "body_head2": 1.0}, k, depth=100)
    FUSED["rrf_k60_dense_bodyhead2_hpath"] = rrf_of({"dense": 1.0, "body_head2": 1.0, "hpath": 1.0}, 60, depth=100)
# question-shaped headings only (FAQ entries): the heading's cosine counts where it is a question
for m in ("dense_qmax_hlast", "dense_qmax_hpath"):
    FUSED[f"rrf_k60_{m}_body"] = rrf_of({m: 1.0, "body": 1.0}, 60, depth=100)
FUSED["rrf_k60_dense_body_qhlast"] = rrf_of({"dense": 1.0, "body": 1.0, "qhlast": 1.0}, 60, depth=100)
for h in ("hpath", "dense_max_hpath", "dense_mean_hpath"):
    FUSED[f"{h}_alone"] = rrf_of({h: 1.0}, 60, depth=100)



def dense_pool_of(pool: int, extra: int = 0, signal: str = "dense_uqmax_hlast"):
    """The product's fusion (app/retrieval.py): RRF of the dense ranking (question headings one file asks
    counted; before stop 25 every question heading: `signal="dense_qmax_hlast"`) and of
    BM25 re-ranking only the dense ranking's first `pool` chunks.

    `extra` > 0 admits BM25's own best `extra` passages to the shortlist too: a passage only keywords find (a
    product term the model reads poorly) keeps BM25's help. Stop 24, hit@1 / hit@5 / MRR@10, pool 15 -> with
    BM25's best 1: govuk-paas, plausible, covid-faq and Obsidian the same, Quillhub 0.959 / 1 / 0.976 -> 0.939 /
    1 / 0.966, techqa (381 posts then) 0.790 / 0.927 / 0.847 -> 0.793 / 0.927 / 0.848; 2, 3 and 5 move corpora both ways
    (Quillhub up at 3, govuk-paas down at 5). No bench corpus favours BM25, so the insurance it would buy cannot
    be measured here; not shipped."""
    def fused(lab, comp, allowed):
        d, body = _s(comp, signal), comp["body"]
        top = np.zeros(len(d), dtype=bool)
        top[[i for i in np.argsort(-d, kind="stable") if allowed[i]][:pool]] = True
        top[[i for i in np.argsort(-body, kind="stable") if allowed[i] and body[i] > 0][:extra]] = True
        return rrf([(ranks(d, allowed, 100), 1.0), (ranks(body, allowed & top, 100), 1.0)], 60)
    return fused


def tie_break(inner, signal: str):
    """`inner`'s fused score, exact ties (RRF's swapped ranks: 1st + 2nd = 2nd + 1st) broken by `signal`'s
    score rather than by chunk order. The product breaks them by the dense ranking (its insertion order).
    Stop 25, pool 15, hit@1 / hit@5 / MRR@10, chunk order -> dense -> BM25: govuk-paas, plausible the same;
    covid-faq 0.705 / 0.951 / 0.801 -> 0.701 / 0.951 / 0.799 -> 0.697 / 0.951 / 0.796; Quillhub 0.959 / 1 / 0.976
    -> 0.939 / 1 / 0.966 -> 0.939 / 1 / 0.969; techqa 0.789 / 0.927 / 0.846 -> the same -> 0.780 / 0.927 / 0.842;
    WixQA 0.806 / 0.988 / 0.876 -> 0.794 / 0.988 / 0.869 -> 0.806 / 0.988 / 0.875. Neither signal is a better
    judge of a tie than the other; the product keeps dense order."""
    def fused(lab, comp, allowed):
        return inner(lab, comp, allowed) + 1e-9 * minmax(_s(comp, signal), allowed, None)
    return fused


for pool in (10, 15, 20, 30, 50):
    FUSED[f"dense_pool{pool}"] = dense_pool_of(pool)
# The dense ranking's question field: the question heading alone (as before stop 25), with its heading path,
# none, or only a question one file asks (shipped since stop 25: app/corpus_index.distinct_questions). Stop 25,
# hit@1 / hit@5 / MRR@10 on eight corpora: the five of the bench, Obsidian, WixQA and mediqa (private checks):
# only mediqa and covid-faq move. mediqa 0.716 / 0.981 / 0.830, with the path 0.722 / 0.981 / 0.833, none
# 0.775 / 0.981 / 0.867, one file's 0.744 / 0.981 / 0.849; covid-faq 0.705 / 0.951 / 0.801, none 0.639 / 0.930 /
# 0.752, the path and one file's the same as shipped; the path costs plausible 0.940 -> 0.923 MRR. The file
# boost on this fusion loses everywhere but Quillhub and Obsidian (covid-faq MRR 0.386 at 0.25: RRF's scale
# makes a file's second chunk count as much as a rank). The mean of the body's and the heading path's cosine as
# the dense signal (with or without the question field) helps where titles name the topic (mediqa MRR 0.830 ->
# 0.875, Obsidian 0.822 -> 0.868) and costs the rest (govuk-paas 0.985 -> 0.929, WixQA 0.876 -> 0.833, techqa
# 0.846 -> 0.833): sum of hit@5 + MRR@10 over the eight 14.923 -> 14.781, one file's question field 14.942.
FUSED["dense_pool15_qhpath"] = dense_pool_of(15, signal="dense_qmax_hpath")
FUSED["dense_pool15_plain"] = dense_pool_of(15, signal="dense")
FUSED["dense_pool15_qmax"] = dense_pool_of(15, signal="dense_qmax_hlast")     # as before stop 25
# Only a question that titles its page (stop 26; bench/corpora/doc2dial added as a ninth corpus): doc2dial 0.630 /
# 0.865 / 0.725 -> 0.680 / 0.898 / 0.767 (its section questions are elliptical: "How do I get these benefits?"),
# covid-faq the same (its questions are page titles), mediqa 0.744 / 0.849 -> 0.722 / 0.837 (titled "What is
# Epilepsy?" pages outrank the page that answers); the rest the same. Sum over nine 16.532 -> 16.596, but left
# out in turn, doc2dial picks the shipped field and mediqa picks this one: each loses where it is not chosen.
# No question field: 16.556 (covid-faq 0.801 -> 0.752 MRR). Not shipped then. Shipped in stop 31 (app/corpus_index.
# distinct_questions) with ten corpora (ConditionalQA added): left out in turn, the other nine pick it for eight.
FUSED["dense_pool15_tq"] = dense_pool_of(15, signal="dense_tqmax_hlast")
FUSED["dense_pool15_tq_uqpath"] = dense_pool_of(15, signal="dense_tq_hlast_uq_hpath")
FUSED["dense_pool15_meanhpath"] = dense_pool_of(15, signal="dense_mean_hpath")
FUSED["dense_pool15_meanhpath_uq"] = dense_pool_of(15, signal="mean_hpath_uqmax_hlast")
for w in (0.25, 0.5):
    FUSED[f"dense_pool15_fileboost{w}"] = file_boost(dense_pool_of(15), w)
    FUSED[f"dense_pool15_qhpath_fileboost{w}"] = file_boost(dense_pool_of(15, signal="dense_qmax_hpath"), w)
FUSED["dense_pool15_tb_dense"] = tie_break(dense_pool_of(15), "dense_qmax_hlast")
FUSED["dense_pool15_tb_bm25"] = tie_break(dense_pool_of(15), "body")
for extra in (1, 2, 3, 5, 15):
    FUSED[f"dense_pool15_bm{extra}"] = dense_pool_of(15, extra)
FUSED["dense_pool_all"] = dense_pool_of(10 ** 6)     # BM25 over every candidate, as `dense_pool = 0`


def dense_pool_with(pool: int, field: str, weight: float):
    """The product's fusion with a third ranking in the RRF: the chunks by `field`'s cosine (a heading path).
    Stop 26, sum of hit@5 + MRR@10 over the eight corpora 14.942 as shipped; the heading path at 0.5 14.724 (at
    1.0 14.628), the title at 0.5 14.453: mediqa, covid-faq and Obsidian gain a little (mediqa MRR 0.849 ->
    0.862), govuk-paas (0.985 -> 0.926), plausible, WixQA (0.876 -> 0.826) and techqa lose more. Not shipped."""
    inner = dense_pool_of(pool)

    def fused(lab, comp, allowed):
        return inner(lab, comp, allowed) + rrf([(ranks(_s(comp, field), allowed, 100), weight)], 60)
    return fused


def file_rrf_of(pool: int, signal: str = "dense_uqmax_hlast"):
    """RRF over files instead of chunks: each list ranks files by their best chunk (dense: every allowed chunk;
    BM25: the dense ranking's first `pool` chunks), so a file with several good chunks takes one place per list
    and does not push other files down. Within a file, chunks keep the chunk-level fusion's order. Stop 26, sum
    of hit@5 + MRR@10 over the eight corpora 14.942 as shipped, 14.902 (shortlist 15), 14.796 (30): Quillhub
    and Obsidian gain (MRR 0.976 -> 0.986, 0.822 -> 0.843), govuk-paas and plausible lose (0.985 -> 0.971,
    0.940 -> 0.917). Not shipped."""
    inner = dense_pool_of(pool, signal=signal)

    def fused(lab, comp, allowed):
        d, body = _s(comp, signal), comp["body"]
        order = [i for i in np.argsort(-d, kind="stable") if allowed[i]]
        top = np.zeros(len(d), dtype=bool)
        top[order[:pool]] = True
        src = np.asarray(lab.sources)
        dense_files = list(dict.fromkeys(src[i] for i in order[:100]))
        bm = [i for i in np.argsort(-body, kind="stable") if top[i] and body[i] > 0]
        bm_files = list(dict.fromkeys(src[i] for i in bm))
        score = {f: 1 / (60 + r) for r, f in enumerate(dense_files, 1)}
        for r, f in enumerate(bm_files, 1):
            score[f] = score.get(f, 0.0) + 1 / (60 + r)
        chunk = inner(lab, comp, allowed)
        return np.array([score.get(f, 0.0) for f in src]) * (chunk > 0) + 1e-6 * chunk
    return fused


FUSED["file_rrf15"] = file_rrf_of(15)
FUSED["file_rrf30"] = file_rrf_of(30)
for w in (0.5, 1.0):
    FUSED[f"dense_pool15_rrfhpath{w}"] = dense_pool_with(15, "hpath", w)
    FUSED[f"dense_pool15_rrfhtitle{w}"] = dense_pool_with(15, "htitle", w)


def dense_pool_sum_of(pool: int, norm):
    """The dense shortlist, re-ranked by the sum of its dense and BM25 scores normalised over the shortlist
    (`norm`: minmax or zscore), so a passage far ahead on cosine keeps its lead; the rest follow in dense order."""
    def fused(lab, comp, allowed):
        d = _s(comp, "dense_qmax_hlast")
        order = [i for i in np.argsort(-d, kind="stable") if allowed[i]]
        top = np.zeros(len(d), dtype=bool)
        top[order[:pool]] = True
        out = np.zeros(len(d))
        r = np.zeros(len(d))
        r[order] = np.arange(1, len(order) + 1)
        out[allowed] = 1.0 / (60 + r[allowed])
        dn, bn = norm(d, allowed & top, pool), norm(comp["body"], allowed & top, pool)
        out[top] = 10.0 + dn[top] + bn[top]
        return out
    return fused


for pool in (10, 15, 20, 30):
    FUSED[f"dense_pool{pool}_minmax"] = dense_pool_sum_of(pool, minmax)
    FUSED[f"dense_pool{pool}_z"] = dense_pool_sum_of(pool, zscore)

OPTIONS = {name: evaluated(fn) for name, fn in FUSED.items()
           if re.search(os.environ.get("LAB_OPTIONS", ""), name)}
DEFAULT = FUSED["rrf_k60_bm25w1.0"]
