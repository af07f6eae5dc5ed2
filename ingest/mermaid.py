"""Mermaid diagrams read as what they say: a flowchart's steps, a sequence's messages, a state machine's moves.
Kept as code, the source led answers: Saleor's docs hold 30 pages of diagrams (89 chunks), and one answer was a
flowchart's `A{Do you need permissions?} -->|No| X[...]` and nothing else; 14 of the 60 sites we tried draw them.
Its labels are the diagram's words, so a list of them is both what a reader can use and what a search can match:

    ```mermaid                              Diagram:
    flowchart TD
        A{Need a token?} -->|No| B[Public]  - Need a token? — No → Public

Flowcharts (`graph` too), sequence diagrams and state diagrams are read; other kinds (class, ER, Gantt, pie,
architecture...) stay code. Every line is kept, emptied where it draws and says nothing (styles, `end`), so
lines keep their numbers. Only what a block's own syntax says is read; an edge label holding brackets may read
as a node, which no diagram we saw did.
"""
from __future__ import annotations

import re

from . import fences

_INFO = re.compile(r"[ \t]*(?:`{3,}|~{3,})[ \t]*\{?\.?mermaid\b", re.IGNORECASE)
_KIND = re.compile(r"\s*(flowchart|graph|sequenceDiagram|stateDiagram(?:-v2)?)\b(?:-elk)?", re.IGNORECASE)
_FRONT_TITLE = re.compile(r"\s*title:\s*(.+)")
_COMMENT = re.compile(r"\s*(%%.*)?$")

# A node with its shape: id[text], id(text), id{text}, id((text)), id[(text)], id>text], id@{ label: "text" }...
_ID = r"[\w$]+(?:[-.][\w$]+)*"
_NODE = re.compile(r"(?P<id>" + _ID + r")(?:@\{(?P<attrs>[^}]*)\}|(?P<open>\(\(\(|\[\[|\[\(|\(\[|\(\(|\{\{|\[/|\[\\|"
                   r"\[|\(|\{|>)(?P<label>\"[^\"]*\"|[^\]\)\}\"]*?)(?P<close>\)\)\)|\]\]|\)\]|\]\)|\)\)|\}\}|/\]|"
                   r"\\\]|\\\]|\]|\)|\}))")
_ATTR_LABEL = re.compile(r"label\s*:\s*\"([^\"]*)\"")
# -- text -->, == text ==>, -. text .-> : the link's text, written in its middle, moved to |text|
_MID_TEXT = re.compile(r"(--|==|-\.)\s*([^-=>.|\s][^|]*?)\s*(-{2,}>|={2,}>|\.-+>|-{3,}|={3,}|\.-+)(?=\s|\w|$)")
_SEMICOLON = re.compile(r";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)(?![^\[({]*[\])}])")   # not inside a label
_EDGE_ID = re.compile(r"\s[\w$]+@(?=[-=.~<])")     # `A e1@--> B`: a link's own id, for its styling
_LINK = re.compile(r"\s*<?(?:[-=.]{2,}[>ox]?|~~~)\s*(?:\|(?P<text>[^|]*)\|)?\s*")
_SKIP_FLOW = re.compile(r"\s*(?:end|direction|classDef|class|style|linkStyle|click)\b", re.IGNORECASE)
_SUBGRAPH = re.compile(r"\s*subgraph\s+(?:(?P<id>" + _ID + r")\s*\[(?P<label>[^\]]*)\]|(?P<name>.+?))\s*$",
                       re.IGNORECASE)

_MESSAGE = re.compile(r"\s*+(?P<a>[^-<>+:%]*?[^-<>+:%\s])\s*+(?:<<)?-{1,2}(?:>>|>|x|\))\s*+[+-]?\s*+(?P<b>[^:]*?[^:\s])"
                      r"\s*+:\s*(?P<text>.*)$")      # possessive blanks: a long run of them was cubic
