"""Lines a site renders otherwise than CommonMark reads them, one at a time (outside code): an HTML heading alone on
its line, a `##Title` heading with no space, an MDX `import`/`export` line, which is code, not text, and a box's or
tab's title line that the heading right under it repeats; and, in an MDX page, an indented code block (MDX has
none)."""
from __future__ import annotations

import re

from . import html_blocks
from .headings import PERMALINK

_MDX_IMPORT = re.compile(r"^(import|export)\s.+\sfrom\s+['\"].+['\"];?\s*$")
_IMPORT_OPENS = re.compile(r"^import\s*(?:type\s+)?\{[^}]*$")
_IMPORT_ENDS = re.compile(r"^.*\}\s*from\s+['\"][^'\"]+['\"];?\s*$")
IMPORT_LINES = 60           # one name a line; an `import {` that no `} from` ends within them is left as written
# at most 3 spaces in, as CommonMark starts an HTML block: Joplin's FAQ quotes a 403 page in an indented code
# block, and its "<h1>Forbidden</h1>" became a section that took the fix and the six sections after it
_HTML_HEADING = re.compile(r"^ {0,3}<h([1-6])(\s[^>]*)?>(.*?)</h\1>\s*$", re.I)
# its id is its anchor, as the site links it (Metabase's troubleshooting guide: 25 sections of 6 pages were cited
# at a slug of their words, where `<h2 id="cant-sync-fingerprint-scan">` puts the site's)
_ID = re.compile(r"""\bid\s*=\s*["']([^"'\s]+)["']""", re.I)
# `##Title` or `##\u00a0Title`: Redcarpet (Middleman, older Jekyll) renders it a heading, CommonMark a paragraph.
# GOV.UK Pay's docs: 14 such headings in 4 files, one page with no section at all and six email templates shown
# as raw "###Payment failed" lines; found in 20 files of 11 corpora. One `#` stays text (a #channel, a #tag).
_TIGHT_HEADING = re.compile(r"^( {0,3}#{2,6})(?:\u00a0|(?=[^\s#]))")


def convert(text: str) -> str:
    """`<h2>Title</h2>` alone on a line as an ATX heading, `##Title` (no space) as `## Title`; an MDX
    `import`/`export` line blanked."""
    out, lines, until = [], text.splitlines(keepends=True), -1
    for n, line in enumerate(lines):
        end = "\n" if line.endswith("\n") else ""
        heading = _HTML_HEADING.match(line)
        if n <= until or _IMPORT_OPENS.match(line) and (until := _import_end(lines, n)) >= n:
            line = end      # an import over several lines (Documenso: `import {` .. `} from 'lucide-react';`)
        elif heading:
            own = _ID.search(heading.group(2) or "")
            words = html_blocks.TAG.sub("", PERMALINK.sub("", heading.group(3))).strip()
            line = "#" * int(heading.group(1)) + " " + words + (f" {{#{own.group(1)}}}" if own else "") + end
        elif _MDX_IMPORT.match(line) or repeated_title(line, lines[n + 1:n + 4]):
            line = end
        else:
            line = _TIGHT_HEADING.sub(r"\1 ", line)
        out.append(line)
    return "".join(out)


def _import_end(lines: list[str], start: int) -> int:
    """The line that ends an import opened on line `start` (-1 when none does within IMPORT_LINES)."""
    return next((k for k in range(start, min(start + IMPORT_LINES, len(lines))) if _IMPORT_ENDS.match(lines[k])), -1)


_TITLE = re.compile(r"^[ \t]*\*\*([^*\n]+)\*\*[ \t]*$")        # ingest/headings.title_line's bold line
_ATX = re.compile(r"^[ \t]*#{1,6}[ \t]+(.+?)[ \t#]*$")
_WORDS = re.compile(r"\W+")


def repeated_title(line: str, after: list[str]) -> bool:
    """Whether a title line (a tab's, a box's) is said again by the heading right under it: Hoppscotch's
    `<Tab title="Proxy">` over `## Proxy` left "**Proxy**" ending the section before (4 of 9 tabs)."""
    title, below = _TITLE.match(line), next((x for x in after if x.strip()), "")
    heading = _ATX.match(below)
    return bool(title and heading) and _WORDS.sub(" ", title.group(1).lower()).strip() == \
        _WORDS.sub(" ", heading.group(1).lower()).strip()


def without_indented_code(text: str, tokens) -> str:
    """MDX has no indented code blocks: text indented four spaces is a paragraph there, as the site shows it.
    Read as CommonMark, Hoppscotch's indented paragraphs under a heading were 4 code-block chunks, one of them an
    answer's lead shown as code. Fenced code is untouched."""
    lines = text.splitlines(keepends=True)
    for t in tokens:
        if t.type == "code_block" and t.map:
            for i in range(*t.map):
                lines[i] = lines[i][min(len(lines[i]) - len(lines[i].lstrip(" ")), 4):]
    return "".join(lines)
