"""kill -9 a real ingest process at chosen points (mid-embedding, after a chunk write, after a manifest
switch, after a retire, and wherever a free-running ingest happens to be), then check on the same store:
the reader sees every file as exactly one whole version (old or new, never both, no duplicates), questions
are answered, an immediate re-run is not refused by the dead process's lease, and the next ingest converges
to exactly what a fresh ingest of the files on disk produces (same manifest, same chunk ids, no orphans)."""
from __future__ import annotations

import dataclasses

import pytest
from conftest import CONFIG, build_kb
from helpers.crash_corpus import TOPICS, check_consistent, check_converged, corpus_files
from helpers.procs import Zygote, events, fresh_clients
from helpers.reliability import record

from app.engine import KnowledgeBase
from ingest.pipeline import ingest
from ingest.store import Store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    """One process that imported the stack; every ingest below is a forked child killed with SIGKILL."""
    z = Zygote(tmp_path_factory.mktemp("driver") / "stderr.log")
    yield z
    z.close()


def reopened(kb: KnowledgeBase) -> KnowledgeBase:
    """The same KB as a new reader process would see the store (the router's example vectors are kept)."""
    fresh_clients()
    kb.__dict__.pop("store", None)
    kb.__dict__.pop("retriever", None)
    return kb


def fresh_ingest(config, embedder, tmp_path, name):
    """The same files ingested from scratch into another store: what convergence must equal."""
    fresh = dataclasses.replace(config, store_path=tmp_path / name)
    summary = ingest(fresh, embedder=embedder)
    assert summary["ok"], summary["failed"]
    return fresh


def assert_answers(kb, visible: set[str], questions: dict[str, str], limit: int = 4) -> int:
    """Questions about visible files (the first `limit`) are answered from those files, citing live files."""
    kb = reopened(kb)
    store = Store(kb.config)
    live = {s: m["version"] for c in kb.config.corpora for s, m in store.live_files(c).items()}
    asked = 0
    for source, question in questions.items():
        if source not in visible or asked >= limit:
            continue
        result = kb.ask(question, audience="agent")
        asked += 1
        assert result["answered"], question
        sources = [c["source"] for c in result["citations"]]
        assert source in sources, (question, sources)
        for c in result["citations"]:
            assert c["source"] in live, f"cited a file that is not live: {c['source']}"
    return asked


def questions() -> dict[str, str]:
    return {f"docs/{side}/{slug}.md": q for side, slug, _, q, _ in TOPICS}


def test_kill9_during_first_ingest(tmp_path, embedder, driver):
    files = corpus_files()
    config = build_kb(tmp_path / "kb", files, CONFIG)
    fresh = fresh_ingest(config, embedder, tmp_path, "fresh")
    options = {rel: [text] for rel, text in files.items()}
    counter = embedder.counter
    kb = KnowledgeBase(config, embedder=embedder)
    kills = []

    # 1. Mid-embedding: the whole corpus is one encode call; the kill lands while the model runs.
    lines, code = driver.run(config.file, "EMBED:1", batch=10_000)
    assert code == -9 and not events(lines, "WRITE"), lines
    assert check_consistent(config, counter, options) == {}
    kills.append("mid-embedding")

    # 2. Right after the 5th manifest switch (before that file's old versions are deleted). The dead
    #    process's lease must not make this re-run wait: it starts at once.
    lines, code = driver.run(config.file, "SWITCH:5", hold="SWITCH:5", batch=8)
    assert code == -9 and events(lines, "LEASED") and not events(lines, "ERROR"), lines
    seen = check_consistent(config, counter, options)
    assert set(seen) == set(events(lines, "SWITCH")) and len(seen) == 5
    kills.append("after switch 5")
    assert assert_answers(kb, set(seen), questions(), limit=5) == 5

    # 3. Right after a new version's chunks were written, before its switch: invisible, not half-visible.
    lines, code = driver.run(config.file, "WRITE:3", hold="WRITE:3", batch=8)
    assert code == -9 and not events(lines, "ERROR"), lines
    written, switched = events(lines, "WRITE"), events(lines, "SWITCH")
    seen2 = check_consistent(config, counter, options)
    assert written[-1] not in seen2 and set(switched) <= set(seen2) and len(seen2) == 5 + len(switched)
    kills.append("after write 3, before its switch")

    # 4. Free-running, killed wherever it is after the 6th switch line is read.
    lines, code = driver.run(config.file, "SWITCH:6", batch=8)
    assert code == -9 and not events(lines, "ERROR"), lines
    seen3 = check_consistent(config, counter, options)
    assert len(seen3) >= len(seen2) + 6 - 1   # the in-flight file may be the 6th: it is visible or not, whole
    kills.append("free-running, after 6 switches")
    assert_answers(kb, set(seen3), questions())

    # Convergence: the next ingest (another process, right away) equals a fresh ingest exactly.
    fresh_clients()
    summary = ingest(config, embedder=embedder)
    assert summary["ok"], summary["failed"]
    fresh_clients()
    check_converged(config, fresh)
    asked = assert_answers(kb, set(files), questions(), limit=10)
    assert asked == 10
    record("crash", "kill -9 during a first ingest (" + "; ".join(kills) + ")", len(kills),
           f"after each kill every file was absent or whole (one version, no duplicates); re-runs started at "
           f"once despite the dead holder's lease; the next ingest equalled a fresh one ({summary['corpora']['service']['swept'] + summary['corpora']['support']['swept']} orphan chunks swept); "
           f"{asked} questions answered from the right file", "nothing")


