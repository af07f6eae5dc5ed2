"""`kb`: ingest, ask, route, status, app, serve, mcp, calibrate, keys, agents. Thin: every command calls the
engine or the pipeline.

Exit codes: 0 ok; 1 ingest finished but some files failed; 2 bad input (config, question, usage);
3 no index or store unreachable. Heavy modules are imported inside the commands so `kb --help` is instant.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import cli_calibrate as calibrate
from . import cli_credentials as credentials
from .cli_output import (
    EXIT_BAD_INPUT,
    EXIT_FAILED_FILES,
    EXIT_NO_INDEX,
    EXIT_OK,
    broken_link_line,
    human_result,
    jsonl_item,
    note_printer,
    progress_bar,
    summary_text,
)
from .cli_output import print_json as _print_json


def _ingest(kb, args) -> dict:
    progress, bars = (None, None) if args.json else progress_bar()
    summary = kb.ingest(progress=progress, note=note_printer(bars))
    for bar in (bars or {}).values():
        bar.close()
    return summary


def _report(summary: dict, args) -> int:
    print(json.dumps(summary) if args.json else summary_text(summary), flush=True)
    return EXIT_OK if summary["ok"] else EXIT_FAILED_FILES


def cmd_ingest(args) -> int:
    kb = _kb(args)                       # through the engine: it stores the router calibration afterwards
    status = _report(_ingest(kb, args), args)
    if not args.watch:
        return status
    from app.watch import watch
    folders = ", ".join(kb.config.rel(p) for c in kb.config.corpora.values() for p in c.roots)

    def ready() -> None:
        print(f"kb ingest: watching {folders} for changes (Ctrl-C stops)", file=sys.stderr, flush=True)

    def run(changed: list[str]) -> None:
        print(f"kb ingest: changed: {', '.join(changed)}", file=sys.stderr, flush=True)
        try:
            summary = _ingest(kb, args)
        except KeyboardInterrupt:
            raise _StoppedMidIngest from None
        # printed outside the try: a Ctrl-C sent on seeing the summary is a stop between ingests (CI saw exit
        # 130 when the signal landed between the summary's print and the end of the try)
        _report(summary, args)
    try:
        watch(kb.config, run, ready)
    except _StoppedMidIngest:           # each file is switched atomically: the next run finishes the rest
        print("kb ingest: stopped during an ingest; the next run picks up where it left", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        # Ctrl-C between ingests, outside the watcher's wait (just after an ingest printed its summary): a clean
        # stop. It exited 130 as if mid-ingest (seen in CI on a loaded machine: SIGINT right after the summary).
        pass
    print("kb ingest: stopped watching", file=sys.stderr)
    return EXIT_OK


class _StoppedMidIngest(Exception):
    """Ctrl-C arrived while an ingest ran (KeyboardInterrupt elsewhere is a stop between ingests)."""


def _kb(args):
    from app.engine import KnowledgeBase
    return KnowledgeBase(args.config)


def _jsonl(args, handle) -> int:
    """One JSON object per stdin line in, one result per line out; the model loads once."""
    from app.engine import NoIndexError, QuestionError
    kb, status = _kb(args), EXIT_OK
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        item = None                     # a line that is not JSON must not report the previous line's query
        try:
            item = jsonl_item(line, number)
            _print_json(handle(kb, item))
        except NoIndexError:
            raise
        except QuestionError as e:
            _print_json({"query": item.get("query") if isinstance(item, dict) else None, "error": str(e)})
            status = EXIT_BAD_INPUT
    return status


def cmd_ask(args) -> int:
    if args.jsonl:
        return _jsonl(args, lambda kb, item: kb.ask(item["query"], item.get("audience") or args.audience))
    if args.question is None:           # "" or "  " go on to the engine: "the question is empty", exit 2
        print("kb ask: error: give a QUESTION or --jsonl", file=sys.stderr)
        return EXIT_BAD_INPUT
    result = _kb(args).ask(args.question, args.audience)
    print(json.dumps(result, ensure_ascii=False) if args.json else human_result(result))
    return EXIT_OK


def cmd_route(args) -> int:
    if args.jsonl:
        return _jsonl(args, lambda kb, item: kb.route(item["query"], item.get("audience") or args.audience))
    if args.question is None:           # "" or "  " go on to the engine: "the question is empty", exit 2
        print("kb route: error: give a QUESTION or --jsonl", file=sys.stderr)
        return EXIT_BAD_INPUT
    result = _kb(args).route(args.question, args.audience)
    r = result["route"]
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{r['label']} ({r['confidence']:.2f}) [{r['bucket']}] - {r['reason']}")
        if len(result["parts"]) > 1:
            for part in result["parts"]:
                print(f"  thread: {part['bucket']} -> {part['label']} ({part['confidence']:.2f}): {part['text']}")
    return EXIT_OK


def cmd_status(args) -> int:
    kb = _kb(args)
    status = kb.status()
    if args.json:
        print(json.dumps(status))
    else:
        for name, s in status.items():
            skipped, broken = s["summary"].get("skipped", []), s["summary"].get("broken_links", [])
            print(f"{name}: {s['files']} files, {s['chunks']} chunks, last ingest {s['last_ingest'] or 'never'}, "
                  f"{len(s['failed'])} failed, {len(skipped)} skipped, {len(broken)} broken links")
            for f in s["failed"]:
                print(f"  FAILED {f['path']}: {f['reason']}")
            for f in skipped:
                print(f"  SKIPPED {f['path']}: {f['reason']}")
            for f in broken:
                print(f"  {broken_link_line(f)}")
        if any(s["files"] for s in status.values()) and not any(s["public_files"] for s in status.values()):
            # GOV.UK's developer docs, internal throughout: 36 of 36 customer questions found nothing, unexplained
            print("no public page: a customer's question (the default --audience) finds nothing; "
                  "agents see every page (--audience agent)")
        note = calibrate.uncalibrated_note(kb.config.file, kb.settings["answer_threshold"])
        if note:
            print(note)
    return EXIT_OK


def cmd_app(args) -> int:
    from ingest.config import load_config
    config = load_config(args.config)           # fail here, with the config's own message
    ui = Path(__file__).parent / "ui" / "main.py"
    env = {**os.environ, "KB_CONFIG": str(config.file)}
    # app.ui.serve is `streamlit run` plus loading the model and index while the server starts
    cmd = [sys.executable, "-m", "app.ui.serve", "run", str(ui), "--server.headless", "true",
           "--server.address", args.host, "--server.port", str(args.port), "--browser.gatherUsageStats", "false",
           "--client.toolbarMode", "minimal"]     # no Deploy button or developer menu for customers
    print(f"Serving the knowledge base on http://{args.host}:{args.port}/", file=sys.stderr)
    sys.stderr.flush()
    # Become Streamlit rather than wait for it: a signal to `kb app` then stops the server itself
    # (a child process would outlive a killed parent).
    os.execve(sys.executable, cmd, env)
    return EXIT_OK  # not reached


def cmd_serve(args) -> int:
    from app.api.serve import serve
    serve(args.config, args.host, args.port)
    return EXIT_OK


def cmd_mcp(args) -> int:
    from app.api.mcp import run
    run(args.config)

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kb", description="Customer-operations knowledge base.")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="log what happens on stderr (-v: decisions such as removed files and re-opened "
                             "clients, -vv: debug)")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--config", default=None, help="config file (default: ./config.toml or $KB_CONFIG)")
        return p

    p = common(sub.add_parser("ingest", help="index the corpora incrementally"))
    p.add_argument("--json", action="store_true", help="machine-readable summary")
    p.add_argument("--watch", action="store_true",
                   help="after ingesting, ingest again whenever a Markdown file under a corpus changes (Ctrl-C stops)")
    p.set_defaults(func=cmd_ingest)

    p = common(sub.add_parser("ask", help="answer a question with citations"))
    p.add_argument("question", nargs="?")
    p.add_argument("--audience", choices=["customer", "agent"], default="customer")
    p.add_argument("--json", action="store_true")
    p.add_argument("--jsonl", action="store_true", help="read JSON lines from stdin, write one result per line")
    p.set_defaults(func=cmd_ask)

    p = common(sub.add_parser("route", help="show the routing decision only"))
    p.add_argument("question", nargs="?")
    p.add_argument("--audience", choices=["customer", "agent"], default="customer",
                   help="whose view of the knowledge base the evidence is read from, as kb ask")
    p.add_argument("--json", action="store_true")
    p.add_argument("--jsonl", action="store_true", help="read JSON lines from stdin, write one result per line")
    p.set_defaults(func=cmd_route)

    p = common(sub.add_parser("status", help="what is indexed, last ingest, failed files"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = common(sub.add_parser("app", help="start the Streamlit UI"))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8501)
    p.set_defaults(func=cmd_app)

    p = common(sub.add_parser("serve", help="start the HTTP API (keys: `kb keys`)"))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = common(sub.add_parser("mcp", help="serve the `search` and `ask` tools over MCP (stdio)"))
    p.set_defaults(func=cmd_mcp)

    calibrate.add_parser(sub, common)
    credentials.add_parsers(sub, common)
    return parser


def _logging(verbose: int) -> None:
    """Our own loggers (app.*, ingest.*) at the chosen level; third-party ones only at warnings."""
    import logging
    if not verbose:
        return
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s: %(message)s")
    for name in ("app", "ingest"):
        logging.getLogger(name).setLevel(logging.DEBUG if verbose > 1 else logging.INFO)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _logging(args.verbose)
    from app.api.keys import KeyStoreError
    from app.engine import NoIndexError, QuestionError
    from ingest.config import ConfigError
    from ingest.store import StoreError
    try:
        return args.func(args)
    except (ConfigError, QuestionError, KeyStoreError) as e:
        print(f"kb: error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (NoIndexError, StoreError) as e:
        print(f"kb: error: {e}", file=sys.stderr)
        return EXIT_NO_INDEX
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:             # `kb ask ... | head`: the reader left; stop quietly, as other tools do
        sys.stderr.close()              # nothing more to say, and Python's flush at exit must not raise again
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
