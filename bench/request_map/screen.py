"""Quick screen of a request-classifier change:  python -m bench.request_map.screen [options]

The leave-one-domain-out of `python -m bench.request_map`, but with the settings fixed (those the inner
leave-one-domain-out chose most often in bench/results/request_map.md) instead of chosen per fold: one fit per
domain left out, ~15 s instead of ~30 min on a shared 2-core machine. A change that does not move this needs no
full run; one that does is confirmed by the full run. The options are the variants measured for issue 9
(bench/results/request_map_experiments.md): none beat the plain model."""
from __future__ import annotations

import argparse
from collections import Counter

import numpy as np

from app.requests import BUCKETS, centroid_proba, sharpen, unit

from . import model as m
from .__main__ import score_domain

FIXED = {"l2": 1e-3, "temperature": 0.8, "k": 5, "centroid_temperature": 0.05, "blend": 0.3, "power": 1.15,
         "band": (0.3, 0.7)}
KEYS = ("bucket_accuracy", "bucket_balanced", "side_exact", "wrong_side", "hedged")


def center(vecs: np.ndarray, domains: np.ndarray, alpha: float) -> np.ndarray:
    """Per-domain centering: each message minus alpha x its own domain's mean embedding (at run time that
    would be the deployment's running mean; here the left-out domain's mean, computed without labels)."""
    out = vecs.copy()
    for d in np.unique(domains):
        out[domains == d] -= alpha * vecs[domains == d].mean(axis=0)
    return unit(out)


def project_out(vecs: np.ndarray, domains: np.ndarray, train: np.ndarray, r: int) -> np.ndarray:
    """Remove the r directions along which the training domains' mean embeddings differ most (a fixed
    projection that would ship with the model: no deployment data needed)."""
    mu = np.stack([vecs[domains == d].mean(axis=0) for d in np.unique(domains[train])])
    v = np.linalg.svd(mu - mu.mean(axis=0), full_matrices=False)[2][:r]
    return unit(vecs - (vecs @ v.T) @ v)


def weights(data: m.Dataset, mask: np.ndarray, bucket_eq: float) -> np.ndarray:
    """m.sample_weights with the bucket equalisation raised to bucket_eq (1 = as shipped, 0 = none)."""
    keys = list(zip(data.domain[mask], data.intent[mask]))
    per_intent = Counter(keys)
    intents_of = Counter(d for d, _ in per_intent)
    w = np.asarray([1.0 / (intents_of[d] * per_intent[(d, i)]) for d, i in keys])
    mass = np.bincount(data.y[mask], weights=w, minlength=len(BUCKETS))
    w = w / mass[data.y[mask]] ** bucket_eq
    return w / w.sum()


def fit_smoothed(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float, eps: float):
    """m.fit with label smoothing: the target puts eps on the four buckets evenly."""
    if not eps:
        return m.fit(x, y, w, l2)
    k = len(BUCKETS)
    soft = np.full((len(y), k), eps / k)
    soft[np.arange(len(y)), y] += 1 - eps
    # the soft target's cross-entropy is the mean of one-hot losses weighted by it: expand each row k times
    xs, ys = np.repeat(x, k, axis=0), np.tile(np.arange(k), len(y))
    return m.fit(xs, ys, (soft * w[:, None]).ravel(), l2)


def adapt_prior(p: np.ndarray, iterations: int) -> np.ndarray:
    """Saerens et al. (2002) EM: re-estimate the bucket mix of unlabelled messages from the classifier's own
    probabilities (trained on an even mix) and reweight them by it. At run time the messages would be the
    deployment's traffic so far (no labels); here, all messages of the domain left out."""
    prior = np.full(p.shape[1], 1 / p.shape[1])
    q = p
    for _ in range(iterations):
        q = p * prior * p.shape[1]
        q /= q.sum(axis=1, keepdims=True)
        prior = q.mean(axis=0)
    return q


