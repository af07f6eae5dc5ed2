"""Rebuild this check from the WixQA sample of rosscyking1115/agent-release-gates (see SOURCES.md):

    python bench/corpora/wixqa/prepare.py [SOURCE]

SOURCE is a clone or bare git directory of github.com/rosscyking1115/agent-release-gates holding COMMIT (default:
MIRROR below), or the sample file itself. The file's SHA-256 is checked. Writes docs/ (git-ignored) and
queries.jsonl next to this file. Then, from the repository root:

    python -m bench.ranking_lab --suite bench/corpora/wixqa/suite.toml --workdir /tmp/wixqa-lab

Rules (no hand edits):
- Documents: every distinct Wix Help Center article among the rows' `contexts` (the gold articles only: the sample
  carries no others), one file per article named by the last part of its URL. Line 1 is "# <title>"; the text
  follows with its first line left out when it repeats the title, trailing spaces removed, a line starting with
  "#" escaped as "\\#". Texts stay as cut upstream (2,400 characters) and as flattened upstream (the help
  center's headings run into the text).
- Sides, by title only (one rule, never per question): an article whose title names a problem (SUPPORT_WORDS:
  troubleshoot..., issue(s), error(s), unable, failed) goes to docs/support/, every other one to docs/service/.
- Questions (queries.jsonl): every row in file order, ids wixqa-000..., whitespace collapsed; gold: the row's
  articles; route: the side of its gold, "both" when its articles are on both sides; audience customer (real
  users' support requests, rewritten by Wix's experts).
"""
from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))     # bench/corpora: the shared reader
from pinned import literal_hashes, read_pinned  # noqa: E402

REPO = "rosscyking1115/agent-release-gates"
COMMIT = "ded22527d7dbd9a0ba5fb6c5acd4d4c23164c684"
PATH = "data/public/wixqa_public_rag_sample.jsonl"
SHA256 = "b4e9c99962606645c8ab4d283d25a07bcca7bc314ab66b93adb66d99b08104a0"
MIRROR = Path("/work/.mirror/rosscyking1115+agent-release-gates/repo")   # where this machine keeps the snapshot
HERE = Path(__file__).resolve().parent
NAME = "wixqa"
SUPPORT_WORDS = re.compile(r"\b(troubleshoot\w*|issues?|errors?|unable|failed)\b", re.IGNORECASE)


def side(title: str) -> str:
    return "support" if SUPPORT_WORDS.search(title) else "service"


def markdown(title: str, text: str) -> str:
    lines = text.split("\n")
    if lines and lines[0].strip() == title:
        lines = lines[1:]
    out = [f"# {title}", ""] + [literal_hashes(line.rstrip()) for line in lines]
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def main(source: Path) -> None:
    data = read_pinned(source, REPO, COMMIT, PATH, SHA256).decode("utf-8")
    rows = [json.loads(line) for line in data.splitlines() if line.strip()]
    articles: dict[str, dict] = {}
    for row in rows:
        for c in row["contexts"]:
            if articles.setdefault(c["id"], c) != c:
                raise ValueError(f"{c['id']}: two different texts")
    paths: dict[str, str] = {}
    for aid, c in articles.items():
        slug = c["url"].rstrip("/").rsplit("/", 1)[-1]
        paths[aid] = f"{side(c['title'])}/{slug}.md"
    if len(set(paths.values())) != len(paths):
        raise ValueError("two articles with the same URL slug")
    docs = HERE / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    for s in ("service", "support"):
        (docs / s).mkdir(parents=True)
    for aid, c in articles.items():
        (docs / paths[aid]).write_text(markdown(c["title"].strip(), c["text"]), encoding="utf-8")
    queries = []
    for row in rows:
        if sorted(row["article_ids"]) != sorted(c["id"] for c in row["contexts"]):
            raise ValueError(f"{row['id']}: gold ids and contexts differ")
        gold = [paths[a] for a in dict.fromkeys(row["article_ids"])]
        sides = {g.split("/", 1)[0] for g in gold}
        queries.append({"id": f"{NAME}-{len(queries):03d}", "query": " ".join(row["question"].split()), "corpus": NAME,
                        "route": sides.pop() if len(sides) == 1 else "both", "gold": gold, "audience": "customer",
                        "source": f"WixQA expert-written {row['id']}"})
    with open(HERE / "queries.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(q, ensure_ascii=False) + "\n" for q in queries)
    counts = {s: sum(p.startswith(s) for p in paths.values()) for s in ("service", "support")}
    routes = {r: sum(q["route"] == r for q in queries) for r in ("service", "support", "both")}
    print(f"{len(articles)} articles under {docs} ({counts}), {len(queries)} questions (routes {routes})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else MIRROR)
