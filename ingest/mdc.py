"""Nuxt Content's MDC syntax as its site shows it: a block component (`::callout{icon="x"}` ... `::`, nested ones
with more colons), its YAML props (`---` / `label: Create client with token` / `---` under the opening line) and
inline components (`:icon{name="..."}`, `:badge[Beta]{color="green"}`).

Read as CommonMark, on Directus's docs 649 openers and 639 `::` closers were text in 569 chunks of 189 pages (9 of
34 answers showed them), each `label:` of a props block became a setext heading (52 sections that are no page's),
a `::faq`'s questions one section headed "::faq", a component's body indented under its tab an indented code
block, and `:icon{name="material-symbols:edit-outline"}` the words of 71 chunks. Now a component's title (its
`title`, `label` or `name`, from its attributes or props; a link where it has `to`) is a bold line over its body,
a box kind without one (`::note`) is titled by its kind, a `::callout` shows its body only (the site draws an
icon), a body is dedented to its opening line, and a props block's `items` of {label, content} read as one titled
line each. Three colons and more with no attributes are Docusaurus' and VitePress' boxes (mdx_blocks.py), unless
inside an MDC component (Directus' `::u-page-grid` of `:::u-page-card` with props: 25 cards read as "**U page
card**" over a setext heading of their props). An `:icon{name=...}` in a sentence is the control it stands for
("click [account circle full] in the dashboard header": 138 in 32 pages had left "click  in"), a component alone on
its line with nothing to read (`:cta-cloud`) goes. The number of lines stays.
"""
from __future__ import annotations

import re

import yaml

from . import fences
from .code_spans import CODE_SPAN
from .headings import title_line
from .html_blocks import KINDS
from .line_ends import ending
from .tag_text import icon_words

_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<colons>:{2,})(?P<name>[A-Za-z][\w-]*)(?:\{(?P<attrs>[^{}\n]*)\})?[ \t]*$")
_CLOSE = re.compile(r"^[ \t]*(?P<colons>:{2,})[ \t]*$")
_ATTR = re.compile(r"(?P<key>[\w:-]+)=(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')")
_INLINE = re.compile(r"(?<![\w:/`]):(?P<name>[A-Za-z][\w-]*)(?:\[(?P<text>[^\]\n]*)\])?\{(?P<attrs>[^{}\n]*)\}")
_TITLES = ("title", "label", "name", "header")
_BARE = re.compile(r"^[ \t]*:[A-Za-z][\w-]*[ \t]*$")      # a component alone on its line, no props
PROPS_LINES = 60            # a props block no `---` closes within these lines is left as written


def _attrs(raw: str | None) -> dict[str, str]:
    return {m.group("key").lower(): m.group("dq") if m.group("dq") is not None else m.group("sq")
            for m in _ATTR.finditer(raw or "")}


def _mdc(text: str) -> bool:
    """Whether the page writes MDC: a two-colon component, or three and more with attributes."""
    return any((m := _OPEN.match(line)) and (len(m.group("colons")) == 2 or m.group("attrs") is not None)
               for line in text.splitlines())


