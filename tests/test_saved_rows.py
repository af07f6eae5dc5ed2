"""Rows of a saved base segment (app/segment.py StoredRows) read back exactly as they were written, whichever
JSON decoder reads them: the fast one refuses NaN, which the writer's json.dumps emits."""
from __future__ import annotations

import math

from app.index_cache import _rows_blob
from app.segment import Segment, StoredRows


def test_saved_rows_read_back_as_written_non_ascii_and_nan_included():
    texts = ["Rückerstattung in 14 Tagen — “quoted”", "plain", "emoji 🚀 and a tab\there"]
    metas = [{"source": "docs/ä.md", "chunk": 0, "score": 0.5},
             {"source": "docs/b.md", "chunk": 1, "weight": float("nan")},     # can fail: orjson refuses NaN
             {"source": "docs/c.md", "chunk": 2, "flag": True, "big": 2 ** 40}]
    seg = Segment.build(["a:v1:0", "b:v1:1", "c:v1:2"], texts, metas, [[1.0, 0.0]] * 3, {})
    rows = StoredRows(*_rows_blob(seg))
    for i, (text, meta) in enumerate(zip(texts, metas)):
        got_text, got_meta = rows.pair(i)
        assert got_text == text
        assert got_meta.keys() == meta.keys()
        for k, v in meta.items():
            assert (math.isnan(got_meta[k]) and math.isnan(v)) if isinstance(v, float) and math.isnan(v) \
                else got_meta[k] == v
    assert rows.pair(1) is rows.pair(1)       # decoded once and kept
