"""VitePress' imports: `<<< @/snippets/actor.json` shows a file as a code block, `<!--@include: ./parts/x.md-->` a
Markdown file's text (ingest/includes.py expands both). Left as written, Pixelfed's docs held 26 chunks of a bare
`<<<` line under "Click to expand" and never the JSON the page shows.

`<<< path#region{highlights or lang} [title]`: the region is the text between `#region name` and `#endregion`
comment lines; braces with a word name the language (`{c#}`), with numbers the lines to highlight (nothing shown).
`@/` is the source folder: ingest/include_scope.py looks such a name up as a site path."""
from __future__ import annotations

import re
from pathlib import PurePosixPath

CODE = re.compile(r"^([ \t]*)<<<[ \t]+(?P<path>[^\s#{\[]+)(?:#(?P<region>[\w-]+))?(?:\{(?P<opts>[^}]*)\})?"
                  r"(?:[ \t]+\[(?P<title>[^\]]*)\])?[ \t]*$")
MARKDOWN = re.compile(r"^([ \t]*)<!--\s*@include:\s*(?P<path>[^\s#{]+)(?:#(?P<region>[\w-]+))?(?:\{[\d,-]*\})?\s*-->"
                      r"[ \t]*$")
_HIGHLIGHTS = re.compile(r"[\d,\s-]*")


def region(lines: list[str], name: str | None) -> list[str]:
    """The lines between `#region name` and its `#endregion` (the markers' comment syntax whatever it is); all
    lines when there is no name or no such region."""
    if not name:
        return lines
    start = next((i for i, x in enumerate(lines) if re.search(rf"#region\s+{re.escape(name)}\b", x)), None)
    if start is None:
        return lines
    end = next((i for i in range(start + 1, len(lines)) if re.search(rf"#endregion(?:\s+{re.escape(name)}\b|\s*$)",
                                                                     lines[i])), len(lines))
    return lines[start + 1:end]


def fenced(m: re.Match, lines: list[str], indent: str) -> list[str]:
    """A file's lines as the code block VitePress shows: its language from the braces or the file's suffix, its
    title (if any) as a bold line above it."""
    opts = (m.group("opts") or "").strip()
    lang = opts if opts and not _HIGHLIGHTS.fullmatch(opts) else PurePosixPath(m.group("path")).suffix.lstrip(".")
    body = [x if x.endswith("\n") else x + "\n" for x in region(lines, m.group("region"))]
    fence = "`" * max(3, 1 + max((len(r) for x in body for r in re.findall(r"`{3,}", x)), default=0))
    title = [f"{indent}**{m.group('title').strip()}**\n", "\n"] if (m.group("title") or "").strip() else []
    return [*title, f"{indent}{fence}{lang}\n", *(indent + x if x.strip() else x for x in body), f"{indent}{fence}\n"]
