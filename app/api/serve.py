"""Run the HTTP API under uvicorn with JSON-line access logs on stderr."""
from __future__ import annotations

import logging
import sys

from ingest.config import load_config


def serve(config_path: str | None, host: str, port: int) -> None:
    import uvicorn

    from .http import create_app
    config = load_config(config_path)            # fail here, with the config's own message
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("kb.api", "kb.api.access"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        logger.addHandler(handler)
        logger.propagate = False
    print(f"Serving the API on http://{host}:{port}/ (docs at /docs, ready when /readyz says so)", file=sys.stderr)
    # One process: the rate limits and the loaded model live in it. access_log off: ours has the key and route.
    uvicorn.run(create_app(config), host=host, port=port, access_log=False, log_level="warning")
