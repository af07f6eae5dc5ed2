"""A page's title when its front matter gives none: its H1 or its one top heading, else its file name (its folder's
for a folder's own page) in words; and what above the H1 is the site's banner, not the page's text.
"""
from __future__ import annotations

import re

from .link_targets import LANGUAGE, PAGE_EXTS, grav_page, page_stem, post_name

_FOLDER_PAGES = {"index", "readme", "_index"}     # the page a docs site serves for its folder
# folders that hold a whole docs site, not a topic: their page is the site's home, not "Docs" (filebrowser's
# untitled docs/README.md and src/README.md were cited as "Docs" and "Src" in 15 of 36 answers)
_DOCS_ROOTS = {"", "docs", "doc", "documentation", "src", "content", "contents", "pages", "site", "website", "wiki",
               "source"}


_PAGE_EXTS = (*PAGE_EXTS, ".txt")


def _page_name(path: str) -> str:
    """The file's name, or its folder's for a folder's own page: "guides/docker/index.md" is "docker". Pi-hole's
    docs cited 9 pages without an H1 as "index"."""
    parts = path.replace("\\", "/").split("/")
    name = post_name(path, page_stem(parts[-1], _PAGE_EXTS))     # "Caddy-2.x-with-Cloudflare-DNS.md" is not "Caddy-2"
    name = LANGUAGE.sub("", name)                               # "install.en.md" (MkDocs' i18n plugin) is "install"
    folder = parts[-2] if len(parts) > 1 else ""
    if name.lower() in _FOLDER_PAGES and folder.lower() in _DOCS_ROOTS:
        return "Home"       # the docs' own front page, as MkDocs names it (filebrowser's: "Docs", "Src")
    # Grav's page file is named by its template (the Kavita wiki's Calibre page was cited "Default" in 10 chunks)
    return folder if folder and (name.lower() in _FOLDER_PAGES or grav_page(name, folder)) else name


# A number ordering the pages ("02-setting-up-email.md"), which Docusaurus and MkDocs' nav plugins leave out of a
# page's name: 12 of Metabase's pages were cited as "02 setting up email"; a name that is a number stays.
_NUMBERED = re.compile(r"^\d+[-_.]+(?=[A-Za-z])")


def unnumbered(name: str) -> str:
    """A file or folder name without the number that orders it ("02-setting-up-email", Nuxt Content's "1.n8n")."""
    return _NUMBERED.sub("", name)


