"""Reliability tests record what they tried and saw here; reliability_table.py renders RELIABILITY.md's table.

Entries are keyed by (test, fault), so a re-run replaces its own rows instead of piling up.
"""
from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACT = Path(os.environ.get("KB_RELIABILITY_JSON", ROOT / "test-artifacts" / "reliability.json"))


def record(area: str, fault: str, tries: int, outcome: str, lost: str = "nothing", test: str = "") -> None:
    """area: crash, concurrency, audience, bad file, bad config, bad question, chunker, server."""
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    with open(ARTIFACT.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = json.loads(ARTIFACT.read_text()) if ARTIFACT.exists() else {}
        test = test or os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0]
        data[f"{test}::{fault}"] = {"area": area, "fault": fault, "tries": tries, "outcome": outcome,
                                    "lost": lost, "test": test, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                                     time.gmtime())}
        tmp = ARTIFACT.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False))
        tmp.replace(ARTIFACT)
