"""Hybrid retrieval: dense + keyword (BM25), fused by reciprocal rank, over both collections at once.

`search_all` ranks service and support chunks in one list (BM25 over one index of both, so scores are
comparable; cosine is comparable as is): the route decides how an answer is presented, not which
collection is searched. `search` ranks one collection (the router's evidence and tests use it).

Both indexes are derived from what Chroma holds (the source of truth, embedded or server) and brought
up to date when the manifest's generation moves, reading only the files that changed; a new process
starts from the copy saved in the cache folder (app/corpus_index.py). Each exists per audience level, so
the audience filter is part of the search itself, never applied afterwards. Only chunks of the live
version of each file are loaded, so a half-done ingest is invisible.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from ingest import head_vectors
from ingest.link_targets import Targets
from ingest.settings import defaults
from ingest.store import Store

from . import corpus_index, file_places, identifiers
from .corpus_index import CorpusView
from .keyword import KeywordIndex
from .spelling import Speller
from .vectors import single_threaded_blas

AUDIENCE_LEVEL = {"customer": "public", "agent": "all"}


@dataclass
class Hit:
    id: str
    corpus: str
    text: str
    meta: dict
    dense: float = 0.0          # cosine similarity, 0 when only BM25 found it
    bm25: float = 0.0
    score: float = 0.0          # fused (RRF)
    head: float = math.nan      # cosine of the chunk's heading path (ingest/head_vectors.py), NaN when unknown
    ask: float = math.nan       # cosine of its own heading where that is a question (VectorIndex.search_fields)
    own: float = math.nan       # cosine of its heading path below the title (head_vectors.own_vector), NaN if none
    exact: bool = False         # names an identifier of the question verbatim (app/identifiers.py)

    @property
    def source(self) -> str:
        return self.meta["source"]


def _load_view(store: Store, corpus: str, generation: str, previous: CorpusView | None = None) -> CorpusView:
    return corpus_index.load_view(store, corpus, generation, previous)


def rrf(rankings: list[tuple[list[str], float]], k: int) -> dict[str, float]:
    """Weighted reciprocal-rank fusion: sum of weight / (k + rank) over the rankings an id appears in."""
    scores: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, doc_id in enumerate(ids, 1):
            scores[doc_id] = scores.get(doc_id, 0.0) + weight / (k + rank)
    return scores


class Retriever:
    """Hybrid search over fixed views (one per corpus). A Retriever never changes: a new manifest
    generation gets a new Retriever from `load()`, which reuses the views of corpora that did not move."""

    def __init__(self, views: dict[str, CorpusView], settings: dict | None = None, roots: tuple[str, ...] = ()):
        s = {**defaults("retrieval"), **(settings or {})}
        self.roots = roots          # the corpora's folders as cited, for links between them
        self.candidates = s["candidates"]
        self.rrf_k = s["rrf_k"]
        self.bm25_weight = s["bm25_weight"]   # dense leads; BM25 adds exact terms and codes
        # BM25 counts only among the dense ranking's first `dense_pool` passages: over all candidates, a passage
        # that shares a few common words with the question but is about something else gained as much from BM25
        # as the right one ("Which plan do I need to publish my notes?" led with a CLI command). Ranking lab,
        # file level, hit@5 + MRR@10 summed over five corpora: all candidates 9.331, pool 10 / 15 / 20 / 30 / 50
        # 9.449 / 9.473 / 9.450 / 9.412 / 9.364; README, "Ranking".
        self.dense_pool = s["dense_pool"]
        self.top_k = s["top_k"]
        self.views = views
        # both collections, per level: the corpora's indexes joined, nothing rebuilt (app/keyword.py)
        self.joint = {lvl: KeywordIndex.joined([v.indexes[lvl] for v in views.values()]) for lvl in ("public", "all")}
        words = [v.chunks.spellings for v in views.values() if v.chunks is not None]
        self.spellers = {lvl: Speller(index.df, words) for lvl, index in self.joint.items()}
        single_threaded_blas()

    @classmethod
    def load(cls, store: Store, settings: dict | None, generations: dict[str, str],
             previous: Retriever | None = None) -> Retriever:
        """Views for these generations, read from Chroma where a corpus moved since `previous`."""
        old = previous.views if previous else {}
        views = {}
        for corpus in store.config.corpora:      # a corpus never switched yet has no state record
            gen = generations.get(corpus, "")
            view = old.get(corpus)
            if view is None or view.generation != gen:     # moved: refreshed from the previous view's chunks
                view = _load_view(store, corpus, gen, view)
            views[corpus] = view
        return cls(views, settings, tuple(store.config.corpus_roots()))

    @functools.cached_property
    def link_targets(self) -> Targets:
        """Every live file, so a link between pages opens the page a docs site would (ingest/link_targets.py)."""
        return Targets((s for v in self.views.values() if v.chunks is not None for s in v.chunks.versions), self.roots)

    def chunk_count(self, corpus: str) -> int:
        view = self.views.get(corpus)
        return len(view.indexes["all"].docs) if view else 0

    def neighbour(self, hit: Hit, step: int) -> Hit | None:
        """The live chunk `step` places after (or before) a hit in its file, from the in-memory view.
        Chunk ids are "<source key>:<version>:<n>" (ingest.store.chunk_id)."""
        key, version, n = hit.id.rsplit(":", 2)
        view = self.views.get(hit.corpus)
        if view is None or not n.isdigit():
            return None
        doc = view.vectors["all"].doc(f"{key}:{version}:{int(n) + step}")    # same file: same audience as the hit
        return Hit(doc.id, hit.corpus, doc.text, doc.meta) if doc is not None else None

    def dense(self, corpus: str, vectors: list[list[float]], audience: str, n: int) -> list[list[Hit]]:
        """Nearest live chunks this audience may see, for each query vector."""
        index = self.views[corpus].vectors[AUDIENCE_LEVEL[audience]]
        return [[Hit(d.id, corpus, d.text, d.meta, dense=sim, ask=ask) for d, sim, ask in found]
                for found in index.search_fields(np.asarray(vectors, dtype=np.float32), n)]

    def keyword(self, corpus: str, query: str, audience: str, n: int) -> list[Hit]:
        index = self.views[corpus].indexes[AUDIENCE_LEVEL[audience]]
        return [Hit(d.id, corpus, d.text, d.meta, bm25=s) for d, s in index.search(query, n)]

    def search_all(self, queries: list[str], vectors: list[list[float]], audience: str) -> list[list[Hit]]:
        """For each (query, vector): fused candidates of both collections in one list, best first. Each
        collection contributes its own top `candidates` by cosine, so the router's per-side evidence
        (`side()`) is the same as searching that side alone."""
        vectors = np.asarray(vectors, dtype=np.float32)         # once: converting per candidate cost ~14 us
        per_side = {c: self.dense(c, vectors, audience, self.candidates) for c in self.views}
        joint = self.joint[AUDIENCE_LEVEL[audience]]
        out = []
        for i, (q, v) in enumerate(zip(queries, vectors)):
            dense = sorted((h for lists in per_side.values() for h in lists[i]), key=_dense_key, reverse=True)
            pool = frozenset(h.id for h in dense[:self.dense_pool])    # ranked by BM25 even past the first candidates
            keyword = [Hit(d.id, d.meta["corpus"], d.text, d.meta, bm25=s)
                       for d, s in joint.search(q, self.candidates, pool)]
            out.append(identifiers.promote(q, self._fuse(dense, keyword, v), self.top_k))
        return out

    def correct(self, text: str, audience: str) -> str:
        """`text` with its misspelt words corrected to words this audience's chunks use (app/spelling.py)."""
        return self.spellers[AUDIENCE_LEVEL[audience]].correct(text)

    def keyword_index(self, audience: str) -> KeywordIndex:
        """The BM25 index of both collections this audience may see (term statistics for answerability)."""
        return self.joint[AUDIENCE_LEVEL[audience]]

    def _fuse(self, dense: list[Hit], keyword: list[Hit], vector: list[float]) -> list[Hit]:
        by_id = {h.id: h for h in dense}
        only_keyword = []
        for h in keyword:
            if h.id in by_id:
                by_id[h.id].bm25 = h.bm25
            else:
                only_keyword.append(h)
                by_id[h.id] = h
        for corpus in {h.corpus for h in only_keyword}:      # their cosine, one product per corpus
            hits = [h for h in only_keyword if h.corpus == corpus]
            sims = self.views[corpus].vectors["all"].similarities([h.id for h in hits], np.asarray(vector, np.float32))
            for h, sim in zip(hits, sims):
                h.dense = sim
        fused = hybrid([h.id for h in dense], [h.id for h in keyword], self.dense_pool, self.bm25_weight, self.rrf_k)
        for doc_id, score in fused.items():
            by_id[doc_id].score = score
        hits = list(by_id.values())
        heading_similarities(hits, vector)      # every candidate: answerability reads the best of them
        return by_cosine_within_files(sorted(hits, key=lambda h: h.score, reverse=True), vector)


