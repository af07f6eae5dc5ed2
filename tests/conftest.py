"""Shared fixtures: the real embedding model (loaded once per session) and throwaway knowledge bases
in temp dirs, each with its own config.toml and embedded Chroma store."""
from __future__ import annotations

import io
import sys
import textwrap
from pathlib import Path

import pytest

from ingest.config import load_config
from ingest.embedder import Embedder

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


def pytest_collection_modifyitems(items):
    """A test that loads the real model (the `embedder` fixture, directly or through a KB fixture) is slow
    by definition, so `-m "not slow and not browser"` stays the fast tier of logic tests on the fake
    embedder whatever each test remembered to mark. Tests that run `kb` (which loads the model) are marked
    by hand."""
    for item in items:
        if "embedder" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


class FakeEmbedder(Embedder):
    """Deterministic and instant: a bag of hashed, lower-cased words, L2-normalised. For tests of logic
    (what is stored, removed, swapped, counted), where the model's quality is not the point. Word pieces
    are still counted with the real tokenizer (no torch), so chunking is exactly the product's."""

    DIM = 384

    @property
    def model_id(self) -> str:
        return "fake-hashed-words"

    def embed(self, texts: list[str]) -> list[list[float]]:
        import hashlib
        import re

        import numpy as np
        out = np.zeros((len(texts), self.DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest()[:8], 16) % self.DIM] += 1.0
            out[row, 0] += 1e-3                      # never an all-zero vector
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out.tolist()


@pytest.fixture(scope="session")
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


CONFIG = """
[store]
path = ".kb/chroma"

[corpora.service]
description = "Help docs, billing, refunds, plans and policies: how to do something."
paths = ["docs/service"]
audience = "public"

[corpora.support]
description = "Troubleshooting, known issues and runbooks: something is broken."
paths = ["docs/support"]
audience = "internal"
public = ["docs/support/public/**"]
"""

SMALL_CORPUS = {
    "docs/service/refunds.md": """
        ---
        title: Refund policy
        tags: [billing]
        ---
        # Refund policy

        ## Annual plans
        Annual plans can be refunded in full within 14 days of purchase. Request a refund from
        Settings > Billing > Request refund.

        ## Monthly plans
        Monthly plans are not refunded for partial months. You can cancel at any time.
        """,
    "docs/service/invite.md": """
        ---
        title: Invite teammates
        ---
        # Invite teammates

        ## Invite by email
        1. Open **Settings > Members**.
        2. Click **Invite** and type the email addresses.
        3. Press **Send**.
        """,
    "docs/support/public/login.md": """
        ---
        title: Troubleshoot login
        ---
        # Troubleshoot login

        ## SSO error when logging in
        If you see "SSO-104: Clock skew too large", check the clock on your identity provider and
        try again. For "SSO-102 signature invalid", ask your admin to upload the new certificate.
        """,
    "docs/support/runbooks/sso.md": """
        ---
        title: SSO failure runbook
        ---
        # SSO failure runbook

        ## Certificate rotated
        Internal only: open the Support Console, find the workspace, and compare the certificate
        fingerprint with the one in the SAML trace. Use the break-glass recovery login if needed.
        """,
}


@pytest.fixture
def make_kb(tmp_path):
    """Create a corpus + config in a temp dir: make_kb(files=None, config=CONFIG) -> Config."""
    def _make(files: dict[str, str] | None = None, config: str = CONFIG):
        return build_kb(tmp_path, files, config)
    return _make


def build_kb(root: Path, files: dict[str, str] | None = None, config: str = CONFIG):
    """make_kb for any folder (usable from module- or session-scoped fixtures) -> Config."""
    for rel, text in (SMALL_CORPUS if files is None else files).items():
        write(root / rel, text)
    for d in ("docs/service", "docs/support"):
        (root / d).mkdir(parents=True, exist_ok=True)
    write(root / "config.toml", config)
    return load_config(root / "config.toml")


def ingested_kb(root: Path, embedder, files: dict[str, str] | None = None, config: str = CONFIG):
    """build_kb, then ingest every file into a Chroma in `root` -> Config."""
    from ingest.pipeline import ingest
    built = build_kb(root, files, config)
    summary = ingest(built, embedder=embedder)
    assert summary["ok"], summary["failed"]
    return built


@pytest.fixture(scope="session")
def small_kb(tmp_path_factory, embedder):
    """SMALL_CORPUS ingested once per session into a temp Chroma: (Config, KnowledgeBase). Read-only."""
    from app.engine import KnowledgeBase
    config = ingested_kb(tmp_path_factory.mktemp("small_kb"), embedder)
    return config, KnowledgeBase(config, embedder=embedder)


@pytest.fixture(scope="session")
def bundled_kb(tmp_path_factory, embedder):
    """The bundled knowledge base (./config.toml) ingested once per session into a temp store:
    (Config, KnowledgeBase). Read-only: tests must not change it."""
    import dataclasses

    from app.engine import KnowledgeBase
    from ingest.pipeline import ingest
    config = dataclasses.replace(load_config(ROOT / "config.toml"),
                                 store_path=tmp_path_factory.mktemp("bundled") / "chroma")
    summary = ingest(config, embedder=embedder)
    assert summary["ok"], summary["failed"]
    return config, KnowledgeBase(config, embedder=embedder)


@pytest.fixture
def cli(small_kb, embedder, monkeypatch, capsys):
    """Run `kb ARGS --config <small KB>` in-process with the session's model; -> (exit code, stdout, stderr)."""
    config = small_kb[0]
    monkeypatch.setattr("app.engine.Embedder", lambda *a, **k: embedder)
    monkeypatch.setattr("ingest.pipeline.Embedder", lambda *a, **k: embedder)

    def run(*args: str, stdin: str | None = None, config_file: Path | None = None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        from app.cli import main as cli_main
        code = cli_main([*args, "--config", str(config_file or config.file)])
        out, err = capsys.readouterr()
        return code, out, err
    return run
