"""Insight dashboard data: pure functions over question-log rows (dicts from QueryLog.rows())."""
from __future__ import annotations

import re
import time
from collections import Counter, defaultdict

from app.requests import BUCKETS

UNCLASSIFIED = "not classified"   # questions logged before the log kept buckets
_WORD = re.compile(r"[a-z][a-z0-9'-]{2,}")
STOP = set("""the and for you your our are was were can could would should how what when where why who which
does did doing done with without from into onto this that these those there here have has had not but all any
get got its it's just like want need please help thanks thank hello about some more most very really also still
them they their then than use using used my me we us is am be been being do to of in on at by or if an as so no
yes one two way ways make made know tell show see""".split())


def request_map(rows: list[dict]) -> dict[str, int]:
    """Threads per Request Map bucket (app/requests.py decides the bucket when the question is asked)."""
    counts = Counter(b for r in rows for b in (r.get("buckets") or [UNCLASSIFIED]))
    out = {name: counts.get(name, 0) for name in BUCKETS}
    if counts.get(UNCLASSIFIED):
        out[UNCLASSIFIED] = counts[UNCLASSIFIED]
    return out


def request_map_by(rows: list[dict], by: str) -> dict[str, dict[str, int]]:
    """Threads per bucket for each day (UTC, YYYY-MM-DD; by="day") or each audience (by="audience")."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[time.strftime("%Y-%m-%d", time.gmtime(r["ts"])) if by == "day" else r[by]].append(r)
    return {key: request_map(rs) for key, rs in sorted(groups.items())}


def route_mix(rows: list[dict]) -> dict[str, dict[str, int]]:
    """Day (UTC, YYYY-MM-DD) -> route label -> number of questions."""
    days: dict[str, dict[str, int]] = defaultdict(lambda: {"service": 0, "support": 0, "both": 0})
    for r in rows:
        day = time.strftime("%Y-%m-%d", time.gmtime(r["ts"]))
        days[day][r["route"]] = days[day].get(r["route"], 0) + 1
    return dict(sorted(days.items()))


def confidence_bins(rows: list[dict], bins: int = 10) -> dict[str, int]:
    """Route confidence histogram: '0.0–0.1' -> count, every bin present."""
    counts = Counter(min(int(r["confidence"] * bins), bins - 1) for r in rows)
    return {f"{i / bins:.1f}–{(i + 1) / bins:.1f}": counts.get(i, 0) for i in range(bins)}


def keywords(text: str) -> set[str]:
    return {w.strip("'-") for w in _WORD.findall(text.lower())} - STOP


def is_gap(row: dict) -> bool:
    return not row["answered"] or row["feedback"] == -1


def content_gaps(rows: list[dict]) -> list[tuple[str, list[str]]]:
    """Unanswered and low-rated questions, grouped: low-rated answers by their top cited document;
    unanswered ones by the keyword they share with most other unanswered questions, named with the article
    most of them came closest to (a declined question lists its closest passages): where the missing answer
    would go. Largest first."""
    gaps = [r for r in rows if is_gap(r)]
    unanswered = [r for r in gaps if not (r["answered"] and r["top_title"])]
    freq = Counter(w for r in unanswered for w in keywords(r["text"]))
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in gaps:
        if r["answered"] and r["top_title"]:
            key = f"rated unhelpful: {r['top_title']}"
        else:
            shared = sorted((w for w in keywords(r["text"]) if freq[w] > 1), key=lambda w: (-freq[w], w))
            key = f"no answer: “{shared[0]}”" if shared else "no answer: other"
        groups[key].append(r)
    named = [(_with_closest(key, grouped), [r["text"] for r in grouped]) for key, grouped in groups.items()]
    return sorted(named, key=lambda kv: (-len(kv[1]), kv[0]))


def _with_closest(key: str, grouped: list[dict]) -> str:
    if not key.startswith("no answer"):
        return key
    titles = Counter(r["top_title"] for r in grouped if r["top_title"])
    return f"{key}, closest article: {titles.most_common(1)[0][0]}" if titles else key
