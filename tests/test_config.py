"""config.toml: a valid file loads; every kind of mistake stops with a ConfigError naming the key and the file."""
from __future__ import annotations

import pytest
from conftest import CONFIG, ROOT, write

from ingest.config import Config, ConfigError, load_config


def _config_with(tmp_path, text: str) -> pytest.ExceptionInfo:
    (tmp_path / "docs/service").mkdir(parents=True, exist_ok=True)
    (tmp_path / "docs/support").mkdir(parents=True, exist_ok=True)
    path = write(tmp_path / "config.toml", text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    return err, path


def test_valid_config_loads(make_kb, tmp_path):
    cfg = make_kb()
    assert isinstance(cfg, Config)
    assert cfg.file == (tmp_path / "config.toml").resolve()
    assert cfg.store_path == tmp_path.resolve() / ".kb/chroma"
    assert cfg.store_url is None
    assert set(cfg.corpora) == {"service", "support"}
    support = cfg.corpora["support"]
    assert support.paths == ((tmp_path / "docs/support").resolve(),)
    assert support.audience == "internal"
    assert support.audience_for("docs/support/public/login.md") == "public"
    assert support.audience_for("docs/support/runbooks/sso.md") == "internal"
    assert cfg.rel(tmp_path / "docs/service/refunds.md") == "docs/service/refunds.md"


def test_bundled_config_loads():
    cfg = load_config(ROOT / "config.toml")
    assert set(cfg.corpora) == {"service", "support"}
    assert all(p.is_dir() for c in cfg.corpora.values() for p in c.paths)


# (what to change in CONFIG, the key the message must name)
BAD = {
    "unknown top-level key": (CONFIG + "\n[colour]\nred = 1\n", "colour"),
    "unknown corpus key": (CONFIG.replace('audience = "public"', 'audience = "public"\ncolor = "x"'),
                           "corpora.service.color"),
    "unknown store key": (CONFIG.replace('path = ".kb/chroma"', 'path = ".kb/chroma"\nport = 1'), "store.port"),
    "missing description": (CONFIG.replace(
        'description = "Help docs, billing, refunds, plans and policies: how to do something."\n', ""),
        "corpora.service.description"),
    "missing paths": (CONFIG.replace('paths = ["docs/support"]\n', ""), "corpora.support.paths"),
    "missing path on disk": (CONFIG.replace('paths = ["docs/service"]', 'paths = ["docs/nowhere"]'),
                             "corpora.service.paths"),
    "bad audience": (CONFIG.replace('audience = "internal"', 'audience = "secret"'), "corpora.support.audience"),
    "wrong type (paths is a string)": (CONFIG.replace('paths = ["docs/service"]', 'paths = "docs/service"'),
                                       "corpora.service.paths"),
    "wrong type (max_tokens is a string)": (CONFIG + '\n[chunking]\nmax_tokens = "200"\n', "chunking.max_tokens"),
    "wrong type (top_k is a bool)": (CONFIG + "\n[retrieval]\ntop_k = true\n", "retrieval.top_k"),
    "overlapping corpora paths": (CONFIG.replace('paths = ["docs/support"]', 'paths = ["docs/service/sub"]'),
                                  "paths overlap"),
    "store.path and store.url": (CONFIG.replace('path = ".kb/chroma"', 'path = ".kb/chroma"\nurl = "http://x:8000"'),
                                 "store.path"),
    "missing support corpus": (CONFIG.split("[corpora.support]")[0], "corpora.support"),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_config_names_key_and_file(tmp_path, case):
    text, key = BAD[case]
    if case == "overlapping corpora paths":
        (tmp_path / "docs/service/sub").mkdir(parents=True)
    err, path = _config_with(tmp_path, text)
    message = str(err.value)
    assert str(path) in message, message
    assert key in message, message
    if case == "store.path and store.url":
        assert "store.url" in message


def test_invalid_toml_and_missing_file(tmp_path):
    err, path = _config_with(tmp_path, "[store\npath = 1\n")
    assert str(path) in str(err.value) and "TOML" in str(err.value)
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "absent.toml")


def test_paths_are_relative_to_the_config_folder(make_kb, tmp_path, monkeypatch):
    make_kb()
    monkeypatch.chdir(tmp_path.parent)          # not the config's folder
    cfg = load_config(tmp_path / "config.toml")
    assert cfg.corpora["service"].paths == ((tmp_path / "docs/service").resolve(),)


@pytest.mark.slow
def test_cli_config_flag_selects_another_config(make_kb, tmp_path, monkeypatch, capsys):
    """`--config FILE` wins over ./config.toml: a broken ./config.toml is never read."""
    from app.cli import main
    good = make_kb()
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    write(elsewhere / "config.toml", "[colour]\n")
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("KB_CONFIG", raising=False)
    assert main(["route", "How do I get a refund?"]) == 2            # reads ./config.toml: broken
    assert "colour" in capsys.readouterr().err
    # the good config has no index yet: a store error (3), not a config error (2), proves it was read
    assert main(["route", "How do I get a refund?", "--config", str(good.file)]) == 3
    err = capsys.readouterr().err
    assert "kb ingest" in err and "colour" not in err


@pytest.mark.parametrize("text, key", [
    ('store = "x"\n' + CONFIG.replace('[store]\npath = ".kb/chroma"\n', ""), "store"),
    ("chunking = 5\n" + CONFIG, "chunking"),
])
def test_a_table_that_is_not_a_table(tmp_path, text, key):
    err, path = _config_with(tmp_path, text)
    assert str(path) in str(err.value) and f"'{key}' must be a table" in str(err.value)


def test_router_weights_must_be_numbers(tmp_path):
    err, path = _config_with(tmp_path, CONFIG + '\n[router.weights]\nintent = "high"\n')
    assert "router.weights.intent" in str(err.value)


def test_router_weights_and_examples_reject_unknown_names(tmp_path):
    err, _ = _config_with(tmp_path, CONFIG + '\n[router.weights]\nintnet = 1.0\n')
    assert "router.weights.intnet" in str(err.value)
    err, _ = _config_with(tmp_path, CONFIG + '\n[router.examples]\nbilling = ["x"]\n')
    assert "router.examples.billing" in str(err.value)
