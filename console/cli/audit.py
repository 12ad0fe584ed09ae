"""`opsconsole audit`: who did what, when, to whom, with what result."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from console.cli.args import positive
from console.cli.client import UsageError
from console.directory import SiteDirectory
from console.directory.audit import find_audit, parse_since


def add_parser(commands: Any) -> None:
    p = commands.add_parser("audit", help="the audit trail: who did what, when, to whom, with what result")
    p.add_argument("--since", metavar="1h|ISO", help="only rows since a span ago (90s, 30m, 1h, 2d) or an ISO time")
    p.add_argument("--site", metavar="KEY", help="only actions on this target (a site key, wall:room, an operator)")
    p.add_argument("--actor", metavar="NAME", help="only actions by this operator (cli, hub, local, …)")
    p.add_argument("--limit", type=positive, default=1000, metavar="N", help="at most the last N rows (default 1000)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_audit)


def _audit(directory: SiteDirectory, args: argparse.Namespace) -> int:
    try:
        since = parse_since(args.since) if args.since else None
    except ValueError as exc:
        raise UsageError(f"--since: {exc}") from None
    rows = find_audit(directory, since, args.site, args.actor, args.limit)
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if not rows:
        print("no audit rows match", file=sys.stderr)
        return 0
    for row in rows:
        params = f" {json.dumps(row['params'], ensure_ascii=False)}" if row["params"] else ""
        print(f"{row['at'][:23].replace('T', ' ')}  {row['actor']:<12} {row['action']:<22} "
              f"{row['target']:<20} {row['result']}{params}")
    return 0
