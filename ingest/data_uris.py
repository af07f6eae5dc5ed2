"""Data URIs (a screenshot pasted into a page: 0.5 MB of base64 on one line) become a short placeholder before
anything else reads the page, keeping its line numbers."""
from __future__ import annotations

import re
from collections import Counter

_DATA = r"<?data:[^\s)\"'>]*>?"                     # a data URI (no spaces: base64 or %-encoded)
_MD_DATA_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(\s*" + _DATA + r"(?:\s+\"[^\"\n]*\")?\s*\)")
_MD_DATA_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*" + _DATA + r"(?:\s+\"[^\"\n]*\")?\s*\)")
_HTML_DATA_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']data:[^\"']*[\"'][^>]*>", re.IGNORECASE)
_ALT = re.compile(r"\balt\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
_BARE_DATA = re.compile(r"data:[\w.+-]+/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*;base64,[A-Za-z0-9+/=]{16,}")


def drop_data_uris(text: str) -> tuple[str, Counter]:
    """Data-URI images and links (pasted screenshots: 0.5 MB of base64 on one line) -> "[image: alt]".
    Newlines inside a match are kept, so line numbers still match the file."""
    dropped: Counter = Counter()

    def sub(placeholder):
        def _sub(m: re.Match) -> str:
            dropped["data URIs"] += 1
            dropped["bytes"] += len(m.group(0))
            return placeholder(m) + "\n" * m.group(0).count("\n")
        return _sub
    image = lambda alt: f"[image: {alt.strip()}]" if alt.strip() else "[image]"
    if "data:" not in text:
        return text, dropped
    text = _MD_DATA_IMAGE.sub(sub(lambda m: image(m.group(1))), text)
    text = _MD_DATA_LINK.sub(sub(lambda m: m.group(1)), text)
    text = _HTML_DATA_IMAGE.sub(sub(lambda m: image((_ALT.search(m.group(0)) or [""] * 2)[1])), text)
    text = _BARE_DATA.sub(sub(lambda m: "[data]"), text)
    return text, dropped
