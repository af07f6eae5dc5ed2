"""Which files of a corpus are ingested, and reading one as text: every reason a file is not usable said plainly."""
from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from .config import Config, ConfigError, Corpus, path_matches
from .includes import PARTIAL_DIRS
from .link_targets import POST_DATE
from .markdown import ParseError


class Found(NamedTuple):
    files: list[Path]       # to ingest, sorted
    refused: list[dict]     # refused before reading (symlinks leaving the corpus)
    others: Counter         # kinds of the files include leaves out ("*.html.markerb": 53), for left_out()
    idle: tuple[str, ...] = ()   # what each exclude glob that left out none of the files include took may mean


def discover(config: Config, corpus: Corpus) -> Found:
    """One walk of the corpus's folders: the files to ingest, those refused, and what include leaves out."""
    found, refused, others, used = [], [], Counter(), set()
    for root in corpus.paths:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in filenames:
                if name.startswith("."):
                    continue
                path = Path(dirpath) / name
                rel = config.rel(path)
                excluded = {g for g in corpus.exclude if path_matches(rel, g)}
                used |= excluded                    # at work even where include leaves the file out too
                if not corpus.includes(name):
                    if not excluded and (kind := _kind(name)) != "*" and not _taken_elsewhere(config, corpus, path):
                        others[_html_page(kind, path, root)] += 1
                    continue
                if excluded:
                    continue
                if path.is_symlink():
                    target = path.resolve()
                    if not any(target.is_relative_to(p) for p in corpus.roots):
                        refused.append({"path": rel, "reason": f"symlink points outside the corpus folder ({target})"})
                        continue
                found.append(path)
    found += [f for f in corpus.files if f not in found]
    return Found(sorted(found), refused, others, _idle(config, corpus, used))


def _idle(config: Config, corpus: Corpus, used: set[str]) -> tuple[str, ...]:
    """Exclude globs that left out no file, each with what was likely meant: a path glob is read from the config's
    folder (Traefik's `exclude = ["security/**"]` beside a corpus in docs/content left out nothing, silently)."""
    under = config.rel(corpus.paths[0]).rstrip("/") + "/" if corpus.paths else ""
    return tuple(f"exclude {g!r} leaves out none of its files" + (
        f" (a path glob is read from the config's folder: {under + g.lstrip('/')!r}?)"
        if "/" in g and under not in ("/", "./") and not g.lstrip("/").startswith(under) else "")
        for g in corpus.exclude if g not in used)


def _taken_elsewhere(config: Config, corpus: Corpus, path: Path) -> bool:
    """Whether another corpus decides this file: two corpora sharing a folder split it by include, and the pages one
    leaves to the other are not left out (Monica's docs: "support ... leaves out: *.md (9)", the service pages),
    nor are those the other's include names and its exclude leaves out on purpose (Infisical's 57 API pages: the
    note told the owner to add *.mdx to support's include, which would have taken every service page)."""
    return any(other is not corpus and (any(path.is_relative_to(p) for p in other.paths) and other.includes(path.name)
                                        or path in other.files) for other in config.corpora.values())


class EmptyFile(ParseError):
    """A file of nothing but whitespace. New, it is a placeholder page and is skipped; indexed before, it is more
    likely a save cut short, so it fails and its previous version stays (ingest/pipeline.py)."""


class NotText(ParseError):
    """Binary content or bytes that are not UTF-8: an error for a page, a skip for a file that is none (a picture
    an include glob with no suffix matched: trigger.dev's `troubleshooting*` took three screenshots, and the
    ingest failed)."""


def is_page(name: str) -> bool:
    """Whether a file's name is a kind docs sites write pages in (Markdown, alone or under a template language)."""
    return bool(_PAGE_KINDS.fullmatch(_kind(name)))


