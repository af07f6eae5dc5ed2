"""Docusaurus / MDX blocks as plain Markdown: admonitions (`:::note`, `:::tip[Title]`, `::: warning Title`, as
Docusaurus, VitePress and Pandoc write them), tabs (`<Tabs>`, `<TabItem label="Docker">`), `<details>` with its
`<summary>` (in a question box, a heading is a bold line, no section of its own), other components (Mintlify's
`<Step title>`, `<Accordion title>`, `<Note>`: below) and placeholders alone on a line (`<VideoHeader />`). A box,
tab or titled component becomes a bold title line over its body, the closing lines and bare wrappers go,
and a body indented inside a JSX element is dedented (else four spaces make it an indented code block); the
number of lines stays, so citations keep the file's own lines.

Read as CommonMark, the markers were text: on Jellyfin's docs (Docusaurus), 164 of 1,048 chunks held `:::`, 12
of 72 answers showed one, and 16 ended on a bare `:::caution` whose box, with the step, was in the next chunk.
Fenced code is left alone.
"""
from __future__ import annotations

import re

from . import fences, jsx_prose, jsx_tags, page_lines, type_tables
from .headings import attrs as heading_attrs
from .headings import slugify, title_line
from .line_ends import ending
from .mdx_components import TAB_VALUE, TITLE_ATTR, VALUE, component, value

_OPEN = re.compile(r"^(?P<indent>[ \t]*):{3,}[ \t]*(?P<kind>[A-Za-z][\w-]*)(?:\[(?P<bracket>[^\]]*)\]"
                   r"|\{[^}]*?title=[\"'](?P<attr>[^\"']*)[\"'][^}]*\}|[ \t]+(?P<rest>[^{\s][^\n]*?))?[ \t]*$")
_CLOSE = re.compile(r"^[ \t]*:{3,}[ \t]*$")
# VitePress' tabs plugin: `:::tabs key:x` wraps `== Label` lines, one per tab (Plane's docs: 15 tabs in 5 files
# were raw `== GitLab Self-managed {#id}` lines, and the wrapper a bold "Key:github-edition"). `::: code-group`
# only wraps fences.
# containers that show what they hold and no title: VitePress' `::: raw` and `::: v-pre` (Nginx Proxy Manager's
# screenshot gallery read "**Raw**" over its HTML)
_WRAPPING = {"tabs", "code-group", "raw", "v-pre"}
_TAB_LABEL = re.compile(r"^(?P<indent>[ \t]*)==[ \t]+(?P<label>\S.*?)[ \t]*$")
_LABEL = re.compile(r"\blabel=" + VALUE)
_TAB = re.compile(r"^(?P<indent>[ \t]*)<TabItem\b(?P<attrs>[^>]*)>[ \t]*$")
_TAB_END = re.compile(r"^[ \t]*</TabItem>[ \t]*$")
# A <br/> may follow (the Vaultwarden wiki: all 16 of its boxes, which stayed raw HTML).
# A list item may open with it (Uptime Kuma's wiki: "- <details><summary>Nginx</summary>" over each proxy's config,
# 14 boxes raw in 9 chunks): the item keeps its marker and its indented body.
_SUMMARY = re.compile(r"^(?P<indent>[ \t]*)(?P<item>(?:[-*+]|\d+[.)])[ \t]+)?(?P<details><details\b[^>]*>[ \t]*)?"
                      r"<summary>(?P<title>.*?)</summary>(?:[ \t]*<br\s*/?>)*[ \t]*$", re.I)
