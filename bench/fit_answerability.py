"""Fit app/answerability.py's weights, leave-one-corpus-out, on the features the product itself computes.

    python -m bench.fit_answerability [--workdir /tmp/ranking-lab] [--suite bench/suite.toml]

For each corpus of the suite ingested by bench.ranking_lab (WORKDIR/<corpus>/config.toml), every question
(the unanswerable ones of `more_queries` too) is ranked by the product's `Retriever.search_all` and turned
into features by `app.answerability.features`, so what is fitted is what runs. The logistic is fitted with
each class weighted equally (few unanswerable questions); the threshold is the highest that still answers
>= 0.96 of the answerable questions on every training corpus. Prints, for each corpus left out, answered /
declined there, then the weights fitted on all corpora. Needs scikit-learn (pip install scikit-learn).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from ingest.config import Config

ANSWER_AT_LEAST = 0.96      # 0.95 (the floor) cost answerable questions; see app/answerability.py


def rows_for(config: Config | Path, queries: list[dict], embedder) -> list[dict]:
    """One row of features per question, from the text the product searches:
    cleaned and spelling-corrected for its audience (KnowledgeBase.ask), so a misspelt question is fitted as it
    is answered."""
    from app import answerability
    from app.engine import KnowledgeBase, clean_question
    kb = KnowledgeBase(config, embedder=embedder)
    texts = [kb.retriever.correct(clean_question(q["query"]), q.get("audience", "customer")) for q in queries]
    vectors = embedder.embed(texts)
    out = []
    for q, text, v in zip(queries, texts, vectors):
        audience = q.get("audience", "customer")
        [hits] = kb.retriever.search_all([text], [[float(x) for x in v]], audience)
        f = answerability.features(hits)
        out.append({"id": q["id"], "answerable": bool(q.get("gold")), **f})
    return out


def _xy(rows: list[dict], names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([[r[f] for f in names] for r in rows]), np.array([r["answerable"] for r in rows])


def fit(rows: list[dict], names: list[str]):
    from sklearn.linear_model import LogisticRegression
    x, y = _xy(rows, names)
    counts = {c: int((y == c).sum()) for c in (True, False)}
    weights = np.array([len(rows) / (2 * counts[bool(v)]) for v in y])
    return LogisticRegression(C=1.0).fit(x, y, sample_weight=weights)


def rates(model, rows: list[dict], names: list[str], threshold: float) -> tuple[float, float | None]:
    x, y = _xy(rows, names)
    answered = model.predict_proba(x)[:, 1] >= threshold
    return float(answered[y].mean()), float((~answered[~y]).mean()) if (~y).any() else None


def threshold(model, corpora: dict[str, list[dict]], names: list[str]) -> float:
    ok = [t for t in np.linspace(0.02, 0.98, 97)
          if all(rates(model, rows, names, t)[0] >= ANSWER_AT_LEAST for rows in corpora.values())]
    return round(float(max(ok)), 2) if ok else 0.02


def main(argv=None) -> int:
    from app.answerability import WEIGHTS
    from ingest.embedder import Embedder

    from .suite import load_suite
    p = argparse.ArgumentParser(prog="python -m bench.fit_answerability")
    p.add_argument("--workdir", type=Path, default=Path("/tmp/ranking-lab"))
    p.add_argument("--suite", type=Path, default=Path(__file__).resolve().parent / "suite.toml")
    args = p.parse_args(argv)
    names = list(WEIGHTS)
    embedder = Embedder()
    data = {spec.name: rows_for(args.workdir / spec.name / "config.toml", spec.queries(), embedder)
            for spec in load_suite(args.suite) if (args.workdir / spec.name / "config.toml").exists()}
    for held, rows in data.items():
        train = {c: r for c, r in data.items() if c != held}
        model = fit([r for rs in train.values() for r in rs], names)
        t = threshold(model, train, names)
        answered, declined = rates(model, rows, names, t)
        none = sum(not r["answerable"] for r in rows)
        print(f"left out {held}: threshold {t}, answered {answered:.3f}, declined "
              f"{'-' if declined is None else f'{declined:.3f}'} ({none} unanswerable)")
    model = fit([r for rs in data.values() for r in rs], names)
    print("all corpora: weights", dict(zip(names, np.round(model.coef_[0], 2).tolist(), strict=True)),
          "bias", round(float(model.intercept_[0]), 2), "threshold", threshold(model, data, names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
