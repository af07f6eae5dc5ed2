"""Pages a site keeps out of its own search: redirect stubs, drafts, unlisted or noindex pages and the not-found
page. Ingest skips them and says why (ingest/pipeline.py), from their front matter and, for Hugo, what a section
cascades to them (ingest/cascade.py)."""
from __future__ import annotations

import re
from pathlib import PurePosixPath


def hidden(meta: dict) -> str | None:
    """Why the site keeps this page out of its search, or None: a redirect to another page (`redirect:`,
    jekyll-redirect-from's `redirect_to:`; Tasmota's docs: 10 stubs), a draft (Hugo, Jekyll, Docusaurus, Starlight:
    `draft: true`, Jekyll's `published: false`), a page left out of the site's own search (VitePress'
    `search: false`, MkDocs Material's `search: {exclude: true}`, `search: exclude` and just-the-docs'
    `search_exclude: true`: the LineageOS wiki's unknown-device page led 2 of 36 answers; Docusaurus' `unlisted:
    true`, out of its search and sitemap; `hidden: true`, which Segment's layout and ReadMe both keep out of search,
    and ReadMe's `privacy: {view: anyone_with_link}`: 16 of MultiSafepay's pages, cited in 10 of 36 answers, and
    Segment's 21, in 19) or a robots `noindex` (Mintlify's
    `noindex: true`, `robots: noindex`, or a `<meta name="robots">` in VitePress' `head`). Ente's help center
    marks its 15 "this page has moved" stubs so; indexed, they led 3 of 36 answers with a link to the page
    that answers."""
    search = meta.get("search")
    checks = [("redirect", bool(meta.get("redirect") or meta.get("redirect_to"))),    # MkDocs', Jekyll's stubs
              ("draft: true", meta.get("draft") is True), ("published: false", meta.get("published") is False),
              ("search: false", search is False),
              ("search: exclude", isinstance(search, dict) and search.get("exclude") is True
               or str(search).strip().lower() == "exclude" or meta.get("search_exclude") is True),
              ("unlisted: true", meta.get("unlisted") is True),
              ("hidden: true", meta.get("hidden") is True),
              ("privacy: anyone with the link", isinstance(meta.get("privacy"), dict)
               and str(meta["privacy"].get("view", "")).lower() == "anyone_with_link"),
              ("noindex", meta.get("noindex") is True or meta.get("noIndex") is True     # GitBook writes noIndex
               or _noindex(meta.get("robots")) or _noindex(meta.get("head"))),
              ("build: list never", _unlisted(meta.get("build", meta.get("_build"))))]
    return next((why for why, hit in checks if hit), None)


_NOT_FOUND = re.compile(r"/?404(?:\.html?)?/?")


def not_found(rel: str, meta: dict) -> str | None:
    """Why a page is the site's not-found page, or None: served only for an address that does not exist (`404.md`,
    or `permalink: /404.html`), never found by search. Valetudo's (an inline SVG logo, 6 KB) was cited for "why
    is there no https"; GOV.UK One Login's was a page of the index too."""
    permalink = meta.get("permalink")
    if isinstance(permalink, str) and _NOT_FOUND.fullmatch(permalink.strip()):
        return "permalink: " + permalink.strip()
    return "named 404" if PurePosixPath(rel).stem == "404" else None


def _unlisted(build) -> bool:
    """Hugo's build options (`_build`, `build` since 0.123): a page never listed is in no page collection, so in
    no search index built from them, nor is one never rendered. Codemagic's docs mark their 404 page and, by a
    cascade, 24 titled partials so: indexed, the partials were cited 41 times in 27 of 91 answers, the 404 in 3."""
    never = ("never", False)
    return isinstance(build, dict) and (build.get("list") in never or build.get("render") in never)


def _noindex(value) -> bool:
    """A robots value (or a head list holding a robots meta tag) that says noindex."""
    if isinstance(value, str):
        return "noindex" in value.lower()
    if isinstance(value, dict):
        return "robots" in str(value.get("name", "")).lower() and _noindex(value.get("content"))
    if isinstance(value, list):
        return any(_noindex(v) for v in value)
    return False
