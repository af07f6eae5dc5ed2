"""A Liquid (or MkDocs include-markdown) include's parameters: the values its file shows and the part it takes.

documentation-theme-jekyll's boxes: `{% include note.html content="Back up first." %}` is an HTML file showing
`{{include.content}}` (the LineageOS wiki: 71 of 73 such notes in its pages were lost, the tag blanked whole). An
HTML include is read for such a value or for the words it shows (Segment's table of 2,958 words of discard
reasons, the TTS handbook's "Software must be approved" box on 7 pages); without words it is layout.
"""
from __future__ import annotations

import re

from . import erb
from .templates import strip_templates

_PARAM = re.compile(r"""\b(\w+)=(?:"([^"]*)"|'([^']*)')""")
_INCLUDE_VALUE = re.compile(r"\{\{-?\s*include\.(\w+)\s*(?:\|[^{}]*?)?-?\}\}")
# a form is a widget the site draws, its labels no text to read: USAJOBS' job-search box (`<h3>Search Jobs</h3>`
# over <label>, <input> and <button>) made a section of markup in each of 14 pages that include it
_WIDGET = re.compile(r"<(?:form|input|select|textarea)\b", re.I)


def filled(body: list[str] | None, name: str, tail: str, page: dict | None = None) -> list[str] | None:
    """The text of the file `name` that a tag includes with the parameters in `tail`, with `{{ include.x }}` as
    the tag gives it; an HTML file that shows none of them and no words: None. `page`: the including page's front
    matter, which its conditions on `page.x` read."""
    if body is None:
        return None
    values, used = _params(tail), False
    known = {f"include.{k}": v for k, v in values.items()} | {
        f"page.{k}": _liquid(v) for k, v in (page or {}).items() if isinstance(v, (str, int, float, bool))}

    def value(v: re.Match) -> str:
        nonlocal used
        used = used or v.group(1) in values
        return values.get(v.group(1), v.group(0))
    unknown = {f"include.{k}" for k in _variables(tail)}
    text = part(_INCLUDE_VALUE.sub(value, chosen("".join(body), known, unknown)), values.get("start"),
                values.get("end"))
    html = name.lower().endswith(".html")
    if html and not used and (_WIDGET.search(text) or not erb.is_prose(strip_templates(text))):
        return None
    lines = text.splitlines(keepends=True)
    # An HTML file's blank lines (a branch not taken leaves one) mean nothing to its site's kramdown, but end an HTML
    # block here: Passbolt's notice.html, `<div>` over `<p markdown="1">`, showed its `<p>` and the text indented as
    # code in 47 chunks of 43 pages.
    return [line for line in lines if line.strip()] if html else lines


# `{% if include.type == "youtube" %}` ... `{% elsif ... %}` ... `{% else %}` ... `{% endif %}` over the include's own
# parameters is decided as the site decides it: Marlin's media_floater.html, an image unless `type` names a video,
# showed its video branch too ("[Filament sensor video](<https://youtube.com/embed/?autoplay=0>)") in 25 chunks. So is
# one over a value of the including page's front matter: Passbolt's release partials hold `{% if page.product ==
# 'pro' %}` round Pro-only lines, and 16 Community Edition pages listed Pro features. A page value its front matter
# does not give (`page.url`) is left undecided.
_BRANCH = re.compile(r"\{%-?\s*(if|elsif|else|endif|unless|endunless)\b(.*?)-?%\}", re.DOTALL)
# (compared with nothing, nil, empty or blank: whether it is given; Passbolt's notice.html writes `include.ask != `)
_TEST = re.compile(r"""\s*((?:include|page)\.\w+)\s*"""
                   r"""(?:(==|!=)\s*(?:"([^"]*)"|'([^']*)'|(?:nil|null|empty|blank)?))?\s*""")


