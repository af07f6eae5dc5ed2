"""Which file a relative link between docs pages means: the one a docs site would serve for it.

Docs sites link pages the way their URLs look, not their files: `[rewrite](rewrite)` next to rewrite.md
(Caddy), `deploying_apps.html#set-a-target` for deploying_apps.md in another folder (Middleman, GOV.UK PaaS),
`goal-conversions.md` from a subfolder (Docusaurus tries the docs root), `../rewrite/` from a page served
as a folder (MkDocs, Hugo). Read as file paths, every one of those led nowhere: the link check reported
them as broken (114 of Caddy's docs, 55 of GOV.UK PaaS's) and the app's article view opened "Article not
found". A target is looked for, in order, as written; as the page a docs site serves for it (`x` -> `x.md` or `x.mdx`,
`x.html` -> `x.md` or `x.html.md`, `x/` -> `x/index.md`); the same from the page's own URL folder; and last
by its name alone, when exactly one file of the knowledge base has that name.
"""
from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable

PAGE_EXTS = (".md", ".markdown", ".mdx", ".erb", ".html", ".htm")
_INDEXES = ("index.md", "README.md", "_index.md", "index.mdx")


def candidates(target: str) -> list[str]:
    """`target` (normalised, relative to the root) and the files a docs site serves at that path."""
    bare = target.rstrip("/")
    low = bare.lower()
    if low.endswith((".html", ".htm")):
        page = bare.rsplit(".", 1)[0]
        return [target, page + ".md", bare + ".md", page + ".html.md.erb", page + "/index.md"]
    if low.endswith(PAGE_EXTS):
        return [target]
    return [target, bare + ".md", bare + ".mdx", bare + ".markdown", bare + ".html.md", bare + ".html.md.erb",
            *(f"{bare}/{name}" for name in _INDEXES)]


def page_stem(name: str, exts: tuple[str, ...] = PAGE_EXTS) -> str:
    """A file name without its page extensions, however many ("x.html.md.erb" -> "x"); other dots stay
    ("Caddy-2.x-with-Cloudflare-DNS.md" -> "Caddy-2.x-with-Cloudflare-DNS")."""
    while name.lower().endswith(exts):
        name = name.rsplit(".", 1)[0]
    return name


def name_of(path: str) -> str:
    """A page's name as its URL shows it: "a/Deploying_Apps.html.md" -> "deploying_apps"; an index page is
    named by its folder ("a/sync/index.md" -> "sync")."""
    base = page_stem(posixpath.basename(path.rstrip("/")))
    if base.lower() in {n.split(".")[0].lower() for n in _INDEXES}:
        base = posixpath.basename(posixpath.dirname(path.rstrip("/")))
    return _url(base)


def _url(path: str) -> str:
    """A path as a site's URL writes it: lower case, spaces as hyphens. Val Town's docs (Starlight) serve
    "guides/GitHub Sync/github-actions.mdx" at /guides/github-sync/github-actions/: 6 of 185 site-absolute links
    led nowhere, unreported, and the app opened "Article not found"."""
    return _SPACES.sub("-", path.lower())


_SPACES = re.compile(r"\s+")


def _page(path: str) -> str:
    """A file's path as its page URL would read: lower case, without page extensions or an index file."""
    folder = posixpath.dirname(path.rstrip("/"))
    return _url(posixpath.join(folder, name_of(path)) if not _is_index(path) else folder)


def _is_index(path: str) -> bool:
    return posixpath.basename(path).lower().startswith(tuple(n.split(".")[0].lower() + "." for n in _INDEXES))


class Targets:
    """Resolves relative links against a set of files (paths relative to the config's root, as cited)."""

    def __init__(self, files: Iterable[str]):
        self.files = set(files)
        self.by_name: dict[str, list[str]] = defaultdict(list)
        for f in sorted(self.files):
            self.by_name[name_of(f)].append(f)
        self.page_folders = {_url(posixpath.basename(posixpath.dirname(f))) for f in self.files}

    def find_absolute(self, path: str) -> str | None:
        """The file a site-absolute link ("/docs/caddyfile/directives/encode") means: the one file whose path,
        without its page extension, ends with the link's path, or with the longest tail of it that only one
        file ends with (the site's URL prefix, "/docs", is not a folder here). A folder of pages is not such a
        prefix: Home Assistant's "/integrations/frontend" (not in the knowledge base) meant docs/frontend.md."""
        parts = [p for p in path.split("#")[0].strip("/").split("/") if p]
        if parts:
            parts[-1] = name_of(parts[-1]) if posixpath.splitext(parts[-1])[1] else parts[-1]
        for i in range(len(parts)):
            if i and _url(parts[i - 1]) in self.page_folders:
                return None         # "/integrations/frontend": that folder holds pages, none of this name
            tail = _url("/".join(parts[i:]))
            found = [f for f in self.by_name.get(name_of(parts[-1]), []) if _page(f).endswith("/" + tail)
                     or _page(f) == tail]
            if found:
                return found[0] if len(found) == 1 else None
        return None

    def find(self, source: str, path: str) -> str | None:
        """The file a link to `path` (no #anchor) from `source` means, or None when none fits."""
        if not path:
            return source
        for folder in (posixpath.dirname(source), posixpath.splitext(source)[0]):    # file's folder, page URL's
            for c in candidates(posixpath.normpath(posixpath.join(folder, path))):
                if c in self.files:
                    return c
        same = self.by_name.get(name_of(path), [])
        return same[0] if len(same) == 1 else None
