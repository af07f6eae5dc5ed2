"""A code block's opening line as a reader of the rendered page sees it. Markdown shows only an info string's first
word, the language, so a block's title was lost and its other attributes were printed by the CLI and API:
- a title (```ts title="Logs", Starlight's and Docusaurus's; ```ts Logs, Mintlify's; superfences' tab="Docker";
  VitePress' code group ```bash [npm]) becomes a bold line above the block (Val Town's docs: 111 blocks,
  "Without authentication" over one of two curl examples);
- other attributes go (`mdox-exec="cat example.jsonnet"`: kube-prometheus' docs; Hugo's ```yaml {title="x"} was
  "```yaml {}" in 7 of 36 answers on Authelia's docs), and so do VitePress' line highlights (`nginx{4,5,7-8}`);
- an info string all in braces (Pandoc's and superfences' ```{.json .apirequest title="x"}) has its first class as
  the language (Moonraker's docs: 896 blocks, braces shown in 8 of 36 answers).
"""
from __future__ import annotations

import re

from ingest import fences

_FENCE_LINE = re.compile(r"([ \t]*)(`{3,}|~{3,})(\S*)(.*)")
_HIGHLIGHTS = re.compile(r"\{[\d,\s-]*\}$")
_PANDOC_LANG = re.compile(r"^\{\s*\.([\w+-]+)")
_LABEL = re.compile(r"\[([^\[\]\n]+)\]")         # VitePress' code group: Bagisto's alternative tabs read as steps
_FENCE_ATTR = re.compile(r"""\s*(?<![\w-])([\w-]+)=(?:"([^"\n]*)"|'([^'\n]*)'|\S+)""")
_TITLE_KEYS = ("title", "tab")                    # superfences' tab= (Traefik's docs: 993 blocks, labels lost)
_FLAG = re.compile(r"[a-z][\w-]*")     # `copy`, `wrap`, `showLineNumbers`: a renderer's option, not a title


def code_titles(text: str) -> str:
    """The text with each code block's opening line as it is shown, its title a bold line above it."""
    out, at = [], 0
    for start, end in fences.blocks(text):
        stop = text.find("\n", start, end)
        m = _FENCE_LINE.fullmatch(text, start, stop if stop >= 0 else end)
        if m and (shown := _shown(*m.groups())) is not None:
            out += [text[at:start], shown]
            at = m.end()
    return "".join(out) + text[at:]


def _shown(indent: str, marker: str, lang: str, info: str) -> str | None:
    """The opening line (a title line above it) as shown; None to leave it as written."""
    info = info.strip()
    if lang.startswith("{"):
        info = (lang + " " + info).strip()
        lang = found.group(1) if (found := _PANDOC_LANG.search(info)) else ""
    bare = _HIGHLIGHTS.sub("", lang)
    if not info:
        return f"{indent}{marker}{bare}" if bare != lang else None
    braced = info.startswith("{") and info.endswith("}")     # Hugo's and Pandoc's {title="x" linenos=true}
    attrs = list(_FENCE_ATTR.finditer(info[1:-1] if braced else info))
    title = next((a.group(2) or a.group(3) for a in attrs if a.group(1) in _TITLE_KEYS), None)
    rest = "" if braced else _FENCE_ATTR.sub("", info).strip()
    if title is None and (label := _LABEL.fullmatch(rest)):
        title, rest = label.group(1).strip(), ""
    elif title is None and bare and _words_title(rest):
        title, rest = rest, ""
    elif "=" not in info and not braced:
        return None
    fence = f"{indent}{marker}{bare}" + (f" {rest}" if rest else "")
    return (f"\n{indent}**{title}**\n" if title else "") + fence


def _words_title(rest: str) -> bool:
    """Whether the words after a code block's language are its title, as Mintlify reads them (```txt Production,
    ```ts JS (Express)): Polar's docs, 213 blocks in 38 files, their tabs' labels lost and the words printed on the
    fence. Not options (`copy`, `{2}`), nor words all lower case without a dot (`ts val`), nor a prompt (`sh $`)."""
    words = rest.split()
    return (bool(words) and not re.search(r"[{}\[\]<>`]", rest) and bool(re.search(r"[^\W_]", rest))
            and not all(_FLAG.fullmatch(w) for w in words))