def _liquid(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def chosen(text: str, values: dict[str, str], unknown: set[str]) -> str:
    """The text with each if/unless whose every condition tests the include's parameters or the page's front matter
    (`values`: "include.x" and "page.x") cut to its branch that holds; any other is left as written."""
    if "{%" not in text:
        return text
    # a group: [tags written, (kind, condition) per branch, pieces per branch]; the outermost is the text itself
    stack: list[tuple[list[str], list[tuple[str, str]], list[list[str]]]] = [([], [("else", "")], [[]])]
    pos = 0
    for m in _BRANCH.finditer(text):
        kind, condition = m.group(1), m.group(2)
        if kind not in ("if", "unless") and len(stack) == 1:
            continue                                    # a stray tag: left as written
        stack[-1][2][-1].append(text[pos:m.start()])
        pos = m.end()
        if kind in ("if", "unless"):
            stack.append(([m.group(0)], [(kind, condition)], [[]]))
        elif kind in ("elsif", "else"):
            stack[-1][0].append(m.group(0))
            stack[-1][1].append((kind, condition))
            stack[-1][2].append([])
        else:
            tags, branches, pieces = stack.pop()
            bodies = ["".join(p) for p in pieces]
            if all(k == "else" or _decidable(c, values, unknown) for k, c in branches):
                shown = next((b for (k, c), b in zip(branches, bodies)
                              if k == "else" or _holds(c, values) != (k == "unless")), "")
            else:
                shown = "".join(t + b for t, b in zip(tags, bodies)) + m.group(0)
            stack[-1][2][-1].append(shown)
    if len(stack) > 1:
        return text                                     # an if never closed: left as written
    return "".join(stack[0][2][0]) + text[pos:]


def _decidable(condition: str, values: dict[str, str], unknown: set[str]) -> bool:
    """Whether every test reads a value known here: an include's parameter (one not given is nil) or a page's."""
    tests = [_TEST.fullmatch(part) for part in re.split(r"\b(?:and|or)\b", condition)]
    return all(t and t.group(1) not in unknown and (t.group(1).startswith("include.") or t.group(1) in values)
               for t in tests)


def _holds(condition: str, values: dict[str, str]) -> bool:
    """A chain of tests joined by and/or, read right to left as Liquid reads it."""
    parts = re.split(r"\b(and|or)\b", condition)
    result = _test(parts[-1], values)
    for i in range(len(parts) - 3, -1, -2):
        left = _test(parts[i], values)
        result = (left and result) if parts[i + 1] == "and" else (left or result)
    return result


def _test(part: str, values: dict[str, str]) -> bool:
    t = _TEST.fullmatch(part)
    got = values.get(t.group(1))
    if t.group(2) is None:
        return bool(got)                 # a parameter not given is nil (Liquid's false); a given string is true
    other = t.group(3) if t.group(3) is not None else t.group(4)
    same = got == other if other is not None else not got
    return same if t.group(2) == "==" else not same


def _variables(tail: str) -> set[str]:
    """The parameters given a variable's value (`link=page.url`): unknown here, so no condition on them is decided."""
    return {m.group(1) for m in re.finditer(r"\b(\w+)=(?![\"'])", tail)}


def _params(tail: str) -> dict[str, str]:
    """A tag's string parameters (a variable's value is unknown here)."""
    return {p.group(1): p.group(2) if p.group(2) is not None else p.group(3) for p in _PARAM.finditer(tail)}


def part(text: str, start: str | None, end: str | None) -> str:
    """The text between the include tag's start and end markers, as mkdocs-include-markdown-plugin reads it (Codacy's
    docs: `{% include-markdown "../assets/includes/paid.md" start="<!--paid-repos-start-->" end=... %}`, 52 in 35
    pages, 3,700 words; blanked, the pages lacked their plan notices and the partials led answers as pages)."""
    if start and start in text:
        text = text[text.index(start) + len(start):]
    if end and end in text:
        text = text[:text.index(end)]
    return text
