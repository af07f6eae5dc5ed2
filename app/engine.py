"""ask(): validate -> embed -> retrieve from both collections -> route -> answer. The one code path
behind the CLI, the Python API and the UI; none of them routes, filters or cites on its own.

Each question runs on one immutable snapshot of the index (app/snapshot.py); answer planning is in
app/plan.py, the router's calibration in app/calibration.py, the result's shape in app/results.py."""
from __future__ import annotations

import re
import time
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ingest import onnx_export
from ingest.config import Config, load_config
from ingest.embedder import Embedder
from ingest.store import Store

from . import answerability, identifiers, keyword, requests
from . import threads as split
from .api.llm import generator_for
from .encoder import query_encoder
from .framing import unframed
from .plan import other_side_top, plan
from .results import Result, RouteResult
from .retrieval import AUDIENCE_LEVEL, Hit, Retriever, side
from .router import Route, Router, Signals, example_score, gate, intent_score
from .snapshot import NoIndexError, Snapshot, Snapshots

MAX_QUESTION_CHARS = 2000
MAX_PARTS = 3
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class QuestionError(ValueError):
    """An unusable question (empty, too long); the message says which."""


def clean_question(query) -> str:
    if not isinstance(query, str):
        raise QuestionError("the question must be text")
    query = query.encode("utf-8", "replace").decode("utf-8")   # lone surrogates (undecodable argv) crash the tokenizer
    text = " ".join(_CONTROL.sub(" ", query).split())
    if not text:
        raise QuestionError("the question is empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is {len(text)} characters long; the limit is {MAX_QUESTION_CHARS}")
    return text


def _check_audience(audience: str) -> None:
    if audience not in AUDIENCE_LEVEL:
        raise QuestionError(f"audience must be one of {', '.join(AUDIENCE_LEVEL)}, got {audience!r}")


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)


class Analysis(NamedTuple):
    """What _analyse found for a question: its route; the joint ranking (both collections) of the whole
    question and of each thread (when there are several), and the answerability verdict of each; the whole
    question's hits per corpus; the hits per thread; timings."""
    route: Route
    joint: list[list[Hit]]
    verdicts: list[answerability.Answerability]
    whole: dict[str, list[Hit]]
    part_hits: list[tuple[str, list[Hit]]]
    timings: dict[str, float]


def _by_hand(decided: Route, chosen: list[str]) -> Route:
    """The route an asker chose: one side for every thread, or one side per thread."""
    per_thread = len(chosen) > 1
    if not per_thread:
        chosen = chosen * len(decided.parts)
    if len(chosen) != len(decided.parts):
        raise QuestionError(f"the message has {len(decided.parts)} thread(s); got {len(chosen)} routes")
    parts = [{**part, "label": side} for part, side in zip(decided.parts, chosen)]
    label = chosen[0] if len(set(chosen)) == 1 else "both"
    reason = "; ".join(f"“{part['text']}” → {part['label']}" for part in parts) if per_thread else label
    return Route(label, 1.0, f"{reason}: chosen by hand", decided.p_support, parts, decided.bucket)


