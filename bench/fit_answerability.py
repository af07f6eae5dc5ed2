"""Fit app/answerability.py's weights, leave-one-corpus-out, on the features the product itself computes.

    python -m bench.fit_answerability [--workdir /tmp/ranking-lab] [--suite bench/suite.toml]

    python -m bench.fit_answerability --rows bench/answerability_sites.jsonl      # with 16 unseen doc sites

For each corpus of the suite ingested by bench.ranking_lab (WORKDIR/<corpus>/config.toml), every question
(the unanswerable ones of `more_queries` too) is ranked by the product's `Retriever.search_all` and turned
into features by `app.answerability.features`, so what is fitted is what runs. `--rows` adds corpora whose
features were recorded elsewhere: answerability_sites.jsonl holds `result["debug"]["answerability"]` of
`kb ask --json` on 16 documentation sites the product had not seen (stops 35-36; 30 answerable and 6 unanswerable
questions each, written by helpers from the pages before asking; `stop` says which code computed them). The
logistic is fitted with each class weighted equally (few unanswerable questions); the threshold is the highest
that still answers >= 0.96 of the answerable questions on every training corpus. Prints, for each corpus left
out, answered / declined there, then the weights fitted on all corpora and how they do on the `--holdout`
corpora (default techqa: third-party unanswerable questions, never fitted). Needs scikit-learn.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from ingest.config import Config

SITES = Path(__file__).resolve().parent / "answerability_sites.jsonl"    # recorded rows of unseen doc sites
SITE = "site:"                  # how their corpus names start
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
    """The highest threshold that still answers >= ANSWER_AT_LEAST of the answerable questions of every training
    corpus; recorded sites (36 questions each: one miss is 0.033) count as one corpus together."""
    groups: dict[str, list[dict]] = {}
    for name, rows in corpora.items():
        groups.setdefault(SITE if name.startswith(SITE) else name, []).extend(rows)
    ok = [t for t in np.linspace(0.02, 0.98, 97)
          if all(rates(model, rows, names, t)[0] >= ANSWER_AT_LEAST for rows in groups.values())]
    return round(float(max(ok)), 2) if ok else 0.02


def recorded(files: list[Path]) -> dict[str, list[dict]]:
    """Feature rows recorded elsewhere (`result["debug"]["answerability"]` of `kb ask --json`), by corpus."""
    out: dict[str, list[dict]] = {}
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.setdefault(row["corpus"], []).append(row)
    return out


def report(name: str, model, rows: list[dict], names: list[str], t: float) -> str:
    answered, declined = rates(model, rows, names, t)
    none = sum(not r["answerable"] for r in rows)
    return (f"{name}: threshold {t}, answered {answered:.3f}, declined "
            f"{'-' if declined is None else f'{declined:.3f}'} ({none} unanswerable)")


def main(argv=None) -> int:
    from app.answerability import WEIGHTS
    from ingest.embedder import Embedder

    from .suite import load_suite
    p = argparse.ArgumentParser(prog="python -m bench.fit_answerability")
    p.add_argument("--workdir", type=Path, default=Path("/tmp/ranking-lab"))
    p.add_argument("--suite", type=Path, default=Path(__file__).resolve().parent / "suite.toml")
    p.add_argument("--rows", type=Path, nargs="*", default=[], help=f"recorded rows, e.g. {SITES}")
    p.add_argument("--holdout", nargs="*", default=["techqa"],
                   help="corpora scored by the fit on all the others, never fitted on (default techqa)")
    args = p.parse_args(argv)
    names = list(WEIGHTS)
    embedder = Embedder()
    data = {spec.name: rows_for(args.workdir / spec.name / "config.toml", spec.queries(), embedder)
            for spec in load_suite(args.suite) if (args.workdir / spec.name / "config.toml").exists()}
    data |= recorded(args.rows)
    held_out = {c: data.pop(c) for c in args.holdout if c in data}
    for held, rows in data.items():
        train = {c: r for c, r in data.items() if c != held}
        model = fit([r for rs in train.values() for r in rs], names)
        print("left out " + report(held, model, rows, names, threshold(model, train, names)))
    model = fit([r for rs in data.values() for r in rs], names)
    t = threshold(model, data, names)
    for name, rows in held_out.items():
        print("never fitted " + report(name, model, rows, names, t))
    print("all corpora: weights", dict(zip(names, np.round(model.coef_[0], 2).tolist(), strict=True)),
          "bias", round(float(model.intercept_[0]), 2), "threshold", t)
    return 0


if __name__ == "__main__":
    sys.exit(main())
