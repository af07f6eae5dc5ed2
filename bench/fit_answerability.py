"""Fit app/answerability.py's weights, leave-one-corpus-out, from the features bench.ranking_lab wrote.

    python -m bench.fit_answerability [--workdir /tmp/ranking-lab]

Per corpus the lab writes WORKDIR/<corpus>/features.json (one row per question: answerable or not, and
the signals). The logistic is fitted with each class weighted equally (few unanswerable questions); the
threshold is the highest that still answers >= 0.95 of the answerable questions on every training corpus.
Prints, for each corpus left out, answered / declined there, then the weights fitted on all corpora.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

FEATURES = ["dense_top", "coverage_u"]
ANSWER_AT_LEAST = 0.95


def _xy(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([[r[f] for f in FEATURES] for r in rows]), np.array([r["answerable"] for r in rows])


def fit(rows: list[dict]):
    from sklearn.linear_model import LogisticRegression
    x, y = _xy(rows)
    counts = {c: int((y == c).sum()) for c in (True, False)}
    weights = np.array([len(rows) / (2 * counts[bool(v)]) for v in y])
    return LogisticRegression(C=1.0).fit(x, y, sample_weight=weights)


def rates(model, rows: list[dict], threshold: float) -> tuple[float, float | None]:
    x, y = _xy(rows)
    answered = model.predict_proba(x)[:, 1] >= threshold
    return float(answered[y].mean()), float((~answered[~y]).mean()) if (~y).any() else None


def threshold(model, corpora: dict[str, list[dict]]) -> float:
    ok = [t for t in np.linspace(0.05, 0.95, 91)
          if all(rates(model, rows, t)[0] >= ANSWER_AT_LEAST for rows in corpora.values())]
    return round(float(max(ok)), 2) if ok else 0.05


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.fit_answerability")
    p.add_argument("--workdir", type=Path, default=Path("/tmp/ranking-lab"))
    args = p.parse_args(argv)
    data = {f.parent.name: json.loads(f.read_text(encoding="utf-8"))
            for f in sorted(args.workdir.glob("*/features.json"))}
    for held, rows in data.items():
        train = {c: r for c, r in data.items() if c != held}
        model = fit([r for rs in train.values() for r in rs])
        t = threshold(model, train)
        answered, declined = rates(model, rows, t)
        none = sum(not r["answerable"] for r in rows)
        print(f"left out {held}: threshold {t}, answered {answered:.3f}, declined "
              f"{'-' if declined is None else f'{declined:.3f}'} ({none} unanswerable)")
    model = fit([r for rs in data.values() for r in rs])
    print("all corpora: weights", dict(zip(FEATURES, np.round(model.coef_[0], 2).tolist(), strict=True)),
          "bias", round(float(model.intercept_[0]), 2), "threshold", threshold(model, data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
