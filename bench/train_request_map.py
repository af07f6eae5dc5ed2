"""Rebuild app/request_map.npz, the request classifier's linear layer:  python -m bench.train_request_map

Trains on every domain in bench/request_map/data.jsonl (the L2 strength, the softmax temperature and the
nearest-intent blend are chosen by leave-one-domain-out over those domains) and writes the weights the product
loads. The leave-one-domain-out figures are in bench/results/request_map.md (python -m bench.request_map)."""
from __future__ import annotations

import time

import numpy as np

from app.requests import BUCKETS, WEIGHTS_FILE

from .request_map.model import Dataset, load, vectors


def main() -> None:
    t = time.perf_counter()
    rows = load()
    data = Dataset(rows, vectors([r["text"] for r in rows]))
    domains = sorted(set(data.domain))
    settings = data.choose(domains)
    arrays = data.model_on(np.ones(len(rows), dtype=bool), settings)
    arrays["weights"] = arrays["weights"].astype(np.float16).astype(np.float32)
    arrays["centroids"] = arrays["centroids"].astype(np.float16)
    np.savez_compressed(WEIGHTS_FILE, **arrays, buckets=np.asarray(BUCKETS), domains=np.asarray(domains))
    print(f"{len(rows)} rows from {len(domains)} domains, {settings} -> {WEIGHTS_FILE} "
          f"({WEIGHTS_FILE.stat().st_size} bytes, {time.perf_counter() - t:.0f} s)")


if __name__ == "__main__":
    main()
