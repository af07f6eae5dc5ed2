"""Bad configs given to the real `kb ingest` (and `kb ask`): a clear message naming the file and the problem,
exit code 2 (3 when the store cannot be opened), and the existing index is left byte-for-byte untouched."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONFIG, write
from helpers.reliability import record

from ingest.pipeline import ingest

KB = str(Path(sys.executable).parent / "kb")

CASES = [  # (id, what, transform of CONFIG, expected exit code, fragments the message must contain)
    ("unknown-top-key", "unknown top-level table [stroe]", lambda c: c + '\n[stroe]\npath = "x"\n', 2,
     ["unknown key 'stroe'"]),
    ("unknown-corpus-key", "misspelt key paht in a corpus", lambda c: c.replace(
        'paths = ["docs/service"]', 'paths = ["docs/service"]\npaht = ["docs"]'), 2, ["unknown key 'corpora.service.paht'"]),
    ("missing-paths", "corpus without paths", lambda c: c.replace('paths = ["docs/service"]\n', ""), 2,
     ["missing key 'corpora.service.paths'"]),
    ("missing-corpus", "no [corpora.support] table", lambda c: c.split("[corpora.support]")[0], 2,
     ["missing table 'corpora.support'"]),
    ("unknown-corpus", "a third corpus [corpora.sales]", lambda c: c + '\n[corpora.sales]\ndescription = "x"\npaths = ["docs"]\n',
     2, ["unknown corpus 'corpora.sales'"]),
    ("overlap-nested", "support path contains the service path", lambda c: c.replace(
        'paths = ["docs/support"]', 'paths = ["docs"]'), 2, ["corpora paths overlap", "docs/service"]),
    ("overlap-same", "both corpora on the same folder", lambda c: c.replace(
        'paths = ["docs/support"]', 'paths = ["docs/service"]'), 2, ["corpora paths overlap"]),
    ("missing-folder", "a corpus folder that does not exist", lambda c: c.replace(
        'paths = ["docs/support"]', 'paths = ["docs/suport"]'), 2, ["'corpora.support.paths' entry 'docs/suport' does not exist"]),
    ("wrong-type", "top_k = \"five\"", lambda c: c + '\n[retrieval]\ntop_k = "five"\n', 2, ["'retrieval.top_k' must be an int"]),
    ("negative", "max_tokens = -5", lambda c: c + '\n[chunking]\nmax_tokens = -5\n', 2, ["'chunking.max_tokens' must be positive"]),
    ("too-big", "max_tokens over the model window", lambda c: c + '\n[chunking]\nmax_tokens = 999\n', 2, ["at most 254"]),
    # Traefik's support side lost 11 pages to `include = ["security/*.md"]`, and ingest said nothing
    ("include-path", "an include glob with a folder", lambda c: c.replace(
        'paths = ["docs/support"]', 'paths = ["docs/support"]\ninclude = ["security/*.md"]'), 2,
     ["'corpora.support.include' matches file names, not paths: 'security/*.md' can never match"]),
    ("bad-toml", "not valid TOML", lambda c: c + "\n[store\n", 2, ["not valid TOML"]),
    ("path-and-url", "store path and url both set", lambda c: c.replace(
        'path = ".kb/chroma"', 'path = ".kb/chroma"\nurl = "http://127.0.0.1:1"'), 2, ["either 'store.path' or 'store.url'"]),
    ("bad-url", "store url without http://", lambda c: c.replace('path = ".kb/chroma"', 'url = "127.0.0.1:8000"'), 2,
     ["'store.url' must start with http://"]),
    ("store-under-file", "store path whose parent is a regular file", lambda c: c.replace(
        'path = ".kb/chroma"', 'path = "a-file/chroma"'), 3, ["store path", "a-file/chroma", "cannot be created", "Not a directory"]),
    ("store-in-proc", "store path under /proc", lambda c: c.replace('path = ".kb/chroma"', 'path = "/proc/kb-store"'), 3,
     ["store path /proc/kb-store cannot be created"]),
]


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, embedder):
    from conftest import build_kb
    root = tmp_path_factory.mktemp("badcfg")
    config = build_kb(root)
    assert ingest(config, embedder=embedder)["ok"]
    (root / "a-file").write_text("I am a file, not a folder\n")
    from helpers.procs import fresh_clients
    fresh_clients()
    return root


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_config_is_refused_before_anything_changes(indexed, case):
    name, what, transform, code, fragments = case
    store = indexed / ".kb/chroma"
    before = fingerprint(store)
    bad = write(indexed / f"{name}.toml", transform(CONFIG.lstrip("\n")))
    out = subprocess.run([KB, "ingest", "--config", str(bad)], capture_output=True, text=True, cwd=indexed)
    assert out.returncode == code, (out.stdout, out.stderr)
    message = out.stderr.strip()
    assert message.startswith("kb: error:") and "Traceback" not in out.stderr, message
    if code == 2:
        assert str(bad) in message, message          # names the file
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert fingerprint(store) == before              # the existing index is untouched
    assert not (indexed / "a-file").is_dir()
    record("bad config", what, 1, f"`kb ingest` exit {code}: {message.removeprefix('kb: error: ').replace(str(indexed) + '/', '')[:160]}",
           "nothing")


def test_missing_config_file(tmp_path):
    out = subprocess.run([KB, "ask", "hello", "--config", str(tmp_path / "nope.toml")], capture_output=True, text=True)
    assert out.returncode == 2 and "nope.toml: config file not found" in out.stderr
    record("bad config", "config file that does not exist (`kb ask`)", 1,
           "exit 2: '<file>: config file not found'", "nothing")


def test_corpora_may_share_a_folder_split_by_file_names_but_never_a_file(make_kb, fake_embedder):
    """Five of seven unseen doc sites keep their troubleshooting page beside their how-to pages; `paths overlap` made
    their owners copy the folder to split it. Corpora may share a folder when include or exclude splits it; a file
    both take is refused, by name, before anything is written. Control: a shared folder neither narrows is still
    refused when the config is read."""
    from ingest.config import ConfigError
    from ingest.store import Store
    split = CONFIG.replace('paths = ["docs/support"]', 'paths = ["docs/service"]\ninclude = ["troubleshooting.md"]')
    files = {"docs/service/setup.md": "# Setup\n\nInstall the app and sign in.\n",
             "docs/service/troubleshooting.md": "# Troubleshooting\n\nIf sync fails, sign out and in again.\n"}
    config = make_kb(files, split)
    with pytest.raises(ConfigError, match="'docs/service/troubleshooting.md' belongs to both corpora service and "
                                          "support; .* \\(add \"troubleshooting.md\" to corpora.service.exclude"):
        ingest(config, embedder=fake_embedder)                                   # can fail: indexed twice
    files["docs/service/old.mkd"] = "# Old\n\nAn old page.\n"
    # the name the error gives, as written beside `include`: a glob without "/" matches the name in any folder
    # (Gotify's docs: `exclude = ["migrate-to-3.md"]` matched nothing under src/docs/ and the file stayed in both)
    files["docs/service/api/ref.md"] = "# Ref\n\nGenerated.\n"          # left out of service on purpose
    config = make_kb(files, split.replace('audience = "public"\n', 'audience = "public"\nexclude = '
                                          '["troubleshooting.md", "docs/service/api/*"]\n', 1))
    summary = ingest(config, embedder=fake_embedder)
    assert summary["ok"]
    # the pages one corpus leaves to the other are not "left out" (Monica's docs: support named service's 9
    # pages), nor are those it excludes on purpose (Infisical's 57 API pages); control: a page neither reads still is
    assert summary["corpora"]["support"]["note"] == ("its folders also hold pages include leaves out: *.mkd (1); add "
                                                     "their pattern to corpora.support.include to read them")
    store = Store(config)
    assert {m["source"] for m in store.chunks("service").get(include=["metadatas"])["metadatas"]} == {
        "docs/service/setup.md"}
    assert {m["source"] for m in store.chunks("support").get(include=["metadatas"])["metadatas"]} == {
        "docs/service/troubleshooting.md"}
    with pytest.raises(ConfigError, match="corpora paths overlap"):
        make_kb(files, CONFIG.replace('paths = ["docs/support"]', 'paths = ["docs/service"]'))


def test_a_corpus_whose_every_file_failed_says_so(make_kb, fake_embedder):
    """Pixelfed's 6 support pages all failed: ingest listed six FAILED lines and the support side answered nothing,
    its questions going to service without a word. Control: a corpus with one page indexed has no such note."""
    files = {"docs/service/setup.md": "# Setup\n\nInstall the app and sign in.\n",
             "docs/support/sync.md": "---\n- not\n- a mapping\n---\n# Sync fails\n\nSign out and in again.\n",
             "docs/support/login.md": "---\n- neither\n---\n# Login fails\n\nReset the password.\n"}
    summary = ingest(make_kb(files), embedder=fake_embedder)
    assert summary["corpora"]["support"]["note"] == ("none of its 2 files is indexed (see FAILED and SKIPPED "
                                                     "below): this side answers nothing until one is")  # can fail
    assert summary["corpora"]["service"]["note"] == ""
