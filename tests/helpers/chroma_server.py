"""Start a real `chroma run` server on 127.0.0.1 and a free port; stop it afterwards."""
from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from helpers.procs import stop

CHROMA = Path(sys.executable).parent / "chroma"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def chroma_server(path: Path, log: Path | None = None):
    """Yields the server's URL once its heartbeat answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    out = open(log or Path(path).with_suffix(".log"), "wb")
    proc = subprocess.Popen([str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=out, stderr=subprocess.STDOUT)
    try:
        for _ in range(600):                  # up to ~60 s on a busy machine; not a timing assertion
            if proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {proc.returncode}; see {out.name}")
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("chroma server did not answer its heartbeat")
        yield url
    finally:
        stop(proc)
        out.close()