# A <div> alone on its line wraps what it holds, as <Tabs> does (Open WebUI's quick start: `<div className='mt-5'>`
# in each of 14 tabs was raw in 5 chunks, and the guide it holds, 10 spaces in, kept 2 of them: its headings were
# text in ~85 chunks)
_WRAPPER = re.compile(r"^[ \t]*(?:</?(?:Tabs|details|div)\b[^>]*>|</TabItem>)[ \t]*$", re.I)
_OPENS_BODY = re.compile(r"^[ \t]*<(?:Tabs|TabItem|details|div)\b", re.I)
_DIV_OPEN, _DIV_CLOSE = re.compile(r"^[ \t]*<div\b[^>]*>[ \t]*$", re.I), re.compile(r"^[ \t]*</div>[ \t]*$", re.I)
_MARKERS = (":::", "<Tabs", "<TabItem", "<details", "<summary", "/>")
# Mintlify's components (and any MDX site's): <Note>, <Step title="..">, <Accordion title="..">, <Tab title="..">,
# <Card title=".." href="..">; wrappers (<Steps>, <AccordionGroup>, <CodeGroup>, <Frame>) and closing tags go.
# On Formbricks' docs 383 of 1,583 chunks held them, 290 titles were never searched, and a fence right after
# <Tab title="Docker"> was read inside an HTML block, so its bash comments became headings.
# Vue sites write components in kebab case too (VuePress 1's <code-group> / <code-block title="PHP">: GC Notify's
# client examples, 6 blocks whose fences paired up wrongly inside an HTML block).
_NAME = r"(?:[A-Z][\w.]*|[a-z][a-z0-9]*(?:-[a-z0-9]+)+)"
# An attribute's {expression} may hold ">" (NetBird's `onClick={() => window.open("...")}`: the tag ended at "=>",
# and 21 chunks showed `window.open(...)}>Use NetBird`), and so may a quoted value (Dokploy's `<ImageZoom
# alt="... under Settings > Deployments" />` stayed raw in an answer); each item atomic, so a quoted value is read
# one way only (read as a string or letter by letter, ten attributes took 2^10 tries)
_COMPONENT = re.compile(r"^(?P<indent>[ \t]*)<(?P<name>" + _NAME + r")"
                        r"(?P<attrs>(?:\s(?>\"[^\"\n]*\"|\{(?:[^{}\n]|\{[^{}\n]*\})*\}|[^<>{}])*?)?)(?P<self>/?)>"
                        r"(?:(?P<text>.*?)</(?P=name)>)?[ \t]*$")
_CLOSING = re.compile(r"^[ \t]*</" + _NAME + r">[ \t]*$")
_ANY_COMPONENT = re.compile(r"^[ \t]*</?(?:[A-Z]|[a-z][a-z0-9]*-[a-z])", re.M)
_STEPS = re.compile(r"^[ \t]*<(/?)Steps\b")
_STEP_TITLE = re.compile(r"^([ \t]*<Step\b[^>]*?\btitle=[\"'])")      # Mintlify numbers its steps: so does the text
_STEP_OPEN = re.compile(r"^[ \t]*<Step\b(?![^>]*\btitle=)")    # a step titled by the heading inside it (Fumadocs)
_DETAILS = re.compile(r"^[ \t]*(<details\b|</details>)", re.I)
# A heading inside a question box is no section of the page: GitBook's troubleshooting pages hold "#### Still
# facing errors?" in one box, and every later box of the page was cited under it. A box whose <summary> holds a
# heading is a collapsed section, and its headings stay (Plausible's docs: 19 sections in 5 files).
_HEADING = re.compile(r"^(?P<indent>[ \t]*)#{1,6}[ \t]+(?P<title>.+?)[ \t]*+#*+[ \t]*+$")
# Headings inside <Steps> (Fumadocs, Nextra: a step is its heading) are the procedure's subsections. Written at the
# procedure's own level, they were its siblings: on Documenso's docs 30 of 88 step blocks, and "Enable 2FA" kept
# no step of its own ("lost my phone" led with "Scan the QR code").
_LEVEL = re.compile(r"^( {0,3})(#{1,6})(?=[ \t])")


