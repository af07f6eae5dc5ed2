"""Wording cues: phrases that say "something is broken" versus "how do I / what is / which plan".
Shared by the router's intent signal and the request classifier's features."""
from __future__ import annotations

import functools
import re

_SUPPORT_CUES = [
    r"\berr(or|ors|ored)?\b", r"\bfail(s|ed|ing|ure|ures)?\b", r"\bbroken\b", r"\bbreaks?\b",
    r"\bcrash(es|ed|ing)?\b",
    r"\bnot (working|loading|showing|syncing|receiving|arriving|updating|recording|tracking)\b",
    r"\b(doesn'?t|does not|won'?t|isn'?t|aren'?t|wasn'?t|didn'?t|can'?t|cannot|couldn'?t|unable to)\b",
    # what should have happened and has not (issue 9: "hasn't arrived", "reverted", "swallowed", "pending")
    r"\b(hasn'?t|haven'?t|hadn'?t|weren'?t|did not|has not|have not|had not|was not|were not|never)\b",
    r"\bnot (yet |been |be )*(received|credited|updated|reflected|delivered|processed|applied|refunded|returned|"
    r"arrived|accepted|approved|activated|verified|recogni[sz]ed|showing up|shown|gone through|come through|"
    r"went through|go through|responding)\b",
    r"\b(revert|bounc|swallow|suspend|delay|freez)\w*\b", r"\b(reversed|frozen|blocked|pending|overdue)\b",
    r"\bon hold\b", r"\bwaiting (for|on)\b", r"\btaking (too|so) long\b", r"\b(charged|billed) twice\b",
    r"\bdouble[- ](charged|billed)\b", r"\bglitch\w*\b", r"\b(stolen|unauthori[sz]ed|fraud\w*|scam\w*)\b",
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
# A subscription is money; a subscriber is a person a product notifies (Novu's core noun: in 851 of its 3,479 chunks,
# and its questions about subscribers were read as account & money). No training message of the request classifier
# names a subscriber, so its features, and the model fitted on them, are as before.
_SUBSCRIPTION = r"\bsubscri(?!bers?\b)\w*\b"
_SERVICE_CUES = [
    r"\bhow (do|can|should|would|does) (i|we|you|it)\b", r"\bhow to\b", r"\bwhat('s| is| are| does| happens)\b",
    r"\bcan (i|we)\b", r"\bdo you\b", r"\bis (it|there)\b", r"\bwhich\b", r"\bprices?\b", r"\bpricing\b",
    r"\bcosts?\b", r"\bplans?\b", r"\bbilling\b", r"\binvoices?\b", r"\brefunds?\b", r"\bcancel\w*\b",
    r"\bpolic(y|ies)\b", r"\bdifference\b", r"\bshould (i|we)\b", r"\bupgrad\w*\b", r"\bdowngrad\w*\b",
    r"\btrials?\b", r"\bdiscounts?\b", r"\bvat\b", r"\btax\w*\b", r"\bonboard\w*\b", r"\bset ?up\b",
    r"\bconfigur\w*\b", r"\binvit\w*\b", r"\badd\b", r"\bchange\b", r"\bwant to\b", r"\bwould like\b",
    r"\bi'?d like\b", r"\bwhere do i\b", _SUBSCRIPTION, r"\bpay(ment)? methods?\b", r"\bgdpr\b",
    r"\bprivacy\b", r"\bexport\w*\b", r"\bcompar\w*\b", r"\boptions?\b", r"\bsupported\b",
    r"\bdeadline\b", r"\bquotas?\b", r"\blimits?\b", r"\bdelet\w*\b", r"\bswitch\w*\b",
]
_SUPPORT_RE = [re.compile(p, re.IGNORECASE) for p in _SUPPORT_CUES]
_SERVICE_RE = [re.compile(p, re.IGNORECASE) for p in _SERVICE_CUES]
# "also", "plus", "another question": the writer says a second, separate request follows.
ADDITIVE = re.compile(r"\b(and also|also|plus|as well as|in addition|"
                      r"another (thing|issue|question|problem)|separately)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def cue_matches(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The support and service cue phrases found in text. Cached: one question asks it three times (its
    features, its side, its reason), 110 patterns each, 0.8 ms of a ~15 ms warm answer (bench.scale)."""
    sup = tuple(m.group(0).lower() for r in _SUPPORT_RE for m in [r.search(text)] if m)
    ser = tuple(m.group(0).lower() for r in _SERVICE_RE for m in [r.search(text)] if m)
    return sup, ser

# Wording of the three service buckets, written from their descriptions in issue 9 (not from any data set):
# how-do-i asks for steps or a place, account-and-money names money or the account's plan, decision asks
# before committing (does it / do you / which / is it allowed). The request classifier learns how much each counts.
# A card of a device is no way to pay: "How do I log blackbox data to the SD card?" read as money on Betaflight's wiki
# ("SD card" in 97 of its chunks). None of the request classifier's training messages names such a card, so its
# features, and the model fitted on them, are as before.
_PAYMENT_CARD = r"(?<!sd )(?<!microsd )(?<!micro sd )(?<!memory )(?<!sim )(?<!graphics )(?<!video )(?<!sound )" \
                r"(?<!network )(?<!flash )card"
_BUCKET_CUES = {
    "how-do-i": [r"^\W*(how (do|can|should|would|to)|where (is|are|do|can|does)|walk me through|show me how|"
                 r"steps? to|guide me|help me (to )?(set|find|create|add|change|get))\b",
                 r"\b(set ?up|install\w*|configur\w*|enable|disable|turn (on|off)|creat\w*|archiv\w*|export\w*|"
                 r"import\w*|invite|find|locate|track|change|update|edit|rename|move|connect)\b"],
    "account-and-money": [r"\b(charg\w*|bill\w*|invoic\w*|refund\w*|paid|pay|payments?|price\w*|cost\w*|fees?|"
                          r"receipts?|vat|tax\w*|money|wallet|credit|debit|" + _PAYMENT_CARD +
                          r"|" + _SUBSCRIPTION + r"|seats?|renew\w*|"
                          r"overcharg\w*|dispute|chargeback|discount|coupon)\b"],
    "decision": [r"^\W*(do|does|is|are|can|will|would) (you|it|your|the|there|this|they)\b",
                 r"\b(which|compare|comparison|difference|versus|vs\.?|recommend\w*|better|best|right for|fit|"
                 r"worth|policy|policies|allowed|compliant|compliance|guarantee\w*|integrat\w*|offer\w*|"
                 r"includ\w*|available|support (for|of)|options?)\b"],
}
_BUCKET_RE = {b: [re.compile(p, re.IGNORECASE) for p in ps] for b, ps in _BUCKET_CUES.items()}


def bucket_cues(text: str) -> dict[str, int]:
    """How many of each service bucket's wording patterns the text matches."""
    return {b: sum(bool(r.search(text)) for r in rs) for b, rs in _BUCKET_RE.items()}
