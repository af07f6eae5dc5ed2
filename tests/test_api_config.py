"""The `[api]` and `[answer]` config tables and the key file: clear errors for bad values, hashes only."""
from __future__ import annotations

import json

import pytest
from conftest import CONFIG, build_kb

from app.api.keys import KeyStore, KeyStoreError
from ingest.config import ConfigError


@pytest.mark.parametrize("extra, message", [
    ('[answer]\nmode = "generative"\n', "'answer.mode' must be extractive or llm, got 'generative'"),
    ('[answer]\nmode = "llm"\nmodel = "m"\n', "missing key 'answer.base_url'"),
    ('[answer]\nmode = "llm"\nbase_url = "localhost:11434"\nmodel = "m"\n', "'answer.base_url' must start with"),
    ('[answer]\ntimeout_s = 0\n', "'answer.timeout_s' must be positive"),
    ('[api]\nmcp_audience = "internal"\n', "'api.mcp_audience' must be customer or agent"),
    ('[api]\nrate_per_minute = "lots"\n', "'api.rate_per_minute' must be an int"),
    ('[api]\nlog_questions = "yes"\n', "'api.log_questions' must be a bool"),
    ('[api]\nkey_path = "k.json"\n', "unknown key 'api.key_path'"),
])
def test_bad_api_and_answer_settings_are_named(tmp_path, extra, message):
    with pytest.raises(ConfigError, match=".*" + message.replace("(", r"\(").replace("[", r"\[")):
        build_kb(tmp_path, {}, CONFIG + "\n" + extra)


def test_keys_path_is_relative_to_the_config(tmp_path):
    config = build_kb(tmp_path, {}, CONFIG + '\n[api]\nkeys_path = "secrets/keys.json"\n')
    assert config.keys_path == tmp_path.resolve() / "secrets/keys.json"
    assert build_kb(tmp_path, {}).keys_path == tmp_path.resolve() / ".kb/api-keys.json"


def test_the_key_file_holds_hashes_only_and_names_are_checked(tmp_path):
    store = KeyStore(tmp_path / "keys.json")
    key = store.create("widget", "customer")
    text = (tmp_path / "keys.json").read_text()
    assert key not in text and json.loads(text)["keys"]["widget"]["audience"] == "customer"
    assert (tmp_path / "keys.json").stat().st_mode & 0o077 == 0, "the key file is private to its owner"
    assert store.lookup(key).name == "widget" and store.lookup(key + "x") is None
    with pytest.raises(KeyStoreError, match="already exists"):
        store.create("widget", "agent")
    with pytest.raises(KeyStoreError, match="a key name must be"):
        store.create("bad name!", "agent")
    with pytest.raises(KeyStoreError, match="audience must be one of customer, agent"):
        store.create("ok", "internal")
    with pytest.raises(KeyStoreError, match="no key named 'nobody'"):
        store.revoke("nobody")
    store.revoke("widget")
    assert store.lookup(key) is None
    assert store.create("widget", "agent") != key, "a revoked name can be reused with a new key"
