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

from ingest.settings import defaults

from .route_examples import DEFAULT_EXAMPLES

# Fitted once on the development bench (dev questions + a Bitext sample, weighted equally) and rounded;
# override in config under [router.weights].
DEFAULT_WEIGHTS = {"intent": 1.2, "examples": 5.0, "evidence": 18.0, "weak_match": -3.0, "bias": 0.5}
# Content evidence counts fully once the best passage is a decent match, and not at all when nothing
# in either collection resembles the question (then wording decides, with a lean to service).
GATE_LOW, GATE_WIDTH = 0.4, 0.2

_SUPPORT_CUES = [
    r"\berr(or|ors|ored)?\b", r"\bfail(s|ed|ing|ure|ures)?\b", r"\bbroken\b", r"\bbreaks?\b",
    r"\bcrash(es|ed|ing)?\b", r"\bnot (working|loading|showing|syncing|receiving|arriving|updating|recording|tracking)\b",
    r"\b(doesn'?t|does not|won'?t|isn'?t|aren'?t|wasn'?t|didn'?t|can'?t|cannot|couldn'?t|unable to)\b",
    r"\bstuck\b", r"\blocked\b", r"\block(ed)? me out\b", r"\boutages?\b", r"\b(is|are|went|goes) down\b",
    r"\bbugs?\b", r"\bissues?\b", r"\bproblems?\b", r"\btroubles?\b", r"\btroubleshoot\w*\b",
    r"\btime ?outs?\b", r"\btimed out\b", r"\bdeclined\b", r"\brejected\b", r"\bmissing\b",
    r"\bdisappeared\b", r"\bwrong\b", r"\bincorrect\b", r"\bstopped\b", r"\bno longer\b", r"\bslow\b",
    r"\b[45]\d\d\b", r"\bexceptions?\b", r"\b[A-Z]{2,6}[-_]\d{2,4}\b", r"\bincidents?\b", r"\brunbooks?\b",
    r"\bescalat\w*\b", r"\bon-?call\b", r"\bpag(er|erduty|ed)\b", r"\bsev ?[1-4]\b", r"\bp[1-4]\b",
    r"\brecover\w*\b", r"\bforg[oe]t\w*\b", r"\blost\b", r"\bretriev\w*\b", r"\breset\w*\b",
    r"\bfix\w*\b", r"\bstill\b", r"\bnothing\b", r"\bblank\b", r"\bdropped\b", r"\bhandshake\b",
    r"\bunreachable\b", r"\bdenied\b", r"\bexpired\b", r"\binvalid\b", r"\b(report|notify|inform)\w*\b",
    r"\balerts? (fired|firing)\b", r"\bhacked\b", r"\bcompromised\b", r"\bbreach\w*\b",
    r"\b(restor|retriev|recover|reset|lost|regain)\w*\b.{0,30}\b(password|passcode|pwd|pin|key|access|credentials?|login)\b",
]
_SERVICE_CUES = [
    r"\bhow (do|can|should|would|does) (i|we|you|it)\b", r"\bhow to\b", r"\bwhat('s| is| are| does| happens)\b",
    r"\bcan (i|we)\b", r"\bdo you\b", r"\bis (it|there)\b", r"\bwhich\b", r"\bprices?\b", r"\bpricing\b",
    r"\bcosts?\b", r"\bplans?\b", r"\bbilling\b", r"\binvoices?\b", r"\brefunds?\b", r"\bcancel\w*\b",
    r"\bpolic(y|ies)\b", r"\bdifference\b", r"\bshould (i|we)\b", r"\bupgrad\w*\b", r"\bdowngrad\w*\b",
    r"\btrials?\b", r"\bdiscounts?\b", r"\bvat\b", r"\btax\w*\b", r"\bonboard\w*\b", r"\bset ?up\b",
    r"\bconfigur\w*\b", r"\binvit\w*\b", r"\badd\b", r"\bchange\b", r"\bwant to\b", r"\bwould like\b",
    r"\bi'?d like\b", r"\bwhere do i\b", r"\bsubscri\w*\b", r"\bpay(ment)? methods?\b", r"\bgdpr\b",
    r"\bprivacy\b", r"\bexport\w*\b", r"\bcompar\w*\b", r"\boptions?\b", r"\bsupported\b",
    r"\bdeadline\b", r"\bquotas?\b", r"\blimits?\b", r"\bdelet\w*\b", r"\bswitch\w*\b",
]
_SUPPORT_RE = [re.compile(p, re.I) for p in _SUPPORT_CUES]
_SERVICE_RE = [re.compile(p, re.I) for p in _SERVICE_CUES]
# "also", "plus", "another question": the writer says a second, separate request follows.
_ADDITIVE = re.compile(r"\b(and also|also|plus|as well as|in addition|another (thing|issue|question|problem)|separately)\b", re.I)
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


def gate(best: dict[str, float]) -> float:
    top = max(best.values(), default=0.0)
    return min(max((top - GATE_LOW) / GATE_WIDTH, 0.0), 1.0)


