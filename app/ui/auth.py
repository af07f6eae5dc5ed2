"""Agent accounts and sign-in (no Streamlit here; app/ui/session.py holds the page side).

Accounts live in a JSON file (`[ui] agents_file`, default .kb/agents.json) written by `kb agents add NAME`:
per agent a random salt and a salted scrypt hash, never the password. A signed-in agent gets a token
"name|expiry|session|hmac" (HMAC-SHA256 with a server secret) kept in a cookie, so sign-in survives reloads
and new tabs until it expires. `session` is a random value stored with the account and checked on every
page run: signing out, a new password or `kb agents remove` replaces it, which ends every token issued
before, in every browser, at once. Failed attempts per name are rate-limited in the server process.
"""
from __future__ import annotations

import base64
import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
from contextlib import contextmanager
from pathlib import Path

DEFAULT_FILE = ".kb/agents.json"
DEFAULT_SECRET_ENV = "KB_UI_SECRET"
DEFAULT_HOURS = 12.0
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}      # ~50 ms per check here: slow to guess, quick to sign in
MAX_FAILURES, WINDOW = 5, 900.0                 # 5 wrong passwords per name in 15 minutes, then locked
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


class AccountError(ValueError):
    """A bad agent name or password, or an unreadable accounts file; the message says which."""


def accounts_path(config) -> Path:
    return config.root / config.ui.get("agents_file", DEFAULT_FILE)


def load_accounts(config) -> dict[str, dict]:
    path = accounts_path(config)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        raise AccountError(f"{path}: cannot read the agent accounts file: {e}") from None
    return data.get("agents", {}) if isinstance(data, dict) else {}


def _hash(password: str, salt: bytes, n: int, r: int, p: int) -> str:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32).hex()


@contextmanager
def _editing(config):
    """The accounts to change, written back atomically (owner-only) at the end. A lock file keeps a
    sign-out in the app and `kb agents` in a shell from overwriting each other's change."""
    path = accounts_path(config)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        agents = load_accounts(config)
        yield agents
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"agents": agents}, indent=1), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)


def add_account(config, name: str, password: str) -> Path:
    """Create or replace one agent's account (a new password ends the old one's sessions)."""
    if not _NAME.match(name):
        raise AccountError(f"agent name {name!r}: use 1-64 letters, digits, '.', '_', '@' or '-'")
    if len(password) < 10:
        raise AccountError("the password must be at least 10 characters long")
    salt = secrets.token_bytes(16)
    with _editing(config) as agents:
        agents[name] = {"salt": salt.hex(), "hash": _hash(password, salt, **SCRYPT), **SCRYPT,
                        "session": secrets.token_hex(8)}
    return accounts_path(config)


def remove_account(config, name: str) -> None:
    """Delete an account; its sessions end on their next page run."""
    with _editing(config) as agents:
        if agents.pop(name, None) is None:
            raise AccountError(f"no agent named {name!r}")


def end_sessions(config, name: str) -> None:
    """Sign `name` out everywhere: every token issued before stops working."""
    with _editing(config) as agents:
        if name not in agents:
            raise AccountError(f"no agent named {name!r}")
        agents[name]["session"] = secrets.token_hex(8)


def verify(config, name: str, password: str) -> bool:
    account = load_accounts(config).get(name)
    if not account:
        _hash(password, b"0" * 16, **SCRYPT)        # same cost for an unknown name: no timing hint
        return False
    given = _hash(password, bytes.fromhex(account["salt"]), account["n"], account["r"], account["p"])
    return hmac.compare_digest(given, account["hash"])


def enabled(config) -> bool:
    """Agent pages exist only when the deployment switches them on and at least one account exists."""
    return bool(config.ui.get("agent_pages", False)) and bool(load_accounts(config))


class Limiter:
    """Wrong passwords per name in a sliding window (per server process)."""

    def __init__(self, limit: int = MAX_FAILURES, window: float = WINDOW, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self.failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, name: str) -> list[float]:
        now = self.clock()
        kept = [t for t in self.failures.get(name, []) if now - t < self.window]
        self.failures[name] = kept
        return kept

    def locked_for(self, name: str) -> float:
        """Seconds until `name` may try again; 0 when it may try now."""
        with self._lock:
            recent = self._recent(name)
            return 0.0 if len(recent) < self.limit else self.window - (self.clock() - recent[0])

    def failed(self, name: str) -> None:
        with self._lock:
            self._recent(name).append(self.clock())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self.failures.pop(name, None)


LIMITER = Limiter()


def secret(config) -> bytes:
    """The token-signing key: from the environment (`[ui] secret_env`, default KB_UI_SECRET), else a
    random key kept next to the accounts file, so tokens stay valid across restarts."""
    value = os.environ.get(config.ui.get("secret_env", DEFAULT_SECRET_ENV))
    if value:
        return value.encode("utf-8")
    path = accounts_path(config).with_name("ui-secret")
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        key = secrets.token_bytes(32)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(key.hex())
        os.chmod(path, 0o600)
        return key


def _mac(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def make_token(config, name: str, now: float | None = None) -> str:
    expiry = int((now or time.time()) + float(config.ui.get("session_hours", DEFAULT_HOURS)) * 3600)
    account = load_accounts(config).get(name, {})
    session = account.get("session", "")
    if account and not session:         # an account made before sessions were stored: start one
        end_sessions(config, name)
        session = load_accounts(config)[name]["session"]
    payload = f"{name}|{expiry}|{session}"
    return base64.urlsafe_b64encode(f"{payload}|{_mac(secret(config), payload)}".encode()).decode()


def token_agent(config, token: str | None, now: float | None = None) -> str | None:
    """The agent a token names, when its signature is right, it has not expired, the account exists and
    the token belongs to the account's current session (not ended by a sign-out)."""
    if not isinstance(token, str) or not token:
        return None
    try:
        name, expiry, session, mac = base64.urlsafe_b64decode(token.encode()).decode().rsplit("|", 3)
        fresh = int(expiry) > (now or time.time())
    except (ValueError, UnicodeDecodeError):
        return None
    if not hmac.compare_digest(mac, _mac(secret(config), f"{name}|{expiry}|{session}")) or not fresh:
        return None
    current = load_accounts(config).get(name, {}).get("session")
    return name if current and hmac.compare_digest(session, current) else None
