"""How the read path scales: `python -m bench.scale [--full] [--baseline-src DIR] [--out bench/results]`.

For 1k and 10k chunks (and 100k with --full) it builds a store from the bench corpus's real text, copied
with varied wording so the BM25 vocabulary grows like a real corpus; vectors (body and heading path) are
random unit vectors (what is measured is search and refresh, not the embedding), written straight through
ingest.store.Store.
Each size is read by fresh processes (bench/scale_reader.py) against the embedded store (and against a
`chroma run` server on the same folder up to --server-max chunks): time to first answer without and with
the saved indexes, warm p50/p95 per audience beside the dense baseline (embedding + matrix product),
reader RSS, index size on disk, and the refresh after a one-file change. With --baseline-src, the same
reader runs another checkout of the code (e.g. main before this work) on the same store, side by side.
Ingest throughput is the store write rate plus the embedding-only limit (the ingest's torch embedder,
real chunks) on this machine.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from ingest import head_vectors, onnx_export
from ingest.config import load_config
from ingest.store import Store, chunk_id

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = HERE.parent.parent / "shared" / "bench" / "corpus"
CHUNKS_PER_FILE = 10
TARGETS = {"warm_p95_ms": 100.0, "rss_mb": 1536.0, "refresh_s": 1.0, "cold_vs_import_chromadb": 2.0,
           "warm_vs_dense": 1.5}
CONFIG = """
[store]
{store}

[corpora.service]
description = "Product help, plans and billing, policies, onboarding: how to do something."
paths = ["docs/service"]
audience = "public"

[corpora.support]
description = "Troubleshooting, known issues, runbooks: something is broken and must be fixed."
paths = ["docs/support"]
audience = "internal"
public = ["docs/support/public/**"]
"""


def passages(root: Path = CORPUS) -> list[tuple[str, str]]:
    """(corpus side, ~120-word passage) from the bench corpus's Markdown."""
    out = []
    for path in sorted(root.rglob("*.md")):
        side = "support" if "/support/" in path.as_posix() else "service"
        words = re.sub(r"\s+", " ", path.read_text(errors="replace")).split(" ")
        out += [(side, " ".join(words[i:i + 120])) for i in range(0, max(len(words) - 40, 1), 120)]
    return out


def varied(text: str, copy: int, rng: random.Random) -> str:
    """Another plausible chunk: sentences reordered, a product name and numbers that differ per copy."""
    sentences = re.split(r"(?<=[.!?]) ", text)
    rng.shuffle(sentences)
    name = f"Workspace{copy % 997}"
    return f"{name} note {copy}: " + " ".join(sentences).replace(" the ", f" the {name} ", 1)


