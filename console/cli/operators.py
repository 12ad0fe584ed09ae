"""`opsconsole operators ...`: who may operate the hub from a console."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from console.directory import SiteDirectory, credentials


def add_parser(subparsers: Any) -> None:
    operators = subparsers.add_parser("operators", help="operator tokens for consoles")
    verbs = operators.add_subparsers(dest="verb", required=True, metavar="VERB")
    p = verbs.add_parser("issue-token", help="a new token for an operator (shown once)")
    p.add_argument("name")
    p.add_argument(
        "--role",
        choices=credentials.ROLES,
        default="operator",
        help="viewer: watches; presenter: also drives the room wall and talks; operator: also "
        "moderates; admin: also issues and revokes tokens through the hub (default operator)",
    )
    p.set_defaults(run=_issue)
    p = verbs.add_parser("revoke-token", help="the operator's token stops working")
    p.add_argument("name")
    p.set_defaults(run=_revoke)


def _issue(directory: SiteDirectory, args: argparse.Namespace) -> int:
    try:
        token = credentials.issue_operator_token(directory, args.name, role=args.role)
    except ValueError as exc:
        print(f"opsconsole: error: {exc}", file=sys.stderr)
        return 2
    print(f"token for operator {args.name!r}, role {args.role} (shown once):", file=sys.stderr)
    print(token)
    return 0


def _revoke(directory: SiteDirectory, args: argparse.Namespace) -> int:
    if credentials.revoke_operator_token(directory, args.name):
        print(f"revoked the token of operator {args.name!r}")
        return 0
    print(f"opsconsole: error: no operator {args.name!r} with a token", file=sys.stderr)
    return 1
