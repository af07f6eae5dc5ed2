"""The screening helpers of bench/request_map/screen.py (each option at its neutral value is the shipped model)
and the scores of bench/request_map/routed.py."""
import numpy as np

from bench.request_map import model as m
from bench.request_map.routed import sides_scores
from bench.request_map.screen import adapt_prior, center, fit_smoothed, project_out


def _toy(n=40, d=6, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d))
    y = np.arange(n) % 4
    x[np.arange(n), y] += 2.0     # separable enough to fit
    return x, y, np.full(n, 1 / n)


def test_smoothing_zero_is_the_plain_fit_and_smoothing_softens():
    x, y, w = _toy()
    plain, smoothed = m.fit(x, y, w, 1e-3), fit_smoothed(x, y, w, 1e-3, 0.0)
    assert np.allclose(plain[0], smoothed[0]) and np.allclose(plain[1], smoothed[1])
    soft = fit_smoothed(x, y, w, 1e-3, 0.3)
    assert np.abs(soft[0]).sum() < np.abs(plain[0]).sum()


def test_em_adapts_the_bucket_mix_toward_the_majority():
    p = np.asarray([[0.6, 0.2, 0.1, 0.1]] * 9 + [[0.1, 0.2, 0.6, 0.1]])
    assert np.allclose(adapt_prior(p, 1), p)              # the first step keeps the even training mix
    assert adapt_prior(p, 5)[-1, 0] > p[-1, 0]


def test_centering_and_projection_keep_unit_vectors():
    x = m.unit(np.random.default_rng(1).normal(size=(12, 5)))
    domains = np.asarray(["a"] * 6 + ["b"] * 6)
    assert np.allclose(center(x, domains, 0.0), x, atol=1e-6)
    centred = center(x, domains, 1.0)
    assert np.allclose(np.linalg.norm(centred, axis=1), 1.0, atol=1e-5)
    projected = project_out(x, domains, np.ones(12, dtype=bool), 1)
    assert np.allclose(np.linalg.norm(projected, axis=1), 1.0, atol=1e-5)


def test_routed_side_scores_keep_a_hedge_apart_from_a_wrong_side():
    from app.requests import BUCKETS
    service, support = BUCKETS.index("how-do-i"), BUCKETS.index("something-broke")
    s = sides_scores(["service", "both", "support", "service"], [service, support, service, service])
    assert s == {"side_exact": 0.5, "wrong_side": 0.25, "hedged": 0.25}
