"""Property-based tests (hypothesis) of the Markdown parser + chunker with the real MiniLM token counter.

Documents are generated from a structure (headings with levels, paragraphs, lists, fenced code with '#'
lines inside, long lines, runs without spaces, unicode), so the expected heading path of every line is
known independently of the parser. Properties:
- every non-whitespace character of every section lands in a chunk, in order, exactly once;
- each chunk's heading path is the path of a line it covers (a merged chunk takes its larger part's);
- chunk text equals the file's lines start_line..end_line, except pieces of one long line split by word
  or character, which are a substring of that line;
- no chunk's embed_text exceeds max_tokens word pieces.
"""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from helpers.chunks import written
from helpers.reliability import record
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import fences
from ingest.chunking import chunk_document
from ingest.markdown import parse

WORD = st.one_of(
    st.from_regex(r"[a-z]{1,12}", fullmatch=True),
    st.sampled_from(["refund", "SSO-104", "Settings", "2FA", "café", "naïve", "日本語", "données", "🙂", "→",
                     "e.g.", "(beta)", "$19.99", "x_y", "`code`", "**bold**", "a/b/c", "don't", "100%"]),
    st.from_regex(r"[A-Za-z0-9]{30,130}", fullmatch=True),            # a run with no spaces
)
HEAD_WORD = st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True)


@st.composite
def paragraph(draw):
    kind = draw(st.sampled_from(["para", "para", "list", "code", "long", "long code"]))
    if kind == "list":
        return [f"- {' '.join(draw(st.lists(WORD, min_size=1, max_size=12)))}" for _ in range(draw(st.integers(1, 6)))]
    if kind == "code":
        body = [draw(st.sampled_from(["# not a heading", "x = 1", "## also not", "print('hi')", ""]))
                for _ in range(draw(st.integers(1, 6)))]
        return ["```", *body, "```"]
    if kind == "long code":   # a block the chunker must cut, each piece still a block
        lines = draw(st.lists(st.sampled_from(["# a comment", "x = compute(y)", "", "for i in range(3):",
                                               "    print(i, 'café')"]), min_size=20, max_size=90))
        opening, closing = draw(st.sampled_from([("```python", "```"), ("~~~~", "~~~~~"), ("````", "````")]))
        return [opening, *lines, closing]
    if kind == "long":   # one line far over any budget
        return [" ".join(draw(st.lists(WORD, min_size=60, max_size=120)))]
    return [" ".join(draw(st.lists(WORD, min_size=1, max_size=25))) for _ in range(draw(st.integers(1, 4)))]


@st.composite
def document(draw):
    """-> (markdown text, expected heading path per line, title)."""
    title = "Title " + draw(HEAD_WORD)
    lines, paths = [f"# {title}", ""], [(title,), (title,)]
    stack: list[tuple[int, str]] = []
    used = {title}
    for _ in range(draw(st.integers(0, 7))):
        if draw(st.booleans()) or not stack:
            level = draw(st.integers(2, 4))
            text = " ".join(draw(st.lists(HEAD_WORD, min_size=1, max_size=6)))
            if text in used:
                text += f" {len(used)}"
            used.add(text)
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, text))
            lines.append("#" * level + " " + text)
            paths.append((title, *[t for _, t in stack]))
        for _ in range(draw(st.integers(1, 3))):
            for line in draw(paragraph()) + [""]:
                lines.append(line)
                paths.append((title, *[t for _, t in stack]))
    return "\n".join(lines) + "\n", paths, title


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def runs():
    """How much the property test checked, recorded for RELIABILITY.md once the module's tests are done."""
    counts = {"examples": 0, "chunks": 0}
    yield counts
    if counts["examples"]:
        record("chunker", "hypothesis-generated Markdown (nested headings, lists, fenced code with '#' lines, "
               "lines far over budget, runs without spaces, unicode), max_tokens 64-254", counts["examples"],
               f"{counts['chunks']} chunks: all text kept in order, heading paths and line ranges right, none "
               "over max_tokens", "nothing", test="tests/test_chunker_properties.py::test_chunker_properties")


def _text_with_optional_headings(parsed) -> str:
    """A pattern of the sections' squashed text in which each heading line may be absent."""
    parts = []
    for sec in parsed.sections:
        lines = parsed.text(sec.start, sec.end).splitlines()
        for n, line in enumerate(lines):
            part = re.escape(squash(line))
            parts.append(f"(?:{part})?" if n == 0 and sec.anchor and part else part)
    return "".join(parts)


def _blanks(text: str) -> str:
    return re.sub(r"\n(?:[ \t]*\n)+", "\n\n", text)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(doc=document(), max_tokens=st.sampled_from([64, 128, 200, 254]), min_tokens=st.sampled_from([8, 24, 48]))
def test_chunker_properties(embedder, runs, doc, max_tokens, min_tokens):
    text, expected_paths, title = doc
    counter = embedder.counter
    parsed = parse(text, "docs/x.md")
    assert parsed.title == title
    file_lines = text.splitlines(keepends=True)
    assert parsed.lines == file_lines
    # A heading path over half the window is shortened for the chunk (ingest.chunking._fit_path); hypothesis
    # found the window overrun this prevents (max_tokens=64, a 3-level path of 50 pieces).
    fits = lambda path: counter.count(" > ".join(path) + "\n") <= max_tokens // 2
    chunks = chunk_document(parsed, counter, max_tokens, min(min_tokens, max_tokens))
    sections = "".join(parsed.text(s.start, s.end) for s in parsed.sections)
    # 1. every non-whitespace character, in order, exactly once (a cut code block's repeated fences aside); a
    # heading may be missing where its chunk was headings alone and its section went on in the next
    own = written(chunks)
    assert re.fullmatch(_text_with_optional_headings(parsed), squash("".join(own)))
    assert squash(sections) == squash(text)            # nothing outside a section either
    for c, mine in zip(chunks, own):
        # 5. a piece of a code block is a code block: it neither starts nor ends inside one
        assert not fences.open_at_end(c.text), c.text[-80:]
        c = replace(c, text=mine)
        covered = "".join(file_lines[c.start_line - 1:c.end_line])
        # 2. heading path: the path of one of the lines the chunk covers (or its shortened form)
        candidates = {expected_paths[i] for i in range(c.start_line - 1, c.end_line)}
        if all(fits(p) for p in candidates):
            assert c.heading_path in candidates, (c.heading_path, c.start_line, c.end_line)
        else:
            assert fits(c.heading_path) and c.heading_path[0] and title.startswith(c.heading_path[0][:1])
        # 3. line range (a run of blank lines, left where markup was blanked, shows as one: chunking._tidy)
        shown, lines_text = _blanks(c.text), _blanks(covered)
        if shown.rstrip("\n") != lines_text.rstrip("\n"):
            assert shown in lines_text, (c.text[:80], c.start_line, c.end_line)
            assert any(counter.count(file_lines[i]) > max_tokens // 4 for i in range(c.start_line - 1, c.end_line)), \
                "only a piece of a long line may differ from its line range"
        # 4. the model window
        assert counter.count(c.embed_text) <= max_tokens, (counter.count(c.embed_text), max_tokens, c.heading_path)
    assert [c.start_line for c in chunks] == sorted(c.start_line for c in chunks)
    runs["examples"] += 1
    runs["chunks"] += len(chunks)