def read_text(path: Path, max_mb: float) -> str:
    """The file as text, or ParseError with the specific reason it is not usable."""
    try:
        size = path.stat().st_size
        if size > max_mb * 1024 * 1024:
            raise ParseError(f"file is {size / 1e6:.1f} MB, over the {max_mb:g} MB limit (chunking.max_file_mb)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ParseError("file vanished during ingest") from None
    except IsADirectoryError:
        raise ParseError("is a directory") from None
    except OSError as e:
        raise ParseError(f"cannot read: {e.strerror}") from None
    if not raw.strip():
        raise EmptyFile("empty file")
    if b"\x00" in raw[:8192]:
        raise NotText("binary content (NUL bytes), not a Markdown file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise NotText(f"not UTF-8 text (invalid byte 0x{raw[e.start]:02x} at offset {e.start})") from None


# Kinds of file a docs site writes its pages in (Markdown, alone or under a template language), whether or not a
# corpus's `include` reads them: left out, they are pages lost without a word.
_PAGE_KINDS = re.compile(r"\*(?:\.[a-z]+(?:-[a-z]+)?)*\.(?:md|markdown|mdx|mdown|mkd|markerb)(?:\.erb)?")


_HTML_PAGE = " with front matter"


def _html_page(kind: str, path: Path, root: Path) -> str:
    """An HTML file opening with front matter, outside the site's `_` folders, is a page Jekyll renders (USAJOBS'
    help center: 25, the 14 "unique hiring paths" among them, left out without a word)."""
    if kind.lower() not in ("*.html", "*.htm") or any(p.startswith("_") for p in path.relative_to(root).parts):
        return kind
    try:
        with path.open("rb") as f:
            return kind + _HTML_PAGE if f.read(4).lstrip(b"\xef\xbb\xbf").startswith(b"---") else kind
    except OSError:
        return kind


def left_out(corpus: Corpus, found: Found) -> str:
    """What the folders of a corpus hold that its `include` leaves out: when no file matched, the most common
    kinds of file, so the owner can add theirs (MoJ's Cloud Platform guide, `.html.md.erb` pages: 0 of 124
    files ingested, exit 0 and no hint); when some did, the pages left out (Fly.io's docs: 53 of 96 pages are
    `.html.markerb`, skipped without a word); and exclude globs that leave out nothing. "" when all is well."""
    return "; ".join(note for note in (_left_out(corpus, found), *found.idle) if note)


def _left_out(corpus: Corpus, found: Found) -> str:
    kinds = found.others
    if found.files:
        pages = ", ".join(f"{kind} ({n})" for kind, n in kinds.most_common()
                          if _PAGE_KINDS.fullmatch(kind.lower()) or kind.endswith(_HTML_PAGE))
        return f"its folders also hold pages include leaves out: {pages}; add their pattern to corpora.{corpus.name}" \
               ".include to read them" if pages else ""
    held = ", ".join(f"{kind} ({n})" for kind, n in kinds.most_common(3))
    return (f"no file matches include ({', '.join(corpus.include)})"
            + (f"; its folders hold {held}: add their pattern to corpora.{corpus.name}.include" if held else
               "; its folders hold no files"))


# a language and region (Hugo's "install.zh-cn.md"): a word too, or Gitea's 32 translated pages read as "*.md (32)",
# and the note asked to add *.md to an include of "*.en-us.md"
_LANGUAGE = re.compile(r"[a-z]{2,3}-[a-z]{2,4}", re.I)


def _kind(name: str) -> str:
    """"*.html.md.erb" of "guide.html.md.erb": its last suffixes that are words (not "v1.2"'s ".2")."""
    suffixes = Path(name).suffixes[-3:]
    while suffixes and not (suffixes[0][1:].isalpha() or _LANGUAGE.fullmatch(suffixes[0][1:])):
        suffixes = suffixes[1:]
    return "*" + "".join(suffixes)


def shared(config: Config, found: dict[str, list[Path]]) -> None:
    """Raises ConfigError when a file is taken by two corpora: corpora may share folders when include or exclude
    splits them (config._check_overlap), but never a file, which would be indexed and answered twice."""
    owner: dict[Path, str] = {}
    both = []
    for name, files in found.items():
        for path in files:
            if path in owner:
                both.append((config.rel(path), owner[path], name))
            owner.setdefault(path, name)
    if both:
        rel, a, b = both[0]
        more = f" and {len(both) - 1} more" if len(both) > 1 else ""
        name = rel.rsplit("/", 1)[-1]
        raise ConfigError(f"{config.file}: '{rel}'{more} belongs to both corpora {a} and {b}; a file must belong "
                          f"to exactly one corpus: exclude it from one (add \"{name}\" to corpora.{a}.exclude or "
                          f"corpora.{b}.exclude)")


# A GitHub wiki (gollum) shows `_Sidebar.md`, `_Footer.md` and `_Header.md` around every page, never as one;
# Docsify its `_sidebar.md` and `_navbar.md`. Uptime Kuma's wiki: its sidebar (links by full address, so no list of
# the site's own pages) was 7 chunks, cited in 10 of 36 answers and leading one.
_CHROME = {"_sidebar", "_footer", "_header", "_navbar"}


def unserved(rel: str) -> str | None:
    """Why a site never serves a file as a page of its own, or None."""
    path = Path(rel)
    if any(part in PARTIAL_DIRS for part in path.parent.parts):
        # DuckDuckGo's help pages: _includes files no page uses were indexed as pages (cited 5 times)
        return "partial: in an include folder, included by no page"
    if path.suffix == ".mdx" and any(part.startswith("_") for part in path.parts):
        # MDX sites (Docusaurus) route no file or folder named with a leading underscore: ZMK's _footnotes/*.mdx,
        # imported by a script, were 9 pages titled "globe" and the like. Jekyll's _posts and collections are .md
        return "partial: an MDX file the site never routes (its name or folder starts with _)"
    if "_posts" in path.parent.parts and not POST_DATE.match(path.name):
        # Jekyll publishes a post only under a dated name: BigBlueButton's `_posts/2.4/release-tests-new.md.md`, a
        # draft never on the site, was 107 chunks (5% of the store) cited in 6 of 36 answers
        return "unpublished: a Jekyll post's file name must start with its date (YYYY-MM-DD-)"
    if path.stem.lower() in _CHROME:
        return "navigation: a wiki's sidebar, header or footer, shown around every page"
    return None
