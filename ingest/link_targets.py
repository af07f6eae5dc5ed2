"""Which file a relative link between docs pages means: the one a docs site would serve for it.

Docs sites link pages the way their URLs look, not their files: `[rewrite](rewrite)` next to rewrite.md
(Caddy), `deploying_apps.html#set-a-target` for deploying_apps.md in another folder (Middleman, GOV.UK PaaS),
`goal-conversions.md` from a subfolder (Docusaurus tries the docs root), `../rewrite/` from a page served
as a folder (MkDocs, Hugo). Read as file paths, every one of those led nowhere: the link check reported
them as broken (114 of Caddy's docs, 55 of GOV.UK PaaS's) and the app's article view opened "Article not
found". A target is looked for, in order, as written; as the page a docs site serves for it (`x` -> `x.md` or `x.mdx`,
`x.html` -> `x.md` or `x.html.md`, `x/` -> `x/index.md`); the same from the page's own URL folder; at the same
place under the other corpora's folders; and last by its name alone, when exactly one file of the knowledge
base has that name in the folders the link names (the most of them, the last at least).
"""
from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import unquote

# .mdoc: Markdoc (Buttondown's docs: 3 links to existing .mdoc pages were reported broken)
PAGE_EXTS = (".md", ".markdown", ".mdx", ".mdoc", ".erb", ".markerb", ".html", ".htm")
SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)      # a URL (http:, //host) or mail address
_INDEXES = ("index.md", "README.md", "_index.md", "index.mdx")
# a language the i18n plugin writes before the extension: "install.en.md", "faq.pt-BR.md"
LANGUAGE = re.compile(r"\.(?:ar|bg|ca|cs|da|de|el|en|es|et|fa|fi|fr|he|hi|hr|hu|id|it|ja|ko|lt|lv|nb|nl|no|pl|pt|ro|"
                      r"ru|sk|sl|sr|sv|th|tr|uk|vi|zh)(?:[-_][A-Za-z]{2,4})?$")


def candidates(target: str) -> list[str]:
    """`target` (normalised, relative to the root) and the files a docs site serves at that path."""
    bare = target.rstrip("/")
    low = bare.lower()
    if low.endswith((".html", ".htm")):
        page = bare.rsplit(".", 1)[0]
        return [target, page + ".md", bare + ".md", page + ".html.md.erb", page + ".html.markerb",
                page + "/index.md"]
    if low.endswith(PAGE_EXTS):
        return [target]
    return [target, bare + ".md", bare + ".mdx", bare + ".mdoc", bare + ".markdown", bare + ".html.md",
            bare + ".html.md.erb", bare + ".html.markerb", *(f"{bare}/{name}" for name in _INDEXES)]


def page_stem(name: str, exts: tuple[str, ...] = PAGE_EXTS) -> str:
    """A file name without its page extensions, however many ("x.html.md.erb" -> "x"); other dots stay
    ("Caddy-2.x-with-Cloudflare-DNS.md" -> "Caddy-2.x-with-Cloudflare-DNS")."""
    while name.lower().endswith(exts):
        name = name.rsplit(".", 1)[0]
    return name


def post_name(path: str, name: str) -> str:
    """A Jekyll post's name without the date its file name must start with: `_posts/0001-02-01-texas.md` is the
    page "texas" (HealthCare.gov's content: 921 of 978 links named posts so, and 117 pages without a title were
    called "0001 02 01 texas"). Outside a `_posts` folder a date is part of the name."""
    return POST_DATE.sub("", name) if "_posts" in path.replace("\\", "/").split("/")[:-1] else name


POST_DATE = re.compile(r"^\d{2,4}-\d{1,2}-\d{1,2}-(?=.)")      # as Jekyll matches a post's name


def name_of(path: str) -> str:
    """A page's name as its URL shows it: "a/Deploying_Apps.html.md" -> "deploying_apps"; an index page is
    named by its folder ("a/sync/index.md" -> "sync")."""
    base = LANGUAGE.sub("", post_name(path, page_stem(posixpath.basename(path.rstrip("/")))))
    folder = posixpath.basename(posixpath.dirname(path.rstrip("/")))
    if base.lower() in {n.split(".")[0].lower() for n in _INDEXES} or grav_page(base, folder):
        base = posixpath.basename(posixpath.dirname(path.rstrip("/")))
    return url(base)


