"""Run the ingest driver in a real subprocess and SIGKILL it at a chosen line."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

DRIVER = Path(__file__).with_name("ingest_driver.py")


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM, then SIGKILL if it has not exited within `timeout` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def fresh_clients() -> None:
    """Forget this process's cached Chroma clients: the next Store sees what other processes wrote, as a
    new `kb` process would (an embedded client keeps its own in-memory vector index, see RELIABILITY.md)."""
    from chromadb.api.client import SharedSystemClient
    SharedSystemClient.clear_system_cache()


def start_driver(config_file: Path, hold: str | None = None, batch: int | None = None,
                 stderr_path: Path | None = None) -> subprocess.Popen:
    cmd = [sys.executable, str(DRIVER), str(config_file)]
    if hold:
        cmd += ["--hold", hold]
    if batch:
        cmd += ["--batch", str(batch)]
    err = open(stderr_path or os.devnull, "wb")
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, bufsize=1)


def run_until(proc: subprocess.Popen, kill_at: str | None) -> tuple[list[str], int]:
    """Read the driver's lines; SIGKILL it right after the line `EVENT:N` (None: let it finish).
    Returns all lines it printed (including any it managed to print before dying) and its exit code."""
    want = None
    if kill_at:
        event, n = kill_at.split(":")
        want = (event, int(n))
    lines, counts = [], {}
    for line in proc.stdout:
        line = line.rstrip("\n")
        lines.append(line)
        event = line.split(" ", 1)[0]
        counts[event] = counts.get(event, 0) + 1
        if want and (event, counts[event]) == want:
            proc.send_signal(signal.SIGKILL)
            break
        if event in ("DONE", "ERROR"):
            break
    lines += [l.rstrip("\n") for l in proc.stdout.read().splitlines()] if proc.stdout else []
    code = proc.wait()
    fresh_clients()
    return lines, code


def events(lines: list[str], event: str) -> list[str]:
    return [l.split(" ", 1)[1] if " " in l else "" for l in lines if l.split(" ", 1)[0] == event]


class Zygote:
    """One driver process that has imported the stack; each run() forks a fresh child ingest, which the
    test can SIGKILL. The child is a real separate process with its own Chroma client and lease holder."""

    def __init__(self, stderr_path: Path | None = None):
        err = open(stderr_path or os.devnull, "wb")
        self.proc = subprocess.Popen([sys.executable, str(DRIVER), "--serve"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=err, text=True, bufsize=1)
        line = self.proc.stdout.readline()
        assert line.startswith("ZYGOTE"), line

    def start(self, config_file: Path, hold: str | None = None, batch: int | None = None) -> int:
        args = [str(config_file)] + (["--hold", hold] if hold else []) + (["--batch", str(batch)] if batch else [])
        self.proc.stdin.write(json.dumps(args) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line.startswith("PID "), line
        return int(line.split()[1])

    def run(self, config_file: Path, kill_at: str | None = None, hold: str | None = None,
            batch: int | None = None) -> tuple[list[str], int]:
        """Like run_until, on a forked child: SIGKILL it right after line EVENT:N; returns (lines, exit code)."""
        pid = self.start(config_file, hold, batch)
        return self.finish(pid, kill_at)

    def finish(self, pid: int, kill_at: str | None = None, forget_clients: bool = True) -> tuple[list[str], int]:
        """The child's lines and exit code. forget_clients=False when called from a thread while the main
        thread uses Chroma: clear_system_cache() swaps Chroma's shared registry under a client being opened
        (a clean-clone CI run failed with KeyError in SharedSystemClient._create_system_if_not_exists)."""
        want = None
        if kill_at:
            event, n = kill_at.split(":")
            want = (event, int(n))
        lines, counts = [], {}
        for line in self.proc.stdout:
            line = line.rstrip("\n")
            event = line.split(" ", 1)[0]
            if event == "EXIT":
                if forget_clients:
                    fresh_clients()
                return lines, int(line.split()[2])
            lines.append(line)
            counts[event] = counts.get(event, 0) + 1
            if want and (event, counts[event]) == want:
                os.kill(pid, signal.SIGKILL)
        raise RuntimeError(f"driver ended without EXIT; lines: {lines}")

    def race(self, argvs: list[list[str]], delay_s: float = 1.0, sync: str = "start") -> dict[int, tuple[list[str], int]]:
        """Fork one child per argv; all start ingesting (sync="start") or read the lease (sync="lease") at the
        same wall-clock moment. pid -> (lines, code)."""
        self.proc.stdin.write(json.dumps({"race": argvs, "at": time.time() + delay_s, "sync": sync}) + "\n")
        self.proc.stdin.flush()
        out: dict[int, list[str]] = {}
        codes: dict[int, int] = {}
        for line in self.proc.stdout:
            line = line.rstrip("\n")
            if line == "RACED":
                fresh_clients()
                return {pid: (out.get(pid, []), code) for pid, code in codes.items()}
            if line.startswith("EXIT "):
                _, pid, code = line.split()
                codes[int(pid)] = int(code)
                continue
            pid, rest = line.split(" ", 1)
            out.setdefault(int(pid), []).append(rest)
        raise RuntimeError(f"driver ended during a race; lines: {out}")

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()