# A tab's label given with its value in a list (Docusaurus' `<Tabs values={[{label: "Windows", value: "win"}]}>`, or
# a component the page exports: ZMK's `export const PinTabs = (props) => <Tabs values={[...]}>`): 64 of ZMK's chunks
# titled a tab by its value ("**win**", "**shield**") where the site shows "Windows", "Tester Shield".
_STR = r"(?:\"([^\"\n]*)\"|'([^'\n]*)')"
_LABEL_VALUE = re.compile(r"\{\s*label\s*:\s*" + _STR + r"\s*,\s*value\s*:\s*" + _STR + r"\s*,?\s*\}"
                          r"|\{\s*value\s*:\s*" + _STR + r"\s*,\s*label\s*:\s*" + _STR + r"\s*,?\s*\}")


def tab_labels(text: str) -> dict[str, str]:
    """Each tab value's label, where the page lists them; a value given two labels keeps the first."""
    out: dict[str, str] = {}
    for m in _LABEL_VALUE.finditer(text):
        g = m.groups()
        label, value = (g[0] or g[1] or "", g[2] or g[3] or "") if m.group(0).lstrip("{ ").startswith("label") \
            else (g[6] or g[7] or "", g[4] or g[5] or "")
        out.setdefault(value, label)
    return out


def _marker(line: str, end: str, labels: dict[str, str]) -> tuple[str, bool] | None:
    """The line a marker becomes, and whether a JSX body (to dedent) opens after it; None for other lines.
    `labels`: each tab value's label where the page gives one (tab_labels)."""
    body = line[:len(line) - len(end)]
    if (m := _OPEN.match(body)) and m.group("kind").lower() in _WRAPPING:
        return end, False
    if m := _OPEN.match(body):
        title = m.group("bracket") or m.group("attr") or m.group("rest") or m.group("kind").replace("-", " ")
        return title_line(m.group("indent"), title[:1].upper() + title[1:], end), False
    if m := _TAB.match(body):
        label = _LABEL.search(m.group("attrs"))
        value = TAB_VALUE.search(m.group("attrs")) if not label else None
        title = next((g for g in (label or value).groups() if g), "") if label or value else ""
        return title_line(m.group("indent"), labels.get(title, title) if value else title, end), True
    if (m := _SUMMARY.match(body)) and (not m.group("item") or m.group("details")):
        return title_line(m.group("indent") + (m.group("item") or ""), m.group("title"), end), not m.group("item")
    if (_CLOSE.match(body) or _WRAPPER.match(body) or _CLOSING.match(body)) and not TITLE_ATTR.search(body):
        return end, bool(_OPENS_BODY.match(body))
    if m := _COMPONENT.match(body):
        return component(m, end)
    return None


def _question_boxes(lines: list[str]) -> list[bool]:
    """Per line, whether it is inside a <details> box whose <summary> holds no heading; none at all when the
    page leaves a box open (it would swallow the page)."""
    out, stack = [False] * len(lines), []
    for i, line in enumerate(lines):
        box = _DETAILS.match(line)
        if box and box.group(1).startswith("</"):
            if not stack:
                return [False] * len(lines)
            stack.pop()
        elif box:
            summary = next((j for j in range(i, min(i + 12, len(lines))) if "</summary>" in lines[j].lower()), i)
            stack.append(not any(_HEADING.match(x) for x in lines[i:summary + 1]))
        out[i] = bool(stack) and all(stack)
    return out if not stack else [False] * len(lines)


def _boxes(boxes: list[str], line: str) -> list[str]:
    """The open `:::` containers after `line`."""
    if m := _OPEN.match(line):
        return [*boxes, m.group("kind").lower()]
    return boxes[:-1] if _CLOSE.match(line) else boxes


def _prose(line: str) -> bool:
    """Whether a line is a paragraph's, which a box's title line under it would join."""
    bare = line.strip()
    return bool(bare) and not bare.startswith(("|", "#", "<")) and not fences.opening(bare)


def _broken(line: str) -> str:
    """The line ending in a Markdown line break: a `:::info` right under a paragraph's line opens a box on the site,
    and its title read as the paragraph's last words ("get started for free. **Info**": Saleor, 9 chunks)."""
    body = line.rstrip("\r\n")
    return line if body.endswith("  ") else body + "  " + line[len(body):]


