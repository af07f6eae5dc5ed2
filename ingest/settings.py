"""Every setting of config.toml in one table: name, type, default, help. Config validation, the defaults
the code uses and the README's settings table are all derived from it (`python -m ingest.settings` prints
the table; tests/test_docs.py fails when the README's copy drifts)."""
from __future__ import annotations

from dataclasses import dataclass

from .frontmatter import DEFAULT_KEYS as FRONT_MATTER_KEYS


@dataclass(frozen=True)
class Setting:
    table: str                  # "retrieval", or "corpora.*" for a key of each corpus
    name: str
    type: type
    default: object
    help: str
    minimum: str = "positive"   # "positive", "zero" (zero or more), or "" (no bound: text, lists, tables)

    @property
    def key(self) -> str:
        return f"{self.table}.{self.name}"


S = Setting
SETTINGS: list[Setting] = [
    S("store", "path", str, ".kb/chroma", "embedded Chroma folder (the default store)", ""),
    S("store", "url", str, None, "a Chroma server (`chroma run`) instead of `path`; set one of the two", ""),
    S("store", "cache", str, None, "folder of derived files a reader rebuilds if lost (ONNX query encoder, saved "
      "indexes); default: next to an embedded store (`.kb/chroma-cache`), `.kb/cache` with `url`", ""),

    S("corpora.*", "description", str, None,
      "what the corpus holds; required; also one of the router's example texts", ""),
    S("corpora.*", "paths", list, None, "folders of Markdown files, or single files (taken whatever include and "
      "exclude say); required; two corpora may share a folder only when include or exclude splits it, and a file "
      "belongs to one corpus only", ""),
    S("corpora.*", "audience", str, "public", "default audience of its documents: public | internal", ""),
    S("corpora.*", "audience_key", str, "audience", "front-matter key whose value (public | internal) sets a "
      "page's audience; \"\" when the site uses `audience:` for something else (readers, personas)", ""),
    S("corpora.*", "public", list, [], "path globs made public (one without `/` matches a file name in any "
      "folder)", ""),
    S("corpora.*", "internal", list, [], "path globs made internal (checked before `public`)", ""),
    S("corpora.*", "include", list, ["*.md", "*.markdown", "*.mdx", "*.mdoc", "*.md.erb", "*.markerb"],
      "file name globs to ingest (a glob with `/` is refused: it could never match)", ""),
    S("corpora.*", "exclude", list, [], "path globs to skip, from the config's folder (one without `/` matches "
      "a file name in any folder); a file excluded later leaves the index; a glob that skips nothing is named", ""),
    S("corpora.*", "examples", list, [], "extra example questions of this side for the router", ""),
    S("corpora.*", "url_base", str, "", "public URL of the corpus folder: sources link there instead of the app's "
      "article view", ""),
    S("corpora.*", "max_chunks_per_file", int, None, "a file of this corpus that would make more chunks fails "
      "(overrides `chunking.max_chunks_per_file`)"),
    S("corpora.*", "front_matter_keys", list, list(FRONT_MATTER_KEYS), "front-matter keys (globs) indexed as text: "
      "a string is the page's lead-in, a list of sentences a list, a list of {title, content} items one section "
      "each; [] turns it off", ""),

    S("chunking", "max_tokens", int, 200, "word pieces per chunk, heading path included (model window: 256)"),
    S("chunking", "min_tokens", int, 24, "a smaller chunk joins a neighbour of its own section, or the next section "
      "when it is only a heading"),
    # The longest section of the bench and check corpora (626 files) makes 25 chunks; a manual kept in one file
    # makes thousands in short sections. 500 in one section is a log, a data dump or a flood of noise.
    S("chunking", "max_chunks_per_section", int, 500, "a file with a heading section that would make more chunks "
      "fails, with the section and its count"),
    S("chunking", "max_chunks_per_file", int, None, "a file that would make more chunks fails, with its count "
      "(none: no limit; `max_file_mb` bounds a file)"),
    S("chunking", "max_file_mb", float, 5.0, "a bigger file fails without being read"),

    S("retrieval", "top_k", int, 5, "files cited per answer from the joint ranking, each with up to `per_source` "
      "passages (an unshown side that answers on its own adds up to 5 more files); a ranking of fewer files "
      "(a manual in one file) gives its best `top_k` sections"),
    S("retrieval", "candidates", int, 100,
      "dense candidates per collection and BM25 candidates over both, before fusion (ranks fused this deep)"),
    S("retrieval", "rrf_k", int, 60, "reciprocal-rank fusion constant (the usual 60, not tuned)"),
    S("retrieval", "bm25_weight", float, 1.0, "weight of the BM25 ranking in the fusion (dense is 1.0; "
      "equal weights, not tuned)"),
    S("retrieval", "dense_pool", int, 15, "BM25 re-ranks only the dense ranking's first this many passages "
      "(0: all candidates)", "zero"),
    S("retrieval", "min_score", float, 0.35,
      "retired, ignored: citations are no longer cut by a similarity floor; see `answer_threshold`"),
    S("retrieval", "answer_threshold", float, 0.22, "answerability probability (app/answerability.py) below which "
      "the answer is \"nothing in the knowledge base answers this\""),
    S("retrieval", "per_source", int, 2, "at most this many cited passages from one file, besides any among the "
      "ranking's first `top_k`"),

    S("router", "both_margin", float, 0.0, "`both` when the support probability is within this of 0.5 (0: off)",
      "zero"),
    S("router", "part_margin", float, 0.45,
      "a thread's content counts against its bucket's side when this far from 0.5",
      "zero"),
    S("router", "additive_margin", float, 0.3,
      "the same when the message says \"also\", \"plus\", \"another question\"",
      "zero"),
    S("router", "both_strong", float, 0.55, "`both` when each collection's best passage is at least this good...",
      "zero"),
    S("router", "both_gap", float, 0.05, "...and they are within this of each other (in a message of two sentences or "
      "clauses)", "zero"),
    S("router", "weights", dict, {}, "override the router's fitted weights: intent, examples, evidence, "
      "bucket, bias", ""),
    S("router", "examples", dict, {}, "example questions per side (`service`, `support`), added to the shipped ones",
      ""),

    S("log", "path", str, ".kb/questions.sqlite", "question log for the insight dashboard", ""),
    S("log", "retention_days", int, 90, "questions older than this are deleted"),

    S("ui", "title", str, "Help center", "the app's title", ""),
    S("ui", "agent_pages", bool, False, "serve the agent console, owners and insight pages (needs an account: "
      "`kb agents add`)", ""),
    S("ui", "agents_file", str, ".kb/agents.json", "agent accounts (salted scrypt hashes), written by `kb agents add`",
      ""),
    S("ui", "session_hours", float, 12,
      "an agent's sign-in lasts this long (a signed cookie), across reloads and tabs"),
    S("ui", "secret_env", str, "KB_UI_SECRET", "environment variable holding the key that signs sign-in cookies", ""),
    S("ui", "suggested", list, [], "questions offered on the empty search page (default: the most asked answered)",
      ""),
    S("ui", "contact_url", str, None, "Contact support opens this URL; {question} and {message} are filled in", ""),
    S("ui", "contact_email", str, None, "or a mailto: to this address, pre-filled with the question and what was shown",
      ""),

    S("api", "keys_path", str, ".kb/api-keys.json", "API keys for `kb serve`, stored as SHA-256 hashes (mode 0600)",
      ""),
    # 600/min: a help desk shares one key across its agents; 16 KiB: a 2,000-character question is <= 8 KB UTF-8
    S("api", "rate_per_minute", int, 600, "requests per minute per API key; over it: 429 with Retry-After"),
    S("api", "max_request_bytes", int, 16384, "larger request bodies get 413"),
    S("api", "cors_origins", list, [], "browser origins allowed to call the API (a help-center widget)", ""),
    S("api", "log_questions", bool, False, "put the question text in the API's access log lines", ""),
    S("api", "mcp_audience", str, "agent", "audience of the `kb mcp` tools: agent | customer", ""),

    S("answer", "mode", str, "extractive", "extractive | llm: reword the answer with a model, checked", ""),
    S("answer", "base_url", str, None, "OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp server, OpenAI); "
      "required for llm", ""),
    S("answer", "model", str, None, "model name at that endpoint; required for llm", ""),
    S("answer", "api_key_env", str, None, "environment variable holding the endpoint's key (none: no key)", ""),
    S("answer", "timeout_s", float, 20.0, "no answer within this: the extractive answer is shown"),
    S("answer", "max_chars", int, 1200, "longer generated answers are rejected (a few cited sentences; not tuned)"),
]
del S

ROUTER_WEIGHTS = ("intent", "examples", "evidence", "bucket", "bias")
ROUTER_EXAMPLES = ("service", "support")


def tables() -> list[str]:
    return list(dict.fromkeys(s.table.split(".")[0] for s in SETTINGS))


def schema(table: str) -> dict[str, Setting]:
    """name -> Setting for one table ("corpora" gives the keys of each corpus)."""
    want = "corpora.*" if table == "corpora" else table
    return {s.name: s for s in SETTINGS if s.table == want}


def defaults(table: str) -> dict:
    return {name: s.default for name, s in schema(table).items() if s.default is not None and s.type in (int, float)}


def markdown_table() -> str:
    rows = ["| setting | type | default | what it does |", "|---|---|---|---|"]
    for s in SETTINGS:
        table = "corpora.<name>" if s.table == "corpora.*" else s.table
        default = "" if s.default is None else f"`{s.default!r}`".replace("'", '"')
        rows.append(f"| `{table}.{s.name}` | {s.type.__name__} | {default} | {s.help.replace('|', '&#124;')} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