_PARTICIPANT = re.compile(r"\s*(?:participant|actor)\s+(?P<id>\S+)(?:\s+as\s+(?P<name>.+?))?\s*$", re.IGNORECASE)
_NOTE = re.compile(r"\s*note\s+(?:right of|left of|over)\s+[^:]+:\s*(?P<text>.+)$", re.IGNORECASE)
_BLOCK = {"loop": "Repeat", "alt": "If", "else": "Otherwise", "opt": "If", "par": "In parallel", "and": "And",
          "critical": "Critical", "break": "Stop if", "option": "Or"}
_BLOCK_LINE = re.compile(r"\s*(?P<word>" + "|".join(_BLOCK) + r")\b\s*(?P<text>.*)$", re.IGNORECASE)

_STATE_ALIAS = re.compile(r"\s*state\s+\"(?P<name>[^\"]+)\"\s+as\s+(?P<id>\S+)\s*$", re.IGNORECASE)
_MOVE = re.compile(r"\s*(?P<a>\S+)\s*-->\s*(?P<b>[^:\s]+)\s*(?::\s*(?P<text>.+))?$")
_DESCRIBE = re.compile(r"\s*(?P<id>[\w$]+)\s*:\s*(?P<text>.+)$")


# A diagram in an HTML element, as Mermaid's own script finds it: `<div class='mermaid'>` over the source and a
# closing `</div>` (PrestaShop's docs, Hugo: 8 chunks of 5 pages showed the element and its source, one an answer's
# lead). Read as the fenced block it stands for.
_DIV = re.compile(r"^([ \t]*)<(div|pre)\s+class=[\"']mermaid[\"'][ \t]*>[ \t]*(\r?\n)(.*?)^[ \t]*</\2>[ \t]*$",
                  re.MULTILINE | re.DOTALL | re.IGNORECASE)


def convert(text: str) -> str:
    """The text with each Mermaid flowchart, sequence or state diagram as a list of what it says."""
    if "mermaid" not in text.lower():
        return text
    text = fences.outside(text, lambda part: _DIV.sub(r"\1```mermaid\3\4\1```", part))
    out, at = [], 0
    for start, end in fences.blocks(text):
        block = text[start:end]
        out += [text[at:start], _read(block) if _INFO.match(block) else block]
        at = end
    return "".join(out) + text[at:]


def _read(block: str) -> str:
    lines = block.split("\n")
    body = lines[1:-1] if len(lines) > 1 and fences.closes(lines[-1], fences.opening(lines[0].lstrip()) or "```") \
        else lines[1:]
    front = _front_matter(body)
    kind_at = next((n for n, line in enumerate(body) if n >= front and not _COMMENT.fullmatch(line)), None)
    kind = _KIND.match(body[kind_at]) if kind_at is not None else None
    if kind is None:
        return block                            # a kind of diagram not read: left as code
    indent = lines[0][:len(lines[0]) - len(lines[0].lstrip())]
    title = next((m.group(1).strip().strip("\"'") for line in body[:front] if (m := _FRONT_TITLE.match(line))), "")
    name = kind.group(1).lower()
    reader = _sequence if name == "sequencediagram" else _state if name.startswith("statediagram") else _flow
    rest = body[kind_at][kind.end():].partition(";")[2]       # "graph TD; A-->B": statements on its line
    said = reader([rest, *body[kind_at + 1:]])
    head = [indent + (f"Diagram: {title}" if title else "Diagram:")] + [""] * kind_at
    tail = [""] if len(body) < len(lines) - 1 else []
    return "\n".join(head + [indent + line if line else "" for line in said] + tail)


def _front_matter(body: list[str]) -> int:
    """How many lines a `---` config block at the top takes (0 when there is none)."""
    if not body or body[0].strip() != "---":
        return 0
    return next((n + 1 for n in range(1, len(body)) if body[n].strip() == "---"), 0)


def _words(label: str) -> str:
    """A label as a reader sees it: no quotes, icons or line breaks."""
    label = label.strip().strip('"').strip("`")
    label = re.sub(r"<br\s*/?>|\\n", " ", label, flags=re.IGNORECASE)
    label = re.sub(r"\bfa[brs]?:fa-[\w-]+\s*", "", label)
    label = label.replace("#quot;", '"').replace("#35;", "#").replace("\\`", "`")
    return re.sub(r"\s+", " ", label).strip()


