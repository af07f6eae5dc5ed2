"""Bounded load test of `kb serve` on loopback, next to the CLI's per-question latency.

    python -m bench.api_load [--config config.toml] [--clients 20] [--seconds 25] [--questions FILE]

Needs an ingested index for the config. Reads it only: a temp config points at the same store, with its
own key file, question log and a rate limit high enough not to interfere. Runs, in order: the questions
once through `kb ask --jsonl` (engine time per question, the CLI's number), then `kb serve` in a
subprocess with one client (HTTP round trip), then N clients for S seconds. Stops by itself; prints a
table and exits 1 if any request failed.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from pathlib import Path

import httpx

from bench.workspace import dump_toml
from ingest.config import load_config

KB = str(Path(sys.executable).with_name("kb"))
HERE = Path(__file__).parent


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p / 100 * len(values)))], 1) if values else float("nan")


def temp_config(config_path: Path, tmp: Path) -> Path:
    """The same corpora and store (absolute paths), with the bench's own keys, log and rate limit."""
    config = load_config(config_path)
    data = tomllib.loads(config_path.read_text(encoding="utf-8"))
    data["store"] = {"url": config.store_url} if config.store_url else {"path": str(config.store_path)}
    for name, corpus in config.corpora.items():
        data["corpora"][name]["paths"] = [str(p) for p in corpus.paths]
    data["log"] = {"path": str(tmp / "questions.sqlite")}
    data["api"] = {"keys_path": str(tmp / "keys.json"), "rate_per_minute": 10_000_000}
    (tmp / "config.toml").write_text(dump_toml(data), encoding="utf-8")
    return tmp / "config.toml"


def cli_latency(config: Path, questions: list[str]) -> list[float]:
    lines = "".join(json.dumps({"query": q, "audience": "agent"}) + "\n" for q in questions * 3)
    out = subprocess.run([KB, "ask", "--jsonl", "--config", str(config)], input=lines, capture_output=True,
                         text=True, check=True).stdout
    return [json.loads(line)["timings_ms"]["total"] for line in out.splitlines()[len(questions):]]   # warm only


def clients(url: str, key: str, questions: list[str], n: int, seconds: float) -> dict:
    stop, lock = time.monotonic() + seconds, threading.Lock()
    latencies, errors = [], []

    def client(i: int) -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=60) as http:
            k = i
            while time.monotonic() < stop:
                t = time.perf_counter()
                try:
                    r = http.post("/v1/ask", json={"query": questions[k % len(questions)]})
                    ok = r.status_code == 200 and r.json()["citations"] is not None
                except httpx.HTTPError as e:
                    ok, r = False, e
                ms = (time.perf_counter() - t) * 1000
                with lock:
                    (latencies if ok else errors).append(ms if ok else str(getattr(r, "status_code", r)))
                k += 1
    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    return {"clients": n, "seconds": round(wall, 1), "requests": len(latencies), "errors": len(errors),
            "error_samples": errors[:5], "throughput_rps": round(len(latencies) / wall, 1),
            "p50_ms": pct(latencies, 50), "p95_ms": pct(latencies, 95)}


def serve(config: Path, tmp: Path):
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(tmp / "serve.log", "w")      # noqa: SIM115 - closed with the process below
    proc = subprocess.Popen([KB, "serve", "--config", str(config), "--port", str(port)], stderr=log)
    url, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 300
    while True:
        try:
            if httpx.get(f"{url}/readyz").status_code == 200:
                return proc, log, url
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"kb serve did not get ready:\n{(tmp / 'serve.log').read_text()[-2000:]}")
        time.sleep(0.25)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", type=Path, default=Path("config.toml"))
    ap.add_argument("--questions", type=Path, default=HERE / "api_load_questions.txt")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=25)
    ap.add_argument("--out", type=Path, help="also write the numbers as JSON here")
    args = ap.parse_args(argv)
    questions = [q for q in args.questions.read_text(encoding="utf-8").splitlines() if q.strip()]
    with tempfile.TemporaryDirectory(prefix="kb-api-load-") as tmp:
        tmp = Path(tmp)
        config = temp_config(args.config.resolve(), tmp)
        key = json.loads(subprocess.run([KB, "keys", "create", "bench", "--audience", "agent", "--json", "--config",
                                         str(config)], capture_output=True, text=True, check=True).stdout)["key"]
        cli = cli_latency(config, questions)
        proc, log, url = serve(config, tmp)
        try:
            one = clients(url, key, questions, 1, min(10.0, args.seconds))
            many = clients(url, key, questions, args.clients, args.seconds)
        finally:
            proc.terminate()
            proc.wait(30)
            log.close()
    machine = f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    report = {"machine": machine, "questions": len(questions),
              "cli": {"p50_ms": pct(cli, 50), "p95_ms": pct(cli, 95), "n": len(cli)}, "api_1": one, "api_n": many}
    print(f"{report['machine']}, {len(questions)} questions")
    print(f"{'':34} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'requests':>9} {'errors':>7}")
    print(f"{'CLI kb ask --jsonl (engine time)':34} {report['cli']['p50_ms']:>8} {report['cli']['p95_ms']:>8}")
    rows = [(f"API, 1 client ({one['seconds']} s)", one),
            (f"API, {many['clients']} clients ({many['seconds']} s)", many)]
    for label, r in rows:
        print(f"{label:34} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['throughput_rps']:>7} {r['requests']:>9} "
              f"{r['errors']:>7}")
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 1 if one["errors"] or many["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
