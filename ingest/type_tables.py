"""Fumadocs' `<TypeTable type={{ name: { type: "string", description: "...", default: "x" }, ... }} />`, the table of
a component's or a function's fields, as the list of fields it shows: "- `name` (`string`): what it is (default: x)".

Read as a tag, it went whole or stayed raw: Novu's docs hold 62 in 19 pages, 13 pages lost their field tables as
chunks of "non-words" (6 KB of the subscriber schema among them) and 18 chunks showed the object literal. A field
a line, in the tag's own lines (a field takes three or more of them), the rest left blank; a table whose fields do
not fit stays as it was.
"""
from __future__ import annotations

import re

from .jsx_tags import closing_quote, written_tags

_TAG = re.compile(r"^[ \t]*<TypeTable\b")
_TOKEN = re.compile(r"""(?P<key>"[^"\n]*"|'[^'\n]*'|[A-Za-z_$][\w$]*)\s*:|(?P<quote>["'`])"""
                    r"|(?P<open>\{)|(?P<close>\})")
_FACTS = ("type", "description", "default")


def convert(lines: list[str]) -> list[str]:
    """Lines with each TypeTable as its fields, one a line."""
    return written_tags(lines, _TAG, _fields, end=_end)


_LAST = re.compile(r"/>[ \t]*$")
MOST_LINES = 2000               # a table longer than this is left as it is


def _end(lines: list[str], n: int) -> int | None:
    """The line that closes the TypeTable opened on line n (`}} />`, or `/>` under `}}`), however many fields it has."""
    closed = False                                  # the object's `}}` seen
    for k in range(n, min(n + MOST_LINES, len(lines))):
        closed = closed or "}}" in lines[k]
        if closed and _LAST.search(lines[k].rstrip("\r\n")):
            return k
    return None


def _fields(tag: str) -> list[str]:
    """Each field of the `type={{...}}` object as a list item, in the order written."""
    start = tag.find("type={{")
    if start < 0:
        return []
    depth, i, key, name, facts, out = 0, start + len("type="), None, None, {}, []
    while i < len(tag):
        m = _TOKEN.search(tag, i)
        if m is None:
            break
        if m.group("key"):
            key, i = m.group("key").strip("\"'"), m.end()
        elif m.group("quote"):
            end = closing_quote(tag, m.start())
            if end < 0:
                break
            if depth == 3 and key in _FACTS:
                facts[key] = " ".join(tag[m.start() + 1:end].replace("\\" + m.group("quote"), m.group("quote")).split())
            key, i = None, end + 1
        elif m.group("open"):
            depth += 1
            name, facts = (key, {}) if depth == 3 else (name, facts)
            key, i = None, m.end()
        else:
            if depth == 3 and name:
                out.append(_item(name, facts))
            depth -= 1
            i = m.end()
            if depth <= 0:
                break
    return out


def _item(name: str, facts: dict[str, str]) -> str:
    kind = f" (`{facts['type']}`)" if facts.get("type") else ""
    said = f": {facts['description']}" if facts.get("description") else ""
    default = f" (default: `{facts['default']}`)" if facts.get("default") else ""
    return f"- `{name}`{kind}{said}{default}"
