"""Where a document opens, and links inside passages made to work (pure functions, no Streamlit).

A passage is shown away from its file, so a relative link such as `[Refund policy](refund-policy.md)`
would resolve against the app's URL and open a blank page. Links are resolved against the passage's
own file and then sent to the document's public URL (`url_base` of its corpus) when there is one and
the document is public, else to the app's own article view.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import quote, unquote, urlencode

from app.html_markdown import as_markdown, outside_code, without_local_images
from ingest import fences
from ingest.link_targets import Targets
from ingest.wikilinks import WIKILINK, shown

ARTICLE = "article"                              # url_path of the article view page
_LINK = re.compile(r"(?<!!)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(([^)\s]+)\)")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|/|#)", re.I)      # scheme, absolute or same-page
_MARKER = re.compile(r"\[(\d+)\](?!\()")
_BLOCK_MARKER = re.compile(r"(\[\d+\])(?=\n\n|\s*$)")               # a marker that closes a lead passage


def resolve(source: str, target: str, targets: Targets | None = None) -> tuple[str, str] | None:
    """A relative link in `source` -> (path as cited, anchor), or None for a URL or mail.
    With the knowledge base's files (`targets`), the page a docs site serves for it: `[rewrite](rewrite)`
    opens rewrite.md, not an "Article not found" (ingest/link_targets.py). A same-page link (`#request-options`)
    is `source`'s own section: shown in an answer, "#..." led to the app's page, where no such section is
    (Insomnia's docs: 28 such links in 10 pages)."""
    path, _, anchor = target.partition("#")
    if target.startswith("#") and anchor:
        return source, anchor
    path = unquote(path)            # "Set%20up%20Sync": a wiki link to "Set up Sync.md" (ingest/wikilinks.py)
    path = path.partition("?")[0]   # the page, whatever its query ("./tdeck/?t-deck=t-deck-pro")
    if targets is not None and target.startswith("/") and not target.startswith("//"):
        found = targets.page(source, target)        # a site-absolute link: "/docs/caddyfile/directives/encode"
        return (found, anchor) if found else None
    if _EXTERNAL.match(target) or not path:
        return None
    found = targets.page(source, target) if targets is not None else None
    return found or posixpath.normpath(posixpath.join(posixpath.dirname(source), path)), anchor


def article_url(source: str, anchor: str = "", lines: list[int] | None = None) -> str:
    """The in-app article view: rendered document, scrolled to the passage, the passage highlighted; without
    the passage's lines, scrolled to the section `anchor` names (the fragment alone never reaches the app)."""
    query = {"doc": source}
    if lines:
        query["lines"] = f"{lines[0]}-{lines[1]}"
    elif anchor:
        query["section"] = anchor
    return f"{ARTICLE}?{urlencode(query)}" + (f"#{quote(anchor)}" if anchor else "")


def public_url(config, source: str, anchor: str = "") -> str | None:
    """url_base of the corpus holding `source` + the file's path inside the corpus folder, or None."""
    full = (config.root / source).resolve()
    for corpus in config.corpora.values():
        base = getattr(corpus, "url_base", "")
        for folder in corpus.roots:
            if base and full.is_relative_to(folder) and corpus.takes(source):   # folders may be shared
                rel = Path(full).relative_to(folder).as_posix()
                return base.rstrip("/") + "/" + quote(rel) + (f"#{quote(anchor)}" if anchor else "")
    return None


def document_url(config, source: str, anchor: str = "", lines: list[int] | None = None,
                 public: bool = True) -> str:
    """Where a citation or a link to `source` opens: its public URL for a public document when the
    corpus gives one, else the in-app article view."""
    return (public and public_url(config, source, anchor)) or article_url(source, anchor, lines)


def rewrite(markdown: str, source: str, to_url, targets: Targets | None = None) -> str:
    """Relative links in a passage from `source` rewritten with to_url(path, anchor), its HTML elements as
    Markdown (app/html_markdown.py, outside code), images it cannot load as their alt text, its alert markers shown
    as labels (alerts) and its wikilinks as their text (wikilinks)."""
    def one(m: re.Match) -> str:
        found = resolve(source, m.group(2), targets)
        return m.group(0) if found is None else f"[{m.group(1)}]({to_url(*found)})"
    markdown = outside_code(markdown, lambda text: as_markdown(without_local_images(text)))
    return wikilinks(alerts(_LINK.sub(one, markdown)))


# GitHub's alerts and Obsidian's callouts: "> [!NOTE]", "> [!Warning] Non-refundable purchases", "> [!tip]-".
_ALERT = re.compile(r"^( {0,3}>[ \t]*)\[!([A-Za-z]+)\][+-]?[ \t]*(.*)$", re.M)


def alerts(markdown: str) -> str:
    """Alert markers as a bold label in their quote: Streamlit's Markdown has no alerts, so "[!NOTE]" was
    shown as written (seen on Obsidian's help pages, a private check: bench/corpora/obsidian-help). Not
    inside fenced code, where a page shows the syntax itself."""
    def one(m: re.Match) -> str:
        label = m.group(2).capitalize() + (f": {m.group(3).strip()}" if m.group(3).strip() else "")
        return f"{m.group(1)}**{label}**"
    return fences.outside(markdown, lambda text: _ALERT.sub(one, text))


def wikilinks(markdown: str) -> str:
    """A wikilink as the text a reader would see (ingest/wikilinks.py: a store ingested before EMBED_FORMAT 13
    still holds them). Streamlit showed "[[Settings]] → Sync" as written (the Obsidian help check). Code (inline
    or fenced), where a page shows the syntax itself, is left as written."""
    return outside_code(markdown, lambda text: WIKILINK.sub(shown, text))


def answer_markdown(result: dict, to_url, cite_url=None, targets: Targets | None = None) -> str:
    """The answer with each lead passage's links resolved against its own file (a passage ends with
    its marker), and, with cite_url(citation), each [n] a link to the cited passage."""
    by_n = {c["n"]: c for c in result["citations"]}
    pieces = _BLOCK_MARKER.split(result["answer"])
    out = []
    for i, piece in enumerate(pieces):
        marker = pieces[i + 1] if i + 1 < len(pieces) else None
        n = int(marker[1:-1]) if marker and _BLOCK_MARKER.fullmatch(marker) else None
        if i % 2 == 0 and n in by_n:
            piece = rewrite(piece, by_n[n]["source"], to_url, targets)
        out.append(piece)
    text = "".join(out)
    if cite_url is None:
        return text
    return _MARKER.sub(lambda m: f"[\\[{m.group(1)}\\]]({cite_url(by_n[int(m.group(1))])})"
                       if int(m.group(1)) in by_n else m.group(0), text)
