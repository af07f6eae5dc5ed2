"""What `kb` prints for people: an answer with its sources, the ingest summary, progress on a terminal."""
from __future__ import annotations

import json
import sys

from .answer import place

EXIT_OK, EXIT_FAILED_FILES, EXIT_BAD_INPUT, EXIT_NO_INDEX = 0, 1, 2, 3


def print_json(obj) -> None:
    """One JSON document per line, flushed (a reader of --jsonl sees each answer as it comes)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def jsonl_item(line: str, number: int) -> dict:
    """One --jsonl line as {"query": ...}; a plain-text question says how to wrap it, not only where JSON broke."""
    from app.engine import QuestionError
    shape = 'each line must be a JSON object with a "query", e.g. {"query": "How do I get a refund?"}'
    try:
        item = json.loads(line)
    except json.JSONDecodeError as e:
        raise QuestionError(f"line {number} is not JSON ({e}); {shape}") from None
    if not isinstance(item, dict) or "query" not in item:
        raise QuestionError(f"line {number}: {shape}")
    return item


def human_result(r: dict) -> str:
    from .html_markdown import readable  # markdownify, only for an answer shown to a person
    route = r["route"]
    lines = [f"Route: {route['label']} ({route['confidence']:.2f}) - {route['reason']}", "", readable(r["answer"])]
    if r.get("corrected"):
        lines[1:1] = [f"Searched for: {r['corrected']}"]
    if r["citations"]:
        lines += ["", "Sources:" if r["answered"] else "Closest passages (not an answer):"]
        for c in r["citations"]:
            anchor = f"#{c['anchor']}" if c["anchor"] else ""
            lines.append(f"[{c['n']}] {c['source']}{anchor}  ({place(c['title'], c['section'])})")
    return "\n".join(lines)


def progress_bar():
    if not sys.stderr.isatty():
        return None, None
    from tqdm import tqdm
    bars = {}

    def progress(corpus, done, total, path):
        bar = bars.get(corpus)
        if bar is None:
            bar = bars[corpus] = tqdm(total=total, desc=f"{corpus:8}", unit="file", file=sys.stderr, leave=True)
        bar.update(done - bar.n)
        bar.set_postfix_str(path[-40:], refresh=False)
    return progress, bars


def note_printer(bars):
    """Progress lines on stderr (a large file, a line a minute), above the progress bars if any."""
    if bars is not None:
        from tqdm import tqdm
        return lambda line: tqdm.write(line, file=sys.stderr)
    return lambda line: print(line, file=sys.stderr, flush=True)


def summary_text(s: dict) -> str:
    head = (f"{'corpus':8} {'added':>6} {'updated':>8} {'removed':>8} {'unchanged':>10} {'failed':>7} "
            f"{'+chunks':>8} {'-chunks':>8}")
    rows = [head]
    for name, r in s["corpora"].items():
        rows.append(f"{name:8} {r['added']:>6} {r['updated']:>8} {r['removed']:>8} {r['unchanged']:>10} "
                    f"{r['failed']:>7} {r['chunks_added']:>8} {r['chunks_removed']:>8}")
    rows += [f"NOTE {name}: {r['note']}" for name, r in s["corpora"].items() if r.get("note")]
    for f in s["failed"]:
        rows.append(f"FAILED {f['path']}: {f['reason']}")
    rows += [f"SKIPPED {f['path']}: {f['reason']}" for f in s.get("skipped", [])]
    rows += [f"DROPPED {f['path']}: {f['reason']}" for f in s.get("dropped", [])]
    rows += [broken_link_line(f) for f in s.get("broken_links", [])]
    rows.append(f"done in {s['seconds']:.1f} s" + broken_count(s.get("broken_links", [])))
    return "\n".join(rows)


def broken_link_line(f: dict) -> str:
    return f"BROKEN LINK {f['path']}:{f['line']}: {f['target']}: {f['reason']}"


def broken_count(links: list) -> str:
    """The count after a list of broken links, so 166 lines need no counting (Bitwarden's help center)."""
    return f"; {len(links)} broken link{'' if len(links) == 1 else 's'} listed above" if links else ""
