"""Run one real ingest and narrate it on stdout, one flushed line per event, so a test can kill -9 it at a
chosen point. Used by tests/test_crash.py and tests/test_concurrency.py.

    python ingest_driver.py CONFIG [--hold EVENT:N] [--batch CHUNKS]
    python ingest_driver.py --serve      # a zygote: loads the stack once, then forks one child per run

In --serve mode each stdin line is a JSON list of arguments for one run; the zygote forks a child that
prints "PID <pid>" and then the events below, and the zygote prints "EXIT <pid> <status>" when the child
ends (a negative status is the signal that killed it). Importing torch, Chroma and the model costs
10-20 s per process on a busy 2-core machine; forking pays it once for many kill -9 runs.

Events: READY (model loaded, before the lease), LEASED, EMBED <n> (before the model encodes n texts),
WRITE <source> (new version's chunks written, not live yet), SWITCH <source> (manifest switched),
DELETE <source> (old versions deleted), RETIRE <source> (a removed file left the live set),
DONE <json summary> or ERROR <message>.
--hold EVENT:N stops the process right after the Nth EVENT line (it sleeps until killed), so the kill
lands exactly there. Without --hold the process runs on and the kill lands wherever it is.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback

from ingest import pipeline
from ingest.config import load_config
from ingest.embedder import Embedder
from ingest.store import Store, StoreError

DEFAULT_BATCH = pipeline.EMBED_BATCH_CHUNKS
PREFIX = ""                      # "<pid> " in race children, whose lines interleave
counts: dict[str, int] = {}
hold: tuple[str, int] | None = None


def say(event: str, detail: str = "") -> None:
    sys.stdout.write(PREFIX + f"{event} {detail}".rstrip() + "\n")
    sys.stdout.flush()
    counts[event] = counts.get(event, 0) + 1
    if hold and hold == (event, counts[event]):
        while True:                # wait here for SIGKILL
            time.sleep(60)


def wrap(cls, name, event, detail):
    real = getattr(cls, name)

    def wrapped(self, *a, **kw):
        out = real(self, *a, **kw)
        say(event, detail(*a, **kw))
        return out
    setattr(cls, name, wrapped)


def parse(argv: list[str]):
    ap = argparse.ArgumentParser()
    ap.add_argument("config")
    ap.add_argument("--hold")
    ap.add_argument("--batch", type=int, default=None, help="pipeline.EMBED_BATCH_CHUNKS")
    return ap.parse_args(argv)


def instrument(embedder: Embedder) -> None:
    real_embed = Embedder.embed

    def embed(self, texts):
        say("EMBED", str(len(texts)))
        return real_embed(self, texts)
    Embedder.embed = embed
    wrap(Store, "write_chunks", "WRITE", lambda corpus, ids, vectors, docs, metas: metas[0]["source"] if metas else "")
    wrap(Store, "switch", "SWITCH", lambda corpus, source, record: source)
    wrap(Store, "retire", "RETIRE", lambda corpus, source: source)
    wrap(Store, "delete_versions", "DELETE", lambda corpus, source, keep=None: source)
    wrap(Store, "acquire_lease", "LEASED", lambda holder, *a, **k: holder)


def run(args, embedder: Embedder) -> int:
    global hold
    hold = None
    counts.clear()
    if args.hold:
        event, n = args.hold.split(":")
        hold = (event, int(n))
    pipeline.EMBED_BATCH_CHUNKS = args.batch or DEFAULT_BATCH
    config = load_config(args.config)
    say("READY")
    try:
        summary = pipeline.ingest(config, embedder=embedder)
    except StoreError as e:
        say("ERROR", str(e))
        return 3
    say("DONE", json.dumps(summary))
    return 0


def serve(embedder: Embedder) -> int:
    say("ZYGOTE", str(os.getpid()))
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if isinstance(request, dict):    # {"race": [args, args], "at": epoch}: start together, then report
            race(request)
            continue
        args = parse(request)
        pid = os.fork()
        if pid == 0:                     # the child: one ingest, then exit without running atexit hooks
            code = 1
            try:
                say("PID", str(os.getpid()))
                code = run(args, embedder)
            except BaseException as e:
                say("CRASH", f"{type(e).__name__}: {e}")
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        say("EXIT", f"{pid} {os.waitstatus_to_exitcode(status)}")
    return 0


def race(request: dict) -> None:
    """Fork one child per argument list; each waits until the same wall-clock moment, then ingests."""
    global PREFIX
    pids = []
    for argv in request["race"]:
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                PREFIX = f"{os.getpid()} "
                if request.get("sync") == "lease":     # meet at the lease read itself, not at process start
                    real = Store.acquire_lease

                    def synced(self, *a, real=real, **k):
                        time.sleep(max(request["at"] - time.time(), 0))
                        return real(self, *a, **k)
                    Store.acquire_lease = synced
                else:
                    time.sleep(max(request["at"] - time.time(), 0))
                code = run(parse(argv), EMBEDDER)
            except BaseException as e:       # os._exit below would swallow it: say what it was
                say("CRASH", f"{type(e).__name__}: {e}")
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                os._exit(code)
        pids.append(pid)
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        say("EXIT", f"{pid} {os.waitstatus_to_exitcode(status)}")
    say("RACED")


def main() -> int:
    global EMBEDDER
    embedder = EMBEDDER = Embedder()
    _ = embedder.model             # load torch + weights now, so EMBED marks the encode itself
    instrument(embedder)
    if sys.argv[1:] == ["--serve"]:
        return serve(embedder)
    return run(parse(sys.argv[1:]), embedder)


if __name__ == "__main__":
    sys.exit(main())
