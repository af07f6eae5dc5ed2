"""Rebuild bench/request_map/data.jsonl from the public sources listed in SOURCES.md.

    python -m bench.request_map.build_data --bitext FILE --clinc GITDIR --hint3 GITDIR --dstc11 GITDIR \
        --nlupp GITDIR --dev FILE

--dev is the dev bench's queries.jsonl (labelled by hand in mapping.toml, by id); the router's shipped
example questions (app/route_examples.py) are the last domain. --bitext is router_bitext.jsonl (the dev bench's
copy of the Bitext sample); --clinc, --hint3 and --dstc11 are clones
(bare is fine) of clinc/oos-eval, hellohaptik/HINT3 and amazon-science/dstc11-track2-intent-induction (its
insurance development set only; the banking and finance test sets are never read); --nlupp of
PolyAI-LDN/task-specific-datasets (NLU++ hotels only; its banking half is never read), at the commits in SOURCES.md.
NLU++ gives each message several labels: its bucket is that of the first label listed in mapping.toml's [hotels]
(an ordered rule list), and its "intent" is the sorted label set.
Each row keeps the text, its domain, the source intent and the bucket from mapping.toml;
intents mapped to "skip" are left out.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import tomllib
from pathlib import Path

HERE = Path(__file__).parent
CLINC_COMMIT = "828f8093932c8fe6ca7936c3d2e52903b1c523de"
HINT3_COMMIT = "99965c892ea9a6801a87083d3861b0b04c91a4e7"
DSTC11_COMMIT = "969b95a0d7365fbc6cd0e05989f1be6b44e6680c"
NLUPP_COMMIT = "57ec275d8078af65b7731c2a98be812d844a6d6b"
NLUPP_FOLDS = 20
HINT3_FILES = {"sofmattress": ["train/sofmattress_train.csv", "test/sofmattress_test.csv"],
               "curekart": ["train/curekart_train.csv", "test/curekart_test.csv"],
               "powerplay11": ["train/powerplay11_train.csv", "test/powerplay11_test.csv"]}


def git_show(gitdir: str, commit: str, path: str) -> str:
    return subprocess.run(["git", "-C", gitdir, "show", f"{commit}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def rows(args) -> list[tuple[str, str, str]]:
    out = []
    for line in Path(args.bitext).read_text().splitlines():
        r = json.loads(line)
        out.append(("bitext", r["intent"], r["query"]))
    clinc = json.loads(git_show(args.clinc, CLINC_COMMIT, "data/data_full.json"))
    for split in ("train", "val", "test"):
        out += [("clinc", intent, text) for text, intent in clinc[split]]
    for domain, files in HINT3_FILES.items():
        for f in files:
            for r in csv.reader(io.StringIO(git_show(args.hint3, HINT3_COMMIT, f"dataset/v2/{f}"))):
                if r and r[0] != "sentence":
                    out.append((domain, r[1], r[0]))
    for line in git_show(args.dstc11, DSTC11_COMMIT, "dstc11/development/test-utterances.jsonl").splitlines():
        r = json.loads(line)
        out.append(("insurance", r["intent"], r["utterance"]))
    for fold in range(NLUPP_FOLDS):
        for r in json.loads(git_show(args.nlupp, NLUPP_COMMIT, f"nlupp/data/hotels/fold{fold}.json")):
            out.append(("hotels", "+".join(sorted(r.get("intents", []))), r["text"]))
    for line in Path(args.dev).read_text().splitlines():
        r = json.loads(line)
        out.append(("saas-dev", r["id"], r["query"]))
    from app.route_examples import DEFAULT_EXAMPLES
    out += [("shipped", text, text) for side in ("service", "support") for text in DEFAULT_EXAMPLES[side]]
    return out


def first_rule(rules: dict, labels: str) -> str:
    """The bucket of a multi-label message: the first rule (in file order) naming one of its labels; no rule: skip."""
    names = set(labels.split("+"))
    return next((bucket for label, bucket in rules.items() if label in names), "skip")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bitext", required=True)
    p.add_argument("--clinc", required=True)
    p.add_argument("--hint3", required=True)
    p.add_argument("--dstc11", required=True)
    p.add_argument("--nlupp", required=True)
    p.add_argument("--dev", required=True, help="the dev bench's queries.jsonl")
    args = p.parse_args()
    mapping = tomllib.loads((HERE / "mapping.toml").read_text())
    seen, kept = set(), []
    for domain, intent, text in rows(args):
        bucket = first_rule(mapping[domain], intent) if domain == "hotels" else mapping[domain].get(intent)
        if domain != "clinc" and bucket is None:
            raise SystemExit(f"{domain}: intent {intent} has no bucket in mapping.toml")
        text = " ".join(text.split())
        key = (domain, text.lower())
        if bucket in (None, "skip") or not text or key in seen:
            continue
        seen.add(key)
        kept.append({"text": text, "domain": domain, "intent": intent, "bucket": bucket})
    with open(HERE / "data.jsonl", "w") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in kept)
    print(f"{len(kept)} rows -> {HERE / 'data.jsonl'}")


if __name__ == "__main__":
    main()
