"""Concurrency on real processes: two ingests started at the same moment (embedded store and Chroma
server), questions answered while an ingest runs in another process, and the lease rules (a dead holder
frees the lease at once, a live one or one on another host does not).

Embedded Chroma and multiple processes: a PersistentClient keeps its own in-memory vector index, which does
not see vectors another process wrote later (tests/helpers/embedded_multiprocess_probe.py), and can fail
reads with "Error finding id" after another process deleted records. Store re-opens its client when the
manifest generation moves (and on that error), so one long-lived reader stays current; tested here for
the embedded store and for a Chroma server. See RELIABILITY.md."""
from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from conftest import CONFIG, build_kb
from helpers.chroma_server import chroma_server
from helpers.crash_corpus import TOPICS, check_converged, corpus_files, expected_chunks
from helpers.procs import Zygote, fresh_clients
from helpers.reliability import record

from app.engine import KnowledgeBase
from ingest.lease import current as lease_record
from ingest.pipeline import ingest
from ingest.store import _DUMMY, Store, StoreError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    z = Zygote(tmp_path_factory.mktemp("driver") / "stderr.log")
    yield z
    z.close()


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    with chroma_server(tmp_path_factory.mktemp("chroma-server") / "db") as url:
        yield url


def wipe(url: str) -> None:
    """Each test starts from an empty server (collection names are fixed per deployment)."""
    import chromadb
    from chromadb.config import Settings
    host, port = url.removeprefix("http://").split(":")
    client = chromadb.HttpClient(host=host, port=int(port), settings=Settings(anonymized_telemetry=False))
    for c in client.list_collections():
        client.delete_collection(c.name)


def make(root, files, url=None):
    config = CONFIG if url is None else CONFIG.replace('path = ".kb/chroma"', f'url = "{url}"')
    return build_kb(root, files, config)


def put_lease(store: Store, holder: str, expires_in: float) -> None:
    now = time.time()
    store.manifest.upsert(ids=["lease"], embeddings=[_DUMMY], documents=["lease"],
                          metadatas=[{"kind": "lease", "holder": holder, "since": now, "expires": now + expires_in}])


def test_lease_rules(make_kb):
    config = make_kb(files={})
    store = Store(config, create=True)
    host = socket.gethostname()
    me = f"{host}:{os.getpid()}:test"
    # A holder that died (kill -9 leaves its record behind): free at once, not after the 120 s TTL.
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True).stdout)
    put_lease(store, f"{host}:{dead}:abc123", 120)
    store.acquire_lease(me)
    store.release_lease(me)
    assert lease_record(store) is None
    # A live holder on this host: refused, with the holder named.
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        put_lease(store, f"{host}:{sleeper.pid}:def456", 120)
        with pytest.raises(StoreError, match=f"another ingest is running .*{sleeper.pid}"):
            store.acquire_lease(me)
    finally:
        sleeper.kill()
        sleeper.wait()
    store.acquire_lease(me)            # its process is gone now
    store.release_lease(me)
    # Another host: its pid cannot be checked here, so only the TTL frees it.
    put_lease(store, "other-host:1:ffffff", 120)
    with pytest.raises(StoreError, match="another ingest is running"):
        store.acquire_lease(me)
    put_lease(store, "other-host:1:ffffff", -1)
    store.acquire_lease(me)
    store.release_lease(me)
    record("concurrency", "lease left by a killed ingest; lease of a live ingest; lease from another host", 5,
           "dead holder: taken over at once; live holder: refused naming its pid; other host: refused until "
           "its TTL passed, then taken", "nothing")


def _race(driver, config, tmp_path, embedder, trials: int, mode: str, sync: str = "start"):
    outcomes = []
    for trial in range(trials):
        if trial:       # give each trial some work: edit one file
            side, slug, title, _, body = TOPICS[trial]
            path = config.root / f"docs/{side}/{slug}.md"
            path.write_text(path.read_text() + f"\nRevision {trial}: {body}\n")
        results = driver.race([[str(config.file)], [str(config.file)]], delay_s=6, sync=sync)
        done = [lines for lines, code in results.values() if code == 0 and lines[-1].startswith("DONE")]
        refused = [lines for lines, code in results.values()
                   if code == 3 and lines[-1].startswith("ERROR") and "another ingest is running" in lines[-1]]
        assert len(done) == 1 and len(refused) == 1, results
        assert not [l for l in refused[0] if l.startswith(("WRITE", "SWITCH"))], "the refused ingest wrote"
        outcomes.append(refused[0][-1])
        fresh = dataclasses.replace(config, store_path=tmp_path / f"fresh{trial}", store_url=None)
        assert ingest(fresh, embedder=embedder)["ok"]
        fresh_clients()
        check_converged(config, fresh)
    record("concurrency", f"two ingests started at the same instant ({mode})", trials,
           f"each time one ran, one refused (e.g. '{outcomes[0].removeprefix('ERROR ')[:100]}'); store equal "
           "to a fresh ingest after each", "nothing")
    return outcomes


