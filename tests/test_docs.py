"""The README documents every config key ingest/config.py accepts and every `kb` subcommand
(datasette-style: a setting or command that exists but is not documented fails the build)."""
from __future__ import annotations

import re

import pytest
from conftest import ROOT

from app.cli import build_parser
from ingest import config as cfg
from ingest import settings

README = ROOT / "README.md"
SCHEMAS = {"store": "_STORE", "corpora": "_CORPUS", "chunking": "_CHUNKING", "router": "_ROUTER",
           "retrieval": "_RETRIEVAL", "log": "_LOG", "ui": "_UI",
           "api": "_API", "answer": "_ANSWER"}
_TABLE = re.compile(r"<!-- settings-table -->\n(.*?)\n<!-- /settings-table -->", re.S)


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8") if README.is_file() else ""


def test_readme_exists():
    assert README.is_file(), "README.md is missing"


def documented(text: str, table: str, key: str) -> bool:
    """`table.key` (corpora.<name>.key for corpora), a `key = ...` line in a TOML example, or `key` in backticks."""
    k = re.escape(key)
    return any(re.search(p, text, re.M) for p in (
        rf"\b{table}\.(?:[\w<>*-]+\.)?{k}\b",
        rf"^\s*{k}\s*=",
        rf"`{k}`",
    ))


def test_every_table_is_schema_checked():
    """Guards this test: the tables listed here are exactly the ones config.py accepts."""
    assert set(SCHEMAS) == set(cfg._TOP)


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_every_config_key_is_documented(readme, table):
    schema = getattr(cfg, SCHEMAS[table])
    header = rf"^\[{table}(\.[\w<>*-]+)?\]" if table != "corpora" else r"^\[corpora\.[\w<>*-]+\]"
    missing = [f"[{table}]"] if not (re.search(header, readme, re.M) or f"`[{table}]`" in readme
                                     or f"`{table}`" in readme or f"`{table}." in readme) else []
    missing += sorted(f"{table}.{k}" for k in schema if not documented(readme, table, k))
    assert not missing, f"README.md does not document: {', '.join(missing)}"


def test_readme_settings_table_is_generated_from_the_settings(readme):
    found = _TABLE.search(readme)
    assert found, "README.md has no <!-- settings-table --> block"
    assert found.group(1) == settings.markdown_table(), "README settings table drifted: run python -m ingest.settings"


def test_settings_table_drives_validation():
    """Every table and key config.py accepts comes from the settings table, and nothing else."""
    assert cfg._TOP == set(settings.tables())
    for table, attr in SCHEMAS.items():
        assert set(getattr(cfg, attr)) == set(settings.schema(table)), table


def test_every_subcommand_is_documented(readme):
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    missing = sorted(c for c in sub.choices if not re.search(rf"\bkb {c}\b", readme))
    assert not missing, f"README.md does not document: {', '.join('kb ' + c for c in missing)}"


def test_documented_checker_can_fail():
    assert documented("set `store.path` here", "store", "path")
    assert documented("[router]\nboth_margin = 0.2\n", "router", "both_margin")
    assert not documented("the path to the store", "store", "path")
    assert not documented("both_margins = 1", "router", "both_margin")
