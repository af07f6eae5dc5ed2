"""ERB in Middleman pages (GOV.UK's tech-docs template) as the site renders it; the number of lines is kept.

- `<%= current_page.data.title %>` is the page's own front-matter value: MoJ's Cloud Platform guide writes its
  H1 so in 96 of 124 pages, and blanked, 890 of 1,179 chunks had an empty level in their heading path and 6 of
  36 answers opened with an empty bold title.
- `<%= warning_text('...') %>` is a warning box with that text: blanked, GOV.UK PaaS lost 11 warnings ("Deleting
  an app is irreversible...") and GOV.UK Pay's docs 13.
- `<%= partial "docs/x" %>` is the file `docs/_x.html.erb` (or `.html.md`, `.html.markerb`...): ingest/includes.py
  reads it through `partial_files`, when it holds prose (`is_prose`); a partial of navigation code is not.
- `<%= link_to 'Java', 'java.html' %>` is a link: blanked, GOV.UK Notify's list of its 7 clients was left empty
  and dropped as markup; with an address that is Ruby, its text.
- Any other tag (Ruby code, `ENV["PORT"]`) is blanked, as before; inside fenced code every tag stays as written.
"""
from __future__ import annotations

import posixpath
import re

from . import fences, frontmatter
from .words import MIN_WORD_SHARE, searchable, word_share

_ERB = re.compile(r"<%(=?)(.*?)-?%>", re.S)
_WARNING = re.compile(r"""\s*warning_text\s*\(?\s*(['"])(.*)\1\s*\)?\s*""", re.S)
_PAGE_DATA = re.compile(r"""\s*current_page\.data(?:\.(\w+)|\[\s*:?['"]?(\w+)['"]?\s*\])\s*""")
_LINK_TO = re.compile(r"""\s*link_to\s*\(?\s*(['"])(.+?)\1\s*(?:,\s*(['"])([^'"]+)\3)?.*""", re.S)
_RUBY_ESCAPE = re.compile(r"""\\(['"\\])""")
# Fly.io's docs: 146 partials in 50 pages; blanked, the flyctl install page kept only "Next steps", and the
# production checklist lost its 8 sections.
PARTIAL = r"<%=\s*partial\s*\(?\s*[\"']([^\"']+)[\"'][^%]*?%>"
_PARTIAL_EXTS = (".html.erb", ".html.md", ".html.md.erb", ".html.markerb", ".md", ".md.erb", ".markerb", ".erb")


def render(text: str) -> str:
    """`text` with its ERB tags as the page shows them."""
    if "<%" not in text:
        return text
    data = frontmatter.yaml_data(text) if "current_page" in text else {}
    # code shows a template as written: Chatwoot's Vue sample `<%= htmlWebpackPlugin.options.title %>` (a plain .md
    # page, which no ERB pass reads) had read "We're sorry but  doesn't work"
    return fences.outside(text, lambda part: _ERB.sub(lambda m: _shown(m, data), part))


def _shown(m: re.Match, data: dict) -> str:
    lines = "\n" * m.group(0).count("\n")
    if m.group(1):
        warning = _WARNING.fullmatch(m.group(2))
        if warning:
            return "**Warning:** " + " ".join(_RUBY_ESCAPE.sub(r"\1", warning.group(2)).split()) + lines
        link = _LINK_TO.fullmatch(m.group(2))
        if link:
            text = " ".join(_RUBY_ESCAPE.sub(r"\1", link.group(2)).split())
            return (f"[{text}]({link.group(4)})" if link.group(4) else text) + lines
        key = _PAGE_DATA.fullmatch(m.group(2))
        value = data.get(key.group(1) or key.group(2)) if key else None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return " ".join(str(value).split()) + lines
    return lines


def partial_files(name: str) -> list[str]:
    """The files Middleman reads for `partial name`: its base name with a leading underscore, any template."""
    folder, base = posixpath.split(name)
    return [posixpath.join(folder, "_" + base.lstrip("_") + ext) for ext in _PARTIAL_EXTS]


def is_prose(text: str) -> bool:
    """Whether a partial, as rendered, is words to read rather than navigation markup or Ruby."""
    shown = searchable(render(text))
    return bool(shown.strip()) and word_share(shown) >= MIN_WORD_SHARE