def test_two_ingests_at_once_embedded(tmp_path, driver, embedder):
    files = dict(list(corpus_files().items())[:6])
    config = make(tmp_path / "kb", files)
    _race(driver, config, tmp_path, embedder, trials=3, mode="embedded store")


def test_two_ingests_at_once_server(tmp_path, driver, embedder, server_url):
    wipe(server_url)
    files = dict(list(corpus_files().items())[:6])
    config = make(tmp_path / "kb", files, server_url)
    outcomes = _race(driver, config, tmp_path, embedder, trials=3, mode="Chroma server, both reading the lease at "
                     "the same instant", sync="lease")
    both_wrote = sum("at the same moment" in o for o in outcomes)
    record("concurrency", "lease race decided by write-then-re-read (both saw a free lease and wrote)", both_wrote,
           f"{both_wrote} of {len(outcomes)} server races had both processes write the lease; the re-read let "
           "exactly one go on each time", "nothing")


def _answers_during_ingest(tmp_path, driver, embedder, url, per_question_client: bool):
    files = corpus_files()
    config = make(tmp_path / "kb", files, url)
    assert ingest(config, embedder=embedder)["ok"]
    counter = embedder.counter
    new_files = corpus_files({slug: 1 for _, slug, *_ in TOPICS})
    valid = {rel: set(expected_chunks(config, counter, rel, files[rel]))
             | set(expected_chunks(config, counter, rel, new_files[rel])) for rel in files}
    for rel in files:
        (config.root / rel).write_text(new_files[rel])
    kb = KnowledgeBase(config, embedder=embedder)
    kb.ask("warm up", audience="agent")
    # The questions the quiet index answers (answerability declines 2 of the 20 here: a quality matter the
    # bench reports, not this test's); during the ingest they must keep being answered from the right file.
    questions = [(f"docs/{side}/{slug}.md", q) for side, slug, _, q, _ in TOPICS
                 if kb.ask(q, audience="agent")["answered"]]
    assert len(questions) >= len(TOPICS) - 3, questions

    pid = driver.start(config.file, batch=4)
    box = {}
    reader = threading.Thread(target=lambda: box.update(out=driver.finish(pid, forget_clients=False)))
    reader.start()
    asked, missed = 0, []
    while reader.is_alive() or asked < 5:
        source, question = questions[asked % len(questions)]
        if per_question_client:
            fresh_clients()
            kb.__dict__.pop("store", None)
            kb.__dict__.pop("retriever", None)
        result = kb.ask(question, audience="agent")
        asked += 1
        if source not in [c["source"] for c in result["citations"]]:
            # A reader that loads its view in the instant between a file's switch and the deletion of its
            # old version can miss that file for one question (see RELIABILITY.md); never mix versions.
            missed.append(question)
            result = kb.ask(question, audience="agent")
        assert result["answered"], question
        assert source in [c["source"] for c in result["citations"]], (question, result["citations"])
        for c in result["citations"]:
            assert c["passage"] in valid[c["source"]], f"cited text that is no version of {c['source']}"
    reader.join()
    assert len(missed) <= max(2, asked // 10), missed
    lines, code = box["out"]
    assert code == 0 and lines[-1].startswith("DONE"), lines
    switches = sum(l.startswith("SWITCH") for l in lines)
    assert switches == len(files)
    fresh_clients()
    fresh = dataclasses.replace(config, store_path=tmp_path / "fresh", store_url=None)
    assert ingest(fresh, embedder=embedder)["ok"]
    fresh_clients()
    check_converged(config, fresh)
    return asked, switches, len(missed)


def test_answers_during_ingest_server(tmp_path, driver, embedder, server_url):
    wipe(server_url)
    asked, switches, missed = _answers_during_ingest(tmp_path, driver, embedder, server_url, per_question_client=False)
    record("concurrency", "questions to one long-lived KnowledgeBase while another process re-ingests every "
           "file (Chroma server)", asked,
           f"all {asked} answered from the right file ({missed} only on an immediate re-ask), every cited passage "
           f"a whole old or new chunk, across {switches} switches", "nothing")


def test_answers_during_ingest_embedded_long_lived_reader(tmp_path, driver, embedder):
    asked, switches, missed = _answers_during_ingest(tmp_path, driver, embedder, None, per_question_client=False)
    record("concurrency", "questions to one long-lived KnowledgeBase while another process re-ingests every "
           "file (embedded store; the reader re-opens its client when the generation moves)", asked,
           f"all {asked} answered from the right file ({missed} only on an immediate re-ask), every cited passage "
           f"a whole old or new chunk, across {switches} switches", "nothing")
