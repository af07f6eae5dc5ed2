"""Does anything in the knowledge base answer this question? A decision of its own, never made by
cutting the citation list: ranking orders the passages, this says whether to show them at all.

A logistic score over the cosine similarities of the ranked candidates (both collections, the asker's
audience; the candidates hold every collection's top `retrieval.candidates` by cosine, so the best 20 are
among them):
- dense_top: the best cosine similarity of any candidate to the question;
- gap5, gap20: how far the best stands above the 5th and the 20th best. A question the knowledge base answers
  has a passage that stands out; a near-domain one ("does PaaS offer a managed Kafka cluster?") matches many
  neighbouring pages about equally. The shape of the list is read against its own level, so it carries
  from one corpus to another better than the similarity alone.
Query-term coverage of the top passages (the previous second signal) was dropped: near-domain questions
cover their terms too; added to the three it declined less leave-one-corpus-out (mean 0.36 vs 0.58).

Weights fitted with `python -m bench.fit_answerability` (features computed by this module on the product's
own ranking) on four bench corpora (govuk-paas, plausible, covid-faq, quillhub; their unanswerable questions
were written by us: bench/unanswerable.jsonl, bench/corpora/covid-faq), each class weighted equally. The
threshold is the highest that still answers >= 0.96 of answerable questions on every corpus (0.95, the
issue's floor, gave 0.30 and declined one more answerable question on govuk-paas and quillhub each).
Leave-one-corpus-out (fit and threshold on three, scored on the fourth), answered / declined: govuk-paas
1.00 / 0.40, plausible 0.96 / 0.29, covid-faq 0.96 / 0.50, quillhub 1.00 / 0.67 (before, dense_top +
coverage: 1.00 / 0.07, 0.96 / 0.43, 0.95 / 0.50, 1.00 / 0.58). The declined target (0.8) is still NOT met.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .retrieval import Hit

WEIGHTS = {"dense_top": 6.99, "gap5": 1.26, "gap20": 2.79}
BIAS = -4.45
THRESHOLD = 0.27         # answer when the probability is at least this (retrieval.answer_threshold)
GAPS = {"gap5": 5, "gap20": 20}     # the best cosine minus the n-th best (measured above; 5 = top_k)


@dataclass(frozen=True)
class Answerability:
    answered: bool
    probability: float
    features: dict[str, float]

    def as_dict(self) -> dict:
        return {"answered": self.answered, "probability": round(self.probability, 3),
                "features": {k: round(v, 3) for k, v in self.features.items()}}


def features(hits: list[Hit]) -> dict[str, float]:
    """The signals of a question's fused candidates (any order): the similarities alone."""
    sims = sorted((h.dense for h in hits), reverse=True)
    top = sims[0] if sims else 0.0
    return {"dense_top": top, **{name: top - sims[min(n, len(sims)) - 1] if sims else 0.0
                                 for name, n in GAPS.items()}}


def probability(f: dict[str, float]) -> float:
    z = BIAS + sum(WEIGHTS[k] * f[k] for k in WEIGHTS)
    return 1.0 / (1.0 + math.exp(-z))


def decide(hits: list[Hit], threshold: float = THRESHOLD) -> Answerability:
    f = features(hits)
    p = probability(f)
    return Answerability(bool(hits) and p >= threshold, p, f)
