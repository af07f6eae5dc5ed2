"""Does the product hold up when the same pages come as one long manual? Lays a two-sided docs folder out
three ways and asks the same questions of each:

    python -m bench.layouts [--docs bench/corpora/obsidian-help/docs]
                            [--queries bench/corpora/obsidian-help/queries.jsonl] [--workdir /tmp/layouts]

- `pages`: one file per page, as written;
- `chapters`: one file per top-level folder of a side (a page becomes a `##` section, its headings one level down);
- `manual`: one file per side.
A citation hits when it falls inside the gold page's lines, so the three layouts are scored alike: page hit@1,
hit@5 and MRR@10 over the distinct pages the answer cites. The store of each layout is kept in WORKDIR and
re-ingested only where files changed. A development check: the product never imports it.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

LAYOUTS = ("pages", "chapters", "manual")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_HEADING = re.compile(r"^(#{1,5}) ", re.MULTILINE)


def lay_out(docs: Path, out: Path, layout: str) -> dict[str, tuple[str, int, int]]:
    """Write the layout's files under out/docs; page (relative to docs) -> (file, first line, last line)."""
    files: dict[str, list[str]] = {}
    pages = {}
    for page in sorted(docs.rglob("*.md")):
        rel = page.relative_to(docs).as_posix()
        side, *folders = rel.split("/")
        text = page.read_text(encoding="utf-8", errors="replace")
        if layout == "pages":
            files[rel] = [text]
            pages[rel] = (rel, 1, text.count("\n") + 1)
            continue
        chapter = folders[0] if len(folders) > 1 else "General"
        key = f"{side}/manual.md" if layout == "manual" else f"{side}/{chapter}.md"
        body = _FRONT_MATTER.sub("", text).strip()
        titled = body.startswith("# ")          # the page's own title becomes its section heading
        body = _HEADING.sub(r"#\1 ", body)
        section = f"{body}\n\n" if titled else f"## {page.stem}\n\n{body}\n\n"
        parts = files.setdefault(key, [f"# {Path(key).stem}\n\n"])
        start = sum(p.count("\n") for p in parts) + 1
        parts.append(section)
        pages[rel] = (key, start, start + section.count("\n") - 1)
    for key, parts in files.items():
        target = out / "docs" / key
        target.parent.mkdir(parents=True, exist_ok=True)
        text = "".join(parts)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    (out / "config.toml").write_text(
        '[store]\npath = "store"\n[log]\npath = "questions.sqlite"\n'
        '[corpora.service]\ndescription = "How to use the product, plans and payments."\npaths = ["docs/service"]\n'
        '[corpora.support]\ndescription = "Troubleshooting and recovery."\npaths = ["docs/support"]\n',
        encoding="utf-8")
    return pages


def score(kb, questions: list[dict], pages: dict) -> dict:
    hit1 = hit5 = mrr = cited = 0.0
    for q in questions:
        r = kb.ask(q["query"], audience=q.get("audience", "customer"))
        gold = [pages[g] for g in q["gold"] if g in pages]
        order: list[str] = []
        for c in r["citations"]:
            src = c["source"].split("docs/", 1)[-1]
            a, b = c["lines"]
            page = next((g for g, (f, s, e) in zip(q["gold"], gold) if f == src and a <= e and b >= s), None)
            order.append(page or f"{src}:{a}")
        order = list(dict.fromkeys(order))
        cited += len(r["citations"])
        rank = next((i for i, p in enumerate(order) if p in q["gold"]), None)
        if rank is not None:
            hit1 += rank == 0
            hit5 += rank < 5
            mrr += 1 / (rank + 1) if rank < 10 else 0
    n = len(questions)
    return {"n": n, "hit1": round(hit1 / n, 3), "hit5": round(hit5 / n, 3), "mrr": round(mrr / n, 3),
            "citations": round(cited / n, 1)}


def main() -> None:
    from app.engine import KnowledgeBase
    from ingest.config import load_config
    here = Path(__file__).parent / "corpora" / "obsidian-help"
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--docs", type=Path, default=here / "docs")
    p.add_argument("--queries", type=Path, default=here / "queries.jsonl")
    p.add_argument("--workdir", type=Path, default=Path("/tmp/layouts"))
    args = p.parse_args()
    if not args.docs.is_dir():
        raise SystemExit(f"no docs folder at {args.docs} (bench/corpora/obsidian-help/prepare.py makes it)")
    questions = [json.loads(line) for line in args.queries.read_text(encoding="utf-8").splitlines() if line.strip()]
    for layout in LAYOUTS:
        out = args.workdir / layout
        pages = lay_out(args.docs, out, layout)
        kb = KnowledgeBase(load_config(out / "config.toml"))
        summary = kb.ingest()
        print(json.dumps({"layout": layout, "files": len({f for f, _, _ in pages.values()}),
                          "failed": [f["path"] for f in summary["failed"]], **score(kb, questions, pages)}))


if __name__ == "__main__":
    main()
