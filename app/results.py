"""The JSON contract of `ask()` and `route()`, as typed dicts: what the CLI prints, the UI shows and the
bench reads. Typed dicts rather than classes so a result is its own JSON (`json.dumps(result)`)."""
from __future__ import annotations

from typing import NotRequired, TypedDict


class RouteInfo(TypedDict):
    label: str                  # service | support | both
    collections: list[str]
    confidence: float
    reason: str
    bucket: str                 # how-do-i | something-broke | account-and-money | decision


class Part(TypedDict):          # one thread of the message (a message with one request has one)
    text: str
    bucket: str
    label: str                  # the side this thread is answered from
    confidence: float           # how sure the bucket is


class Citation(TypedDict):
    n: int
    corpus: str
    source: str                 # relative to the config file's folder
    title: str
    section: str
    anchor: str
    lines: list[int]
    audience: str               # public | internal
    snippet: str
    passage: str
    score: float                # fused rank score
    similarity: float           # cosine similarity of the passage to the question


class Result(TypedDict):
    query: str
    audience: str
    route: RouteInfo
    parts: list[Part]
    answered: bool
    answer: str
    citations: list[Citation]
    timings_ms: dict[str, float]
    answer_mode: str            # extractive | llm | extractive-fallback ([answer] mode, app/api/llm.py)
    fallback_reason: NotRequired[str]   # why a generated answer was rejected (extractive-fallback only)
    corrected: NotRequired[str]  # the question as searched, when a misspelt word was corrected (app/spelling.py)
    # other_side_top: the unshown side's best passages ({source, corpus, section, anchor, score}), for
    # measuring side loss; answerability: {answered, probability, features} (app/answerability.py)
    debug: NotRequired[dict]


class RouteResult(TypedDict):
    query: str
    route: RouteInfo
    parts: list[Part]
    corrected: NotRequired[str]
