"""ask(): validate -> embed -> retrieve from both collections -> route -> answer. The one code path
behind the CLI, the Python API and the UI; none of them routes, filters or cites on its own."""
from __future__ import annotations

import re
import time
from functools import cached_property
from pathlib import Path

import numpy as np

from ingest import onnx_export
from ingest.config import Config, load_config
from ingest.embedder import Embedder
from ingest.store import Store, StoreError

from . import answer as answers
from .encoder import embed_cached, query_encoder
from .retrieval import AUDIENCE_LEVEL, Hit, Retriever
from .route_examples import DEFAULT_EXAMPLES
from .router import Route, Router, Signals, example_score, gate, intent_score, split_clauses

MAX_QUESTION_CHARS = 2000
MAX_PARTS = 3
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class QuestionError(ValueError):
    """An unusable question (empty, too long); the message says which."""


class NoIndexError(RuntimeError):
    """Nothing has been ingested yet."""


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


class KnowledgeBase:
    """The Python API. `KnowledgeBase("config.toml").ask("How do I get a refund?")`."""

    def __init__(self, config: Config | str | Path | None = None, embedder: Embedder | None = None):
        self.config = config if isinstance(config, Config) else load_config(config)
        self.embedder = embedder or query_encoder(self.config.cache_path)   # ONNX, no torch, once exported
        self.settings = {"top_k": 5, "min_score": 0.35, "per_source": 2, "bm25_weight": 0.5, **self.config.retrieval}

    @cached_property
    def store(self) -> Store:
        return Store(self.config)

    @cached_property
    def retriever(self) -> Retriever:
        return Retriever(self.store, self.settings)

    @cached_property
    def router(self) -> Router:
        examples = {side: list(DEFAULT_EXAMPLES[side]) for side in ("service", "support")}
        for name, corpus in self.config.corpora.items():
            examples[name] += [*corpus.examples, corpus.description]
        extra = self.config.router.get("examples", {})
        for side in examples:
            examples[side] += list(extra.get(side, []))
        vectors = {side: embed_cached(self.embedder, qs, self.config.cache_path) for side, qs in examples.items()}
        offsets = {audience: self._evidence_offset(vectors, audience) for audience in AUDIENCE_LEVEL}
        return Router(self.config.router, vectors, offsets)

    def _evidence_offset(self, examples: dict[str, np.ndarray], audience: str) -> float:
        """The best-support-minus-best-service gap typical of these two collections (as this audience
        sees them), measured on the example questions of both sides: a bigger collection matches
        everything a little better, and evidence is read relative to that. 0 before any ingest."""
        try:
            self._ready()
        except NoIndexError:
            return 0.0
        gaps = []
        for vecs in examples.values():
            tops = {c: [max((h.dense for h in hits), default=0.0)
                        for hits in self.retriever.dense(c, vecs.tolist(), audience, 1)]
                    for c in self.config.corpora}
            gaps.append(float(np.mean(np.subtract(tops["support"], tops["service"]))))
        return float(np.mean(gaps))

    def _ready(self) -> None:
        try:
            self.retriever.refresh()
        except StoreError as e:
            raise NoIndexError(str(e)) from None
        if not any(self.retriever.chunk_count(c) for c in self.config.corpora):
            raise NoIndexError(f"the index at {self.config.store_url or self.config.store_path} is empty: "
                               "run `kb ingest` first")

    def _signals(self, text: str, vector: np.ndarray, hits: dict[str, list[Hit]], audience: str) -> Signals:
        best = {c: max((h.dense for h in hs[:10]), default=0.0) for c, hs in hits.items()}
        evidence = best.get("support", 0.0) - best.get("service", 0.0) - self.router.evidence_offset[audience]
        return Signals(intent=intent_score(text), examples=example_score(vector, self.router.examples),
                       evidence=evidence, gate=gate(best), best=best)

    def _analyse(self, text: str, audience: str) -> tuple[Route, dict, list, dict]:
        """Route a question; returns the route, the hits per corpus for the whole question, the hits
        per message part, and timings."""
        timings = {}
        t = time.perf_counter()
        parts = split_clauses(text)[:MAX_PARTS]
        parts = parts if len(parts) > 1 else []
        vectors = np.asarray(self.embedder.embed([text, *parts]), dtype=np.float32)
        timings["embed"] = _ms(t)
        t = time.perf_counter()
        per_corpus = {c: self.retriever.search(c, [text, *parts], vectors.tolist(), audience)
                      for c in self.config.corpora}
        whole = {c: lists[0] for c, lists in per_corpus.items()}
        part_hits = [(p, {c: lists[i] for c, lists in per_corpus.items()}) for i, p in enumerate(parts, 1)]
        timings["retrieve"] = _ms(t)
        t = time.perf_counter()
        route = self.router.decide(
            text, self._signals(text, vectors[0], whole, audience),
            [(p, self._signals(p, v, h, audience)) for (p, h), v in zip(part_hits, vectors[1:])])
        timings["route"] = _ms(t)
        return route, whole, part_hits, timings

    def _answer(self, route: Route, whole: dict, part_hits: list) -> tuple[bool, str, list[dict]]:
        top_k, min_score = self.settings["top_k"], self.settings["min_score"]
        if route.parts:
            groups = []
            for (part, hits), info in zip(part_hits, route.parts):
                sides = ["service", "support"] if info["label"] == "both" else [info["label"]]
                merged = sorted((h for c in sides for h in hits[c]), key=lambda h: h.score, reverse=True)
                groups.append((f"“{part}”", merged))
        elif route.label == "both":    # the side with the better passage speaks first
            groups = sorted(((answers.SIDE_NAMES[c], whole[c]) for c in route.collections),
                            key=lambda g: max((h.dense for h in g[1][:3]), default=0.0), reverse=True)
        else:
            groups = [(None, whole[route.label])]
        groups = [(head, [h for h in hs if h.dense >= min_score]) for head, hs in groups]
        groups = [(head, hs) for head, hs in groups if hs]
        if not groups:
            return False, answers.NO_ANSWER, []
        leads = [(head if len(groups) > 1 else None, hs[0]) for head, hs in groups]
        lead_ids = {h.id for _, h in leads}
        cited = answers.pick([[h for _, h in leads]] + [hs for _, hs in groups], limit=max(top_k, len(leads)),
                             per_source=self.settings["per_source"])
        cited = [h for _, h in leads] + [h for h in cited if h.id not in lead_ids]
        text, citations = answers.compose(leads, cited)
        return True, text, citations

    def ask(self, query: str, audience: str = "customer", route: str | None = None) -> dict:
        """Route, retrieve and answer one question. `route` ("service", "support", "both") overrides the
        router, e.g. an agent's one-click "search the other side". Raises QuestionError, NoIndexError."""
        started = time.perf_counter()
        _check_audience(audience)
        if route not in (None, "service", "support", "both"):
            raise QuestionError(f"route must be service, support or both, got {route!r}")
        text = clean_question(query)
        self._ready()
        decided, whole, part_hits, timings = self._analyse(text, audience)
        route = decided if route is None else Route(route, 1.0, f"{route}: chosen by hand", decided.p_support)
        t = time.perf_counter()
        answered, answer_text, citations = self._answer(route, whole, part_hits)
        timings["answer"] = _ms(t)
        timings["total"] = _ms(started)
        return {"query": text, "audience": audience, "route": route.as_dict(), "parts": route.parts,
                "answered": answered, "answer": answer_text, "citations": citations, "timings_ms": timings}

    def route(self, query: str, audience: str = "customer") -> dict:
        """The routing decision only (it still looks at both collections for evidence)."""
        _check_audience(audience)
        text = clean_question(query)
        self._ready()
        route = self._analyse(text, audience)[0]
        return {"query": text, "route": route.as_dict(), "parts": route.parts}

    def ingest(self, progress=None) -> dict:
        from ingest.pipeline import ingest
        embedder = self.embedder if isinstance(self.embedder, Embedder) else Embedder()
        summary = ingest(self.config, progress=progress, embedder=embedder)
        onnx_export.ensure(embedder, self.config.cache_path)      # readers started later skip torch
        for derived in ("store", "retriever", "router"):   # rebuilt from the new index on next use
            self.__dict__.pop(derived, None)
        return summary

    def status(self) -> dict:
        """Per corpus: files, chunks, last ingest and its summary, failed files."""
        import json
        out = {}
        states = self.store.states()
        for name in self.config.corpora:
            state = states.get(name, {})
            out[name] = {"files": len(self.store.live_files(name)), "chunks": self.store.chunks(name).count(),
                         "last_ingest": state.get("last_ingest"),
                         "summary": json.loads(state.get("summary", "{}")),
                         "failed": json.loads(state.get("failed", "[]"))}
        return out