def build_store(folder: Path, n: int, seed: int = 0) -> tuple[Path, dict]:
    """An embedded store of n chunks in `folder`; returns the config file and write timings."""
    (folder / "docs/service").mkdir(parents=True, exist_ok=True)
    (folder / "docs/support").mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(CONFIG.format(store='path = "chroma"'))
    config = load_config(folder / "config.toml")
    rng, vec_rng = random.Random(seed), np.random.default_rng(seed)
    base = passages()
    by_side = {side: [t for s, t in base if s == side] for side in ("service", "support")}
    store = Store(config, create=True)
    started, written = time.perf_counter(), 0
    files: dict[str, list] = {"service": [], "support": []}
    for k in range(0, n, CHUNKS_PER_FILE):
        side = ("service", "support")[(k // CHUNKS_PER_FILE) % 2]
        sub = "public/" if side == "support" and k % 3 == 0 else ""
        files[side].append(f"docs/{side}/{sub}f{k:07d}.md")
    for corpus, sources in files.items():
        for i in range(0, len(sources), 100):          # 100 files = 1000 chunks per Chroma call
            batch = sources[i:i + 100]
            ids, docs, metas = [], [], []
            for source in batch:
                audience = "internal" if corpus == "support" and "/public/" not in source else "public"
                for c in range(CHUNKS_PER_FILE):
                    text = rng.choice(by_side[corpus])
                    ids.append(chunk_id(source, "v1", c))
                    docs.append(varied(text, len(ids) + i, rng))
                    metas.append({"corpus": corpus, "source": source, "title": source, "section": f"Part {c}",
                                  "anchor": f"part-{c}", "start_line": c, "end_line": c + 1,
                                  "audience": audience, "version": "v1", "chunk": c, "tags": "",
                                  "content_hash": str(c), "heading_path": f"{source} > Part {c}"})
            vectors = vec_rng.standard_normal((len(ids), 384)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            for meta, head, own in zip(metas, vectors[::-1], np.roll(vectors, 1, axis=0)):
                meta[head_vectors.KEY] = head_vectors.pack(head)    # as ingest stores them: 516 characters each
                meta[head_vectors.OWN_KEY] = head_vectors.pack(own)     # "Part n" sits under the title
            store.write_chunks(corpus, ids, vectors.tolist(), docs, metas)
            written += len(ids)
            records = [{"version": "v1", "chunks": CHUNKS_PER_FILE, "title": s, "kind": "file", "corpus": corpus,
                        "source": s, "audience": "public"} for s in batch]
            store.manifest.upsert(ids=[f"file:{corpus}:{s}" for s in batch], embeddings=[[1.0]] * len(batch),
                                  documents=batch, metadatas=records)
        store.switch(corpus, sources[0], {"version": "v1", "chunks": CHUNKS_PER_FILE, "title": sources[0],
                                          "audience": "public"})    # moves the generation, as an ingest does
    return folder / "config.toml", {"chunks": written, "write_chunks_per_s": written / (time.perf_counter() - started)}


def embedding_limit() -> float:
    """Chunks per second the ingest's embedder (torch, as `kb ingest` runs it) embeds real ~120-word passages."""
    from ingest.embedder import Embedder
    embedder = Embedder()
    texts = [t for _, t in passages()[:48]]
    embedder.embed(texts[:4])
    started = time.perf_counter()
    embedder.embed(texts)
    return len(texts) / (time.perf_counter() - started)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(path: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("chroma run did not start")


def read(config: Path, questions: Path, mode: str, src: Path = ROOT) -> dict:
    """One reader process running the code in `src`."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, str(HERE / "scale_reader.py"), str(config), str(questions), mode,
                          repr(time.time())],
                         capture_output=True, text=True, cwd=src, env=env, timeout=7200, check=False)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _mb(path: Path) -> float:
    files = [p for p in path.rglob("*") if p.is_file()] if path.exists() else []
    return round(sum(p.stat().st_size for p in files) / 2**20, 1)


def measure(config: Path, questions: Path, baseline: Path | None) -> dict:
    """Ours: first answer with no saved indexes, cold start with them (what every new process pays), warm,
    refresh; the baseline's code (no saved indexes): first answer, warm, refresh, on the same store."""
    cache = load_config(config).cache_path
    shutil.rmtree(cache / "index", ignore_errors=True)
    first = read(config, questions, "first")["first_answer_s"]
    row = {"first_answer_no_cache_s": first, "cold_start_s": read(config, questions, "first")["first_answer_s"],
           "index_cache_mb": _mb(cache / "index")}
    row.update(read(config, questions, "warm"))
    row["warm_first_answer_s"] = row.pop("first_answer_s")
    if baseline is not None:
        base = read(config, questions, "warm", baseline)
        base["cold_start_s"] = base.pop("first_answer_s")
        row["baseline"] = base
    return row


def run(sizes: list[int], questions: Path, baseline: Path | None, baseline_max: int, server_max: int) -> list[dict]:
    rows = []
    work = Path(tempfile.mkdtemp(prefix="kb-scale-"))
    try:
        from ingest.embedder import Embedder
        encoder_cache = work / "encoder-cache"
        onnx_export.export(Embedder(), encoder_cache)
        limit = embedding_limit()
        import_s = _import_chromadb_s()
        for n in sizes:
            folder = work / f"n{n}"
            config, writes = build_store(folder, n)
            for cache in (folder / "chroma-cache", folder / ".kb/cache"):
                shutil.copytree(onnx_export.encoder_dir(encoder_cache), onnx_export.encoder_dir(cache))
            row = {"chunks": writes["chunks"], "write_chunks_per_s": round(writes["write_chunks_per_s"], 1),
                   "embed_limit_chunks_per_s": round(limit, 1), "import_chromadb_s": import_s,
                   "chroma_mb": _mb(folder / "chroma")}
            row["embedded"] = measure(config, questions, baseline if n <= baseline_max else None)
            print(json.dumps(row), flush=True)
            if n <= server_max:
                server, url = start_server(folder / "chroma")
                try:
                    server_config = folder / "server.toml"
                    server_config.write_text(CONFIG.format(store=f'url = "{url}"'))
                    row["server"] = measure(server_config, questions, baseline if n <= baseline_max else None)
                finally:
                    server.terminate()
                    server.wait(timeout=30)
                print(json.dumps(row), flush=True)
            rows.append(row)
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def _import_chromadb_s() -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import chromadb"], check=True)
    return round(time.perf_counter() - t, 2)


def _describe(src: Path | None) -> str:
    """The baseline checkout's commit, for the report."""
    if src is None:
        return ""
    got = subprocess.run(["git", "-C", str(src), "log", "-1", "--format=%h %s"], capture_output=True, text=True,
                         check=False)
    return got.stdout.strip()[:80] or str(src)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    p.add_argument("--full", action="store_true", help="also 100k chunks (most of an hour on 2 busy cores)")
    p.add_argument("--sizes", type=int, nargs="*", help="chunk counts (overrides --full)")
    p.add_argument("--baseline-src", type=Path, help="another checkout of the code to run side by side")
    p.add_argument("--baseline-max", type=int, default=10**9, help="run the baseline up to this many chunks")
    p.add_argument("--server-max", type=int, default=10**9, help="measure a Chroma server up to this many chunks")
    p.add_argument("--queries", type=Path, default=CORPUS.parent / "queries.jsonl")
    p.add_argument("--out", type=Path, default=HERE / "results")
    p.add_argument("--add", action="store_true", help="keep the other sizes already in OUT/scale.json")
    p.add_argument("--label", default="", help="names the code measured in each row (e.g. its commit)")
    args = p.parse_args(argv)
    sizes = args.sizes or ([1000, 10000, 100000] if args.full else [1000, 10000])
    rows = [{**r, "code": args.label or _describe(ROOT)}
            for r in run(sizes, args.queries, args.baseline_src, args.baseline_max, args.server_max)]
    if args.add and (args.out / "scale.json").exists():
        old = json.loads((args.out / "scale.json").read_text())["rows"]
        rows = sorted([r for r in old if r["chunks"] not in sizes] + rows, key=lambda r: r["chunks"])
    from bench.scale_report import write_report
    write_report(rows, args.out, TARGETS, {"baseline": _describe(args.baseline_src)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
