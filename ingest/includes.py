"""Include directives: a page shows its partials' text where it pulls them in, so it is indexed that way too.

Docs sites keep shared text in partials and pull it into pages with their generator's directive:
- `{!file.md!}` (Python-Markdown's markdown-include, also inline: Zulip's "1. {!go-to-the.md!} Settings");
- `--8<-- "file.md"` alone on a line (pymdownx.snippets, MkDocs);
- `{% include file.md %}`, `{% include_relative file.md %}` (Jekyll), `{% include "file.md" %}` (GitBook);
- `{{< readfile file="file.md" >}}`, `{{% include "file.md" %}}` (Hugo), `{{#include file.md}}` (mdBook);
- ```` ```{include} file.md ```` (MyST);
- `import Partial from './_file.mdx'` and `<Partial />` alone on a line (MDX), Mintlify's `<Snippet file="x.mdx" />`;
- `<Content :page-key="$site.pages.find(p => p.relativePath === 'en/_file.md').key"/>` (VuePress 1);
- `<<< @/snippets/file.json` (a code block) and `<!--@include: ./file.md-->` (VitePress: ingest/code_imports.py).
Blanking them (as before) lost the text: on Zulip's help center 105 of 135 pages use includes and 28% of their
words were missing, so "how do I mute a topic" showed a heading and no steps.

A target is looked up in the page's folder, then in each folder above it up to the config's folder, then in each
corpus path of the scope (`scope_for`): in a folder's include folders (`include/`, `_includes/`, `snippets/`, ...)
first, then in the folder itself, never the page itself, and never outside the config's folder or the scope's
corpus paths. A target not found, or not text, leaves the directive to be blanked as before. A file
another page includes and that has no title of its own (no `# heading`, no front-matter title) is a partial,
not a page: it is skipped, not indexed alone (Zulip: 169 fragment chunks, cited in 30 of 36 answers).
Expanded text changes line numbers; `expand` returns, per line of the result, the line of the page it comes
from (an included line: the directive's), so citations still point into the file on disk.
"""
from __future__ import annotations

import re
from pathlib import Path

from . import code_imports, erb, fences, frontmatter, liquid_include, mdbook, references, site_data
from .include_scope import TEXT_SUFFIXES, Scope, scope_for  # noqa: F401  scope_for: callers find it here

# Folders no site serves as pages: Jekyll's _includes, and the _partials / _snippets of MDX and MkDocs sites.
PARTIAL_DIRS = ("_includes", "_partials", "_snippets")
# pymdownx.snippets pulls in any text file, mostly code into a fence (Paperless-ngx's docs: a 22-line .sh
# script showed as its `--8<--` line)
CODE_SUFFIXES = TEXT_SUFFIXES | {".sh", ".bash", ".zsh", ".ps1", ".bat", ".py", ".js", ".mjs", ".ts", ".json",
                                 ".yml", ".yaml", ".toml", ".ini", ".cfg", ".conf", ".env", ".sql", ".xml",
                                 ".html", ".css", ".rb", ".go", ".rs", ".java", ".php", ".c", ".h", ".cpp"}
MAX_DEPTH = 5                   # partials including partials; deeper (or a cycle) is left unexpanded

# One alternative per syntax; the target is in the first group that matched.
_INLINE = re.compile(
    r"\[[^\]\n]*\]\(\s*([^)\s'\"]+)\s+['\"]:include\b[^'\"\n]*['\"]\s*\)"            # Docsify: [x](y.md ':include')
    r"|\{!>?\s*([^!\s{}][^!{}\n]*?)\s*!\}"                                  # markdown-include
    r"|\{%-?\s*include(?:_relative|-markdown)?\s+[\"']?([^\s\"'%]+)[\"']?[^%]*?-?%\}"  # Jekyll, GitBook, MkDocs
    r"|\{\{[<%]\s*(?:readfile|include)\s+(?:file=)?[\"']([^\"']+)[\"'][^}]*?[>%]\}\}"    # Hugo
    r"|\{\{#(?:rustdoc_)?include\s+([^\s}:]+)(?::([^\s}]*))?\s*\}\}"       # mdBook, maybe with a part
    r"|\{%-?\s*data\s+(reusables(?:\.[\w-]+)+)\s*-?%\}"                      # GitHub's docs: data/reusables/
    r"|" + erb.PARTIAL +                                                     # Middleman
    r"|\{\{[<%]\s*([\w-][\w./-]*)(?:\s[^{}]*?)?\s*[>%]\}\}"                      # Hugo: a shortcode's template
    r"|" + site_data.VARIABLE +                                              # GitHub's docs: a data value
    r"|<Content\s+:page-key=\"[^\"]*?\.relativePath\s*===?\s*'([^'\"]+)'[^\"]*\"\s*/>"      # VuePress 1
    r"|" + site_data.JEKYLL)                                                 # Jekyll: a site setting
