"""Does anything in the knowledge base answer this question? A decision of its own, never made by
cutting the citation list: ranking orders the passages, this says whether to show them at all.

A logistic score over two signals of the ranked candidates (both collections, the asker's audience):
- dense_top: the best cosine similarity of any candidate to the question;
- coverage: the share of the question's content terms (stemmed; question words like "how", "do" out,
  app/keyword.terms) found in one of the top three passages (heading path included). Unweighted on
  purpose: idf-weighted coverage scored better on the bench (declined 0.53-0.64) but in a small knowledge
  base a common word the docs happen not to use ("get") takes most of the idf mass, and "How do I get a
  refund?" was declined.

Weights fitted with `python -m bench.fit_answerability` (features from `python -m bench.ranking_lab`)
on four bench corpora (govuk-paas, plausible, covid-faq, quillhub; their unanswerable questions were
written by us: bench/unanswerable.jsonl, bench/corpora/covid-faq/unanswerable.jsonl), each class
weighted equally. The threshold is the highest that still answers >= 0.95 of answerable questions on
every corpus. Leave-one-corpus-out (fit and threshold on three, scored on the fourth), answered / declined:
govuk-paas 1.00 / 0.07, plausible 0.96 / 0.43, covid-faq 0.96 / 0.50, quillhub 1.00 / 0.25 (of 4).
The answered target (0.95) holds on every left-out corpus; the declined target (0.8) is NOT met: the
near-domain questions ("does PaaS offer a managed Kafka cluster?") match neighbouring pages well.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .keyword import KeywordIndex, terms
from .retrieval import Hit

WEIGHTS = {"dense_top": 6.19, "coverage": 3.24}
BIAS = -5.26
THRESHOLD = 0.22         # answer when the probability is at least this (retrieval.answer_threshold)
TOP_PASSAGES = 3


@dataclass(frozen=True)
class Answerability:
    answered: bool
    probability: float
    features: dict[str, float]

    def as_dict(self) -> dict:
        return {"answered": self.answered, "probability": round(self.probability, 3),
                "features": {k: round(v, 3) for k, v in self.features.items()}}


def features(query: str, hits: list[Hit], index: KeywordIndex) -> dict[str, float]:
    """The two signals for a question and its fused candidates (best first)."""
    words = terms(query)
    cover = 0.0
    if words:
        cover = max((sum(t in index.chunk_terms(h.id) for t in words) / len(words) for h in hits[:TOP_PASSAGES]),
                    default=0.0)
    return {"dense_top": max((h.dense for h in hits), default=0.0), "coverage": cover}


def decide(query: str, hits: list[Hit], index: KeywordIndex, threshold: float = THRESHOLD) -> Answerability:
    f = features(query, hits, index)
    z = BIAS + sum(WEIGHTS[k] * v for k, v in f.items())
    p = 1.0 / (1.0 + math.exp(-z))
    return Answerability(bool(hits) and p >= threshold, p, f)
