"""`kb keys` and `kb agents`: the credentials of the HTTP API (audience-bound keys) and of the agent console
(accounts). Split from app/cli.py, which wires them in with `add_parsers`."""
from __future__ import annotations

import sys

from .cli_output import EXIT_BAD_INPUT, EXIT_OK
from .cli_output import print_json as _print_json


def cmd_keys(args) -> int:
    from app.api.keys import KeyStore
    from ingest.config import load_config
    store = KeyStore(load_config(args.config).keys_path)
    if args.keys_command == "create":
        key = store.create(args.name, args.audience)
        if args.json:
            _print_json({"name": args.name, "audience": args.audience, "key": key})
        else:
            print(f"{key}\n(key {args.name!r}, audience {args.audience}; shown once: only its hash is kept)")
    elif args.keys_command == "revoke":
        store.revoke(args.name)
        print(f"revoked {args.name!r}")
    else:
        rows = store.list()
        if args.json:
            _print_json(rows)
        for r in [] if args.json else rows:
            print(f"{r['name']:24} {r['audience']:9} created {r['created_at']}"
                  + (f"  REVOKED {r['revoked_at']}" if r["revoked_at"] else ""))
    return EXIT_OK


def cmd_agents(args) -> int:
    """Create or replace an agent account (the password comes from a prompt, or stdin when piped),
    remove one, or end its sessions; the last two take effect in running apps on the agent's next click."""
    import getpass

    from app.ui import auth
    from ingest.config import load_config
    config = load_config(args.config)
    try:
        if args.action == "remove":
            auth.remove_account(config, args.name)
            print(f"Agent {args.name} removed; their open sessions end now")
        elif args.action == "signout":
            auth.end_sessions(config, args.name)
            print(f"Agent {args.name} signed out everywhere")
        else:
            tty = sys.stdin.isatty()
            password = getpass.getpass(f"Password for {args.name}: ") if tty else sys.stdin.readline()
            path = auth.add_account(config, args.name, password.rstrip("\n"))
            print(f"Agent {args.name} saved in {path}")
    except auth.AccountError as e:
        print(f"kb agents: error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def add_parsers(sub, common) -> None:
    p = sub.add_parser("keys", help="create, revoke and list API keys")
    keys = p.add_subparsers(dest="keys_command", required=True)
    k = common(keys.add_parser("create", help="make a key bound to an audience; prints it once"))
    k.add_argument("name")
    k.add_argument("--audience", choices=["customer", "agent"], required=True)
    k.add_argument("--json", action="store_true", help='print {"name", "audience", "key"}')
    k = common(keys.add_parser("revoke", help="revoke a key (a running server refuses it at once)"))
    k.add_argument("name")
    k = common(keys.add_parser("list", help="names, audiences, created and revoked times (never the keys)"))
    k.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_keys)

    p = sub.add_parser("agents", help="agent accounts for the agent console")
    agents = p.add_subparsers(dest="action", required=True)
    for action, text in (("add", "create or replace an agent account (asks for the password; a new password "
                                  "ends the old sessions)"),
                         ("remove", "delete an agent account; its open sessions end"),
                         ("signout", "end every session of an agent (a lost laptop, a shared screen)")):
        p = common(agents.add_parser(action, help=text))
        p.add_argument("name")
        p.set_defaults(func=cmd_agents)
