"""`kb ingest --watch`: run the incremental ingest again whenever a Markdown file under a corpus changes.

watchfiles (OS file events through Rust's notify, not polling) groups the events of one burst, so an
editor's save (write, rename, chmod) or a `git pull` of many files is one ingest, not one per event.
Events that arrive while an ingest runs are kept and start the next one. Ctrl-C stops the watch.
"""
from __future__ import annotations

import fnmatch
import threading
from collections.abc import Callable
from pathlib import Path

from ingest.config import Config

DEBOUNCE_MS = 1600      # watchfiles' default: a burst of saves (an editor, a git checkout) is one batch


def wanted(config: Config) -> Callable[[object, str], bool]:
    """The watch filter: files a corpus would ingest, by name (hidden files and editor temp files not)."""
    globs = sorted({g for c in config.corpora.values() for g in c.include})
    listed = {f for c in config.corpora.values() for f in c.files}

    def keep(_change, path: str) -> bool:
        name = Path(path).name
        return not name.startswith(".") and (any(fnmatch.fnmatchcase(name, g) for g in globs) or Path(path) in listed)
    return keep


def watch(config: Config, run: Callable[[list[str]], None], ready: Callable[[], None] | None = None,
          stop: threading.Event | None = None, debounce_ms: int = DEBOUNCE_MS) -> None:
    """Call run(changed paths, as cited) after each burst of changes, until Ctrl-C or `stop` is set.
    ready() is called once the watcher is running (its first quiet second), so nothing is missed after it."""
    from watchfiles import watch as changes
    roots = sorted({p for c in config.corpora.values() for p in c.roots})
    for batch in changes(*roots, watch_filter=wanted(config), debounce=debounce_ms, stop_event=stop,
                         raise_interrupt=False, rust_timeout=1000, yield_on_timeout=True):
        if not batch:                   # a quiet second: the watcher is up
            if ready:
                ready()
                ready = None
            continue
        run(sorted({config.rel(Path(p)) for _, p in batch}))
