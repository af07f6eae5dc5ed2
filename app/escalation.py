"""Escalation packets: the field list comes from the knowledge base's own template (the support document
whose title mentions "escalation", its "Fields" section), pre-filled from the agent's question and the
answer. Everything except find_template() is a pure function."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .answer import place

_FIELD = re.compile(r"^\s*[-*+]\s+\*\*(.+?):?\*\*:?\s*(.*)$")
_SECTION = re.compile(r"^(#{1,6})\s+(.*?)\s*+#*+\s*+$")
_QUOTED = re.compile(r"\"([^\"]{3,200})\"|“([^”]{3,200})”|`([^`]{3,200})`|'([^']{3,200})'(?!\w)")
_CODE = re.compile(r"\b(?:[A-Z][A-Z0-9]{1,9}-\d{2,6}|ERR_[A-Z0-9_]+)\b")
_TRIED = re.compile(r"\b(tried|try(?:ing)?|already|restart(?:ed)?|reboot(?:ed)?|clear(?:ed)?|reinstall(?:ed)?|"
                    r"re-?upload(?:ed)?|reset|log(?:ged)? out)\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_ONE_OF = re.compile(r"one of:?\s*(.+?)(?:\.\s|\.$|$)", re.I)
_WORKSPACE = re.compile(r"\bws_[A-Za-z0-9]+\b")
_EVIDENCE = re.compile(r"\b(?:sst|cf|req)_[A-Za-z0-9]+\b")


@dataclass(frozen=True)
class Field:
    name: str
    hint: str


def parse_fields(markdown: str, section: str = "fields") -> list[Field]:
    """The `- **Name:** hint` bullets of the template's "Fields" section, in order."""
    fields, inside, level = [], False, 0
    for line in markdown.splitlines():
        heading = _SECTION.match(line)
        if heading:
            if inside and len(heading.group(1)) <= level:
                break
            if heading.group(2).strip().lower() == section:
                inside, level = True, len(heading.group(1))
            continue
        m = _FIELD.match(line) if inside else None
        if m:
            fields.append(Field(m.group(1).strip().rstrip(":"), m.group(2).strip()))
    return fields


def error_messages(text: str) -> list[str]:
    """Quoted text and error codes (ABC-123, ERR_X), each once, quoted text first."""
    found = [next(g for g in m.groups() if g) for m in _QUOTED.finditer(text)]
    for m in _CODE.finditer(text):
        code = m.group(0)
        if not any(code in q for q in found):
            found.append(code)
    return list(dict.fromkeys(found))


def steps_tried(text: str) -> list[str]:
    """Sentences of the question that say what was already done."""
    return [s.strip() for s in _SENTENCE.split(text) if s.strip() and _TRIED.search(s)]


def area_options(hint: str) -> list[str]:
    """'One of: Login/2FA, SSO, Billing, Other.' -> ['Login/2FA', 'SSO', 'Billing', 'Other']."""
    m = _ONE_OF.search(hint)
    return [o.strip() for o in m.group(1).split(",") if o.strip()] if m else []


def product_area(question: str, result: dict, options: list[str]) -> str | None:
    """The option named first in the question, then in the top cited passage's title and section; else
    "Other" when that is an option. Lower citations are not read: they are often a neighbouring topic
    (a "502 errors, is there an outage?" answer cites an SSO page third, and was filed under SSO)."""
    cites = result.get("citations", [])
    texts = [question] + [f"{c['title']} {c['section']}" for c in cites[:1]]
    for text in texts:
        found = {}
        for option in options:
            words = [w.strip() for w in re.split(r"[/&]| and ", option) if w.strip() and w.strip().lower() != "other"]
            hits = [m.start() for w in words for m in [re.search(rf"\b{re.escape(w)}\b", text, re.I)] if m]
            if hits:
                found[option] = min(hits)
        if found:                       # the one named first: "SSO-102 ... at login" is about SSO
            return min(found, key=found.get)
    if options:
        return next((o for o in options if o.lower() == "other"), None)
    return cites[0]["title"] if cites else None


def summary(question: str, result: dict, limit: int = 200) -> str:
    """One sentence: the question's first sentence, and the document the answer came from."""
    first = _SENTENCE.split(question.strip(), maxsplit=1)[0].strip()
    first = first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + "…"
    cites = result.get("citations", [])
    return f"{first} (matches: {place(cites[0]['title'], cites[0]['section'])})" if cites else first


def _kind(name: str) -> str:
    n = name.lower()
    for key, kind in (("error", "error"), ("product area", "area"), ("tried", "tried"), ("summary", "summary"),
                      ("workspace", "workspace"), ("evidence", "evidence")):
        if key in n:
            return kind
    return ""


def prefill(fields: list[Field], question: str, result: dict) -> dict[str, str | None]:
    """Field name -> value found in the question/answer, or None when the agent must fill it in."""
    values: dict[str, str | None] = {}
    for f in fields:
        kind, value = _kind(f.name), None
        if kind == "error":
            value = "; ".join(error_messages(question)) or None
        elif kind == "area":
            value = product_area(question, result, area_options(f.hint))
        elif kind == "summary":
            value = summary(question, result)
        elif kind == "tried":
            value = " ".join(steps_tried(question)) or None
        elif kind in ("workspace", "evidence"):
            pattern = _WORKSPACE if kind == "workspace" else _EVIDENCE
            value = ", ".join(dict.fromkeys(pattern.findall(question))) or None
        values[f.name] = value
    return values


def missing(values: dict[str, str | None]) -> list[str]:
    return [name for name, value in values.items() if not value]


def render(fields: list[Field], values: dict[str, str | None]) -> str:
    """The packet as plain text to paste into the escalation ticket; empty fields say what they need."""
    return "\n".join(f"{f.name}: {values.get(f.name) or '(missing: ' + f.hint + ')'}" for f in fields)


def find_template(kb) -> str | None:
    """The text of the support document whose title mentions "escalation" (first by path), or None."""
    for source, record in sorted(kb.store.live_files("support").items()):
        if "escalation" in str(record.get("title", "")).lower():
            path = kb.config.root / source
            try:
                return path.read_text(encoding="utf-8")
            except OSError:
                return None
    return None
