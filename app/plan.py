"""Plan an answer from a route and the ranked hits: which passages lead (one per side or per message part),
which are cited after them, and whether anything answers at all."""
from __future__ import annotations

from . import answer as answers
from .retrieval import Hit
from .router import Route


def groups_for(route: Route, whole: dict[str, list[Hit]], part_hits: list) -> list[tuple[str | None, list[Hit]]]:
    """(heading, ranked hits) per thing the answer must cover: each message part, each side, or the one side."""
    if route.parts:
        groups = []
        for (part, hits), info in zip(part_hits, route.parts):
            sides = ["service", "support"] if info["label"] == "both" else [info["label"]]
            merged = sorted((h for c in sides for h in hits[c]), key=lambda h: h.score, reverse=True)
            groups.append((f"“{part}”", merged))
        return groups
    if route.label == "both":    # the side with the better passage speaks first
        return sorted(((answers.SIDE_NAMES[c], whole[c]) for c in route.collections),
                      key=lambda g: max((h.dense for h in g[1][:3]), default=0.0), reverse=True)
    return [(None, whole[route.label])]


def plan(route: Route, whole: dict[str, list[Hit]], part_hits: list, settings: dict) -> tuple[bool, str, list]:
    """(answered, answer text, citations)."""
    top_k, min_score = settings["top_k"], settings["min_score"]
    groups = [(head, [h for h in hs if h.dense >= min_score]) for head, hs in groups_for(route, whole, part_hits)]
    groups = [(head, hs) for head, hs in groups if hs]
    if not groups:
        return False, answers.NO_ANSWER, []
    leads = [(head if len(groups) > 1 else None, hs[0]) for head, hs in groups]
    lead_ids = {h.id for _, h in leads}
    cited = answers.pick([[h for _, h in leads]] + [hs for _, hs in groups], limit=max(top_k, len(leads)),
                         per_source=settings["per_source"])
    cited = [h for _, h in leads] + [h for h in cited if h.id not in lead_ids]
    text, citations = answers.compose(leads, cited)
    return True, text, citations
