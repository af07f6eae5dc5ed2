"""One reader process for bench/scale.py: `python bench/scale_reader.py CONFIG QUESTIONS first|warm LAUNCHED`.

Run as a script (not `-m`), so the parent can put another checkout of the code first on PYTHONPATH (the
baseline run) and this file still runs it: it imports only `app` and `ingest`.

first: time from process launch (LAUNCHED, the parent's time.time()) to the first answer, as `kb ask` does;
       then it stores the router calibration, as `kb ingest` does, so later readers read it.
warm:  that first answer too, then per-audience p50/p95 of whole questions and of the dense baseline
       (embedding + exact matrix product over the same vectors, nothing else), RSS, then one file's chunks
       replaced through the store (a new version switched live, as an ingest does) and the time this reader
       takes to refresh.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

WARM_QUESTIONS = 60


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def change_one_file(config) -> str:
    """Replace the chunks of one service file with a new version and switch it live."""
    from ingest.store import Store, chunk_id
    store = Store(config)
    source, record = next(iter(store.live_files("service").items()))
    got = store.chunks("service").get(where={"source": source}, include=["documents", "metadatas"])
    version = record["version"] + "x"
    metas = [{**m, "version": version} for m in got["metadatas"]]
    vectors = np.random.default_rng(1).standard_normal((len(metas), 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store.write_chunks("service", [chunk_id(source, version, i) for i in range(len(metas))], vectors.tolist(),
                       [d + " changed" for d in got["documents"]], metas)
    store.switch("service", source, {**{k: v for k, v in record.items() if k not in ("kind", "corpus", "source")},
                                     "version": version})
    store.delete_versions("service", source, keep=version)
    return source


def _wait_saved() -> None:
    try:
        from app import index_cache
    except ImportError:          # the baseline's code saves nothing
        return
    index_cache.wait_saved()


def _dense_baseline(kb, questions: list[str], audience: str) -> list[float]:
    """Embedding + the exact matrix product over this audience's vectors of both corpora, per question."""
    from app.retrieval import AUDIENCE_LEVEL
    views = kb.retriever.views
    times = []
    for q in questions:
        t = time.perf_counter()
        vec = np.asarray(kb.embedder.embed([q]), dtype=np.float32)
        for view in views.values():
            view.vectors[AUDIENCE_LEVEL[audience]].search(vec, 10)
        times.append((time.perf_counter() - t) * 1000)
    return times


def _pct(values: list[float], q: int) -> float:
    return round(float(np.percentile(values, q)), 1)


def main(config_file: str, questions_file: str, mode: str, launched: float) -> dict:
    from app.engine import KnowledgeBase
    questions = [json.loads(line)["query"] for line in Path(questions_file).read_text().splitlines() if line.strip()]
    kb = KnowledgeBase(config_file)
    kb.ask(questions[0])
    out = {"first_answer_s": round(time.time() - launched, 2)}
    if mode == "first":
        kb.snapshots.save_calibration()     # what `kb ingest` does; the synthetic store was written without it
        _wait_saved()
        return out
    for audience in ("customer", "agent"):
        times, retrieve = [], []
        for q in questions[:WARM_QUESTIONS]:
            t = time.perf_counter()
            r = kb.ask(q, audience)
            times.append((time.perf_counter() - t) * 1000)
            retrieve.append(r["timings_ms"]["retrieve"])
        dense = _dense_baseline(kb, questions[:WARM_QUESTIONS], audience)
        out[f"{audience}_p50_ms"], out[f"{audience}_p95_ms"] = _pct(times, 50), _pct(times, 95)
        out[f"{audience}_retrieve_p95_ms"] = _pct(retrieve, 95)          # without embedding
        out[f"{audience}_dense_p50_ms"], out[f"{audience}_dense_p95_ms"] = _pct(dense, 50), _pct(dense, 95)
    out["rss_mb"] = round(rss_mb(), 0)
    _wait_saved()
    change_one_file(kb.config)
    t = time.perf_counter()
    snapshot = kb.snapshots.current()          # the new generation's snapshot, built from the old one
    out["refresh_s"] = round(time.perf_counter() - t, 3)
    assert any(d.text.endswith(" changed") for d in snapshot.retriever.views["service"].indexes["all"].docs)
    out["rss_after_refresh_mb"] = round(rss_mb(), 0)
    _wait_saved()
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]))))
