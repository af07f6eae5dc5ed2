"""Threads, not clauses: a message is cut at sentence and conjunction boundaries into pieces, and neighbouring
pieces become separate threads only where they are separate requests. "My payment failed and now I can't log
in." is two threads (account & money, something broke); a request told over two sentences stays one. Each
piece and thread is classified by the Request Map (app/requests.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .requests import BROKE, top

MAX_THREADS = 3
# Sentence ends, semicolons, and the joins people use between two requests. A bare "and" / "but" cuts only
# where a new clause starts (a subject or a time word follows): "doctors and nurses" is one piece.
_CLAUSE = r"(?:i|i'm|i've|we|we're|my|our|the|it|its|now|you|your|they|their|this|that|there|he|she|also)\b"
# ... or a question starts: "transcoding broke after the update, also how do I set up Quick Connect?" (Jellyfin)
_QUESTION = r"(?:how|what|where|why|which|can|could|is there|do you|does)\b"
# A bare "also" / "plus" / "then" cuts only where a clause starts too: "fails and I'd also like to know" was cut
# inside "I'd also like" (Pi-hole's docs).
_PIECE_SPLIT = re.compile(r"(?:[.?!;]+\s+|,?\s+(?:and (?:also|now|then)|as well as|so now|and so)\s+|"
                          r",?\s+(?:and|but|also|plus|then)\s+(?=" + _CLAUSE + ")"
                          r"|,?\s+(?:also|plus)\s+(?=" + _QUESTION + "))", re.IGNORECASE)
_MIN_WORDS = 3
# The writer says a separate request follows: "also", "plus", "another question", "separately", and "and now"
# (a new development: "my card was declined and now the app won't sync").
_ADDITIVE_CUT = re.compile(r"\b(and also|also|plus|as well as|in addition|and now|so now|another (thing|issue|question|"
                           r"problem)|separately|p\.?s\.?|on another note|unrelated)\b", re.IGNORECASE)
_ALSO_EARLY = re.compile(r"^\s*(?:[\w']+\s+){1,2}also\b", re.IGNORECASE)     # "I also need", "we'd also like"
# Between two requests of one bucket "and now" tells what followed, not a second request: "removed my docker
# container to update and now all my tables are gone" (NocoDB), "reinstalled docker jitsi few times and now
# letsencrypt won't give me a certificate" (Jitsi) are one problem each.
_NOW = re.compile(r"\b(?:and|so) now\b", re.IGNORECASE)
# A piece that opens by pointing back ("It says...", "which ...", "because ...") continues its neighbour's request.
_CONTINUES = re.compile(r"^(it|it's|its|this|that|these|those|they|them|which|who|because|since|so|as|when|"
                        r"even|still|same|why|how come)\b", re.IGNORECASE)
# ... and so does a short question whose only topic is a word pointing back: "What should they do?", "why is
# that?", "How do I fix it?" (Actual Budget's docs: "...shows 'Syncing has been reset' and won't sync. What should
# they do?" came apart, and the bare question was routed to the other side). All such pieces seen were 3-5 words.
_POINTS_BACK = re.compile(r"\b(it|its|this|that|these|those|they|them|their)\b", re.IGNORECASE)
_SHORT_QUESTION = 5
# What the writer did, then "now" what is wrong: the cause and its problem, one request. "I enabled 4K 60Hz on my
# Pi 4 and now I just get a blank screen" (LibreELEC), "I changed my WebDAV URL and now all my notes are gone"
# (Joplin), "I deployed Actual on fly.io and now I'm being charged" (Actual Budget) each came apart at "and now"
# (the first piece reads as a how-to). "My card was declined and now the app won't sync" is two problems. The
# subject may go unsaid: "Upgraded to 0.30 and now visitors get sent to the login page" (Memos) came apart too.
_DID = re.compile(r"^(?:(?:i|we)(?:'ve| have)?(?: just| recently| then)?\s+)?(?:\w+ed|set|put|got|made|ran|bought|paid|"
                  r"did|went|took|gave|sent|built|wrote|chose|lost|forgot|left|upgraded)\b", re.IGNORECASE)
_THEN_NOW = re.compile(r"\bnow\b", re.IGNORECASE)



def pieces(text: str) -> list[str]:
    """Candidate pieces of a message: sentences, cut again where a join word starts a new clause.
    A piece under 3 words stays with its neighbour, as written."""
    spans, start = [], 0
    for m in _PIECE_SPLIT.finditer(text):
        spans.append((start, m.start(), m.end()))
        start = m.end()
    spans.append((start, len(text), len(text)))
    out: list[tuple[int, int]] = []    # (start, end) of each piece in text
    for a, b, _ in spans:
        if not text[a:b].strip(" ,.;"):
            continue
        if out and (len(text[a:b].split()) < _MIN_WORDS or len(text[out[-1][0]:out[-1][1]].split()) < _MIN_WORDS):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return [text[a:b].strip(" ,.;") for a, b in out] or [text]


@dataclass
class Thread:
    text: str
    bucket: str
    confidence: float
    proba: np.ndarray           # over BUCKETS


# A cut between two pieces needs each to be this sure it is not in the other's bucket; with a marker that a
# separate request follows (_ADDITIVE_CUT) the bar is lower. Chosen by bench/request_map/threads.py
# (leave-one-domain-out over single messages that must stay whole and joined pairs that must come apart, 9 domains,
# the blended classifier): 1.01 / 0.5, i.e. no cut without a marker. It keeps whole messages whole 98.8% of the
# time and splits 29% of the pairs; a plain bar of 0.95 split 7.5% of whole messages;
# bench/results/request_threads.md. (Stop 27: once a bare "also" inside a clause no longer cut a message,
# false splits at 0.7 fell 1.8% -> 0.8% and the study chose 0.5 (recall 0.23 -> 0.29); 0.7 before.)
SPLIT_CONFIDENCE = 1.01
ADDITIVE_CONFIDENCE = 0.5
# Unmarked, two pieces still come apart where one almost surely reports something broken and the other almost
# surely does not (p(something-broke) at least this, and at most 1 minus this): "My payment failed. I can't log
# in." (0.01 / 1.00) and "my invoice is wrong and the app keeps crashing" (0.00 / 0.99) had stayed one thread,
# routed to one side. Only the support-or-service axis, the one that moves the route. Chosen by the same study,
# which also holds false splits of TechQA's real questions (third party, one request each, often told over
# several sentences) to the same 2%: markers alone split 1.5% of them, and so does 0.95 (0.9: 1.7%; without the
# word limit below, 0.9 split 3.9%: "... server error 400. what can i do"). Held out, whole messages stay whole
# 98.4% of the time (98.8% without the cut) and 30.8% of the pairs are split (28.9%; of pairs holding a
# something-broke request, 0.32 -> 0.38 in a scratch run before the word limit, which leaves out 1.4% of pairs).
SIDE_CONFIDENCE = 0.95
# ... in a message of at most this many words: two requests joined in a chat line are short (98.6% of the
# study's joined pairs), a longer message is mostly one request told at length (TechQA: median 43 words), and
# embedding its pieces to look for the cut doubled the embedding time of a TechQA question (p50 32 -> 62 ms).
UNMARKED_WORDS = 40


def _long_enough(piece: str) -> bool:
    return len(piece.split()) >= _MIN_WORDS


def stands_alone(piece: str) -> bool:
    """A piece that can start a request of its own: 3+ words and not opening by pointing back at the piece
    before it. Only the later piece of two is asked to: the earlier points back at nothing new, and a question
    opening "Which ...", "Why ..." or "When ..." was never cut from a request after it ("Which plan includes
    SSO? Also, the SSO login page shows an error." stayed one thread, seen on Bitwarden's help center)."""
    words = piece.split()
    return (_long_enough(piece) and not _CONTINUES.match(piece.strip())
            and not (len(words) <= _SHORT_QUESTION and _POINTS_BACK.search(piece)))


def _additive(text: str, before: str, piece: str, then: bool = True) -> bool:
    """Whether the writer marks `piece` as a separate request: in the words joining it to `before`, or in
    its own first words ("Separately, ...", "I'd also like to know ...": Pi-hole's docs). `then`: whether "and
    now" counts."""
    start = text.find(piece, text.find(before) + len(before) if before in text else 0)
    joint = text[text.find(before) + len(before):start] if before in text and start >= 0 else ""
    if not then and _NOW.search(joint) and not _ADDITIVE_CUT.search(_NOW.sub(" ", joint)):
        return False
    return bool(_ADDITIVE_CUT.search(joint) or _ADDITIVE_CUT.match(piece.strip()) or _ALSO_EARLY.match(piece))


def cut(text: str, before: str, after: str, p_before: np.ndarray, p_after: np.ndarray,
        split_confidence: float = SPLIT_CONFIDENCE, additive_confidence: float = ADDITIVE_CONFIDENCE,
        side_confidence: float = SIDE_CONFIDENCE) -> bool:
    """Whether two neighbouring pieces are separate requests: each stands alone, their buckets differ, and
    each is sure it is not in the other's bucket (a lower bar when the writer marks the second as separate); or,
    of one bucket, the writer marks the second as separate (Jitsi's handbook: "set up keycloak login for our jitsi,
    and also let guests join without an account", two how-tos, had stayed one thread).
    "Not in the other's bucket" rather than "sure of its own": "I'd like to upgrade" may be how-do-i, money or
    decision, but it is surely not the something-broke of "the sync shows an error" next to it. Or, marked or
    not, when the two pieces surely lie on different sides (`opposite_sides`)."""
    a, b = int(np.argmax(p_before)), int(np.argmax(p_after))
    if _cause_of(text, before, after) or not (_long_enough(before) and stands_alone(after)):
        return False
    if a == b:
        return _additive(text, before, after, then=False)
    bar = additive_confidence if _additive(text, before, after) else split_confidence
    return (min(1 - float(p_before[b]), 1 - float(p_after[a])) >= bar
            or (short(text) and opposite_sides(p_before, p_after, side_confidence)))


def _cause_of(text: str, before: str, after: str) -> bool:
    """Whether `before` tells what the writer did and `after` ("now ...") what is wrong since."""
    at = text.find(before)
    joint = text[at + len(before):text.find(after, at + len(before))] if at >= 0 else ""
    return bool(_DID.match(before.strip()) and (_THEN_NOW.search(joint) or _THEN_NOW.match(after.strip())))


def short(text: str) -> bool:
    """Short enough for an unmarked cut between opposite sides (UNMARKED_WORDS)."""
    return len(text.split()) <= UNMARKED_WORDS


def opposite_sides(p: np.ndarray, q: np.ndarray, sure: float = SIDE_CONFIDENCE) -> bool:
    """One of two bucket distributions is at least `sure` that its piece reports something broken and the other
    at least `sure` that its piece does not."""
    x, y = float(p[BROKE]), float(q[BROKE])
    return max(x, y) >= sure and min(x, y) <= 1 - sure


def may_split(text: str, piece_texts: list[str]) -> bool:
    """Whether `cut` could come apart any two neighbouring pieces, from their words alone: the first must be
    long enough and the second stand alone and, while neither SPLIT_CONFIDENCE nor (in a short message)
    SIDE_CONFIDENCE can be reached, be marked as a separate request. When not, the message is one thread
    whatever the classifier says of its pieces, so they need not be embedded: embedding them doubled the
    embedding time of a warm question (2.2 texts a dev question, 7 -> 13 ms)."""
    unmarked_can_cut = SPLIT_CONFIDENCE <= 1.0 or (SIDE_CONFIDENCE <= 1.0 and short(text))
    return any(_long_enough(a) and stands_alone(b) and (unmarked_can_cut or _additive(text, a, b))
               for a, b in zip(piece_texts, piece_texts[1:]))


def threads(text: str, piece_texts: list[str], proba: np.ndarray, whole: np.ndarray) -> list[Thread]:
    """Threads of a message: its pieces, joined wherever there is no confident cut between neighbours
    (`proba` has one row per piece, `whole` is the message's own row). One thread: the message as a whole
    decides its bucket. The engine classifies a thread of several pieces again as a whole."""
    groups: list[tuple[list[str], list[np.ndarray]]] = []
    for i, (t, p) in enumerate(zip(piece_texts, proba)):
        if groups and not cut(text, piece_texts[i - 1], t, proba[i - 1], p):
            groups[-1][0].append(t)
            groups[-1][1].append(p)
        else:
            groups.append(([t], [p]))
    if len(groups) > MAX_THREADS:    # too fragmented to be separate requests: read it as one
        groups = [(list(piece_texts), [whole])]
    if len(groups) <= 1:
        return [_thread(text, whole)]
    return [_thread(_as_written(text, ts), np.mean(ps, axis=0)) for ts, ps in groups]


def one_request(text: str, threads: list[Thread], best_files: list[str]) -> bool:
    """Two threads that nothing but the classifier cut apart, whose best passages are in one file, are one
    request told in two parts: "The API returns 429 Too Many Requests on my own server. Can I turn rate limiting
    off?" (Formbricks' docs: a something-broke thread and a decision thread, both answered by the rate-limiting
    page, routed `both`). A writer's marker ("also") keeps them apart."""
    return (len(threads) == 2 and len(set(best_files)) == 1 and bool(best_files[0])
            and not _additive(text, threads[0].text, threads[1].text))


def _as_written(text: str, parts: list[str]) -> str:
    """Neighbouring pieces as the message writes them, the words joining them kept: joined by spaces, a thread
    read "The GUI won't open the tray icon is missing" (its "and" was the cut that did not happen)."""
    start = end = text.find(parts[0])
    for part in parts:
        at = text.find(part, end) if end >= 0 else -1
        end = at + len(part) if at >= 0 else -1
    return text[start:end] if start >= 0 and end >= 0 else " ".join(parts)


def _thread(text: str, p: np.ndarray) -> Thread:
    return Thread(text, *top(p), p)