def hybrid(dense: list[str], keyword: list[str], pool: int, bm25_weight: float, k: int) -> dict[str, float]:
    """RRF of the dense ranking and of the BM25 ranking of the dense ranking's first `pool` ids (0: of all)."""
    shortlist = set(dense[:pool]) if pool else None
    reranked = [i for i in keyword if shortlist is None or i in shortlist]
    return rrf([(dense, 1.0), (reranked, bm25_weight)], k)


def _dense_key(hit: Hit) -> float:
    """What the dense list is ordered by: the body's cosine, or its question heading's where that is better."""
    return hit.dense if not hit.ask > hit.dense else hit.ask


def heading_similarities(hits: list[Hit], vector) -> None:
    """Sets each hit's `head` and `own`: the cosines of its heading path's vector and of its path below the
    title's with the question (NaN without one)."""
    for h, head, own in zip(hits, _heads(hits, vector).tolist(), _owns(hits, vector).tolist()):
        h.head, h.own = head, own


def _heads(hits: list[Hit], vector) -> np.ndarray:
    return head_vectors.similarities([h.meta.get(head_vectors.KEY) for h in hits], np.asarray(vector, np.float32))


def _owns(hits: list[Hit], vector) -> np.ndarray:
    return head_vectors.similarities([head_vectors.own_vector(h.meta) for h in hits], np.asarray(vector, np.float32))