def _spaced(lines: list[str]) -> list[str]:
    """Lines outside code with their indentation's tabs as spaces (tab stops of 4, as CommonMark reads them), so a
    body indented with tabs is dedented as one indented with spaces: linkding's and Homebox's <Card> bodies
    (`\t\tOptimized for readability...`) stayed indented under their titles, shown as code in 22 lines."""
    out = []
    for line, code in fences.marked(lines):
        indent = len(line) - len(line.lstrip(" \t"))
        out.append(line if code or "\t" not in line[:indent] else line[:indent].expandtabs(4) + line[indent:])
    return out


# Mintlify's `titleSize="h2"` / `"h3"` on <Steps> or a <Step> shows step titles as headings of that level, with ids
# (Unkey's quickstarts: 35 chunks of 9 pages were all "Prerequisites", their steps bold lines under it)
_TITLE_SIZE = re.compile(r"\btitleSize=[\"']h([1-6])[\"']")


def _size(line: str, default: int | None) -> int | None:
    """The heading level a <Steps> or <Step> line's titleSize gives, else `default`."""
    m = _TITLE_SIZE.search(line)
    return int(m.group(1)) if m else default


def _numbered(heading: str, step: int, end: str) -> str:
    """A step's heading numbered as the site shows it (Fumadocs numbers a <Step> titled by its heading: Documenso's
    "#### 2. Scan the QR code"), its anchor the title's own: the site's id does not hold the number."""
    level = _LEVEL.match(heading)
    title, own = heading_attrs(heading[level.end():].strip())
    return f"{level.group(1)}{level.group(2)} {step}. {title} {{#{own or slugify(title)}}}{end}"