def test_kill9_during_update_run(tmp_path, embedder, driver):
    files = corpus_files()
    config = build_kb(tmp_path / "kb", files, CONFIG)
    assert ingest(config, embedder=embedder)["ok"]
    counter = embedder.counter
    kb = KnowledgeBase(config, embedder=embedder)
    root = config.root
    # Edit 8 files, delete one, add one.
    edited = [f"docs/{side}/{slug}.md" for side, slug, *_ in TOPICS[::2][:8]]
    new_files = corpus_files({slug: 1 for side, slug, *_ in TOPICS})
    for rel in edited:
        (root / rel).write_text(new_files[rel])
    gone = f"docs/{TOPICS[-1][0]}/{TOPICS[-1][1]}.md"
    (root / gone).unlink()
    added = "docs/service/gift-cards.md"
    added_text = "---\ntitle: Gift cards\n---\n# Gift cards\n\n## Redeem a gift card\nEnter the gift card " \
                 "code under Billing > Redeem. The balance pays future invoices until it runs out.\n"
    (root / added).write_text(added_text)
    options = {rel: [text] for rel, text in files.items()}
    for rel in edited:
        options[rel] = [files[rel], new_files[rel]]
    options[added] = [added_text]
    kills = []

    # 1. After the 3rd switch of the update run.
    lines, code = driver.run(config.file, "SWITCH:3", hold="SWITCH:3", batch=8)
    assert code == -9 and not events(lines, "ERROR"), lines
    seen = check_consistent(config, counter, options)
    switched = events(lines, "SWITCH")
    assert {s for s in seen if s in edited and seen[s] == "1"} | ({added} & set(seen)) == set(switched)
    assert gone in seen          # not retired yet: still answerable, whole
    kills.append("after switch 3 of an update run")
    q = questions()
    q[added] = "How do I redeem a gift card?"
    assert_answers(kb, set(seen), q)

    # 2. After the deleted file left the live set, before its chunks were deleted.
    lines, code = driver.run(config.file, "RETIRE:1", hold="RETIRE:1")
    assert code == -9 and events(lines, "RETIRE") == [gone], lines
    seen = check_consistent(config, counter, options)
    assert gone not in seen and all(seen[s] == "1" for s in edited)
    orphans = sum(Store(config).chunks(c).count() for c in config.corpora) - \
        sum(Store(config).live_files(c)[s]["chunks"] for c in config.corpora for s in Store(config).live_files(c))
    assert orphans > 0           # the retired file's chunks are still there, and ignored
    kills.append("after retiring a deleted file, before deleting its chunks")
    result = reopened(kb).ask(q[gone], audience="agent")
    assert all(c["source"] != gone for c in result["citations"])

    # 3. Free-running update, killed mid-embedding of its first batch (another edit round).
    newer = corpus_files({slug: 2 for side, slug, *_ in TOPICS})
    for rel in edited[:4]:
        (root / rel).write_text(newer[rel])
        options[rel].append(newer[rel])
    lines, code = driver.run(config.file, "EMBED:1")
    assert code == -9, lines
    check_consistent(config, counter, options)
    kills.append("mid-embedding of an update run")

    fresh_clients()
    summary = ingest(config, embedder=embedder)
    assert summary["ok"], summary["failed"]
    fresh_clients()
    check_converged(config, fresh_ingest(config, embedder, tmp_path, "fresh"))
    swept = sum(r["swept"] for r in summary["corpora"].values())
    assert swept >= orphans
    record("crash", "kill -9 during an update run with 8 edited, 1 deleted, 1 added file ("
           + "; ".join(kills) + ")", len(kills),
           "each file stayed old or new and whole; the deleted file vanished at its retire; the next ingest "
           f"equalled a fresh one and swept {swept} orphan chunks", "nothing")
