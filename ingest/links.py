"""Link check: relative links between the knowledge base's Markdown files that lead nowhere.

A link is read from markdown-it-py's tokens (so code spans, code blocks and reference definitions are
handled as CommonMark does), resolved against its own file, and reported when the target file is
missing, is a Markdown file no corpus ingests (the app's article view cannot open it), or names an
anchor that none of the target's sections has. Anchors are the sections' own (ingest/markdown.py), so
the check agrees with what citations and the article view link to. URLs, mail links and files other
than Markdown that exist are not checked; a site-absolute link (`/article/x/#id`) only for the anchor of the
one file it resolves to. A broken link is reported, never a reason to fail ingest.
"""
from __future__ import annotations

import json
import logging
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from . import frontmatter, includes
from .config import Config
from .git_ignored import Ignored
from .headings import attrs as heading_attrs
from .link_targets import Targets
from .link_targets import url as link_url
from .markdown import ParseError, link_tokens, parse, slugify

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|/)", re.I)     # a scheme (http:, mailto:) or absolute
_MARKDOWN = (".md", ".markdown")
CACHE_FORMAT = 12                 # bump when what is cached per file changes (4: shortcodes, page ids, slugs;
                                  # 5: Liquid tags, MDX components and reference links read as rendered;
                                  # 6: cards' links, wikilinks as text, imports in code kept;
                                  # 7: heading ids with dots, mdBook's include parts, site-absolute imports;
                                  # 8: ERB page data, badges, [[toc]], `##Title`, HTML headings in code;
                                  # 9: the paths a page's front matter redirects from;
                                  # 10: VuePress includes, link-definition partials, kebab-case components,
                                  # Jekyll posts and settings, [[1]](url) as a link;
                                  # 11: Docusaurus ids, headings' images as their alt text;
                                  # 12: url filters and page tags as targets, attr_list ids, include parts)
log = logging.getLogger(__name__)
_PUNCT = re.compile(r"[\W_]+", re.U)
_DOCSIFY_ID = re.compile(r"(?:^|&)id=([^&]+)")       # Docsify links a section as page.md?id=anchor
_ELEMENT_ID = re.compile(r"<[A-Za-z][\w.]*\s[^>]*?\b(?:id|name)\s*=\s*[\"']([^\"']+)[\"']")
_ID_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*<a\b[^>]*\bid=.*)$", re.M)
_MYST_TARGET = re.compile(r"^[ \t]*\(([\w.:-]+)\)=[ \t]*$", re.M)


# Ids the site's renderer makes, not a heading: MkDocs Material's content tabs (`#__tabbed_1_3`, Tasmota's docs: 3
# links reported broken) and Python-Markdown's footnotes (`#fn:1`, `#fnref:1`).
_GENERATED = re.compile(r"__tabbed_\d+_\d+|fn(?:ref)?:[\w-]+")


def loose(anchor: str) -> str:
    """An anchor without case and punctuation: slug generators differ there ("gov-uk" vs "govuk"; one
    false alarm of four on the GOV.UK PaaS bench corpus without it)."""
    return _PUNCT.sub("", anchor.lower())


def links_of(text: str) -> list[tuple[int, str]]:
    """(1-based line, href) of every link in a Markdown text."""
    found = []
    for block in link_tokens(text):
        line = block.map[0] + 1
        for child in block.children or []:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                found.append((line, str(child.attrs.get("href", ""))))
    return found


