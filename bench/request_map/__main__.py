"""Leave-one-domain-out report of the request classifier: python -m bench.request_map

For each domain in data.jsonl: train on the other domains (L2 strength, temperature and the nearest-intent
blend chosen by an inner leave-one-domain-out over those domains only), then score the domain left out: bucket
accuracy, side exact, wrong side, hedged, confusion by bucket, and every miss.
Writes bench/results/request_map.{md,json}."""
from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

from app.requests import BROKE, BUCKETS, MONEY, BucketModel, sides

from .model import Dataset, load, vectors

RESULTS = Path(__file__).parents[1] / "results"
PROBA = Path(__file__).parents[1] / "out" / "request_map_lodo_proba.npz"
SIDE = {"something-broke": "support"}


def gold_side(bucket: str) -> str:
    return SIDE.get(bucket, "service")


def argmax_sides(proba: np.ndarray) -> np.ndarray:
    """The side rule before the abstain band (kept for comparison): something-broke on top -> support,
    account-and-money with p(something-broke) >= 0.3 -> both, else service."""
    top = proba.argmax(1)
    return np.where(top == BROKE, "support", np.where((top == MONEY) & (proba[:, BROKE] >= 0.3), "both", "service"))


def score_domain(rows: list[dict], proba: np.ndarray, band: tuple[float, float]) -> dict:
    pred = [BUCKETS[i] for i in proba.argmax(1)]
    side_of = sides(proba, band).tolist()
    old = argmax_sides(proba)
    gold = [r["bucket"] for r in rows]
    gs = [gold_side(b) for b in gold]
    n = len(rows)
    confusion = {g: {p: 0 for p in BUCKETS} for g in BUCKETS}
    for g, p in zip(gold, pred):
        confusion[g][p] += 1
    misses = [{"text": r["text"], "intent": r["intent"], "gold": g, "predicted": p, "side": s,
               "p": round(float(pr.max()), 3)}
              for r, g, p, s, pr in zip(rows, gold, pred, side_of, proba) if g != p or s != gold_side(g)]
    return {"n": n, "bucket_accuracy": sum(g == p for g, p in zip(gold, pred)) / n,
            "bucket_balanced": float(np.mean([np.mean([p == b for g, p in zip(gold, pred) if g == b])
                                              for b in BUCKETS if b in gold])),
            "side_exact": sum(s == g for s, g in zip(side_of, gs)) / n,
            "wrong_side": sum(s not in (g, "both") for s, g in zip(side_of, gs)) / n,
            "hedged": sum(s == "both" for s in side_of) / n,
            "argmax_side_exact": float(np.mean(old == np.asarray(gs))),
            "argmax_wrong_side": float(np.mean((old != np.asarray(gs)) & (old != "both"))),
            "support_recall": _recall(side_of, gs, "support"), "gold": dict(Counter(gold)),
            "confusion": confusion, "misses": misses, "intents": _intents(rows, gold, pred)}


def _intents(rows: list[dict], gold: list[str], pred: list[str]) -> list[dict]:
    """Source intents the classifier mostly gets wrong: where a label span or a mapping question shows."""
    by: dict = {}
    for r, g, p in zip(rows, gold, pred):
        by.setdefault(r["intent"], {"intent": r["intent"], "gold": g, "n": 0, "predicted": Counter()})
        by[r["intent"]]["n"] += 1
        by[r["intent"]]["predicted"][p] += 1
    out = []
    for i in by.values():
        right = i["predicted"][i["gold"]]
        if i["n"] - right >= 8 and right / i["n"] < 0.6:
            out.append({**i, "right": right / i["n"], "predicted": dict(i["predicted"])})
    return sorted(out, key=lambda i: i["right"] * i["n"] - i["n"])     # most misses first


def _recall(sides, gold, label):
    idx = [i for i, g in enumerate(gold) if g == label]
    return sum(sides[i] == label for i in idx) / len(idx) if idx else None


