"""Jekyll's `{% raw %}...{% endraw %}`: Liquid reads a page before Markdown does, so on a Liquid page the pair shows
nothing, in code too, and what it holds shows as written (ingest/templates.py decides which pages are Liquid)."""
from __future__ import annotations

import re

from . import fences
from .code_spans import outside

# Segment's docs: `{% raw %}` and `{% endraw %}` round a code sample's {{ }} were shown in 4 chunks of 3 pages
_RAW_TAG = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
# ... and a page whose only Liquid is such a pair, in code, is a Liquid page too: Metabase's SQL examples showed
# `WHERE category = {% raw %}{{cat}}{% endraw %}` in 20 chunks of 7 pages (pasted, the query fails)
_RAW_PAIR = re.compile(r"\{%-?\s*raw\s*-?%\}[^\n]*?\{\{.*?\}\}[^\n]*?\{%-?\s*endraw\s*-?%\}")
_TEMPLATE_CODE = re.compile(r"[ \t]*(?:`{3,}|~{3,})[ \t]*(?:liquid|jinja2?|twig|nunjucks|django|jekyll)\b", re.I)


def escapes(text: str) -> bool:
    """Whether the page escapes a {{ }} with a raw pair anywhere but in a template language's code, which
    shows the syntax itself (a page of Jekyll tips)."""
    taught = [(a, b) for a, b in fences.blocks(text) if _TEMPLATE_CODE.match(text, a)]
    return any(True for _ in outside(_RAW_PAIR, text, taught))


def unwrapped(text: str) -> str:
    """A Liquid page's text without its raw tags."""
    return _RAW_TAG.sub("", text) if "raw" in text else text
