"""Hugo shortcodes (`{{< name args >}}`, `{{% name args %}}`) and GitBook's blocks (`{% hint style="info" %}`,
`{% tab title="Safari" %}`, `{% embed url="..." %}`) as the reader of the rendered page sees them.

Blanked whole, they took text the page shows with them. On Mastodon's docs: the providers of "Some of such
providers are:" (`{{< caption-link url="..." caption="Masto.host" >}}`), the field names of a list of fields
(`{{< page-relref ref="..." caption="Name" >}}`), the "Removed" badge of seven settings (`{{%removed%}}`, so an
answer presented a removed setting as current) and every `relref` link target (`[Authorize the user]()`).
What stays: a caption or title (as a link where the shortcode names a page), a `relref`/`ref` target, a box's
style as its bold title (`{{< hint style="warning" >}}` -> **Warning**) and a bare badge inside a line of text
as its name in brackets (Hugo only: a Liquid tag inline is logic, `{% if %}`). Anything else (closing tags,
`{{< toc >}}` alone on a line, `{% include x.html %}`) goes, as before. On GitBook's help center, blanking took
45 tab titles ("Safari", "Chrome") with it: Safari's steps read as everyone's.
"""
from __future__ import annotations

import re

from . import html_blocks

# (the arguments end on a non-blank and the blanks after them are possessive: a run of blanks was cubic)
_SHORTCODE = re.compile(r"\{\{([<%])\s*(/?)\s*([\w.-]+)((?:.*?\S)??)\s*+/?\s*+[>%]\}\}"        # Hugo
                        r"|\{%-?\s*()([\w.-]+)((?:.*?\S)??)\s*+-?%\}", re.DOTALL)           # Liquid, GitBook
# a quoted value may hold escaped quotes: Buttondown's `query="{\"page\": \"2\"}"` (Markdoc) was cut at `{\`, and its
# "page\" shown as the tag's text in 42 chunks
_ARG = re.compile(r"(?:([\w-]+)\s*=\s*)?(?:\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'|`([^`]*)`|([^\s\"'`=]+))")
_UNESCAPE = re.compile(r"\\([\"'\\])")
_TEXT = ("caption", "title", "text", "label", "header", "summary", "heading")   # the words the page shows, in order
# (`header=`: Docsy's tabs; on Codemagic's docs 221 of 248 tab titles, "macOS M2" / "macOS M4", had gone;
# `summary=`: Hugo's own `{{< details summary="Technical information" >}}`, untitled in 81 of darktable's pages;
# `heading=`: Cal.com's Markdoc `{% pageLink href="/x" heading="Having trouble with env file on windows?" %}`: its
# 22 cards read as their address, "[/troubleshooting-guides/...](/troubleshooting-guides/...)")
_TARGET = ("ref", "page", "url", "href", "link", "path")
_LINKS = {"relref", "ref"}
_STYLE = ("style", "type", "context")        # `context=`: Doks' callouts
_BADGES = {"label", "badge", "pill", "tag"}
_TABS = {"tab", "tab-item", "tabitem"}
_BODY_LINKS = {"content-ref"}         # GitBook: {% content-ref url="x.md" %}[x](x.md){% endcontent-ref %}
_BOXES = {"note", "tip", "important", "warning", "caution", "info", "danger", "hint", "attention", "notice"}
_WRAPPERS = _BOXES | {"alert", "callout", "admonition", "box", "aside"}     # a box whose kind is its argument
# A style that names no kind of box is no title: Authelia's `{{< confkey type="string,integer" ... >}}` read
# "**String,integer**" over 375 chunks, a figure's `style="padding-right: 10px"` "**Padding right: 10px**".
_KINDS = _BOXES | set(html_blocks.KINDS)
# A setting's facts (Authelia's `{{< confkey type="duration" default="5 minutes" required="no" >}}`): 144 of its 204
# documented defaults were in no chunk, and "what is the default inactivity timeout?" was shown no "5 minutes".
_FACTS = ("default", "required")
_NOT_FACTS = {"icon", "class", "id", "style"}
# Liquid logic and tags that stand for no words; any other Liquid tag's first positional argument is the text
# it shows (Home Assistant: "When an {% term automation %} is run", `{% details "Title" %}` over a box).
_NO_TEXT = {"if", "elsif", "else", "unless", "case", "when", "for", "assign", "capture", "include",
            "include_relative", "increment", "decrement", "cycle", "tablerow", "break", "continue", "render",
            "liquid", "echo", "highlight", "post_url", "comment", "raw", "icon", "configuration", "tabbed_block"}
