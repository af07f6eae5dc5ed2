"""What the model and the keyword index see of a text, and how much of it is words: markup out, data runs
(base64, hashes, minified JSON) and symbol runs out, code kept as its words. The chunker uses the share of
words to keep data out of the index (ingest/noise.py); the keyword index reads text the same way."""
from __future__ import annotations

import re

from . import fences

_LINK = re.compile(r"(!?)\[([^\]]*)\]\([^)]*\)")         # [text](url) and ![alt](src) -> text
# An image whose alt text is its file name says nothing: Zettlr's manual, 107 of 147 images
# (`![preferences_languagetool.png](...)`), put "preferences languagetool png" in 97 chunks' words.
_FILE_NAME = re.compile(r"[\w .-]*\.(?:png|jpe?g|gif|svg|webp|avif|bmp|tiff?)", re.I)
_REF_DEF = re.compile(r"^\s*\[(?!\^)[^\]]+\]:\s*\S+.*$", re.MULTILINE)   # [ref]: https://... ([^1]: is a footnote)
# HTML elements and MDX components (<TabItem value="x">) are markup; a placeholder in angle brackets is text:
# "<live objects> <live memory> @ <addresses...>" (Caddy's profiling docs) read as tags left a code block with
# no words, and it was dropped as noise, from the index and from every answer quoting that section.
_HTML_NAMES = ("a|abbr|article|aside|audio|b|blockquote|br|button|caption|center|cite|code|col|colgroup|dd|del|"
               "details|dfn|div|dl|dt|em|embed|figcaption|figure|font|footer|form|h[1-6]|header|hr|i|iframe|img|"
               "input|ins|kbd|label|li|link|main|mark|meta|nav|noscript|object|ol|option|p|path|picture|pre|q|s|"
               "samp|script|section|select|small|source|span|strike|strong|style|sub|summary|sup|svg|table|tbody|"
               "td|template|textarea|tfoot|th|thead|time|tr|u|ul|var|video|wbr")
