"""Rebuild this check from the MEDIQA 2019 Task 3 (QA) files of abachaa/MEDIQA2019 (see SOURCES.md):

    python bench/corpora/mediqa/prepare.py [SOURCE]

SOURCE is a clone or bare git directory of github.com/abachaa/MEDIQA2019 holding COMMIT (default: MIRROR below).
Each file's SHA-256 is checked. Writes docs/ (git-ignored) and queries.jsonl next to this file. Then, from the
repository root:

    python -m bench.ranking_lab --suite bench/corpora/mediqa/suite.toml --workdir /tmp/mediqa-lab

Rules (no hand edits):
- Answers used: every answer of the four Task 3 files (FILES, all 383 questions) whose AnswerURL's host ends in
  ".gov" (US government health sites: MedlinePlus, NLM, GARD, GHR, NIDDK, NHLBI, ...; an AnswerURL with white
  space in it is malformed and left out). Answers from other sites
  (Mayo Clinic, and those with URL "#") are left out, as documents and as gold.
- Documents: one Markdown file per page, named docs/<side>/<host>-<path>.md: the URL without its scheme, runs of
  non-alphanumerics become "-", lower case, cut to 120 characters with a hash of the rest (URLs that differ only
  in scheme, case or punctuation are one page). CHiQA's answer texts read "<page title> (<section heading>):
  <text>" or "<page title>: <text>"; the head is the text before the first ": ". The page title is the shortest
  head among that page's answers that every other head starts with (followed by " ("); failing that, the first
  head in file order. Line 1 is "# <title>"; each distinct answer text follows in order of first appearance,
  under "## <heading>" when its head adds a parenthesised heading to the title, else straight under the title
  (a different head is kept in the text). A text seen twice is written once; a line starting with "#" is
  escaped as "\\#".
- Sides, by host only (one rule, never per question): medlineplus.gov and www.nlm.nih.gov (NLM's MedlinePlus,
  the consumer health site) go to docs/service/, every other .gov host (NIH institutes, GARD, GHR, womenshealth.gov,
  ...) to docs/support/.
- Questions (queries.jsonl): every question of FILES in that order whose .gov answers include at least one rated
  correct (ReferenceScore 3 "correct but incomplete" or 4 "excellent": the task's own label 1); whitespace
  collapsed; a question whose text repeats an earlier one is dropped. Ids mediqa-000...; gold: the files of
  those correct answers; route: the side of its gold, "both" when it spans both; audience customer (consumer
  health questions sent to NLM, and for the Alexa file simple spoken-style questions).
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))     # bench/corpora: the shared reader
from pinned import literal_hashes, read_pinned  # noqa: E402

REPO = "abachaa/MEDIQA2019"
COMMIT = "ae5d3826d6c841923b9db831159fef0f1b893593"
DIR = "MEDIQA_Task3_QA"
FILES = {  # file -> SHA-256
    "MEDIQA2019-Task3-QA-TrainingSet1-LiveQAMed.xml":
        "351d60adbaa6c33f2d26e9dbe511117dc43bcd6a4074095daecc34d179f2c0f2",
    "MEDIQA2019-Task3-QA-TrainingSet2-Alexa.xml":
        "00bacd5a61cefa22dee872c8a1efb09407638cbc56833688b89388b620b81944",
    "MEDIQA2019-Task3-QA-ValidationSet.xml":
        "d27b9a2084e42d2d5dc5b4a4236bc3f967683da338e188001610d1857f26aa18",
    "MEDIQA2019-Task3-QA-TestSet-wLabels.xml":
        "df9bca894d252279f200ee78e85d871b57a94b224d75467b7fa38a4a0952cc1d",
}
MIRROR = Path("/work/.mirror/abachaa+MEDIQA2019/repo")   # where this machine keeps the snapshot
HERE = Path(__file__).resolve().parent
NAME = "mediqa"
MAX_SLUG = 120
SERVICE_HOSTS = {"medlineplus.gov", "www.nlm.nih.gov"}
_HOST = re.compile(r"^https?://([^/\s]+)(/\S*)?$")


def host_of(url: str) -> str | None:
    m = _HOST.match(url)
    return m.group(1).lower() if m else None


def doc_path(url: str) -> str:
    host = host_of(url)
    rest = _HOST.match(url).group(2) or ""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{host}{rest}").strip("-").lower()
    if len(slug) > MAX_SLUG:
        slug = f"{slug[:MAX_SLUG - 9]}-{hashlib.sha1(slug.encode()).hexdigest()[:8]}"
    return f"{'service' if host in SERVICE_HOSTS else 'support'}/{slug}.md"


def split_head(text: str) -> tuple[str, str]:
    i = text.find(": ")
    return (text[:i].strip(), text[i + 2:].strip()) if i > 0 else ("", text.strip())


def page_title(heads: list[str]) -> str:
    for h in sorted(set(heads), key=lambda s: (len(s), heads.index(s))):
        if h and all(o == h or o.startswith(h + " (") for o in heads):
            return h
    return next((h for h in heads if h), "")


def markdown(texts: list[str]) -> str:
    parts = [split_head(t) for t in texts]
    title = page_title([h for h, _ in parts])
    out = [f"# {title}", ""]
    for head, body in parts:
        heading = head[len(title) + 2:-1].strip() if head.startswith(title + " (") and head.endswith(")") else ""
        if heading:
            out += [f"## {heading}", ""]
        elif head and head != title:      # a head that is not the page's: keep it as written
            body = f"{head}: {body}"
        out += [literal_hashes(line.rstrip()) for line in body.split("\n")] + [""]
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def main(source: Path) -> None:
    pages: dict[str, list[str]] = {}
    questions = []
    for name in FILES:
        root = ET.fromstring(read_pinned(source, REPO, COMMIT, f"{DIR}/{name}", FILES[name], file_ok=False))
        for q in root.findall("Question"):
            gold = []
            for a in q.findall("AnswerList/Answer"):
                url = (a.findtext("AnswerURL") or "").strip()
                host = host_of(url)
                if not host or not host.endswith(".gov"):
                    continue
                text = (a.findtext("AnswerText") or "").strip()
                page = doc_path(url)
                if text and text not in pages.setdefault(page, []):
                    pages[page].append(text)
                if int(a.get("ReferenceScore") or 0) >= 3 and page not in gold:
                    gold.append(page)
            questions.append((name, q.get("QID"), " ".join((q.findtext("QuestionText") or "").split()), gold))
    docs = HERE / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    for s in ("service", "support"):
        (docs / s).mkdir(parents=True)
    for page, texts in pages.items():
        (docs / page).write_text(markdown(texts), encoding="utf-8")
    queries, seen = [], set()
    for name, qid, text, gold in questions:
        if not gold or not text or text in seen:
            continue
        seen.add(text)
        files = gold
        sides = {g.split("/", 1)[0] for g in files}
        queries.append({"id": f"{NAME}-{len(queries):03d}", "query": text, "corpus": NAME,
                        "route": sides.pop() if len(sides) == 1 else "both", "gold": files, "audience": "customer",
                        "source": f"{name} QID {qid}"})
    with open(HERE / "queries.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(q, ensure_ascii=False) + "\n" for q in queries)
    counts = {s: sum(p.startswith(s) for p in pages) for s in ("service", "support")}
    routes = {r: sum(q["route"] == r for q in queries) for r in ("service", "support", "both")}
    print(f"{len(pages)} pages under {docs} ({counts}), {len(queries)} questions (routes {routes})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else MIRROR)
