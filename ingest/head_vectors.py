"""A second, small vector per chunk: of its heading path alone ("Plans and pricing > What's included in each
plan > Business"), stored in the chunk's metadata next to the body's vector.

The body's vector mixes the heading with the text, so inside one file a section that says more about the
question's topic can beat the section the question names: "What's included in the Business plan?" was closer
to the Enterprise section's body (0.57) than to Business's (0.52), but to Business's heading path (0.79 vs
0.74). Within a file, sections are ordered by the better of the two (app/retrieval.py); measured on the bundled
KB's section gold (bench.ranking_lab, 49 questions): section hit@1 0.837 -> 0.878.

Stored as int8 with one float16 scale, base64 (516 characters for 384 dimensions): the reader keeps metadata
in memory and in its cache, and a float32 copy would be 4x larger. Quantising moves a cosine by ~0.001.
"""
from __future__ import annotations

import base64
import binascii
import functools

import numpy as np

KEY = "head_vector"      # the metadata field
QUESTION_KEY = "question_vector"     # the last heading's own vector, where that heading is a question
OWN_KEY = "own_vector"     # the vector of the heading path below the title, where no other field holds it


def heading_text(heading_path: tuple[str, ...]) -> str:
    return " > ".join(heading_path)


def question_text(heading_path: tuple[str, ...]) -> str | None:
    """The chunk's own heading when it is phrased as a question (an FAQ entry: "Can I get a refund?"), else None.
    Such a heading paraphrases what the section answers, and a question's vector is close to another wording
    of the same question (the model was trained on question pairs), so it is a second dense field for the
    ranking (app/vectors.py). Generic headings ("Overview", "Billing") are not: as a field they cost
    govuk-paas MRR@10 0.962 -> 0.912 (bench.ranking_lab, option rrf_k60_dense_body_hlast)."""
    last = heading_path[-1].strip() if heading_path else ""
    return last if last.endswith(("?", "\uff1f")) else None


def own_text(heading_path: tuple[str, ...]) -> str | None:
    """The chunk's heading path below the page's title ("How do I get these benefits?" of "Benefits Planner:
    Retirement > How do I get these benefits?"; "Sync > Set up" of "Manual > Sync > Set up"), where its vector
    is not stored already: as the path's (the title alone) or as the question's (a question right under the
    title). Every path of a file starts with its title, so a long title makes their vectors alike; the rest of
    the path says which section, with the parents that give a heading its context (the heading alone, cut from
    them, cost a manual kept in one file per chapter 3 of 42 leads: bench.layouts, Obsidian). Its cosine is a
    third field of the section match (app/retrieval.section_similarities)."""
    rest = tuple(h.strip() for h in heading_path[1:] if h.strip())
    if not rest or (len(rest) == 1 and question_text(heading_path)):
        return None
    return heading_text(rest)


def own_vector(meta: dict) -> str | None:
    """The packed vector of a chunk's heading path below the title (own_text, or the question right under the
    title), None for a chunk whose path is the title alone or that was stored without one."""
    return meta.get(OWN_KEY) or meta.get(QUESTION_KEY)


def own_heading_key(heading_path_text: str) -> str:
    """A chunk's own heading, from its stored heading path ("A > B > C"), case and spacing aside: the key by
    which readers tell whether several files ask the same question (app/corpus_index.distinct_questions)."""
    return " ".join(heading_path_text.rsplit(" > ", 1)[-1].lower().split())


def pack(vector) -> str:
    v = np.asarray(vector, dtype=np.float32)
    scale = float(np.abs(v).max()) / 127.0 or 1.0
    q = np.clip(np.round(v / scale), -127, 127).astype(np.int8)
    return base64.b64encode(np.float16(scale).tobytes() + q.tobytes()).decode("ascii")


def unpack(text: str | None) -> np.ndarray | None:
    """The vector packed by `pack`, or None for a chunk stored without one (or with a damaged value)."""
    if not text:
        return None
    try:
        raw = base64.b64decode(text)
    except ValueError:
        return None
    if len(raw) < 3:
        return None
    scale = float(np.frombuffer(raw[:2], dtype=np.float16)[0])
    return np.frombuffer(raw[2:], dtype=np.int8).astype(np.float32) * scale


@functools.lru_cache(maxsize=1 << 14)
def _decoded(text: str) -> bytes:
    """The bytes of one packed value, kept for the next question that shows the same chunk: 0.1 us to look up
    (a string keeps its hash) against ~2 us to decode. At most 16,384 kept (~1 KB each with the key it holds
    on to: 16 MB), the distinct candidates of some 50 questions."""
    return binascii.a2b_base64(text)


def similarities(texts: list[str | None], vector: np.ndarray) -> np.ndarray:
    """Cosine of each packed heading vector with `vector` (normalised), NaN where a chunk has none. One
    product for all of them: unpacking each alone cost ~10 us, a third of a warm question's search on the
    bundled KB (~190 candidates a question). Each value is decoded alone: base64 padding ends a value."""
    out = np.full(len(texts), np.nan, dtype=np.float32)
    size = 4 * -(-(2 + len(vector)) // 3)            # base64 length of a float16 scale and d int8 values
    whole = [i for i, t in enumerate(texts) if t and len(t) == size]
    try:
        raw = np.frombuffer(b"".join(_decoded(texts[i]) for i in whole), dtype=np.uint8)
        rows = raw.reshape(len(whole), 2 + len(vector))
        scales = rows[:, :2].copy().view(np.float16).astype(np.float32)[:, 0]
        out[whole] = (rows[:, 2:].view(np.int8).astype(np.float32) @ vector) * scales
        rest = [i for i, t in enumerate(texts) if t and len(t) != size]
    except ValueError:                                   # a damaged value among them: one by one
        rest = [i for i, t in enumerate(texts) if t]
    for i in rest:
        head = unpack(texts[i])
        if head is not None and head.shape == vector.shape:
            out[i] = float(head @ vector)
    return out
