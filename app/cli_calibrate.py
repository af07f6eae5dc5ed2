"""`kb calibrate`: the answered / declined trade-off of `retrieval.answer_threshold` on questions the owners
of this knowledge base labelled (app/threshold.py). Split from app/cli.py, which wires it in with `add_parser`."""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from . import threshold
from .cli_output import EXIT_BAD_INPUT, EXIT_OK, jsonl_item
from .cli_output import print_json as _print_json


def cmd_calibrate(args) -> int:
    from app.engine import KnowledgeBase, QuestionError
    try:
        text = sys.stdin.read() if args.questions == "-" else Path(args.questions).read_text(encoding="utf-8")
        items = [(n, jsonl_item(line, n)) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        kb = KnowledgeBase(args.config)
        answerable, unanswerable = threshold.measure(_asker(kb), items)
        suggested = threshold.suggest(answerable, unanswerable, args.answered)
    except (OSError, UnicodeDecodeError, QuestionError, threshold.CalibrationError) as e:
        print(f"kb calibrate: error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    current = kb.settings["answer_threshold"]
    rows = threshold.table(answerable, unanswerable, current, suggested)
    if args.json:
        _print_json({"answerable": len(answerable), "unanswerable": len(unanswerable), "current": current,
                     "suggested": vars(suggested), "rows": [vars(r) for r in rows]})
    else:
        print(_text(rows, current, suggested, len(answerable), len(unanswerable), args.answered))
    return EXIT_OK


def uncalibrated_note(config_file: Path, threshold_now: float) -> str | None:
    """A line for `kb status` while the config leaves `retrieval.answer_threshold` at its default: fitted on the
    bench corpora, it declined 1 to 3 of 5-6 unanswerable questions on four unseen doc sites (stop 28), and the
    testers did not know `kb calibrate` was there to fit it."""
    try:
        raw = tomllib.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    if "answer_threshold" in raw.get("retrieval", {}):
        return None
    return (f"answer threshold {threshold_now:g}: the default, not fitted to this knowledge base; `kb calibrate "
            "QUESTIONS.jsonl` suggests one from 10+ answerable and 10+ unanswerable questions of yours")


def _asker(kb):
    """kb.ask without generated answers; a question it refuses raises CalibrationError (measure adds the line)."""
    from app.engine import QuestionError

    def ask(query: str, audience: str) -> dict:
        try:
            return kb.ask(query, audience, generate=False)
        except QuestionError as e:
            raise threshold.CalibrationError(f"{query!r}: {e}") from None
    return ask


def _text(rows: list[threshold.Cut], current: float, suggested: threshold.Cut, n_yes: int, n_no: int,
          share: float) -> str:
    lines = [f"{'answer_threshold':>16}  {f'answered (of {n_yes})':>16} {f'declined (of {n_no})':>16}"]
    for r in rows:
        mark = "  <- current" if r.threshold == current else ""
        mark += "  <- suggested" if r.threshold == suggested.threshold else ""
        lines.append(f"{r.threshold:>16.3f}  {r.answered:>16.3f} {r.declined:>16.3f}{mark}")
    lines.append(f"\nSuggested (answers at least {share:.2f} of the answerable questions), in config.toml:\n"
                 f"[retrieval]\nanswer_threshold = {suggested.threshold:.3f}")
    return "\n".join(lines)


def add_parser(sub, common) -> None:
    p = common(sub.add_parser("calibrate", help="choose retrieval.answer_threshold on your own labelled questions"))
    p.add_argument("questions", help='JSON lines, one {"query": ..., "answerable": true|false} each ("-": stdin)')
    p.add_argument("--answered", type=float, default=0.95,
                   help="share of the answerable questions the suggested threshold must answer (default 0.95)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_calibrate)
