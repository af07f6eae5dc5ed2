"""Tab groups whose tabs hold headings: each tab's title becomes a heading, the headings inside one level below it.

A tab's title is otherwise a bold line over its body (ingest/block_titles.py), which is right for tabs of prose or
code, but a heading inside one tab then ran on over the tabs after it, as if the site showed them under it.
Overseerr's docs (GitBook `{% tab title="..." %}`): the Nginx Proxy Manager tab's "### SSL" titled the Subdomain
and Subfolder tabs' configurations, 6 chunks; Pterodactyl's (VuePress' `:::: tab "Nginx With SSL"`): 33 chunks of
2 pages were cited as "Enabling Configuration" or as the first tab's "Troubleshooting". On the site each tab is a
panel of its own; as a heading its title names the section its configuration is in.

The groups read here: GitBook's `{% tabs %}` ... `{% endtabs %}` and `:::`-containers named `tabs` (VuePress,
VitePress, Docusaurus-style) holding `::: tab Title` containers, `@tab Title` lines (vuepress-theme-hope) or
`== Title` lines (VitePress' tabs plugin), and MDX `<Tabs>` of `<Tab title="...">` (Mintlify, Fumadocs; Bruno's
docs: 13 tabs in 5 pages, three sections called "Installation Options > Direct Download"). Docusaurus' `<TabItem>`
groups are read in ingest/mdx_blocks.py. The number of lines stays; a tab's closing line becomes blank.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import fences
from .headings import attrs as heading_attrs
from .mdx_components import VALUE, value

_HEADING = re.compile(r"^(?P<indent> {0,3})(?P<marks>#{1,6})(?=[ \t]|$)")
_QUOTED = re.compile(r"^([\"'])(.*)\1$")

_GITBOOK_TABS = re.compile(r"^[ \t]*\{%-?\s*tabs\s*-?%\}[ \t]*$")
_GITBOOK_END = re.compile(r"^[ \t]*\{%-?\s*endtabs\s*-?%\}[ \t]*$")
_GITBOOK_TAB = re.compile(r"^[ \t]*\{%-?\s*tab\s+title\s*=\s*(?P<title>\"[^\"\n]*\"|'[^'\n]*')\s*-?%\}[ \t]*$")

_COLON_OPEN = re.compile(r"^[ \t]*(?P<colons>:{3,})[ \t]*(?P<kind>[A-Za-z][\w-]*)(?:[ \t]+(?P<rest>\S.*?))?[ \t]*$")
_COLON_CLOSE = re.compile(r"^[ \t]*(?P<colons>:{3,})[ \t]*$")
_LINE_TAB = re.compile(r"^[ \t]*(?:@tab|==)[ \t]+(?P<title>\S.*?)[ \t]*$")

# MDX: Mintlify's and Fumadocs' `<Tabs>` of `<Tab title="macOS">` (Docusaurus' <TabItem> is mdx_blocks.py's). Their
# bodies are indented as JSX; a group converted here is dedented, so its headings read as headings.
_MDX_TABS = re.compile(r"^[ \t]*<(/?)Tabs\b[^<>]*>[ \t]*$")
_MDX_TAB = re.compile(r"^[ \t]*<Tab\b(?P<attrs>[^<>]*?)>[ \t]*$")
_MDX_TAB_CLOSE = re.compile(r"^[ \t]*</Tab>[ \t]*$")
_MDX_TITLE = re.compile(r"\b(?:title|value)=" + VALUE)


@dataclass
class _Tab:
    title_line: int
    title: str
    end: int                    # the line after its body
    close: int | None = None    # its own closing line (a `:::` tab), blanked


def convert(text: str) -> str:
    if "tab" not in text and "==" not in text and "<Tab" not in text:
        return text
    lines = text.splitlines(keepends=True)
    code = fences.code_lines(lines)
    for group in _gitbook_groups(lines, code) + _colon_groups(lines, code):
        _as_headings(lines, code, group)
    for group in _mdx_groups(lines, code):
        trial = _dedented(lines, group)
        if _as_headings(trial, fences.code_lines(trial), group):
            lines = trial
    return "".join(lines)


def _title(raw: str) -> str:
    m = _QUOTED.match(raw.strip())
    return (m.group(2) if m else raw).strip()


def _gitbook_groups(lines: list[str], code: list[bool]) -> list[list[_Tab]]:
    groups, tabs, open_ = [], [], False
    for n, line in enumerate(lines):
        if code[n]:
            continue
        if _GITBOOK_TABS.match(line):
            tabs, open_ = [], True
        elif open_ and (m := _GITBOOK_TAB.match(line)):
            _end_last(tabs, n)
            tabs.append(_Tab(n, _title(m.group("title")), len(lines)))
        elif open_ and _GITBOOK_END.match(line):
            _end_last(tabs, n)
            groups.append(tabs)
            open_ = False
    return groups


def _colon_groups(lines: list[str], code: list[bool]) -> list[list[_Tab]]:
    """Tab groups of `:::` containers: a stack of the open containers, each (colons, kind, tabs found in it)."""
    groups, stack = [], []
    for n, line in enumerate(lines):
        if code[n]:
            continue
        inner = stack[-1] if stack else None
        if m := _COLON_OPEN.match(line):
            kind = m.group("kind").lower()
            if kind == "tab" and inner and inner[1] == "tabs":
                _end_last(inner[2], n)
                inner[2].append(_Tab(n, _title(m.group("rest") or ""), len(lines)))
            stack.append((len(m.group("colons")), kind, []))
        elif inner and inner[1] == "tabs" and (m := _LINE_TAB.match(line)):
            _end_last(inner[2], n)
            inner[2].append(_Tab(n, _title(m.group("title")), len(lines)))
        elif stack and (m := _COLON_CLOSE.match(line)) and len(m.group("colons")) >= inner[0]:
            colons, kind, tabs = stack.pop()
            if kind == "tabs":
                _end_last(tabs, n)
                groups.append(tabs)
            elif kind == "tab" and stack and stack[-1][1] == "tabs" and stack[-1][2]:
                stack[-1][2][-1].end, stack[-1][2][-1].close = n, n
    return groups


def _mdx_groups(lines: list[str], code: list[bool]) -> list[list[_Tab]]:
    """Groups of `<Tab>`s directly inside a `<Tabs>`: a stack of the open groups' tabs."""
    groups, stack = [], []
    for n, line in enumerate(lines):
        if code[n]:
            continue
        if m := _MDX_TABS.match(line):
            if not m.group(1):
                stack.append([])
            elif stack:
                groups.append(stack.pop())
        elif stack and (m := _MDX_TAB.match(line)):
            title = _MDX_TITLE.search(m.group("attrs"))
            stack[-1].append(_Tab(n, value(title) if title else "", len(lines)))
        elif stack and stack[-1] and _MDX_TAB_CLOSE.match(line) and stack[-1][-1].close is None:
            stack[-1][-1].end = stack[-1][-1].close = n
    return [g for g in groups if g and all(t.close is not None for t in g)]


