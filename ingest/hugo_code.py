"""Hugo's code shortcodes as the fenced code blocks the site renders: `{{< highlight bash "style=x" >}}` ...
`{{< /highlight >}}` (Hugo's own) and `{{< mermaid >}}` diagrams.

Read as Markdown their bodies were prose: on Codemagic's docs 900 blocks in 151 files, 911 chunks holding code as
text, and a shell comment in one (`# Pods for Runner`) became a heading that 389 chunks in 22 files carried in
their heading path; answers showed YAML and Groovy as flowing text. The number of lines is kept.
"""
from __future__ import annotations

import re

from . import fences
from .shortcodes import args

# indented as deep as the list item it sits in; the closing tag may have other closing tags after it
# (`{{< /highlight >}}{{< /tab >}}`), which show nothing
_OPEN = re.compile(r"^(?P<indent>[ \t]*)\{\{[<%]\s*(?P<name>highlight|mermaid)(?![\w-])(?P<args>[^\n]*?)"
                   r"\s*[>%]\}\}[ \t]*$", re.I)
_CLOSE = re.compile(r"^[ \t]*\{\{[<%]\s*/\s*(?P<name>highlight|mermaid)\s*[>%]\}\}(?:\s*\{\{[<%]\s*/[^{}\n]*[>%]\}\})*"
                    r"[ \t]*$", re.I)
_TICKS = re.compile(r"^[ \t]*(`{3,})", re.M)


def _closing(lines: list[str], start: int, name: str) -> int | None:
    return next((k for k in range(start, len(lines))
                 if (m := _CLOSE.match(lines[k].rstrip("\r\n"))) and m.group("name").lower() == name), None)


def convert(text: str) -> str:
    if "{{" not in text or not re.search(r"highlight|mermaid", text, re.I):
        return text
    lines = text.splitlines(keepends=True)
    out, fence, i = [], "", 0
    while i < len(lines):
        line = lines[i]
        body = line.rstrip("\r\n")
        if fence:
            fence = "" if fences.closes(body.lstrip(" "), fence) else fence
        elif opened := fences.opening(body.lstrip(" ")):
            fence = opened
        elif (m := _OPEN.match(body)) and (j := _closing(lines, i + 1, m.group("name").lower())) is not None:
            code = lines[i + 1:j]
            # longer than any fence inside, so a stray ``` in the code does not end the block
            ticks = "`" * max(3, 1 + max((len(t) for t in _TICKS.findall("".join(code))), default=0))
            lang = "mermaid" if m.group("name").lower() == "mermaid" else next(iter(args(m.group("args"))[0]), "")
            out += [m.group("indent") + ticks + lang + line[len(body):], *code,
                    m.group("indent") + ticks + lines[j][len(lines[j].rstrip("\r\n")):]]
            i = j + 1
            continue
        out.append(line)
        i += 1
    return "".join(out)