DESCRIPTIONS = {     # issue 9's words for each bucket, as zero-shot anchors (--describe; measured, not shipped)
    "how-do-i": "How do I do this? Usage guidance: setup, workflows, where is a setting or feature.",
    "something-broke": "Something is broken: an error, an outage, missing data, a failing integration, something "
                       "that did not happen as expected.",
    "account-and-money": "Account and money: billing, my plan, refunds, a failed payment, invoices, a charge dispute.",
    "decision": "Help me decide: which plan, is it a good fit, what is the policy, do you integrate with this?",
}


def described(vecs: np.ndarray, temperature: float) -> np.ndarray:
    """Zero-shot bucket probabilities: softmax of each message's cosine to the buckets' descriptions."""
    anchors = unit(np.asarray(m.vectors([DESCRIPTIONS[b] for b in BUCKETS]), dtype=np.float64))
    return m.softmax((vecs @ anchors.T) / temperature)


def screen(args: argparse.Namespace) -> dict:
    rows = m.load()
    m.PER_INTENT = args.per_intent
    domains = np.asarray([r["domain"] for r in rows])
    vecs = m.vectors([r["text"] for r in rows])
    if args.center:
        vecs = center(vecs, domains, args.center)
    data = m.Dataset(rows, vecs)
    out = {}
    for held in sorted(set(domains)):
        test = domains == held
        out[held] = score_domain([r for r, t in zip(rows, test) if t], held_out(data, domains, held, args),
                                 FIXED["band"])
    return out


def held_out(data: m.Dataset, domains: np.ndarray, held: str, args: argparse.Namespace | None = None) -> np.ndarray:
    """Bucket probabilities of the messages of domain `held` from a classifier fitted on the other domains
    (the fixed settings; args: the screened variants, none by default)."""
    args = args or parser().parse_args([])
    train, test = domains != held, domains == held
    v = project_out(data.vecs, domains, train, args.project) if args.project else data.vecs
    x = np.hstack([v, data.x[:, v.shape[1]:]]).astype(np.float64)
    fit_rows = train & data.trainable
    W, b = fit_smoothed(x[fit_rows], data.y[fit_rows], weights(data, fit_rows, args.bucket_eq), args.l2, args.smooth)
    linear = m.softmax((x[test] @ W.T + b) / FIXED["temperature"])
    c, cb = m.centroids(v[train], data.intent[train], data.y[train])
    near = centroid_proba(v[test], c, cb, FIXED["k"], FIXED["centroid_temperature"])
    p = (1 - FIXED["blend"]) * linear + FIXED["blend"] * near
    if args.describe:
        p = (1 - args.describe) * p + args.describe * described(v[test], args.describe_t)
    return adapt_prior(sharpen(p, FIXED["power"]), args.em)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.request_map.screen", description=__doc__.split("\n\n")[1])
    p.add_argument("--center", type=float, default=0.0, help="per-domain centering strength (0 = off)")
    p.add_argument("--project", type=int, default=0, help="directions between training domains removed")
    p.add_argument("--bucket-eq", type=float, default=1.0, help="bucket equalisation of the sample weights")
    p.add_argument("--smooth", type=float, default=0.0, help="label smoothing")
    p.add_argument("--l2", type=float, default=FIXED["l2"])
    p.add_argument("--em", type=int, default=0, help="EM steps adapting the bucket mix to the left-out domain")
    p.add_argument("--describe", type=float, default=0.0, help="weight of the bucket descriptions' zero-shot prior")
    p.add_argument("--describe-t", type=float, default=0.05, help="its softmax temperature")
    p.add_argument("--per-intent", type=int, default=m.PER_INTENT, help="training rows kept per intent")
    return p


def main(argv: list[str] | None = None) -> None:
    out = screen(parser().parse_args(argv))
    mean = {k: round(float(np.mean([d[k] for d in out.values()])), 3) for k in KEYS}
    print("mean", mean)
    print(" ".join(f"{name} {d['bucket_accuracy']:.3f}" for name, d in out.items()))


if __name__ == "__main__":
    main()