def section_similarities(hits: list[Hit], vector) -> list[float]:
    """How well each chunk's section matches the question: the best of its body's cosine, its heading path's
    and its path below the title's (ingest/head_vectors.py; the body's alone for a chunk stored without them). Uses
    `head` and `own` where the search set them, else computes them from the chunk's metadata."""
    if vector is None:
        return [h.dense for h in hits]
    heads = np.fromiter((h.head for h in hits), dtype=np.float64, count=len(hits))
    owns = np.fromiter((h.own for h in hits), dtype=np.float64, count=len(hits))
    unknown = np.flatnonzero(np.isnan(heads))
    if len(unknown):
        unknown_hits = [hits[i] for i in unknown]
        heads[unknown], owns[unknown] = _heads(unknown_hits, vector), _owns(unknown_hits, vector)
    # a chunk under the title alone (the page's description or intro): its heading path is the page's title,
    # which every chunk of the file shares, so it says the file matches, not this passage (Plane's docs: the
    # one-line description led 5 of 30 answers over the section quoting the error asked about)
    heads[[i for i, h in enumerate(hits) if " > " not in h.meta.get("heading_path", " > ")]] = np.nan
    dense = np.fromiter((h.dense for h in hits), dtype=np.float64, count=len(hits))
    # array operations: an isnan and a max per hit in Python cost ~2 us each (~300 hits a question); fmax
    # passes over a NaN (no vector stored)
    return np.fmax(dense, np.fmax(heads, owns)).tolist()


def section_match(hit: Hit) -> float:
    """section_similarities for one hit whose `head` and `own` the search set (plan.py's lead rule)."""
    return max([hit.dense] + [s for s in (hit.head, hit.own) if not math.isnan(s)])


def by_cosine_within_files(ranked: list[Hit], vector=None) -> list[Hit]:
    """The fusion orders the files; within one file its chunks take the file's places in order of
    `section_similarities` to the question `vector` (body cosine alone without one). Keyword scores within one
    file mostly reward the section that repeats the page's words (the Enterprise section says "everything in
    Business"), so the fused order picked the wrong section of the right file. Bundled KB, section hit@1
    (bench.ranking_lab, 49 questions): BM25 score 0.653, body cosine 0.837, better of body and heading
    path 0.878. The heading path below the title as a third field (stop 26, bench.section_lab, lead of the top
    file): doc2dial's third-party section gold 0.425 -> 0.472, Quillhub 0.857 unchanged (no lead moves); README,
    "Ranking", for the layouts it costs. File ranks, scores and the set of hits do not change.
    The page's description from its front matter (`lead_in`) goes after the file's sections: it says what the
    whole page is about, so it matches the question as well as the page does, while the answer is in a section
    (Mainsail's docs: it led 3 of 30 answers, "turn the printer on with a shelly plug" over the section listing
    the plug types). Lead of the top file on section gold, 8 unseen sites (259 questions): 218 -> 221, no lead
    lost; doc2dial, no front matter, the same."""
    slots = file_places.places(ranked)
    shared = [i for spots in slots.values() if len(spots) > 1 for i in spots]
    similarity = dict(zip(shared, section_similarities([ranked[i] for i in shared], vector)))
    return file_places.reorder(ranked, slots, key=lambda j: (bool(ranked[j].meta.get("lead_in")), -similarity[j]))


def side(hits: list[Hit], corpus: str) -> list[Hit]:
    """One collection's hits of a joint ranking, in the same order."""
    return [h for h in hits if h.corpus == corpus]