def convert(text: str) -> str:
    if ":" not in text or "{" not in text and "::" not in text:
        return text
    block = _mdc(text)
    if not block and not _INLINE.search(text):
        return text
    lines, out = text.splitlines(keepends=True), []
    stack: list[list] = []                 # [colons, shift or None until its body's first line] per open component
    fence, fence_shift, skip_to = "", 0, -1
    for n, line in enumerate(lines):
        if n <= skip_to:
            continue                            # a props block, written out with its opening line
        end = ending(line)
        body = line[:len(line) - len(end)]
        indent = len(body) - len(body.lstrip(" "))
        if stack and stack[-1][1] is None and body.strip():
            stack[-1][1] = indent               # a body is dedented as far as its first line
        shift = fence_shift if fence else (stack[-1][1] or 0) if stack else 0
        shifted = body[min(shift, indent):]
        if fence:
            fence = "" if fences.closes(shifted.lstrip(" "), fence) else fence
        elif opened := fences.opening(shifted.lstrip(" ")):
            fence, fence_shift = opened, min(shift, indent)
        elif block and (m := _OPEN.match(body)) and (len(m.group("colons")) == 2 or m.group("attrs") is not None
                                                      or stack and len(m.group("colons")) > stack[-1][0]):
            props, skip_to = _props(lines, n + 1)
            out += _fit(_opening(m, props), max(skip_to, n) - n + 1)
            stack.append([len(m.group("colons")), None])
            continue
        elif block and stack and (m := _CLOSE.match(body)) and len(m.group("colons")) == stack[-1][0]:
            stack.pop()
            shifted = ""
        elif block and _BARE.match(shifted):
            shifted = ""                        # `:cta-cloud`: a component the site draws, nothing to read
        else:
            shifted = _inline(shifted)
        out.append(shifted + end)
    return "".join(out)


def _fit(shown: list[str], room: int) -> list[str]:
    """`shown` in exactly `room` lines: blank lines added, or the last ones joined on the last line."""
    if len(shown) <= room:
        return shown + ["\n"] * (room - len(shown))
    return shown[:room - 1] + [" ".join(x.strip() for x in shown[room - 1:] if x.strip()) + "\n"]


def _props(lines: list[str], start: int) -> tuple[dict, int]:
    """The YAML props block right under an opening line: (props, its last line), or ({}, start - 1)."""
    if start >= len(lines) or lines[start].strip() != "---":
        return {}, start - 1
    close = next((k for k in range(start + 1, min(start + PROPS_LINES, len(lines))) if lines[k].strip() == "---"), None)
    if close is None:
        return {}, start - 1
    margin = len(lines[start]) - len(lines[start].lstrip(" "))
    try:
        props = yaml.safe_load("".join(x[min(margin, len(x) - len(x.lstrip(" "))):] for x in lines[start + 1:close]))
    except yaml.YAMLError:
        props = None
    return (props if isinstance(props, dict) else {}), close


def _opening(m: re.Match, props: dict) -> list[str]:
    """The opening line (and its props block's lines) as shown: a title line, then each of its `items`."""
    attrs = {**{k: str(v) for k, v in props.items() if isinstance(v, (str, int, float))}, **_attrs(m.group("attrs"))}
    name = m.group("name").lower()
    title = next((attrs[k] for k in _TITLES if attrs.get(k)), "") or (name.capitalize() if name in KINDS else "")
    if title and attrs.get("to"):
        title = f"[{title}]({attrs['to']})"
    first = title_line("", title, "\n")
    if attrs.get("description"):
        first = (first.rstrip() + " " if title else "") + attrs["description"] + "\n"
    shown = [first]
    for item in props.get("items") if isinstance(props.get("items"), list) else []:
        if isinstance(item, dict):
            label = next((str(item[k]) for k in ("label", "title", "question") if item.get(k)), "")
            content = " ".join(str(item.get("content") or item.get("answer") or "").split())
            shown += [f"**{label}** {content}\n" if label else content + "\n", "\n"]
    return shown


def _inline(line: str) -> str:
    """Inline components outside code spans: one with text shows it, one without shows nothing."""
    if ":" not in line or "{" not in line:
        return line
    out, pos = [], 0
    for code in CODE_SPAN.finditer(line):
        out += [_INLINE.sub(_inline_text, line[pos:code.start()]), code.group(0)]
        pos = code.end()
    return "".join(out) + _INLINE.sub(_inline_text, line[pos:])


def _inline_text(m: re.Match) -> str:
    attrs = _attrs(m.group("attrs"))
    shown = m.group("text") or next((attrs[k] for k in ("label", "text", "title") if attrs.get(k)), "")
    if shown or m.group("name").lower() != "icon" or m.string.lstrip().startswith("#"):
        return shown
    return icon_words(attrs.get("name", "").rsplit(":", 1)[-1])     # the control it stands for, as MkDocs' icons'

