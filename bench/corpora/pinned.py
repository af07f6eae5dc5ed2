"""Third-party data pinned by commit and SHA-256, for the corpora's prepare.py scripts (run as plain scripts,
so each puts this folder on sys.path to import it)."""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

_HASH_LINE = re.compile(r"^( {0,3})(?=#{1,6}(\s|$))")


def literal_hashes(line: str) -> str:
    """A text line that would open a Markdown heading ("# ...") escaped, so source text stays text."""
    return _HASH_LINE.sub(r"\1\\", line)


def read_pinned(source: Path, repo: str, commit: str, path: str, sha256: str, file_ok: bool = True) -> bytes:
    """`path` at `commit` of github.com/`repo`, from a clone or a bare git directory (or, with `file_ok`, the file
    itself); its SHA-256 is checked. Stops with a message saying what to fetch."""
    if file_ok and source.is_file():
        data = source.read_bytes()
    elif source.is_dir():
        git = ["git", "-C", str(source)] if (source / ".git").exists() else ["git", f"--git-dir={source}"]
        run = subprocess.run([*git, "show", f"{commit}:{path}"], capture_output=True)
        if run.returncode:
            sys.exit(f"{source}: cannot read {commit}:{path} ({run.stderr.decode(errors='replace').strip()}); "
                     f"fetch that commit of github.com/{repo}")
        data = run.stdout
    else:
        sys.exit(f"{source} does not exist. Clone github.com/{repo} (commit {commit}) and pass the clone"
                 + (f", or pass {path} itself" if file_ok else ""))
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        sys.exit(f"{source}: {path} has SHA-256 {digest}, expected {sha256} (commit {commit})")
    return data