def _flow(body: list[str]) -> list[str]:
    statements = _statements(body)
    labels: dict[str, str] = {}
    for line in statements:
        if (sub := _SUBGRAPH.match(line)) and sub.group("id"):
            labels.setdefault(sub.group("id"), _words(sub.group("label")))
            continue
        for m in _NODE.finditer(line):
            said = _ATTR_LABEL.search(m.group("attrs") or "")
            label = said.group(1) if said else m.group("label")
            if label is not None and _words(label):
                labels.setdefault(m.group("id"), _words(label))
    return [_flow_line(line, labels) if line else "" for line in statements]


def _statements(body: list[str]) -> list[str]:
    """One statement per line, a label written over several lines joined on its first (the rest left empty):
    Saleor's `B{` / `The event type is` / `AUTHORIZATION_ACTION_REQUIRED}`."""
    out: list[str] = []
    depth, first = 0, 0
    for line in body:
        if depth > 0:
            out[first] += " " + line.strip()
            out.append("")
        else:
            first = len(out)
            out.append(line)
        code = re.sub(r'"[^"]*"', "", line.split("%%")[0])
        depth = max(0, depth + sum(map(code.count, "[({")) - sum(map(code.count, "])}")))
    return out


def _flow_line(line: str, labels: dict[str, str]) -> str:
    """A line's statements (`;` parts a line holds several), each as a list item's words."""
    said = [_statement(code.strip(), labels) for code in _SEMICOLON.split(line.split("%%")[0])]
    said = [s for s in said if s]
    return "- " + "; ".join(said) if said else ""


def _statement(code: str, labels: dict[str, str]) -> str:
    if not code or _SKIP_FLOW.match(code):
        return ""
    if sub := _SUBGRAPH.match(code):
        return f"{_words(sub.group('label') or sub.group('name'))}:"
    ids = _NODE.sub(lambda m: m.group("id"), _MID_TEXT.sub(r"\3|\2|", _EDGE_ID.sub(" ", code)))
    parts = _LINK.split(ids)        # node, link text, node, link text, node ...
    nodes = [" and ".join(labels.get(n.strip(), n.strip()) for n in part.split("&")) for part in parts[::2]]
    if len(nodes) == 1:              # a node on its own: listed where it is defined, not where it is placed
        m = _NODE.match(code)
        return nodes[0] if m and m.group("id") in labels and m.group("label") is not None else ""
    out = nodes[0]
    for said, node in zip(parts[1::2], nodes[1:]):
        out += (f" — {_words(said)} → " if said and _words(said) else " → ") + node
    return out


def _sequence(body: list[str]) -> list[str]:
    names: dict[str, str] = {}
    out = []
    for line in body:
        code = line.split("%%")[0].strip()
        if m := _PARTICIPANT.match(code):
            names[m.group("id")] = _words(m.group("name") or m.group("id"))
            out.append("")
        elif m := _MESSAGE.match(code):
            a, b = (names.get(m.group(k).strip(), m.group(k).strip()) for k in ("a", "b"))
            out.append(f"- {a} → {b}: {_words(m.group('text'))}")
        elif m := _NOTE.match(code):
            out.append(f"- Note: {_words(m.group('text'))}")
        elif (m := _BLOCK_LINE.match(code)) and m.group("text"):
            out.append(f"- {_BLOCK[m.group('word').lower()]}: {_words(m.group('text'))}")
        else:
            out.append("")
    return out


def _state(body: list[str]) -> list[str]:
    names = {m.group("id"): m.group("name") for line in body if (m := _STATE_ALIAS.match(line))}

    def name(s: str, end: bool) -> str:
        return ("End" if end else "Start") if s == "[*]" else names.get(s, s)

    out = []
    for line in body:
        code = line.split("%%")[0].strip()
        if m := _MOVE.match(code):
            said = f": {_words(m.group('text'))}" if m.group("text") else ""
            out.append(f"- {name(m.group('a'), False)} → {name(m.group('b'), True)}{said}")
        elif (m := _DESCRIBE.match(code)) and not code.lower().startswith(("state ", "note ", "direction ")):
            out.append(f"- {name(m.group('id'), False)}: {_words(m.group('text'))}")
        else:
            out.append("")
    return out
