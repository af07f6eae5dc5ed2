"""Plan an answer from a route and the ranked hits: which passages lead (one per side or per message part),
which are cited after them, and whether anything answers at all.

The route decides presentation, not what can be found: after the leads, citations follow the joint ranking
of both collections, so a strong passage on the side the route did not pick still appears ("Also from
support: ..."): for agents always, for customers when it is public (their ranking holds nothing else).
A lead after [1] is shown in full only when it matches the question at least as well as the files it jumps
over (`earns_lead`); else it is cited in the joint ranking's order."""
from __future__ import annotations

from . import answer as answers
from . import answerability, growth
from .retrieval import Hit, section_match
from .retrieval import side as side_hits
from .router import Route

SIDES = ("service", "support")
OTHER_SIDE_TOP = 5          # how many of the unshown side's best files are reported, and listed when it answers


def groups_for(route: Route, whole: dict[str, list[Hit]], part_hits: list,
               by_hand: bool = False) -> list[tuple[str | None, list[Hit]]]:
    """(heading, ranked hits) per thing the answer must cover: each message part, each side, or the one side.
    A thread is led by its own search's best passage on either side, unless an agent chose its side by hand."""
    if len(route.parts) > 1:    # one group per thread
        groups = []
        for (part, hits), info in zip(part_hits, route.parts):
            sides = [info["label"]] if by_hand and info["label"] in SIDES else list(SIDES)
            groups.append((_thread_head(part), sorted((h for c in sides for h in hits[c]),
                                                      key=lambda h: h.score, reverse=True)))
        return groups
    if route.label == "both":    # the side with the better passage speaks first
        return sorted(((answers.SIDE_NAMES[c], whole[c]) for c in route.collections),
                      key=lambda g: max((h.dense for h in g[1][:3]), default=0.0), reverse=True)
    return [(None, whole[route.label])]


def shown_sides(route: Route, ranked: list[Hit] | None = None) -> set[str]:
    """The sides the answer presents: the route's, and the joint ranking's best passage's side."""
    sides = set(route.collections) | ({ranked[0].corpus} if ranked else set())
    for info in route.parts or []:
        sides |= set(SIDES) if info["label"] == "both" else {info["label"]}
    return sides


def hidden_sides(route: Route, ranked: list[Hit], by_hand: bool = False) -> list[str]:
    """The side(s) the answer does not lead with (a route set by hand shows its own sides only)."""
    shown = shown_sides(route, None if by_hand else ranked)
    return [s for s in SIDES if s not in shown]


def other_side_top(route: Route, ranked: list[Hit], by_hand: bool = False) -> list[dict]:
    """The best passages (by the joint ranking) of the side(s) the answer does not lead with."""
    hidden = hidden_sides(route, ranked, by_hand)
    return [{"source": h.source, "corpus": h.corpus, "section": h.meta.get("section", ""),
             "anchor": h.meta.get("anchor", ""), "score": round(h.score, 4)}
            for h in ranked if h.corpus in hidden][:OTHER_SIDE_TOP]


def also_from(route: Route, ranked: list[Hit], cited: list[Hit], threshold: float,
              by_hand: bool = False) -> list[Hit]:
    """The side the answer does not lead with, when it answers the question on its own (the same
    answerability decision over its passages alone): its best passage of each of its top 5 files not cited yet
    (a file the answer already cites counts among the 5: it went on to the side's 6th-10th files).
    Citing the joint ranking's top_k alone left a gold passage at the other side's 2nd to 4th place unshown
    (bench side loss 4 of 355: govuk-paas 2, covid-faq 1, quillhub 1)."""
    taken, files, out = {h.id for h in cited}, {h.source for h in cited}, []
    floor = min((section_match(h) for h in cited), default=0.0)
    for name in hidden_sides(route, ranked, by_hand):
        hits = side_hits(ranked, name)
        if not hits or not answerability.decide(hits, threshold).answered:
            continue
        top = list(dict.fromkeys(h.source for h in hits))[:OTHER_SIDE_TOP]   # its best files, some cited
        for h in hits:
            if h.source in top and h.id not in taken and h.source not in files and section_match(h) >= floor:
                out.append(h)
                files.add(h.source)
    return out


def _thread_home(best: Hit, groups: list[tuple[str | None, list[Hit]]], part_hits: list) -> int | None:
    """The group of the thread `best` answers: the one whose own search ranks it highest on its side, whatever
    side the thread is routed to (None when no thread's search found it)."""
    place = {_thread_head(part): hits.get(best.corpus, []) for part, hits in part_hits}
    ranks = [(next((r for r, h in enumerate(place.get(head, [])) if h.id == best.id), None), i)
             for i, (head, _) in enumerate(groups)]
    found = [(r, i) for r, i in ranks if r is not None]
    return min(found)[1] if found else None


def _thread_head(part: str) -> str:
    return f"“{part}”"


