"""Leave-one-domain-out report of the request classifier: python -m bench.request_map

For each domain in data.jsonl: train on the other domains (L2 strength and temperature chosen by an inner
leave-one-domain-out over those domains only), then score the domain left out: bucket accuracy, side exact,
wrong side, hedged, confusion by bucket, and every miss. Writes bench/results/request_map.{md,json}."""
from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

from app.requests import BUCKETS, side

from .model import Dataset, load, softmax, vectors

RESULTS = Path(__file__).parents[1] / "results"
SIDE = {"something-broke": "support"}


def gold_side(bucket: str) -> str:
    return SIDE.get(bucket, "service")


def score_domain(rows: list[dict], proba: np.ndarray) -> dict:
    pred = [BUCKETS[i] for i in proba.argmax(1)]
    sides = [side(p) for p in proba]
    gold = [r["bucket"] for r in rows]
    gs = [gold_side(b) for b in gold]
    n = len(rows)
    confusion = {g: {p: 0 for p in BUCKETS} for g in BUCKETS}
    for g, p in zip(gold, pred):
        confusion[g][p] += 1
    misses = [{"text": r["text"], "intent": r["intent"], "gold": g, "predicted": p, "side": s,
               "p": round(float(pr.max()), 3)}
              for r, g, p, s, pr in zip(rows, gold, pred, sides, proba) if g != p or s != gold_side(g)]
    return {"n": n, "bucket_accuracy": sum(g == p for g, p in zip(gold, pred)) / n,
            "bucket_balanced": float(np.mean([np.mean([p == b for g, p in zip(gold, pred) if g == b])
                                              for b in BUCKETS if b in gold])),
            "side_exact": sum(s == g for s, g in zip(sides, gs)) / n,
            "wrong_side": sum(s not in (g, "both") for s, g in zip(sides, gs)) / n,
            "hedged": sum(s == "both" for s in sides) / n,
            "support_recall": _recall(sides, gs, "support"), "gold": dict(Counter(gold)),
            "confusion": confusion, "misses": misses}


def _recall(sides, gold, label):
    idx = [i for i, g in enumerate(gold) if g == label]
    return sum(sides[i] == label for i in idx) / len(idx) if idx else None


def run() -> dict:
    rows = load()
    t = time.perf_counter()
    data = Dataset(rows, vectors([r["text"] for r in rows]))
    domains = sorted(set(data.domain))
    out = {"domains": {}, "settings": {}}
    for held in domains:
        train = [d for d in domains if d != held]
        l2, temp = data.choose(train)
        W, b = data.fit_on(np.isin(data.domain, train), l2)
        test = data.domain == held
        proba = softmax((data.x[test] @ W.T + b) / temp)
        out["domains"][held] = score_domain([r for r, m in zip(rows, test) if m], proba)
        out["settings"][held] = {"l2": l2, "temperature": round(temp, 3)}
        d = out["domains"][held]
        print(f"{held:12s} n={d['n']:5d} bucket {d['bucket_accuracy']:.3f} side exact {d['side_exact']:.3f} "
              f"wrong {d['wrong_side']:.3f} hedged {d['hedged']:.3f}", flush=True)
    keys = ("bucket_accuracy", "bucket_balanced", "side_exact", "wrong_side", "hedged")
    out["mean"] = {k: float(np.mean([d[k] for d in out["domains"].values()])) for k in keys}
    out["seconds"] = round(time.perf_counter() - t, 1)
    return out


def markdown(out: dict) -> str:
    lines = ["# Request Map: leave-one-domain-out", "",
             ("Each row: trained on the other domains (settings chosen by an inner leave-one-domain-out on those "
              "only), scored on the domain left out. Side follows from the bucket (something-broke -> support, "
              "else service; account-and-money with p(something-broke) >= 0.3 -> both, counted as hedged, "
              "not wrong). Data and mapping: bench/request_map/ (SOURCES.md, mapping.toml)."), "",
             "| domain left out | n | bucket acc | balanced | side exact | wrong side | hedged | support recall |",
             "|---|---|---|---|---|---|---|---|"]
    for name, d in out["domains"].items():
        sr = "-" if d["support_recall"] is None else f"{d['support_recall']:.3f}"
        lines.append(f"| {name} | {d['n']} | {d['bucket_accuracy']:.3f} | {d['bucket_balanced']:.3f} | "
                     f"{d['side_exact']:.3f} | {d['wrong_side']:.3f} | {d['hedged']:.3f} | {sr} |")
    m = out["mean"]
    lines.append(f"| **mean** | | {m['bucket_accuracy']:.3f} | {m['bucket_balanced']:.3f} | {m['side_exact']:.3f} | "
                 f"{m['wrong_side']:.3f} | {m['hedged']:.3f} | |")
    lines += ["", "Targets on the domain left out: side exact >= 0.90, wrong side <= 0.03, bucket accuracy >= 0.85.",
              "", "## Confusion by bucket (rows gold, columns predicted)", ""]
    for name, d in out["domains"].items():
        lines += [f"### {name}", "", "| gold \\ predicted | " + " | ".join(BUCKETS) + " |",
                  "|---|" + "---|" * len(BUCKETS)]
        lines += [f"| {g} | " + " | ".join(str(d["confusion"][g][p]) for p in BUCKETS) + " |" for g in BUCKETS]
        lines.append("")
    lines += ["## Every miss (bucket or side wrong)", ""]
    for name, d in out["domains"].items():
        lines += [f"### {name} ({len(d['misses'])})", "", "| text | intent | gold | predicted | side | p |",
                  "|---|---|---|---|---|---|"]
        lines += [f"| {m['text'].replace('|', '/')} | {m['intent']} | {m['gold']} | {m['predicted']} | {m['side']} | "
                  f"{m['p']} |" for m in d["misses"]]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    import argparse
    argparse.ArgumentParser(prog="python -m bench.request_map", description=__doc__.split("\n\n")[1]).parse_args(argv)
    out = run()
    RESULTS.mkdir(exist_ok=True)
    slim = {**out, "domains": {k: {**d, "misses": len(d["misses"])} for k, d in out["domains"].items()}}
    (RESULTS / "request_map.json").write_text(json.dumps(slim, indent=1))   # every miss is in the .md
    (RESULTS / "request_map.md").write_text(markdown(out))
    print(f"mean: {json.dumps({k: round(v, 3) for k, v in out['mean'].items()})} -> {RESULTS}/request_map.md")


if __name__ == "__main__":
    main()