# Grav names a page's file by its template and its folder by its place and slug ("07.calibre/default.en.md" is
# served at .../calibre): the Kavita wiki's links to "./opds" were 22 of its 30 reported broken.
GRAV_TEMPLATES = {"default", "docs", "chapter", "item", "blog"}
_GRAV_FOLDER = re.compile(r"\d+\.[\w-]")


def grav_page(name: str, folder: str) -> bool:
    """Whether a file of this name (no extensions) in this folder is a Grav page, named by its folder."""
    return name.lower() in GRAV_TEMPLATES and bool(_GRAV_FOLDER.match(folder))


def url(path: str) -> str:
    """A path as a site's URL writes it: lower case, spaces as hyphens, each part without a number prefix. Val
    Town's docs (Starlight) serve "guides/GitHub Sync/github-actions.mdx" at /guides/github-sync/github-actions/:
    6 of 185 site-absolute links led nowhere, unreported, and the app opened "Article not found". Docusaurus
    serves "guide/07_coupons.md" at guide/coupons (its number prefixes order the sidebar): on Lago's docs 33
    links were reported broken and 35 of 55 led nowhere in the app."""
    return _NUMBER_PREFIX.sub("", _SPACES.sub("-", path.lower()))


_SPACES = re.compile(r"\s+")
# Docusaurus's DefaultNumberPrefixParser: digits, then separators, then a name; a date or a version
# ("2021-01-01-post", "1.2-notes") keeps its digits, as Docusaurus's ignored patterns do.
_NUMBER_PREFIX = re.compile(r"(?:(?<=/)|^)\d+[ ]*[-_.]+[ ]*(?=[^-_.\s\d/])")


def _page(path: str) -> str:
    """A file's path as its page URL would read: lower case, without page extensions or an index file."""
    folder = posixpath.dirname(path.rstrip("/"))
    return url(posixpath.join(folder, name_of(path)) if not _is_index(path) else folder)


def _is_index(path: str) -> bool:
    return posixpath.basename(path).lower().startswith(tuple(n.split(".")[0].lower() + "." for n in _INDEXES))


