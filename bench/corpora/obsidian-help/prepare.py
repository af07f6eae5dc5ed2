"""Lay out the Obsidian help vault as a two-sided knowledge base under ./docs (not shipped: see SOURCES.md).

    python bench/corpora/obsidian-help/prepare.py /path/to/obsidian-help-checkout

Copies the English pages (en/*.md) of a checkout of github.com/obsidianmd/obsidian-help to docs/service/, and
moves the four troubleshooting and recovery pages to docs/support/. Then, from the repository root:

    python -m bench.ranking_lab --suite bench/corpora/obsidian-help/suite.toml --workdir /tmp/ranking-lab
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

SUPPORT = ["Obsidian Sync/Troubleshoot Obsidian Sync.md", "Obsidian Publish/Troubleshoot Obsidian Publish.md",
           "Obsidian Web Clipper/Troubleshoot Web Clipper.md", "Plugins/File recovery.md"]


def main(checkout: Path) -> None:
    docs = Path(__file__).with_name("docs")
    shutil.rmtree(docs, ignore_errors=True)
    for page in (checkout / "en").rglob("*.md"):
        target = docs / "service" / page.relative_to(checkout / "en")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    (docs / "support").mkdir(parents=True)
    for rel in SUPPORT:
        (docs / "service" / rel).rename(docs / "support" / Path(rel).name)
    print(f"{sum(1 for _ in docs.rglob('*.md'))} pages under {docs}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
