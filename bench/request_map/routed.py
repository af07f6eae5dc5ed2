"""The product's route of messages from domains the classifier never saw, against a knowledge base:

    python -m bench.request_map.routed [--config config.toml] [--out FILE.json]

`python -m bench.request_map` scores the request classifier's side alone. A deployment routes with its
content too (app/router.py), and a message from a domain the knowledge base does not cover mostly matches
nothing in it: this runs each message through the product's Router, with the bucket probabilities of a
classifier fitted on the other domains (the leave-one-domain-out of bench.request_map.screen, fixed
settings) and the content signals of the knowledge base `--config` names (default: the bundled one; ingest
it first). Side exact, wrong side and hedged per domain, for the product and for the classifier alone.
About a minute: the messages' vectors are cached under bench/out/."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from app import answerability
from app.cues import cue_matches
from app.engine import KnowledgeBase
from app.requests import side, top
from app.retrieval import side as on_side
from app.threads import Thread

from . import model as m
from .screen import held_out

KEYS = ("side_exact", "wrong_side", "hedged")


def sides_scores(sides: list[str], gold_bucket: np.ndarray) -> dict[str, float]:
    """Side exact, wrong side and hedged (`both`) against gold buckets, named (model.side_scores)."""
    return dict(zip(KEYS, m.side_scores(np.asarray(sides), np.asarray(gold_bucket)), strict=True))


def route(kb: KnowledgeBase, text: str, vector: np.ndarray, proba: np.ndarray) -> tuple[str, float]:
    """The product's side for one message read as one thread, and the gate (how well the content matched)."""
    snap = kb._ready()
    joint = snap.retriever.search_all([text], [vector.tolist()], "customer")
    hits = {c: on_side(joint[0], c) for c in kb.config.corpora}
    answered = answerability.decide(joint[0], kb.settings["answer_threshold"]).answered
    sig = kb._signals(snap, text, vector, joint[0], hits, "customer", proba, answered)
    return snap.router.decide(text, sig, [(Thread(text, *top(proba), proba), sig)]).label, sig.gate


def run(config: str | None) -> dict:
    rows = m.load()
    domains = np.asarray([r["domain"] for r in rows])
    vecs = m.vectors([r["text"] for r in rows])
    data = m.Dataset(rows, vecs)
    kb = KnowledgeBase(config)
    out = {}
    for held in sorted(set(domains)):
        idx = np.flatnonzero(domains == held)
        proba = held_out(data, domains, held)
        gold = data.y[idx]
        routed = [route(kb, rows[i]["text"], vecs[i], p) for i, p in zip(idx, proba)]
        alone = [side(p, bool(cue_matches(rows[i]["text"])[0])) for i, p in zip(idx, proba)]
        out[held] = {"n": len(idx), "unmatched": float(np.mean([g == 0 for _, g in routed])),
                     "product": sides_scores([s for s, _ in routed], gold), "classifier": sides_scores(alone, gold)}
    out["mean"] = {who: {k: float(np.mean([d[who][k] for d in out.values()])) for k in KEYS}
                   for who in ("product", "classifier")}
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.request_map.routed", description=__doc__.split("\n\n")[0])
    p.add_argument("--config", help="the knowledge base to route against (default: the bundled config.toml)")
    p.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = p.parse_args(argv)
    out = run(args.config)
    print("| domain left out | n | unmatched | product: exact / wrong / hedged | classifier alone |")
    print("|---|---|---|---|---|")
    for name, d in out.items():
        cells = [" / ".join(f"{d[who][k]:.3f}" for k in KEYS) for who in ("product", "classifier")]
        print(f"| {name} | {d.get('n', '')} | {d['unmatched']:.2f} | {cells[0]} | {cells[1]} |" if name != "mean"
              else f"| mean | | | {cells[0]} | {cells[1]} |")
    if args.out:
        args.out.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