def best_first(route: Route, groups: list[tuple[str | None, list[Hit]]],
               ranked: list[Hit], part_hits: list = ()) -> list[tuple[str | None, list[Hit]]]:
    """[1] is the whole message's best passage (the joint ranking's first): the group on its side leads with
    it and speaks first; when no group is on its side, it leads under its side's name. Threads' own rankings
    (a fragment like "what are the steps our side" searched alone) and a route to the other side cost hit@1
    on every bench corpus when they picked the lead (govuk-paas 0.79 vs 0.91 for the ranking alone).
    In a message of several threads it leads the thread it answers, not the first thread on its side:
    "I want to upgrade to Families and also my yubikey is not accepted anymore" (Bitwarden's help center)
    answered the upgrade with YubiKey set-up steps."""
    best = ranked[0]
    home = _thread_home(best, groups, part_hits) if len(route.parts) > 1 else None
    if home is None:
        home = next((i for i, (_, hs) in enumerate(groups) if best.corpus in {h.corpus for h in hs}), None)
    if home is not None:
        head, hs = groups[home]
        groups = [(head, [best, *hs])] + groups[:home] + groups[home + 1:]
    else:
        named = [(answers.SIDE_NAMES[route.label] if len(route.parts) <= 1 and route.label in SIDES else head, hs)
                 for head, hs in groups]
        groups = [(answers.SIDE_NAMES[best.corpus], side_hits(ranked, best.corpus))] + named
    out, leading = [], set()
    for head, hs in groups:             # one passage leads once: each group leads with its best one not led yet
        hs = [h for h in hs if h.id not in leading]
        if hs:
            out.append((head, hs))
            leading.add(hs[0].id)
    return out


def earns_lead(lead: Hit, ranked: list[Hit], first: str) -> bool:
    """A second lead (the route's side when [1] is on the other, or the other side of a hedged route) is
    shown ahead of the joint ranking only when its section matches the question at least as well as the
    best section of every file it jumps over (the first file, [1]'s, aside). covid-faq, end to end: always
    leading put a worse file at [2] on 9 questions and a better one on 1 (plausible: 1 better); with this
    rule 8 of the 9 get their joint-ranking order back and both better ones keep their lead."""
    jumped: dict[str, Hit] = {}
    for h in ranked:
        if h.source == lead.source:
            break
        if h.source != first:
            jumped.setdefault(h.source, h)          # a file's first hit is its best-matching section
    return all(section_match(lead) >= section_match(h) for h in jumped.values())


def late_leads(route: Route, leads: list[tuple[str | None, Hit]], ranked: list[Hit]) -> list[Hit]:
    """The leads after [1] that do not earn their place (`earns_lead`); a message cut into threads keeps its
    threads' leads (their hits match the thread's own text, not comparable with the whole message's)."""
    if len(route.parts) > 1 or len(leads) < 2:
        return []
    return [h for _, h in leads[1:] if not earns_lead(h, ranked, leads[0][1].source)]


def closest_hits(ranked: list[Hit], settings: dict) -> list[Hit]:
    """What a declined question still shows: the joint ranking's best files, one passage each, named as the
    closest and not as an answer. Answerability and ranking are two decisions; before, a decline cut the list
    to nothing, and an answerable question declined by mistake showed no trace of its answer (covid-faq: 7 of
    244, 6 with it in the first five files, at cosines 0.27-0.43: a similarity floor would hide them again).
    Shown only for a question near the knowledge base (answerability.NEAR)."""
    return answers.pick([ranked], limit=settings["top_k"], per_source=1)


def plan(route: Route, ranked: list[Hit], whole: dict[str, list[Hit]], part_hits: list, settings: dict,
         answerable: bool, by_hand: bool = False, neighbour=None, near: bool = False,
         codes: list[str] | None = None, words: list[str] | None = None) -> tuple[bool, str, list]:
    """(answered, answer text, citations). `ranked`: both collections' hits in one fused ranking;
    `answerable`: the answerability decision (app/answerability.py), made before and apart from this;
    `by_hand`: the route was chosen by the asker (an agent's override), so its side always leads;
    `neighbour`: the retriever's chunk lookup, so a shown passage grows to whole blocks; `near`: when it is
    not answerable, whether the question is near enough to the knowledge base to show the closest passages;
    `codes`: the identifiers the question names (a long table of a lead shows the rows naming them), else `words`:
    its terms (the rows sharing them)."""
    groups = [(head, hs) for head, hs in groups_for(route, whole, part_hits, by_hand) if hs]
    if not by_hand and ranked:
        groups = best_first(route, groups, ranked, part_hits)
    if not answerable or not groups:
        return False, *answers.closest(closest_hits(ranked, settings) if near else [])
    leads = [(head, hs[0]) for head, hs in groups]
    late = [] if by_hand else late_leads(route, leads, ranked)
    late_ids = {h.id for h in late}
    leads = [(head, h) for head, h in leads if h.id not in late_ids]
    leads = leads if len(leads) > 1 else [(None, leads[0][1])]
    lead_ids = {h.id for _, h in leads}
    rest = [ranked]     # after the leads, the joint ranking (interleaving the groups cost MRR: 0.85 vs 0.95)
    cited = answers.pick(rest, limit=max(settings["top_k"], len(leads)), per_source=settings["per_source"],
                         first=[h for _, h in leads])
    cited = [h for _, h in leads] + [h for h in cited if h.id not in lead_ids]
    cited_files = {h.source for h in cited}
    cited += [h for h in late if h.source not in cited_files]    # the route's side stays cited
    cited += also_from(route, ranked, cited, settings["answer_threshold"], by_hand)
    runs = growth.runs([h for _, h in leads], ranked, neighbour)
    text, citations = answers.compose(leads, cited, shown=shown_sides(route, None if by_hand else ranked),
                                      neighbour=neighbour, runs=runs, codes=codes, words=words)
    return True, text, citations
