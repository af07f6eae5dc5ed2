"""Hugo's code shortcodes as the fenced code blocks the site renders: `{{< highlight bash "style=x" >}}` ...
`{{< /highlight >}}` (Hugo's own), `{{< mermaid >}}` diagrams, and Docsy's code tabs; Jekyll's `{% highlight js %}`
... `{% endhighlight %}` too (Node-RED's docs: 28 blocks in 3 pages shown as run-together prose).

Read as Markdown their bodies were prose: on Codemagic's docs 900 blocks in 151 files, 911 chunks holding code as
text, and a shell comment in one (`# Pods for Runner`) became a heading that 389 chunks in 22 files carried in
their heading path; answers showed YAML and Groovy as flowing text. The number of lines is kept.
"""
from __future__ import annotations

import re

from . import fences
from .line_ends import ending
from .shortcodes import args

# indented as deep as the list item it sits in; the closing tag may have other closing tags after it
# (`{{< /highlight >}}{{< /tab >}}`), which show nothing
_OPEN = re.compile(r"^(?P<indent>[ \t]*)\{\{[<%]\s*(?P<name>highlight|mermaid)(?![\w-])(?P<args>[^\n]*?)"
                   r"\s*[>%]\}\}[ \t]*$", re.I)
_CLOSE = re.compile(r"^[ \t]*\{\{[<%]\s*/\s*(?P<name>highlight|mermaid)\s*[>%]\}\}(?:\s*\{\{[<%]\s*/[^{}\n]*[>%]\}\})*"
                    r"[ \t]*$", re.I)
_LIQUID_OPEN = re.compile(r"^(?P<indent>[ \t]*)\{%-?\s*(?P<name>highlight)\s+(?P<args>[^%\n]*?)\s*-?%\}[ \t]*$")
_LIQUID_CLOSE = re.compile(r"^[ \t]*\{%-?\s*endhighlight\s*-?%\}[ \t]*$")
_TICKS = re.compile(r"^[ \t]*(`{3,})", re.M)
# Docsy shows a `{{< tab >}}`'s body in a `{{< tabpane >}}` as code (highlighted as its `lang`) unless the pane or
# the tab says text=true. Read as Markdown, Navidrome's config examples made "# https://www.navidrome.org/..." (a
# TOML comment) the heading of 69 of the page's 78 chunks, and the TOML flowing text. Read as code here only where
# the tab or its pane names a language: Codemagic's plain "Windows" tab says in prose that no signing is needed.
_PANE = re.compile(r"^[ \t]*\{\{<\s*(/?)\s*tabpane(?![\w-])([^\n]*?)\s*>\}\}[ \t]*$")
_TAB = re.compile(r"^(?P<indent>[ \t]*)\{\{<\s*tab(?![\w-])(?P<args>[^\n]*?)\s*>\}\}[ \t]*$")
_TAB_CLOSE = re.compile(r"^[ \t]*\{\{<\s*/\s*tab\s*>\}\}[ \t]*$")


def _closing(lines: list[str], start: int, name: str, liquid: bool = False) -> int | None:
    if liquid:
        return next((k for k in range(start, len(lines)) if _LIQUID_CLOSE.match(lines[k].rstrip("\r\n"))), None)
    return next((k for k in range(start, len(lines))
                 if (m := _CLOSE.match(lines[k].rstrip("\r\n"))) and m.group("name").lower() == name), None)


def _fenced(indent: str, info: str, lines: list[str], i: int, j: int) -> list[str]:
    """Lines i..j (the opening and closing tags and the code between) as a fenced block."""
    code = lines[i + 1:j]
    # longer than any fence inside, so a stray ``` in the code does not end the block
    ticks = "`" * max(3, 1 + max((len(t) for t in _TICKS.findall("".join(code))), default=0))
    return [indent + ticks + info + ending(lines[i]), *code, indent + ticks + ending(lines[j])]


def _code_tab(lines: list[str], i: int, pane: dict | None) -> tuple[str, int] | None:
    """(the fence's info string, the closing line) of a Docsy tab shown as code, else None. A body holding a
    shortcode or a fence is the site's own markup (Codemagic's tabs wrap theirs in `{{<markdown>}}`)."""
    m = _TAB.match(lines[i].rstrip("\r\n"))
    if pane is None or not m or m.group("args").rstrip().endswith("/"):
        return None
    tab = args(m.group("args"))[1]
    j = next((k for k in range(i + 1, len(lines)) if _TAB_CLOSE.match(lines[k].rstrip("\r\n"))), None)
    lang = tab.get("lang") or pane.get("lang", "")
    if j is None or not lang or "true" in (pane.get("text"), tab.get("text")) or any(
            "{{" in line or fences.opening(line.lstrip(" ")) for line in lines[i + 1:j]):
        return None
    header = re.sub(r"[*_`]", "", tab.get("header", "")).strip().replace('"', "'")
    return lang + (f' title="{header}"' if header else ""), j


# Inline, `| **filter[field]** | {{< code >}}[1|5]{{< /code >}} |` is a code span (PrestaShop's docs, a theme's
# `code` shortcode: 20 table cells in 7 pages lost their code, and the `|` inside split the cell). In a table row the
# span's `|` is escaped, as GFM reads a cell.
_INLINE = re.compile(r"\{\{[<%]\s*(code|highlight)(?![\w-])[^{}\n]*?[>%]\}\}(?P<code>[^{}\n`]+?)"
                     r"\{\{[<%]\s*/\s*\1\s*[>%]\}\}", re.I)


def _inline(line: str) -> str:
    row = line.lstrip().startswith("|")
    return _INLINE.sub(lambda m: "`" + (m.group("code").replace("|", "\\|") if row else m.group("code")) + "`", line)


def convert(text: str) -> str:
    if ("{{" not in text or not re.search(r"highlight|mermaid|tabpane|code", text, re.I)) and "highlight" not in text:
        return text
    lines = text.splitlines(keepends=True)
    out, fence, i, pane = [], "", 0, None
    while i < len(lines):
        line = lines[i]
        body = line.rstrip("\r\n")
        if fence:
            fence = "" if fences.closes(body.lstrip(" "), fence) else fence
        elif opened := fences.opening(body.lstrip(" ")):
            fence = opened
        elif m := _PANE.match(body):
            pane = None if m.group(1) else args(m.group(2))[1]
        elif tab := _code_tab(lines, i, pane):
            out += _fenced(_TAB.match(body).group("indent"), tab[0], lines, i, tab[1])
            i = tab[1] + 1
            continue
        elif (m := _OPEN.match(body) or _LIQUID_OPEN.match(body)) and (j := _closing(
                lines, i + 1, m.group("name").lower(), m.re is _LIQUID_OPEN)) is not None:
            lang = "mermaid" if m.group("name").lower() == "mermaid" else next(iter(args(m.group("args"))[0]), "")
            out += _fenced(m.group("indent"), lang, lines, i, j)
            i = j + 1
            continue
        out.append(_inline(line) if not fence and "{{" in line else line)
        i += 1
    return "".join(out)
