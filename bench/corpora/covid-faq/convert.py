"""Rebuild this corpus from deepset-ai/COVID-QA (see SOURCES.md for the commit):

    python bench/corpora/covid-faq/convert.py SRC_DIR

SRC_DIR holds data/faqs/faq_200327.tsv, data/faqs/faq_200322_16.tsv, data/faqs/faq_covidbert.csv and
data/eval_question_similarity_en.csv from that commit. Writes docs/ and queries.jsonl next to this file
(the hand-written unanswerable questions in unanswerable.jsonl are appended unchanged).

Rules (no hand edits):
- Documents: English FAQ entries of the CDC and the ECDC only (licences in SOURCES.md), one Markdown
  file per entry (title = the question, body = the answer), deduplicated on (source, question) keeping
  the newest snapshot (27 March, then the covidbert file, then 22 March).
- Side: support when the question or its category names something gone wrong (sick, symptoms, testing,
  treatment, exposure, outbreak, confirmed cases, quarantine, isolation, emergency); else service.
- Audience: entries of categories written for professionals (category contains "healthcare" or
  "waste management") go under <side>/professional/ and are internal; the rest under <side>/public/.
- Questions: every pair labelled similar (1) in eval_question_similarity_en.csv; the query is
  question_2 (a paraphrase written by the data set's annotators), gold is every entry whose question
  equals question_1 (case and spacing ignored). Route is derived from the gold files' sides; audience is
  agent when a gold file is internal.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = {"Center for Disease Control and Prevention (CDC)": "cdc",
           "European Centre for Disease Prevention and Control": "ecdc",
           "European Centre for Disease Prevention and Control (ECDC)": "ecdc"}
SNAPSHOTS = [("data/faqs/faq_200327.tsv", "\t"), ("data/faqs/faq_covidbert.csv", ","),
             ("data/faqs/faq_200322_16.tsv", "\t")]
SUPPORT = re.compile(r"\b(sick|ill|illness|symptoms?|test|tests|tested|testing|treat|treated|treatment|exposed|"
                     r"exposure|outbreaks?|confirmed|quarantine|isolat\w*|emergency)\b", re.IGNORECASE)
PROFESSIONAL = re.compile(r"healthcare|waste management", re.IGNORECASE)


def norm(q: str) -> str:
    return " ".join(q.lower().replace("\u2019", "'").split())


def slug(text: str, limit: int = 70) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:limit].rstrip("-") or "entry"


def entries(src: Path) -> list[dict]:
    seen, out = set(), []
    for name, delim in SNAPSHOTS:
        with open(src / name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter=delim):
                source = SOURCES.get(row["source"].strip())
                if row.get("lang", "en") != "en" or not source or not row["answer"].strip():
                    continue
                key = (source, norm(row["question"]))
                if key not in seen:
                    seen.add(key)
                    out.append({**row, "src": source, "snapshot": name})
    return out


def place(e: dict) -> str:
    side = "support" if SUPPORT.search(e["question"] + " " + e["category"]) else "service"
    folder = "professional" if PROFESSIONAL.search(e["category"]) else "public"
    return f"{side}/{folder}/{e['src']}"


def markdown(e: dict) -> str:
    paragraphs = [" ".join(p.split()) for p in e["answer"].split("\n")]
    body = "\n\n".join(p for p in paragraphs if p)
    meta = {"title": e["question"].strip(), "source_url": e["link"], "category": e["category"]}
    front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
    return f"---\n{front}\n---\n\n# {e['question'].strip()}\n\n{body}\n"


def main(src: Path) -> None:
    docs, by_question, used = HERE / "docs", {}, set()
    for e in entries(src):
        folder = place(e)
        name = slug(e["question"])
        while f"{folder}/{name}.md" in used:
            name += "-2"
        path = f"{folder}/{name}.md"
        used.add(path)
        (docs / folder).mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(markdown(e), encoding="utf-8")
        by_question.setdefault(norm(e["question"]), []).append(path)
    queries = []
    with open(src / "data/eval_question_similarity_en.csv", encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), 2):
            gold = by_question.get(norm(row["question_1"]))
            if row["similar"] != "1" or not gold:
                continue
            sides = {g.split("/")[0] for g in gold}
            queries.append({"id": f"covid-{len(queries) + 1:03d}", "query": row["question_2"].strip(),
                            "corpus": "covid-faq", "route": sides.pop() if len(sides) == 1 else "both",
                            "gold": sorted(gold),
                            "audience": "agent" if any("/professional/" in g for g in gold) else "customer",
                            "source": f"eval_question_similarity_en.csv line {n}"})
    extra = (HERE / "unanswerable.jsonl").read_text(encoding="utf-8")
    with open(HERE / "queries.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(q, ensure_ascii=False) + "\n" for q in queries)
        f.write(extra)
    print(f"{len(used)} documents, {len(queries)} questions (+ {extra.count(chr(10))} unanswerable)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
