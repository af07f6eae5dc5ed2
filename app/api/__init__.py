"""Ways in from other programs: the HTTP API (`kb serve`), API keys (`kb keys`), the MCP server
(`kb mcp`) and the optional generated-answer step. Each module holds one idea."""