def _dedented(lines: list[str], tabs: list[_Tab]) -> list[str]:
    """A copy of the lines with each tab's body moved left by its least indented line's indentation."""
    out = list(lines)
    for tab in tabs:
        body = range(tab.title_line + 1, tab.end)
        indent = min((len(lines[n]) - len(lines[n].lstrip(" ")) for n in body if lines[n].strip()), default=0)
        for n in body:
            out[n] = lines[n][min(indent, len(lines[n]) - len(lines[n].lstrip(" "))):]
    return out


def _end_last(tabs: list[_Tab], n: int) -> None:
    if tabs and tabs[-1].end > n:
        tabs[-1].end = n


def _as_headings(lines: list[str], code: list[bool], tabs: list[_Tab]) -> bool:
    """Each tab's title line as a heading at the level of the highest heading the tabs hold, those one level
    down; a group whose tabs hold no heading is left as it is (False)."""
    inner = [n for tab in tabs for n in range(tab.title_line + 1, tab.end)
             if not code[n] and _HEADING.match(lines[n])]
    if not inner or not all(tab.title for tab in tabs):
        return False
    level = min(len(_HEADING.match(lines[n]).group("marks")) for n in inner)
    for tab in tabs:
        for n in (n for n in inner if tab.title_line < n < tab.end):
            m = _HEADING.match(lines[n])
            if _words(lines[n][m.end():]) == _words(tab.title):   # the tab's own title again (Plane's docs)
                lines[n] = lines[n][len(lines[n].rstrip("\r\n")):]
            else:
                lines[n] = m.group("indent") + "#" * min(len(m.group("marks")) + 1, 6) + lines[n][m.end():]
    for tab in tabs:
        end = lines[tab.title_line][len(lines[tab.title_line].rstrip("\r\n")):]
        lines[tab.title_line] = "#" * level + " " + tab.title + end
        if tab.close is not None:
            lines[tab.close] = lines[tab.close][len(lines[tab.close].rstrip("\r\n")):]
    return True


def _words(title: str) -> str:
    return " ".join(heading_attrs(title)[0].casefold().split())
