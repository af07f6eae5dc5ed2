"""API keys bound to an audience, stored hashed in one JSON file (path from `[api] keys_path`).

A key is 256 random bits, so a plain SHA-256 of it cannot be brute-forced and needs no slow hash; the
file holds only the hash. Readers re-read the file whenever it changes (checked with one stat per
request), so `kb keys revoke` in another process takes effect on the next request.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import secrets
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

AUDIENCES = ("customer", "agent")
PREFIX = "kbk_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class KeyStoreError(ValueError):
    """A bad key name or audience, a duplicate or unknown name; the message says which."""


@dataclass(frozen=True)
class ApiKey:
    name: str
    audience: str


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


class KeyStore:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp = None
        self._by_hash: dict[str, ApiKey] = {}

    # -- reading -----------------------------------------------------------------------------------
    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"keys": {}}
        except (OSError, ValueError) as e:
            raise KeyStoreError(f"{self.path}: cannot read the key file: {e}") from None
        if not isinstance(data, dict) or not isinstance(data.get("keys"), dict):
            raise KeyStoreError(f"{self.path}: not a key file (expected {{\"keys\": {{...}}}})")
        return data

    def _stat(self):
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size

    def lookup(self, key: str | None) -> ApiKey | None:
        """The active key this secret belongs to, or None (unknown, revoked, or no key file)."""
        if not key:
            return None
        with self._lock:
            stamp = self._stat()
            if stamp != self._stamp:
                entries = self._read()["keys"]
                self._by_hash = {e["sha256"]: ApiKey(name, e["audience"]) for name, e in entries.items()
                                 if not e.get("revoked_at")}
                self._stamp = stamp
            return self._by_hash.get(_hash(key))

    def list(self) -> list[dict]:
        """Every key, without its hash: name, audience, created_at, revoked_at."""
        return [{"name": n, "audience": e["audience"], "created_at": e["created_at"],
                 "revoked_at": e.get("revoked_at")} for n, e in sorted(self._read()["keys"].items())]

    # -- writing (CLI) -----------------------------------------------------------------------------
    @contextmanager
    def _editing(self):
        """Hold an exclusive lock while read-modify-writing, then replace the file atomically
        (a reader sees the old or the new file, and the new inode tells it to re-read)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            data = self._read()
            yield data["keys"]
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)

    def create(self, name: str, audience: str) -> str:
        """Make a key and return its secret; only its hash is kept, so this is the one chance to see it."""
        if not _NAME.match(name or ""):
            raise KeyStoreError(f"a key name must be 1-64 letters, digits, '.', '_' or '-', got {name!r}")
        if audience not in AUDIENCES:
            raise KeyStoreError(f"audience must be one of {', '.join(AUDIENCES)}, got {audience!r}")
        key = PREFIX + secrets.token_urlsafe(32)
        with self._editing() as keys:
            if name in keys and not keys[name].get("revoked_at"):
                raise KeyStoreError(f"a key named {name!r} already exists; revoke it first or choose another name")
            keys[name] = {"audience": audience, "sha256": _hash(key), "created_at": _now()}
        return key

    def revoke(self, name: str) -> None:
        with self._editing() as keys:
            if name not in keys:
                raise KeyStoreError(f"no key named {name!r} (see `kb keys list`)")
            if keys[name].get("revoked_at"):
                raise KeyStoreError(f"the key {name!r} is already revoked")
            keys[name]["revoked_at"] = _now()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
