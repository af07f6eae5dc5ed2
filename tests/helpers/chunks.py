"""Chunks read back as the file has them."""
from __future__ import annotations

from ingest import fences


def written(chunks) -> list[str]:
    """Each chunk's text as the file has it: without the fences the chunker repeats where it cut a code block."""
    texts = [c.text for c in chunks]
    for i in range(len(texts) - 1):
        closed, opened = fences.seam(chunks[i].text, chunks[i + 1].text)
        texts[i] = texts[i][:len(texts[i]) - closed]
        texts[i + 1] = texts[i + 1][opened:]
    return texts
