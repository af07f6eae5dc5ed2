"""Render test-artifacts/reliability.json as the Markdown table in RELIABILITY.md.

    .venv/bin/python tests/helpers/reliability_table.py [path/to/reliability.json]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ORDER = ["crash", "concurrency", "server", "audience", "bad file", "bad config", "bad question", "chunker"]


def render(data: dict) -> str:
    rows = sorted(data.values(), key=lambda e: (ORDER.index(e["area"]) if e["area"] in ORDER else 99, e["test"]))
    out = ["| Area | Fault or bad input | Tries | What happened | Lost |", "|---|---|---:|---|---|"]
    for e in rows:
        cells = [e["area"], e["fault"], str(e["tries"]), e["outcome"], e["lost"]]
        out.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    total = sum(e["tries"] for e in rows)
    lost = [e for e in rows if e["lost"] != "nothing"]
    out.append("")
    out.append(f"{len(rows)} faults, {total} tries in all; rows where something was lost: {len(lost)}. "
               f"Last recorded {max((e['at'] for e in rows), default='never')}.")
    return "\n".join(out)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "test-artifacts" / "reliability.json"
    print(render(json.loads(path.read_text())))


if __name__ == "__main__":
    main()
