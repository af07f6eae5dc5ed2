"""Grounded, extractive answers: the best passage(s), kept as written, with [n] markers tied to citations.

Every [n] in the answer points to a citation and every citation is referred to in the answer.
When the best passage is too weak a match, the answer says plainly that nothing was found.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from markdown_it import MarkdownIt

from ingest import fences, headings
from ingest.page_titles import unnumbered
from ingest.words import ESCAPED, HTML_TAG

from .blocks import HEADING, Neighbour, whole_blocks
from .code_titles import code_titles
from .retrieval import Hit
from .table_rows import named_rows

NO_ANSWER = "I couldn't find an answer to that in the knowledge base."
_BOLD = re.compile(r"\*\*([^*]+)\*\*|__([^_]+)__")
# What a snippet (plain text) leaves out of a passage: HTML tags whole (a "<mark style=...>" lost only its ">"),
# a link's target and title ("(security.md "mention")"), markup characters; a backslash escape is its character,
# one ending a line a line break (Warp's docs: "renews).\ \ The limit" in 9 of 36 answers' snippets).
# an HTML element's tag, not a placeholder: Klipper's `M190 S<temperature>` was "M190 S" in 504 snippets
# A table's separator row and a thematic break are lines of dashes: NocoDB's snippets read "Variable Mandatory
# Description --- --- ---" (89 chunks open with a table) and ended "---" in 13 of 36 answers.
# A code fence's line goes with its info string: HedgeDoc's snippets read "Port already used text Error response".
# A setext title's underline of = goes too: Akaunting's snippets read "Transfers ========= Sometimes you..." in 99
# of 201 citations (85 of its 86 pages head so).
_SNIPPET_MARKUP = re.compile(r"(?m:^[ \t]*(?:`{3,}|~{3,})[^\n`]*$)|" + HTML_TAG.pattern
                             + r"|!?\[([^\]\n]*)\]\([^)\n]*\)|" + ESCAPED
                             + r"|(?m:^(?=[^\n]*?---)[ \t|:-]*+$)"       # a rule or table separator (possessive)
                             + r"|(?m:^[ \t]*(?:\*[ \t]*){3,}$)|(?m:^[ \t]*={3,}[ \t]*$)"
                             + r"|[`*#|\[\]]+|(?m:^[ \t]*>+)|(?<!\w)_+|_+(?!\w)|\(https?://[^)]*\)|(?m:\\$)")
_EMPHASIS = re.compile(r"[*`]+")
SIDE_NAMES = {"service": "Service", "support": "Support"}
_ENDS_IN_ROW = re.compile(r"^\|.*\Z", re.M)      # a table row
_INDENTED = re.compile(r"^(?: {4}| {0,3}\t)", re.M)    # a line indented as code can be
_MD = MarkdownIt("commonmark")


def _ends_in_code(body: str) -> bool:
    """Whether the passage's last block is indented code. An indented line is code only where Markdown reads it
    so: a list's nested item (`    - git merge weblate-dev`) is no code, and its marker on a line of its own read
    as a stray "[1]" (NewPipe's release guide: 70 nested items). Parsed only where a line is indented so (0.13 ms
    a passage of 1.3 KB, on every lead of every answer)."""
    if not _INDENTED.search(body):
        return False
    tokens = [t for t in _MD.parse(body) if t.map]
    end = max((t.map[1] for t in tokens), default=0)
    return any(t.type == "code_block" and t.map[1] == end for t in tokens)


def _bold(heading: re.Match) -> str:
    """A heading's title as a bold line, a blank line before it (a page's lead-in from front matter ran into the
    title: "Learn about the rate limits...\n**Rate limiting**" is one paragraph): its attribute list ("Profile
    move {#move}", Hugo and MkDocs) is not title, and a title written bold, whole or in part, loses its own bold
    ("## **Why?**" read ****Why?****; the Kavita wiki's "#### Q. **I started Kavita but get Access Denied?**" read
    "**Q. **I started...?****" in 39 headings, shown so in 5 of 35 answers)."""
    title = headings.attrs(heading.group(2))[0]
    return f"\n**{_BOLD.sub(lambda m: m.group(1) or m.group(2), title)}**\n"


def _readable(text: str) -> str:
    """Heading lines become bold lines, so a passage reads as part of an answer, not a new page. Inside a
    fenced code block a "# ..." line is a shell comment, not a heading, and is kept as written. The bold line
    is followed by a blank line, or Markdown would join it to the next."""
    text = fences.outside(code_titles(text.strip("\n")), lambda t: headings.SETEXT.sub(_bold, HEADING.sub(_bold, t)))
    return re.sub(r"\n(?:[ \t]*\n){2,}", "\n\n", text).strip()    # a removed template tag leaves spaces


# A thematic break that ends a passage (a page's divider between sections) says nothing: with the marker after it,
# it read "--- [1]" (Fly.io's docs: 45 chunks end so, 8 of 36 answers).
_TRAILING_RULE = re.compile(r"(?:\n[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}))+\s*\Z")


def with_marker(body: str, n: int) -> str:
    """`[n]` after the passage; on its own line when the passage ends in a table or code block, where
    it would become a dropped table cell or code text. A passage that stops inside fenced code (a block
    longer than blocks.MAX_GROW chunks) gets its closing fence, or the marker and all that follows it in the
    answer would be shown as code."""
    fence = fences.left_open(body)
    if fence:
        return f"{body}\n{fence}\n\n[{n}]"
    stripped, rules = _TRAILING_RULE.subn("", body)
    body = stripped.rstrip() if rules else body
    if fences.ends_closed(body) or _ENDS_IN_ROW.search(body) or _ends_in_code(body):
        return f"{body}\n\n[{n}]"
    return f"{body} [{n}]"


def _plain(m: re.Match) -> str:
    """A link as its text, its own markup out too (`[**out to sales team**](...)`: raw ** in 18 of NocoDB's
    snippets); an escaped character as itself; other markup a space."""
    if m.group(1) is not None:
        return _EMPHASIS.sub("", m.group(1))
    return m.group(2) or " "


def snippet(text: str, limit: int = 240) -> str:
    flat = " ".join(_SNIPPET_MARKUP.sub(_plain, text).split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + "…"


def citation(n: int, hit: Hit, name: str | None = None) -> dict:
    """`name`: what lists of sources call it (_names: the folder too, where two pages' places read alike)."""
    m = hit.meta
    return {"n": n, "corpus": hit.corpus, "source": m["source"], "title": m["title"], "section": m["section"],
            "name": name or place(m["title"], m["section"]), "anchor": m["anchor"],
            "lines": [m["start_line"], m["end_line"]], "audience": m["audience"],
            "snippet": snippet(hit.text), "passage": hit.text, "score": round(hit.score, 4),
            "similarity": round(hit.dense, 4)}


def pick(groups: list[list[Hit]], limit: int = 5, per_source: int = 2, first: list[Hit] = ()) -> list[Hit]:
    """Interleave the groups' rankings (one group per side or per message part), best first, until `limit`
    files are cited: at most `per_source` passages from one file (besides those among the first `limit`), one
    passage per section (a long section's second chunk would be a duplicate-looking citation). A file's second
    passage does not take a file's place:
    counting passages, two files with two sections each left room for one more file, so the 4th and 5th
    files of the ranking were left out (Quillhub: 21 of 49 answers cited 3 files) and an answer covered
    fewer files than a keyword search lists. When the ranking holds fewer than `limit` files (a manual kept in
    one file per side), sections are what is counted: the best `limit` of them, whatever their file. Capped
    at two per file, the Obsidian help laid out so cited 4 passages an answer, two of them from the support
    manual however far down it ranked (`python -m bench.layouts`). A passage whose text was cited already is
    left out: DuckDuckGo's help pages include one contact section on 24 pages, and an answer listed it three
    times among four "See also" entries. `first` (the answer's leads) are taken before any group: interleaved
    with the ranking as a group of their own, a lead could lose its section to another chunk of it, and both
    were cited (Quillhub: "[3] SSO error codes" under the lead "[2] SSO error codes")."""
    chosen: list[Hit] = []
    seen: set[tuple[str, str]] = set()
    said: set[str] = set()
    per: dict[str, int] = {}

    def take(hit: Hit, cap: int) -> bool:
        section = (hit.source, hit.meta.get("heading_path", hit.meta["section"]))
        if section in seen or per.get(hit.source, 0) >= cap:
            return False
        text = " ".join(hit.text.split())
        if text in said:
            return False        # the same passage twice (a partial on many pages) is cited once
        chosen.append(hit)
        seen.add(section)
        said.add(text)
        per[hit.source] = per.get(hit.source, 0) + 1
        return True

    for hit in first:
        take(hit, len(first))
    if len({h.source for g in [first, *groups] for h in g}) < limit:
        _interleave(groups, lambda hit: take(hit, limit), lambda: len(chosen) >= limit)
    else:
        # a passage among its ranking's first `limit` is cited whatever its file's count: on a site that keeps a
        # topic on one page, the cap had left out the section that answers while other files' passages were cited
        # (NewPipe's docs: "#windows", 5th, under "how do I install mkdocs on windows"; over 8 unseen sites the
        # gold section was cited in 167 -> 181 of 203 answers, 6.8 -> 7.4 citations each). A cap of one is a
        # list of files (a declined question's closest passages) and stays one.
        top = {h.id for g in groups for h in g[:limit]} if per_source > 1 else set()
        _interleave(groups, lambda hit: take(hit, limit if hit.id in top else per_source), lambda: len(per) >= limit)
    return chosen


def _interleave(groups: list[list[Hit]], take, done) -> None:
    """One hit from each group in turn (the first `take` accepts), until `done()` or every group runs out."""
    iters = [iter(g) for g in groups]
    while not done() and iters:
        for it in list(iters):
            if not any(take(hit) for hit in it):
                iters.remove(it)
            if done():
                break


def cited_name(c: dict) -> str:
    """A citation's name in a list of sources (results saved before citations had one: its place)."""
    return c.get("name") or place(c["title"], c["section"])


def place(title: str, section: str) -> str:
    """"Title › Section", or the section's heading path alone where it starts with the page's title (the
    page's own top section; a title taken from the file name is lower case: "scaling › Scaling")."""
    if not section:
        return title
    head = section.casefold()
    if head == title.casefold() or head.startswith(title.casefold() + " > "):
        return section
    return f"{title} › {section}"


def _ref(n: int, hit: Hit, names: dict[str, str]) -> str:
    return f"[{n}] {names[hit.id]}"


def _names(hits: list[Hit]) -> dict[str, str]:
    """Each hit's place; where files of different folders share a title, the folder after it: NocoDB's docs title a
    page "Okta" under OIDC and under SAML, and 5 of 36 answers listed "[3] Okta ... [6] Okta"; Homebox's sidebar
    titles three folders' pages "Get Started", cited as "[1] Get Started ... [5] Get Started › App Translation
    Status ... [6] Get Started" in 27 of 36 answers. A folder is named without the number ordering it, as the site
    shows it (Directus: "(1.n8n)", "(2.mcp)" in 4 of 36 answers)."""
    named = {h.id: place(h.meta["title"], h.meta["section"]) for h in hits}
    folder = {h.id: _folder(h.meta["source"]) for h in hits}
    title = {h.id: h.meta["title"].casefold() for h in hits}
    folders: dict[str, set[str]] = {}
    for h in hits:
        folders.setdefault(title[h.id], set()).add(folder[h.id])
    return {h.id: f"{named[h.id]} ({folder[h.id]})" if len(folders[title[h.id]]) > 1 else named[h.id] for h in hits}


def _folder(source: str) -> str:
    """The folder a page's address shows: without its ordering number ("1.n8n" is "n8n"), and past a Next.js route
    group, "(providers)", which no address shows (Novu's docs: "SendGrid › ... ((providers))" in 5 of 36 answers)."""
    parents = [p.name for p in PurePosixPath(source).parents if p.name]
    shown = next((name for name in parents if not _ROUTE_GROUP.fullmatch(name)), parents[0] if parents else "")
    return unnumbered(shown)


_ROUTE_GROUP = re.compile(r"\(.+\)")


def closest(cited: list[Hit]) -> tuple[str, list[dict]]:
    """No answer, and the passages the ranking found closest, named as such and never shown as an answer."""
    if not cited:
        return NO_ANSWER, []
    names = _names(cited)
    refs = "; ".join(_ref(n, h, names) for n, h in enumerate(cited, 1))
    return f"{NO_ANSWER} The closest passages, which may not answer it: {refs}", [
        citation(n, h, names[h.id]) for n, h in enumerate(cited, 1)]


# A passage that says its own title a few lines in needs it no more: a page's front-matter description over its H1
# read "**Logic**", "Conditional and intermediate steps", "**Logic**" (Budibase's docs: 2 of 36 answers).
_SOON = 400


def _untitled(text: str, neighbour: Neighbour | None) -> bool:
    """Whether a passage opens with no heading of its own: it starts below its section's heading (read alone, "The
    benefit of this approach is..." or a bare table says nothing of what it is about: Home Assistant's docs, 5 of
    30 lead passages), or it opens a page titled only in its front matter (Actual Budget's PikaPods page and
    BookStack's install page led answers with no title at all: 12 and 18 such pages)."""
    start = text.lstrip("\n")      # a heading underlined is a heading (TriliumNext's docs: 102 in 35 of 79 pages)
    return neighbour is not None and not (HEADING.match(start) or headings.SETEXT.match(start))


def compose(leads: list[tuple[str | None, Hit]], cited: list[Hit], shown: set[str] | None = None,
            neighbour: Neighbour | None = None, runs: dict[str, frozenset[str]] | None = None,
            codes: list[str] | None = None, words: list[str] | None = None) -> tuple[str, list[dict]]:
    """leads: the passages shown in full, each with an optional heading (a side or a message part).
    cited: every passage to cite, leads first. shown: the sides the route presents; a cited passage of
    another side is listed apart ("Also from support: ..."). neighbour: looks up the chunk before/after a
    hit, so passages grow to whole blocks; runs: per passage, the chunks of its section to show with it;
    codes: what the question names (app/identifiers.py), so a long table shows the rows naming it (app/table_rows.py),
    else the rows sharing `words`, the question's terms.
    Returns the answer text and the citation list."""
    grown = {h.id: whole_blocks(h, neighbour, wanted=(runs or {}).get(h.id, frozenset())) for h in cited}
    inside = {h.id for _, h in leads if _untitled(grown.get(h.id, h).text, neighbour)}
    cited = [grown[h.id] for h in cited]
    leads = [(heading, grown.get(h.id, h)) for heading, h in leads]
    names = _names(cited)
    citations = [citation(n, h, names[h.id]) for n, h in enumerate(cited, 1)]
    number = {h.id: n for n, h in enumerate(cited, 1)}
    blocks = []
    for heading, hit in leads:
        body = with_marker(_readable(named_rows(hit.text, codes or [], words)), number[hit.id])
        title = f"**{place(hit.meta['title'], hit.meta['section'])}**"
        if hit.id in inside and f"\n{title}\n" not in "\n" + body[:_SOON]:
            body = f"{title}\n\n{body}"
        blocks.append(f"**{heading}**\n\n{body}" if heading else body)
    rest = [h for h in cited if h.id not in {lead.id for _, lead in leads}]
    ref = lambda h: _ref(number[h.id], h, names)
    same = [h for h in rest if shown is None or h.corpus in shown]
    if same:
        blocks.append("See also: " + "; ".join(ref(h) for h in same))
    for side in dict.fromkeys(h.corpus for h in rest if h not in same):
        blocks.append(f"Also from {side}: " + "; ".join(ref(h) for h in rest if h.corpus == side and h not in same))
    return "\n\n".join(blocks), citations