class Checker:
    """Checks the links of a set of files (paths relative to the config's root, as cited). What a file's
    parse gives (its links, its anchors) is kept in `cache` under the file's size, mtime and settings."""

    def __init__(self, config: Config, files: dict[str, tuple[str, ...]], cache: dict | None = None):
        self.config = config
        self.files = files                       # path -> its corpus's front_matter_keys
        self.targets = Targets(files, config.corpus_roots())
        # (public URL of a corpus folder, that folder as cited): a link written as the site's own URL is one of ours
        self.bases = sorted(((c.url_base.rstrip("/") + "/", config.rel(folder)) for c in config.corpora.values()
                             if c.url_base for folder in c.roots), key=lambda b: len(b[0]), reverse=True)
        self.cache = cache if cache is not None else {}
        self._labels: set[str] | None = None
        self._aliases: dict[str, set[str]] | None = None
        # wider than ingest's includes.scope_for: that keeps internal text out of public pages' chunks, while an
        # anchor only has to exist on the page the site renders, whichever corpus its partial sits in
        self.scope = includes.Scope((config.root, *(p for c in config.corpora.values() for p in c.roots)))
        self.ignored = Ignored(config.root)     # pages the site generates when built (git_ignored.py)
        self._included: dict[str, set[str] | None] = {}   # anchors of pages with includes: not cached (a partial
                                                          # may change while the page does not)

    def _entry(self, rel: str) -> dict | None:
        try:
            st = (self.config.root / rel).stat()
        except OSError:
            return None
        stamp = [st.st_size, st.st_mtime_ns, list(self.files.get(rel, ()))]
        if self.cache.get(rel, {}).get("stamp") != stamp:
            self.cache[rel] = {"stamp": stamp}
        return self.cache[rel]

    def _text(self, rel: str) -> str | None:
        try:
            return (self.config.root / rel).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None                          # unreadable: ingest reports the file itself

    def anchors(self, rel: str) -> set[str] | None:
        """The section anchors of a file (None when it cannot be parsed: its own failure is reported)."""
        entry = self._entry(rel)
        if entry is None:
            return None
        if rel in self._included:
            return self._included[rel]
        if "anchors" not in entry:
            entry["anchors"] = None
            text = self._text(rel)
            # a heading a page pulls in from a partial is one of its sections (Home Assistant: 35 false reports)
            text, included = includes.expand(text, self.config.root / rel, self.scope) if text else (text, None)
            try:
                sections = parse(text, rel, self.files.get(rel, ())).sections if text is not None else None
            except ParseError:
                sections = None
            if sections is not None:
                # a heading's own id (`## Title {#id}`) is its section's anchor (ingest/markdown.py); an element's
                # id (`<a id="x">`, MDX `<Link id="x"/>`) or a MyST target (`(x)=`) is one the page defines too.
                # A heading that holds an id element (GitBook's) keeps its title's slug as well: GitBook's pages
                # link both. An attribute list (`{#id}`: Hugo, kramdown) replaces it, as the site does.
                own = {m.group(1) for pattern in (_ELEMENT_ID, _MYST_TARGET) for m in pattern.finditer(text)}
                own |= {slugify(heading_attrs(m.group(1))[0]) for m in _ID_HEADING.finditer(text)}
                entry["anchors"] = sorted({loose(a) for a in own | {s.anchor for s in sections} if a})
            if included:
                self._included[rel] = None if entry["anchors"] is None else set(entry.pop("anchors"))
                return self._included[rel]
        return None if entry["anchors"] is None else set(entry["anchors"])

    def labels(self) -> set[str]:
        """The MyST targets (`(label)=`) of every file: Sphinx links `[text](label)` to one, wherever it is."""
        if self._labels is None:
            self._labels = set()
            for rel in self.files:
                entry = self._entry(rel)
                if entry is not None and "labels" not in entry:
                    text = self._text(rel) or ""
                    entry["labels"] = sorted({loose(m.group(1)) for m in _MYST_TARGET.finditer(text)})
                self._labels |= set(entry["labels"]) if entry else set()
        return self._labels

    def aliases(self) -> dict[str, set[str]]:
        """Every old path a page says the site redirects to it (Hugo's `aliases:`, jekyll-redirect-from's
        `redirect_from:`), as a link path reads (_path_key) -> the pages that say so."""
        if self._aliases is None:
            self._aliases = {}
            for rel in self.files:
                entry = self._entry(rel)
                if entry is not None and "aliases" not in entry:
                    entry["aliases"] = _declared_aliases(self._text(rel) or "", rel)
                for alias in entry["aliases"] if entry else []:
                    self._aliases.setdefault(alias, set()).add(rel)
        return self._aliases

    def _aliased(self, path: str) -> bool:
        """Whether one page declares the path a link names as its old address: Codemagic's docs link
        `../teams/teams` where teams.md says `aliases: [/teams/teams]` (126 of 170 "no such file" reports); or
        as its Docusaurus id, a page of its folder (`../notifications/notifications-basic` is basic.md, whose
        front matter says `id: notifications-basic`: 48 such links on Home Assistant's companion docs), read
        from the link's end as a relative link names as many folders as it needs."""
        key = _path_key(path)
        pages = self.aliases().get(key, set()) | {rel for alias, rels in self.aliases().items()
                                                  if alias.startswith(_ID) and alias.endswith("/" + key)
                                                  for rel in rels}
        return len(pages) == 1

    def links(self, rel: str) -> list[tuple[int, str]]:
        entry = self._entry(rel)
        if entry is None:
            return []
        if "links" not in entry:
            text = self._text(rel)
            entry["links"] = links_of(text) if text is not None else []
        return [tuple(link) for link in entry["links"]]

    def problem(self, source: str, href: str) -> str | None:
        """Why a link from `source` is broken, or None when it works or is not ours to check. The target is
        the file a docs site serves for the link (ingest/link_targets.py), not only the path as written."""
        path, _, anchor = unquote(href).partition("#")
        anchor = anchor.partition(":~:")[0]    # a text fragment (`#:~:text=...`) names words to highlight, no section
        path, _, query = path.partition("?")    # a page's query ("./tdeck/?t-deck=t-deck-pro", Meshtastic: 16 links)
        docsify = _DOCSIFY_ID.search(query)
        anchor = anchor or (docsify.group(1) if docsify else "")
        if href.startswith("/") and not href.startswith("//"):
            # a site-absolute link may go to the site's other pages: only the anchor of one of ours is checked
            # (the Bitwarden help center: 39 anchors gone of {{site.baseurl}}/article/x/#id links to its pages)
            target = self.targets.find_absolute(path)
            found = self.anchors(target) if target and anchor else None
            return f"no section with anchor #{anchor}" if found is not None and loose(anchor) not in found else None
        own = next(((base, folder) for base, folder in self.bases if href.startswith(base)), None)
        if own:
            # Joplin's help links its own pages as https://joplinapp.org/help/... (63 of 95 such links lead to pages
            # of the knowledge base; Plane's, 31 of 39): read from the corpus folder, they are checked too
            return self.problem(f"{own[1]}/_", "./" + href[len(own[0]):])
        if not href or _EXTERNAL.match(href):
            return None
        written = posixpath.normpath(posixpath.join(posixpath.dirname(source), path)) if path else source
        full = self.config.root / written
        if full.is_file() and written.lower().endswith(_MARKDOWN) and written not in self.files:
            return "not in the knowledge base (no corpus ingests it)"
        target = self.targets.find(source, path)
        if target is None and not anchor and "/" not in path and loose(path) in self.labels():
            return None                                 # a MyST cross-reference to a target (Sphinx)
        if target is None:
            if full.exists() or self._aliased(path) or self.ignored(written):     # an image, a folder: not ours
                return None
            return "no such file"
        found = self.anchors(target) if anchor and not _GENERATED.fullmatch(anchor) else None
        if found is not None and loose(anchor) not in found:
            return f"no section with anchor #{anchor}"
        return None

    def check(self, rel: str) -> list[dict]:
        return [{"path": rel, "line": line, "target": href, "reason": reason}
                for line, href in self.links(rel) for reason in [self.problem(rel, href)] if reason]


