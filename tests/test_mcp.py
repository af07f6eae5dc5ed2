"""`kb mcp` driven by the official MCP SDK's own client over stdio: the real subprocess, the real
protocol, the small knowledge base."""
from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest
from conftest import CONFIG

pytestmark = pytest.mark.slow
KB = str(Path(sys.executable).with_name("kb"))


async def _session(config_file: Path, calls: list[tuple[str, dict]]):
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters
    params = StdioServerParameters(command=KB, args=["mcp", "--config", str(config_file)])
    async with Client(params, read_timeout_seconds=300) as client:
        tools = sorted(t.name for t in (await client.list_tools()).tools)
        results = []
        for name, args in calls:
            r = await client.call_tool(name, args)
            text = r.content[0].text
            results.append((r.is_error, text if r.is_error else json.loads(text)))
        return tools, results


def run_mcp(config_file: Path, calls):
    return asyncio.run(asyncio.wait_for(_session(config_file, calls), 600))


def test_search_and_ask_over_stdio_with_the_agent_audience(small_kb):
    config, _ = small_kb
    tools, results = run_mcp(config.file, [
        ("ask", {"query": "How do I get a refund?"}),
        ("search", {"query": "SSO certificate rotated break-glass recovery login", "limit": 2}),
        ("ask", {"query": "   "}),
    ])
    assert tools == ["ask", "search"]
    (err, ask), (_, search), (empty_err, empty) = results
    assert not err and ask["answered"] and "[1]" in ask["answer"] and ask["answer_mode"] == "extractive"
    assert ask["citations"][0]["source"] == "docs/service/refunds.md"
    assert 1 <= len(search["passages"]) <= 2
    assert any("runbooks" in p["source"] for p in search["passages"]), "agent audience reaches runbooks"
    assert empty_err and "the question is empty" in empty


def test_mcp_audience_customer_never_reaches_internal_content(small_kb, tmp_path):
    config, _ = small_kb
    # same corpus and store, customer audience: a copy of the config with [api] mcp_audience
    text = CONFIG.replace('path = ".kb/chroma"', f'path = "{config.store_path}"')
    text = text.replace('"docs/', f'"{config.root}/docs/') + '\n[api]\nmcp_audience = "customer"\n'
    (tmp_path / "config.toml").write_text(text)
    _, results = run_mcp(tmp_path / "config.toml", [
        ("search", {"query": "SSO certificate rotated break-glass recovery login"}),
        ("ask", {"query": "internal runbook: support console break-glass", "route": "support"}),
    ])
    for _, r in results:
        cites = r.get("passages") or r.get("citations")
        assert all("runbooks" not in c["source"] for c in cites)
