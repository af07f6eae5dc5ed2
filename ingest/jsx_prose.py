"""Sentences a component is handed as data: `<IntegrationSecrets secrets={[{ steps: ["Click on your profile.",
"Switch to the Security tab.", <>Click <b>Add</b><ul><li>Path: /</li></ul></>] }]} />` shows them as a list.

Read as a tag, every word of it went: Homarr's docs keep the steps to create each integration's token so (47 pages;
the Proxmox, Home Assistant and TrueNAS token steps among them), and 64 of their chunks were bare headings over
the emptied tags. A self-closing component with an array-valued attribute becomes its sentences, one list item a
line, numbered under a `steps` key: each string of three words or more that starts with a capital, and each JSX
element's text as one item. Single words ('apiKey'), names and commands ('npm install x') stay out.
ingest/jsx_tags.py reads `items={[{title, text, href}]}` cards first; the number of lines stays.
"""
from __future__ import annotations

import re

from .jsx_tags import closing_quote, written_tags
from .mdx_components import TITLE_ATTR, value

_TAG = re.compile(r"^[ \t]*<[A-Z][\w.]*\s[^<>]*?\b[\w-]+=\{\[")
_KEY = re.compile(r"([A-Za-z_$][\w$]*)\s*:")
# a sentence: three words or more, the first capitalised ("Usenet client", a widget's category, is a label)
_WORDS = re.compile(r"[A-Z]\S*(?:\s+\S+){2,}")
_CODE_LIKE = re.compile(r"=>|[;{}]|^\s*(?:import|export|const|let|return)\b|^[\w./-]+$")
_JSX_TAG = re.compile(r"<(/?)([A-Za-z][\w.]*)?((?:[^<>\"'{}]|\"[^\"]*\"|'[^']*'|\{[^{}]*\})*?)(/?)>")
_JSX_STRING = re.compile(r"\{\s*([\"'])(.*?)\1\s*\}")
_ITEM_TAGS = {"li", "p", "br", "div"}                              # elements whose text starts a new piece


def prose_lists(lines: list[str]) -> list[str]:
    """Lines with each such component's sentences as list items in its lines (the rest left blank)."""
    return written_tags(lines, _TAG, _titled_sentences)


def _titled_sentences(tag: str) -> list[str]:
    items = sentences(tag)
    title = TITLE_ATTR.search(tag[:tag.find("={")])      # the component's own title stays over its sentences
    return [f"**{value(title)}**", *items] if items and title and value(title) else items


def sentences(tag: str) -> list[str]:
    """The tag's sentences as list items, in the order written."""
    items, key, numbered, i = [], "", 0, tag.find("{")
    while 0 <= i < len(tag):
        ch = tag[i]
        if ch in "\"'`":
            j = closing_quote(tag, i)
            if j < 0:
                break
            text = " ".join(_ESCAPED.sub(r"\1", tag[i + 1:j]).split())
            if _WORDS.fullmatch(text) and not _CODE_LIKE.search(text):
                numbered, item = _item(text, key, numbered)
                items.append(item)
            i = j + 1
        elif ch == "<":
            j, text = _element(tag, i)
            if text:
                numbered, item = _item(text, key, numbered)
                items.append(item)
            i = j
        elif m := _KEY.match(tag, i):
            key, i = m.group(1).lower(), m.end()
            numbered = 0 if "step" in key else numbered          # each list of steps counts from 1
        else:
            i += 1
    return items


_ESCAPED = re.compile(r"\\(.)")


def _item(text: str, key: str, numbered: int) -> tuple[int, str]:
    if "step" in key:
        return numbered + 1, f"{numbered + 1}. {text}"
    return numbered, f"- {text}"


def _element(tag: str, start: int) -> tuple[int, str]:
    """Where the JSX element (or fragment) opening at `start` ends, and the words it shows ("; " between items)."""
    depth, pieces, i = 0, [""], start
    while i < len(tag):
        m = _JSX_TAG.match(tag, i)
        if m is None:
            if tag[i] == "{" and (s := _JSX_STRING.match(tag, i)):
                pieces[-1] += s.group(2)
                i = s.end()
                continue
            if tag[i] == "{":                       # an expression with no words: skipped whole
                close = tag.find("}", i)
                i = len(tag) if close < 0 else close + 1
                continue
            pieces[-1] += tag[i]
            i += 1
            continue
        closing, name, selfclosing = m.group(1), (m.group(2) or "").lower(), m.group(4)
        if name in _ITEM_TAGS and pieces[-1].strip():
            pieces.append("")
        if not selfclosing and name != "br":
            depth += -1 if closing else 1
        i = m.end()
        if depth <= 0:
            break
    words = [" ".join(p.split()) for p in pieces]
    return i, "; ".join(w for w in words if w)