_SNIPPET = re.compile(r"^([ \t]*)--8<--[ \t]+[\"']([^\"']+)[\"'][ \t]*$")
_MYST = re.compile(r"^([ \t]*)(`{3,}|:{3,})\{include\}[ \t]+(\S+)[ \t]*$")
_MDX_IMPORT = re.compile(r"^import\s+(\w+)\s+from\s+[\"']([^\"']+\.mdx?)[\"'];?\s*$")
_MDX_USE = re.compile(r"^([ \t]*)<(\w+)\s*/>\s*$")
# Mintlify's older snippets, `<Snippet file="redis/note.mdx" />` for `_snippets/redis/note.mdx` (Upstash's docs: 7 in
# 6 pages, blanked, and the snippet skipped as a partial no page includes); the name may leave out `.mdx`
_MINTLIFY_SNIPPET = re.compile(r"^([ \t]*)<Snippet\s+file=[\"']([^\"']+?)(?:\.mdx)?[\"']\s*/>\s*$")
_LIST_LEAD = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])?[ \t]*")


# no directive without one of these
TEXT_CUES = ("{!", "--8<--", "include", "import ", "readfile", "reusables.", "partial", "{{<", "{{%", "variables.",
             ":page-key", "{{site.", "{{ site.", "{{- site.", "<Snippet ", "<<<", "@include:")
_MDBOOK = 5                     # _INLINE's group of mdBook's target; the next one holds its part
_DATA = 7                       # _INLINE's group of a GitHub docs snippet's dotted name
_PARTIAL = 8                    # and of a Middleman partial's name
_SHORTCODE = 9                  # and of a Hugo shortcode, whose template may be Markdown
_VARIABLE = 10                  # and of a data file's name; the next one holds the key
# VuePress 1 pulls a page into another with `<Content :page-key="$site.pages.find(p => p.relativePath ===
# 'en/_x.md').key"/>`, relative to the docs' source folder (found from the page's folder upwards). GC Notify's
# docs: 4 in 2 pages showed the raw tag, and the partials were indexed as untitled pages cited in 3 of 36 answers.
_VUEPRESS = 12
_JEKYLL = 13                    # and of a Jekyll `site.` key (ingest/site_data.py)
_LIQUID_INCLUDE = 3             # and of a Jekyll (or GitBook) include's file (ingest/liquid_include.py)
_LIQUID_SUFFIXES = TEXT_SUFFIXES | {".html"}
# a tag opened and not closed on its line: `{% include "x.md"` or `{%` alone, the directive on the lines after
_OPEN_INCLUDE = re.compile(r"^[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?\{%-?(?:\s*include\b|\s*$)(?!.*%\})")
_TAG_LINES = 8                  # an include tag written over several lines ends within this many


def targets(text: str, page: Path, scope: Scope) -> set[Path]:
    """The files `text` includes directly (found ones only)."""
    names = [(t, _suffixes(m)) for m in _INLINE.finditer(text) for t in _targets(m)]
    mdx = dict(m.groups() for m in map(_MDX_IMPORT.match, text.splitlines()) if m)
    for line in text.splitlines():
        for pattern, group, suffixes in ((_SNIPPET, 2, TEXT_SUFFIXES), (_MYST, 3, TEXT_SUFFIXES),
                                         (code_imports.MARKDOWN, "path", TEXT_SUFFIXES),
                                         (code_imports.CODE, "path", None)):
            if m := pattern.match(line):
                names.append((m.group(group), suffixes))
    names += [(n, TEXT_SUFFIXES) for n in mdx.values()]
    names += [(m.group(2) + ".mdx", TEXT_SUFFIXES) for m in map(_MINTLIFY_SNIPPET.match, text.splitlines()) if m]
    return {p for p in (scope.find(n, page, suffixes) for n, suffixes in names) if p}


