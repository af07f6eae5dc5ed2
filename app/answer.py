"""Grounded, extractive answers: the best passage(s), kept as written, with [n] markers tied to citations.

Every [n] in the answer points to a citation and every citation is referred to in the answer.
When the best passage is too weak a match, the answer says plainly that nothing was found.
"""
from __future__ import annotations

import re

from .retrieval import Hit

NO_ANSWER = "I couldn't find an answer to that in the knowledge base."
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_NOISE = re.compile(r"[`*_>#|\[\]]+|\(https?://[^)]*\)")
SIDE_NAMES = {"service": "Service", "support": "Support"}


def _readable(text: str) -> str:
    """Heading lines become bold lines, so a passage reads as part of an answer, not a new page."""
    lines = []
    for line in text.strip("\n").splitlines():
        m = _HEADING.match(line)
        lines.extend([f"**{m.group(2)}**", ""] if m else [line])   # blank line: Markdown would join them
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def snippet(text: str, limit: int = 240) -> str:
    flat = " ".join(_MD_NOISE.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + "…"


def citation(n: int, hit: Hit) -> dict:
    m = hit.meta
    return {"n": n, "corpus": hit.corpus, "source": m["source"], "title": m["title"], "section": m["section"],
            "anchor": m["anchor"], "lines": [m["start_line"], m["end_line"]], "audience": m["audience"],
            "snippet": snippet(hit.text), "passage": hit.text, "score": round(hit.score, 4),
            "similarity": round(hit.dense, 4)}


def pick(groups: list[list[Hit]], limit: int = 5, per_source: int = 2) -> list[Hit]:
    """Interleave the groups' rankings (one group per side or per message part), best first,
    at most `per_source` passages from one file, one passage per section (a long section's second
    chunk would be a duplicate-looking citation)."""
    chosen: list[Hit] = []
    seen: set[tuple[str, str]] = set()
    per: dict[str, int] = {}
    iters = [iter(g) for g in groups]
    while len(chosen) < limit and iters:
        for it in list(iters):
            for hit in it:
                section = (hit.source, hit.meta.get("heading_path", hit.meta["section"]))
                if section in seen or per.get(hit.source, 0) >= per_source:
                    continue
                chosen.append(hit)
                seen.add(section)
                per[hit.source] = per.get(hit.source, 0) + 1
                break
            else:
                iters.remove(it)
            if len(chosen) >= limit:
                break
    return chosen


def compose(leads: list[tuple[str | None, Hit]], cited: list[Hit],
            shown: set[str] | None = None) -> tuple[str, list[dict]]:
    """leads: the passages shown in full, each with an optional heading (a side or a message part).
    cited: every passage to cite, leads first. shown: the sides the route presents; a cited passage of
    another side is listed apart ("Also from support: ..."). Returns the answer text and the citation list."""
    citations = [citation(n, h) for n, h in enumerate(cited, 1)]
    number = {h.id: n for n, h in enumerate(cited, 1)}
    blocks = []
    for heading, hit in leads:
        body = f"{_readable(hit.text)} [{number[hit.id]}]"
        blocks.append(f"**{heading}**\n\n{body}" if heading else body)
    rest = [h for h in cited if h.id not in {lead.id for _, lead in leads}]
    ref = lambda h: f"[{number[h.id]}] {h.meta['title']} › {h.meta['section']}"
    same = [h for h in rest if shown is None or h.corpus in shown]
    if same:
        blocks.append("See also: " + "; ".join(ref(h) for h in same))
    for side in dict.fromkeys(h.corpus for h in rest if h not in same):
        blocks.append(f"Also from {side}: " + "; ".join(ref(h) for h in rest if h.corpus == side and h not in same))
    return "\n\n".join(blocks), citations
