"""Decide per question: service (understand, decide), support (fix what is broken), or both.

No training data needed. Three signals, each a small pure function, combined by a logistic score whose
weights live in config (`[router.weights]`):
- intent: cue phrases of "something is broken" versus "how do I / what is / can I";
- examples: similarity to example questions of each side (generic defaults plus `examples` in config);
- evidence: how well each collection's best passage matches.
A message whose parts point different ways ("my payment failed and now I can't log in") is split and
each part routed; the question is `both` when parts disagree or when the score is too close to call.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from .route_examples import DEFAULT_EXAMPLES

DEFAULT_WEIGHTS = {"intent": 0.9, "examples": 9.0, "evidence": 7.0, "bias": 0.0}

_SUPPORT_CUES = [
    r"\berrors?\b", r"\bfail(s|ed|ing|ure|ures)?\b", r"\bbroken\b", r"\bbreaks?\b", r"\bcrash(es|ed|ing)?\b",
    r"\bnot (working|loading|showing|syncing|receiving|arriving|updating|recording|tracking)\b",
    r"\b(doesn'?t|does not|don'?t|won'?t|isn'?t|aren'?t|wasn'?t|didn'?t|can'?t|cannot|couldn'?t|unable to)\b",
    r"\bstuck\b", r"\blocked out\b", r"\block(ed)? me out\b", r"\boutage\b", r"\b(is|are|went|goes) down\b",
    r"\bbug\b", r"\bissues?\b", r"\bproblems?\b", r"\btrouble(shoot\w*)?\b", r"\btimes? ?out\b", r"\btimed out\b",
    r"\bdeclined\b", r"\brejected\b", r"\bmissing\b", r"\bdisappeared\b", r"\bwrong\b", r"\bincorrect\b",
    r"\bstopped\b", r"\bno longer\b", r"\bkeeps?\b", r"\bslow\b", r"\b[45]\d\d\b", r"\bexception\b",
    r"\b[A-Z]{2,6}[-_]\d{2,4}\b", r"\bincident\b", r"\brunbook\b", r"\bescalat\w*\b", r"\bon-?call\b",
    r"\bpager\w*\b", r"\bsev ?[1-4]\b", r"\bp[1-4]\b", r"\brecover\w*\b", r"\bforgot\w*\b", r"\breset\b",
    r"\bfix\w*\b", r"\bhelp!", r"\bstill\b", r"\bnothing\b", r"\bempty\b", r"\bblank\b", r"\bdropped\b",
    r"\bhandshake\b", r"\bunreachable\b", r"\bdenied\b", r"\bexpired\b", r"\binvalid\b",
]
_SERVICE_CUES = [
    r"\bhow (do|can|should|would) (i|we|you)\b", r"\bhow to\b", r"\bwhat('s| is| are| does| happens)\b",
    r"\bcan (i|we)\b", r"\bdo you\b", r"\bis (it|there)\b", r"\bwhich\b", r"\bprices?\b", r"\bpricing\b",
    r"\bcosts?\b", r"\bplans?\b", r"\bbilling\b", r"\binvoices?\b", r"\brefunds?\b", r"\bcancel\w*\b",
    r"\bpolic(y|ies)\b", r"\bdifference\b", r"\bshould (i|we)\b", r"\bupgrad\w*\b", r"\bdowngrad\w*\b",
    r"\btrial\b", r"\bdiscount\w*\b", r"\bvat\b", r"\btax\w*\b", r"\bonboard\w*\b", r"\bset ?up\b",
    r"\bconfigure\b", r"\binvite\b", r"\badd\b", r"\bchange\b", r"\bwant to\b", r"\bwould like\b",
    r"\bi'?d like\b", r"\bwhere (can|do) i\b", r"\bsubscri\w*\b", r"\bpay(ment)? methods?\b", r"\bgdpr\b",
    r"\bprivacy\b", r"\bexport\b", r"\bcompare\b", r"\boptions?\b", r"\bsupported\b", r"\bdeadline\b",
]
_SUPPORT_RE = [re.compile(p, re.I) for p in _SUPPORT_CUES]
_SERVICE_RE = [re.compile(p, re.I) for p in _SERVICE_CUES]
_CLAUSE_SPLIT = re.compile(r"(?:[.?!;]\s+|\s+(?:and (?:also|now|then)|and|but|also|plus|then|as well as)\s+)", re.I)


def cue_matches(text: str) -> tuple[list[str], list[str]]:
    """The support and service cue phrases found in text."""
    sup = [m.group(0).lower() for r in _SUPPORT_RE for m in [r.search(text)] if m]
    ser = [m.group(0).lower() for r in _SERVICE_RE for m in [r.search(text)] if m]
    return sup, ser


def intent_score(text: str) -> float:
    """> 0 leans support, < 0 leans service; saturates so one long rant does not dominate."""
    sup, ser = cue_matches(text)
    return math.tanh(0.8 * len(sup)) * 2 - math.tanh(0.8 * len(ser)) * 2


def example_score(q: np.ndarray, examples: dict[str, np.ndarray]) -> float:
    """Mean of the 3 nearest example questions per side: support minus service."""
    def near(side):
        sims = examples[side] @ q
        return float(np.sort(sims)[-3:].mean()) if len(sims) else 0.0
    return near("support") - near("service")


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def split_clauses(text: str) -> list[str]:
    parts = [p.strip(" ,") for p in _CLAUSE_SPLIT.split(text) if p and len(p.strip().split()) >= 3]
    return parts or [text]


@dataclass
class Signals:
    intent: float
    examples: float
    evidence: float          # best support passage minus best service passage (cosine)
    best: dict[str, float] = field(default_factory=dict)


@dataclass
class Route:
    label: str               # service | support | both
    confidence: float
    reason: str
    p_support: float
    parts: list[dict] = field(default_factory=list)   # for mixed messages: [{"text", "label"}]

    @property
    def collections(self) -> list[str]:
        return ["service", "support"] if self.label == "both" else [self.label]

    def as_dict(self) -> dict:
        return {"label": self.label, "collections": self.collections, "confidence": round(self.confidence, 3),
                "reason": self.reason}


class Router:
    def __init__(self, settings: dict | None, example_vectors: dict[str, np.ndarray]):
        s = settings or {}
        self.weights = {**DEFAULT_WEIGHTS, **s.get("weights", {})}
        self.both_margin = s.get("both_margin", 0.15)
        self.examples = example_vectors

    def score(self, sig: Signals) -> float:
        w = self.weights
        z = w["intent"] * sig.intent + w["examples"] * sig.examples + w["evidence"] * sig.evidence + w["bias"]
        return sigmoid(z)

    def _label(self, p: float) -> str:
        if abs(p - 0.5) < self.both_margin:
            return "both"
        return "support" if p > 0.5 else "service"

    def decide(self, text: str, whole: Signals, parts: list[tuple[str, Signals]]) -> Route:
        p = self.score(whole)
        label = self._label(p)
        part_labels = [(t, self._label(self.score(s)), self.score(s)) for t, s in parts]
        sides = {lab for _, lab, _ in part_labels if lab != "both"}
        mixed = len(sides) == 2
        if mixed:
            label = "both"
        confidence = abs(p - 0.5) * 2 if label != "both" else 1 - abs(p - 0.5) * 2
        if mixed:
            confidence = min(abs(pp - 0.5) * 2 for _, lab, pp in part_labels if lab != "both")
        reason = self._reason(label, whole, text, mixed, part_labels)
        return Route(label, max(0.0, min(confidence, 1.0)), reason, p,
                     [{"text": t, "label": lab} for t, lab, _ in part_labels] if mixed else [])

    def _reason(self, label: str, sig: Signals, text: str, mixed: bool, parts) -> str:
        if mixed:
            shown = "; ".join(f"“{t}” → {lab}" for t, lab, _ in parts if lab != "both")
            return f"the message has parts that point different ways: {shown}"
        sup, ser = cue_matches(text)
        bits = []
        if sup:
            bits.append("sounds like something is broken (" + ", ".join(dict.fromkeys(sup[:3])) + ")")
        if ser:
            bits.append("asks how/what/policy (" + ", ".join(dict.fromkeys(ser[:3])) + ")")
        best = sig.best
        if best:
            bits.append(f"best match support {best.get('support', 0):.2f} vs service {best.get('service', 0):.2f}")
        lead = {"both": "too close to call, searching both", "support": "support", "service": "service"}[label]
        return f"{lead}: " + "; ".join(bits) if bits else lead