def _path_key(path: str) -> str:
    """A page path as links and aliases both write it: without ./ and ../ at its start or the slash at its end,
    as a site's URL (link_targets: lower case, no number prefix)."""
    parts = [p for p in path.strip().strip("/").split("/") if p]
    while parts and parts[0] in (".", ".."):
        parts.pop(0)
    return link_url("/".join(parts))


_ID = "id:/"           # an alias that is a Docusaurus id: the page's folder and the id, matched by its end


def _declared_aliases(text: str, rel: str) -> list[str]:
    meta = frontmatter.meta(text)
    found = meta.get("aliases") or meta.get("redirect_from") or []
    found = [found] if isinstance(found, str) else found
    own = meta.get("id")
    ids = {_ID + _path_key(posixpath.join(posixpath.dirname(rel), own))} if isinstance(own, str) and own.strip() \
        and "/" not in own else set()
    return sorted({_path_key(a) for a in found if isinstance(a, str) and a.strip()} - {""} | ids)


def _load(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data["files"] if data.get("format") == CACHE_FORMAT else {}
    except (OSError, ValueError, KeyError, AttributeError):
        return {}


def _save(path: Path, files: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"format": CACHE_FORMAT, "files": files}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:                         # a read-only cache folder costs time, not the report
        log.warning("link check cache not written: %s", e)


def check_links(config: Config, files: dict[str, list[Path]]) -> dict[str, list[dict]]:
    """Per corpus, the broken links of its files ({corpus: [files]} as ingest discovered them)."""
    keys = {config.rel(p): config.corpora[c].front_matter_keys for c, paths in files.items() for p in paths}
    cache_file = config.cache_path / "links.json"
    checker = Checker(config, keys, _load(cache_file))
    found = {c: [b for p in paths for b in checker.check(config.rel(p))] for c, paths in files.items()}
    _save(cache_file, {rel: entry for rel, entry in checker.cache.items() if rel in keys})
    return found