HTML_TAG = re.compile(rf"</?(?:(?i:{_HTML_NAMES})|[A-Z][a-z][A-Za-z0-9.]*)(?=[\s/>])[^>]*>")
_ATTR_LIST = re.compile(r"\{:[^}]*\}")                    # kramdown {: .class}
# a heading's own id and classes ("### How do I install it? {#install-android}"): its words again, as an id
# (Ente's help center: 458 chunks in 18 files)
_HEADING_ATTRS = re.compile(r"^([ ]{0,3}#{1,6}[ \t].*?)[ \t]*"
                            r"\{[#.][\w.:#-]*(?:[ \t]+[#.][\w.:#-]*|[ \t]+[\w-]+=\S+)*\}[ \t]*$", re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A backslash escape is the character it escapes (CommonMark): GitBook writes `x86\_64`, `KEY\_OK`, `\(`; kept,
# "x86_64" was two terms in the index and one in a question (LibreELEC: 60 of 501 chunks, 33 of 72 files).
ESCAPED = r"\\([!-/:-@\[-`{-~])"          # a backslash before ASCII punctuation; group 1: that character
_ESCAPE = re.compile(ESCAPED)
_URL = re.compile(r"\b(?:https?|ftp)://([^\s/?#<>()\[\]\"'`]+)([^\s?#<>()\[\]\"'`]*)[^\s<>()\[\]\"'`]*")
# Runs without spaces this long are data or names (sha256 is 64 characters, a wrapped base64 line 76). A run
# whose parts between punctuation are all word-shaped (an e-mail, a path, a CSV row, snake_case) is kept as
# its words; one with a part that mixes letters and digits at random (base64, hashes, IDs in minified JSON)
# is dropped whole.
_LONG_RUN = re.compile(r"\S{32,}")
_NAME_SEP = re.compile(r"[^\w+%]+|_")
# A part may also lead with digits: "123nas", "1080p", "2fa" (LibreELEC's `Options=username=nasuser1,password=123nas,
# rw,vers=2.1`, a step of a how-to, was dropped as data), or hold one run of them: "nrf52840", "K32SRC" (ZMK's
# only fix for a faulty oscillator, `CONFIG_CLOCK_CONTROL_NRF_K32SRC_RC=y` alone in its fence, was dropped as data).
_NAME_PART = re.compile(r"[^\W\d_]{1,24}\d{0,8}(?:[^\W\d_]{1,24})?|\d{1,8}(?:[^\W\d_]{1,24})?")
# A part this short is a name whatever its mix (a USB id "1a86", "0x03", "if00": Klipper's
# `/dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0`, the block the FAQ's serial-port answer shows, was dropped as
# data with 5 other one-line blocks); data splits into long parts (a hash, base64, a UUID's first eight).
SHORT_PART = 5
_CASE_HUMP = re.compile(r"[a-z][A-Z]")
# A name joined from words, however long: Prometheus' alert NodeHighNumberConntrackEntriesUsed (34 characters)
# was dropped as data with the chunk holding it. Every part a capital and lower-case letters: base64 never
# runs that way for 32 characters.
_CAMEL_NAME = re.compile(r"[a-z]*(?:[A-Z][a-z]+){2,}")
_ENV_VAR = re.compile(r"%([^\W\d]\w*)%")      # Windows' %LocalAppData%: a name between percent signs, not data
# A URL's escaped character (%22 is a quote) separates words as the character would: Jitsi's handbook shows its
# people-search request, `.../searchpeople?query=testroomname&queryTypes=[%22conferenceRooms%22]&jwt=somejwt`, alone
# in its fence, and it was dropped as data ("The request is in the following format:" and nothing after it).
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_SYMBOLS = re.compile(r"[^\w\s]{4,}")                      # ---|---, >>>>, ****: layout, not words
_WORD_CHARS = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")
# A chunk below this share of word characters is data, not text, and is not stored (ingest.noise). Measured
# over 11,718 chunks (dev bench, techqa, Obsidian, doc2dial, the bundled KB and Bitwarden's help center): 406
# under 0.01 (markup left alone, `</div>` between tabs, separator rows, base64, rules of asterisks), 8 in
# 0.01-0.05 (icon-only tables, box drawing, Java stack frames), then a thin tail to 0.25 that is nearly all
# real: a command with IDs ("bosh ssh router/<uuid>" 0.125, "bw get item <uuid> | jq ... | bw edit item"
# 0.181), error codes in a trace, a JSON example. At 0.25 those 60 were dropped and an answer ended on "as in
# the following example:". Minified JSON and base64 stay under 0.02.
MIN_WORD_SHARE = 0.05


def _word_parts(m: re.Match) -> str:
    return _word_parts_of(m.group(0))


# Chinese, Japanese and Korean write sentences without spaces: a run holding their letters is prose, never base64 or
# a hash (Misskey's docs: 22 chunks of Japanese in 6 pages, a page's heading and intro among them, were dropped as data)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _word_parts_of(text: str) -> str:
    if _CJK.search(text):
        return text
    run = _PERCENT.sub(" ", _ENV_VAR.sub(r" \1 ", text.strip("()[]{}<>\"'`,;!?*.")))
    parts = [q for p in _NAME_SEP.split(run) if p for q in _plus_words(p)]
    return " ".join(parts) if all(map(_name_like, parts)) else ""


def _name_like(part: str) -> bool:
    return len(part) <= SHORT_PART or bool(_CAMEL_NAME.fullmatch(part)) or bool(_NAME_PART.fullmatch(part)) \
        and len(_CASE_HUMP.findall(part)) <= 3


def _plus_words(part: str) -> list[str]:
    """The words a "+" joins, where every one is word-shaped: in a URL's query "+" is a space
    (`publish?message=Webhook+triggered`: ntfy's curl example, alone in its tab, was dropped as data); base64's "+"
    joins random runs, which stay one part and stay data."""
    words = [w for w in part.split("+") if w]
    return words if len(words) > 1 and all(map(_name_like, words)) else [part]


def _link_text(m: re.Match) -> str:
    return "" if m.group(1) and _FILE_NAME.fullmatch(m.group(2).strip()) else m.group(2)


def _without_markup(text: str) -> str:
    """Link targets, HTML tags and comments, attribute lists and URL queries out: markup, not noise."""
    text = _LINK.sub(_link_text, text)
    text = _REF_DEF.sub("", text)
    text = _without_tags(_COMMENT.sub(" ", text))
    text = _HEADING_ATTRS.sub(r"\1", _ATTR_LIST.sub("", text))
    return _URL.sub(_url_words, _ESCAPE.sub(r"\1", text))


def _without_tags(text: str) -> str:
    """HTML tags out of prose; in fenced code a tag is what the reader copies and asks about (Umami's docs:
    `<script ... data-website-id="...">` was searchable in 2 of the 12 chunks that show it, and
    `data-umami-event` in none, so "where does data-website-id go" found none of them)."""
    if "<" not in text:
        return text
    if "```" not in text and "~~~" not in text:
        return HTML_TAG.sub(" ", text)
    return fences.outside(text, lambda part: HTML_TAG.sub(" ", part))


def _url_words(m: re.Match) -> str:
    """A URL's host and path, a part of the path that is data (a commit hash, an id) left out: a link is never
    data (Chatwoot's only pointer to its database pool setting, `https://github.com/chatwoot/chatwoot/blob/<40
    hex>/config/database.yml#L7` alone in its fence, was dropped as a chunk of non-words)."""
    parts = m.group(2).split("/")
    return m.group(1) + "/".join(p for p in parts if not p or _word_parts_of(p))


def searchable(text: str) -> str:
    """Text as the model and BM25 should see it: markup, data runs (base64, hashes, minified JSON) and
    symbol runs removed (noise to both, and they eat the 256-piece window). Code stays, as its words.
    Never longer than the input."""
    return _SYMBOLS.sub(" ", _LONG_RUN.sub(_word_parts, _without_markup(_NOTE_MARK.sub(" ", text))))


# A footnote's mark as a superscript number after its word (ingest/footnotes.py): "Chrome¹" is "Chrome" to BM25's
# tokeniser (\w takes "¹") and to the model. An exponent ("m²") goes the same way: a unit's letter is no term.
_NOTE_MARK = re.compile(r"(?<=\S)[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def only_markup(text: str) -> bool:
    """Whether nothing but markup (HTML tags and comments, attribute lists) and spaces is in the text."""
    return not _without_markup(text).strip()


def word_share(text: str) -> float:
    """Share of the characters (markup and spaces aside) that are words once data and symbol runs are gone:
    prose ~0.85, a table ~0.6, base64, minified JSON or nested quotes ~0."""
    bare = _without_markup(text)
    total = len(bare) - sum(map(len, _SPACE.findall(bare)))
    return sum(map(len, _WORD_CHARS.findall(searchable(text)))) / total if total else 0.0