_IDENTIFIER = re.compile(r"[\w.-]*[_:/][\w.:/-]*|[\w-]+(?:\.[\w-]+)+")   # developer_call_service, mdi:check, a.b.c:
# a name, not words
# Tags of logic by their name's start: Liquid's end-tags, and conditions sites add (GitHub's `{% ifversion fpt %}`
# showed its argument, "TOTP applicationfpt", in 94 chunks of 50 of 103 pages).
_LOGIC = ("end", "if", "elsif", "else", "unless")
_QUOTE = re.compile(r"[\"'`]")


# A badge whose one value is a version shows it (PrestaShop's `{{< minver v="8.0" >}}`: 77 lines in 38 pages read
# "Starting from  , the setting")
_VERSION = re.compile(r"v?\d+(?:\.\d+)+[\w.+-]*")
_YES = re.compile(r"check|tick|\byes\b", re.I)
_NO = re.compile(r"close|cross|times|x-?mark|\bno\b|\bminus\b", re.I)


def icon_mark(name: str) -> str:
    """A check or cross icon as the mark it shows (a plan comparison table of {% icon "mdi:check" %} cells read
    empty: Home Assistant's organizing page); any other icon is a picture, no text."""
    return "✓" if _YES.search(name) else "✗" if _NO.search(name) else ""


def args(raw: str) -> tuple[list[str], dict[str, str]]:
    """The positional and the named arguments of a shortcode."""
    positional, named = [], {}
    for m in _ARG.finditer(raw):
        value = _UNESCAPE.sub(r"\1", next((g for g in m.groups()[1:] if g is not None), ""))
        if m.group(1):
            named[m.group(1).lower()] = value
        else:
            positional.append(value)
    return positional, named


def _target(value: str, name: str, hugo: bool) -> str:
    """A Hugo page named from the content root ("user/signup") as a site path; a URL or relative path as it is.
    GitBook's `{% page-ref page="fields.md" %}` is relative to its page: read from the root, Budibase's 3 cards
    linked "/fields.md", a page no site has."""
    if hugo and name == "page" and not value.startswith(("/", ".")) and "://" not in value:
        return "/" + value
    return value


_EMPHASIS = re.compile(r"\*\*|__")
_NAMELESS = re.compile(r"\.+(?:/\.+)*/?")      # "./", "..": a folder's own page, whose title the tag does not say


_PATH = re.compile(r"[^\s<>()]*[/.#][^\s<>()]*")      # "/software/", "x.md", "#id", "https://..."


def link_target(tag: str) -> str:
    """What a tag written as a link's target stands for: its target argument, or its first argument where that is
    a path. Eleventy sites name pages so (the TTS handbook's `[software]({% page "/software/" %})`: 386 of its 633
    page links had read "[software]()")."""
    m = _SHORTCODE.fullmatch(tag)
    if not m or m.group(2):
        return ""
    positional, named = args(m.group(4) if m.group(1) else m.group(7))
    value = next((named[k] for k in _TARGET if named.get(k)), "") or (positional[0] if positional else "")
    return value if _PATH.fullmatch(value) else ""