class KnowledgeBase:
    """The Python API. `KnowledgeBase("config.toml").ask("How do I get a refund?")`. Safe to share between
    threads (the Streamlit app does): every question works on one immutable snapshot of the index."""

    def __init__(self, config: Config | str | Path | None = None, embedder: Embedder | None = None):
        self.config = config if isinstance(config, Config) else load_config(config)
        self.embedder = embedder or query_encoder(self.config.cache_path)   # ONNX, no torch, once exported
        self.settings = dict(self.config.retrieval)      # every key present: defaults come from ingest/settings.py
        self.snapshots = Snapshots(self.config, self.embedder, self.settings)
        self.generator = generator_for(self.config.answer)     # None unless [answer] mode = "llm"

    @property
    def store(self) -> Store:
        return self.snapshots.store

    def _ready(self) -> Snapshot:
        return self.snapshots.current()

    @property
    def retriever(self) -> Retriever:
        return self._ready().retriever

    @property
    def router(self) -> Router:
        return self._ready().router

    @staticmethod
    def _signals(snap: Snapshot, text: str, vector: np.ndarray, ranked: list[Hit], hits: dict[str, list[Hit]],
                 audience: str, proba: np.ndarray, answered: bool) -> Signals:
        """The router's evidence for one text: its joint ranking over both collections, that ranking's
        hits per collection, and whether it answers the text (its answerability verdict)."""
        best = {c: max((h.dense for h in hs[:10]), default=0.0) for c, hs in hits.items()}
        evidence = best.get("support", 0.0) - best.get("service", 0.0) - snap.router.evidence_offset[audience]
        return Signals(intent=intent_score(text), examples=example_score(vector, snap.router.examples),
                       evidence=evidence, gate=gate(best), best=best, bucket=requests.support_lean(proba),
                       leaders=tuple(h.corpus for h in ranked[:5]),
                       answered=answered)

    def _analyse(self, snap: Snapshot, text: str, audience: str) -> Analysis:
        """Route a question (see Analysis for what it returns)."""
        timings = {}
        t = time.perf_counter()
        pieces = split.pieces(text)[:MAX_PARTS]
        pieces = pieces if len(pieces) > 1 and split.may_split(text, pieces) else []
        texts = [text, *pieces]
        vectors = np.asarray(self.embedder.embed(texts), dtype=np.float32)
        model = requests.default_model()
        proba = model.proba(texts, vectors)
        threads = split.threads(text, pieces, proba[1:], proba[0])
        if len(threads) > 1:     # a thread of several pieces is embedded and classified as a whole
            joined = [th.text for th in threads if th.text not in texts]
            if joined:
                more = np.asarray(self.embedder.embed(joined), dtype=np.float32)
                texts, vectors = [*texts, *joined], np.vstack([vectors, more])
                proba = np.vstack([proba, model.proba(joined, more)])
            threads = [split.Thread(th.text, *requests.top(proba[texts.index(th.text)]),
                                       proba[texts.index(th.text)]) for th in threads]
        timings["embed"] = _ms(t)
        t = time.perf_counter()
        wanted = [text, *(th.text for th in threads)] if len(threads) > 1 else [text]
        rows = [texts.index(w) for w in wanted]
        joint = snap.retriever.search_all(wanted, vectors[rows].tolist(), audience)
        if len(threads) > 1 and split.one_request(text, threads, [r[0].source if r else "" for r in joint[1:]]):
            threads = [split.Thread(text, *requests.top(proba[0]), proba[0])]
            wanted, rows, joint = [text], [0], joint[:1]
        hits = [{c: side(joint[i], c) for c in self.config.corpora} for i in range(len(wanted))]
        # once per ranking: the router reads each verdict, the answer the best of them
        verdicts = [answerability.decide(ranking, self.settings["answer_threshold"]) for ranking in joint]
        signals = [self._signals(snap, w, vectors[r], joint[i], hits[i], audience, proba[r], verdicts[i].answered)
                   for i, (w, r) in enumerate(zip(wanted, rows))]
        timings["retrieve"] = _ms(t)
        t = time.perf_counter()
        thread_signals = list(zip(threads, signals[1:])) if len(threads) > 1 else [(threads[0], signals[0])]
        route = snap.router.decide(text, signals[0], thread_signals)
        part_hits = [(th.text, h) for th, h in zip(threads, hits[1:])]
        timings["route"] = _ms(t)
        return Analysis(route, joint, verdicts, hits[0], part_hits, timings)

    def ask(self, query: str, audience: str = "customer", route: str | list[str] | None = None,
            generate: bool = True) -> Result:
        """Route, retrieve and answer one question. `route` ("service", "support", "both") overrides the
        router, e.g. an agent's one-click "search the other side"; a list overrides it thread by thread (one
        side per thread of the message, in order). generate=False keeps the extractive answer in llm mode
        (the UI then streams `self.generator.stream(result)`). Raises QuestionError, NoIndexError."""
        started = time.perf_counter()
        _check_audience(audience)
        chosen = list(route) if isinstance(route, (list, tuple)) else [route]
        if any(r not in ("service", "support", "both") for r in chosen) and chosen != [None]:
            raise QuestionError(f"route must be service, support or both (or one of them per thread), got {route!r}")
        text = clean_question(query)
        snap = self._ready()
        searched = snap.retriever.correct(text, audience)
        asked = unframed(searched)
        decided, joint, verdicts, whole, part_hits, timings = self._analyse(snap, asked, audience)
        ranked = joint[0]
        by_hand = route is not None
        route = _by_hand(decided, chosen) if by_hand else decided
        t = time.perf_counter()
        # a mixed message is answerable when the whole or any of its threads is
        verdict = max(verdicts, key=lambda v: v.probability)
        answered, answer_text, citations = plan(route, ranked, whole, part_hits, self.settings, verdict.answered,
                                                by_hand, snap.retriever.neighbour,
                                                near=verdict.probability >= answerability.NEAR,
                                                codes=identifiers.named(asked), words=keyword.terms(asked))
        timings["answer"] = _ms(t)
        timings["total"] = _ms(started)
        debug = {"other_side_top": other_side_top(route, ranked, by_hand), "answerability": verdict.as_dict()}
        result = {"query": text, "audience": audience, "route": route.as_dict(), "parts": route.parts,
                  "answered": answered, "answer": answer_text, "citations": citations, "timings_ms": timings,
                  "answer_mode": "extractive", "debug": debug}
        if searched != text:
            result["corrected"] = searched
        return self.generator.apply(result) if self.generator and generate else result

    def route(self, query: str, audience: str = "customer") -> RouteResult:
        """The routing decision only (it still looks at both collections for evidence)."""
        _check_audience(audience)
        text = clean_question(query)
        snap = self._ready()
        searched = snap.retriever.correct(text, audience)
        route = self._analyse(snap, unframed(searched), audience).route
        out: RouteResult = {"query": text, "route": route.as_dict(), "parts": route.parts}
        if searched != text:
            out["corrected"] = searched
        return out

    def ingest(self, progress=None, note=None) -> dict:
        """Bring the index in line with the files, then store the router calibration for the new index so
        readers load it instead of measuring it. Questions keep running on the old snapshot meanwhile."""
        from ingest.pipeline import ingest
        embedder = self.embedder if isinstance(self.embedder, Embedder) else Embedder()   # torch for chunks
        summary = ingest(self.config, progress=progress, embedder=embedder, note=note)
        onnx_export.ensure(embedder, self.config.cache_path)      # readers started later embed without torch
        try:
            self.snapshots.save_calibration()
        except NoIndexError:
            pass                                # nothing indexed (every file failed): nothing to calibrate
        return summary

    def status(self) -> dict:
        """Per corpus: files (and how many of them are public), chunks, last ingest and its summary, failed files."""
        import json
        out = {}
        store = self.store
        states = store.states()
        for name in self.config.corpora:
            state = states.get(name, {})
            files = store.live_files(name)
            public = sum(f.get("audience") == "public" for f in files.values())
            out[name] = {"files": len(files), "public_files": public, "chunks": store.chunks(name).count(),
                         "last_ingest": state.get("last_ingest"),
                         "summary": json.loads(state.get("summary", "{}")),
                         "failed": json.loads(state.get("failed", "[]"))}
        return out
