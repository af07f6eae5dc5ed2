"""Side loss: a gold file ranked in the other side's top 5 but not shown.

If a result exposes result["debug"]["other_side_top"] (the other side's best passages, each with a
`source`), that is used as is. Otherwise the bench asks the same question in-process with the route forced
to the side(s) not shown (the public `KnowledgeBase.ask(route=...)`), and takes the first 5 cited files.
"""
from __future__ import annotations

SIDES = ("service", "support")


def shown_sides(result: dict) -> set[str]:
    route = result.get("route", {})
    sides = set(route.get("collections") or ([route["label"]] if route.get("label") in SIDES else []))
    sides |= {p.get("label") for p in result.get("parts") or [] if p.get("label") in SIDES}
    if any(p.get("label") == "both" for p in result.get("parts") or []):
        sides |= set(SIDES)
    return sides | {c["corpus"] for c in result.get("citations", [])}


def fill(kb, queries: list[dict], results: list[dict], records: list[dict], resolver) -> None:
    """Set record["other_side_top"] where the result did not expose it (answerable queries only)."""
    for q, res, rec in zip(queries, results, records):
        if rec.get("other_side_top") is not None or not rec["gold"] or res.get("error"):
            continue
        other = [s for s in SIDES if s not in shown_sides(res)]
        if not other:
            rec["other_side_top"] = []          # both sides were shown: nothing can be hidden
            continue
        forced = kb.ask(q["query"], audience=q.get("audience", "customer"),
                        route=other[0] if len(other) == 1 else "both")
        rec["other_side_top"] = list(dict.fromkeys(resolver.cited(q, c["source"]) for c in forced["citations"]))
