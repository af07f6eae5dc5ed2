"""One reader process for bench/scale.py: `python -m bench.scale_reader CONFIG QUESTIONS first|warm LAUNCHED`.

first: time from process launch (LAUNCHED, the parent's time.time()) to the first answer, as `kb ask` does.
warm:  per-audience p50/p95 of whole questions, RSS, then one file's chunks replaced through the store
       (a new version switched live, as an ingest does) and the time this reader takes to refresh.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np


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


def main(config_file: str, questions_file: str, mode: str, launched: float) -> dict:
    from app import index_cache
    from app.engine import KnowledgeBase
    questions = [json.loads(line)["query"] for line in Path(questions_file).read_text().splitlines() if line.strip()]
    kb = KnowledgeBase(config_file)
    if mode == "first":
        kb.ask(questions[0])
        return {"first_answer_s": round(time.time() - launched, 2)}
    kb.ask(questions[0])
    out = {}
    for audience in ("customer", "agent"):
        times, retrieve = [], []
        for q in questions[:60]:
            t = time.perf_counter()
            r = kb.ask(q, audience)
            times.append((time.perf_counter() - t) * 1000)
            retrieve.append(r["timings_ms"]["retrieve"])
        out[f"{audience}_p50_ms"] = round(float(np.percentile(times, 50)), 1)
        out[f"{audience}_p95_ms"] = round(float(np.percentile(times, 95)), 1)
        out[f"{audience}_retrieve_p95_ms"] = round(float(np.percentile(retrieve, 95)), 1)   # without embedding
    out["rss_mb"] = round(rss_mb(), 0)
    index_cache.wait_saved()
    change_one_file(kb.config)
    t = time.perf_counter()
    snapshot = kb.snapshots.current()          # the new generation's snapshot, built from the old one
    out["refresh_s"] = round(time.perf_counter() - t, 3)
    assert any(text.endswith(" changed") for text in snapshot.retriever.chunks["service"].texts)
    index_cache.wait_saved()
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]))))
