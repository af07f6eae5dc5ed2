"""Rebuild this check from the doc2dial v1.0.1 validation set in SQuAD-like form (see SOURCES.md):

    python bench/corpora/doc2dial/prepare.py [SOURCE]

SOURCE is a clone or bare git directory of github.com/doc2dial/sharedtask-dialdoc2021 holding COMMIT (default:
MIRROR below; the commit is the head of the repository's pull request #8, so a fresh clone needs
`git fetch origin pull/8/head`), or the zip file itself. Its SHA-256 is checked. Run it with the project's
Python from the repository root: section anchors are read with the product's own Markdown parser
(ingest.markdown.parse), so they are the anchors citations carry. Writes docs/ (git-ignored) and queries.jsonl
next to this file. Then:

    python -m bench --suite bench/corpora/doc2dial/suite.toml --out /tmp/x

Rules (no hand edits):
- Source rows: the CSV inside the zip, one row per user turn of the 661 validation dialogues: `id`
  (<dial_id>_<turn_id>), `question` ("user:<utterance>" for turn 1), `context` (the whole document's doc_text),
  `spans` (every span of the document by span id, in order; they concatenate to `context`), `answers` (the turn's
  grounding spans), `domain`, `title` (the doc_id, "<page title>#<n>_0").
- Documents: every distinct doc_id (273; all of them are kept, far under the ~800 cap, so the documents that are
  no question's gold are distractors). One Markdown file per document at docs/service/<domain>/<name>.md: <name>
  is the page title (the doc_id before "#") in lower case with runs of other characters than a-z0-9 turned into
  "-", cut to 90 characters; when two documents of a domain get the same name, the doc_id's "<n>-0" is added to
  each. Line 1 is "# <page title>". Then the spans in order: a span that doc2dial marks as a title (its text is
  "\\n\\n<title> \\n") opens a section "## <title>"; the other spans are that section's text, one paragraph (the
  source has no paragraph breaks inside a section). Text before the first title stays under "# <page title>".
  doc2dial's h2/h3 levels are not in this file (its `parent_titles` are only in doc2dial_doc.json, which no
  snapshot holds), so every title is a "##": the hierarchy is flattened. A line starting with "#" is escaped.
- Sides: one rule, no natural split: government service pages (ssa.gov, va.gov, studentaid.gov, dmv.ny.gov) that
  say how to get or keep a benefit, licence or record are all service. docs/support/ is empty (the config needs
  both sides), and routes are not judged (route "-", as techqa).
- Questions (queries.jsonl): the first user turn (turn 1) of every dialogue, which is always grounded here.
  Order: by SHA-256 of the row id; a question whose text (whitespace collapsed, case folded) repeats an earlier
  one is dropped; the first MAX_QUESTIONS are kept, ids doc2dial-000... in that order. The text is the
  utterance without "user:", whitespace collapsed. gold: the dialogue's document. gold_sections: the section
  holding the turn's grounding spans (all lie in one section); when that section is a bare title (a title
  directly followed by another title, i.e. a parent heading whose h2/h3 nesting was flattened), the next section
  with text instead, the one the product's chunker folds a bare title into. doc2dial keeps some pages in several
  versions (doc_ids "<title>#1_0", "#2_0", ...: near copies, one with the page's top title and one without), so
  a section whose text is exactly the gold section's text, in any other document, is gold too (its file joins
  gold). Audience customer.
"""
from __future__ import annotations

import ast
import csv
import hashlib
import io
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))                 # bench/corpora: the shared reader
sys.path.insert(0, str(HERE.parents[2]))             # the repository root: the product's Markdown parser
from pinned import literal_hashes, read_pinned  # noqa: E402

from ingest.markdown import parse  # noqa: E402

REPO = "doc2dial/sharedtask-dialdoc2021"
COMMIT = "919d1650c110eab886b6389b7ce8ccd03a89d73c"
PATH = "data/doc2dial/v1.0.1/doc2dial_rc_val.csv.zip"
SHA256 = "cb86ed85d74eab3209155ac423ab82298cd07b0d3e153dadad59d026e08ae2de"
MEMBER = "doc2dial_rc_val.csv.zip"                   # the zip holds one CSV file, named like the zip itself
MIRROR = Path("/work/.mirror/doc2dial+sharedtask-dialdoc2021/repo")   # where this machine keeps the snapshot
NAME = "doc2dial"
MAX_QUESTIONS = 400
NAME_CHARS = 90


def rows_of(data: bytes) -> list[dict]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        text = z.read(MEMBER).decode("utf-8")
    csv.field_size_limit(1 << 30)
    return list(csv.DictReader(io.StringIO(text)))


def is_title(span: str) -> bool:
    return span.startswith("\n\n") and span.endswith("\n") and bool(span.strip())


def file_name(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:NAME_CHARS].rstrip("-")