def run() -> dict:
    rows = load()
    t = time.perf_counter()
    data = Dataset(rows, vectors([r["text"] for r in rows]))
    domains = sorted(set(data.domain))
    out = {"domains": {}, "settings": {}}
    probas = {}
    for held in domains:
        train = [d for d in domains if d != held]
        settings = data.choose(train)
        model = BucketModel(arrays=data.model_on(np.isin(data.domain, train), settings))
        test = data.domain == held
        held_rows = [r for r, m in zip(rows, test) if m]
        proba = model.proba([r["text"] for r in held_rows], data.vecs[test])
        out["domains"][held] = score_domain(held_rows, proba, model.side_band)
        probas[held] = proba
        out["settings"][held] = {k: float(f"{v:.3g}") for k, v in settings.items()}
        d = out["domains"][held]
        print(f"{held:12s} n={d['n']:5d} bucket {d['bucket_accuracy']:.3f} side exact {d['side_exact']:.3f} "
              f"wrong {d['wrong_side']:.3f} hedged {d['hedged']:.3f}", flush=True)
    keys = ("bucket_accuracy", "bucket_balanced", "side_exact", "wrong_side", "hedged", "argmax_side_exact",
            "argmax_wrong_side")
    out["mean"] = {k: float(np.mean([d[k] for d in out["domains"].values()])) for k in keys}
    out["seconds"] = round(time.perf_counter() - t, 1)
    np.savez(PROBA, **probas)     # the held-out probabilities, for side-rule studies without refitting
    return out


def markdown(out: dict) -> str:
    lines = ["# Request Map: leave-one-domain-out", "",
             ("Each row: trained on the other domains (settings, including the share of the nearest-intent "
              "component, chosen by an inner leave-one-domain-out on those only), scored on the domain left out. "
              "Side from p(something-broke) with the abstain band (lo, hi) chosen by that inner "
              "leave-one-domain-out (app/requests.sides): support at or above hi, both (counted as hedged, not "
              "wrong) in between, service below. The argmax columns are the rule before the band (something-broke "
              "on top -> support, else service). Data and mapping: bench/request_map/ (SOURCES.md, mapping.toml)."),
             "", "| domain left out | n | bucket acc | balanced | side exact | wrong side | hedged | support recall | "
             "band | argmax side exact / wrong |", "|---|---|---|---|---|---|---|---|---|---|"]
    for name, d in out["domains"].items():
        sr = "-" if d["support_recall"] is None else f"{d['support_recall']:.3f}"
        st = out["settings"][name]
        lines.append(f"| {name} | {d['n']} | {d['bucket_accuracy']:.3f} | {d['bucket_balanced']:.3f} | "
                     f"{d['side_exact']:.3f} | {d['wrong_side']:.3f} | {d['hedged']:.3f} | {sr} | "
                     f"{st['side_lo']}, {st['side_hi']} | {d['argmax_side_exact']:.3f} / "
                     f"{d['argmax_wrong_side']:.3f} |")
    m = out["mean"]
    lines.append(f"| **mean** | | {m['bucket_accuracy']:.3f} | {m['bucket_balanced']:.3f} | {m['side_exact']:.3f} | "
                 f"{m['wrong_side']:.3f} | {m['hedged']:.3f} | | | {m['argmax_side_exact']:.3f} / "
                 f"{m['argmax_wrong_side']:.3f} |")
    lines += ["", "Settings chosen per fold (inner leave-one-domain-out): " + "; ".join(
        f"{name}: " + ", ".join(f"{k} {v}" for k, v in st.items()) for name, st in out["settings"].items())]
    lines += ["", "Targets on the domain left out: side exact >= 0.90, wrong side <= 0.03, bucket accuracy >= 0.85.",
              "", "## Confusion by bucket (rows gold, columns predicted)", ""]
    for name, d in out["domains"].items():
        lines += [f"### {name}", "", "| gold \\ predicted | " + " | ".join(BUCKETS) + " |",
                  "|---|" + "---|" * len(BUCKETS)]
        lines += [f"| {g} | " + " | ".join(str(d["confusion"][g][p]) for p in BUCKETS) + " |" for g in BUCKETS]
        lines.append("")
    lines += ["## Source intents with the most misses (8+ misses, under 0.6 right)", "",
              "| domain | intent | gold | n | right | predicted |", "|---|---|---|---|---|---|"]
    for name, d in out["domains"].items():
        lines += [f"| {name} | {i['intent']} | {i['gold']} | {i['n']} | {i['right']:.2f} | "
                  + ", ".join(f"{b} {c}" for b, c in sorted(i["predicted"].items(), key=lambda x: -x[1])) + " |"
                  for i in d["intents"]]
    lines += ["", "## Every miss (bucket or side wrong)", ""]
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
    slim = {**out, "domains": {k: {**d, "misses": len(d["misses"]), "intents": len(d["intents"])}
                               for k, d in out["domains"].items()}}
    (RESULTS / "request_map.json").write_text(json.dumps(slim, indent=1))   # every miss is in the .md
    (RESULTS / "request_map.md").write_text(markdown(out))
    print(f"mean: {json.dumps({k: round(v, 3) for k, v in out['mean'].items()})} -> {RESULTS}/request_map.md")


if __name__ == "__main__":
    main()