class Targets:
    """Resolves relative links against a set of files (paths relative to the config's root, as cited)."""

    def __init__(self, files: Iterable[str], roots: Iterable[str] = ()):
        self.files = set(files)
        self.roots = sorted({r.rstrip("/") for r in roots}, key=len, reverse=True)     # the corpora's folders
        self.by_name: dict[str, list[str]] = defaultdict(list)
        for f in sorted(self.files):
            self.by_name[name_of(f)].append(f)
        self.page_folders = {url(posixpath.basename(posixpath.dirname(f))) for f in self.files}

    def page(self, source: str, href: str) -> str | None:
        """The file a link from `source` means: a site-absolute one (`/docs/x`) by `find_absolute`, a relative one
        by `find`; None for a URL, a mail address, a same-page anchor or a page the knowledge base lacks. The
        path is read unquoted ("Set%20up%20Sync") and without its query ("./tdeck/?t-deck=t-deck-pro")."""
        path = unquote(href.partition("#")[0]).partition("?")[0]
        if href.startswith("/") and not href.startswith("//"):
            return self.find_absolute(path)
        if SCHEME.match(href) or not path:
            return None
        return self.find(source, path)

    def find_absolute(self, path: str) -> str | None:
        """The file a site-absolute link ("/docs/caddyfile/directives/encode") means: the one file whose path,
        without its page extension, ends with the link's path, or with the longest tail of it that only one
        file ends with (the site's URL prefix, "/docs", is not a folder here). A folder of pages is not such a
        prefix: Home Assistant's "/integrations/frontend" (not in the knowledge base) meant docs/frontend.md."""
        parts = [p for p in path.split("#")[0].strip("/").split("/") if p]
        if parts:
            parts[-1] = name_of(parts[-1]) if posixpath.splitext(parts[-1])[1] else parts[-1]
        for i in range(len(parts)):
            if i and url(parts[i - 1]) in self.page_folders:
                return None         # "/integrations/frontend": that folder holds pages, none of this name
            tail = url("/".join(parts[i:]))
            found = [f for f in self.by_name.get(name_of(parts[-1]), []) if _page(f).endswith("/" + tail)
                     or _page(f) == tail]
            if found:
                return found[0] if len(found) == 1 else None
        return None

    def find(self, source: str, path: str) -> str | None:
        """The file a link to `path` (no #anchor) from `source` means, or None when none fits."""
        if not path:
            return source
        file_folder, url_folder = posixpath.dirname(source), posixpath.splitext(source)[0]
        # A link to a file ("../Wallet.md") is the file's, in this corpus's tree or another's, before the page
        # URL's folder: BTCPay's docs, support/FAQ/Stores.md -> ../Wallet.md opened the Wallet FAQ
        # (support/FAQ/Wallet.md), not the Wallet page kept with the help docs (17 of 554 links). A link to a
        # folder ("../installation/binary/") is the page URL's, in either tree, first: Forgejo's docs, 21 of 45
        # reports false and one link to the wrong page of the same name.
        if posixpath.basename(path).lower().endswith(PAGE_EXTS):
            folders = [(file_folder, False), (file_folder, True), (url_folder, False)]
        elif path.endswith("/"):
            folders = [(url_folder, False), (url_folder, True), (file_folder, False), (file_folder, True)]
        else:
            folders = [(file_folder, False), (url_folder, False), (file_folder, True), (url_folder, True)]
        found = next((f for folder, other in folders
                      if (f := self._in_other_roots(source, path, folder) if other else self._beside(path, folder))),
                     None)
        if found:
            return found
        # a page served as a folder ("../resources/glossary/") is named by its last part, not a folder of it (Misskey's
        # docs, Nuxt: 14 links reported broken beside "4.resources/glossary.md")
        written = [url(p) for p in posixpath.dirname(path.rstrip("/")).split("/") if p not in ("", ".", "..")]
        same = self.by_name.get(name_of(path), [])
        shared = [_shared_tail(posixpath.dirname(f), written) for f in same]
        best = [f for f, n in zip(same, shared) if n == max(shared) and (n or not written)]
        # of two pages of that name, the one in the linking page's own folder: its number prefix ("30.doc.mdx") kept
        # `./doc` from matching it beside the page (YunoHost's docs, Docusaurus; another "10.doc.mdx" is a level up)
        here = [f for f in best if posixpath.dirname(f) == file_folder]
        return best[0] if len(best) == 1 else here[0] if len(here) == 1 else None

    def _beside(self, path: str, folder: str) -> str | None:
        return next((c for c in candidates(posixpath.normpath(posixpath.join(folder, path))) if c in self.files),
                    None)

    def _in_other_roots(self, source: str, path: str, folder: str) -> str | None:
        """The page at the same place under another corpus's folder, `path` read from `folder` (the source's
        file or URL folder): one site split into service and support folders links across them as if they were
        one tree (Zed's manual: 30 links crossed; `./linux.md` led nowhere where two files had that name)."""
        root = next((r for r in self.roots if source.startswith(r + "/")), None)
        if root is None:
            return None
        rel = posixpath.normpath(posixpath.join(folder[len(root) + 1:], path))
        if rel.startswith("../"):
            return None
        found = {c for other in self.roots if other != root
                 for c in candidates(posixpath.join(other, rel)) if c in self.files}
        return found.pop() if len(found) == 1 else None


def _shared_tail(folder: str, written: list[str]) -> int:
    """How many of the folders a link names end a file's folder. A link naming folders finds a file by its name
    only in a folder of the last name it gives: `./extensions/themes.md` (not in the knowledge base) opened the
    one `themes.md` there, another page (Zed's manual: 10 links). Only the tail counts: Docusaurus also reads
    `docs/features/libraries.md` from the site's folder, which is above the corpus folder here (Immich's docs)."""
    have = [url(p) for p in folder.split("/")] if folder else []
    n = 0
    while n < min(len(have), len(written)) and have[-1 - n] == written[-1 - n]:
        n += 1
    return n