def render(title: str, spans: dict[str, str]) -> tuple[str, dict[str, int], list[int], list[str]]:
    """The Markdown file; each span id's section number (0: text under the page title); each section's line
    (0-based) and its own text ("" for a bare title)."""
    sections: list[list[str]] = [[]]
    heads = [title]
    where: dict[str, int] = {}
    for sid in sorted(spans, key=int):
        text = spans[sid]
        if is_title(text):
            heads.append(" ".join(text.split()))
            sections.append([])
        else:
            sections[-1].append(text)
        where[sid] = len(sections) - 1
    lines, starts, bodies = [], [], []
    for n, (head, parts) in enumerate(zip(heads, sections)):
        starts.append(len(lines))
        lines += [f"{'#' if n == 0 else '##'} {head}", ""]
        bodies.append(" ".join("".join(parts).split()))
        if bodies[-1]:
            lines += [literal_hashes(bodies[-1]), ""]
    return "\n".join(lines).rstrip("\n") + "\n", where, starts, bodies


def main(source: Path) -> None:
    data = read_pinned(source, REPO, COMMIT, PATH, SHA256)
    rows = rows_of(data)
    docs: dict[str, dict] = {}
    for row in rows:
        spans = ast.literal_eval(row["spans"])
        doc = docs.setdefault(row["title"], {"domain": row["domain"], "context": row["context"], "spans": spans})
        if (doc["domain"], doc["context"], doc["spans"]) != (row["domain"], row["context"], spans):
            raise ValueError(f"{row['title']}: two different texts")
        if "".join(spans[k] for k in sorted(spans, key=int)) != row["context"]:
            raise ValueError(f"{row['title']}: spans do not make up the context")

    names: dict[str, str] = {}
    taken: dict[str, list[str]] = {}
    for doc_id, doc in docs.items():
        key = f"{doc['domain']}/{file_name(doc_id.split('#')[0])}"
        taken.setdefault(key, []).append(doc_id)
    for key, ids in taken.items():
        for doc_id in ids:
            suffix = "" if len(ids) == 1 else "-" + file_name(doc_id.rsplit("#", 1)[1])
            names[doc_id] = f"service/{key}{suffix}.md"
    if len(set(names.values())) != len(names):
        raise ValueError("two documents with the same file name")

    out = HERE / "docs"
    shutil.rmtree(out, ignore_errors=True)
    (out / "support").mkdir(parents=True)
    (out / "support" / ".gitkeep").write_text("", encoding="utf-8")
    layout: dict[str, tuple[dict[str, int], list[str], list[str]]] = {}
    same_text: dict[str, list[str]] = {}         # a section's text -> every "file#anchor" with exactly that text
    for doc_id, doc in docs.items():
        text, where, starts, bodies = render(doc_id.split("#")[0].strip(), doc["spans"])
        path = out / names[doc_id]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        anchors = {s.start: s.anchor for s in parse(text, names[doc_id]).sections}
        missing = [line for line in starts if line not in anchors and line]
        if missing:
            raise ValueError(f"{names[doc_id]}: no parsed section at lines {missing}")
        layout[doc_id] = (where, [anchors.get(line, "") for line in starts], bodies)
        for line, body in zip(starts, bodies):
            if body:
                same_text.setdefault(body, []).append(f"{names[doc_id]}#{anchors.get(line, '')}")

    firsts = [row for row in rows if row["id"].rsplit("_", 1)[1] == "1"]
    firsts.sort(key=lambda row: hashlib.sha256(row["id"].encode()).hexdigest())
    queries, seen, repeats, bare, twins = [], set(), 0, 0, 0
    for row in firsts:
        role, _, utterance = row["question"].partition(":")
        if role != "user":
            raise ValueError(f"{row['id']}: turn 1 is not the user's")
        query = " ".join(utterance.split())
        if query.casefold() in seen:
            repeats += 1
            continue
        seen.add(query.casefold())
        answers = ast.literal_eval(row["answers"])
        if not answers["spans"]:
            continue
        where, anchors, bodies = layout[row["title"]]
        sections = sorted({where[sid] for sid in answers["spans"]})
        gold_sections = []
        for n in sections:
            if not bodies[n]:
                bare += 1
                n = next((k for k in range(n + 1, len(bodies)) if bodies[k]), n)
            own = f"{names[row['title']]}#{anchors[n]}"
            gold_sections += [own] + [s for s in same_text.get(bodies[n], []) if s != own]
        gold_sections = list(dict.fromkeys(gold_sections))
        gold = list(dict.fromkeys(s.split("#")[0] for s in gold_sections))
        twins += len(gold) > 1
        dial_id = row["id"].rsplit("_", 1)[0]
        queries.append({"id": f"{NAME}-{len(queries):03d}", "query": query, "corpus": NAME, "route": "-",
                        "gold": gold, "gold_sections": gold_sections,
                        "audience": "customer",
                        "source": f"doc2dial v1.0.1 validation {row['domain']} dialogue {dial_id} turn 1"})
        if len(queries) == MAX_QUESTIONS:
            break
    with open(HERE / "queries.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(q, ensure_ascii=False) + "\n" for q in queries)
    kinds = sorted({v["domain"] for v in docs.values()})
    domains = {d: sum(n.split("/")[1] == d for n in names.values()) for d in kinds}
    gold_docs = len({g for q in queries for g in q["gold"]})
    print(f"{len(docs)} documents under {out} {domains}; {len(queries)} questions of {len(firsts)} first turns "
          f"({repeats} repeated texts dropped, {bare} on a bare title, {twins} with a second gold document), "
          f"{gold_docs} gold documents")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else MIRROR)
