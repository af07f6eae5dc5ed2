"""Thread splitting, leave-one-domain-out:  python -m bench.request_map.threads

A message must come apart into threads only where it holds separate requests. Two kinds of test message per
domain, the classifier trained on the other domains each time:
- whole: every labelled message of the domain that app.threads.pieces cuts into 2+ pieces (one intent each,
  so one thread is right);
- pairs: two single-piece messages of the domain with different buckets, joined as people join two requests
  (". ", " and ", " and now ", ". Also, ", ", but ") (two threads, in order, are right).
Real questions too: TechQA's (bench/corpora/techqa, third party, one request each, many told over several
sentences), classified by the shipped classifier, which never saw them; a cut there is a false split.
For each set of bars (no marker / marker of a separate request / pieces on opposite sides) it reports the
false split rate of whole messages and the split recall of pairs, per domain; the bars are chosen on the other
domains (fewest false splits first: a needless thread cost hit@1 and hedged routes on the dev bench), within the
same false split limit on TechQA's questions, and shipped as app.threads.SPLIT_CONFIDENCE /
ADDITIVE_CONFIDENCE / SIDE_CONFIDENCE. Writes bench/results/request_threads.md."""
from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

import numpy as np

from app.requests import WEIGHTS_FILE, BucketModel, default_model
from app.threads import cut, pieces

from .model import Dataset, load, vectors

RESULTS = Path(__file__).parents[1] / "results"
JOINERS = (". ", " and ", " and now ", ". Also, ", ", but ")
SPLIT_GRID = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.01)
ADDITIVE_GRID = (0.4, 0.5, 0.6, 0.7, 0.8)
SIDE_GRID = (0.8, 0.9, 0.95, 0.98, 1.01)
REAL = [Path(__file__).parents[1] / "corpora" / "techqa" / name for name in ("queries.jsonl", "unanswerable.jsonl")]
PAIRS_PER_DOMAIN = 300
MAX_FALSE_SPLIT = 0.02      # bars must keep whole messages whole this often on the training domains
# The shipped classifier's settings (app/request_map.npz, chosen by python -m bench.train_request_map), refitted
# without the held-out domain each time; rebuild the classifier before this study.
SETTINGS = ("l2", "temperature", "k", "centroid_temperature", "blend", "power", "side_lo", "side_hi")


def join(a: str, b: str, joiner: str) -> str:
    a = a.rstrip(" .?!")
    return a + joiner + (b[:1].lower() + b[1:] if joiner.endswith(("and ", "now ", "but ")) else b)


def cases(rows: list[dict], rng: random.Random) -> list[tuple[str, list[str], str]]:
    """(text, gold buckets in order, kind) for one domain."""
    out = [(r["text"], [r["bucket"]], "whole") for r in rows if len(pieces(r["text"])) > 1]
    single = [r for r in rows if len(pieces(r["text"])) == 1 and len(r["text"].split()) >= 3]
    for _ in range(PAIRS_PER_DOMAIN if len({r["bucket"] for r in single}) > 1 else 0):
        a = rng.choice(single)
        b = rng.choice([r for r in single if r["bucket"] != a["bucket"]])
        joiner = rng.choice(JOINERS)
        out.append((join(a["text"], b["text"], joiner), [a["bucket"], b["bucket"]], f"pair{joiner.strip() or ' '}"))
    return out


def splits(text: str, proba_of, bars: tuple[float, float, float]) -> int:
    ps = pieces(text)
    return sum(cut(text, ps[i - 1], ps[i], proba_of(ps[i - 1]), proba_of(ps[i]), *bars) for i in range(1, len(ps)))


BARS = [(sb, ab, sd) for sb in SPLIT_GRID for ab in ADDITIVE_GRID for sd in SIDE_GRID]


def real_false_splits() -> dict:
    """Each set of bars -> the share of TechQA's questions it cuts (the shipped classifier, trained on none)."""
    texts = [json.loads(line)["query"] for f in REAL for line in f.read_text().splitlines() if line.strip()]
    parts = sorted({p for t in texts for p in pieces(t)})
    row = dict(zip(parts, default_model().proba(parts, vectors(parts))))
    return {bars: float(np.mean([splits(t, row.get, bars) > 0 for t in texts])) for bars in BARS}