def _suffixes(m: re.Match) -> set[str] | None:
    """The files an inline directive may pull in. mdBook's, any text file: a book mostly includes code or
    config into a fence (Lemmy's: 38 of 38, its whole configuration reference, `defaults.hjson`, shown as the
    directive's line)."""
    if m.group(_MDBOOK) or m.group(_PARTIAL) or m.group(_VARIABLE) or m.group(_JEKYLL):
        return None
    return _LIQUID_SUFFIXES if m.group(_LIQUID_INCLUDE) else TEXT_SUFFIXES


def expand(text: str, page: Path, scope: Scope) -> tuple[str, list[int] | None]:
    """`text` with found includes replaced by their (expanded) text, and the source line of each result line;
    (text, None) when nothing was expanded."""
    if not any(c in text for c in TEXT_CUES):
        return text, None
    lines, origin = _expand(text, page, scope, (page.resolve(),))
    if origin is None:
        return text, None
    return "".join(lines), origin


def read(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return None if "\x00" in text[:8192] else text


def _targets(m: re.Match) -> list[str]:
    """The files a directive may name, the first found taken. GitHub's docs name a shared snippet by its path
    under data/ in dots (`{% data reusables.two_fa.recovery %}`: 475 in 61 of 103 pages; unread, steps went
    missing, "1, 2, 5", and the snippets were indexed as pages of their own, leading 8 of 36 answers)."""
    if m.group(_DATA):
        return ["data/" + m.group(_DATA).replace(".", "/") + ".md"]
    if m.group(_PARTIAL):
        return erb.partial_files(m.group(_PARTIAL))
    if m.group(_VARIABLE):      # read by site_data.value; named here so editing the file redoes its pages
        return [f"data/variables/{m.group(_VARIABLE)}.yml"]
    if m.group(_VUEPRESS):
        return [m.group(_VUEPRESS)]
    if m.group(_JEKYLL):        # read by site_data.jekyll_value; named here so editing it redoes its pages
        return [name for name, _ in site_data.jekyll_files(m.group(_JEKYLL))]
    if m.group(_SHORTCODE):     # Upsun's docs: 47 in 28 pages (a "Before you begin" list, a step) were blanked
        return ["layouts/shortcodes/" + m.group(_SHORTCODE) + ".md"]
    return [next(g for g in m.groups()[:_MDBOOK] if g)]


def _included(target: str | list[str], page: Path, scope: Scope, chain: tuple[Path, ...],
              part: str | None = None, suffixes: set[str] | None = TEXT_SUFFIXES) -> list[str] | None:
    names = [target] if isinstance(target, str) else target
    found = next((f for name in names if (f := scope.find(name, page, suffixes))), None)
    if found is None or found in chain or len(chain) > MAX_DEPTH:
        return None
    text = read(found)
    if text is None:
        return None
    text = mdbook.part(text, part) if part is not None else text
    lines, _ = _expand(_without_yaml(text), found, scope, (*chain, found))
    return lines


def _without_yaml(text: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(lines[frontmatter.yaml_lines(lines):])


def _expand(text: str, page: Path, scope: Scope, chain: tuple[Path, ...]) -> tuple[list[str], list[int] | None]:
    mdx = {m.group(1): m.group(2) for m in map(_MDX_IMPORT.match, text.splitlines()) if m}
    source = text.splitlines(keepends=True)
    n = frontmatter.yaml_lines(source)     # YAML: only a data value that cannot break a string goes in
    out, origin = [site_data.in_yaml(line, page, scope) for line in source[:n]], list(range(n))
    changed = out != source[:n]
    code = fences.code_lines(source)
    while n < len(source):
        line = source[n]
        new, used = _block(source, n, page, scope, chain, mdx)
        if new is None and not code[n]:
            new = _vitepress(line, page, scope, chain)
        if new is None:
            new, used = _inline(line, page, scope, chain, code[n]), 1
        if new is None:
            out.append(line)
            origin.append(n)
        else:
            changed = True
            out.extend(new)
            origin.extend([n] * len(new))
        n += used
    return out, (origin if changed else None)


def _block(source: list[str], n: int, page: Path, scope: Scope, chain: tuple[Path, ...],
           mdx: dict[str, str]) -> tuple[list[str] | None, int]:
    """A directive that is a whole line (snippet, MDX component) or a block (MyST fence)."""
    line = source[n].rstrip("\n")
    m = _SNIPPET.match(line)
    if m:
        return _indented(_included(m.group(2), page, scope, chain, suffixes=CODE_SUFFIXES), m.group(1)), 1
    m = _MDX_USE.match(line)
    if m and m.group(2) in mdx:
        return _indented(_included(mdx[m.group(2)], page, scope, chain), m.group(1)), 1
    m = _MINTLIFY_SNIPPET.match(line)
    if m:
        return _indented(_included(m.group(2) + ".mdx", page, scope, chain), m.group(1)), 1
    if _OPEN_INCLUDE.match(line):
        end = next((k for k in range(n + 1, min(n + _TAG_LINES, len(source))) if "%}" in source[k]), None)
        new = None if end is None else _inline("".join(source[n:end + 1]), page, scope, chain)
        if new is not None:
            return new, end - n + 1
    m = _MYST.match(line)
    if m:
        fence, end = m.group(2), n + 1
        while end < len(source) and source[end].strip() != fence:
            end += 1
        if end < len(source):
            return _indented(_included(m.group(3), page, scope, chain), m.group(1)), end - n + 1
    return None, 1


def _vitepress(line: str, page: Path, scope: Scope, chain: tuple[Path, ...]) -> list[str] | None:
    """A VitePress import on its own line: a file as a code block, or a Markdown file's text (a region of it)."""
    if m := code_imports.CODE.match(line):
        # any text file: `<<<` names code to show, often a file with no suffix (Pterodactyl's docs import their
        # `Caddyfile` twice; its `<<<` lines were shown and the configuration never)
        found = scope.find(m.group("path"), page, None)
        text = read(found) if found else None
        return None if text is None else code_imports.fenced(m, text.splitlines(keepends=True), m.group(1))
    if m := code_imports.MARKDOWN.match(line):
        lines = _included(m.group("path"), page, scope, chain)
        return _indented(None if lines is None else code_imports.region(lines, m.group("region")), m.group(1))
    return None


def _inline(line: str, page: Path, scope: Scope, chain: tuple[Path, ...], in_code: bool = False) -> list[str] | None:
    """The line with each found inline include replaced; continuation lines indented like the line's text. In a
    code block a Liquid or MkDocs include pulls in any code file: the generator expands it before the Markdown is
    read (Tandoor's docs: its four Docker Compose files, `{% include "./docker/plain/docker-compose.yml" %}` in
    a ~~~yaml fence, were indexed as that line)."""
    matches = list(_INLINE.finditer(line))
    if not matches:
        return None
    text, last, hit = "", 0, False
    for m in matches:
        part = (m.group(_MDBOOK + 1) or "") if m.group(_MDBOOK) else None      # mdBook's only
        if m.group(_VARIABLE):
            shown = site_data.value(m.group(_VARIABLE), m.group(_VARIABLE + 1), page, scope)
            body = None if shown is None else [shown]
        elif m.group(_JEKYLL):
            shown = site_data.jekyll_value(m.group(_JEKYLL), page, scope)
            body = None if shown is None else [shown]
        else:
            suffixes = CODE_SUFFIXES if in_code and m.group(_LIQUID_INCLUDE) else _suffixes(m)
            body = _included(_targets(m), page, scope, chain, part, suffixes)
            if name := m.group(_LIQUID_INCLUDE):      # its parameters follow its file's name
                body = liquid_include.filled(body, name, line[m.end(_LIQUID_INCLUDE):m.end()],
                                             scope.page_meta(chain[0]))
        if body is not None and m.group(_PARTIAL) and not _read("".join(body)):
            body = None                     # a partial of navigation: blanked with the other ERB
        text += line[last:m.start()]
        if body is None:
            text += m.group(0)
        else:
            hit = True
            text += "".join(body).strip("\n")
        last = m.end()
    if not hit:
        return None
    text += line[last:]
    indent = " " * len(_LIST_LEAD.match(line).group(0).expandtabs(4))
    first, *rest = text.rstrip("\n").split("\n")
    out = [first] + [indent + r if r.strip() else "" for r in rest]
    return [x + "\n" for x in out[:-1]] + [out[-1] + ("\n" if line.endswith("\n") else "")]


def _read(partial: str) -> bool:
    """Whether a Middleman partial has something for its page: prose, or link definitions the page's reference
    links use (GOV.UK One Login's docs end every page with `<%= partial "partials/links" %>`, definitions only;
    blanked as navigation, 126 links in 76 chunks of 15 pages stayed `[text][ref]`)."""
    return erb.is_prose(partial) or references.defines(partial)


def _indented(lines: list[str] | None, indent: str) -> list[str] | None:
    if lines is None:
        return None
    out = [(indent + x if x.strip() else x) for x in lines]
    if out and not out[-1].endswith("\n"):
        out[-1] += "\n"
    return out
