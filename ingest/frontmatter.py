"""Prose that docs sites keep in front matter becomes sections of its own.

Jekyll FAQ pages hold their questions in YAML (`general_accordion: [{title, content}, ...]`) and Hugo or
Jekyll landing pages are built from fields such as `description` or `lead`; without this such a page has
"no text to index". Passages point at the front-matter lines they come from.
"""
from __future__ import annotations

import fnmatch
import json
import re
import tomllib

import yaml

# Read unless the corpus says otherwise (corpora.<name>.front_matter_keys). Strings become the page's
# lead-in; lists of {title|question, content|answer|body} items become one section per item.
# A VitePress home page (`layout: home`) is all front matter: its `hero` (a mapping: `text` and `tagline` are its
# words; `name` is the product's) and its `features` cards ({title, details}). Nginx Proxy Manager's home page, the
# only place saying its certificates cost nothing, was skipped as empty.
DEFAULT_KEYS = ("description", "summary", "lead", "intro", "introduction", "subtitle", "excerpt", "abstract",
                "tagline", "hero", "*accordion*", "*faq*", "questions", "features")
ITEM_TITLE = ("title", "question", "q", "name", "heading", "summary")
ITEM_BODY = ("content", "answer", "a", "body", "text", "description", "details")
_HERO_TEXT = ("text", "tagline")


def yaml_lines(lines: list[str]) -> int:
    """How many lines a YAML front matter block at the top takes, its `---` lines included (0 for none). The
    one rule for every reader that meets YAML outside the page parser (includes, partials, ERB page data)."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    return next((i + 1 for i in range(1, len(lines)) if lines[i].rstrip() == "---"), 0)


_TRAILING_SPACE = re.compile(r"[ \t]+$", re.M)
_LEADING_TABS = re.compile(r"^\t+", re.M)


class _Tagged(yaml.SafeLoader):
    """A safe loader that reads a value under a tag it does not know as the value itself."""


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node) or None
    return (loader.construct_sequence(node, deep=True) if isinstance(node, yaml.SequenceNode)
            else loader.construct_mapping(node, deep=True))


# A local tag (`requires: !PIDTEMPBED`, Marlin's settings pages) is a value to Jekyll's reader; PyYAML refused it
# ("could not determine a constructor for the tag"), and the page failed. Python's own tags stay refused.
_Tagged.add_multi_constructor("!", _untagged)


def load_yaml(text: str):
    """YAML as a site generator reads front matter: blanks at the end of a line are nothing, and so is a tab
    that starts a line. PyYAML refuses a tab in either place ("found character '\\t' that cannot start any
    token"), which the sites' readers pass: Dokploy's `title: Watch Paths<tab>` failed its page, and Mastodon's
    `aliases: [` over tab-indented entries (Hugo's Go YAML) failed 23 pages. The error of the text as written is
    raised where both fail."""
    try:
        return yaml.load(text, Loader=_Tagged)
    except yaml.YAMLError as first:
        forgiven = _LEADING_TABS.sub(lambda m: "  " * len(m.group(0)), _TRAILING_SPACE.sub("", text))
        if forgiven == text:
            raise
        try:
            return yaml.load(forgiven, Loader=_Tagged)
        except yaml.YAMLError:
            raise first from None


def load_block(text: str):
    """A `---` front matter block: YAML, or TOML where the YAML is no mapping. Sites moved from Hugo keep TOML
    between `---` lines, which VitePress renders over (Pixelfed's docs: its 6 admin pages, the whole troubleshooting
    side, had failed as "front matter must be a YAML mapping, got str"). The YAML's own result or error stands
    where the text is no TOML table either."""
    try:
        data = load_yaml(text)
    except yaml.YAMLError:
        if (table := _toml_table(text)) is not None:
            return table
        raise
    if data is None or isinstance(data, dict):
        return data
    table = _toml_table(text)
    return data if table is None else table


def _toml_table(text: str) -> dict | None:
    try:
        return tomllib.loads(text) or None
    except ValueError:
        return None


def yaml_data(text: str) -> dict:
    """A YAML front matter block's mapping ({} for none, or for YAML that does not parse to one)."""
    lines = text.splitlines(keepends=True)
    n = yaml_lines(lines)
    try:
        data = load_block("".join(lines[1:n - 1])) if n else None
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def meta(text: str) -> dict:
    """A file's front matter, YAML (`---`) or Hugo's TOML (`+++`), as a mapping; {} for none or for one that does
    not parse (the page's own failure is ingest's to report). For readers of a file other than its page: a
    section's cascade, a page's old addresses."""
    if text.startswith("+++"):
        try:
            return split_toml(text)[0] or {}
        except ValueError:
            return {}
    return yaml_data(text)


def split_toml(text: str) -> tuple[dict | None, str, int]:
    """Hugo's `+++` TOML front matter -> (table, text with those lines blanked, line after the closing +++),
    else (None, text, 0). Raises ValueError with the TOML error."""
    if not text.startswith("+++\n"):
        return None, text, 0
    lines = text.splitlines(keepends=True)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "+++"), None)
    if end is None:
        return None, text, 0
    table = tomllib.loads("".join(lines[1:end]))
    return table, "\n" * (end + 1) + "".join(lines[end + 1:]), end + 1