def run() -> dict:
    rng = random.Random(9)
    rows = load()
    data = Dataset(rows, vectors([r["text"] for r in rows]))
    by_domain = defaultdict(list)
    for r in rows:
        by_domain[r["domain"]].append(r)
    domains = sorted(by_domain)
    shipped = np.load(WEIGHTS_FILE)
    settings = {k: float(shipped[k]) for k in SETTINGS}
    table = {}      # domain -> (split_bar, additive_bar) -> {"false": , "recall": , "n_whole": , "n_pair": }
    for held in domains:
        model = BucketModel(arrays=data.model_on(data.domain != held, settings))
        cs = cases(by_domain[held], rng)
        texts = sorted({p for text, _, _ in cs for p in pieces(text)})
        proba = model.proba(texts, vectors(texts))
        row = dict(zip(texts, proba))
        table[held] = {}
        for bars in BARS:
            n = [splits(text, row.get, bars) for text, _, _ in cs]
            whole = [k for k, (_, _, kind) in zip(n, cs) if kind == "whole"]
            pairs = [k for k, (_, _, kind) in zip(n, cs) if kind != "whole"]
            table[held][bars] = {"false": np.mean([k > 0 for k in whole]) if whole else 0.0,
                                 "recall": np.mean([k == 1 for k in pairs]) if pairs else 0.0,
                                 "n_whole": len(whole), "n_pair": len(pairs)}
        print(f"{held}: {len(cs)} cases", flush=True)
    return {"table": table, "domains": domains, "real": real_false_splits()}


def choose(table: dict, domains: list[str], real: dict) -> tuple[float, float, float]:
    """The bars with the best mean pair recall among those whose mean false split rate, and whose false split
    rate on the real questions, are within the limit (the fewest false splits when none is)."""
    def mean(key, k):
        return float(np.mean([table[d][key][k] for d in domains]))
    keys = list(table[domains[0]])
    ok = [k for k in keys if mean(k, "false") <= MAX_FALSE_SPLIT and real[k] <= MAX_FALSE_SPLIT]
    if not ok:
        return min(keys, key=lambda k: (mean(k, "false"), -mean(k, "recall"), k))
    return max(ok, key=lambda k: (mean(k, "recall"), -mean(k, "false"), k))


def markdown(out: dict) -> str:
    table, domains, real = out["table"], out["domains"], out["real"]
    lines = ["# Thread splitting: leave-one-domain-out", "", __doc__.split("\n\n", 1)[1].strip(), "",
             "| domain left out | bars chosen on the others (plain / marked / sides) | whole messages | false split | "
             "pairs | split recall |", "|---|---|---|---|---|---|"]
    for held in domains:
        bars = choose(table, [d for d in domains if d != held], real)
        r = table[held][bars]
        lines.append(f"| {held} | {' / '.join(map(str, bars))} | {r['n_whole']} | {r['false']:.3f} | "
                     f"{r['n_pair']} | {r['recall']:.3f} |")
    bars = choose(table, domains, real)
    lines += ["", f"Chosen on all domains (shipped): {' / '.join(map(str, bars))}. It splits "
              f"{real[bars]:.3f} of TechQA's questions.", "",
              "## Every setting, mean over domains (false split / split recall / TechQA false split)", "",
              "Rows: the plain bar / the opposite-sides bar; columns: the marked bar.", "",
              "| plain / sides \\ marked | " + " | ".join(str(a) for a in ADDITIVE_GRID) + " |",
              "|---|" + "---|" * len(ADDITIVE_GRID)]
    for sb in SPLIT_GRID:
        for sd in SIDE_GRID:
            cells = [f"{np.mean([table[d][(sb, ab, sd)]['false'] for d in domains]):.3f} / "
                     f"{np.mean([table[d][(sb, ab, sd)]['recall'] for d in domains]):.3f} / "
                     f"{real[(sb, ab, sd)]:.3f}" for ab in ADDITIVE_GRID]
            lines.append(f"| {sb} / {sd} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    import argparse
    argparse.ArgumentParser(prog="python -m bench.request_map.threads",
                            description=__doc__.strip().split("\n")[0]).parse_args(argv)
    out = run()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "request_threads.md").write_text(markdown(out))
    print(markdown(out))


if __name__ == "__main__":
    main()