def convert(text: str, labels: dict[str, str] | None = None) -> str:
    """The text with every Docusaurus box, tab, details block and lone component as plain Markdown; `labels`: the
    tab labels the page lists (tab_labels of the page as written, default: of this text)."""
    if not any(m in text for m in _MARKERS) and not _ANY_COMPONENT.search(text):
        return text
    out: list[str] = []
    fence, dedent, measure, step, step_heading = "", 0, False, None, False
    outer = 0                               # the level of the last heading outside <Steps>
    fence_shift = 0                         # how far the open fenced block's lines are dedented
    boxes: list[str] = []                   # the kinds of the `:::` containers open here, innermost last
    lines = jsx_tags.texts_closed(jsx_tags.joined(jsx_prose.prose_lists(jsx_tags.item_lists(type_tables.convert(
        _spaced(text.splitlines(keepends=True)))))))
    questions = _question_boxes([line.rstrip("\r\n") for line in lines]) if "<details" in text else []
    labels = tab_labels(text) if labels is None else labels
    in_tab, tab_level = False, 0            # inside a <TabItem>; the level of the first heading a tab held
    titled = False                          # the last line out is a component's title (not a tab's or a step's)
    divs = 0                                # <div> wrappers open (a line of their own each)
    size = None                             # the heading level <Steps titleSize="h3"> gives its steps' titles
    for n, line in enumerate(lines):
        end = ending(line)
        body = line[:len(line) - len(end)]
        if measure and body.strip():           # the first line of a JSX body sets how far the body is dedented
            dedent, measure = len(body) - len(body.lstrip(" ")), False
        shift = fence_shift if fence else dedent
        shifted = line[min(shift, len(body) - len(body.lstrip(" "))):] if shift else line
        inner = shifted.lstrip(" ")
        if step_heading and inner.strip() and not _LEVEL.match(shifted):
            step_heading = False                # a step's title is the heading it opens with, or there is none
        if fence:
            fence = "" if fences.closes(inner, fence) else fence
        elif opened := fences.opening(inner):
            # code moves with its fence: written at the margin inside an indented box, it keeps its indentation
            # (Semaphore's FAQ: 69 YAML lines in 5 blocks lost theirs, "commands:\n- >-\nif [ ...")
            fence, fence_shift = opened, min(dedent, len(body) - len(body.lstrip(" ")))
        elif (steps := _STEPS.match(shifted)) or (step is not None and _STEP_TITLE.match(shifted)):
            step = (None if steps.group(1) else 0) if steps else step + 1
            step_heading = False
            size = _size(shifted, None) if steps else size      # a group's; a <Step> of its own is read below
            shifted, opens = _marker(shifted if steps else _STEP_TITLE.sub(rf"\g<1>{step}. ", shifted), end, labels)
            if not steps and (level := _size(body, size)) and (title := TITLE_ATTR.search(body)):
                shifted = _numbered("#" * level + " " + value(title) + end, step, end)
            dedent, measure = 0, opens
        elif boxes and boxes[-1] in _WRAPPING and (tab := _TAB_LABEL.match(shifted[:len(shifted) - len(end)])):
            shifted = title_line(tab.group("indent"), heading_attrs(tab.group("label"))[0], end)
        elif not (_DIV_CLOSE.match(body) and not divs) and (marked := _marker(shifted, end, labels)) is not None:
            # a </div> closes a wrapper only where one opened on a line of its own (not `<div` over attribute lines)
            divs += 1 if _DIV_OPEN.match(body) else -1 if _DIV_CLOSE.match(body) else 0
            boxes = _boxes(boxes, body)
            if step is not None and _STEP_OPEN.match(body):
                step, step_heading = step + 1, True
            shifted, opens = marked
            if shifted.strip() and body.lstrip().startswith(":::") and out and _prose(out[-1]):
                out[-1] = _broken(out[-1])
            if _TAB.match(body):
                in_tab = True
                if tab_level and shifted.strip():       # a later tab of a group whose tab held a heading
                    shifted = "#" * tab_level + " " + shifted.strip().strip("*").strip() + end
            elif _TAB_END.match(body):
                in_tab = False
            if opens or _WRAPPER.match(body) and not _TAB_END.match(body):
                dedent, measure = 0, opens
            elif _CLOSING.match(body):      # the body it closes was dedented; what follows is as far in as the tag
                # (after </TabItem>, the next tab's title sits where the first one's did: kept indented under a
                # list, it was read as part of that list: Warp's docs, 44 tabs in 18 pages)
                dedent, measure = min(dedent, len(body) - len(body.lstrip(" "))), False
            out.append(shifted)
            titled = bool(shifted.strip()) and not in_tab and step is None and bool(_COMPONENT.match(body))
            continue
        elif questions and questions[n] and (heading := _HEADING.match(shifted[:len(shifted) - len(end)])):
            shifted = title_line(heading.group("indent"), heading.group("title"), end)
        elif level := _LEVEL.match(shifted):
            # a heading inside a tab is that tab's: the tabs after it are its siblings, not its subsections
            # (ZMK's "Acquiring tester firmware", in the Tester Shield tab, headed the Multimeter and Visual
            # Inspection tabs after it in 11 chunks of 3 pages); a heading outside tabs ends the group
            tab_level = (min(tab_level or 6, len(level.group(2))) if in_tab else 0)
            if step is None:
                outer = len(level.group(2))
            elif outer and len(level.group(2)) <= outer:      # a step's heading is under the procedure's
                shifted = level.group(1) + "#" * min(outer + 1, 6) + shifted[level.end(2):]
            if step_heading:
                shifted, step_heading = _numbered(shifted, step, end), False
            # a title over a heading is that section's (Mintlify's <Update label="2026-07-28"> over "## Discount
            # limits": 33 of Polar's dates ended the entry before); one the heading repeats goes (page_lines)
            if titled and not page_lines.repeated_title(out[-1], [shifted]):
                out[-1], shifted = shifted, out[-1]
        titled = False
        out.append(shifted)
    return "".join(out)