def question(meta: dict) -> str | None:
    """A FAQ page's question, its title where it has none: Misskey's contact FAQ (Nuxt Content) writes `question: I
    cannot sign in to my account` and no title, and its 7 pages were titled from their file names ("Cannot login to
    the account")."""
    asked = meta.get("question")
    return asked.strip() if isinstance(asked, str) and asked.strip() else None


def hero_name(meta: dict) -> str | None:
    """A VitePress home page's name, shown as its title (`hero: {name: "Pixelfed Docs"}`): without it the page was
    titled by its folder, "Src", in 5 of Pixelfed's citations."""
    hero = meta.get("hero")
    name = hero.get("name") if isinstance(hero, dict) else None
    return name if isinstance(name, str) and name.strip() else None


# Python-Markdown's meta-data (MkDocs' older pages): `key: value` lines opening the page, up to a blank line
# or a `---`. Read only when a key is one such pages use, so a page opening "Note: ..." stays text. Not Logseq's
# block properties (`description:: Paid feature...`): read so, 117 of its docs' pages opened with ": ..." and 26
# were titled so, and the other properties' values (`platforms::`, `alias::`) were lost.
_META_LINE = re.compile(r"^[ ]{0,3}([A-Za-z][\w-]*):(?!:)[ \t]*(.*)$")
_META_KEYS = {"title", "description", "summary", "authors", "author", "date", "redirect", "template", "hide",
              "tags", "search", "status", "keywords", "icon", "subtitle", "robots"}


