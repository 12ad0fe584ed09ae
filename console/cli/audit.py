"""`opsconsole audit`: who did what, when, to whom, with what result."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from console.cli.args import positive
from console.cli.client import UsageError
from console.cli.sites import resolve_site
from console.directory import SiteDirectory, SiteLookupError
from console.directory.audit import find_audit, is_target, parse_since, site_names


def add_parser(commands: Any) -> None:
    p = commands.add_parser("audit", help="the audit trail: who did what, when, to whom, with what result")
    p.add_argument("--since", metavar="1h|ISO", help="only rows since a span ago (90s, 30m, 1h, 2d) or an ISO time")
    p.add_argument(
        "--site",
        metavar="SITE",
        help="only actions on this target: a site's key, GSO code or name "
        "(\"hoan kiem\"), or wall:room, an operator, hub",
    )
    p.add_argument("--actor", metavar="NAME", help="only actions by this operator (cli, hub, local, …)")
    p.add_argument("--limit", type=positive, default=1000, metavar="N", help="at most the last N rows (default 1000)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_audit)


def _audit(directory: SiteDirectory, args: argparse.Namespace) -> int:
    try:
        since = parse_since(args.since) if args.since else None
    except ValueError as exc:
        raise UsageError(f"--since: {exc}") from None
    target = _target(directory, args.site) if args.site else None
    rows = find_audit(directory, since, target, args.actor, args.limit)
    names = site_names(directory, rows)
    if args.json:
        json.dump(
            [{**row, "target_name": names.get(row["target"])} for row in rows], sys.stdout, ensure_ascii=False, indent=1
        )
        print()
        return 0
    if not rows:
        named = f" {_named(target, site_names(directory, [{'target': target, 'params': {}}]))}" if target else ""
        print(f"no audit rows match{named}", file=sys.stderr)
        return 0
    for row in rows:
        print(_line(row, names))
    return 0


def _target(directory: SiteDirectory, text: str) -> str:
    """What ``--site`` names: a target on record as typed, else a site by key, code or name
    (searched as the console's search does: accents and case do not matter)."""
    text = " ".join(text.split())
    if is_target(directory, text) or (":" in text and text.split(":", 1)[0] not in _SITE_LEVELS):
        return text
    try:
        return resolve_site(directory, text).key
    except SiteLookupError as error:
        several = "say which by key" in str(error) or "say which:" in str(error)
        hint = (
            ""
            if several
            else (
                "\n  (--site takes a site's key, GSO code or name, or another target "
                "on record: wall:room, an operator, hub)"
            )
        )
        raise SiteLookupError(f"--site: {error}{hint}") from None


_SITE_LEVELS = ("commune", "district", "province")


def _line(row: dict[str, Any], names: dict[str, str]) -> str:
    params = dict(row["params"])
    detail = _hub_detail(row, params)
    if isinstance(params.get("site"), str) and params["site"] in names:
        params["site"] = _named(params["site"], names)
    shown = f" {json.dumps(params, ensure_ascii=False)}" if params else ""
    return (
        f"{row['at'][:23].replace('T', ' ')}  {row['actor']:<12} {row['action']:<22} "
        f"{_named(row['target'], names):<20} {row['result']}{detail}{shown}"
    )


def _hub_detail(row: dict[str, Any], params: dict[str, Any]) -> str:
    """The hub's own rows read as sentences (their params are said here, not repeated)."""
    if row["actor"] != "hub" or row["target"] != "hub":
        return ""
    if row["action"] == "hub_lost" and "last_alive" in params:
        said = (
            f"; last known alive {_when(params.pop('last_alive'))}"
            f" (it had started {_when(params.pop('started_at', ''))})"
        )
        return said
    if row["action"] == "hub_start" and "url" in params:
        return f"; listening on {params.pop('url')}"
    return ""


def _when(at: str) -> str:
    return at[:23].replace("T", " ") if at else "?"


def _named(key: str, names: dict[str, str]) -> str:
    return f"{key} {names[key]}" if key in names else key
