"""Rebuild this check from the ConditionalQA v1.0 dev split and its 59 gov.uk pages (see SOURCES.md):

    python bench/corpora/conditionalqa/prepare.py [QUESTIONS_SOURCE [PAGES_SOURCE]]

QUESTIONS_SOURCE is a clone or bare git directory of github.com/haitian-sun/ConditionalQA holding Q_COMMIT, or
v1_0/dev.json itself (default: Q_MIRROR below). PAGES_SOURCE is a clone or bare git directory of
github.com/AI-Researchers/KGCaRe holding P_COMMIT (default: P_MIRROR below): its HybridContextQA/data/docs_dev/
holds the dev split's pages, one text file each, copied from ConditionalQA's v1_0/documents.json (which no
snapshot we can fetch holds: it is over the snapshots' size cap). dev.json's SHA-256 is checked, and so is a
digest of the pages folder: the SHA-256 of its manifest, one line "<sha256 of the file>  <file name>\\n" per
file, sorted by name (like `sha256sum *.txt`). Run it with the project's Python from the repository root:
section anchors are read with the product's own Markdown parser (ingest.markdown.parse), so they are the
anchors citations carry. Writes docs/ (git-ignored) and queries.jsonl next to this file. Then:

    python -m bench.ranking_lab --suite bench/corpora/conditionalqa/suite.toml --workdir /tmp/lab_cqa

Rules (no hand edits):
- Pages: each file of docs_dev is line 1 the page title, then one ConditionalQA content item a line
  ("<h1>..</h1>", "<h2>", "<h3>", "<p>", "<li>", "<tr>cell | cell</tr>"); a line that does not open with such a
  tag continues the item before it (3 items hold a line break). The items are as ConditionalQA stored them:
  every evidence string of every dev question is one of its page's items, verbatim (checked below).
- Page <-> URL: dev.json names a question's page by URL only; a URL's page is the one file that holds every
  evidence item of that URL's questions (must be exactly one, checked). Every one of the 59 files is some URL's
  page (checked), so all pages are gold and there are no distractors.
- Documents: one Markdown file per page at docs/service/govuk/<slug>.md, <slug> the URL's path after
  "https://www.gov.uk/". Line 1 is "# <title>". Items in order: <h1> (a part of the gov.uk guide) opens a
  "## " section, <h2> a "### ", <h3> a "#### "; <p> is a paragraph; a run of <li> is one bulleted list ("- ");
  a run of <tr> is one pipe table (cells split at a "|" with a space or the row's edge on each side), its
  first row the header (gov.uk tables open with one). Blocks are separated by a blank line; whitespace inside
  an item is collapsed; a text line starting with "#" is escaped.
- Sides: one rule, no natural split: gov.uk guidance on getting a benefit, permit, loan or right, or meeting a
  duty, is all service. docs/support/ is empty (the config needs both sides); routes are not judged (route "-").
- Questions (queries.jsonl): every dev question that is answerable (not_answerable false; it then always has
  evidence), ordered by SHA-256 of its id ("dev-0", ...); a question whose text (whitespace collapsed, case
  folded) repeats an earlier one is dropped; the first MAX_QUESTIONS are kept, ids conditionalqa-000... in that
  order. Query text, the same rule for every question: scenario + " " + question, whitespace collapsed (the
  question alone when the scenario is empty). ConditionalQA's questions are written to be read with their
  scenario ("How long will it be before I hear back from the court?" is about becoming a special guardian only
  in dev-0's scenario), so the question alone is rarely self-contained. gold: the URL's page. gold_sections:
  every section holding an item equal to one of the question's evidence strings (an item repeated in the page
  counts in each section it sits in); an evidence item that is itself a heading counts for that heading's
  section, and a bare heading (a heading directly followed by another heading) gives the next section with
  text instead, the one the product's chunker folds it into. Audience customer.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))                 # bench/corpora: the shared reader
sys.path.insert(0, str(HERE.parents[2]))             # the repository root: the product's Markdown parser
from pinned import literal_hashes, read_pinned  # noqa: E402

from ingest.markdown import parse  # noqa: E402

Q_REPO = "haitian-sun/ConditionalQA"
Q_COMMIT = "77bd295952daf415548b3244db10880d3d55cfe0"
Q_PATH = "v1_0/dev.json"
Q_SHA256 = "a06cfe3e8b3ffe04f2652a2dbd912b647eb4448b724585c891539344b02fb7c7"
Q_MIRROR = Path("/work/.mirror/haitian-sun+ConditionalQA/repo")
P_REPO = "AI-Researchers/KGCaRe"
P_COMMIT = "0001c195cdf97893c3e9e7f2fc34023d477d2156"
P_DIR = "HybridContextQA/data/docs_dev"
P_MANIFEST_SHA256 = "70781e1ba07d6f70167c319aee818e1081ca183cd5582c7191802d9d1aa6fa82"
P_MIRROR = Path("/work/.mirror/AI-Researchers+KGCaRe/repo")
NAME = "conditionalqa"
MAX_QUESTIONS = 400
URL_PREFIX = "https://www.gov.uk/"
ITEM = re.compile(r"^<(h1|h2|h3|p|li|tr)>(.*)</\1>$", re.DOTALL)
CELL = re.compile(r"(?:^|\s)\|(?:\s|$)")             # " | " between cells, "| " before an empty first one
HEADS = {"h1": "##", "h2": "###", "h3": "####"}


def read_pages(source: Path) -> dict[str, bytes]:
    """File name -> bytes of every file in P_DIR at P_COMMIT; the manifest digest is checked."""
    if not source.is_dir():
        sys.exit(f"{source} does not exist. Clone github.com/{P_REPO} (commit {P_COMMIT}) and pass the clone")
    git = ["git", "-C", str(source)] if (source / ".git").exists() else ["git", f"--git-dir={source}"]
    run = subprocess.run([*git, "ls-tree", "-z", f"{P_COMMIT}:{P_DIR}"], capture_output=True)
    if run.returncode:
        sys.exit(f"{source}: cannot list {P_COMMIT}:{P_DIR} ({run.stderr.decode(errors='replace').strip()}); "
                 f"fetch that commit of github.com/{P_REPO}")
    pages = {}
    for entry in run.stdout.decode("utf-8").split("\0"):
        if entry:
            meta, name = entry.split("\t", 1)
            blob = meta.split()[2]
            pages[name] = subprocess.run([*git, "cat-file", "blob", blob], capture_output=True, check=True).stdout
    manifest = "".join(f"{hashlib.sha256(pages[n]).hexdigest()}  {n}\n" for n in sorted(pages))
    digest = hashlib.sha256(manifest.encode("utf-8")).hexdigest()
    if digest != P_MANIFEST_SHA256:
        sys.exit(f"{source}: {P_DIR} has manifest SHA-256 {digest}, expected {P_MANIFEST_SHA256} (commit {P_COMMIT})")
    return pages


def items_of(text: str) -> tuple[str, list[str]]:
    """The page title and its content items (a line not opening with a known tag continues the item before)."""
    title, *lines = text.split("\n")
    items: list[str] = []
    for line in lines:
        if ITEM.match(line) or re.match(r"^<(h1|h2|h3|p|li|tr)>", line):
            items.append(line)
        elif line:
            if not items:
                raise ValueError(f"{title}: text before the first item")
            items[-1] += "\n" + line
    for item in items:
        if not ITEM.match(item):
            raise ValueError(f"{title}: not an item: {item[:60]!r}")
    return title.strip(), items


def render(title: str, items: list[str]) -> tuple[str, list[int], list[int], list[bool]]:
    """The Markdown file; for each item its section number (0: before the first heading); each section's line
    (0-based) and whether it has text of its own."""
    lines = [f"# {title}"]
    starts, has_text, where = [0], [False], []
    kind_before = None
    for item in items:
        tag, body = ITEM.match(item).groups()
        body = " ".join(body.split())
        if tag in HEADS:
            lines += ["", f"{HEADS[tag]} {body}"]
            starts.append(len(lines) - 1)
            has_text.append(False)
        else:
            if tag != kind_before or tag == "p":
                lines.append("")
            if tag == "p":
                lines.append(literal_hashes(body))
            elif tag == "li":
                lines.append(f"- {body}")
            else:
                cells = [c.strip() for c in CELL.split(body)]
                lines.append("| " + " | ".join(cells) + " |")
                if kind_before != "tr":
                    lines.append("|" + " --- |" * len(cells))
            has_text[-1] = True
        kind_before = tag
        where.append(len(starts) - 1)
    return "\n".join(lines) + "\n", where, starts, has_text


def main(q_source: Path, p_source: Path) -> None:
    questions = json.loads(read_pinned(q_source, Q_REPO, Q_COMMIT, Q_PATH, Q_SHA256).decode("utf-8"))
    pages = {name: items_of(data.decode("utf-8")) for name, data in read_pages(p_source).items()}

    evidence: dict[str, set[str]] = {}
    for q in questions:
        if not q["not_answerable"] and not q["evidences"]:
            raise ValueError(f"{q['id']}: answerable without evidence")
        evidence.setdefault(q["url"], set()).update(q["evidences"])
    page_of: dict[str, str] = {}
    for url, ev in evidence.items():
        if not url.startswith(URL_PREFIX) or "/" in url[len(URL_PREFIX):]:
            raise ValueError(f"{url}: not a one-part gov.uk URL")
        found = [name for name, (_, items) in pages.items() if ev <= set(items)]
        if len(found) != 1:
            raise ValueError(f"{url}: {len(found)} pages hold all its evidence")
        page_of[url] = found[0]
    if sorted(page_of.values()) != sorted(pages):
        raise ValueError("some page is no URL's page, or two URLs share one")

    out = HERE / "docs"
    shutil.rmtree(out, ignore_errors=True)
    (out / "support").mkdir(parents=True)
    (out / "support" / ".gitkeep").write_text("", encoding="utf-8")
    (out / "service" / "govuk").mkdir(parents=True)
    files: dict[str, str] = {}
    layout: dict[str, tuple[list[str], list[int], list[str], list[bool]]] = {}
    for url, name in sorted(page_of.items()):
        title, items = pages[name]
        rel = f"service/govuk/{url[len(URL_PREFIX):]}.md"
        text, where, starts, has_text = render(title, items)
        (out / rel).write_text(text, encoding="utf-8")
        anchors = {s.start: s.anchor for s in parse(text, rel).sections}
        missing = [line for line in starts if line not in anchors and line]
        if missing:
            raise ValueError(f"{rel}: no parsed section at lines {missing}")
        files[url] = rel
        layout[url] = (items, where, [anchors.get(line, "") for line in starts], has_text)

    ordered = sorted((q for q in questions if not q["not_answerable"]),
                     key=lambda q: hashlib.sha256(q["id"].encode()).hexdigest())
    queries, seen, repeats, bare = [], set(), 0, 0
    for q in ordered:
        text = " ".join(f"{q['scenario']} {q['question']}".split())
        if text.casefold() in seen:
            repeats += 1
            continue
        seen.add(text.casefold())
        items, where, anchors, has_text = layout[q["url"]]
        sections = sorted({where[i] for i, item in enumerate(items) if item in set(q["evidences"])})
        gold_sections = []
        for n in sections:
            if not has_text[n]:
                bare += 1
                n = next((k for k in range(n + 1, len(has_text)) if has_text[k]), n)
            gold_sections.append(f"{files[q['url']]}#{anchors[n]}")
        queries.append({"id": f"{NAME}-{len(queries):03d}", "query": text, "corpus": NAME, "route": "-",
                        "gold": [files[q["url"]]], "gold_sections": list(dict.fromkeys(gold_sections)),
                        "audience": "customer", "source": f"ConditionalQA v1.0 dev {q['id']} ({q['url']})"})
        if len(queries) == MAX_QUESTIONS:
            break
    with open(HERE / "queries.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(q, ensure_ascii=False) + "\n" for q in queries)
    unanswerable = sum(q["not_answerable"] for q in questions)
    print(f"{len(files)} pages under {out}; {len(queries)} questions of {len(questions)} dev questions "
          f"({unanswerable} not answerable left out, {repeats} repeated texts dropped, {bare} evidence headings "
          f"moved to the next section)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Q_MIRROR, Path(sys.argv[2]) if len(sys.argv) > 2 else P_MIRROR)