def render(tag: str, inline: bool) -> str:
    """The text a shortcode stands for; newlines it spans are the caller's to keep."""
    m = _SHORTCODE.fullmatch(tag)
    hugo = bool(m and m.group(1))
    if not m or m.group(2):
        return ""                                   # not a tag we read, or a closing tag
    name, raw = ((m.group(3), m.group(4)) if hugo else (m.group(6), m.group(7)))
    name = name.lower()
    positional, named = args(raw)
    if name.startswith(_LOGIC) or name in _BODY_LINKS:
        return ""                       # a Liquid closing tag or condition (ifversion); a link its body repeats
    if name in _LINKS:
        return named.get("ref") or named.get("path") or (positional[0] if positional else "")
    if name == "file" and named.get("src"):
        # GitBook's `{% file src=".gitbook/assets/x.pdf" %}caption{% endfile %}`, a download card: the EdgeTX manual's
        # 3 translated manuals kept their captions and lost the files
        return f"[{named['src'].rsplit('/', 1)[-1]}](<{named['src']}>)"
    # a flag is no words: Docsy's `{{< tabpane text=true >}}` (tabs shown as Markdown) left a line "true"
    text = next((named[k] for k in _TEXT if named.get(k) and named[k].lower() not in ("true", "false")), "")
    if named.get("method") and named.get("path"):
        # an API operation (Cal.com's `{% openapidoc method="GET" url="..." path="/payments/{id}" /%}`: 67 read as
        # the reference's address alone, in 66 chunks that said nothing else)
        return f"`{named['method'].upper()} {named['path']}`"
    target = next(((k, named[k]) for k in _TARGET if named.get(k)), None)
    if named.get("content") and name not in _LINKS:
        # an include's `content=` is the text it shows (documentation-theme-jekyll's `{% include note.html
        # content="..." %}`), read here where its file is not among the pages; a link it carries follows
        body = " ".join(named["content"].split())
        return body + (f" [{text or target[1]}]({_target(target[1], target[0], hugo)})" if target else "")
    if target and name != "figure":
        words = text or ("This section" if _NAMELESS.fullmatch(target[1]) else target[1])
        return f"[{words}]({_target(target[1], target[0], hugo)})"
    if text:
        # a title written bold already (Navidrome's `header="**Example**:"`) is made bold once: "****Example**:**"
        bold = f"**{_EMPHASIS.sub('', text)}**"
        return bold if name in _TABS or name in ("details", *_WRAPPERS) and not inline else text
    if any(k in named for k in _FACTS):
        facts = ", ".join(f"{k}: {v}" for k, v in named.items() if k not in _NOT_FACTS and v)
        return facts[:1].upper() + facts[1:]
    style = next((named[k] for k in _STYLE if named.get(k)), "")
    if style.lower() in _KINDS:
        return f"**{style.capitalize()}**"
    if style and name in _BADGES:
        # a plan or status badge names its kind (Cal.com's `{% label type="paid" /%}` by a feature's title, 13 pages)
        return f"({' '.join(style.replace('-', ' ').split()).capitalize()})"
    if name in _BOXES and not inline and not positional:
        return f"**{name.capitalize()}**"           # {% important %} ... {% endimportant %}
    kind = positional[0].lower() if positional else ""
    if name in _WRAPPERS and kind in _BOXES:
        # Eleventy's `{% alert "warning" %}Some information...`: "warningSome information" in 7 chunks of Valetudo's
        # docs, a lowercase "**note**" over 18 boxes
        return f"**{kind.capitalize()}:** " if inline else f"**{kind.capitalize()}**"
    if name in ("image", "img") and len(positional) > 1 and _PATH.fullmatch(positional[0]):
        # Eleventy's image shortcode, `{% image "_img/login.png" "Ent login screen" %}`: the picture and its alt
        # text (the TTS handbook: 40 in 12 pages showed nothing)
        return f"![{positional[1]}]({positional[0]})"
    if name == "icon":
        return icon_mark(" ".join(positional + list(named.values())))
    if hugo and positional and name.endswith("tab") and not inline:
        return f"**{positional[0]}**"               # Authelia's `{{< envTab "Docker" >}}`: 40 tab titles had gone
    words = positional[0] if positional and not hugo and name not in _NO_TEXT else ""
    if words and not inline and name in _WRAPPERS | {"panel"} and words.lower() in _KINDS | {"error"} \
            and not _QUOTE.search(raw):
        # a box's kind, then its title: Marlin's `{% panel info Step Calculator %}` read "**info Step Calculator**",
        # `{% alert error MINTEMP %}` "**error MINTEMP**" (12 boxes); the site shows the title, or the kind alone
        return f"**{' '.join(positional[1:]) or words.capitalize()}**"
    if words and not named and not _QUOTE.search(raw):
        # unquoted, the words are the label whole (Segment's `{% faqitem Can I still invite people? %}` read
        # "**Can**" in 30 of 30 questions, `{% codeexampletab React Native %}` "**React**" in 38 of 194 tabs)
        words = " ".join(positional)
    if words and (not _IDENTIFIER.fullmatch(words) or "tab" in name):      # a tab's file name is its label
        return words if inline else f"**{words}**"
    values = positional + list(named.values())
    if hugo and inline and len(values) == 1 and _VERSION.fullmatch(values[0]):
        return values[0]            # a version badge: "Starting from {{< minver v="8.0" >}}, the setting"
    return f"({name.replace('-', ' ')})" if hugo and inline and not positional and not named else ""
