"""ASGI pieces around the API: request ids with a JSON access log line per request, the request size
limit, and plain-language messages for bodies FastAPI rejects."""
from __future__ import annotations

import json
import logging
import re
import time
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse

access = logging.getLogger("kb.api.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
NEEDS_QUERY = 'the body must be a JSON object with a "query"'


class RequestLog:
    """Gives each request an id (the caller's X-Request-Id if sane, else a new one), returns it in the
    X-Request-Id header, and logs one JSON line: id, method, path, status, ms, key, audience, route.
    The question text only with `[api] log_questions = true`: questions can hold personal data."""
    def __init__(self, app, log_questions: bool = False):
        self.app, self.log_questions = app, log_questions

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        given = Headers(scope=scope).get("x-request-id", "")
        rid = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = rid
        status, started = [500], time.perf_counter()

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                MutableHeaders(scope=message).append("X-Request-Id", rid)
            await send(message)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            key = state.get("key")
            line = {"request_id": rid, "method": scope["method"], "path": scope["path"], "status": status[0],
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "key": key and key.name, "audience": key and key.audience, **state.get("outcome", {})}
            if self.log_questions and "query" in state:
                line["query"] = state["query"]
            access.info(json.dumps(line, ensure_ascii=False))


class BodyLimit:
    """413 for a body over max_bytes, by its Content-Length or, for a chunked body, by counting."""
    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = Headers(scope=scope).get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            return await self._reject(scope, receive, send)
        messages, size = [], 0
        while True:                      # buffer the body (small by definition) so a chunked one is counted
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                return await self._reject(scope, receive, send)
            if message["type"] != "http.request" or not message.get("more_body"):
                break

        async def replay():
            return messages.pop(0) if messages else await receive()
        await self.app(scope, replay, send)

    async def _reject(self, scope, receive, send):
        rid = scope.get("state", {}).get("request_id")
        response = JSONResponse({"error": f"the request body is over the limit of {self.max_bytes} bytes",
                                 "request_id": rid}, status_code=413)
        await response(scope, receive, send)


def bad_request_message(errors: list[dict]) -> str:
    """One sentence for what pydantic found wrong with a body, in the CLI's words where it has them."""
    messages = []
    for e in errors:
        loc, kind = tuple(e.get("loc", ())), e.get("type", "")
        field = loc[1] if len(loc) > 1 else None
        if kind == "json_invalid":
            messages.append(f"the body is not valid JSON: {e.get('ctx', {}).get('error', e.get('msg'))}")
        elif field is None or (field == "query" and kind == "missing"):
            messages.append(NEEDS_QUERY)
        elif kind == "extra_forbidden":
            messages.append("the audience comes from the API key, not the request" if field == "audience"
                            else f"unknown field {field!r} (allowed: query, route)")
        elif field == "query":
            messages.append("the question must be text")
        elif field == "route":
            messages.append(f"route must be service, support or both, got {e.get('input')!r}")
        else:
            messages.append(f"{'.'.join(map(str, loc))}: {e.get('msg')}")
    return "; ".join(dict.fromkeys(messages)) or NEEDS_QUERY