def slug_title(name: str) -> str:
    """A file name's words as a title, the first capitalised as sites show it: Polar's pages without a title were
    cited as "account reviews" (Mintlify shows "Account reviews")."""
    words = " ".join(unnumbered(name).replace("-", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:] if words.split(" ")[0].islower() else words     # "iOS setup" stays


def _heading_title(headings: list[tuple[int, int, str]], lines: list[str], body_start: int,
                   slug: bool, own: bool = True) -> str | None:
    """The page's title from its headings: the H1 when it is the first heading and no text is above it (Obsidian's
    "Basic formatting syntax" shows `<h1>` examples halfway down, and all 40 of its chunks were titled "This is a
    heading 1"; a GitHub wiki's page opening "Note that `docker run`..." over "# Creating the Container" is
    titled by its file name, as the wiki shows it: 4 of Vaultwarden's 60 pages, 49 chunks, were titled by a
    section);
    or, when the file name is a slug ("scaling.md"), the one heading of the top level when it opens the page
    (many doc sites start pages at "## Scaling" and print the H1 from their layout). A file name written as a
    title ("Set up Sync.md", as in note vaults and wikis) is the title; several top-level headings, or text
    before the first, are an untitled page: None. `own`: the file is a page of its own, not a folder's
    README or index, and may be a wiki's (named as its title, with no number ordering it)."""
    if not headings:
        return None
    top = min(level for _, level, _ in headings)
    tops = [h for h in headings if h[1] == top]
    pre = lines[body_start:headings[0][0]]
    opens = not _PICTURES.sub("", "".join(pre)).strip()
    if top == 1 and headings[0][1] == 1:    # not one under text: a GitHub wiki's (gollum's) title is its file name
        if len(tops) > 1 and not slug and own and body_start == 0:
            # several H1s in a page named as a title, with no front matter: a wiki page, titled by its name
            # (WeKan's wiki: "Backup.md" holds 17, one per platform, and its 320 chunks read "Backup Sandstorm ›
            # Restore Docker"). A site's page with front matter is titled by its first H1, as Docusaurus does.
            return None
        return tops[0][2] if opens or boxed(pre) or banner(pre, headings) else None
    return tops[0][2] if slug and len(tops) == 1 and tops[0] is headings[0] and opens else None


_LINK = re.compile(r"\[[^\]\n]+\]\([^)\n]+\)")
# A bare address too: GitBook's redirect plugin writes `!REDIRECT "https://..."` above the H1 of a page that moved,
# 139 of PX4's developer guide: 127 pages were titled by their file names ("Dev env mac"), and the line was a chunk
# of its own in 136 and opened an answer.
_URL = re.compile(r"\bhttps?://[^\s\"'<>]+")
# A notice box above the H1 is no text of the page's before its title: Shopware's docs open 20 pages with a
# `::: warning` box over "# Branding Customization", and 11 were titled by file name ("Branding", "Cli"). By here
# a box (VitePress, Docusaurus, MkDocs, GitHub alerts) opens with its kind as a title line (headings.title_line:
# bold, two spaces for a line break), in a quote or not.
_BOX = re.compile(r"[ \t]*(?:>[ \t]*)?\*\*[^*\n]+\*\*  \n")
# Images and bare tags above the H1 are no text above it: Koel's "What Is Koel?" opens with a banner image and a
# <br>, and its 13 citations in 36 answers read "what is koel", the file name, as the page's title.
_PICTURES = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|</?[A-Za-z][^<>\n]*>")


def boxed(pre: list[str]) -> bool:
    """Whether what stands above the H1 is one notice box and nothing else."""
    block = "".join(pre).strip("\n")
    return bool(_BOX.match(block)) and not re.search(r"\n[ \t>]*\n", block)


def banner(pre: list[str], headings: list[tuple[int, int, str]]) -> bool:
    """One block of a line or two, with a link, above the page's H1 is the site's navigation, not its text.
    Kagi's help center opens 18 pages with "> Not your browser/OS? Return to [the hub page](...) for setting
    Kagi as the default search engine.", which led "set kagi as default in librewolf" over the page's steps.
    Text above an H2 (the H1 printed by the layout) is the page's introduction and stays."""
    block = "".join(pre).strip()
    return (bool(headings) and headings[0][1] == 1 and block.count("\n") <= 1 and "\n\n" not in block
            and bool(_LINK.search(block) or _URL.search(block)) and len(_SENTENCE_END.findall(block)) <= 2)


# Navigation says where to go in a sentence or two; a paragraph of more is the page's text: AntennaPod's "The base
# of our new website was kindly built by [Anxhelo]... Are you familiar with [Jekyll]?..." (four sentences on one
# line) was dropped as a banner.
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")



def untitled(path: str, headings: list[tuple[int, int, str]], lines: list[str], body_start: int,
             nav_title: str = "") -> str:
    """The title of a page whose front matter gives none: its H1, else the title its site's nav gives it
    (ingest/mkdocs_nav.py), else one from its headings or its file's name."""
    name = _page_name(path)
    stem = page_stem(path.replace("\\", "/").split("/")[-1], _PAGE_EXTS)
    # a number ordering the pages is a site's (MkDocs titles a page by its first H1), never a wiki's: NewPipe's
    # "00_Prepare_everything.md" holds two H1s and was cited by its file name in 26 of 36 answers
    own = stem.lower() not in _FOLDER_PAGES and not _NUMBERED.match(stem)
    heading = _heading_title(headings, lines, body_start, slug=name == name.lower() and " " not in name, own=own)
    if nav_title and not (heading and headings[0][1] == 1):
        return nav_title
    # a name written as a title keeps its hyphens ("2-factor authentication.md"); a slug's are spaces
    return heading or (name if " " in name else slug_title(name))
