"""`kb serve`: the engine over HTTP. Same results as `kb ask --json`; the audience comes from the API key.

POST /v1/ask, POST /v1/route, GET /v1/status (agent keys), GET /healthz, GET /readyz, OpenAPI at /docs.
"""
# No `from __future__ import annotations`: FastAPI resolves the Annotated dependencies below at run time.

import logging
import sqlite3
import threading
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from app.engine import KnowledgeBase, NoIndexError, QuestionError
from app.querylog import QueryLog
from ingest import settings
from ingest.config import Config
from ingest.store import StoreError

from .keys import ApiKey, KeyStore, KeyStoreError
from .limits import RateLimiter
from .middleware import BodyLimit, RequestLog, bad_request_message

log = logging.getLogger("kb.api")

DEFAULTS = {name: s.default for name, s in settings.schema("api").items()}     # ingest/settings.py says why


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class AskBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: str = Field(description="the question, up to 2,000 characters")
    route: Literal["service", "support", "both"] | None = Field(
        None, description="force a side instead of the router's choice")


class RouteBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: str = Field(description="the question, up to 2,000 characters")


def _error(request: Request, status: int, message: str, headers: dict | None = None) -> JSONResponse:
    rid = getattr(request.state, "request_id", None)
    return JSONResponse({"error": message, "request_id": rid}, status_code=status, headers=headers)


class Warmup:
    """Loads the model and builds the indexes in the background, so /readyz turns 200 only once a
    question can be answered at full speed and the first caller does not pay for the start."""
    def __init__(self, kb: KnowledgeBase):
        self.kb, self.done, self.error = kb, threading.Event(), None

    def run(self) -> None:
        try:
            self.kb.embedder.embed(["warm up"])
            try:
                self.kb.ask("How do I get started?", "customer")     # builds the indexes and the router
            except NoIndexError:
                pass                                                 # /readyz reports it
        except Exception as e:                                       # reported by /readyz, not fatal
            self.error = f"{type(e).__name__}: {e}"
            log.exception("warm-up failed")
        self.done.set()


def create_app(config: Config, kb: KnowledgeBase | None = None, warm: bool = True) -> FastAPI:
    settings = {**DEFAULTS, **config.api}
    kb = kb or KnowledgeBase(config)
    keys = KeyStore(config.keys_path)
    limiter = RateLimiter(settings["rate_per_minute"])
    questions = QueryLog(config.log_path, config.log_retention_days)
    warmup = Warmup(kb)

    app = FastAPI(title="Quillhub knowledge base", version="1",
                  description="Cited answers from the service and support knowledge base. "
                              "Send an API key as `Authorization: Bearer <key>` (`kb keys create`).")
    app.state.kb, app.state.keys, app.state.warmup = kb, keys, warmup
    if warm:
        threading.Thread(target=warmup.run, name="kb-warmup", daemon=True).start()
    else:
        warmup.done.set()

    # Outermost first: request id + access log, then CORS (so errors carry CORS headers too), then size.
    app.add_middleware(BodyLimit, max_bytes=settings["max_request_bytes"])
    if settings["cors_origins"]:
        app.add_middleware(CORSMiddleware, allow_origins=settings["cors_origins"], allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "X-Request-Id"],
                           expose_headers=["X-Request-Id", "Retry-After"], max_age=600)
    app.add_middleware(RequestLog, log_questions=settings["log_questions"])

    bearer = HTTPBearer(auto_error=False, description="an API key from `kb keys create`")

    def authenticate(token: str | None) -> ApiKey:
        if not token:
            raise ApiError(401, "an API key is required: send 'Authorization: Bearer <key>' "
                                "(create one with `kb keys create`)", {"WWW-Authenticate": "Bearer"})
        try:
            key = keys.lookup(token)
        except KeyStoreError as e:
            log.error("%s", e)
            raise ApiError(503, "the key store cannot be read") from None
        if key is None:
            raise ApiError(401, "unknown or revoked API key", {"WWW-Authenticate": "Bearer"})
        return key

    def caller(request: Request, cred: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> ApiKey:
        key = request.state.key = authenticate(cred.credentials if cred else None)
        wait = limiter.check(key.name)
        if wait:
            raise ApiError(429, f"rate limit exceeded: {settings['rate_per_minute']} requests per minute per key; "
                                f"retry in {wait} s", {"Retry-After": str(wait)})
        return key

    Caller = Annotated[ApiKey, Depends(caller)]

    @app.post("/v1/ask", summary="Answer a question with citations (same JSON as `kb ask --json`)")
    def ask(body: AskBody, request: Request, key: Caller):
        request.state.query = body.query
        result = kb.ask(body.query, key.audience, body.route)
        request.state.outcome = {"route": result["route"]["label"], "answered": result["answered"]}
        try:
            questions.record(result, client=key.name)
        except sqlite3.Error as e:                     # the answer matters more than its log line
            log.error("question log: %s", e)
        return JSONResponse(result)

    @app.post("/v1/route", summary="The routing decision only")
    def route(body: RouteBody, request: Request, key: Caller):
        request.state.query = body.query
        return JSONResponse(kb.route(body.query, key.audience))

    @app.get("/v1/status", summary="What is indexed (agent keys only: it names internal files)")
    def status(key: Caller):
        if key.audience != "agent":
            raise ApiError(403, "the index status is for agent keys only")
        return JSONResponse(kb.status())

    @app.get("/healthz", summary="Liveness: the process answers")
    def healthz():
        return {"ok": True}

    @app.get("/readyz", summary="Readiness: model loaded and something indexed (503 until then)")
    def readyz():
        if not warmup.done.is_set():
            return JSONResponse({"ready": False, "reason": "loading the model"}, status_code=503)
        if warmup.error:
            return JSONResponse({"ready": False, "reason": warmup.error}, status_code=503)
        try:
            chunks = {name: s["chunks"] for name, s in kb.status().items()}
        except StoreError as e:
            return JSONResponse({"ready": False, "reason": str(e)}, status_code=503)
        if not any(chunks.values()):
            return JSONResponse({"ready": False, "reason": "the index is empty: run `kb ingest` first"},
                                status_code=503)
        return {"ready": True, "chunks": chunks}

    @app.exception_handler(ApiError)
    def _api_error(request: Request, e: ApiError):
        return _error(request, e.status, e.message, e.headers)

    @app.exception_handler(QuestionError)
    def _question_error(request: Request, e: QuestionError):
        return _error(request, 400, str(e))

    @app.exception_handler(NoIndexError)
    @app.exception_handler(StoreError)
    def _no_index(request: Request, e: Exception):
        return _error(request, 503, str(e))

    @app.exception_handler(RequestValidationError)
    def _bad_body(request: Request, e: RequestValidationError):
        # FastAPI parses JSON before any dependency runs: check the key first, so a caller without a
        # valid key learns nothing about the API from its error (401 before 400, as for valid JSON).
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        try:
            authenticate(token.strip() if scheme.lower() == "bearer" else None)
        except ApiError as denied:
            return _api_error(request, denied)
        return _error(request, 400, bad_request_message(e.errors()))

    @app.exception_handler(HTTPException)
    def _http_error(request: Request, e: HTTPException):
        return _error(request, e.status_code, str(e.detail), getattr(e, "headers", None))

    return app