@dataclass
class Signals:
    intent: float
    examples: float
    evidence: float          # best support minus best service passage (cosine), minus the collections' usual gap
    gate: float              # 0..1: how much the evidence can be trusted
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
    def __init__(self, settings: dict | None, example_vectors: dict[str, np.ndarray],
                 evidence_offset: dict[str, float] | None = None):
        s = {**defaults("router"), **(settings or {})}
        self.evidence_offset = evidence_offset or {"customer": 0.0, "agent": 0.0}
        self.weights = {**DEFAULT_WEIGHTS, **s.get("weights", {})}
        # `both` when two parts each lean firmly (at least part_margin from 0.5) to different sides, or
        # (off by default: it only hedged) when the whole message is within both_margin of 0.5.
        # Calibrated on the dev bench.
        self.both_margin = s["both_margin"]
        self.part_margin = s["part_margin"]
        self.additive_margin = s["additive_margin"]   # the same, when the message says "also"
        # Also `both` when each collection has a strong passage (>= both_strong) and neither is
        # clearly better (gap <= both_gap): the answer really sits on both sides.
        self.both_strong = s["both_strong"]
        self.both_gap = s["both_gap"]
        self.examples = example_vectors

    def score(self, sig: Signals) -> float:
        w = self.weights
        z = (w["intent"] * sig.intent + w["examples"] * sig.examples + w["evidence"] * sig.gate * sig.evidence
             + w["weak_match"] * (1 - sig.gate) + w["bias"])
        return sigmoid(z)

    def _label(self, p: float) -> str:
        if abs(p - 0.5) < self.both_margin:
            return "both"
        return "support" if p > 0.5 else "service"

    def _firm(self, p: float, margin: float | None = None) -> bool:
        return abs(p - 0.5) >= (self.part_margin if margin is None else margin)

    def _strong_on_both(self, best: dict[str, float]) -> bool:
        return (len(best) == 2 and min(best.values()) >= self.both_strong
                and abs(best["support"] - best["service"]) <= self.both_gap)

    def decide(self, text: str, whole: Signals, parts: list[tuple[str, Signals]]) -> Route:
        p = self.score(whole)
        scored = [(t, self.score(s)) for t, s in parts]
        margin = self.additive_margin if _ADDITIVE.search(text) else self.part_margin
        # A part that matches nothing in either collection (gate 0) says nothing about sides.
        firm = [(t, "support" if pp > 0.5 else "service", pp)
                for (t, pp), (_, s) in zip(scored, parts) if s.gate > 0 and self._firm(pp, margin)]
        firm_texts = {t for t, _, _ in firm}
        mixed = len({lab for _, lab, _ in firm}) == 2
        strong = self._strong_on_both(whole.best)
        label = "both" if mixed or strong else self._label(p)
        if mixed:
            confidence = min(abs(pp - 0.5) * 2 for _, _, pp in firm)
        elif strong:    # sure that both sides answer; surer the closer they are
            confidence = 1 - abs(whole.best["support"] - whole.best["service"]) / (2 * self.both_gap)
        else:
            confidence = abs(p - 0.5) * 2 if label != "both" else 1 - abs(p - 0.5) * 2
        reason = self._reason(label, whole, text, firm if mixed else None, strong)
        shown_parts = [{"text": t, "label": ("support" if pp > 0.5 else "service") if t in firm_texts else "both"}
                       for t, pp in scored] if mixed else []
        return Route(label, max(0.0, min(confidence, 1.0)), reason, p, shown_parts)

    def _reason(self, label: str, sig: Signals, text: str, firm_parts: list | None, strong: bool) -> str:
        if firm_parts:
            shown = "; ".join(f"“{t}” → {lab}" for t, lab, _ in firm_parts)
            return f"the message has parts that point different ways: {shown}"
        if strong:
            return (f"both collections answer this well (service {sig.best.get('service', 0):.2f}, "
                    f"support {sig.best.get('support', 0):.2f}), searching both")
        if label == "both":
            return f"too close to call ({self.score(sig):.2f} support), searching both"
        toward = 1 if label == "support" else -1
        w, bits = self.weights, []
        sup, ser = cue_matches(text)
        if sig.intent * toward > 0:
            cues = sup if toward > 0 else ser
            what = "something is broken" if toward > 0 else "how to / what / which"
            bits.append((w["intent"] * abs(sig.intent), f"wording says {what} ({', '.join(dict.fromkeys(cues[:3]))})"))
        if sig.examples * toward > 0:
            bits.append((w["examples"] * abs(sig.examples), f"resembles typical {label} questions"))
        if sig.evidence * toward > 0 and sig.gate > 0:
            bits.append((w["evidence"] * sig.gate * abs(sig.evidence),
                         f"{label} content matches better ({sig.best.get(label, 0):.2f} vs "
                         f"{sig.best.get('service' if toward > 0 else 'support', 0):.2f})"))
        if sig.gate < 1 and toward < 0:
            bits.append((-w["weak_match"] * (1 - sig.gate), "nothing matches strongly, so the default side"))
        bits.sort(reverse=True)
        return f"{label}: " + "; ".join(b for _, b in bits[:2]) if bits else label
