"""MyST Markdown (Sphinx) as its rendered page reads: directives, roles and targets become plain Markdown, the
number of lines kept, so citations keep the file's own lines.

- A box or tab (```` ```{note} ````, `:::{tip}`, ```` ````{tab-item} Windows ````, ```` ```{admonition} Title ````)
  becomes a bold title line over its body; a layout container (`{tab-set}`, `{grid}`, `{figure}`) keeps its body
  alone; its closing fence and its options (`:sync: Windows`, `:class: warning`) go.
- A code directive (```` ```{code-block} bash ````) becomes an ordinary fence (```` ```bash ````).
- What a reader never sees as text (`{toctree}`, `{contents}`, `{include}`, `{raw}`, `{image}`) goes whole.
- A role becomes its text (`` {ref}`the guide <label>` `` -> "the guide", `` {ref}`dns-problems` `` -> "dns
  problems", `` {kbd}`Ctrl+C` `` -> `` `Ctrl+C` ``), and a target line (`(label)=`) goes.

Read as CommonMark, a directive is a code block: on Canonical's Multipass docs 292 of 726 chunks held one and
tab sets showed as code; each `(label)=` line above a page's title was a chunk of its own (101 of 726), which
often ranked first and left the answer empty.
"""
from __future__ import annotations

import re

from . import fences
from .code_spans import CODE_SPAN, outside

_DIRECTIVE = re.compile(r"(?P<fence>`{3,}|~{3,}|:{3,})\{(?P<name>[\w:.-]+)\}[ \t]*(?P<arg>.*?)[ \t]*$")
_OPTION = re.compile(r"^[ \t]*:[\w-]+:(?:[ \t].*)?$")
_TARGET = re.compile(r"^[ \t]*\([\w.:-]+\)=[ \t]*$")
_ROLE = re.compile(r"\{(?P<name>[a-z][\w:-]*)\}`(?P<body>[^`\n]+)`")
_EXPLICIT = re.compile(r"(?P<text>.*?)\s*<(?P<target>[^<>]+)>\s*$", re.S)
CODE = {"code-block", "code", "sourcecode", "code-cell", "literalinclude"}
HIDDEN = {"toctree", "contents", "include", "raw", "image", "only", "meta", "index", "highlight", "tabularcolumns"}
TITLED = {"admonition", "tab-item", "dropdown", "card", "grid-item-card", "topic", "sidebar", "rubric"}
UNTITLED = {"tab-set", "grid", "grid-item", "figure", "eval-rst", "div", "container", "margin", "epigraph",
            "list-table", "csv-table", "table", "glossary", "math"}
ADMONITIONS = {"note", "tip", "warning", "important", "caution", "danger", "attention", "hint", "error", "seealso",
               "versionadded", "versionchanged", "deprecated", "todo"}
# Any other name stays a code block, as CommonMark shows it: Pandoc and R Markdown write code as ```{.python}
# and ```{r}, and a MyST directive we do not know may be a diagram or data.
LITERAL_ROLES = {"kbd", "command", "file", "samp", "code", "envvar", "program", "option", "literal"}
_MARKERS = ("{", ")=")


def _title(name: str, arg: str) -> str:
    """The bold line a box opens with: its title (admonition, tab) or its kind and any argument (note)."""
    if name in TITLED:
        return f"**{arg}**" if arg else ""
    kind = name.replace("-", " ").capitalize()
    return f"**{kind}**" + (f" {arg}" if arg else "")


def role(m: re.Match) -> str:
    """A role as its text: an explicit title, else a cross-reference's target read as words."""
    name, body = m.group("name"), m.group("body")
    explicit = _EXPLICIT.fullmatch(body)
    if explicit and explicit.group("text"):
        text = explicit.group("text")
    elif name in ("ref", "doc", "numref", "any", "term", "external"):
        text = body.lstrip("~!").rstrip("/").rsplit("/", 1)[-1].replace("-", " ").replace("_", " ")
    else:
        text = body
    return f"`{text}`" if name in LITERAL_ROLES else text


def _open(line: str, body: str, directive: re.Match) -> tuple[str, str]:
    """(the line a directive's opening becomes, its kind: code / hidden / box)."""
    indent = body[:len(body) - len(body.lstrip(" "))]
    end = line[len(body):]
    name, arg, fence = directive.group("name").lower(), directive.group("arg"), directive.group("fence")
    if name in CODE:
        lang = arg.split()[0] if arg and name != "literalinclude" else ""
        return f"{indent}{fence}{lang}{end}", "code"
    if name in HIDDEN:
        return end, "hidden"
    if name not in ADMONITIONS | TITLED | UNTITLED:
        return line, "plain"
    title = "" if name in UNTITLED else _title(name, arg)
    return (f"{indent}{title}  {end}" if title else end), "box"


def convert(text: str) -> str:
    """The text with MyST directives, roles and targets as plain Markdown; other Markdown as written."""
    if not any(m in text for m in _MARKERS):
        return text
    out: list[str] = []
    stack: list[tuple[str, str]] = []     # (fence, kind) of each open block: box, code, hidden, plain code
    options = ""                          # right after a directive's opening line: its options go
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        bare, end = body.lstrip(" "), line[len(body):]
        fence, kind = stack[-1] if stack else ("", "")
        if options == "yaml" or options and (_OPTION.match(body) or bare == "---"):
            options = "" if options == "yaml" and bare == "---" else "yaml" if bare == "---" else options
            out.append(end)             # `:key: value` lines, or a `---` block of YAML options
            continue
        options = ""
        if stack and fences.closes(bare, fence):
            stack.pop()
            out.append(line if kind in ("code", "plain") else end)
        elif kind in ("code", "plain"):
            out.append(line)
        elif kind == "hidden":
            out.append(end)
        elif directive := _DIRECTIVE.match(bare):
            shifted, kind = _open(line, body, directive)
            stack.append((directive.group("fence"), kind))
            options = "" if kind == "plain" else "lines"
            out.append(shifted)
        elif opened := fences.opening(bare):
            stack.append((opened, "plain"))
            out.append(line)
        elif _TARGET.match(body):
            out.append(end)
        else:
            out.append(_roles(line))
    return "".join(out)


def _roles(line: str) -> str:
    """The line with its roles read, but not a `{name}` inside inline code: listmonk's (MkDocs) Keycloak URL
    `https://.../realms/{realm}` (replace `{realm}` with ...) had read as a role, and lost its text to the next
    code span."""
    code = [m.span() for m in CODE_SPAN.finditer(line)]
    out, at = [], 0
    for m in outside(_ROLE, line, code, whole=False):
        out += [line[at:m.start()], role(m)]
        at = m.end()
    return "".join(out) + line[at:]
