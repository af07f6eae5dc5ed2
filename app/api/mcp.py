"""`kb mcp`: the knowledge base as Model Context Protocol tools over stdio, for AI assistants on an
agent's desktop. Two tools: `search` (cited passages) and `ask` (a cited answer). The audience is
`[api] mcp_audience` (default agent): whoever can start this process can already read the index."""
from __future__ import annotations

import sqlite3
import sys
from typing import Literal

from app.engine import KnowledgeBase, NoIndexError, QuestionError
from app.querylog import QueryLog
from ingest.config import Config, load_config

PASSAGE_FIELDS = ("n", "corpus", "source", "anchor", "title", "section", "lines", "similarity", "passage")


def _passages(result: dict, limit: int | None = None) -> list[dict]:
    return [{k: c[k] for k in PASSAGE_FIELDS} for c in result["citations"][:limit]]


def build(config: Config, kb: KnowledgeBase | None = None):
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError
    kb = kb or KnowledgeBase(config)
    audience = config.api.get("mcp_audience", "agent")
    questions = QueryLog(config.log_path, config.log_retention_days)
    server = MCPServer("quillhub-kb", log_level="WARNING", instructions=(
        "Customer-operations knowledge base (service: help, billing, policies; support: troubleshooting, "
        "runbooks). Use `ask` for a cited answer, `search` for the passages themselves. Cite sources as "
        f"given. Audience: {audience}."))

    def answer(query: str, route: str | None) -> dict:
        try:
            result = kb.ask(query, audience, route)
        except (QuestionError, NoIndexError) as e:        # the CLI's message, as a tool error the model reads
            raise ToolError(str(e)) from None
        try:
            questions.record(result, client="mcp")
        except sqlite3.Error as e:
            print(f"kb mcp: question log: {e}", file=sys.stderr)
        return result

    @server.tool()
    def search(query: str, limit: int = 5) -> dict:
        """Passages of the knowledge base that answer a question, best first, each with its source file,
        section and anchor. The same passages `ask` cites."""
        result = answer(query, None)
        return {"route": result["route"]["label"], "passages": _passages(result, max(1, limit))}

    @server.tool()
    def ask(query: str, route: Literal["service", "support", "both"] | None = None) -> dict:
        """A cited answer: text with [n] markers and the numbered sources. `route` forces the service or
        support side (or both) instead of the router's choice."""
        result = answer(query, route)
        return {"answer": result["answer"], "answered": result["answered"],
                "answer_mode": result.get("answer_mode", "extractive"), "route": result["route"],
                "citations": _passages(result)}
    return server


def run(config_path: str | None) -> None:
    config = load_config(config_path)           # fail here, with the config's own message
    build(config).run("stdio")
