"""Commands of the access layer: `users` (embedded accounts), `run` (the dashboard with its
login, as `make run` does), `idp` (the embedded provider alone, for a multi-process set-up) and
`audit` (read, export and prune the audit log). Registered by `analytics.cli.parser`."""
from __future__ import annotations

import argparse
import getpass
import signal
import sys
import threading
from datetime import date
from pathlib import Path

from analytics.access.identity import DEFAULT_SESSION_MINUTES


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _users(args: argparse.Namespace) -> int:
    from analytics.access import admin
    from analytics.access.accounts import AccountError, AccountStore
    from analytics.access.scope import Scope

    store, nation = AccountStore(), Scope.nation()
    try:
        if args.action == "list":
            for a in store.all():
                state = "disabled" if a.disabled else "active"
                print(f"{a.username:<20} {','.join(a.roles):<22} {','.join(a.scope):<16} {state:<9} {a.name}")
            if not store.exists():
                print("(no accounts yet: `make run` creates the first admin)")
            return 0
        if not args.username:
            raise AccountError("name the account: users ACTION USERNAME")
        if args.action == "add":
            password = admin.add(store, _actor(), nation, args.username, args.name or args.username,
                                 args.role or ["viewer"], args.scope or "", source="cli")
            print(f"Account {args.username} created. Password (shown only now): {password}")
        elif args.action == "change":
            account = store.get(args.username)
            if account is None:
                raise AccountError(f"no account {args.username!r}")
            admin.change(store, _actor(), nation, args.username, args.role or account.roles,
                         args.scope or account.scope, source="cli")
            print(f"Account {args.username} changed; its open sessions end.")
        elif args.action in ("disable", "enable"):
            admin.set_disabled(store, _actor(), nation, args.username, args.action == "disable", source="cli")
            print(f"Account {args.username} {args.action}d.")
        elif args.action == "reset-password":
            password = admin.reset_password(store, _actor(), nation, args.username, source="cli")
            print(f"New password for {args.username} (shown only now): {password}")
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _run(args: argparse.Namespace) -> int:
    from analytics.access.provider import ProviderError
    from analytics.access.stack import run

    try:
        return run(port=args.port, idp_port=args.idp_port, session_minutes=args.session_minutes)
    except ProviderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _idp(args: argparse.Namespace) -> int:
    from analytics.access.provider import EmbeddedProvider, ProviderError, ensure_installed

    try:
        ensure_installed()
        if args.action == "install":
            print("The embedded provider's npm packages are installed (identity/node_modules).")
            return 0
        provider = EmbeddedProvider(args.app_url, port=args.port, session_minutes=args.session_minutes,
                                    proxy=args.proxy, issuer=args.issuer)
        secrets_file = provider.streamlit_secrets(args.app_url[0])
        provider.start()
    except ProviderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print(f"Embedded OpenID provider at {provider.issuer} for {', '.join(args.app_url)}.\n"
          f"Start each dashboard with: streamlit run dashboard.py --secrets.files {secrets_file}", flush=True)
    try:
        while not done.wait(0.5) and provider.process and provider.process.poll() is None:
            pass
    except KeyboardInterrupt:
        pass
    finally:
        provider.stop()
    return 0


def _audit(args: argparse.Namespace) -> int:
    from analytics.access import audit

    if args.action == "prune":
        removed = audit.prune(args.keep_days, Path(args.archive) if args.archive else None, actor=_actor())
        print(f"Removed {removed} audit events older than {args.keep_days} days"
              + (f" (archived to {args.archive})" if args.archive and removed else "") + ".")
        return 0
    query = audit.Query(actor=args.user, actions=tuple(args.action_name or ()), region=args.region,
                        start=date.fromisoformat(args.since) if args.since else None, limit=args.limit)
    rows = audit.events(query)
    if args.action == "export":
        Path(args.out).write_text(audit.csv_text(rows), encoding="utf-8")
        print(f"Wrote {len(rows)} events to {args.out}")
        return 0
    for r in rows:
        print(f"{r['at']}  {r['actor'] or '-':<16} {r['action']:<16} {r['page'] or '':<14} {r['region'] or '':<8} "
              f"{r['source']:<9} {r['detail'] or ''}")
    return 0


def register(command) -> None:
    """Add the commands through `analytics.cli`'s `command(name, help, handler)` helper."""
    users = command("users", "Accounts of the embedded login: add, list, change, disable, enable, reset-password.",
                    _users)
    users.add_argument("action", choices=["add", "list", "change", "disable", "enable", "reset-password"])
    users.add_argument("username", nargs="?", help="the account (lowercase: budi.santoso)")
    users.add_argument("--role", action="append", choices=["pusat", "viewer", "analyst", "operator", "admin"],
                       help="a role (repeat for several); default viewer")
    users.add_argument("--scope", help="00 (the nation), province codes (72) or regency codes (72.01), comma-separated")
    users.add_argument("--name", help="the person's full name")
    run = command("run", "Start the dashboard with its login provider (what `make run` does); Ctrl-C stops both.",
                  _run)
    run.add_argument("--port", type=int, default=8501)
    run.add_argument("--idp-port", type=int, default=8502, help="the embedded provider's port (on 127.0.0.1)")
    run.add_argument("--session-minutes", type=int, default=DEFAULT_SESSION_MINUTES, help="how long a login lasts")
    idp = command("idp", "The embedded OpenID provider alone (several dashboards behind a proxy), or install it.",
                  _idp)
    idp.add_argument("action", choices=["run", "install"])
    idp.add_argument("--app-url", action="append", default=[],
                     help="the dashboard's public URL (repeat for several); the first one goes in the secrets file")
    idp.add_argument("--port", type=int, default=8502)
    idp.add_argument("--issuer", help="the provider's public URL when a proxy serves it (default http://127.0.0.1:PORT)")
    idp.add_argument("--proxy", action="store_true", help="trust X-Forwarded-* headers (behind an HTTPS proxy)")
    idp.add_argument("--session-minutes", type=int, default=DEFAULT_SESSION_MINUTES)
    aud = command("audit", "The audit log: list or export events, prune those past the retention period.", _audit)
    aud.add_argument("action", choices=["list", "export", "prune"])
    aud.add_argument("--user", help="only this account")
    aud.add_argument("--action-name", action="append", help="only this action (repeat for several)")
    aud.add_argument("--region", help="only this region and what lies inside it")
    aud.add_argument("--since", help="YYYY-MM-DD")
    aud.add_argument("--limit", type=int, default=200)
    aud.add_argument("--out", help="export: the CSV file to write")
    aud.add_argument("--keep-days", type=int, default=730, help="prune: keep this many days (default 730)")
    aud.add_argument("--archive", help="prune: write the removed events to this CSV first")
