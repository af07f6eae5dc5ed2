"""Rebuild this check from the TechQA-RAG-Eval sample of rosscyking1115/agent-release-gates (see SOURCES.md):

    python bench/corpora/techqa/prepare.py [SOURCE]

SOURCE is a clone or bare git directory of github.com/rosscyking1115/agent-release-gates holding COMMIT (default:
MIRROR below), or the sample file itself. The file's SHA-256 is checked. Writes docs/, queries.jsonl and
unanswerable.jsonl next to this file. Then, from the repository root:

    python -m bench --only techqa
    python -m bench.ranking_lab --only techqa --workdir /tmp/techqa-lab

Rules (no hand edits):
- Documents: every distinct technote among the rows' `contexts` (only the gold ones: no distractors), one file
  docs/support/<filename stem>.md. Line 1 is "# <title>": the "Title:" field (it may wrap onto a second line)
  without the page's " - United States" suffix; the "Text:" label line is dropped; the rest keeps its lines
  (trailing spaces removed). A line that is exactly a technote section label (LABELS: CAUSE, ANSWER,
  RESOLVING THE PROBLEM ...) becomes "## <label>"; any other line starting with "#" (shell comments in
  snippets) is escaped as "\\#" so it does not become a heading. Texts stay as cut upstream (2,400 characters).
- docs/service/ holds only .gitkeep: the config needs both sides, and a service page would be a distractor.
- Questions (queries.jsonl): the answerable rows in file order, ids techqa-000..., route "-" (one side: not
  judged); the forum post's title and body (split at the first blank line) joined as one line, the title dropped
  when the body repeats it, ". " between them when the title has no closing punctuation; whitespace collapsed.
  Gold: the row's technote(s).
- Unanswerable rows (is_impossible, no contexts): unanswerable.jsonl, ids techqa-none-000..., same query rule.
- A post that appears twice (same query once whitespace is collapsed) is kept once, answerable first: three
  answerable pairs share their gold; TRAIN_Q022 (is_impossible) repeats TRAIN_Q340, whose technote is here.
- A post posted again with a little more or less text is the same post: compared by letters and digits only
  (lower case), one beginning with the other (or with a repeat of it). Kept once, the first in the order above
  (answerable first), ids as numbered before (so the ids have gaps). 17 such repeats upstream: 12 answerable
  copies with the same gold, and 5 copies marked is_impossible of posts whose technote is here (answerable in
  this corpus, so not unanswerable questions).
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
PATH = "data/public/techqa_rag_eval_sample.jsonl"
SHA256 = "f2f8dab07c79ebeb75b5a51321698e421752bfbf15f2b5758dd8019d946d21b9"
MIRROR = Path("/work/.mirror/rosscyking1115+agent-release-gates/repo")   # where this machine keeps the snapshot
HERE = Path(__file__).resolve().parent
NAME = "techqa"
LABELS = {
    "ABSTRACT", "ACKNOWLEDGEMENT", "ANSWER", "APAR INFORMATION", "APAR STATUS", "CAUSE", "CHANGE HISTORY",
    "COMMENTS", "CONTENT", "DIAGNOSING THE PROBLEM", "DISCLAIMER", "DOWNLOAD DESCRIPTION", "DOWNLOAD PACKAGE",
    "ENVIRONMENT", "ERROR DESCRIPTION", "FIX INFORMATION", "GET NOTIFIED ABOUT FUTURE SECURITY BULLETINS",
    "HISTORICAL NUMBER", "IMPORTANT NOTE", "INSTALLATION INSTRUCTIONS", "KNOWN SIDE EFFECTS", "LOCAL FIX",
    "PREREQUISITES", "PROBLEM", "PROBLEM(ABSTRACT)", "PROBLEM CONCLUSION", "PROBLEM SUMMARY",
    "PRODUCT ALIAS/SYNONYM", "QUESTION", "REFERENCES", "RELATED INFORMATION", "REMEDIATION/FIXES", "RESOLUTION",
    "RESOLVING THE PROBLEM", "SUBSCRIBE", "SUMMARY", "SYMPTOM", "TAB NAVIGATION", "TECHNICAL SUPPORT",
    "TEMPORARY FIX", "VULNERABILITY DETAILS", "WORKAROUNDS AND MITIGATIONS",
}


def markdown(text: str) -> str:
    head, sep, body = text.partition("\n\nText:\n")
    if not sep or not head.startswith("Title:"):
        raise ValueError(f"not a technote text: {text[:60]!r}")
    title = " ".join(head[len("Title:"):].split())
    title = title.removesuffix(" - United States").strip()
    out = [f"# {title}", ""]
    for line in body.split("\n"):
        line = line.rstrip()
        if line in LABELS:
            line = f"## {line}"
        else:
            line = literal_hashes(line)
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def question(raw: str) -> str:
    parts = re.split(r"\n\s*\n", raw.strip(), maxsplit=1)
    title = " ".join(parts[0].split())
    body = " ".join(parts[1].split()) if len(parts) > 1 else ""
    if not body or body == title:
        return title
    if body.startswith(title):
        return body
    return f"{title} {body}" if title[-1] in ".?!:" else f"{title}. {body}"


def _letters(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def drop_reposts(answerable: list[dict], unanswerable: list[dict]) -> tuple[list[dict], list[dict], list[str]]:
    """Each list without the posts that repeat an earlier one (answerable ones first) with a little more or less
    text: one's letters and digits begin with the other's (or with a repeat's). Returns both lists and the ids
    left out."""
    seen: list[str] = []        # every post so far, repeats too: a repost of a repost is the same post
    out: tuple[list[dict], list[dict]] = ([], [])
    dropped = []
    for which, qs in enumerate((answerable, unanswerable)):
        for q in qs:
            text = _letters(q["query"])
            again = any(text.startswith(k) or k.startswith(text) for k in seen)
            seen.append(text)
            if again:
                dropped.append(f"{q['id']} ({q['source'].split()[1]})")
            else:
                out[which].append(q)
    return out[0], out[1], dropped


def main(source: Path) -> None:
    data = read_pinned(source, REPO, COMMIT, PATH, SHA256).decode("utf-8")
    rows = [json.loads(line) for line in data.splitlines() if line.strip()]
    texts: dict[str, str] = {}
    for row in rows:
        for c in row["contexts"]:
            if texts.setdefault(c["filename"], c["text"]) != c["text"]:
                raise ValueError(f"{c['filename']}: two different texts")
    docs = HERE / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    (docs / "service").mkdir(parents=True)
    (docs / "service" / ".gitkeep").write_text("", encoding="utf-8")
    (docs / "support").mkdir()
    for filename in sorted(texts):
        (docs / "support" / f"{Path(filename).stem}.md").write_text(markdown(texts[filename]), encoding="utf-8")
    answerable, unanswerable, seen, repeats = [], [], set(), []
    for row in sorted(rows, key=lambda r: bool(r["is_impossible"] or not r["contexts"])):   # answerable first
        base = {"query": question(row["question"]), "corpus": NAME}
        if base["query"] in seen:       # the same post twice upstream (differing in whitespace only)
            repeats.append(row["id"])
            continue
        seen.add(base["query"])
        if row["is_impossible"] or not row["contexts"]:
            unanswerable.append({"id": f"{NAME}-none-{len(unanswerable):03d}", **base, "route": "none", "gold": [],
                                 "audience": "agent", "source": f"TechQA-RAG-Eval {row['id']} (is_impossible)"})
        else:
            gold = list(dict.fromkeys(f"support/{Path(c['filename']).stem}.md" for c in row["contexts"]))
            # route "-": every technote is on one side, so routing proves nothing here (bench/metrics.UNJUDGED)
            answerable.append({"id": f"{NAME}-{len(answerable):03d}", **base, "route": "-", "gold": gold,
                               "audience": "agent", "source": f"TechQA-RAG-Eval {row['id']}"})
    answerable, unanswerable, near = drop_reposts(answerable, unanswerable)
    for name, qs in (("queries.jsonl", answerable), ("unanswerable.jsonl", unanswerable)):
        with open(HERE / name, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(q, ensure_ascii=False) + "\n" for q in qs)
    print(f"{len(texts)} technotes under {docs}, {len(answerable)} questions, {len(unanswerable)} unanswerable; "
          f"repeated posts left out: {', '.join(repeats) or 'none'}; reposted: {', '.join(near) or 'none'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else MIRROR)