def split_meta_lines(text: str) -> tuple[dict | None, str, int]:
    """A page opening with meta-data lines -> (their keys and values, text with those lines (and a closing
    `---`) blanked, line after them), else (None, text, 0). Tasmota's docs: 16 pages; a `description:` line was
    a page's text (6 pages), or, over a `---`, a setext heading with a made-up anchor."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    meta, end = {}, start
    while end < len(lines) and (m := _META_LINE.match(lines[end].rstrip("\n"))):
        meta[m.group(1).lower()], end = m.group(2).strip(), end + 1
    if not meta or not set(meta) & _META_KEYS or (end < len(lines) and lines[end].strip() not in ("", "---")):
        return None, text, 0
    end += 1 if end < len(lines) and lines[end].strip() == "---" else 0
    return meta, "\n" * end + "".join(lines[end:]), end


def tags_of(meta: dict) -> str:
    """`tags` as "a,b,c". Only scalars: str() of a list built from aliases (a YAML alias bomb) never ends."""
    tags = meta.get("tags") or []
    return ",".join(str(t) for t in (tags if isinstance(tags, list) else [tags]) if isinstance(t, (str, int, float)))


def _end(node, lines: list[str]) -> int:
    """0-based line after the node. A block node ends where the next token starts: column 0 of the next
    line, or after the indent or "- " of the next list item."""
    line, col = node.end_mark.line, node.end_mark.column
    before = lines[line][:col] if line < len(lines) else ""
    return line if not before.strip(" -") else line + 1


def spans(yaml_text: str) -> dict[str, tuple[tuple[int, int], list[tuple[int, int]]]]:
    """Top-level key -> ((first line, line after), [(first, after) per list item]), 0-based in yaml_text.
    Composing does not expand aliases, so an alias bomb costs nothing here."""
    try:
        root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(root, yaml.MappingNode):
        return {}
    out, lines = {}, yaml_text.splitlines()
    for key, value in root.value:
        items = ([(n.start_mark.line, _end(n, lines)) for n in value.value]
                 if isinstance(value, yaml.SequenceNode) else [])
        out[str(key.value)] = ((key.start_mark.line, max(_end(value, lines), key.start_mark.line + 1)), items)
    return out


def _first_text(item: dict, keys: tuple[str, ...]) -> str:
    return next((item[k].strip() for k in keys if isinstance(item.get(k), str) and item[k].strip()), "")


def _listed(value) -> list | None:
    """A list value, or a string holding a JSON list (Buttondown's docs write `faqItems: >` over `[{"question": ...,
    "answer": ...}]`: 103 questions in 32 pages were one lead-in of raw JSON)."""
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.lstrip().startswith("["):
        try:
            got = json.loads(value)
        except ValueError:
            return None
        return got if isinstance(got, list) else None
    return None


def prose(meta: dict, keys: tuple[str, ...],
          body: str = "") -> tuple[list[tuple[str, str]], list[tuple[str, str, str, int]]]:
    """Lead-in strings as (key, text), none that the page's `body` says word for word; FAQ items as (key,
    question, answer, index in the key's list)."""
    wanted = [k for k in meta if isinstance(k, str) and any(fnmatch.fnmatchcase(k.lower(), g) for g in keys)]
    lists = {k: v for k in wanted if (v := _listed(meta[k])) is not None}
    lead: list[tuple[str, str]] = []
    title = _words(meta["title"]) if isinstance(meta.get("title"), str) else None
    said = None         # the body's words, read only once a text could be a lead-in (most pages have none)
    # one text under two keys once (`lead` and `description`: 7 of Prometheus' runbooks; `description` and `summary`
    # but for a full stop: Authelia's docs, 40 pages, its FAQ index its description twice and nothing else)
    for k in wanted:
        for text in _lead_texts(meta[k], k in lists):
            if len(text.split()) < 2 or _words(text) in [_words(t) for _, t in lead] or _words(text) == title:
                continue            # one word is a label or an address (AppFlowy's `description: help-wanted`)
            said = said if said is not None else f" {' '.join(_words(body))} "
            if f" {' '.join(_words(text))} " not in said:
                lead.append((k, text.strip()))
    items = []
    for k, listed in lists.items():
        for i, item in enumerate(listed):
            if isinstance(item, dict) and not _link(item):
                answer = _first_text(item, ITEM_BODY)
                if answer:
                    items.append((k, _first_text(item, ITEM_TITLE), answer, i))
    return lead, items


def _lead_texts(value, listed: bool) -> list[str]:
    """A key's texts for the lead-in: a string (not one holding a JSON list of items), a list of sentences as one
    list, or a mapping's text and tagline (a VitePress hero)."""
    if isinstance(value, str):
        return [] if listed else [value]
    if isinstance(value, list) and (said := [v.strip() for v in value if isinstance(v, str) and len(v.split()) > 1]):
        return ["\n".join(f"- {v}" for v in said)]     # notes as a list (Marlin's G-code pages' `notes:`)
    if isinstance(value, dict):
        return [value[h] for h in _HERO_TEXT if isinstance(value.get(h), str)]
    return []


def _words(text: str) -> list[str]:
    """A description that only says the title again (Standard Notes' docs: 23 of 82 pages, "Two-factor
    authentication" under "Two-Factor Authentication") tells nothing the heading path does not: as a lead-in it
    opened 4 answers with the title twice, and a page of title alone was indexed. Nor does one the page says word
    for word (Karakeep's generated API pages: 45 of 84 descriptions, each a second passage of the same text)."""
    return re.findall(r"\w+", text.casefold())


def _link(item: dict) -> bool:
    """An untitled item with an address is a link the layout draws, no question: the TTS handbook's `questions:`
    (its "Questions?" box: `- text: Book office hours` / `url: https://...`) made 25 chunks in 24 pages, cited 5
    times in 4 of 30 answers."""
    return not _first_text(item, ITEM_TITLE) and any(isinstance(item.get(k), str) for k in ("url", "href", "link"))


def unread(meta: dict, keys: tuple[str, ...]) -> list[str]:
    """The front matter keys no glob of `keys` names whose values hold text: a sentence of four words or more,
    anywhere in them. A page skipped as empty names them, so its owner can index them (Marlin's docs keep each
    G-code's summary, notes and parameters under `brief`, `notes` and `parameters`: 3 pages were skipped as
    empty, with no word of why)."""
    return [k for k, v in meta.items() if isinstance(k, str) and k.lower() not in _META_KEYS | {"layout", "permalink"}
            and not any(fnmatch.fnmatchcase(k.lower(), g) for g in keys) and _holds_text(v)]


def _holds_text(value) -> bool:
    if isinstance(value, str):
        return len(value.split()) >= 4 and not value.lstrip().startswith(("<", "{", "/", "http"))
    if isinstance(value, dict):
        return any(_holds_text(v) for v in value.values())
    return isinstance(value, list) and any(_holds_text(v) for v in value)
